-- A company's access version: it moves whenever something an actor is built from
-- changes (a user's role, state or profile, a role's scope or permissions, memberships
-- of groups and projects, the security mode, a session's role test or end, an API
-- token). Servers cache actors and compare this number on every request, so a change
-- applies on the next request, whichever process serves it. Triggers move it, so no
-- write path can forget to.
--
-- The triggers are deferred to the commit: the company's row is then locked last, as
-- the audit chain locks it at the end of a change, so two transactions never hold it
-- and a user's row in opposite orders.
ALTER TABLE companies ADD COLUMN access_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION bump_access_version() RETURNS trigger AS $$
BEGIN
    UPDATE companies SET access_version = access_version + 1
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.company_id ELSE NEW.company_id END;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- role_permissions names no company: it is its role's.
CREATE FUNCTION bump_access_version_of_role() RETURNS trigger AS $$
BEGIN
    UPDATE companies SET access_version = access_version + 1
     WHERE id = (SELECT company_id FROM roles
                  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.role_id ELSE NEW.role_id END);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION bump_access_version_of_company() RETURNS trigger AS $$
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER users_access AFTER UPDATE OF role_id, active, name, email, language, timezone OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER roles_access AFTER UPDATE OR DELETE ON roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER role_permissions_access AFTER INSERT OR UPDATE OR DELETE ON role_permissions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version_of_role();
CREATE CONSTRAINT TRIGGER group_members_access AFTER INSERT OR UPDATE OR DELETE ON group_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER project_users_access AFTER INSERT OR UPDATE OR DELETE ON project_users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER project_groups_access AFTER INSERT OR UPDATE OR DELETE ON project_groups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER sessions_access AFTER UPDATE OF role_test_role_id OR DELETE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER api_tokens_access AFTER UPDATE OF role_id, user_id OR DELETE ON api_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE CONSTRAINT TRIGGER companies_access_mode AFTER UPDATE OF security_mode ON companies
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_version_of_company();
