-- Identity: tenants, the users and API keys that act for them, and rotating refresh tokens. Secrets are never
-- stored, only their SHA-256 hashes (and the signing secret, encrypted). Not partitioned: these tables stay small and
-- every row lives until it is deleted on purpose. Tenant-scoped lookups filter on tenant_id first.
CREATE TABLE tenants (
    id         text        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    disabled   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);

CREATE TABLE users (
    id            uuid        NOT NULL PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenants (id),
    email         text        NOT NULL UNIQUE, -- normalized (lowercase); unique across all tenants
    role          text        NOT NULL CHECK (role IN ('reader', 'writer', 'tenant-admin', 'platform-admin')),
    password_hash text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    last_login_at timestamptz
);

-- A tenant's users ordered by email, without a sort.
CREATE INDEX ix_users_tenant_email ON users (tenant_id, email);

-- Counting enabled platform admins (start-up bootstrap) without reading every user.
CREATE INDEX ix_users_role ON users (role) WHERE NOT disabled;

CREATE TABLE api_keys (
    id             uuid        NOT NULL PRIMARY KEY,
    tenant_id      text        NOT NULL REFERENCES tenants (id),
    name           text        NOT NULL,
    prefix         text        NOT NULL,
    hash           bytea       NOT NULL UNIQUE, -- SHA-256 of the whole secret; the unique index is the login lookup
    scopes         text[]      NOT NULL,
    signing        text        NOT NULL CHECK (signing IN ('none', 'optional', 'required')),
    signing_secret bytea,                       -- encrypted; NULL when signing is none
    created_at     timestamptz NOT NULL,
    created_by     text        NOT NULL,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz
);

-- A tenant's keys newest first (walked backwards), without a sort.
CREATE INDEX ix_api_keys_tenant_created ON api_keys (tenant_id, created_at, id);

CREATE TABLE refresh_tokens (
    id         uuid        NOT NULL PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id),
    tenant_id  text        NOT NULL REFERENCES tenants (id),
    hash       bytea       NOT NULL UNIQUE, -- SHA-256 of the token; the unique index is the refresh lookup
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Revoking a family (a replayed token) and every token of a user (password change, disable).
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

-- The tenant that data sent without a tenant of its own (tenant_id 'default') lives in, as in the embedded store.
INSERT INTO tenants (id, name, disabled, created_at) VALUES ('default', 'Default', false, now());
