-- Identity: tenants, the users and API keys that act for them, and rotating refresh tokens. Secrets are never
-- stored, only their SHA-256 hashes (and the signing secret, encrypted). Ids are GUIDs in "D" text form; times are
-- unix microseconds, UTC, like the audit tables. Tenant-scoped lookups filter on tenant_id first.
CREATE TABLE tenants (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL -- unix microseconds, UTC
);

CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    tenant_id     TEXT    NOT NULL REFERENCES tenants (id),
    email         TEXT    NOT NULL UNIQUE, -- normalized (lowercase); unique across all tenants
    role          TEXT    NOT NULL,        -- reader | writer | tenant-admin | platform-admin
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    last_login_at INTEGER
);

CREATE INDEX ix_users_tenant_email ON users (tenant_id, email);
CREATE INDEX ix_users_role ON users (role) WHERE disabled = 0;

CREATE TABLE api_keys (
    id             TEXT    NOT NULL PRIMARY KEY,
    tenant_id      TEXT    NOT NULL REFERENCES tenants (id),
    name           TEXT    NOT NULL,
    prefix         TEXT    NOT NULL,
    hash           BLOB    NOT NULL UNIQUE, -- SHA-256 of the whole secret
    scopes         TEXT    NOT NULL,        -- space separated
    signing        TEXT    NOT NULL,        -- none | optional | required
    signing_secret BLOB,                    -- encrypted; NULL when signing is none
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    expires_at     INTEGER,
    revoked_at     INTEGER,
    last_used_at   INTEGER
);

CREATE INDEX ix_api_keys_tenant_created ON api_keys (tenant_id, created_at, id);

CREATE TABLE refresh_tokens (
    id         TEXT    NOT NULL PRIMARY KEY,
    family_id  TEXT    NOT NULL,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id),
    hash       BLOB    NOT NULL UNIQUE, -- SHA-256 of the token
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

-- The tenant the foundation's data (tenant_id 'default') has always lived in, so it stays readable.
INSERT INTO tenants (id, name, disabled, created_at)
VALUES ('default', 'Default', 0,
        CAST(strftime('%s', 'now') AS INTEGER) * 1000000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER) * 1000);
