//! What the API shows of stored objects. Field names are a contract (API.md).

use chrono::{DateTime, Utc};
use domain::Actor;
use serde::{Deserialize, Deserializer, Serialize};
use store::users::UserRow;
use utoipa::ToSchema;

/// For `#[serde(default, deserialize_with = "nullable")]`: present-and-null is not
/// absent, `Some(None)` clears a value.
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkillLevelView {
    pub skill_id: String,
    pub level: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role_id: String,
    pub group_ids: Vec<String>,
    /// Projects the user is a direct member of (groups may add more).
    pub project_ids: Vec<String>,
    pub active: bool,
    pub max_chats: i64,
    pub skills: Vec<SkillLevelView>,
    pub extension: Option<String>,
    /// The user's own override; `null` inherits from groups and company.
    pub softphone_outbound: Option<bool>,
    #[schema(value_type = Object)]
    pub notifications: serde_json::Value,
    pub language: String,
    pub timezone: String,
    pub avatar: Option<String>,
    /// Invited, and the invitation not yet accepted.
    pub invitation_pending: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Only on `GET /users/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub effective_settings: Option<domain::settings::EffectiveSettings>,
}

impl UserView {
    pub fn new(user: UserRow, group_ids: Vec<String>, skills: Vec<SkillLevelView>) -> Self {
        Self {
            notifications: serde_json::from_str(&user.notifications).unwrap_or_default(),
            id: user.id,
            name: user.name,
            email: user.email,
            role_id: user.role_id,
            group_ids,
            project_ids: Vec::new(),
            active: user.active,
            max_chats: user.max_chats,
            skills,
            extension: user.extension,
            softphone_outbound: user.softphone_outbound,
            language: user.language,
            timezone: user.timezone,
            avatar: user.avatar,
            invitation_pending: user.invitation_pending,
            version: user.version,
            created_at: user.created_at,
            updated_at: user.updated_at,
            effective_settings: None,
        }
    }
}

impl From<app::users::UserDetails> for UserView {
    fn from(user: app::users::UserDetails) -> Self {
        let skills = user
            .skills
            .into_iter()
            .map(|s| SkillLevelView {
                skill_id: s.skill_id,
                level: s.level,
            })
            .collect();
        let mut view = UserView::new(user.row, user.group_ids, skills);
        view.project_ids = user.project_ids;
        view
    }
}

/// The actor's own row, as sign-in and `/me` show it. Memberships are not loaded there.
impl From<UserRow> for UserView {
    fn from(user: UserRow) -> Self {
        UserView::new(user, Vec::new(), Vec::new())
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub template: bool,
    pub based_on: Option<String>,
    pub scope: String,
    pub permissions: Vec<&'static str>,
    pub version: i64,
}

impl From<app::roles::RoleDetails> for RoleView {
    fn from(role: app::roles::RoleDetails) -> Self {
        Self {
            template: role.template.is_some(),
            based_on: role.based_on.map(|t| t.key().to_owned()),
            scope: role.scope.key().to_owned(),
            permissions: role.permissions.keys(),
            id: role.row.id,
            name: role.row.name,
            description: role.row.description,
            version: role.row.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    pub id: String,
    pub name: String,
    pub supervisor_ids: Vec<String>,
    pub member_ids: Vec<String>,
    pub project_ids: Vec<String>,
    #[schema(value_type = Object)]
    pub settings: domain::settings::Settings,
    pub version: i64,
    /// Only on `GET /groups/{id}`: company settings with this group's overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub effective_settings: Option<domain::settings::EffectiveSettings>,
}

impl From<app::groups::GroupDetails> for GroupView {
    fn from(group: app::groups::GroupDetails) -> Self {
        Self {
            id: group.row.id,
            name: group.row.name,
            supervisor_ids: group.supervisor_ids,
            member_ids: group.member_ids,
            project_ids: group.project_ids,
            settings: group.settings,
            version: group.row.version,
            effective_settings: None,
        }
    }
}

/// A page of a list: `{items, next, total?}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: utoipa::ToSchema> {
    pub items: Vec<T>,
    pub next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleSummary {
    pub id: String,
    pub name: String,
    /// Whether this is one of the five immutable template roles.
    pub template: bool,
    /// The template key (`admin`, `manager`, …) this role is or is based on.
    pub based_on: Option<String>,
    pub scope: String,
}

impl RoleSummary {
    pub fn of(role: &domain::actor::ActingRole) -> Self {
        Self {
            id: role.id.clone(),
            name: role.name.clone(),
            template: role.is_template,
            based_on: role.template.map(|t| t.key().to_owned()),
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
    /// The projects I belong to, directly or through a group.
    pub projects: Vec<String>,
    /// `simple` or `enhanced` (projects limit what I see unless I hold `projects.view_all`).
    pub security_mode: &'static str,
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
            projects: actor.project_ids.clone(),
            security_mode: if actor.enhanced_security {
                "enhanced"
            } else {
                "simple"
            },
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
