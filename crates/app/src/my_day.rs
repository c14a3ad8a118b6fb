//! The operator's day, their home page: their live state, the callbacks they promised
//! (due now, late, next), their cases by status, and today's work against their KPI
//! targets.

use chrono::Duration;
use domain::clock::{Timestamp, now};
use domain::{Actor, Permission};
use store::cases::{CaseFilter, CaseRow};

use crate::Context;
use crate::case_config::Status;
use crate::error::{AppError, AppResult};
use crate::kpi::MyScore;
use crate::live::MyState;

/// A callback more than this far past its time is late; until then it is due now.
pub const LATE_AFTER_MINUTES: i64 = 15;
/// Callbacks within this many minutes count as due now.
pub const DUE_WITHIN_MINUTES: i64 = 15;
/// The most callbacks each list shows.
pub const CALLBACKS_SHOWN: usize = 10;

#[derive(Debug, Clone)]
pub struct Callback {
    pub case: CaseRow,
    pub at: Timestamp,
    pub phones: Vec<String>,
    pub late: bool,
}

#[derive(Debug, Clone)]
pub struct MyDay {
    /// Their live state and what their state form offers.
    pub state: MyState,
    /// Callbacks whose time has come (late ones first), and those after them.
    pub due: Vec<Callback>,
    pub next: Vec<Callback>,
    /// Their cases in each configured status.
    pub statuses: Vec<(Status, i64)>,
    pub score: MyScore,
}

/// Whether the actor works cases and so has a day to show.
pub fn applies_to(actor: &Actor) -> bool {
    actor.can(Permission::WORKSPACE_USE) || actor.can(Permission::CASES_EDIT)
}

fn callback(case: CaseRow, now: Timestamp) -> Option<Callback> {
    let when = case.next_contact_at?;
    let phones = serde_json::from_str(&case.customer_phones).unwrap_or_default();
    Some(Callback {
        late: when < now - Duration::minutes(LATE_AFTER_MINUTES),
        at: when,
        phones,
        case,
    })
}

pub async fn load(ctx: &Context, actor: &Actor) -> AppResult<MyDay> {
    if !applies_to(actor) {
        return Err(AppError::Forbidden(Permission::WORKSPACE_USE.key()));
    }
    let at = now();
    let state = crate::live::my_state(ctx, actor).await?;
    let statuses = if actor.can(Permission::CASES_VIEW) {
        crate::cases::counts_by_status(
            ctx,
            actor,
            &CaseFilter {
                assignee: Some(Some(actor.user_id.clone())),
                ..CaseFilter::default()
            },
        )
        .await?
    } else {
        Vec::new()
    };
    let mut tx = ctx.pool.read().await?;
    let limit = i64::try_from(CALLBACKS_SHOWN * 4).unwrap_or(40);
    let rows = if actor.can(Permission::CASES_VIEW) {
        store::callbacks::of_assignee(&mut tx, &actor.scope(), &actor.user_id, limit).await?
    } else {
        Vec::new()
    };
    let horizon = at + Duration::minutes(DUE_WITHIN_MINUTES);
    let (mut due, mut next): (Vec<Callback>, Vec<Callback>) = rows
        .into_iter()
        .filter_map(|case| callback(case, at))
        .partition(|c| c.at <= horizon);
    due.truncate(CALLBACKS_SHOWN);
    next.truncate(CALLBACKS_SHOWN);
    let score = crate::kpi::mine_in(&mut tx, actor).await?;
    Ok(MyDay {
        state,
        due,
        next,
        statuses,
        score,
    })
}
