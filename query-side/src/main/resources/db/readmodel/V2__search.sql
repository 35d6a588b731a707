-- Who lost access to which document: searches exclude these even while a search index still lags behind.
-- A row lives only while the user has no role on the document (a new grant deletes it).
CREATE TABLE member_revocations (
    document_id VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(255) NOT NULL,
    revoked_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (user_id, document_id)
);

-- The PostgreSQL full-text search adapter (local default). Fed by the "search" processing group.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE search_documents (
    id         VARCHAR(64)  PRIMARY KEY,
    title      VARCHAR(200) NOT NULL,
    content    TEXT         NOT NULL,
    tags       TEXT[]       NOT NULL DEFAULT '{}',
    status     VARCHAR(16)  NOT NULL,
    owner      VARCHAR(255) NOT NULL,
    viewers    TEXT[]       NOT NULL DEFAULT '{}',
    updated_at TIMESTAMPTZ  NOT NULL,
    version    BIGINT       NOT NULL,
    document   TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', content), 'B')) STORED
);
CREATE INDEX search_documents_document_idx ON search_documents USING GIN (document);
CREATE INDEX search_documents_viewers_idx ON search_documents USING GIN (viewers);
CREATE INDEX search_documents_tags_idx ON search_documents USING GIN (tags);

-- Every stemmed word seen, so a misspelt query word can be corrected to words that exist (typo tolerance):
-- the trigram index finds the nearest candidates, Levenshtein distance decides.
CREATE TABLE search_lexemes (
    word TEXT PRIMARY KEY
);
CREATE INDEX search_lexemes_trgm_idx ON search_lexemes USING GIST (word gist_trgm_ops);
