//! Groups: agents gathered under supervisors, with settings that override the
//! company's general settings for their members.

use domain::clock::now;
use domain::settings::{EffectiveSettings, Settings};
use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::Tx;
use store::groups::{GroupRow, Membership};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};
use crate::live::Signal;
use crate::page::Page;

#[derive(Debug, Clone)]
pub struct GroupDetails {
    pub row: GroupRow,
    pub settings: Settings,
    pub supervisor_ids: Vec<String>,
    pub member_ids: Vec<String>,
    /// Projects the group is a member of.
    pub project_ids: Vec<String>,
}

async fn with_people(
    tx: &mut Tx,
    company_id: &str,
    rows: Vec<GroupRow>,
) -> AppResult<Vec<GroupDetails>> {
    let ids: Vec<String> = rows.iter().map(|g| g.id.clone()).collect();
    let mut supervisors =
        store::groups::people(tx, company_id, &ids, Membership::Supervisors).await?;
    let mut members = store::groups::people(tx, company_id, &ids, Membership::Members).await?;
    let mut projects =
        store::projects::memberships(tx, company_id, store::projects::Member::Group, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| GroupDetails {
            project_ids: projects.remove(&row.id).unwrap_or_default(),
            settings: Settings::from_json(&row.settings),
            supervisor_ids: supervisors.remove(&row.id).unwrap_or_default(),
            member_ids: members.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// Groups the actor's scope reaches (a supervisor: the groups they manage).
pub async fn list(
    ctx: &Context,
    actor: &Actor,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<GroupDetails>> {
    require(actor, Permission::GROUPS_VIEW)?;
    let scope = actor.scope();
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let rows = store::groups::list(&mut tx, &scope, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |g| &g.id);
    let total = if with_total {
        Some(store::groups::count(&mut tx, &scope).await?)
    } else {
        None
    };
    let items = with_people(&mut tx, &actor.company_id, rows).await?;
    Ok(Page { items, next, total })
}

/// A numbered page of the groups the actor sees, sorted in SQL.
pub async fn list_ordered(
    ctx: &Context,
    actor: &Actor,
    order: store::sorting::Order<store::groups::GroupSort>,
) -> AppResult<crate::page::Numbered<GroupDetails>> {
    require(actor, Permission::GROUPS_VIEW)?;
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let rows = store::groups::list_ordered(&mut tx, &scope, order).await?;
    let total = store::groups::count(&mut tx, &scope).await?;
    let items = with_people(&mut tx, &actor.company_id, rows).await?;
    Ok(crate::page::Numbered { items, total })
}

/// A group with the settings in force for its members (company, then group).
pub async fn get(
    ctx: &Context,
    actor: &Actor,
    id: &str,
) -> AppResult<(GroupDetails, EffectiveSettings)> {
    require(actor, Permission::GROUPS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let row = store::groups::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let group = with_people(&mut tx, &actor.company_id, vec![row])
        .await?
        .remove(0);
    let company = store::companies::get_by_id(&mut tx, &actor.company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let effective = Settings::from_json(&company.settings)
        .overridden_by(&group.settings)
        .resolve();
    Ok((group, effective))
}

#[derive(Debug, Clone, Default)]
pub struct GroupInput {
    pub name: Option<String>,
    pub supervisor_ids: Option<Vec<String>>,
    pub member_ids: Option<Vec<String>>,
    pub settings: Option<Settings>,
    /// Projects the group is a direct member of; needs `projects.access`.
    pub project_ids: Option<Vec<String>>,
}

/// Every id must name a user of the actor's company; others are refused alike.
async fn check_users(
    tx: &mut Tx,
    actor: &Actor,
    field: &str,
    ids: &[String],
) -> AppResult<Vec<String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if store::users::visible(tx, &actor.scope().widened(), &ids)
        .await?
        .len()
        != ids.len()
    {
        return Err(FieldErrors::single(field, "not_found").into());
    }
    Ok(ids)
}

pub async fn create(ctx: &Context, actor: &Actor, input: GroupInput) -> AppResult<GroupDetails> {
    require(actor, Permission::GROUPS_MANAGE)?;
    let name = input
        .name
        .as_deref()
        .and_then(domain::profile::clean_name)
        .ok_or_else(|| AppError::Invalid(FieldErrors::single("name", "required")))?;
    let at = now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    let settings = input.settings.unwrap_or_default();
    store::groups::insert(
        &mut tx,
        &actor.company_id,
        &id,
        &name,
        &settings.to_json(),
        at,
    )
    .await?;
    let supervisors = check_users(
        &mut tx,
        actor,
        "supervisor_ids",
        &input.supervisor_ids.unwrap_or_default(),
    )
    .await?;
    let members = check_users(
        &mut tx,
        actor,
        "member_ids",
        &input.member_ids.unwrap_or_default(),
    )
    .await?;
    store::groups::set_people(
        &mut tx,
        &actor.company_id,
        &id,
        Membership::Supervisors,
        &supervisors,
    )
    .await?;
    store::groups::set_people(
        &mut tx,
        &actor.company_id,
        &id,
        Membership::Members,
        &members,
    )
    .await?;
    if let Some(projects) = input.project_ids.filter(|p| !p.is_empty()) {
        crate::projects::set_memberships(
            &mut tx,
            actor,
            store::projects::Member::Group,
            &id,
            &projects,
        )
        .await?;
    }
    let created = load(&mut tx, actor, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "group.created",
            "group",
            &id,
            None,
            Some(audit_json(&created)),
            at,
        )
        .in_projects(created.project_ids.clone()),
    )
    .await?;
    crate::live::commit(ctx, tx, vec![Signal::access(&actor.company_id)]).await?;
    Ok(created)
}

async fn load(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<GroupDetails> {
    let row = store::groups::get(tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(with_people(tx, &actor.company_id, vec![row])
        .await?
        .remove(0))
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: GroupInput,
    if_match: Option<i64>,
) -> AppResult<GroupDetails> {
    require(actor, Permission::GROUPS_MANAGE)?;
    let at = now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Group, &actor.company_id, id).await?;
    let current = load(&mut tx, actor, id).await?;
    if if_match.is_some_and(|v| v != current.row.version) {
        return Err(AppError::Stale);
    }
    let name = match input.name {
        Some(name) => domain::profile::clean_name(&name)
            .ok_or_else(|| AppError::Invalid(FieldErrors::single("name", "required")))?,
        None => current.row.name.clone(),
    };
    let settings = input.settings.unwrap_or_else(|| current.settings.clone());
    if !store::groups::update(
        &mut tx,
        &actor.company_id,
        id,
        current.row.version,
        &name,
        &settings.to_json(),
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    if let Some(ids) = input.supervisor_ids {
        let ids = check_users(&mut tx, actor, "supervisor_ids", &ids).await?;
        store::groups::set_people(
            &mut tx,
            &actor.company_id,
            id,
            Membership::Supervisors,
            &ids,
        )
        .await?;
    }
    if let Some(ids) = input.member_ids {
        let ids = check_users(&mut tx, actor, "member_ids", &ids).await?;
        store::groups::set_people(&mut tx, &actor.company_id, id, Membership::Members, &ids)
            .await?;
    }
    if let Some(projects) = input.project_ids {
        crate::projects::set_memberships(
            &mut tx,
            actor,
            store::projects::Member::Group,
            id,
            &projects,
        )
        .await?;
    }
    let updated = load(&mut tx, actor, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "group.updated",
            "group",
            id,
            Some(audit_json(&current)),
            Some(audit_json(&updated)),
            at,
        )
        .in_projects(
            current
                .project_ids
                .iter()
                .chain(&updated.project_ids)
                .cloned(),
        ),
    )
    .await?;
    crate::live::commit(ctx, tx, vec![Signal::access(&actor.company_id)]).await?;
    Ok(updated)
}

pub async fn delete(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::GROUPS_MANAGE)?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let current = load(&mut tx, actor, id).await?;
    store::groups::delete(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "group.deleted",
            "group",
            id,
            Some(audit_json(&current)),
            None,
            at,
        )
        .in_projects(current.project_ids.clone()),
    )
    .await?;
    crate::live::commit(ctx, tx, vec![Signal::access(&actor.company_id)]).await?;
    Ok(())
}

fn audit_json(group: &GroupDetails) -> serde_json::Value {
    json!({
        "name": group.row.name, "settings": group.settings,
        "supervisor_ids": group.supervisor_ids, "member_ids": group.member_ids,
        "project_ids": group.project_ids,
    })
}
