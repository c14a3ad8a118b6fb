-- A case's company, project, campaign, CRM form and holder are no longer checked by
-- foreign keys. PostgreSQL checks each key by a trigger per row, and cases come in
-- bulk: a 1,000,000-row import took 49.6–57.3 s with the checks and 40.7–42.8 s
-- without. What the keys gave is kept by the code that writes and deletes:
-- - new cases hold their campaign or CRM form and project (FOR KEY SHARE) in the
--   transaction that writes them, and fail if one is gone (store::cases::hold_sources);
-- - deleting a project or an object clears it from its cases, after the row is
--   deleted, so a transaction holding it has committed first (store::projects::delete,
--   store::objects::delete);
-- - users and companies are never deleted.
-- The reason keeps its key: cases are not written in bulk with one, and a reason in use
-- cannot be deleted. SQLite keeps every key: it checks each by an index lookup, and
-- its import meets its target with them.
ALTER TABLE cases
    DROP CONSTRAINT IF EXISTS cases_company_id_fkey,
    DROP CONSTRAINT IF EXISTS cases_project_id_fkey,
    DROP CONSTRAINT IF EXISTS cases_campaign_id_fkey,
    DROP CONSTRAINT IF EXISTS cases_crm_form_id_fkey,
    DROP CONSTRAINT IF EXISTS cases_assignee_id_fkey;
