-- PostgreSQL read model of the query side, rebuilt from events by the "documents" processing group.
CREATE TABLE documents (
    id                       VARCHAR(64)  PRIMARY KEY,
    title                    VARCHAR(200) NOT NULL,
    content                  TEXT         NOT NULL,
    tags                     TEXT[]       NOT NULL DEFAULT '{}',
    status                   VARCHAR(16)  NOT NULL,
    version                  BIGINT       NOT NULL,
    owner                    VARCHAR(255) NOT NULL,
    created_at               TIMESTAMPTZ  NOT NULL,
    updated_at               TIMESTAMPTZ  NOT NULL,
    latest_published_version INT,
    deleted                  BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX documents_recent_idx ON documents (updated_at DESC, id) WHERE NOT deleted;
CREATE INDEX documents_tags_idx ON documents USING GIN (tags);

-- Everyone with a role on a document, the owner included (role 'owner').
CREATE TABLE document_members (
    document_id VARCHAR(64)  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    user_id     VARCHAR(255) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    PRIMARY KEY (document_id, user_id)
);
CREATE INDEX document_members_user_idx ON document_members (user_id, document_id);

CREATE TABLE published_versions (
    document_id       VARCHAR(64)  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    published_version INT          NOT NULL,
    document_version  BIGINT       NOT NULL,
    title             VARCHAR(200) NOT NULL,
    content           TEXT         NOT NULL,
    published_at      TIMESTAMPTZ  NOT NULL,
    published_by      VARCHAR(255) NOT NULL,
    PRIMARY KEY (document_id, published_version)
);

CREATE TABLE document_history (
    document_id VARCHAR(64)  NOT NULL,
    version     BIGINT       NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    actor       VARCHAR(255) NOT NULL,
    at          TIMESTAMPTZ  NOT NULL,
    summary     TEXT         NOT NULL,
    PRIMARY KEY (document_id, version)
);

-- Axon tracking tokens of the query side's processors (token is BYTEA, never an OID large object).
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
