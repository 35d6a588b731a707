-- With an audit archive configured, history older than a window is pruned from PostgreSQL by time.
CREATE INDEX document_history_at_idx ON document_history (at);
