-- PostgreSQL learns here that a project belongs to one company (extended statistics).
-- SQLite's planner has no such statistics to keep: nothing to do but keep the two
-- migration histories numbered alike.
SELECT 1;
