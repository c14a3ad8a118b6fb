-- Support tickets: an operator's report to the company's administrators, and the
-- thread of replies both sides write.

CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    -- the path of the page it was opened from; empty when none
    page       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- lists, newest first: the administrators' (all of the company), the author's own
CREATE INDEX tickets_company_created ON tickets (company_id, created_at, id);
CREATE INDEX tickets_author_created ON tickets (company_id, author_id, created_at, id);

CREATE TABLE ticket_replies (
    id         TEXT PRIMARY KEY,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_replies_ticket ON ticket_replies (ticket_id, created_at, id);
