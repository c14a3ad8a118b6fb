//! "Who can see this?": the access explanation of one user and one object, and the
//! list of users who see an object, with the reason for each.

use std::collections::HashMap;

use domain::access::{Explanation, Membership, explain_object};
use domain::actor::ActingRole;
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use store::Tx;
use store::users::{UserFilter, UserRow};

use crate::Context;
use crate::access::require;
use crate::error::{AppError, AppResult};

/// Explanations are about people, so they need `users.view`, and about an object the
/// asker sees: anything else answers 404 as if absent.
async fn object_projects(
    tx: &mut Tx,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
) -> AppResult<Vec<String>> {
    require(actor, Permission::USERS_VIEW)?;
    require(actor, kind.view_permission())?;
    let object = store::objects::get(tx, &actor.scope(), kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::objects::placements(tx, &actor.company_id, &object.id).await
}

async fn memberships(
    tx: &mut Tx,
    company_id: &str,
    user_ids: &[String],
) -> AppResult<HashMap<String, Vec<Membership>>> {
    let mut by_user: HashMap<String, Vec<Membership>> = HashMap::new();
    for row in store::projects::memberships_of_users(tx, company_id, user_ids).await? {
        by_user.entry(row.user_id).or_default().push(Membership {
            project_id: row.project_id,
            project_name: row.project_name,
            group_id: row.group_id,
            group_name: row.group_name,
        });
    }
    Ok(by_user)
}

/// The role each user holds, loaded once per role.
struct Roles(HashMap<String, Option<ActingRole>>);

impl Roles {
    async fn of(&mut self, tx: &mut Tx, user: &UserRow) -> AppResult<Option<&ActingRole>> {
        if !self.0.contains_key(&user.role_id) {
            let role = crate::sessions::acting_role(tx, &user.company_id, &user.role_id).await?;
            self.0.insert(user.role_id.clone(), role);
        }
        Ok(self.0[&user.role_id].as_ref())
    }
}

fn explain_for(
    actor: &Actor,
    user: &UserRow,
    role: Option<&ActingRole>,
    memberships: &[Membership],
    kind: ObjectKind,
    projects: &[String],
) -> Explanation {
    let none = domain::PermissionSet::default();
    let subject = domain::access::Subject {
        active: user.active && role.is_some(),
        role_name: role.map_or("", |r| r.name.as_str()),
        permissions: role.map_or(&none, |r| &r.permissions),
        enhanced_security: actor.enhanced_security,
        memberships,
    };
    explain_object(&subject, kind, projects)
}

/// Whether `user_id` sees object `kind`/`id`, and why, step by step.
pub async fn explain(
    ctx: &Context,
    actor: &Actor,
    user_id: &str,
    kind: ObjectKind,
    id: &str,
) -> AppResult<Explanation> {
    let mut tx = ctx.pool.read().await?;
    let projects = object_projects(&mut tx, actor, kind, id).await?;
    let user = store::users::get(&mut tx, &actor.scope(), user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let memberships = memberships(&mut tx, &actor.company_id, std::slice::from_ref(&user.id))
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    let role = crate::sessions::acting_role(&mut tx, &actor.company_id, &user.role_id).await?;
    Ok(explain_for(
        actor,
        &user,
        role.as_ref(),
        &memberships,
        kind,
        &projects,
    ))
}

/// A user who sees the object, and why.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: String,
    pub name: String,
    pub explanation: Explanation,
}

/// The most users "who" considers; larger companies filter by group first.
pub const WHO_LIMIT: i64 = 5_000;

/// The users (among those the asker sees) who see object `kind`/`id`.
pub async fn who(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
) -> AppResult<Vec<Viewer>> {
    let mut tx = ctx.pool.read().await?;
    let projects = object_projects(&mut tx, actor, kind, id).await?;
    let filter = UserFilter {
        active: Some(true),
        ..UserFilter::default()
    };
    let users = store::users::list(&mut tx, &actor.scope(), &filter, None, WHO_LIMIT).await?;
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let mut by_user = memberships(&mut tx, &actor.company_id, &ids).await?;
    let mut roles = Roles(HashMap::new());
    let mut viewers = Vec::new();
    for user in &users {
        let role = roles.of(&mut tx, user).await?;
        let memberships = by_user.remove(&user.id).unwrap_or_default();
        let explanation = explain_for(actor, user, role, &memberships, kind, &projects);
        if explanation.allowed {
            viewers.push(Viewer {
                user_id: user.id.clone(),
                name: user.name.clone(),
                explanation,
            });
        }
    }
    viewers.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.user_id.cmp(&b.user_id)));
    Ok(viewers)
}

/// What an explanation is about: a configuration object, a user or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Object(ObjectKind),
    Users,
    Groups,
}

impl Target {
    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "users" => Some(Target::Users),
            "groups" => Some(Target::Groups),
            other => ObjectKind::parse(other).map(Target::Object),
        }
    }
}

/// Whether `user_id` sees `subject`/`id`, and why. Users and groups are limited by the
/// data scope too; their explanation runs the very predicates the lists run.
pub async fn explain_any(
    ctx: &Context,
    actor: &Actor,
    user_id: &str,
    subject: Target,
    id: &str,
) -> AppResult<Explanation> {
    match subject {
        Target::Object(kind) => explain(ctx, actor, user_id, kind, id).await,
        Target::Users | Target::Groups => {
            explain_person_or_group(ctx, actor, user_id, subject, id).await
        }
    }
}

async fn explain_person_or_group(
    ctx: &Context,
    actor: &Actor,
    user_id: &str,
    subject: Target,
    id: &str,
) -> AppResult<Explanation> {
    use domain::access::Step;

    require(actor, Permission::USERS_VIEW)?;
    let permission = if subject == Target::Users {
        Permission::USERS_VIEW
    } else {
        Permission::GROUPS_VIEW
    };
    require(actor, permission)?;
    let mut tx = ctx.pool.read().await?;
    let ids = [id.to_owned()];
    let asked = actor.scope();
    let target_visible = match subject {
        Target::Users => !store::users::visible(&mut tx, &asked, &ids)
            .await?
            .is_empty(),
        _ => !store::groups::visible(&mut tx, &asked, &ids)
            .await?
            .is_empty(),
    };
    let user = store::users::get(&mut tx, &asked, user_id).await?;
    let (Some(user), true) = (user, target_visible) else {
        return Err(AppError::NotFound);
    };
    let role = crate::sessions::acting_role(&mut tx, &actor.company_id, &user.role_id).await?;
    let subject_actor =
        crate::sessions::actor_for_user(&mut tx, &actor.company_id, &user.id).await?;
    let mut steps = vec![Step {
        check: "account",
        passed: subject_actor.is_some(),
        detail: if subject_actor.is_some() {
            "The account is active.".into()
        } else {
            "The account is blocked: it sees nothing.".into()
        },
    }];
    let role_name = role.as_ref().map_or("", |r| r.name.as_str());
    let holds = role.as_ref().is_some_and(|r| r.permissions.has(permission));
    steps.push(Step {
        check: "permission",
        passed: holds,
        detail: format!(
            "Role \"{role_name}\" {} {}.",
            if holds { "holds" } else { "lacks" },
            permission.key()
        ),
    });
    let Some(subject_actor) = subject_actor else {
        return Ok(Explanation {
            allowed: false,
            steps,
            via: Vec::new(),
        });
    };
    let scope = subject_actor.scope();
    let sees = async |tx: &mut Tx, scope: &domain::Scope| -> AppResult<bool> {
        Ok(match subject {
            Target::Users => !store::users::visible(tx, scope, &ids).await?.is_empty(),
            _ => !store::groups::visible(tx, scope, &ids).await?.is_empty(),
        })
    };
    let by_scope = sees(&mut tx, &scope.without_projects()).await?;
    let data_scope = scope.data_scope();
    steps.push(Step {
        check: "scope",
        passed: by_scope,
        detail: format!(
            "Data scope \"{}\": {}.",
            data_scope.key(),
            match (data_scope, subject) {
                (domain::DataScope::All, _) => "every row of the company",
                (domain::DataScope::Managed, Target::Users) =>
                    "the active members of the groups they supervise",
                (domain::DataScope::Managed, _) => "the groups they supervise",
                (domain::DataScope::Own, Target::Users) => "only themself",
                (domain::DataScope::Own, _) => "the groups they belong to",
            }
        ),
    });
    let by_projects = sees(&mut tx, &scope.widened()).await?;
    let detail = match scope.projects() {
        None if !subject_actor.enhanced_security => {
            "Simple security: projects do not limit what anyone sees.".to_owned()
        }
        None => "The role holds projects.view_all: every project's rows.".to_owned(),
        Some(_) if by_projects => "Shares a project with it.".to_owned(),
        Some(_) => "Enhanced security: no project in common.".to_owned(),
    };
    steps.push(Step {
        check: "projects",
        passed: by_projects,
        detail,
    });
    // The full predicate decides; the steps say which part refused.
    let allowed = holds && sees(&mut tx, &scope).await?;
    Ok(Explanation {
        allowed,
        steps,
        via: Vec::new(),
    })
}
