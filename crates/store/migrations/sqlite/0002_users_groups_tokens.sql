-- Account details of users, groups with supervisors and members, skills, API tokens.

ALTER TABLE users ADD COLUMN max_chats INTEGER NOT NULL DEFAULT 3;
ALTER TABLE users ADD COLUMN extension TEXT;
-- NULL: inherit from the user's groups, then the company
ALTER TABLE users ADD COLUMN softphone_outbound BOOLEAN;
ALTER TABLE users ADD COLUMN notifications TEXT NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN invitation_pending BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE groups (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX groups_company ON groups (company_id);

CREATE TABLE group_members (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE group_supervisors (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_supervisors_user ON group_supervisors (user_id);

CREATE TABLE skills (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX skills_company ON skills (company_id);

CREATE TABLE user_skills (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    skill_id   TEXT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    level      INTEGER NOT NULL,
    PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    company_id   TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    role_id      TEXT NOT NULL REFERENCES roles (id),
    -- the user who created it: requests with the token act as them, with the token's role
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_company ON api_tokens (company_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
