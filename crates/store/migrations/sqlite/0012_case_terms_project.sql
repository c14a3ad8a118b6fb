-- Text search for users limited to projects: each term carries its case's project, so
-- the term range a narrow user reads yields only the cases of their projects instead
-- of every match in the company, to be checked one by one against the cases. A case's
-- project changes only when its campaign or CRM form moves (store::cases::follow_source),
-- which moves its terms too.
ALTER TABLE case_terms ADD COLUMN project_id TEXT;
UPDATE case_terms SET project_id = c.project_id FROM cases c
WHERE c.id = case_terms.case_id AND c.project_id IS NOT NULL;
