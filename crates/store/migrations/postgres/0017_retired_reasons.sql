-- A reason can be retired: cases and attempts that gave it keep it, and it is no
-- longer offered (deleting one in use is refused).
ALTER TABLE case_reasons ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
