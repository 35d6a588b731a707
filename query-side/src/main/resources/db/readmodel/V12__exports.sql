-- Compliance exports (dev.sandstone.query.exports): one row per export, written by the API (queued) and the
-- "exports" processor (running, progress, completed or failed); the archive itself lives in the blob store.
-- requested_by and subject_user are user ids (personal data).
CREATE TABLE exports (
    id             VARCHAR(64)  PRIMARY KEY,
    type           VARCHAR(32)  NOT NULL,
    requested_by   VARCHAR(255) NOT NULL,
    subject_user   VARCHAR(255),
    document_id    VARCHAR(64),
    from_at        TIMESTAMPTZ,
    to_at          TIMESTAMPTZ,
    status         VARCHAR(16)  NOT NULL,
    progress       INTEGER      NOT NULL DEFAULT 0,
    records        BIGINT       NOT NULL DEFAULT 0,
    attempts       INTEGER      NOT NULL DEFAULT 0,
    requested_at   TIMESTAMPTZ  NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    archive_key    VARCHAR(512),
    archive_size   BIGINT,
    archive_sha256 CHAR(64),
    error          TEXT,
    CONSTRAINT exports_status_ck CHECK (status IN ('queued', 'running', 'completed', 'failed', 'expired', 'erased'))
);
CREATE INDEX exports_retention_idx ON exports (status, finished_at);
CREATE INDEX exports_subject_user_idx ON exports (subject_user);

