//! KPI targets (`kpi.manage` replaces the set; dashboard viewers read it) and the
//! figures they are held against: an operator's day so far, per metric.

use std::collections::{BTreeSet, HashMap};

use chrono::Duration;
use domain::clock::{Timestamp, now, start_of_day};
use domain::kpi::{Metric, Target, TargetScope, Verdict};
use domain::{Actor, FieldErrors, Permission, Scope};
use serde_json::json;
use store::Tx;
use store::kpi_targets::TargetRow;
use store::reports::{Day, ReportFilter};

use crate::Context;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// One target as a client names it; the metric and scope are checked here so that a
/// bad item is reported by its place in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetInput {
    pub metric: String,
    pub scope: String,
    pub scope_id: Option<String>,
    pub target: f64,
}

fn from_row(row: TargetRow) -> Option<Target> {
    Some(Target {
        metric: Metric::parse(&row.metric)?,
        scope: TargetScope::parse(&row.scope)?,
        scope_id: row.scope_id,
        target: row.target,
    })
}

fn to_json(targets: &[Target]) -> serde_json::Value {
    json!(
        targets
            .iter()
            .map(|t| json!({ "metric": t.metric.key(), "scope": t.scope.key(), "scope_id": t.scope_id, "target": t.target }))
            .collect::<Vec<_>>()
    )
}

/// Who may read the targets: those who see the dashboard or set them.
fn require_read(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::DASHBOARD_VIEW) || actor.can(Permission::KPI_MANAGE) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Permission::DASHBOARD_VIEW.key()))
    }
}

/// The targets the actor sees: the company's, and those of the groups and users
/// their scope reaches.
pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<Target>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    visible(&mut tx, &actor.scope()).await
}

async fn visible(tx: &mut Tx, scope: &Scope) -> AppResult<Vec<Target>> {
    Ok(store::kpi_targets::list(tx, scope)
        .await?
        .into_iter()
        .filter_map(from_row)
        .collect())
}

/// Every target of the actor's company (to work out whose figure meets which).
pub(crate) async fn of_company(tx: &mut Tx, company_id: &str) -> AppResult<Vec<Target>> {
    Ok(store::kpi_targets::of_company(tx, company_id)
        .await?
        .into_iter()
        .filter_map(from_row)
        .collect())
}

/// Checks every item, naming each problem by its place (`items[2].metric`): a known
/// metric and scope; a group or user the actor sees for those scopes (none for the
/// company); a finite target from 0 up to the metric's ceiling; no item twice.
async fn checked(tx: &mut Tx, actor: &Actor, items: &[TargetInput]) -> AppResult<Vec<Target>> {
    let scope = actor.scope();
    let mut errors = FieldErrors::new();
    let mut out = Vec::with_capacity(items.len());
    let mut seen = BTreeSet::new();
    for (n, item) in items.iter().enumerate() {
        let field = |name: &str| format!("items[{n}].{name}");
        let metric = Metric::parse(item.metric.trim());
        if metric.is_none() {
            errors.add(&field("metric"), "unknown");
        }
        let target_scope = TargetScope::parse(item.scope.trim());
        let scope_id = item
            .scope_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        match (target_scope, scope_id) {
            (None, _) => errors.add(&field("scope"), "unknown"),
            (Some(TargetScope::Company), Some(_)) => errors.add(&field("scope_id"), "not_allowed"),
            (Some(TargetScope::Group | TargetScope::User), None) => {
                errors.add(&field("scope_id"), "required");
            }
            (Some(TargetScope::Group), Some(id)) => {
                if store::groups::get(tx, &scope, id).await?.is_none() {
                    errors.add(&field("scope_id"), "not_found");
                }
            }
            (Some(TargetScope::User), Some(id)) => {
                if store::users::get(tx, &scope, id).await?.is_none() {
                    errors.add(&field("scope_id"), "not_found");
                }
            }
            (Some(TargetScope::Company), None) => {}
        }
        if let (Some(m), Some(TargetScope::Group | TargetScope::User)) = (metric, target_scope)
            && m.company_only()
        {
            errors.add(&field("scope"), "company_only");
        }
        if !item.target.is_finite() || item.target < 0.0 {
            errors.add(&field("target"), "negative");
        } else if metric.is_some_and(|m| item.target > m.max_target()) {
            errors.add(&field("target"), "too_large");
        }
        if let (Some(metric), Some(target_scope)) = (metric, target_scope) {
            let scope_id = scope_id.unwrap_or_default().to_owned();
            if !seen.insert((metric, target_scope, scope_id.clone())) {
                errors.add(&field("metric"), "duplicate");
            }
            out.push(Target {
                metric,
                scope: target_scope,
                scope_id,
                target: item.target,
            });
        }
    }
    errors.into_result()?;
    Ok(out)
}

/// Replaces the targets the actor sees with `items` (`kpi.manage`); targets of groups
/// and users outside the actor's scope stay. Audited as one change.
pub async fn replace(
    ctx: &Context,
    actor: &Actor,
    items: &[TargetInput],
) -> AppResult<Vec<Target>> {
    crate::access::require(actor, Permission::KPI_MANAGE)?;
    let at = now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::Company,
        &actor.company_id,
        &actor.company_id,
    )
    .await?;
    let scope = actor.scope();
    let targets = checked(&mut tx, actor, items).await?;
    let before = visible(&mut tx, &scope).await?;
    store::kpi_targets::delete_visible(&mut tx, &scope).await?;
    for t in &targets {
        let row = TargetRow {
            metric: t.metric.key().to_owned(),
            scope: t.scope.key().to_owned(),
            scope_id: t.scope_id.clone(),
            target: t.target,
        };
        store::kpi_targets::insert(&mut tx, &actor.company_id, &row, at).await?;
    }
    let after = visible(&mut tx, &scope).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "kpi_targets.replaced",
            "company",
            &actor.company_id,
            Some(to_json(&before)),
            Some(to_json(&after)),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// An operator's work on one day so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayWork {
    pub attempts: i64,
    pub contacts: i64,
    pub closes: i64,
    /// Calls and chats answered, and their talk time.
    pub calls: i64,
    pub talk_seconds: i64,
    /// Seconds since their first attempt of the day, while the day lasts.
    pub worked_seconds: i64,
}

impl DayWork {
    /// The figure of `metric`, where the operator has one (service level is a queue's;
    /// average handle time needs a call).
    pub fn actual(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::ContactsPerHour => {
                Some(domain::kpi::per_hour(self.contacts, self.worked_seconds))
            }
            Metric::ClosesPerDay => Some(self.closes as f64),
            Metric::AverageHandleTime => {
                (self.calls > 0).then(|| self.talk_seconds as f64 / self.calls as f64)
            }
            Metric::ServiceLevel => None,
        }
    }
}

/// One metric of an operator's day against the target that applies to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub metric: Metric,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    /// Set when both are known.
    pub verdict: Option<Verdict>,
}

/// The metrics that describe one operator (service level describes queues).
pub const OPERATOR_METRICS: [Metric; 3] = [
    Metric::ContactsPerHour,
    Metric::AverageHandleTime,
    Metric::ClosesPerDay,
];

pub fn score(
    work: &DayWork,
    targets: &[Target],
    user_id: &str,
    group_ids: &[String],
) -> Vec<Score> {
    OPERATOR_METRICS
        .into_iter()
        .map(|metric| {
            let actual = work.actual(metric);
            let target = domain::kpi::applicable(targets, metric, user_id, group_ids);
            Score {
                metric,
                actual,
                target,
                verdict: actual.zip(target).map(|(a, t)| metric.verdict(a, t)),
            }
        })
        .collect()
}

/// The actor's local day holding `at`, as the reports' one-day range.
pub(crate) fn today(actor: &Actor, at: Timestamp) -> Day {
    let starts = start_of_day(at, &actor.timezone);
    let ends = start_of_day(starts + Duration::hours(36), &actor.timezone);
    Day {
        day: domain::clock::local_date(starts, &actor.timezone).to_string(),
        starts,
        ends,
    }
}

/// Each agent's work today whose rows `scope` sees, by agent id.
pub(crate) async fn work_today(
    tx: &mut Tx,
    scope: &Scope,
    day: &Day,
    at: Timestamp,
) -> AppResult<HashMap<String, DayWork>> {
    let filter = ReportFilter {
        from: day.starts,
        to: day.ends,
        project_id: None,
        group_id: None,
        queue_id: None,
    };
    let days = std::slice::from_ref(day);
    let mut work: HashMap<String, DayWork> = HashMap::new();
    for row in store::reports::attempts_by_agent_day(tx, scope, &filter, days).await? {
        let w = work.entry(row.agent_id).or_default();
        w.attempts += row.attempts;
        w.contacts += row.contacts;
    }
    for row in store::reports::closes_by_agent_day(tx, scope, &filter, days).await? {
        work.entry(row.agent_id).or_default().closes += row.closes;
    }
    for (agent, calls, talk_seconds) in
        store::kpi_targets::handled(tx, scope, day.starts, day.ends).await?
    {
        let w = work.entry(agent).or_default();
        w.calls = calls;
        w.talk_seconds = talk_seconds;
    }
    for (agent, first) in
        store::kpi_targets::first_attempts(tx, scope, day.starts, day.ends).await?
    {
        work.entry(agent).or_default().worked_seconds = (at - first).num_seconds().max(0);
    }
    Ok(work)
}

/// The actor's own day against their targets (any signed-in user: their own figures).
#[derive(Debug, Clone)]
pub struct MyScore {
    pub day: String,
    pub work: DayWork,
    pub scores: Vec<Score>,
}

pub async fn mine(ctx: &Context, actor: &Actor) -> AppResult<MyScore> {
    let mut tx = ctx.pool.read().await?;
    mine_in(&mut tx, actor).await
}

pub(crate) async fn mine_in(tx: &mut Tx, actor: &Actor) -> AppResult<MyScore> {
    let at = now();
    let day = today(actor, at);
    let work = work_today(tx, &actor.scope().own(), &day, at)
        .await?
        .remove(&actor.user_id)
        .unwrap_or_default();
    let targets = of_company(tx, &actor.company_id).await?;
    let groups =
        store::users::group_ids_of(tx, &actor.company_id, std::slice::from_ref(&actor.user_id))
            .await?
            .remove(&actor.user_id)
            .unwrap_or_default();
    let scores = score(&work, &targets, &actor.user_id, &groups);
    Ok(MyScore {
        day: day.day,
        work,
        scores,
    })
}

/// Refuses an agent picking "On a call" or "After-call work" by hand unless the
/// company allows it (`manual_call_states`); the telephony platform sets them.
pub(crate) async fn check_manual_call_state(tx: &mut Tx, actor: &Actor) -> AppResult<()> {
    if manual_call_states(tx, &actor.company_id).await? {
        Ok(())
    } else {
        Err(FieldErrors::single("state", "set_by_telephony").into())
    }
}

/// Whether the company lets agents pick the call states by hand.
pub(crate) async fn manual_call_states(tx: &mut Tx, company_id: &str) -> AppResult<bool> {
    let company = store::companies::get_by_id(tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(domain::settings::Settings::from_json(&company.settings)
        .resolve()
        .manual_call_states)
}

/// Whom a target may be for, as the KPI page offers them: the groups and users the
/// actor sees, by name (`kpi.manage`).
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub groups: Vec<(String, String)>,
    pub users: Vec<(String, String)>,
}

/// The most groups and users the page offers (the API takes any id in scope).
const MOST_CHOICES: i64 = 1_000;

pub async fn choices(ctx: &Context, actor: &Actor) -> AppResult<Choices> {
    crate::access::require(actor, Permission::KPI_MANAGE)?;
    let mut tx = ctx.pool.read().await?;
    let scope = actor.scope();
    let mut groups: Vec<(String, String)> =
        store::groups::list(&mut tx, &scope, None, MOST_CHOICES)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
    let filter = store::users::UserFilter {
        active: Some(true),
        ..Default::default()
    };
    let mut users: Vec<(String, String)> =
        store::users::list(&mut tx, &scope, &filter, None, MOST_CHOICES)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
    groups.sort_by_key(|g| g.1.to_lowercase());
    users.sort_by_key(|u| u.1.to_lowercase());
    Ok(Choices { groups, users })
}
