-- Audit records in PostgreSQL (the local default keeps all of them here). One immutable row per event,
-- chained per document: hash = SHA-256(canonical content + previous_hash).
CREATE TABLE audit_records (
    event_id      VARCHAR(255) PRIMARY KEY,
    document_id   VARCHAR(64)  NOT NULL,
    version       BIGINT       NOT NULL,
    type          VARCHAR(32)  NOT NULL,
    actor         VARCHAR(255) NOT NULL,
    at            TIMESTAMPTZ  NOT NULL,
    trace_id      VARCHAR(255),
    summary       TEXT         NOT NULL,
    hash          CHAR(64)     NOT NULL,
    previous_hash VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_records_document_version_uk UNIQUE (document_id, version)
);
CREATE INDEX audit_records_actor_idx ON audit_records (actor, at);
CREATE INDEX audit_records_type_idx ON audit_records (type, at);
CREATE INDEX audit_records_at_idx ON audit_records (at);
