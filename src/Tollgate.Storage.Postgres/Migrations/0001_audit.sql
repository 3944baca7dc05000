-- Audit events: append-only, hash-chained per tenant (the semantics of the SQLite store's 0001_audit_events.sql).
-- document holds the exact canonical JSON bytes that were hashed, as bytea: jsonb would reorder members and
-- reformat numbers, and the chain must be recomputable from what is stored. The typed columns are copies of the
-- document's members for filtering; verification checks that they still agree.
--
-- Partitioned by RANGE on received_at (weekly partitions audit_events_pYYYYMMDD, Monday 00:00 UTC, created ahead
-- by partition maintenance; anything outside them lands in audit_events_default). PostgreSQL cannot enforce a
-- unique index on a partitioned table unless it contains the partition key, so the per-tenant uniqueness of
-- sequence and id is kept by the writer instead: every append runs under the tenant's row lock in
-- audit_chain_heads, and idempotency keys live in their own unpartitioned table with a real primary key.
CREATE TABLE audit_events (
    tenant_id   text        NOT NULL,
    sequence    bigint      NOT NULL,
    id          uuid        NOT NULL,
    timestamp   timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    user_id     text        NOT NULL,
    event_type  text        NOT NULL,
    src_service text        NOT NULL,
    target      text,
    request_id  text,
    trace_id    text,
    amends      uuid,
    document    bytea       NOT NULL,
    hash        bytea       NOT NULL
) PARTITION BY RANGE (received_at);

CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;

-- Chain walks: verification, retention and the head after retention read by (tenant, sequence).
CREATE INDEX ix_audit_events_sequence ON audit_events (tenant_id, sequence);
-- Get by id and the writer's check that a client-supplied id is not taken.
CREATE INDEX ix_audit_events_id ON audit_events (tenant_id, id);
-- Searches and keyset paging order by (timestamp, sequence); the user filter is the most common one.
CREATE INDEX ix_audit_events_timestamp ON audit_events (tenant_id, timestamp, sequence);
CREATE INDEX ix_audit_events_user ON audit_events (tenant_id, user_id, timestamp, sequence);
-- One trace or request id finds everything that happened in one request; amendments are listed per original.
CREATE INDEX ix_audit_events_trace ON audit_events (tenant_id, trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX ix_audit_events_request ON audit_events (tenant_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX ix_audit_events_amends ON audit_events (tenant_id, amends) WHERE amends IS NOT NULL;

-- Idempotency keys (the client's Idempotency-Key, or its own event id) of stored events: a replay returns the
-- original, other content under the same key is a conflict. Removed with their events by retention, as in SQLite.
CREATE TABLE audit_idempotency_keys (
    tenant_id       text   NOT NULL,
    idempotency_key text   NOT NULL,
    event_id        uuid   NOT NULL,
    sequence        bigint NOT NULL,
    request_digest  bytea  NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE INDEX ix_audit_idempotency_keys_sequence ON audit_idempotency_keys (tenant_id, sequence);

-- The last sequence and hash of each tenant's chain. Its row is the lock that serialises a tenant's appends (and
-- retention) across every writer in every process: SELECT ... FOR UPDATE inside the batch transaction. The row
-- stays after retention deletes every event, so the chain continues from the checkpoint. Updated once per batch:
-- the free space left by the fill factor keeps those updates on the same page (HOT), without index churn.
CREATE TABLE audit_chain_heads (
    tenant_id text   PRIMARY KEY,
    sequence  bigint NOT NULL,
    hash      bytea  NOT NULL
) WITH (fillfactor = 50);

-- What retention leaves behind: the last deleted sequence number and its hash, so the rest still verifies.
CREATE TABLE audit_chain_checkpoints (
    tenant_id  text        NOT NULL,
    sequence   bigint      NOT NULL,
    hash       bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);
