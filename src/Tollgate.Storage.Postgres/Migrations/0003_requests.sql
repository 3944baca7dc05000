-- Request records: one row per proxied or reported HTTP exchange, typed columns for everything search filters on.
-- Times are timestamptz (microseconds, UTC). Both tables are partitioned by day on the request's timestamp, so
-- retention drops whole partitions instead of deleting rows, and a time range reads only the days it covers. The
-- partition maintenance job creates the daily partitions (requests_pYYYYMMDD, request_details_pYYYYMMDD) ahead of
-- time; a row outside them lands in the DEFAULT partition, which the job empties into a daily partition once it
-- exists. Fixed-width columns come first so rows carry less alignment padding.
CREATE TABLE requests (
    timestamp            timestamptz NOT NULL,
    duration_us          bigint      NOT NULL,
    upstream_duration_us bigint,
    request_bytes        bigint      NOT NULL,
    response_bytes       bigint      NOT NULL,
    id                   uuid        NOT NULL,
    status               integer     NOT NULL,
    has_detail           boolean     NOT NULL, -- true when request_details holds the headers and bodies
    tenant_id            text        NOT NULL,
    service              text        NOT NULL,
    route                text,
    method               text        NOT NULL,
    route_template       text,
    path                 text        NOT NULL,
    query                text,
    client_ip            text,
    user_agent           text,
    principal            text,
    request_id           text,
    trace_id             text,
    span_id              text,
    error                text,

    -- Idempotent writes (ON CONFLICT DO NOTHING) and GetAsync by id. A unique index on a partitioned table must hold
    -- the partition key, so uniqueness is per (id, timestamp): a redelivered record (same id, same timestamp) is
    -- skipped. id leads so a lookup by id alone probes each partition's index once; gateway ids are UUIDv7, so
    -- inserts append at the right edge.
    PRIMARY KEY (id, timestamp)
) PARTITION BY RANGE (timestamp);

CREATE TABLE requests_default PARTITION OF requests DEFAULT;

-- The indexes below are created on the parent, so every partition (existing and future) gets its own copy. The
-- capture hot path inserts thousands of rows a second, so each one pays for itself in a query. They are ascending:
-- timestamps and UUIDv7 ids grow, so inserts append at the right edge of each b-tree (full pages), and PostgreSQL
-- scans them backwards for newest-first pages as fast as forwards.

-- Newest-first pages of a tenant and keyset paging on (timestamp, id); time ranges without a service. status rides
-- along as a key column so a status filter rejects index entries before the row is read.
CREATE INDEX ix_requests_tenant_time ON requests (tenant_id, timestamp, id, status);

-- The same order within one service (the usual narrowing: "errors of orders-api in the last hour"), status again
-- checked in the index.
CREATE INDEX ix_requests_tenant_service_time ON requests (tenant_id, service, timestamp, id, status);

-- One exchange by its X-Request-ID. Generated ids are UUIDv7 text, so this one appends too.
CREATE INDEX ix_requests_request_id ON requests (tenant_id, request_id) WHERE request_id IS NOT NULL;

-- Everything of one trace. W3C trace ids are random, so each insert dirties a random page: the dearest index by far,
-- kept because "everything of one trace id" is the one lookup that has no time range to narrow it.
CREATE INDEX ix_requests_trace_id ON requests (tenant_id, trace_id) WHERE trace_id IS NOT NULL;

-- Headers and bodies, apart from the row so that pages of requests never read them; only for records captured with
-- a detail. Partitioned like requests (hence the timestamp, copied from the request row) so both are dropped
-- together. Headers are JSONB arrays of [name, value] pairs in arrival order (duplicates kept; JSONB keeps array
-- order). Bodies are the captured text as UTF-8 bytes: bytea holds any text, NUL characters included, which text
-- and JSONB cannot. A body's columns are all NULL when it was not captured.
CREATE TABLE request_details (
    timestamp             timestamptz NOT NULL, -- requests.timestamp
    id                    uuid        NOT NULL, -- requests.id
    request_truncated     boolean,
    response_truncated    boolean,
    request_headers       jsonb       NOT NULL,
    response_headers      jsonb       NOT NULL,
    request_content_type  text,
    request_body          bytea,
    response_content_type text,
    response_body         bytea,

    -- Idempotent writes and the join from requests.
    PRIMARY KEY (id, timestamp)
) PARTITION BY RANGE (timestamp);

CREATE TABLE request_details_default PARTITION OF request_details DEFAULT;
