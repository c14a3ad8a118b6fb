//! The company's plan (seats licensed), the seats in use, a month's usage and its
//! statement; the seat limit that user creation and unblocking obey; the operator's
//! command that sets a plan.
//!
//! A user is **active in a month** when, in it, they handled an interaction (as its
//! agent), logged a contact attempt, changed a case (its history names them) or made
//! an audited change (configuration, users, roles, assignments, …). Sign-ins alone do
//! not count: sessions are deleted when they end, so a closed month's statement could
//! not be counted again the same way.

use domain::billing::{Month, Seats, billed_minutes, clean_plan_name};
use domain::clock::Timestamp;
use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::Tx;
use store::billing::{PlanRow, UserUsage};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// Companies have no time zone of their own: their months are UTC months, so a
/// statement reads the same whoever opens it.
pub const TIMEZONE: &str = "UTC";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub name: String,
    pub seats: Seats,
}

impl From<&PlanRow> for Plan {
    fn from(row: &PlanRow) -> Self {
        Plan {
            name: row.plan_name.clone(),
            seats: Seats::from_stored(row.plan_seats),
        }
    }
}

/// What the company used in a month.
#[derive(Debug, Clone)]
pub struct Usage {
    pub month: Month,
    /// `[from, to)` of the month.
    pub from: Timestamp,
    pub to: Timestamp,
    pub active_users: i64,
    pub interactions: i64,
    pub talk_seconds: i64,
    /// Every started minute of the month's talk time.
    pub talk_minutes: i64,
    /// Cases created in the month.
    pub cases: i64,
}

#[derive(Debug, Clone)]
pub struct Billing {
    pub plan: Plan,
    pub seats_used: i64,
    pub usage: Usage,
    /// The users holding a seat or active in the month, by name.
    pub users: Vec<UserUsage>,
}

/// The month being billed now.
pub fn current_month() -> Month {
    Month::holding(domain::clock::now(), TIMEZONE)
}

/// The plan, the seats in use and the month's usage, with a line per user (the
/// statement's), of `month` or else the current one. Needs `billing.manage`.
pub async fn overview(ctx: &Context, actor: &Actor, month: Option<Month>) -> AppResult<Billing> {
    require(actor, Permission::BILLING_MANAGE)?;
    let month = month.unwrap_or_else(current_month);
    let (from, to) = month.bounds(TIMEZONE);
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let plan = store::billing::plan(&mut tx, &scope)
        .await?
        .ok_or(AppError::NotFound)?;
    let seats_used = store::billing::seats_used(&mut tx, &actor.company_id).await?;
    let totals = store::billing::interactions(&mut tx, &scope, from, to).await?;
    let cases = store::billing::cases_created(&mut tx, &scope, from, to).await?;
    let users = store::billing::users_in_month(&mut tx, &scope, from, to).await?;
    let active_users = users.iter().filter(|u| u.active_in_month).count();
    Ok(Billing {
        plan: Plan::from(&plan),
        seats_used,
        usage: Usage {
            month,
            from,
            to,
            active_users: i64::try_from(active_users).unwrap_or(i64::MAX),
            interactions: totals.interactions,
            talk_seconds: totals.talk_seconds,
            talk_minutes: billed_minutes(totals.talk_seconds),
            cases,
        },
        users,
    })
}

/// Refuses (409 `seat_limit`) a change that left the company with more active users
/// than its plan licenses. Call it at the end of a change that creates or unblocks
/// users, after its audit entry, in its transaction: the refusal then rolls the whole
/// change back, and the company's row it locks is locked last, as the audit chain does.
pub async fn ensure_seats(tx: &mut Tx, company_id: &str) -> AppResult<()> {
    store::billing::lock_seats(tx, company_id).await?;
    let plan = store::billing::plan_of(tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seats = Seats::from_stored(plan.plan_seats);
    let used = store::billing::seats_used(tx, company_id).await?;
    if seats.allows(used) {
        return Ok(());
    }
    Err(AppError::Conflict {
        code: "seat_limit",
        message: format!(
            "The plan \"{}\" licenses {seats} seats and all are taken: block a user or ask for more seats.",
            plan.plan_name
        ),
    })
}

/// What the operator's command changed.
#[derive(Debug, Clone)]
pub struct PlanChange {
    pub company_id: String,
    pub company_name: String,
    pub before: Plan,
    pub after: Plan,
    pub seats_used: i64,
}

impl PlanChange {
    /// More users are active than the new plan licenses: they keep working, but no
    /// user can be created or unblocked until enough are blocked.
    pub fn over_limit(&self) -> bool {
        !self.after.seats.allows(self.seats_used)
    }
}

/// Sets the plan of the company with id `company` (or, failing that, the one company
/// with that name), for the installation's operator (`switchboard admin plan`), who
/// stands outside any company. Seats below those in use are accepted
/// ([`PlanChange::over_limit`] says so). Audited with no actor.
pub async fn set_plan(
    ctx: &Context,
    company: &str,
    name: &str,
    seats: Seats,
) -> AppResult<PlanChange> {
    let name = clean_plan_name(name)
        .ok_or_else(|| AppError::from(FieldErrors::single("name", "invalid")))?;
    if let Seats::Limited(n) = seats
        && !(0..=domain::billing::MAX_SEATS).contains(&n)
    {
        return Err(FieldErrors::single("seats", "out_of_range").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let mut found = store::billing::find_companies(&mut tx, company.trim()).await?;
    let row = match found.len() {
        0 => return Err(AppError::NotFound),
        1 => found.remove(0),
        _ => {
            let ids: Vec<&str> = found.iter().map(|c| c.company_id.as_str()).collect();
            return Err(AppError::Conflict {
                code: "ambiguous",
                message: format!(
                    "several companies are named \"{company}\"; give one of their ids: {}",
                    ids.join(", ")
                ),
            });
        }
    };
    store::row_locks::lock(
        &mut tx,
        store::row_locks::Row::Company,
        &row.company_id,
        &row.company_id,
    )
    .await?;
    let before = store::billing::plan_of(&mut tx, &row.company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::billing::set_plan(&mut tx, &row.company_id, &name, seats.stored(), at).await?;
    let seats_used = store::billing::seats_used(&mut tx, &row.company_id).await?;
    let plan_json = |name: &str, seats: Option<i64>| json!({ "name": name, "seats": seats });
    audit::record(
        &mut tx,
        Change {
            api_token_id: None,
            role_test_id: None,
            company_id: &row.company_id,
            actor_id: None,
            action: "company.plan_set",
            object_kind: "company",
            object_id: &row.company_id,
            before: Some(plan_json(&before.plan_name, before.plan_seats)),
            after: Some(json!({
                "name": name,
                "seats": seats.stored(),
                "seats_used": seats_used,
                "by": "installation operator",
            })),
            at,
            project_ids: Vec::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(PlanChange {
        company_id: row.company_id,
        company_name: row.company_name,
        before: Plan::from(&before),
        after: Plan { name, seats },
        seats_used,
    })
}
