-- Assignment and distribution jobs: the plan each one carries out, move by move, so
-- that any server process can resume it from its first move not yet applied.
--   result: the outcome so far, JSON {assigned: {user: n}, loads: {user: n}}
--   owner:  the server process carrying the job out (claimed atomically)
ALTER TABLE jobs ADD COLUMN result TEXT;
ALTER TABLE jobs ADD COLUMN owner TEXT;

-- One planned move: the case, the version it must still be at, its holder when planned
-- (for the history's "from"), its project (for the audit entry) and its new holder.
-- A job's moves are applied in `seq` order, a chunk per transaction, and deleted with it.
CREATE TABLE job_moves (
    job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    case_id     TEXT NOT NULL,
    version     BIGINT NOT NULL,
    from_id     TEXT,
    to_id       TEXT NOT NULL,
    project_id  TEXT,
    is_open     BOOLEAN NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- An import's pending search terms are written and forgotten a bounded part at a time
-- (by case), so that no transaction holds the writer long.
CREATE INDEX case_terms_pending_job ON case_terms_pending (job_id, case_id);
