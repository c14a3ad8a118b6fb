-- Contact-center configuration objects, the references between them, lists of phone
-- numbers, and projects (enhanced security) with their members and objects.

CREATE TABLE objects (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    -- case-insensitive name, or an IP phone's MAC: unique per company and kind
    unique_key TEXT NOT NULL,
    -- the validated fields of the kind, as JSON
    data       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX objects_unique_key ON objects (company_id, kind, unique_key);
CREATE INDEX objects_company_kind ON objects (company_id, kind, id);

-- Ids an object's fields hold (a queue's schedule, a campaign's DNC lists, a script's
-- tags, a queue's supervisors): "what uses this?" and "which queues does she manage?"
CREATE TABLE object_links (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    from_id    TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    PRIMARY KEY (from_id, field, to_id)
);
CREATE INDEX object_links_to ON object_links (to_id, field);

CREATE TABLE list_entries (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    list_id    TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    phone      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    added_at   TEXT NOT NULL,
    PRIMARY KEY (list_id, phone)
);

CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_company_name ON projects (company_id, name_key);

CREATE TABLE project_users (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_users_user ON project_users (user_id, project_id);

CREATE TABLE project_groups (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, group_id)
);
CREATE INDEX project_groups_group ON project_groups (group_id, project_id);

CREATE TABLE project_objects (
    company_id     TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    object_id      TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    single_project BOOLEAN NOT NULL,
    PRIMARY KEY (project_id, object_id)
);
CREATE INDEX project_objects_object ON project_objects (object_id, project_id);
-- queues, call scripts, dialer campaigns and CRM forms live in exactly one project
CREATE UNIQUE INDEX project_objects_single ON project_objects (object_id) WHERE single_project;
