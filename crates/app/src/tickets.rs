//! Support tickets: holders of `tickets.create` report problems to the company's
//! administrators (`domain::tickets::ADMINISTER`) and see their own; administrators see
//! every ticket of the company, answer and close. Anything else answers 404.

use domain::tickets::{Draft, Reach, Status};
use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::tickets::{NewTicket, ReplyRow, TicketRow};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// A ticket and its thread, oldest reply first.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub row: TicketRow,
    pub replies: Vec<ReplyRow>,
}

impl Ticket {
    pub fn status(&self) -> Option<Status> {
        Status::parse(&self.row.status)
    }
}

/// What an actor may do with the tickets they reach.
pub struct Abilities {
    /// Open new tickets.
    pub create: bool,
    /// See every ticket of the company, answer and close them.
    pub administer: bool,
}

pub fn abilities(actor: &Actor) -> Abilities {
    Abilities {
        create: actor.can(Permission::TICKETS_CREATE),
        administer: Reach::of(actor) == Some(Reach::Company),
    }
}

/// The actor's reach; 403 for those who may neither open nor administer tickets.
fn reach(actor: &Actor) -> AppResult<Reach> {
    Reach::of(actor).ok_or(AppError::Forbidden(Permission::TICKETS_CREATE.key()))
}

async fn with_replies(
    tx: &mut store::Tx,
    actor: &Actor,
    rows: Vec<TicketRow>,
) -> AppResult<Vec<Ticket>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut replies = store::tickets::replies(tx, &actor.scope(), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (own, rest): (Vec<ReplyRow>, Vec<ReplyRow>) =
                replies.drain(..).partition(|r| r.ticket_id == row.id);
            replies = rest;
            Ticket { row, replies: own }
        })
        .collect())
}

async fn load(tx: &mut store::Tx, actor: &Actor, reach: Reach, id: &str) -> AppResult<Ticket> {
    let row = store::tickets::get(tx, &actor.scope(), reach, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(with_replies(tx, actor, vec![row]).await?.remove(0))
}

/// The tickets the actor reaches, newest first, optionally of one status.
pub async fn list(
    ctx: &Context,
    actor: &Actor,
    status: Option<Status>,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<Ticket>> {
    let reach = reach(actor)?;
    let scope = actor.scope();
    let status = status.map(Status::key);
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let mut rows = store::tickets::list(&mut tx, &scope, reach, status, after, limit + 1)
        .await?
        .ok_or_else(|| AppError::from(FieldErrors::single("cursor", "invalid")))?;
    let keep = usize::try_from(limit).unwrap_or(0);
    let next = (rows.len() > keep).then(|| {
        rows.truncate(keep);
        rows.last().map(store::tickets::cursor)
    });
    let total = if with_total {
        Some(store::tickets::count(&mut tx, &scope, reach, status).await?)
    } else {
        None
    };
    let items = with_replies(&mut tx, actor, rows).await?;
    Ok(Page {
        items,
        next: next.flatten(),
        total,
    })
}

pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<Ticket> {
    let reach = reach(actor)?;
    let mut tx = ctx.pool.read().await?;
    load(&mut tx, actor, reach, id).await
}

/// Opens a ticket (`open`) by the actor; `page` is the path it was opened from.
pub async fn create(
    ctx: &Context,
    actor: &Actor,
    subject: &str,
    body: &str,
    page: &str,
) -> AppResult<Ticket> {
    require(actor, Permission::TICKETS_CREATE)?;
    let draft = Draft::clean(subject, body, page)?;
    let reach = reach(actor)?;
    let at = domain::clock::now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    store::tickets::insert(
        &mut tx,
        &actor.scope(),
        &NewTicket {
            id: &id,
            author_id: &actor.user_id,
            subject: &draft.subject,
            body: &draft.body,
            page: &draft.page,
            at,
        },
    )
    .await?;
    let created = load(&mut tx, actor, reach, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "ticket.created",
            "ticket",
            &id,
            None,
            Some(json!({
                "subject": draft.subject,
                "page": draft.page,
                "status": Status::Open.key(),
            })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Adds a reply to a ticket the actor reaches. The author's reply opens it (again),
/// an administrator's answers it; a closed ticket reopens the same way.
pub async fn reply(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    body: &str,
    expected_version: Option<i64>,
) -> AppResult<Ticket> {
    let reach = reach(actor)?;
    let body = domain::tickets::clean_reply(body);
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Ticket, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, reach, id).await?;
    let body = body?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    let scope = actor.scope();
    let status = Status::after_reply(before.row.author_id == actor.user_id);
    let reply_id = domain::ids::new_id();
    store::tickets::insert_reply(&mut tx, &scope, &reply_id, id, &body, at).await?;
    if !store::tickets::set_status(
        &mut tx,
        &scope,
        reach,
        id,
        before.row.version,
        status.key(),
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    let after = load(&mut tx, actor, reach, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "ticket.replied",
            "ticket",
            id,
            Some(json!({ "status": before.row.status })),
            Some(json!({ "status": status.key(), "reply_id": reply_id })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Changes a ticket's status by hand: only closing is offered (replies reopen). The
/// author and the administrators may close; closing a closed ticket changes nothing.
pub async fn set_status(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    status: &str,
    expected_version: Option<i64>,
) -> AppResult<Ticket> {
    let reach = reach(actor)?;
    let wanted = match Status::parse(status) {
        Some(Status::Closed) => Ok(Status::Closed),
        Some(_) => Err(FieldErrors::single("status", "unsupported")),
        None => Err(FieldErrors::single("status", "invalid")),
    };
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Ticket, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, reach, id).await?;
    let wanted = wanted?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    if before.status() == Some(wanted) {
        return Ok(before);
    }
    if !store::tickets::set_status(
        &mut tx,
        &actor.scope(),
        reach,
        id,
        before.row.version,
        wanted.key(),
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    let after = load(&mut tx, actor, reach, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "ticket.status_changed",
            "ticket",
            id,
            Some(json!({ "status": before.row.status })),
            Some(json!({ "status": wanted.key() })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
