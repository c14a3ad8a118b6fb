-- A company's access version: it moves whenever something an actor is built from
-- changes (a user's role, state or profile, a role's scope or permissions, memberships
-- of groups and projects, the security mode, a session's role test or end, an API
-- token). Servers cache actors and compare this number on every request, so a change
-- applies on the next request, whichever process serves it. Triggers move it, so no
-- write path can forget to.
ALTER TABLE companies ADD COLUMN access_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER users_access_update AFTER UPDATE OF role_id, active, name, email, language, timezone ON users
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER users_access_delete AFTER DELETE ON users
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER roles_access_update AFTER UPDATE ON roles
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER roles_access_delete AFTER DELETE ON roles
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER role_permissions_access_insert AFTER INSERT ON role_permissions
BEGIN
    UPDATE companies SET access_version = access_version + 1
     WHERE id = (SELECT company_id FROM roles WHERE id = NEW.role_id);
END;
CREATE TRIGGER role_permissions_access_update AFTER UPDATE ON role_permissions
BEGIN
    UPDATE companies SET access_version = access_version + 1
     WHERE id = (SELECT company_id FROM roles WHERE id = NEW.role_id);
END;
CREATE TRIGGER role_permissions_access_delete AFTER DELETE ON role_permissions
BEGIN
    UPDATE companies SET access_version = access_version + 1
     WHERE id = (SELECT company_id FROM roles WHERE id = OLD.role_id);
END;

CREATE TRIGGER group_members_access_insert AFTER INSERT ON group_members
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER group_members_access_update AFTER UPDATE ON group_members
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER group_members_access_delete AFTER DELETE ON group_members
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER project_users_access_insert AFTER INSERT ON project_users
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER project_users_access_update AFTER UPDATE ON project_users
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER project_users_access_delete AFTER DELETE ON project_users
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER project_groups_access_insert AFTER INSERT ON project_groups
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER project_groups_access_update AFTER UPDATE ON project_groups
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER project_groups_access_delete AFTER DELETE ON project_groups
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER sessions_access_update AFTER UPDATE OF role_test_role_id ON sessions
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER sessions_access_delete AFTER DELETE ON sessions
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER api_tokens_access_update AFTER UPDATE OF role_id, user_id ON api_tokens
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.company_id;
END;
CREATE TRIGGER api_tokens_access_delete AFTER DELETE ON api_tokens
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = OLD.company_id;
END;

CREATE TRIGGER companies_access_mode AFTER UPDATE OF security_mode ON companies
BEGIN
    UPDATE companies SET access_version = access_version + 1 WHERE id = NEW.id;
END;
