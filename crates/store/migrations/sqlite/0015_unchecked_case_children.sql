-- Search terms no longer reference their case with a foreign key. Checking it looked
-- each new term's case up by id, in no useful order: 17 of the 24 seconds a
-- 1,000,000-row import spent writing its 7 million terms. Nothing relies on it: cases
-- are never deleted (they end closed or withdrawn), companies are not removed, and a
-- search joins every term to its case. SQLite cannot drop a constraint, so the table
-- is rebuilt, in key order. (PostgreSQL also drops the history events' keys, whose
-- per-row checks cost it most; here events are written in their cases' order, so
-- their check reads the cases index in order and costs little: the history keeps it.)
CREATE TABLE case_terms_unchecked (
    company_id TEXT NOT NULL,
    term       TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    project_id TEXT,
    PRIMARY KEY (company_id, term, case_id)
) WITHOUT ROWID;
INSERT INTO case_terms_unchecked (company_id, term, case_id, project_id)
SELECT company_id, term, case_id, project_id FROM case_terms ORDER BY company_id, term, case_id;
DROP TABLE case_terms;
ALTER TABLE case_terms_unchecked RENAME TO case_terms;
