-- Search terms and history events no longer reference their case (nor events their
-- company) with foreign keys. PostgreSQL checks a foreign key by a trigger per row:
-- writing 300,000 history events took 4.8 s with the checks and 1.7 s without, and
-- an import's millions of terms were slower still. Nothing relies on them: cases are
-- never deleted (they end closed or withdrawn), companies are not removed, and both
-- are only ever written in the transaction that writes or reads their case.
ALTER TABLE case_terms DROP CONSTRAINT IF EXISTS case_terms_case_id_fkey;
ALTER TABLE case_events DROP CONSTRAINT IF EXISTS case_events_case_id_fkey;
ALTER TABLE case_events DROP CONSTRAINT IF EXISTS case_events_company_id_fkey;
