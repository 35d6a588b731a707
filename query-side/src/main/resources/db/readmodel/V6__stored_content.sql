-- Large documents keep their content in the blob store as chunks (the claim check); the read model keeps the
-- chunk list (JSON array of {"sha256","size"}) with the whole content's size and SHA-256, and content = ''.
ALTER TABLE documents
    ADD COLUMN content_chunks JSONB,
    ADD COLUMN content_size   BIGINT,
    ADD COLUMN content_sha256 VARCHAR(64);
ALTER TABLE published_versions
    ADD COLUMN content_chunks JSONB,
    ADD COLUMN content_size   BIGINT,
    ADD COLUMN content_sha256 VARCHAR(64);

-- Every chunk any event refers to, so the blob sweep deletes only blobs that nothing refers to.
CREATE TABLE blob_references (
    sha256     VARCHAR(64) PRIMARY KEY,
    first_seen TIMESTAMPTZ NOT NULL
);
