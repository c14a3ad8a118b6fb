//! Reports: tables aggregated in SQL under the reader's role, projects and scope, over
//! a range of days in the reader's time zone. Each answers named columns and rows, so
//! the JSON and CSV forms and the report pages share one result.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use domain::clock::{Range, Timestamp, now, start_of_day};
use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Value, json};
use store::Tx;
use store::reports::{Day, ReportFilter};

use crate::Context;
use crate::access::require;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportName {
    CallLog,
    OperatorProductivity,
    ContactFrequency,
    CriticalStates,
    AreaPerformance,
    CaseStatusSummary,
    Groups,
    Queues,
    Pauses,
    PausesByGroup,
}

impl ReportName {
    pub const ALL: [ReportName; 10] = [
        ReportName::CallLog,
        ReportName::OperatorProductivity,
        ReportName::ContactFrequency,
        ReportName::CriticalStates,
        ReportName::AreaPerformance,
        ReportName::CaseStatusSummary,
        ReportName::Groups,
        ReportName::Queues,
        ReportName::Pauses,
        ReportName::PausesByGroup,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportName::CallLog => "call-log",
            ReportName::OperatorProductivity => "operator-productivity",
            ReportName::ContactFrequency => "contact-frequency",
            ReportName::CriticalStates => "critical-states",
            ReportName::AreaPerformance => "area-performance",
            ReportName::CaseStatusSummary => "case-status-summary",
            ReportName::Groups => "groups",
            ReportName::Queues => "queues",
            ReportName::Pauses => "pauses",
            ReportName::PausesByGroup => "pauses-by-group",
        }
    }

    pub fn parse(key: &str) -> Option<ReportName> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// What a report is asked for; an open range defaults to the last 30 days.
#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    pub range: Range,
    pub project_id: Option<String>,
    pub group_id: Option<String>,
    pub queue_id: Option<String>,
    /// Critical states: open cases nobody touched for this many days (default 7).
    pub untouched_days: Option<i64>,
    /// The column to order the rows by (one of the report's), and whether descending;
    /// rows that tie keep the report's own order.
    pub sort: Option<(String, bool)>,
}

/// A report's result: rows of `columns`, and further named sections (a distribution,
/// a summary) the JSON form carries beside them.
#[derive(Debug, Clone)]
pub struct Report {
    pub name: ReportName,
    pub from: Timestamp,
    pub to: Timestamp,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
    pub extra: Vec<(&'static str, Value)>,
}

static NULL: Value = Value::Null;

impl Report {
    /// The value of `column` in `row`, one of this report's rows (null when the report
    /// has no such column).
    pub fn get<'a>(&self, row: &'a [Value], column: &str) -> &'a Value {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|n| row.get(n))
            .unwrap_or(&NULL)
    }

    /// The values of `column` in every row.
    pub fn values(&self, column: &str) -> Vec<&Value> {
        self.rows.iter().map(|row| self.get(row, column)).collect()
    }

    /// The rows of page `page` (from 1) of `per_page` rows; past the end, none.
    pub fn page(&self, page: usize, per_page: usize) -> &[Vec<Value>] {
        let start = page.saturating_sub(1).saturating_mul(per_page);
        let end = start.saturating_add(per_page).min(self.rows.len());
        self.rows.get(start..end).unwrap_or_default()
    }

    /// Orders the rows by `column`; a stable sort, so ties keep the report's own order
    /// (which each report ends with an id or a name). Empty values go last either way.
    fn sort(&mut self, column: usize, descending: bool) {
        self.rows.sort_by(|a, b| {
            let (a, b) = (
                a.get(column).unwrap_or(&NULL),
                b.get(column).unwrap_or(&NULL),
            );
            match (a.is_null(), b.is_null()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) if descending => compare(b, a),
                (false, false) => compare(a, b),
            }
        });
    }

    /// Puts column `name` right after column `after`, holding the name `names` gives
    /// the id in `after` (null for an id without a visible name).
    fn insert_names(&mut self, after: &str, name: &'static str, names: &HashMap<String, String>) {
        let Some(at) = self.columns.iter().position(|c| *c == after) else {
            return;
        };
        self.columns.insert(at + 1, name);
        for row in &mut self.rows {
            let value = row
                .get(at)
                .and_then(Value::as_str)
                .and_then(|id| names.get(id))
                .map_or(Value::Null, |n| json!(n));
            row.insert(at + 1, value);
        }
    }

    /// The distinct ids in column `column`.
    fn ids(&self, column: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .values(column)
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Orders two report values: numbers by size, text case-insensitively, times (RFC 3339
/// text in UTC) and dates as text.
fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&b.as_f64().unwrap_or(0.0)),
        (Value::String(a), Value::String(b)) => a
            .to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (a, b) => a.to_string().cmp(&b.to_string()),
    }
}

/// The longest range a report covers.
const MAX_DAYS: i64 = 366;
/// The most rows a listing report (call log, case lists) holds.
pub const MAX_ROWS: i64 = 10_000;
/// The most cases each part of the critical-states report lists.
const CRITICAL_ROWS: i64 = 500;

pub async fn run(
    ctx: &Context,
    actor: &Actor,
    name: ReportName,
    query: &ReportQuery,
    export: bool,
) -> AppResult<Report> {
    require(actor, Permission::REPORTS_VIEW)?;
    if export {
        require(actor, Permission::REPORTS_EXPORT)?;
    }
    build(ctx, actor, name, query).await
}

/// A report for a reader whose permission the caller checked (the dashboard shows
/// some to `dashboard.view`).
pub(crate) async fn build(
    ctx: &Context,
    actor: &Actor,
    name: ReportName,
    query: &ReportQuery,
) -> AppResult<Report> {
    let at = now();
    let to = query
        .range
        .to
        .unwrap_or_else(|| start_of_day(at, &actor.timezone) + Duration::days(1));
    let from = query
        .range
        .from
        .unwrap_or_else(|| start_of_day(to - Duration::days(30), &actor.timezone));
    let mut errors = FieldErrors::new();
    if from >= to {
        errors.add("from", "after_to");
    } else if to - from > Duration::days(MAX_DAYS) {
        errors.add("to", "range_too_long");
    }
    if query
        .untouched_days
        .is_some_and(|d| !(1..=3650).contains(&d))
    {
        errors.add("days", "out_of_range");
    }
    if let Some((column, _)) = &query.sort
        && !columns(name).contains(&column.as_str())
    {
        errors.add("sort", "unknown_column");
    }
    errors.into_result()?;
    let filter = ReportFilter {
        from,
        to,
        project_id: query.project_id.clone(),
        group_id: query.group_id.clone(),
        queue_id: query.queue_id.clone(),
    };
    let mut tx = ctx.pool.read().await?;
    let mut report = Report {
        name,
        from,
        to,
        columns: Vec::new(),
        rows: Vec::new(),
        extra: Vec::new(),
    };
    match name {
        ReportName::CallLog => call_log(&mut tx, actor, &filter, &mut report).await?,
        ReportName::OperatorProductivity => {
            productivity(&mut tx, actor, &filter, &mut report).await?
        }
        ReportName::ContactFrequency => frequency(&mut tx, actor, &filter, &mut report).await?,
        ReportName::CriticalStates => {
            let days = query.untouched_days.unwrap_or(7);
            critical(&mut tx, actor, &filter, days, at, &mut report).await?
        }
        ReportName::AreaPerformance => areas(&mut tx, actor, &filter, &mut report).await?,
        ReportName::CaseStatusSummary => statuses(&mut tx, actor, &filter, &mut report).await?,
        ReportName::Groups => groups(&mut tx, actor, &filter, &mut report).await?,
        ReportName::Queues => queues(&mut tx, actor, &filter, &mut report).await?,
        ReportName::Pauses => pauses_by_agent(&mut tx, actor, &filter, at, &mut report).await?,
        ReportName::PausesByGroup => {
            pauses_by_group(&mut tx, actor, &filter, at, &mut report).await?
        }
    }
    add_names(&mut tx, actor, &mut report).await?;
    debug_assert_eq!(report.columns, columns(name));
    if let Some((column, descending)) = &query.sort
        && let Some(n) = report.columns.iter().position(|c| c == column)
    {
        report.sort(n, *descending);
    }
    Ok(report)
}

/// The columns of each report, names beside ids included: what `sort` may name.
pub fn columns(name: ReportName) -> Vec<&'static str> {
    match name {
        ReportName::CallLog => vec![
            "interaction_id",
            "started_at",
            "channel",
            "direction",
            "from",
            "to",
            "queue_id",
            "queue_name",
            "campaign_id",
            "campaign_name",
            "agent_id",
            "agent_name",
            "case_id",
            "customer_name",
            "wait_seconds",
            "talk_seconds",
            "duration",
            "disposition",
        ],
        ReportName::OperatorProductivity => vec![
            "day",
            "agent_id",
            "agent_name",
            "name",
            "attempts",
            "contacts",
            "closes",
            "calls",
            "talk_seconds",
        ],
        ReportName::ContactFrequency => vec![
            "case_id",
            "customer_name",
            "attempts",
            "contacts",
            "last_attempt_at",
        ],
        ReportName::CriticalStates => vec![
            "case_id",
            "kind",
            "customer_name",
            "status",
            "assignee_id",
            "assignee_name",
            "due_date",
            "next_contact_at",
            "updated_at",
            "age_days",
        ],
        ReportName::AreaPerformance => vec![
            "area",
            "cases",
            "attempts",
            "contacts",
            "contact_rate",
            "closed",
            "closed_amount",
        ],
        ReportName::CaseStatusSummary => vec![
            "status",
            "name",
            "open",
            "cases",
            "assigned",
            "unassigned",
            "created",
        ],
        ReportName::Groups => vec![
            "group_id",
            "group_name",
            "name",
            "agents",
            "attempts",
            "contacts",
            "closes",
            "calls",
            "talk_seconds",
        ],
        ReportName::Queues => vec![
            "queue_id",
            "queue_name",
            "name",
            "offered",
            "answered",
            "abandoned",
            "service_level",
            "service_level_seconds",
            "average_wait_seconds",
            "average_talk_seconds",
        ],
        ReportName::Pauses => vec![
            "agent_id",
            "agent_name",
            "pause_reason_id",
            "pause_reason",
            "pauses",
            "pause_seconds",
            "over_max_count",
        ],
        ReportName::PausesByGroup => vec![
            "group_id",
            "group_name",
            "name",
            "pause_reason_id",
            "pause_reason",
            "agents",
            "pauses",
            "pause_seconds",
            "over_max_count",
        ],
    }
}

/// Puts the names of the agents, queues, campaigns, groups and cases a report mentions
/// beside their ids, each read under the reader's visibility: a row the reader may not
/// see gets no name (null), so a report never tells the name of what its reader could
/// not open. Groups and queues rows are the reader's visible ones already.
async fn add_names(tx: &mut Tx, actor: &Actor, report: &mut Report) -> AppResult<()> {
    let scope = actor.scope();
    let by_id = |report: &Report, id: &str, name: &str| -> HashMap<String, String> {
        report
            .values(id)
            .into_iter()
            .zip(report.values(name))
            .filter_map(|(id, name)| Some((id.as_str()?.to_owned(), name.as_str()?.to_owned())))
            .collect()
    };
    match report.name {
        ReportName::CallLog => {
            let queues =
                store::names::objects(tx, &scope, ObjectKind::Queues, &report.ids("queue_id"))
                    .await?;
            let campaigns = store::names::objects(
                tx,
                &scope,
                ObjectKind::DialerCampaigns,
                &report.ids("campaign_id"),
            )
            .await?;
            let agents = store::names::users(tx, &scope, &report.ids("agent_id")).await?;
            let customers =
                store::names::case_customers(tx, &scope, &report.ids("case_id")).await?;
            report.insert_names("queue_id", "queue_name", &queues);
            report.insert_names("campaign_id", "campaign_name", &campaigns);
            report.insert_names("agent_id", "agent_name", &agents);
            report.insert_names("case_id", "customer_name", &customers);
        }
        ReportName::OperatorProductivity | ReportName::Pauses => {
            let agents = store::names::users(tx, &scope, &report.ids("agent_id")).await?;
            report.insert_names("agent_id", "agent_name", &agents);
        }
        ReportName::ContactFrequency => {
            let customers =
                store::names::case_customers(tx, &scope, &report.ids("case_id")).await?;
            report.insert_names("case_id", "customer_name", &customers);
        }
        ReportName::CriticalStates => {
            let agents = store::names::users(tx, &scope, &report.ids("assignee_id")).await?;
            report.insert_names("assignee_id", "assignee_name", &agents);
        }
        ReportName::Groups | ReportName::PausesByGroup => {
            let groups = by_id(report, "group_id", "name");
            report.insert_names("group_id", "group_name", &groups);
        }
        ReportName::Queues => {
            let queues = by_id(report, "queue_id", "name");
            report.insert_names("queue_id", "queue_name", &queues);
        }
        ReportName::AreaPerformance | ReportName::CaseStatusSummary => {}
    }
    Ok(())
}

fn time(at: Option<Timestamp>) -> Value {
    at.map_or(Value::Null, |at| json!(at))
}

async fn call_log(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let filter = store::interactions::InteractionFilter {
        project_id: f.project_id.clone(),
        group_id: f.group_id.clone(),
        queue_id: f.queue_id.clone(),
        from: Some(f.from),
        to: Some(f.to),
        ..Default::default()
    };
    let rows = store::interactions::list(tx, &actor.scope(), &filter, None, MAX_ROWS)
        .await?
        .unwrap_or_default();
    report.columns = vec![
        "interaction_id",
        "started_at",
        "channel",
        "direction",
        "from",
        "to",
        "queue_id",
        "campaign_id",
        "agent_id",
        "case_id",
        "wait_seconds",
        "talk_seconds",
        "duration",
        "disposition",
    ];
    report.rows = rows
        .into_iter()
        .map(|i| {
            vec![
                json!(i.id),
                json!(i.started_at),
                json!(i.channel),
                json!(i.direction),
                json!(i.from_number),
                json!(i.to_number),
                json!(i.queue_id),
                json!(i.campaign_id),
                json!(i.agent_id),
                json!(i.case_id),
                json!(i.wait_seconds),
                json!(i.talk_seconds),
                json!(i.duration_seconds),
                json!(i.disposition),
            ]
        })
        .collect();
    Ok(())
}

/// What an agent did in a day (or the whole range).
#[derive(Debug, Clone, Copy, Default)]
struct Work {
    attempts: i64,
    contacts: i64,
    closes: i64,
    calls: i64,
    talk_seconds: i64,
}

impl Work {
    fn add(&mut self, other: &Work) {
        self.attempts += other.attempts;
        self.contacts += other.contacts;
        self.closes += other.closes;
        self.calls += other.calls;
        self.talk_seconds += other.talk_seconds;
    }
}

/// Each agent's work per day of `days`, keyed by (day, agent).
async fn work(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    days: &[Day],
) -> AppResult<BTreeMap<(String, String), Work>> {
    let scope = actor.scope();
    let mut work: BTreeMap<(String, String), Work> = BTreeMap::new();
    for row in store::reports::attempts_by_agent_day(tx, &scope, f, days).await? {
        let entry = work.entry((row.day, row.agent_id)).or_default();
        entry.attempts = row.attempts;
        entry.contacts = row.contacts;
    }
    for row in store::reports::closes_by_agent_day(tx, &scope, f, days).await? {
        work.entry((row.day, row.agent_id)).or_default().closes = row.closes;
    }
    for row in store::reports::calls_by_agent_day(tx, &scope, f, days).await? {
        let entry = work.entry((row.day, row.agent_id)).or_default();
        entry.calls = row.calls;
        entry.talk_seconds = row.talk_seconds;
    }
    Ok(work)
}

async fn productivity(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let days: Vec<Day> = domain::clock::days(f.from, f.to, &actor.timezone)
        .into_iter()
        .map(|(date, starts, ends)| Day {
            day: date.to_string(),
            starts,
            ends,
        })
        .collect();
    let work = work(tx, actor, f, &days).await?;
    let agents: Vec<String> = work.keys().map(|(_, a)| a.clone()).collect();
    let names = store::names::users(tx, &actor.scope(), &agents).await?;
    report.columns = vec![
        "day",
        "agent_id",
        "name",
        "attempts",
        "contacts",
        "closes",
        "calls",
        "talk_seconds",
    ];
    report.rows = work
        .into_iter()
        .map(|((day, agent), w)| {
            let name = names.get(&agent).cloned();
            vec![
                json!(day),
                json!(agent),
                json!(name),
                json!(w.attempts),
                json!(w.contacts),
                json!(w.closes),
                json!(w.calls),
                json!(w.talk_seconds),
            ]
        })
        .collect();
    Ok(())
}

async fn groups(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let scope = actor.scope();
    let groups = store::reports::groups(tx, &scope, f.group_id.as_deref()).await?;
    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    let mut members = store::groups::people(
        tx,
        &actor.company_id,
        &ids,
        store::groups::Membership::Members,
    )
    .await?;
    // One "day": the whole range.
    let whole = [Day {
        day: String::new(),
        starts: f.from,
        ends: f.to,
    }];
    let unfiltered = ReportFilter {
        group_id: None,
        ..f.clone()
    };
    let by_agent: HashMap<String, Work> = work(tx, actor, &unfiltered, &whole)
        .await?
        .into_iter()
        .map(|((_, agent), w)| (agent, w))
        .collect();
    report.columns = vec![
        "group_id",
        "name",
        "agents",
        "attempts",
        "contacts",
        "closes",
        "calls",
        "talk_seconds",
    ];
    report.rows = groups
        .into_iter()
        .map(|g| {
            let agents = members.remove(&g.id).unwrap_or_default();
            let mut total = Work::default();
            for agent in &agents {
                if let Some(w) = by_agent.get(agent) {
                    total.add(w);
                }
            }
            vec![
                json!(g.id),
                json!(g.name),
                json!(agents.len()),
                json!(total.attempts),
                json!(total.contacts),
                json!(total.closes),
                json!(total.calls),
                json!(total.talk_seconds),
            ]
        })
        .collect();
    Ok(())
}

/// Pauses of one reason: how many overlap the range, the seconds of them within it,
/// and how many lasted longer than the reason allowed when they began.
#[derive(Debug, Clone, Copy, Default)]
struct PauseTotals {
    pauses: i64,
    seconds: i64,
    over_max: i64,
}

/// A pause's reason as reports group it: a configured reason by id (named as it is
/// now), free text by the text given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ReasonKey {
    id: Option<String>,
    label: String,
}

/// Each agent's pauses in `[f.from, f.to)` by reason, the part of each pause within the
/// range counted (a pause in force up to `at`), under the reader's visibility of agents.
async fn pause_totals(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    group_id: Option<&str>,
    at: Timestamp,
) -> AppResult<BTreeMap<(String, ReasonKey), PauseTotals>> {
    let periods = store::agent_states::pauses(tx, &actor.scope(), f.from, f.to, group_id).await?;
    let ids: Vec<String> = periods
        .iter()
        .filter_map(|p| p.pause_reason_id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: HashMap<String, String> = store::pause_reasons::named(tx, &actor.company_id, &ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let mut totals: BTreeMap<(String, ReasonKey), PauseTotals> = BTreeMap::new();
    for p in periods {
        let ended = p.ended_at.unwrap_or(at);
        let within = ended.min(f.to) - p.started_at.max(f.from);
        let label = p
            .pause_reason_id
            .as_ref()
            .and_then(|id| names.get(id).cloned())
            .unwrap_or(p.pause_reason);
        let key = ReasonKey {
            id: p.pause_reason_id,
            label,
        };
        let entry = totals.entry((p.user_id, key)).or_default();
        entry.pauses += 1;
        entry.seconds += within.num_seconds().max(0);
        if domain::pauses::over_max(p.started_at, ended, p.max_minutes) {
            entry.over_max += 1;
        }
    }
    Ok(totals)
}

async fn pauses_by_agent(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    at: Timestamp,
    report: &mut Report,
) -> AppResult<()> {
    let totals = pause_totals(tx, actor, f, f.group_id.as_deref(), at).await?;
    report.columns = vec![
        "agent_id",
        "pause_reason_id",
        "pause_reason",
        "pauses",
        "pause_seconds",
        "over_max_count",
    ];
    report.rows = totals
        .into_iter()
        .map(|((agent, reason), t)| {
            vec![
                json!(agent),
                json!(reason.id),
                json!(reason.label),
                json!(t.pauses),
                json!(t.seconds),
                json!(t.over_max),
            ]
        })
        .collect();
    Ok(())
}

/// The pauses of each visible group's agents by reason (an agent in two groups counts
/// in both, as in the groups report).
async fn pauses_by_group(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    at: Timestamp,
    report: &mut Report,
) -> AppResult<()> {
    let scope = actor.scope();
    let groups = store::reports::groups(tx, &scope, f.group_id.as_deref()).await?;
    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    let mut members = store::groups::people(
        tx,
        &actor.company_id,
        &ids,
        store::groups::Membership::Members,
    )
    .await?;
    let mut by_agent: HashMap<String, Vec<(ReasonKey, PauseTotals)>> = HashMap::new();
    for ((agent, reason), t) in pause_totals(tx, actor, f, None, at).await? {
        by_agent.entry(agent).or_default().push((reason, t));
    }
    report.columns = vec![
        "group_id",
        "name",
        "pause_reason_id",
        "pause_reason",
        "agents",
        "pauses",
        "pause_seconds",
        "over_max_count",
    ];
    for g in groups {
        let mut reasons: BTreeMap<ReasonKey, (i64, PauseTotals)> = BTreeMap::new();
        for agent in members.remove(&g.id).unwrap_or_default() {
            for (reason, t) in by_agent.get(&agent).into_iter().flatten() {
                let (agents, total) = reasons.entry(reason.clone()).or_default();
                *agents += 1;
                total.pauses += t.pauses;
                total.seconds += t.seconds;
                total.over_max += t.over_max;
            }
        }
        for (reason, (agents, t)) in reasons {
            report.rows.push(vec![
                json!(g.id),
                json!(g.name),
                json!(reason.id),
                json!(reason.label),
                json!(agents),
                json!(t.pauses),
                json!(t.seconds),
                json!(t.over_max),
            ]);
        }
    }
    Ok(())
}

async fn queues(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let queues = store::queue_stats::watched(tx, &actor.scope(), f.queue_id.as_deref()).await?;
    let thresholds = crate::live::thresholds(&queues);
    let figures: HashMap<String, store::reports::QueueRange> =
        store::reports::queues_in_range(tx, &actor.company_id, &thresholds, f)
            .await?
            .into_iter()
            .map(|q| (q.queue_id.clone(), q))
            .collect();
    report.columns = vec![
        "queue_id",
        "name",
        "offered",
        "answered",
        "abandoned",
        "service_level",
        "service_level_seconds",
        "average_wait_seconds",
        "average_talk_seconds",
    ];
    let average = |total: i64, n: i64| if n > 0 { json!(total / n) } else { Value::Null };
    report.rows = queues
        .into_iter()
        .zip(thresholds)
        .map(|(q, (_, seconds))| {
            let r = figures.get(&q.id);
            let (answered, abandoned, in_time, wait, talk) = r.map_or((0, 0, 0, 0, 0), |r| {
                (
                    r.answered,
                    r.abandoned,
                    r.in_time,
                    r.wait_seconds,
                    r.talk_seconds,
                )
            });
            let offered = answered + abandoned;
            vec![
                json!(q.id),
                json!(q.name),
                json!(offered),
                json!(answered),
                json!(abandoned),
                json!(domain::interactions::service_level(in_time, offered)),
                json!(seconds),
                average(wait, offered),
                average(talk, answered),
            ]
        })
        .collect();
    Ok(())
}

async fn frequency(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let scope = actor.scope();
    let rows = store::reports::attempts_per_case(tx, &scope, f, MAX_ROWS).await?;
    let distribution = store::reports::attempts_distribution(tx, &scope, f).await?;
    report.columns = vec!["case_id", "attempts", "contacts", "last_attempt_at"];
    report.rows = rows
        .into_iter()
        .map(|r| {
            vec![
                json!(r.case_id),
                json!(r.attempts),
                json!(r.contacts),
                json!(r.last_attempt_at),
            ]
        })
        .collect();
    report.extra.push((
        "distribution",
        distribution
            .into_iter()
            .map(|(attempts, cases)| json!({ "attempts": attempts, "cases": cases }))
            .collect(),
    ));
    Ok(())
}

/// Delinquency buckets by days past the due date.
const AGE_BUCKETS: [&str; 4] = ["0_30", "31_60", "61_90", "over_90"];

async fn critical(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    untouched_days: i64,
    at: Timestamp,
    report: &mut Report,
) -> AppResult<()> {
    let scope = actor.scope();
    let today = domain::clock::local_date(at, &actor.timezone);
    let (overdue_total, overdue) =
        store::reports::overdue_callbacks(tx, &scope, f, at, CRITICAL_ROWS).await?;
    let bounds: Vec<String> = [30, 60, 90]
        .into_iter()
        .map(|d| (today - Duration::days(d)).to_string())
        .collect();
    let buckets = store::reports::delinquent_by_age(tx, &scope, f, &bounds).await?;
    let delinquent = store::reports::oldest_delinquent(tx, &scope, f, CRITICAL_ROWS).await?;
    let (untouched_total, untouched) = store::reports::untouched(
        tx,
        &scope,
        f,
        at - Duration::days(untouched_days),
        CRITICAL_ROWS,
    )
    .await?;
    report.columns = vec![
        "case_id",
        "kind",
        "customer_name",
        "status",
        "assignee_id",
        "due_date",
        "next_contact_at",
        "updated_at",
        "age_days",
    ];
    let age = |since: Option<chrono::NaiveDate>| since.map(|d| (today - d).num_days());
    let date = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
    };
    let parts = [
        ("overdue_callback", overdue),
        ("delinquent", delinquent),
        ("untouched", untouched),
    ];
    for (kind, cases) in parts {
        for c in cases {
            let since = match kind {
                "overdue_callback" => c.next_contact_at.map(|t| t.date_naive()),
                "delinquent" => date(&c.due_date),
                _ => Some(c.updated_at.date_naive()),
            };
            report.rows.push(vec![
                json!(c.case_id),
                json!(kind),
                json!(c.customer_name),
                json!(c.status),
                json!(c.assignee_id),
                json!(c.due_date),
                time(c.next_contact_at),
                json!(c.updated_at),
                json!(age(since)),
            ]);
        }
    }
    let by_bucket: HashMap<i64, i64> = buckets.into_iter().collect();
    report.extra.push((
        "summary",
        json!({
            "overdue_callbacks": overdue_total,
            "untouched": untouched_total,
            "untouched_days": untouched_days,
            "delinquent_by_age": AGE_BUCKETS.iter().enumerate().map(|(n, bucket)| {
                json!({ "bucket": bucket, "cases": by_bucket.get(&(n as i64)).copied().unwrap_or(0) })
            }).collect::<Vec<_>>(),
        }),
    ));
    Ok(())
}

async fn areas(tx: &mut Tx, actor: &Actor, f: &ReportFilter, report: &mut Report) -> AppResult<()> {
    let scope = actor.scope();
    let attempts = store::reports::attempts_by_area(tx, &scope, f).await?;
    let closes = store::reports::closes_by_area(tx, &scope, f).await?;
    let mut areas: BTreeMap<String, (i64, i64, i64, i64, i64)> = BTreeMap::new();
    for a in attempts {
        let entry = areas.entry(a.area).or_default();
        (entry.0, entry.1, entry.2) = (a.cases, a.attempts, a.contacts);
    }
    for c in closes {
        let entry = areas.entry(c.area).or_default();
        (entry.3, entry.4) = (c.closed, c.closed_amount_cents);
    }
    report.columns = vec![
        "area",
        "cases",
        "attempts",
        "contacts",
        "contact_rate",
        "closed",
        "closed_amount",
    ];
    report.rows = areas
        .into_iter()
        .map(|(area, (cases, tries, reached, closed, amount))| {
            let rate = (tries > 0).then(|| (reached as f64 * 1000.0 / tries as f64).round() / 10.0);
            vec![
                json!(area),
                json!(cases),
                json!(tries),
                json!(reached),
                json!(rate),
                json!(closed),
                json!(domain::cases::cents_to_amount(amount)),
            ]
        })
        .collect();
    Ok(())
}

async fn statuses(
    tx: &mut Tx,
    actor: &Actor,
    f: &ReportFilter,
    report: &mut Report,
) -> AppResult<()> {
    let counts = store::reports::cases_by_status(tx, &actor.scope(), f).await?;
    let statuses = crate::case_config::all_statuses(tx, &actor.company_id).await?;
    report.columns = vec![
        "status",
        "name",
        "open",
        "cases",
        "assigned",
        "unassigned",
        "created",
    ];
    report.rows = statuses
        .into_iter()
        .map(|s| {
            let c = counts.iter().find(|c| c.status == s.key);
            let (cases, assigned, created) =
                c.map_or((0, 0, 0), |c| (c.cases, c.assigned, c.created));
            vec![
                json!(s.key),
                json!(s.name),
                json!(s.open),
                json!(cases),
                json!(assigned),
                json!(cases - assigned),
                json!(created),
            ]
        })
        .collect();
    Ok(())
}

/// The company's case statuses and attempt results, to name the codes reports hold
/// (`delinquent`, `no_answer`) for a reader of reports, who may not read the case
/// configuration itself.
pub async fn codes(
    ctx: &Context,
    actor: &Actor,
) -> AppResult<(
    Vec<crate::case_config::Status>,
    Vec<crate::case_config::Disposition>,
)> {
    require(actor, Permission::REPORTS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let statuses = crate::case_config::all_statuses(&mut tx, &actor.company_id).await?;
    let results = crate::case_config::all_dispositions(&mut tx, &actor.company_id).await?;
    Ok((statuses, results))
}
