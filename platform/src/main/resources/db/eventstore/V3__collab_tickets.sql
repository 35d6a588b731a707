-- Single-use tickets with which a browser opens the live collaboration WebSocket (it cannot send an Authorization
-- header there). Only the SHA-256 of a ticket is kept; a ticket is deleted when used, and expired ones on each issue.
CREATE TABLE collab_ticket (
    ticket_sha256 CHAR(64) PRIMARY KEY,
    user_id       TEXT NOT NULL,
    roles         TEXT NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX collab_ticket_expiry ON collab_ticket (expires_at);
