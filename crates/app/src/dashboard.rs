//! The dashboard: the center at a glance for the viewer's scope — cases by status,
//! contacts today against yesterday, each operator's work today, callbacks due and the
//! queues' service level, each operator's and queue's figures against their KPI targets.

use chrono::Duration;
use domain::clock::{Range, now, start_of_day};
use domain::{Actor, Permission};
use store::cases::CaseFilter;

use crate::Context;
use crate::access::require;
use crate::error::AppResult;
use crate::live::LiveQueue;
use crate::reports::{ReportName, ReportQuery, build};

/// One operator's work today.
#[derive(Debug, Clone)]
pub struct OperatorToday {
    pub agent_id: String,
    pub name: String,
    pub attempts: i64,
    pub contacts: i64,
    pub closes: i64,
    /// Their day against the targets that apply to them (`crate::kpi`).
    pub scores: Vec<crate::kpi::Score>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    /// `(status key, name, cases)` in the configured order.
    pub cases_by_status: Vec<(String, String, i64)>,
    pub contacts_today: i64,
    pub contacts_yesterday: i64,
    pub attempts_today: i64,
    pub attempts_yesterday: i64,
    /// Operators with work today, the busiest first.
    pub operators: Vec<OperatorToday>,
    /// Open cases whose callback is due now.
    pub callbacks_due: i64,
    pub queues: Vec<LiveQueue>,
    /// The company's service-level target, in percent.
    pub service_level_target: Option<f64>,
}

fn int(value: &serde_json::Value) -> i64 {
    value.as_i64().unwrap_or(0)
}

fn text(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

pub async fn overview(ctx: &Context, actor: &Actor) -> AppResult<Overview> {
    require(actor, Permission::DASHBOARD_VIEW)?;
    let at = now();
    let today = start_of_day(at, &actor.timezone);
    let yesterday = start_of_day(today - Duration::hours(12), &actor.timezone);
    let tomorrow = start_of_day(today + Duration::hours(36), &actor.timezone);
    let statuses = build(
        ctx,
        actor,
        ReportName::CaseStatusSummary,
        &ReportQuery::default(),
    )
    .await?;
    let cases_by_status = statuses
        .rows
        .iter()
        .map(|row| {
            (
                text(statuses.get(row, "status")),
                text(statuses.get(row, "name")),
                int(statuses.get(row, "cases")),
            )
        })
        .collect();
    let work = build(
        ctx,
        actor,
        ReportName::OperatorProductivity,
        &ReportQuery {
            range: Range {
                from: Some(yesterday),
                to: Some(tomorrow),
            },
            ..ReportQuery::default()
        },
    )
    .await?;
    let today_key = domain::clock::local_date(today, &actor.timezone).to_string();
    let mut overview = Overview {
        cases_by_status,
        contacts_today: 0,
        contacts_yesterday: 0,
        attempts_today: 0,
        attempts_yesterday: 0,
        operators: Vec::new(),
        callbacks_due: 0,
        queues: Vec::new(),
        service_level_target: None,
    };
    let mut tx = ctx.pool.read().await?;
    let targets = crate::kpi::of_company(&mut tx, &actor.company_id).await?;
    let first_attempts: std::collections::HashMap<String, _> =
        store::kpi_targets::first_attempts(&mut tx, &actor.scope(), today, tomorrow)
            .await?
            .into_iter()
            .collect();
    let handled: std::collections::HashMap<String, (i64, i64)> =
        store::kpi_targets::handled(&mut tx, &actor.scope(), today, tomorrow)
            .await?
            .into_iter()
            .map(|(agent, calls, talk)| (agent, (calls, talk)))
            .collect();
    let agent_ids: Vec<String> = work
        .rows
        .iter()
        .map(|row| text(work.get(row, "agent_id")))
        .collect();
    let mut groups = store::users::group_ids_of(&mut tx, &actor.company_id, &agent_ids).await?;
    for row in &work.rows {
        let attempts = int(work.get(row, "attempts"));
        let contacts = int(work.get(row, "contacts"));
        if text(work.get(row, "day")) == today_key {
            overview.attempts_today += attempts;
            overview.contacts_today += contacts;
            let agent_id = text(work.get(row, "agent_id"));
            let day = crate::kpi::DayWork {
                attempts,
                contacts,
                closes: int(work.get(row, "closes")),
                calls: handled.get(&agent_id).map_or(0, |h| h.0),
                talk_seconds: handled.get(&agent_id).map_or(0, |h| h.1),
                worked_seconds: first_attempts
                    .get(&agent_id)
                    .map_or(0, |first| (at - *first).num_seconds().max(0)),
            };
            let group_ids = groups.remove(&agent_id).unwrap_or_default();
            overview.operators.push(OperatorToday {
                scores: crate::kpi::score(&day, &targets, &agent_id, &group_ids),
                name: text(work.get(row, "name")),
                attempts,
                contacts,
                closes: day.closes,
                agent_id,
            });
        } else {
            overview.attempts_yesterday += attempts;
            overview.contacts_yesterday += contacts;
        }
    }
    overview
        .operators
        .sort_by(|a, b| b.attempts.cmp(&a.attempts).then(a.name.cmp(&b.name)));
    overview.service_level_target =
        domain::kpi::company_target(&targets, domain::kpi::Metric::ServiceLevel);
    overview.callbacks_due = store::cases::count(
        &mut tx,
        &actor.scope(),
        &CaseFilter {
            open: Some(true),
            callback_due: Some(at),
            ..CaseFilter::default()
        },
    )
    .await?;
    overview.queues = crate::live::queue_rows(&mut tx, actor, None).await?;
    Ok(overview)
}
