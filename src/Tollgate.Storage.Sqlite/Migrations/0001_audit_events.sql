-- Audit events: append-only, hash-chained per tenant. The document column holds the canonical JSON that was
-- hashed; the typed columns are copies of its members for filtering (verify checks that they still agree).
CREATE TABLE audit_events (
    tenant_id       TEXT    NOT NULL,
    sequence        INTEGER NOT NULL,
    id              BLOB    NOT NULL,
    timestamp       INTEGER NOT NULL, -- unix microseconds, UTC
    received_at     INTEGER NOT NULL, -- unix microseconds, UTC
    user_id         TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    src_service     TEXT    NOT NULL,
    target          TEXT,
    request_id      TEXT,
    trace_id        TEXT,
    amends          BLOB,
    idempotency_key TEXT,
    request_digest  BLOB,
    document        BLOB    NOT NULL,
    hash            BLOB    NOT NULL
);

CREATE UNIQUE INDEX ux_audit_events_sequence ON audit_events (tenant_id, sequence);
CREATE UNIQUE INDEX ux_audit_events_id ON audit_events (tenant_id, id);
CREATE INDEX ix_audit_events_timestamp ON audit_events (tenant_id, timestamp, sequence);
CREATE INDEX ix_audit_events_user ON audit_events (tenant_id, user_id, timestamp, sequence);
CREATE UNIQUE INDEX ux_audit_events_idempotency ON audit_events (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_audit_events_trace ON audit_events (tenant_id, trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX ix_audit_events_request ON audit_events (tenant_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX ix_audit_events_amends ON audit_events (tenant_id, amends) WHERE amends IS NOT NULL;

-- What retention leaves behind: the last deleted sequence number and its hash, so the rest still verifies.
CREATE TABLE audit_chain_checkpoints (
    tenant_id  TEXT    NOT NULL,
    sequence   INTEGER NOT NULL,
    hash       BLOB    NOT NULL,
    created_at INTEGER NOT NULL, -- unix microseconds, UTC
    PRIMARY KEY (tenant_id, sequence)
);
