-- Background jobs (CSV imports) and their progress, readable from every server process.

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,
    -- queued, running, done, failed
    status      TEXT NOT NULL,
    total       BIGINT NOT NULL DEFAULT 0,
    processed   BIGINT NOT NULL DEFAULT 0,
    succeeded   BIGINT NOT NULL DEFAULT 0,
    failed      BIGINT NOT NULL DEFAULT 0,
    -- the first row errors: [{row, reason}]
    errors      TEXT NOT NULL DEFAULT '[]',
    message     TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX jobs_company ON jobs (company_id, id);
