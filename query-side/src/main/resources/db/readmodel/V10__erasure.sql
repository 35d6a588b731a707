-- Right to erasure. Audit records seal their personal fields (actor, summary) with HMACs under the subjects' keys and
-- chain over erasure-stable fields, so anonymising them keeps every chain valid (records before this migration have
-- no seals and do not verify).
ALTER TABLE audit_records
    ADD COLUMN actor_seal   VARCHAR(64),
    ADD COLUMN summary_seal VARCHAR(64);

-- Erasure jobs and their certificates. subject_id holds a user's id only while the erasure runs.
CREATE TABLE erasures (
    id                 UUID         PRIMARY KEY,
    subject_type       VARCHAR(16)  NOT NULL,
    subject_id         VARCHAR(255) NOT NULL,
    requested_by       VARCHAR(255) NOT NULL,
    requested_at       TIMESTAMPTZ  NOT NULL,
    position           BIGINT       NOT NULL,
    claimed_until      TIMESTAMPTZ,
    key_destroyed_at   TIMESTAMPTZ,
    completed_at       TIMESTAMPTZ,
    certificate        TEXT,
    certificate_sha256 VARCHAR(64)
);
CREATE INDEX erasures_pending_idx ON erasures (requested_at) WHERE completed_at IS NULL;
CREATE UNIQUE INDEX erasures_document_uk ON erasures (subject_id) WHERE subject_type = 'document';

CREATE TABLE erasure_steps (
    erasure_id   UUID         NOT NULL REFERENCES erasures (id),
    store        VARCHAR(64)  NOT NULL,
    erased       BIGINT       NOT NULL DEFAULT 0,
    detail       TEXT,
    completed_at TIMESTAMPTZ,
    error        TEXT,
    PRIMARY KEY (erasure_id, store)
);
