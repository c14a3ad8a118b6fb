//! What the API shows of stored objects. Field names are a contract (API.md).

use chrono::{DateTime, Utc};
use domain::Actor;
use serde::Serialize;
use store::users::UserRow;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role_id: String,
    pub active: bool,
    pub language: String,
    pub timezone: String,
    pub avatar: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UserRow> for UserView {
    fn from(user: UserRow) -> Self {
        Self {
            id: user.id,
            name: user.name,
            email: user.email,
            role_id: user.role_id,
            active: user.active,
            language: user.language,
            timezone: user.timezone,
            avatar: user.avatar,
            version: user.version,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleSummary {
    pub id: String,
    pub name: String,
    /// The template key (`admin`, `manager`, …) this role is or is based on.
    pub template: Option<String>,
    pub is_template: bool,
    pub scope: String,
}

impl RoleSummary {
    pub fn of(role: &domain::actor::ActingRole) -> Self {
        Self {
            id: role.id.clone(),
            name: role.name.clone(),
            template: role.template.map(|t| t.key().to_owned()),
            is_template: role.is_template,
            scope: role.scope.key().to_owned(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleTestView {
    pub role: RoleSummary,
}

/// `GET /me`: who I am and what I may do right now.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub user: UserView,
    pub role: RoleSummary,
    /// The permissions in force (those of the tested role during a role test).
    pub permissions: Vec<&'static str>,
    pub scope: String,
    pub projects: Vec<String>,
    pub role_test: Option<RoleTestView>,
}

impl MeView {
    pub fn new(actor: &Actor, user: UserRow) -> Self {
        let effective = actor.effective_role();
        Self {
            user: user.into(),
            role: RoleSummary::of(&actor.role),
            permissions: actor.permissions().keys(),
            scope: effective.scope.key().to_owned(),
            // Projects arrive with enhanced security; until then a user belongs to none.
            projects: Vec::new(),
            role_test: actor.role_test.as_ref().map(|r| RoleTestView {
                role: RoleSummary::of(r),
            }),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyView {
    pub id: String,
    pub name: String,
}

/// A new session: the bearer token (also set as a cookie) and its user.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub token: String,
    pub user: UserView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupView {
    pub company: CompanyView,
    pub user: UserView,
    pub token: String,
}
