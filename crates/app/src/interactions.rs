//! Calls and chats: recorded by the telephony platform (idempotent on its own id) or
//! by operators' contact attempts, completed as they are answered and end, and read
//! as the call and chat log under the reader's scope.

use domain::clock::{Timestamp, now};
use domain::interactions::{self, Direction, Medium, Times};
use domain::objects::ObjectKind;
use domain::{Actor, DataScope, FieldErrors, Permission, Scope};
use store::Tx;
use store::interactions::{InteractionFilter, InteractionRow};

use crate::Context;
use crate::access::require;
use crate::error::{AppError, AppResult};
use crate::live::{self, Signal};
use crate::page::Page;

/// The longest external id kept (telephony platforms' call ids are 20–64 characters).
const MAX_EXTERNAL_ID: usize = 128;

/// An interaction as the telephony platform reports it.
#[derive(Debug, Clone)]
pub struct NewInteraction {
    pub channel: Medium,
    pub direction: Direction,
    pub from: String,
    pub to: String,
    pub queue_id: Option<String>,
    pub campaign_id: Option<String>,
    pub agent_id: Option<String>,
    pub case_id: Option<String>,
    pub started_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub disposition: String,
    pub recording_url: String,
    pub external_id: Option<String>,
}

/// Whether a POST stored something new or found what an earlier one stored.
#[derive(Debug)]
pub enum Recorded {
    Created(InteractionRow),
    Existing(InteractionRow),
}

/// Whom the call log shows the actor: their scope's calls, except that an own-scope
/// role with `calls.view_all` (agents, who review everyone's calls) reads every call
/// of their projects. A managed scope stays with its groups' agents and its queues.
fn log_scope(actor: &Actor) -> Scope {
    let scope = actor.scope();
    if scope.data_scope() == DataScope::Own && actor.can(Permission::CALLS_VIEW_ALL) {
        scope.widened()
    } else {
        scope
    }
}

/// Recording links only for those who may listen.
fn shown(actor: &Actor, mut row: InteractionRow) -> InteractionRow {
    if !actor.can(Permission::RECORDINGS_LISTEN) {
        row.recording_url.clear();
    }
    row
}

/// Records an interaction the telephony platform reports. One that repeats an
/// external id already stored creates nothing and answers the stored one.
pub async fn record(ctx: &Context, actor: &Actor, input: NewInteraction) -> AppResult<Recorded> {
    require(actor, Permission::CALLS_INGEST)?;
    let mut errors = FieldErrors::new();
    let external_id = input
        .external_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    if external_id
        .as_ref()
        .is_some_and(|id| id.chars().count() > MAX_EXTERNAL_ID)
    {
        errors.add("external_id", "too_long");
    }
    let from = interactions::short_text("from", &input.from, &mut errors);
    let to = interactions::short_text("to", &input.to, &mut errors);
    let disposition = interactions::short_text("disposition", &input.disposition, &mut errors);
    let recording_url = interactions::recording_url(&input.recording_url, &mut errors);
    let times = Times {
        started_at: input.started_at,
        answered_at: input.answered_at,
        ended_at: input.ended_at,
    };
    times.check(&mut errors);
    errors.into_result()?;

    if let Some(id) = &external_id
        && let Some(existing) = existing(ctx, actor, id).await?
    {
        return Ok(Recorded::Existing(existing));
    }
    let mut tx = ctx.pool.write().await?;
    check_references(
        &mut tx,
        actor,
        &References {
            queue_id: input.queue_id.as_deref(),
            campaign_id: input.campaign_id.as_deref(),
            agent_id: input.agent_id.as_deref(),
            case_id: input.case_id.as_deref(),
        },
    )
    .await?;
    let project_id = store::interactions::project_of(
        &mut tx,
        input.campaign_id.as_deref(),
        input.queue_id.as_deref(),
    )
    .await?;
    let at = now();
    let row = InteractionRow {
        project_id,
        from_number: from,
        to_number: to,
        queue_id: input.queue_id,
        campaign_id: input.campaign_id,
        agent_id: input.agent_id,
        case_id: input.case_id,
        disposition,
        recording_url,
        external_id: external_id.clone(),
        ..InteractionRow::new(
            domain::ids::new_id(),
            &actor.company_id,
            input.channel.key(),
            input.direction.key(),
            &times,
            at,
        )
    };
    match store::interactions::insert(&mut tx, &row).await {
        Ok(()) => {}
        // A retry racing the first delivery: the other one stored it.
        Err(store::StoreError::Unique(_)) if external_id.is_some() => {
            drop(tx);
            let id = external_id.as_deref().unwrap_or_default();
            return existing(ctx, actor, id)
                .await?
                .map(Recorded::Existing)
                .ok_or_else(external_id_taken);
        }
        Err(error) => return Err(error.into()),
    }
    live::commit(ctx, tx, signals(&row)).await?;
    Ok(Recorded::Created(shown(actor, row)))
}

fn external_id_taken() -> AppError {
    AppError::Conflict {
        code: "external_id_taken",
        message: "another interaction, which you cannot see, has this external id".into(),
    }
}

/// The interaction stored under `external_id`: answered if the actor may see it,
/// refused as a conflict if it exists out of their sight.
async fn existing(
    ctx: &Context,
    actor: &Actor,
    external_id: &str,
) -> AppResult<Option<InteractionRow>> {
    let mut tx = ctx.pool.read().await?;
    let Some(row) =
        store::interactions::by_external_id(&mut tx, &actor.company_id, external_id).await?
    else {
        return Ok(None);
    };
    match store::interactions::get(&mut tx, &log_scope(actor), &row.id).await? {
        Some(row) => Ok(Some(shown(actor, row))),
        None => Err(external_id_taken()),
    }
}

/// The boards an interaction's change shows on: its queue's.
fn signals(row: &InteractionRow) -> Vec<Signal> {
    row.queue_id
        .iter()
        .map(|queue| Signal::queue(&row.company_id, queue))
        .collect()
}

struct References<'a> {
    queue_id: Option<&'a str>,
    campaign_id: Option<&'a str>,
    agent_id: Option<&'a str>,
    case_id: Option<&'a str>,
}

/// Every id an interaction names must be something of that kind the actor sees.
async fn check_references(tx: &mut Tx, actor: &Actor, refs: &References<'_>) -> AppResult<()> {
    let scope = actor.scope();
    let mut errors = FieldErrors::new();
    for (field, id, kind) in [
        ("queue_id", refs.queue_id, ObjectKind::Queues),
        ("campaign_id", refs.campaign_id, ObjectKind::DialerCampaigns),
    ] {
        if let Some(id) = id
            && store::objects::get(tx, &scope, kind, id).await?.is_none()
        {
            errors.add(field, "not_found");
        }
    }
    if let Some(agent) = refs.agent_id
        && store::users::get(tx, &scope.widened(), agent)
            .await?
            .is_none()
    {
        errors.add("agent_id", "not_found");
    }
    if let Some(case) = refs.case_id
        && store::cases::get(tx, &scope.widened(), case)
            .await?
            .is_none()
    {
        errors.add("case_id", "not_found");
    }
    Ok(errors.into_result()?)
}

/// What the platform reports as an interaction goes on: answered, ended, its
/// disposition, recording, agent or case. Unset fields keep their value.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub agent_id: Option<String>,
    pub case_id: Option<String>,
    pub answered_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub disposition: Option<String>,
    pub recording_url: Option<String>,
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    progress: Progress,
    if_match: Option<i64>,
) -> AppResult<InteractionRow> {
    require(actor, Permission::CALLS_INGEST)?;
    let mut tx = ctx.pool.write().await?;
    let before = store::interactions::get(&mut tx, &log_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if if_match.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let mut errors = FieldErrors::new();
    let mut row = before.clone();
    if let Some(disposition) = &progress.disposition {
        row.disposition = interactions::short_text("disposition", disposition, &mut errors);
    }
    if let Some(url) = &progress.recording_url {
        row.recording_url = interactions::recording_url(url, &mut errors);
    }
    row.answered_at = progress.answered_at.or(before.answered_at);
    row.ended_at = progress.ended_at.or(before.ended_at);
    let times = Times {
        started_at: row.started_at,
        answered_at: row.answered_at,
        ended_at: row.ended_at,
    };
    times.check(&mut errors);
    errors.into_result()?;
    check_references(
        &mut tx,
        actor,
        &References {
            queue_id: None,
            campaign_id: None,
            agent_id: progress.agent_id.as_deref(),
            case_id: progress.case_id.as_deref(),
        },
    )
    .await?;
    if progress.agent_id.is_some() {
        row.agent_id = progress.agent_id;
    }
    if progress.case_id.is_some() {
        row.case_id = progress.case_id;
    }
    let durations = times.durations();
    row.wait_seconds = durations.wait_seconds;
    row.talk_seconds = durations.talk_seconds;
    row.duration_seconds = durations.duration_seconds;
    row.updated_at = now();
    if !store::interactions::update(&mut tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    live::commit(ctx, tx, signals(&row)).await?;
    Ok(shown(actor, row))
}

pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<InteractionRow> {
    require(actor, Permission::CALLS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let row = store::interactions::get(&mut tx, &log_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(shown(actor, row))
}

/// The call and chat log, newest first.
pub async fn list(
    ctx: &Context,
    actor: &Actor,
    filter: &InteractionFilter,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<InteractionRow>> {
    require(actor, Permission::CALLS_VIEW)?;
    let scope = log_scope(actor);
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let mut rows = store::interactions::list(&mut tx, &scope, filter, after, limit + 1)
        .await?
        .ok_or_else(|| AppError::from(FieldErrors::single("cursor", "invalid")))?;
    let next = (rows.len() > usize::try_from(limit).unwrap_or(0)).then(|| {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(store::interactions::cursor)
    });
    let total = if with_total {
        Some(store::interactions::count(&mut tx, &scope, filter).await?)
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(|row| shown(actor, row)).collect(),
        next: next.flatten(),
        total,
    })
}

/// Links the call or chat `id`, which the platform recorded, to the case an attempt is
/// logged on: it must be one the actor sees, of the attempt's channel, about no other
/// case. Nothing else of it changes.
pub async fn link_attempt(
    tx: &mut Tx,
    actor: &Actor,
    case: &store::cases::CaseRow,
    channel: Medium,
    id: &str,
) -> AppResult<()> {
    let invalid = |problem: &str| AppError::from(FieldErrors::single("interaction_id", problem));
    let before = store::interactions::get(tx, &log_scope(actor), id)
        .await?
        .ok_or_else(|| invalid("not_found"))?;
    if before.channel != channel.key() {
        return Err(invalid("other_channel"));
    }
    match before.case_id.as_deref() {
        Some(other) if other != case.id => return Err(invalid("other_case")),
        Some(_) => return Ok(()),
        None => {}
    }
    let mut row = before.clone();
    row.case_id = Some(case.id.clone());
    row.updated_at = now();
    if !store::interactions::update(tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    Ok(())
}

/// How far back an operator's own calls and chats are offered to a contact attempt.
const LINKABLE_HOURS: i64 = 12;

/// The actor's own calls and chats of the last hours not tied to another case, newest
/// first: what a contact attempt on case `case_id` can stand for, rather than a second
/// record of a call the telephony platform already reported ([`link_attempt`]).
pub async fn linkable(
    ctx: &Context,
    actor: &Actor,
    case_id: &str,
) -> AppResult<Vec<InteractionRow>> {
    require(actor, Permission::CASES_EDIT)?;
    let filter = InteractionFilter {
        agent_id: Some(actor.user_id.clone()),
        from: Some(now() - chrono::Duration::hours(LINKABLE_HOURS)),
        ..InteractionFilter::default()
    };
    let mut tx = ctx.pool.read().await?;
    let rows = store::interactions::list(&mut tx, &log_scope(actor), &filter, None, 50)
        .await?
        .unwrap_or_default();
    Ok(rows
        .into_iter()
        .filter(|i| i.case_id.as_deref().is_none_or(|c| c == case_id))
        .take(10)
        .map(|i| shown(actor, i))
        .collect())
}

/// The interaction a contact attempt by call or chat stands for, inside the attempt's
/// transaction: outbound, by the operator, to the case's first phone, answered when
/// the result reached the customer.
pub async fn record_attempt(
    tx: &mut Tx,
    actor: &Actor,
    case: &store::cases::CaseRow,
    channel: Medium,
    result: &str,
    reached: bool,
    at: Timestamp,
) -> AppResult<()> {
    let phones: Vec<String> = serde_json::from_str(&case.customer_phones).unwrap_or_default();
    let times = Times {
        started_at: at,
        answered_at: reached.then_some(at),
        ended_at: Some(at),
    };
    let row = InteractionRow {
        project_id: case.project_id.clone(),
        to_number: phones.into_iter().next().unwrap_or_default(),
        campaign_id: case.campaign_id.clone(),
        agent_id: Some(actor.user_id.clone()),
        case_id: Some(case.id.clone()),
        disposition: result.to_owned(),
        ..InteractionRow::new(
            domain::ids::new_id(),
            &case.company_id,
            channel.key(),
            Direction::Outbound.key(),
            &times,
            at,
        )
    };
    store::interactions::insert(tx, &row).await?;
    Ok(())
}
