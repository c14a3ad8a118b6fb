-- Pause reasons: codes the administrator configures (Break, Lunch, Training…), each
-- with an optional maximum. Deleting one retires it (active = FALSE): pauses already
-- taken keep naming it in the reports, and its name is free for a new reason.
CREATE TABLE pause_reasons (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    max_minutes INTEGER,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX pause_reasons_company ON pause_reasons (company_id, active, name);

-- The reason of the pause in force; pause_reason keeps its name as it was when chosen
-- (or the free text of a company without configured reasons).
ALTER TABLE agent_states ADD COLUMN pause_reason_id TEXT REFERENCES pause_reasons (id);

-- Every period an agent spent in a state, opened and closed in the transaction that
-- changes the state: what pause time by reason is reported from. ended_at is NULL for
-- the period in force. max_minutes is the reason's maximum when the pause began.
CREATE TABLE agent_state_periods (
    id              TEXT PRIMARY KEY,
    company_id      TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state           TEXT NOT NULL,
    pause_reason_id TEXT REFERENCES pause_reasons (id),
    pause_reason    TEXT NOT NULL DEFAULT '',
    max_minutes     INTEGER,
    started_at      TEXT NOT NULL,
    ended_at        TEXT
);
-- reports: the periods of a range
CREATE INDEX agent_state_periods_company_started ON agent_state_periods (company_id, started_at);
-- closing the period in force
CREATE INDEX agent_state_periods_open ON agent_state_periods (user_id) WHERE ended_at IS NULL;
