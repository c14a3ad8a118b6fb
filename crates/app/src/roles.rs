//! Roles: the catalog's templates and custom roles, mass assignment, per-section
//! access, and role tests.

use std::collections::HashMap;

use domain::clock::now;
use domain::{Actor, DataScope, FieldErrors, Permission, PermissionSet, Template};
use serde_json::json;
use store::Tx;
use store::roles::RoleRow;

use crate::Context;
use crate::access::{check_grant, require};
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// A role with the permissions it grants and how many users hold it.
#[derive(Debug, Clone)]
pub struct RoleDetails {
    pub row: RoleRow,
    pub template: Option<Template>,
    pub based_on: Option<Template>,
    pub scope: DataScope,
    pub permissions: PermissionSet,
}

impl RoleDetails {
    fn of(row: RoleRow, stored: &HashMap<String, Vec<String>>) -> Self {
        let template = row.template.as_deref().and_then(Template::parse);
        let permissions = match template {
            Some(t) => t.permissions(),
            None => PermissionSet::from_keys(
                stored
                    .get(&row.id)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            ),
        };
        RoleDetails {
            template,
            based_on: row
                .based_on
                .as_deref()
                .and_then(Template::parse)
                .or(template),
            scope: DataScope::parse(&row.scope).unwrap_or(DataScope::Own),
            permissions,
            row,
        }
    }

    /// The template whose rank this role has.
    pub fn rank(&self) -> Option<Template> {
        self.template.or(self.based_on)
    }

    fn audit_json(&self) -> serde_json::Value {
        json!({
            "name": self.row.name, "description": self.row.description,
            "based_on": self.row.based_on, "scope": self.row.scope,
            "permissions": self.permissions.keys(),
        })
    }
}

pub(crate) async fn load(tx: &mut Tx, company_id: &str, id: &str) -> AppResult<RoleDetails> {
    let row = store::roles::get_in_company(tx, company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = store::roles::permission_keys_of(tx, std::slice::from_ref(&row.id)).await?;
    Ok(RoleDetails::of(row, &stored))
}

pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<RoleDetails>> {
    require(actor, Permission::ROLES_VIEW)?;
    read_all(ctx, actor).await
}

/// A numbered page of the company's roles, sorted in SQL.
pub async fn list_ordered(
    ctx: &Context,
    actor: &Actor,
    order: store::sorting::Order<store::roles::RoleSort>,
) -> AppResult<crate::page::Numbered<RoleDetails>> {
    require(actor, Permission::ROLES_VIEW)?;
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let rows = store::roles::list_ordered(&mut tx, &scope, order).await?;
    let total = store::roles::count(&mut tx, &scope).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let stored = store::roles::permission_keys_of(&mut tx, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| RoleDetails::of(row, &stored))
        .collect();
    Ok(crate::page::Numbered { items, total })
}

/// The company's roles as labels and choices where users or API tokens are managed:
/// whoever may see users or hand out tokens may read which roles exist, without
/// `roles.view`. (Assigning one is still checked against rank and grants.)
pub async fn choices(ctx: &Context, actor: &Actor) -> AppResult<Vec<RoleDetails>> {
    let readers = [
        Permission::ROLES_VIEW,
        Permission::USERS_VIEW,
        Permission::USERS_MANAGE,
        Permission::API_TOKENS_MANAGE,
    ];
    if !readers.into_iter().any(|p| actor.can(p)) {
        return Err(AppError::Forbidden(Permission::ROLES_VIEW.key()));
    }
    read_all(ctx, actor).await
}

async fn read_all(ctx: &Context, actor: &Actor) -> AppResult<Vec<RoleDetails>> {
    let mut tx = ctx.pool.read().await?;
    let rows = store::roles::list(&mut tx, &actor.scope()).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let stored = store::roles::permission_keys_of(&mut tx, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| RoleDetails::of(row, &stored))
        .collect())
}

pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<RoleDetails> {
    require(actor, Permission::ROLES_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    load(&mut tx, &actor.company_id, id).await
}

/// How many users hold a role.
pub async fn user_count(ctx: &Context, actor: &Actor, id: &str) -> AppResult<i64> {
    require(actor, Permission::ROLES_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    Ok(store::users::count_with_role(&mut tx, &actor.company_id, id).await?)
}

/// Fields of a new custom role; absent fields of an edit stay as they are.
#[derive(Debug, Clone, Default)]
pub struct RoleInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub permissions: Option<Vec<String>>,
    pub scope: Option<String>,
    pub based_on: Option<String>,
}

struct ValidRole {
    name: String,
    description: String,
    permissions: PermissionSet,
    scope: DataScope,
    based_on: Template,
}

fn validate(input: RoleInput, current: Option<&RoleDetails>) -> AppResult<ValidRole> {
    let mut errors = FieldErrors::new();
    let name = input
        .name
        .or_else(|| current.map(|c| c.row.name.clone()))
        .and_then(|n| domain::profile::clean_name(&n));
    if name.is_none() {
        errors.add("name", "required");
    }
    let description = input
        .description
        .or_else(|| current.map(|c| c.row.description.clone()))
        .unwrap_or_default();
    if description.chars().count() > 500 {
        errors.add("description", "too_long");
    }
    let permissions = match input.permissions {
        Some(keys) => {
            let unknown: Vec<&str> = keys
                .iter()
                .map(String::as_str)
                .filter(|k| Permission::parse(k).is_none())
                .collect();
            if !unknown.is_empty() {
                errors.add("permissions", &format!("unknown: {}", unknown.join(", ")));
            }
            PermissionSet::from_keys(keys.iter().map(String::as_str))
        }
        None => current.map(|c| c.permissions.clone()).unwrap_or_default(),
    };
    let based_on = match input.based_on.as_deref() {
        Some(key) => Template::parse(key).unwrap_or_else(|| {
            errors.add("based_on", "invalid");
            Template::Agent
        }),
        None => current.and_then(|c| c.based_on).unwrap_or(Template::Agent),
    };
    // A new role starts with the scope of the template it is based on, as it starts
    // with its permissions; an edit keeps the role's own.
    let scope = match input.scope.as_deref() {
        Some(key) => DataScope::parse(key).unwrap_or_else(|| {
            errors.add("scope", "invalid");
            DataScope::Own
        }),
        None => current.map_or(based_on.scope(), |c| c.scope),
    };
    errors.into_result()?;
    Ok(ValidRole {
        name: name.unwrap_or_default(),
        description,
        permissions,
        scope,
        based_on,
    })
}

fn template_conflict() -> AppError {
    AppError::Conflict {
        code: "template_role",
        message: "Template roles cannot be changed or deleted; create a custom role based on it."
            .into(),
    }
}

pub async fn create(ctx: &Context, actor: &Actor, input: RoleInput) -> AppResult<RoleDetails> {
    require(actor, Permission::ROLES_MANAGE)?;
    let role = validate(input, None)?;
    check_grant(actor, &role.permissions, role.scope)?;
    let at = now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    store::roles::insert_custom(
        &mut tx,
        &actor.company_id,
        &id,
        &store::roles::RoleFields {
            name: &role.name,
            description: &role.description,
            based_on: role.based_on.key(),
            scope: role.scope.key(),
        },
        at,
    )
    .await?;
    store::roles::set_permissions(&mut tx, &id, &role.permissions.keys()).await?;
    let created = load(&mut tx, &actor.company_id, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.created",
            "role",
            &id,
            None,
            Some(created.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: RoleInput,
    if_match: Option<i64>,
) -> AppResult<RoleDetails> {
    require(actor, Permission::ROLES_MANAGE)?;
    let at = now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Role, &actor.company_id, id).await?;
    let current = load(&mut tx, &actor.company_id, id).await?;
    if current.template.is_some() {
        return Err(template_conflict());
    }
    if if_match.is_some_and(|v| v != current.row.version) {
        return Err(AppError::Stale);
    }
    let role = validate(input, Some(&current))?;
    check_grant(actor, &role.permissions, role.scope)?;
    let fields = store::roles::RoleFields {
        name: &role.name,
        description: &role.description,
        based_on: role.based_on.key(),
        scope: role.scope.key(),
    };
    if !store::roles::update_custom(
        &mut tx,
        &actor.company_id,
        id,
        current.row.version,
        &fields,
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    store::roles::set_permissions(&mut tx, id, &role.permissions.keys()).await?;
    let updated = load(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.updated",
            "role",
            id,
            Some(current.audit_json()),
            Some(updated.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

pub async fn delete(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::ROLES_MANAGE)?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let current = load(&mut tx, &actor.company_id, id).await?;
    if current.template.is_some() {
        return Err(template_conflict());
    }
    let holders = store::users::count_with_role(&mut tx, &actor.company_id, id).await?;
    if holders > 0 {
        return Err(AppError::Conflict {
            code: "role_in_use",
            message: format!("{holders} users hold this role; move them to another role first."),
        });
    }
    let tokens = store::api_tokens::count_with_role(&mut tx, &actor.company_id, id).await?;
    if tokens > 0 {
        return Err(AppError::Conflict {
            code: "role_in_use",
            message: format!("{tokens} API tokens carry this role; revoke them first."),
        });
    }
    store::roles::delete_custom(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.deleted",
            "role",
            id,
            Some(current.audit_json()),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Mass assignment: every listed user gets the role. All or nothing.
pub async fn assign_users(
    ctx: &Context,
    actor: &Actor,
    role_id: &str,
    user_ids: &[String],
) -> AppResult<usize> {
    require(actor, Permission::ROLES_MANAGE)?;
    if user_ids.is_empty() {
        return Ok(0);
    }
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let role = load(&mut tx, &actor.company_id, role_id).await?;
    crate::users::check_role_assignable(actor, &role)?;
    let mut ids: Vec<String> = user_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.contains(&actor.user_id) {
        return Err(AppError::Forbidden("nobody changes their own role"));
    }
    let scope = actor.scope();
    let mut before = Vec::new();
    for id in &ids {
        let user = store::users::get(&mut tx, &scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::users::check_may_edit(&mut tx, actor, &user).await?;
        before.push(json!({ "user_id": user.id, "role_id": user.role_id }));
    }
    store::users::set_role(&mut tx, &actor.company_id, &ids, role_id, at).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.users_assigned",
            "role",
            role_id,
            Some(json!(before)),
            Some(json!({ "user_ids": ids })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len())
}

/// Per-section access: every role with the permissions of `section` it holds.
pub async fn section_access(
    ctx: &Context,
    actor: &Actor,
    section: &str,
) -> AppResult<Vec<(RoleDetails, Vec<Permission>)>> {
    let section_permissions = section_permissions(section)?;
    let roles = list(ctx, actor).await?;
    Ok(roles
        .into_iter()
        .map(|role| {
            let held = section_permissions
                .iter()
                .copied()
                .filter(|p| role.permissions.has(*p))
                .collect();
            (role, held)
        })
        .collect())
}

fn section_permissions(section: &str) -> AppResult<Vec<Permission>> {
    if !domain::permissions::SECTIONS
        .iter()
        .any(|s| s.key == section)
    {
        return Err(AppError::NotFound);
    }
    Ok(Permission::all()
        .filter(|p| p.section() == section)
        .collect())
}

/// Sets which of `section`'s permissions a custom role holds, leaving its others alone.
pub async fn set_section_access(
    ctx: &Context,
    actor: &Actor,
    section: &str,
    role_id: &str,
    keys: &[String],
) -> AppResult<RoleDetails> {
    require(actor, Permission::ROLES_MANAGE)?;
    let section_permissions = section_permissions(section)?;
    let mut chosen = Vec::new();
    for key in keys {
        match Permission::parse(key).filter(|p| section_permissions.contains(p)) {
            Some(p) => chosen.push(p),
            None => {
                return Err(
                    FieldErrors::single("permissions", &format!("not_in_section: {key}")).into(),
                );
            }
        }
    }
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let current = load(&mut tx, &actor.company_id, role_id).await?;
    if current.template.is_some() {
        return Err(template_conflict());
    }
    let permissions: PermissionSet = current
        .permissions
        .iter()
        .filter(|p| p.section() != section)
        .chain(chosen)
        .collect();
    check_grant(actor, &permissions, current.scope)?;
    store::roles::set_permissions(&mut tx, role_id, &permissions.keys()).await?;
    store::roles::touch(&mut tx, &actor.company_id, role_id, at).await?;
    let updated = load(&mut tx, &actor.company_id, role_id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.updated",
            "role",
            role_id,
            Some(current.audit_json()),
            Some(updated.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

/// Makes the actor's session act with exactly `role_id`'s permissions and scope.
pub async fn start_test(ctx: &Context, actor: &Actor, role_id: &str) -> AppResult<()> {
    // A test already running does not lend its permissions to the next one.
    if !actor.role.permissions.has(Permission::ROLES_TEST) {
        return Err(AppError::Forbidden(Permission::ROLES_TEST.key()));
    }
    let session_id = actor
        .session_id
        .as_deref()
        .ok_or(AppError::Forbidden("role tests need a signed-in session"))?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let role = load(&mut tx, &actor.company_id, role_id).await?;
    let missing: Vec<&'static str> = role
        .permissions
        .iter()
        .filter(|p| !actor.role.permissions.has(*p))
        .map(Permission::key)
        .collect();
    if !missing.is_empty() {
        return Err(AppError::NotHeld(missing));
    }
    store::sessions::set_role_test(&mut tx, session_id, Some(role_id)).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "role.test_started",
            "role",
            role_id,
            None,
            Some(json!({ "session": "current" })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn end_test(ctx: &Context, actor: &Actor) -> AppResult<()> {
    let session_id = actor
        .session_id
        .as_deref()
        .ok_or(AppError::Forbidden("role tests need a signed-in session"))?;
    let Some(tested) = &actor.role_test else {
        return Ok(());
    };
    let at = now();
    let mut tx = ctx.pool.write().await?;
    store::sessions::set_role_test(&mut tx, session_id, None).await?;
    audit::record(
        &mut tx,
        Change::by(actor, "role.test_ended", "role", &tested.id, None, None, at),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
