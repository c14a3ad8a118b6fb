//! Pause reasons: the codes a company's agents pause with (Break, Lunch…), each with an
//! optional maximum. Agents and boards read them; company administrators
//! (`company.settings`) configure them.

use domain::pauses::{self, ReasonFields};
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Value, json};
use store::Tx;
use store::pause_reasons::PauseReasonRow;

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// Who may read the company's reasons: whoever pauses or watches agents.
fn may_read(actor: &Actor) -> bool {
    [
        Permission::WORKSPACE_USE,
        Permission::LIVE_VIEW,
        Permission::LIVE_MANAGE,
        Permission::COMPANY_SETTINGS,
    ]
    .into_iter()
    .any(|p| actor.can(p))
}

/// The company's reasons in use, by name.
pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<PauseReasonRow>> {
    if !may_read(actor) {
        return Err(AppError::Forbidden(Permission::WORKSPACE_USE.key()));
    }
    let mut tx = ctx.pool.read().await?;
    Ok(store::pause_reasons::active(&mut tx, &actor.company_id).await?)
}

/// A reason in use of the actor's company; a retired one or another company's is 404.
async fn load(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<PauseReasonRow> {
    store::pause_reasons::get(tx, &actor.company_id, id)
        .await?
        .filter(|r| r.active)
        .ok_or(AppError::NotFound)
}

async fn checked(
    tx: &mut Tx,
    actor: &Actor,
    name: &str,
    max_minutes: Option<i64>,
    except: &str,
) -> AppResult<ReasonFields> {
    let fields = pauses::check(name, max_minutes)?;
    if store::pause_reasons::name_taken(tx, &actor.company_id, &fields.name, except).await? {
        return Err(FieldErrors::single("name", "taken").into());
    }
    Ok(fields)
}

fn audited(row: &PauseReasonRow) -> Value {
    json!({ "name": row.name, "max_minutes": row.max_minutes })
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    name: &str,
    max_minutes: Option<i64>,
) -> AppResult<PauseReasonRow> {
    require(actor, Permission::COMPANY_SETTINGS)?;
    let at = domain::clock::now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    let fields = checked(&mut tx, actor, name, max_minutes, "").await?;
    store::pause_reasons::insert(
        &mut tx,
        &actor.company_id,
        &id,
        &fields.name,
        fields.max_minutes,
        at,
    )
    .await?;
    let created = load(&mut tx, actor, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "pause_reason.created",
            "pause_reason",
            &id,
            None,
            Some(audited(&created)),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Renames a reason or changes its maximum, each when given (`max_minutes: Some(None)`
/// removes the limit). A pause in force shows the change on the boards at once; pauses
/// already taken keep the maximum they began with.
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    name: Option<&str>,
    max_minutes: Option<Option<i64>>,
    expected_version: Option<i64>,
) -> AppResult<PauseReasonRow> {
    require(actor, Permission::COMPANY_SETTINGS)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::PauseReason,
        &actor.company_id,
        id,
    )
    .await?;
    let before = load(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let name = name.unwrap_or(&before.name);
    let max_minutes = max_minutes.unwrap_or(before.max_minutes);
    let fields = checked(&mut tx, actor, name, max_minutes, id).await?;
    if !store::pause_reasons::update(
        &mut tx,
        id,
        before.version,
        &fields.name,
        fields.max_minutes,
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    let after = load(&mut tx, actor, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "pause_reason.updated",
            "pause_reason",
            id,
            Some(audited(&before)),
            Some(audited(&after)),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// What deleting a reason would touch: its name, and how many agents are paused with
/// it now (they stay paused with it).
pub async fn deletion(ctx: &Context, actor: &Actor, id: &str) -> AppResult<(String, i64)> {
    require(actor, Permission::COMPANY_SETTINGS)?;
    let mut tx = ctx.pool.read().await?;
    let reason = load(&mut tx, actor, id).await?;
    let paused = store::pause_reasons::agents_paused_with(&mut tx, id).await?;
    Ok((reason.name, paused))
}

/// Retires a reason: it is no longer offered, and its name is free again, while the
/// pauses taken with it (and one in force now) keep naming it.
pub async fn delete(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::COMPANY_SETTINGS)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::PauseReason,
        &actor.company_id,
        id,
    )
    .await?;
    let before = load(&mut tx, actor, id).await?;
    let paused_now = store::pause_reasons::agents_paused_with(&mut tx, id).await?;
    if !store::pause_reasons::retire(&mut tx, id, at).await? {
        return Err(AppError::NotFound);
    }
    let mut gone = audited(&before);
    gone["agents_paused"] = json!(paused_now);
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "pause_reason.deleted",
            "pause_reason",
            id,
            Some(gone),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The reason a pause is taken with: a configured one of the company (required once
/// the company has any), else the free text given.
pub(crate) async fn for_pause(
    tx: &mut Tx,
    company_id: &str,
    reason_id: Option<&str>,
    text: &str,
) -> AppResult<store::agent_states::PauseReason> {
    match reason_id.filter(|id| !id.is_empty()) {
        Some(id) => {
            let reason = store::pause_reasons::get(tx, company_id, id)
                .await?
                .filter(|r| r.active)
                .ok_or_else(|| AppError::from(FieldErrors::single("pause_reason_id", "unknown")))?;
            Ok(store::agent_states::PauseReason {
                id: Some(reason.id),
                label: reason.name,
                max_minutes: reason.max_minutes,
            })
        }
        None if store::pause_reasons::active(tx, company_id)
            .await?
            .is_empty() =>
        {
            Ok(store::agent_states::PauseReason {
                id: None,
                label: text.to_owned(),
                max_minutes: None,
            })
        }
        None => Err(FieldErrors::single("pause_reason_id", "required").into()),
    }
}
