-- KPI targets: what the company expects per metric, for the whole company, a group or
-- one operator. The set is replaced as a whole (PUT /kpi-targets); the most specific
-- target applies to an operator (user, else group, else company).
--   metric:   contacts_per_hour | service_level | average_handle_time | closes_per_day
--   scope:    company | group | user
--   scope_id: the group's or user's id; '' for the company (so the key has no NULL)
CREATE TABLE kpi_targets (
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    metric      TEXT NOT NULL,
    scope       TEXT NOT NULL,
    scope_id    TEXT NOT NULL,
    target      REAL NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (company_id, metric, scope, scope_id)
);
