//! "Who can see this?": the access explanation of one user and one object, and the
//! list of users who see an object, with the reason for each.

use std::collections::HashMap;

use domain::access::{Explanation, Membership, Subject, explain_object};
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
    let subject = Subject {
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
