-- Customer cases, their history and contact attempts.

CREATE TABLE cases (
    id                TEXT PRIMARY KEY,
    company_id        TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    -- the project of the campaign or CRM form the case came through; NULL when that
    -- was in no project (visible only where projects do not limit)
    project_id        TEXT REFERENCES projects (id) ON DELETE SET NULL,
    campaign_id       TEXT REFERENCES objects (id) ON DELETE SET NULL,
    crm_form_id       TEXT REFERENCES objects (id) ON DELETE SET NULL,
    status            TEXT NOT NULL,
    -- copied from the status: open cases make up operators' loads
    is_open           BOOLEAN NOT NULL,
    reason_id         TEXT REFERENCES case_reasons (id) ON DELETE SET NULL,
    assignee_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    customer_name     TEXT NOT NULL,
    customer_document TEXT NOT NULL DEFAULT '',
    customer_phones   TEXT NOT NULL DEFAULT '[]',
    customer_email    TEXT NOT NULL DEFAULT '',
    customer_address  TEXT NOT NULL DEFAULT '',
    -- lowercased name, document and phones, for text search
    search            TEXT NOT NULL,
    area              TEXT NOT NULL DEFAULT '',
    amount_cents      BIGINT,
    due_date          TEXT,
    priority          BIGINT NOT NULL DEFAULT 1,
    description       TEXT NOT NULL DEFAULT '',
    fields            TEXT NOT NULL DEFAULT '{}',
    -- the callback an operator promised
    next_contact_at   TIMESTAMPTZ,
    -- closed-case audit: NULL, 'validated' or 'returned'
    audit_verdict     TEXT,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    closed_at         TIMESTAMPTZ
);
CREATE INDEX cases_company_project ON cases (company_id, project_id, id);
CREATE INDEX cases_company_status ON cases (company_id, status, id);
CREATE INDEX cases_assignee ON cases (assignee_id, is_open, id);
CREATE INDEX cases_callbacks ON cases (assignee_id, next_contact_at);

CREATE TABLE case_events (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    actor_id   TEXT,
    -- created, edited, status, assigned, attempt, audited
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE case_attempts (
    id              TEXT PRIMARY KEY,
    company_id      TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    project_id      TEXT,
    agent_id        TEXT REFERENCES users (id) ON DELETE SET NULL,
    at              TIMESTAMPTZ NOT NULL,
    channel         TEXT NOT NULL,
    result          TEXT NOT NULL,
    reached         BOOLEAN NOT NULL,
    reason_id       TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    next_contact_at TIMESTAMPTZ
);
CREATE INDEX case_attempts_case ON case_attempts (case_id, at);
CREATE INDEX case_attempts_agent ON case_attempts (company_id, agent_id, at);
