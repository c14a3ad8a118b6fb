-- A project belongs to one company, which the planner cannot know: it multiplies the
-- two selectivities and expects a tenth of a Manager's cases, then chooses to sort
-- thousands of them instead of walking the newest few in id order. Extended statistics
-- tell it the columns depend on each other (ANALYZE fills them).
CREATE STATISTICS cases_company_project (dependencies, ndistinct)
    ON company_id, project_id FROM cases;
ANALYZE cases;
