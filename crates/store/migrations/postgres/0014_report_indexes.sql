-- Critical states: open cases whose callback is due, and open cases by their last
-- change (untouched for days), without reading every open case of the company.
CREATE INDEX cases_open_callbacks ON cases (company_id, next_contact_at)
    WHERE is_open AND next_contact_at IS NOT NULL;
CREATE INDEX cases_open_updated ON cases (company_id, updated_at) WHERE is_open;
