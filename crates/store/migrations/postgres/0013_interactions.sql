-- Calls and chats, from the telephony platform or operators' contact attempts, and
-- the live state of agents.

CREATE TABLE interactions (
    id               TEXT PRIMARY KEY,
    company_id       TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    -- the project of its campaign, else of its queue, when it was recorded; NULL when
    -- neither was in a project (visible only where projects do not limit)
    project_id       TEXT REFERENCES projects (id) ON DELETE SET NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('call', 'chat')),
    direction        TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number      TEXT NOT NULL DEFAULT '',
    to_number        TEXT NOT NULL DEFAULT '',
    queue_id         TEXT REFERENCES objects (id) ON DELETE SET NULL,
    campaign_id      TEXT REFERENCES objects (id) ON DELETE SET NULL,
    agent_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    case_id          TEXT REFERENCES cases (id) ON DELETE SET NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    answered_at      TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ,
    -- whole seconds worked out from the times (domain::interactions::Times)
    wait_seconds     BIGINT,
    talk_seconds     BIGINT,
    duration_seconds BIGINT,
    disposition      TEXT NOT NULL DEFAULT '',
    recording_url    TEXT NOT NULL DEFAULT '',
    -- the caller's own id: a retried webhook finds its interaction instead of adding one
    external_id      TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX interactions_external ON interactions (company_id, external_id);
CREATE INDEX interactions_company_started ON interactions (company_id, started_at, id);
CREATE INDEX interactions_project_started ON interactions (company_id, project_id, started_at, id);
CREATE INDEX interactions_agent_started ON interactions (agent_id, started_at);
CREATE INDEX interactions_queue_started ON interactions (queue_id, started_at);
-- calls waiting in a queue right now: the live queue board
CREATE INDEX interactions_waiting ON interactions (queue_id, started_at)
    WHERE answered_at IS NULL AND ended_at IS NULL;

-- An agent without a row has never been anything but offline.
CREATE TABLE agent_states (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    company_id   TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    state        TEXT NOT NULL
        CHECK (state IN ('available', 'on_call', 'after_call_work', 'paused', 'offline')),
    pause_reason TEXT NOT NULL DEFAULT '',
    since        TIMESTAMPTZ NOT NULL
);
CREATE INDEX agent_states_company ON agent_states (company_id, user_id);

-- Reports over a range of days: cases closed, and contact attempts made, in it.
CREATE INDEX cases_company_closed ON cases (company_id, closed_at);
CREATE INDEX case_attempts_company_at ON case_attempts (company_id, at);
