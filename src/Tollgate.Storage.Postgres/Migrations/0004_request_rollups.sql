-- Request rollups: per tenant, bucket and grouping, the counts, latency extremes, bytes and a latency sketch of the
-- requests in it, so analytics read a few rows per bucket instead of every raw request, and outlive raw retention.
-- Every request is counted at three widths (minute, hour, day) and in three kinds of row (by endpoint, by consumer, by
-- service and status class);
-- dimensions a kind does not group by are '' (never NULL), so the whole key can be the primary key.
--
-- Writers never touch request_rollups: several nodes write one tenant's busiest rows (the current minute, hour and
-- day) in every batch, and an upsert there would serialise them all on those rows. Each batch instead APPENDS its
-- cells to request_rollup_deltas, in the transaction that stores its raw rows, so a cell exists exactly when its
-- rows do. One compactor at a time (under an advisory lock) folds the deltas into request_rollups, merging the
-- sketches in the application; readers read both tables in one statement and merge rows of the same key, so an
-- answer never depends on how far compaction has got.
--
-- Neither table is partitioned: rows are few (one per bucket and key, not per request) and retention deletes them
-- per tenant through the primary key, in chunks.

-- fillfactor 80: the compactor rewrites the rows of the current buckets every round (the day row all day long). Free
-- room on their page lets PostgreSQL keep each new version there (a HOT update: no new index entry), instead of
-- growing the primary key by one entry per round.
CREATE TABLE request_rollups (
    bucket          timestamptz NOT NULL, -- the bucket's start, aligned to its width since the Unix epoch
    count           bigint      NOT NULL,
    errors          bigint      NOT NULL, -- status >= 400
    server_errors   bigint      NOT NULL, -- status >= 500, also counted in errors
    duration_sum_us bigint      NOT NULL, -- for the exact average
    duration_min_us bigint      NOT NULL,
    duration_max_us bigint      NOT NULL,
    request_bytes   bigint      NOT NULL,
    response_bytes  bigint      NOT NULL,
    width           integer     NOT NULL, -- seconds: 60, 3600 or 86400
    kind            smallint    NOT NULL, -- 0 by endpoint, 1 by consumer, 2 by service
    status_class    smallint    NOT NULL, -- status / 100; 0 on consumer rows
    tenant_id       text        NOT NULL,
    service         text        NOT NULL,
    endpoint        text        NOT NULL, -- route template, or the path with ids folded to {id}; '' on consumer rows
    method          text        NOT NULL, -- '' on consumer rows
    consumer        text        NOT NULL, -- the principal; '' for anonymous callers and on endpoint rows
    sketch          bytea       NOT NULL, -- the LatencySketch encoding, the same bytes in every store

    -- Reads ask for one tenant, kind and width over a range of buckets: the leading columns, in that order. Retention
    -- and rebuilds delete per tenant through it as well.
    PRIMARY KEY (tenant_id, kind, width, bucket, service, endpoint, method, status_class, consumer)
) WITH (fillfactor = 80);

-- Cells not yet folded into request_rollups; several rows may share a key. A row lives about one compaction interval.
-- Logged, unlike a cache: until it is compacted, a delta is the only record of its requests in the rollups.
CREATE TABLE request_rollup_deltas (LIKE request_rollups);

-- Readers select by the same leading columns as from request_rollups; the compactor takes chunks by ctid and needs none.
CREATE INDEX ix_request_rollup_deltas_read ON request_rollup_deltas (tenant_id, kind, width, bucket);
