-- Case lists at scale. Text search becomes an index of terms (a query token matches
-- the terms it begins: a range scan); `search` now holds those terms. Company-wide
-- lists read cases in id order; a project's lists by status seek directly. The terms
-- table is its own primary-key index (WITHOUT ROWID): one B-tree, not two.

CREATE TABLE case_terms (
    company_id TEXT NOT NULL,
    term       TEXT NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (company_id, term, case_id)
) WITHOUT ROWID;
CREATE INDEX case_terms_case ON case_terms (case_id);

CREATE INDEX cases_company_id ON cases (company_id, id);
CREATE INDEX cases_company_project_status ON cases (company_id, project_id, status, id);

-- Data changes a migration cannot express in SQL, done once by the application at
-- start-up (here: the terms of cases stored before this migration).
CREATE TABLE data_migrations (
    name    TEXT PRIMARY KEY,
    done_at TEXT
);
INSERT INTO data_migrations (name, done_at) VALUES ('case_search_terms', NULL);
