-- Contact-attempt results (dispositions). The built-ins live in code; a row here
-- renames or retires one. Custom ones are added here. Attempts store the key.

CREATE TABLE case_dispositions (
    company_id         TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key                TEXT NOT NULL,
    name               TEXT NOT NULL,
    builtin            BOOLEAN NOT NULL,
    -- the customer was reached: reports count contacts by it
    reached            BOOLEAN NOT NULL,
    -- an attempt with this result must give its next contact date
    needs_next_contact BOOLEAN NOT NULL,
    -- retired results stay readable on old attempts but are no longer offered
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, key)
);

CREATE INDEX case_attempts_result ON case_attempts (company_id, result);
