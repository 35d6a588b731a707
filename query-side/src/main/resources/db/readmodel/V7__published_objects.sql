-- A published version of a large document, stored once more as one whole immutable object in the blob store
-- (key from the content's SHA-256), written by the "published-objects" processor.
CREATE TABLE published_objects (
    document_id       VARCHAR(64) NOT NULL,
    published_version INT         NOT NULL,
    sha256            VARCHAR(64) NOT NULL,
    size              BIGINT      NOT NULL,
    PRIMARY KEY (document_id, published_version)
);
