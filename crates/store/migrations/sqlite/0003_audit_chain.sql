-- The audit log becomes a hash chain per company, and records the API token and the
-- role under test of each change. Entries written before this migration stay
-- unchained (seq is NULL); verification reports how many there are.

ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN api_token_id TEXT;
ALTER TABLE audit_log ADD COLUMN role_test_id TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_company_seq ON audit_log (company_id, seq);

-- The head of each company's chain; updating it serialises concurrent writers.
ALTER TABLE companies ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN audit_head TEXT NOT NULL DEFAULT '';
