-- A company's plan: its name and the seats it licenses, set by the installation's
-- operator (`switchboard admin plan`). No seat count (NULL) means no limit: every
-- company starts there. Active (not blocked) users take a seat each; creating or
-- unblocking a user beyond the seats is refused.
ALTER TABLE companies ADD COLUMN plan_name TEXT NOT NULL DEFAULT 'Standard';
ALTER TABLE companies ADD COLUMN plan_seats BIGINT CHECK (plan_seats IS NULL OR plan_seats >= 0);

-- The monthly usage: who worked on cases in a month (an active user), and the cases
-- created in it.
CREATE INDEX case_events_actor_at ON case_events (company_id, actor_id, at);
CREATE INDEX cases_company_created ON cases (company_id, created_at);
