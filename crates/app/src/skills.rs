//! Skills agents hold with a level and queues require: company-wide vocabulary.

use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::skills::SkillRow;

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// A skill and how many agents hold it.
#[derive(Debug, Clone)]
pub struct SkillDetails {
    pub row: SkillRow,
    pub holders: i64,
}

async fn details(tx: &mut store::Tx, rows: Vec<SkillRow>) -> AppResult<Vec<SkillDetails>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let holders = store::skills::holders(tx, &row.id).await?;
        out.push(SkillDetails { row, holders });
    }
    Ok(out)
}

pub async fn list(
    ctx: &Context,
    actor: &Actor,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<SkillDetails>> {
    require(actor, Permission::SKILLS_VIEW)?;
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let rows = store::skills::list(&mut tx, &actor.company_id, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |s| &s.id);
    let total = if with_total {
        Some(store::skills::count(&mut tx, &actor.company_id).await?)
    } else {
        None
    };
    let items = details(&mut tx, rows).await?;
    Ok(Page { items, next, total })
}

pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<SkillDetails> {
    require(actor, Permission::SKILLS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    load(&mut tx, actor, id).await
}

async fn load(tx: &mut store::Tx, actor: &Actor, id: &str) -> AppResult<SkillDetails> {
    let row = store::skills::get(tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(details(tx, vec![row]).await?.remove(0))
}

async fn clean_name(
    tx: &mut store::Tx,
    actor: &Actor,
    name: &str,
    except: &str,
) -> AppResult<String> {
    let name = domain::profile::clean_name(name)
        .ok_or_else(|| AppError::from(FieldErrors::single("name", "required")))?;
    if store::skills::name_taken(tx, &actor.company_id, &name, except).await? {
        return Err(FieldErrors::single("name", "taken").into());
    }
    Ok(name)
}

pub async fn create(ctx: &Context, actor: &Actor, name: &str) -> AppResult<SkillDetails> {
    require(actor, Permission::SKILLS_MANAGE)?;
    let at = domain::clock::now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    let name = clean_name(&mut tx, actor, name, "").await?;
    store::skills::insert(&mut tx, &actor.company_id, &id, &name, at).await?;
    let created = load(&mut tx, actor, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "skill.created",
            "skill",
            &id,
            None,
            Some(json!({ "name": name })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn rename(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    name: &str,
    expected_version: Option<i64>,
) -> AppResult<SkillDetails> {
    require(actor, Permission::SKILLS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Skill, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    let name = clean_name(&mut tx, actor, name, id).await?;
    if !store::skills::rename(&mut tx, id, before.row.version, &name, at).await? {
        return Err(AppError::Stale);
    }
    let after = load(&mut tx, actor, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "skill.updated",
            "skill",
            id,
            Some(json!({ "name": before.row.name })),
            Some(json!({ "name": after.row.name })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a skill no queue requires (409 naming the queues); agents holding it lose it.
pub async fn delete(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::SKILLS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let before = load(&mut tx, actor, id).await?;
    let users = store::objects::used_by(&mut tx, &actor.company_id, id).await?;
    if !users.is_empty() {
        let named: Vec<String> = users
            .iter()
            .map(|u| format!("queue \"{}\"", u.name))
            .collect();
        return Err(AppError::Conflict {
            code: "in_use",
            message: format!("in use by {}", named.join(", ")),
        });
    }
    store::skills::delete(&mut tx, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "skill.deleted",
            "skill",
            id,
            Some(json!({ "name": before.row.name, "holders": before.holders })),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
