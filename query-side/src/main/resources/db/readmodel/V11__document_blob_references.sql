-- Large contents are stored per document now (documents/<id>/chunks/<sha256>, encrypted under the document's key),
-- so a reference names the document whose key space holds the chunk: the blob sweep checks a document's chunk
-- against that document's references, and an erasure can drop a document's references. Rows from before name no
-- document (''): they keep blobs of the shared layout (sha256/...) and, being unknown, any document's copy too.
ALTER TABLE blob_references ADD COLUMN document_id VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE blob_references DROP CONSTRAINT blob_references_pkey;
ALTER TABLE blob_references ADD CONSTRAINT blob_references_pkey PRIMARY KEY (sha256, document_id);
CREATE INDEX blob_references_document_idx ON blob_references (document_id);
