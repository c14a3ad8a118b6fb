-- Companies, roles, users, sessions, one-time tokens, sign-in failures and the audit log.

CREATE TABLE companies (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    security_mode TEXT NOT NULL DEFAULT 'simple' CHECK (security_mode IN ('simple', 'enhanced')),
    settings      TEXT NOT NULL DEFAULT '{}',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- set for the five immutable template roles
    template    TEXT CHECK (template IN ('admin', 'manager', 'supervisor', 'agent', 'owner')),
    -- the template a custom role started from; decides its rank
    based_on    TEXT CHECK (based_on IN ('admin', 'manager', 'supervisor', 'agent', 'owner')),
    scope       TEXT NOT NULL CHECK (scope IN ('all', 'managed', 'own')),
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX roles_company ON roles (company_id);
CREATE UNIQUE INDEX roles_company_template ON roles (company_id, template) WHERE template IS NOT NULL;

CREATE TABLE role_permissions (
    role_id    TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    role_id       TEXT NOT NULL REFERENCES roles (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    -- emails are unique across the installation, compared case-insensitively
    email_key     TEXT NOT NULL,
    password_hash TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    language      TEXT NOT NULL DEFAULT 'en',
    timezone      TEXT NOT NULL DEFAULT 'UTC',
    avatar        TEXT,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT users_email_key_unique UNIQUE (email_key)
);
CREATE INDEX users_company ON users (company_id);
CREATE INDEX users_role ON users (role_id);

CREATE TABLE sessions (
    id                TEXT PRIMARY KEY,
    token_hash        TEXT NOT NULL UNIQUE,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id        TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    role_test_role_id TEXT REFERENCES roles (id) ON DELETE SET NULL,
    client            TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    last_seen_at      TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE user_tokens (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

CREATE TABLE sign_in_failures (
    id          TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    client_key  TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account_key, at);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client_key, at);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    TEXT,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    project_ids TEXT NOT NULL DEFAULT '[]',
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_company_at ON audit_log (company_id, at);
CREATE INDEX audit_log_object ON audit_log (company_id, object_kind, object_id);
CREATE INDEX audit_log_actor ON audit_log (company_id, actor_id);

-- The audit log is append-only: rows are never changed or removed.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
