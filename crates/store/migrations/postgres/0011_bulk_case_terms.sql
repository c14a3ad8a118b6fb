-- Bulk writes of search terms. A case's terms are removed by primary key (the terms
-- of its stored search text), so the index by case goes: its inserts land all over it
-- and in bulk loads cost more than everything else together. Cases are never deleted
-- (a case ends closed or withdrawn), so the cascade that would need it does not happen.
DROP INDEX case_terms_case;

-- Imported cases whose terms are still to be written: the import appends each batch's
-- ids with the cases, then writes the terms of all of them at once, split from their
-- search text by the database and in key order (each page of the terms index written
-- once, not once per batch). No index: rows are only appended, then read whole.
CREATE TABLE case_terms_pending (
    job_id  TEXT NOT NULL,
    case_id TEXT NOT NULL
);
