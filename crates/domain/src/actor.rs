//! Who is acting in a request, and the data scope every tenant query is filtered by.

use crate::permissions::{Permission, PermissionSet};
use crate::roles::{DataScope, Template};

/// The signed-in user as the current request sees them, with the role in force
/// (a tested role replaces the user's own for the session).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: String,
    pub company_id: String,
    pub name: String,
    pub email: String,
    pub language: String,
    pub timezone: String,
    pub role: ActingRole,
    /// The session this request belongs to; `None` for API tokens.
    pub session_id: Option<String>,
    /// The API token this request came with, if any.
    pub api_token_id: Option<String>,
    /// Set while the session tests another role.
    pub role_test: Option<ActingRole>,
    /// Whether the company runs in enhanced security (projects decide visibility).
    pub enhanced_security: bool,
    /// The projects the user belongs to, directly or through a group, sorted.
    pub project_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ActingRole {
    pub id: String,
    pub name: String,
    /// The template this role is or was based on; decides rank.
    pub template: Option<Template>,
    pub is_template: bool,
    pub permissions: PermissionSet,
    pub scope: DataScope,
}

impl Actor {
    /// The role whose permissions apply now.
    pub fn effective_role(&self) -> &ActingRole {
        self.role_test.as_ref().unwrap_or(&self.role)
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.effective_role().permissions.has(permission)
    }

    pub fn permissions(&self) -> &PermissionSet {
        &self.effective_role().permissions
    }

    /// SPEC §1: agents may not change their own email; every other role may.
    pub fn may_change_own_email(&self) -> bool {
        self.role.template != Some(Template::Agent)
    }

    /// Whether the effective role holds every permission of `set` and reaches at least
    /// `scope`: nobody hands out more than they hold.
    pub fn holds_all(&self, set: &PermissionSet, scope: DataScope) -> Result<(), Vec<Permission>> {
        let missing: Vec<Permission> = set.iter().filter(|p| !self.can(*p)).collect();
        if missing.is_empty() && self.effective_role().scope.covers(scope) {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// The template whose rank the acting role has.
    pub fn rank(&self) -> Option<Template> {
        self.effective_role().template
    }

    pub fn scope(&self) -> Scope {
        let restricted = self.enhanced_security && !self.can(Permission::PROJECTS_VIEW_ALL);
        Scope {
            company_id: self.company_id.clone(),
            user_id: self.user_id.clone(),
            data_scope: self.effective_role().scope,
            projects: restricted.then(|| self.project_ids.clone()),
        }
    }
}

/// The visibility an actor has: storage takes it to filter every tenant query.
/// Only an `Actor` builds one, so a query cannot be written without one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    company_id: String,
    user_id: String,
    data_scope: DataScope,
    projects: Option<Vec<String>>,
}

impl Scope {
    /// The projects whose rows this scope reaches; `None` when projects do not limit
    /// it (simple security mode, or `projects.view_all`).
    pub fn projects(&self) -> Option<&[String]> {
        self.projects.as_deref()
    }

    /// The same scope with projects not limiting it: the data scope alone.
    pub fn without_projects(&self) -> Scope {
        Scope {
            projects: None,
            ..self.clone()
        }
    }

    /// The same scope reaching every data-scope row (`all`), keeping the tenant and
    /// project limits: for checks such as "may this user be named in a queue".
    pub fn widened(&self) -> Scope {
        Scope {
            data_scope: DataScope::All,
            ..self.clone()
        }
    }

    /// The same scope reaching only the user's own rows (`own`): a narrowing, for
    /// "my day" figures whatever the role's scope.
    pub fn own(&self) -> Scope {
        Scope {
            data_scope: DataScope::Own,
            ..self.clone()
        }
    }

    pub fn company_id(&self) -> &str {
        &self.company_id
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    pub fn data_scope(&self) -> DataScope {
        self.data_scope
    }
}
