-- Request rollups: each tenant's requests counted per UTC minute, hour and day, grouped by endpoint, by consumer
-- or by service and status class.
-- Analytics read these instead of the raw rows, so their cost follows the range and the number of endpoints, not the
-- traffic (measured at 5M requests: 0.3-1.5 s for percentiles from raw rows, under 30 ms from minute rollups, about
-- 1 ms from hour rollups), and they outlive the raw rows' retention. The request writer adds each batch's cells in the
-- batch's own transaction, for the rows it actually inserted only, so a redelivered batch is not counted twice.
--
-- WITHOUT ROWID: the key is the row's identity and its only access path; a rowid table would hold the key twice (the
-- table and a unique index). Rows are mostly the sketch: a few hundred bytes for a minute, up to about a kilobyte for
-- a busy day with widely spread latencies, where SQLite starts spilling a key b-tree row to an overflow page (measured:
-- no faster as a rowid table at 740-byte average sketches).
--
-- kind and width are RollupKind and RollupWidth: 0 endpoint, 1 consumer, 2 service; 60, 3600 or 86400 seconds. The bucket is the
-- bucket's start, unix microseconds, UTC, like every time in this file. The dimensions a kind does not group by are ''
-- (never NULL), so that every row has a complete key.
--
-- No secondary index: reads (tenant, kind, width, bucket range), the rebuild's delete of a tenant's day and the
-- retention's deletes of a tenant's oldest buckets all seek a prefix of the key, and retention lists tenants with a
-- loose index scan of its first column.
CREATE TABLE request_rollups (
    tenant_id       TEXT    NOT NULL,
    kind            INTEGER NOT NULL,
    width           INTEGER NOT NULL,
    bucket          INTEGER NOT NULL, -- unix microseconds, UTC, aligned to width
    service         TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL, -- '' for consumer rows
    method          TEXT    NOT NULL, -- '' for consumer rows
    status_class    INTEGER NOT NULL, -- status / 100; 0 for consumer rows
    consumer        TEXT    NOT NULL, -- the principal; '' for endpoint rows and anonymous callers
    count           INTEGER NOT NULL,
    errors          INTEGER NOT NULL, -- status >= 400
    server_errors   INTEGER NOT NULL, -- status >= 500, also counted in errors
    duration_sum_us INTEGER NOT NULL, -- for the exact average
    duration_min_us INTEGER NOT NULL,
    duration_max_us INTEGER NOT NULL,
    request_bytes   INTEGER NOT NULL,
    response_bytes  INTEGER NOT NULL,
    -- The latency histogram (LatencySketch's encoding, the same bytes in every store). Upserts merge it with the
    -- tollgate_sketch_merge function the request writer registers on its connection.
    sketch          BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer)
) WITHOUT ROWID;
