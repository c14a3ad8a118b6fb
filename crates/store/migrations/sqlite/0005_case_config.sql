-- Case configuration: statuses, reasons and custom fields. The five built-in statuses
-- live in code; a row here renames one or sets what it requires. A status's id is its
-- key, which cases store.

CREATE TABLE case_statuses (
    company_id      TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    name            TEXT NOT NULL,
    builtin         BOOLEAN NOT NULL,
    -- a case in an open status is still being worked (it counts in operators' loads)
    is_open         BOOLEAN NOT NULL,
    -- JSON array of custom field keys and case attributes required to enter it
    required_fields TEXT NOT NULL DEFAULT '[]',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (company_id, key)
);

CREATE TABLE case_reasons (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX case_reasons_name ON case_reasons (company_id, name_key);

CREATE TABLE case_fields (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    field_type TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'choice')),
    options    TEXT NOT NULL DEFAULT '[]',
    required   BOOLEAN NOT NULL DEFAULT FALSE,
    -- removed fields keep their definition so old values stay readable
    removed_at TEXT,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX case_fields_key ON case_fields (company_id, key);
