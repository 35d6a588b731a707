-- Envelope encryption of personal and content-bearing event fields: one AES-256 data key per data subject
-- (a document, a user), wrapped by a master key from configuration. Erasing a subject deletes its row
-- (crypto-shredding). key_id is random and is all that ciphertext names, never the subject.
CREATE TABLE subject_key (
    key_id        UUID         NOT NULL,
    subject_type  VARCHAR(16)  NOT NULL,
    subject_id    VARCHAR(255) NOT NULL,
    master_key_id VARCHAR(64)  NOT NULL,
    wrapped_key   BYTEA        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT subject_key_pk PRIMARY KEY (key_id),
    CONSTRAINT subject_key_subject_uk UNIQUE (subject_type, subject_id)
);
CREATE INDEX subject_key_master_key_idx ON subject_key (master_key_id);
