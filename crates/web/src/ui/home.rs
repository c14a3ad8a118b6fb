//! `/`: the dashboard for those who may see it; for operators their day (state,
//! callbacks, cases by status, today's work against their KPI targets); a plain home
//! page for the others.

use app::kpi::Score;
use app::my_day::{Callback, MyDay};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use domain::kpi::{Metric, Verdict};
use domain::{Actor, Permission};
use serde::Deserialize;
use serde_json::json;

use super::common::{self, Fields};
use super::layout::Page;
use super::my_state::{self as my_state, Place, Posted, StateForm};
use super::page_routes::Pages;
use super::reports::script_json;
use super::shipped;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected().post("/home/state", set_state)
}

/// A figure against its target, as a table cell shows it.
pub struct KpiCell {
    pub actual: String,
    pub target: String,
    /// `badge-ok` / `badge-off`, empty without a verdict.
    pub badge: &'static str,
    pub verdict: String,
}

fn number(lang: &str, value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if lang == "en" {
        text
    } else {
        text.replace('.', ",")
    }
}

/// How a metric's figure reads: seconds as minutes and seconds, rates with a decimal.
fn metric_value(page: &Page, metric: Metric, value: f64) -> String {
    match metric {
        Metric::AverageHandleTime => {
            let s = value.round().max(0.0) as i64;
            format!("{}:{:02}", s / 60, s % 60)
        }
        Metric::ServiceLevel => format!("{} %", number(page.lang, value, 1)),
        Metric::ContactsPerHour => number(page.lang, value, 1),
        Metric::ClosesPerDay => number(page.lang, value, 0),
    }
}

fn verdict_cell(page: &Page, metric: Metric, actual: Option<f64>, target: Option<f64>) -> KpiCell {
    let verdict = actual.zip(target).map(|(a, t)| metric.verdict(a, t));
    KpiCell {
        actual: actual.map_or_else(|| "—".to_owned(), |a| metric_value(page, metric, a)),
        target: target.map_or_else(String::new, |t| metric_value(page, metric, t)),
        badge: match verdict {
            Some(Verdict::OnTarget) => "badge badge-ok",
            Some(Verdict::Below) => "badge badge-off",
            None => "",
        },
        verdict: verdict.map_or_else(String::new, |v| {
            page.t(&format!("kpi-verdict-{}", v.key().replace('_', "-")))
        }),
    }
}

fn score_cell(page: &Page, score: &Score) -> KpiCell {
    verdict_cell(page, score.metric, score.actual, score.target)
}

fn metric_label(page: &Page, metric: Metric) -> String {
    page.t(&format!("kpi-metric-{}", metric.key().replace('_', "-")))
}

pub struct QueueLine {
    name: String,
    waiting: i64,
    service_level: KpiCell,
}

pub struct OperatorLine {
    name: String,
    attempts: i64,
    contacts: i64,
    /// Contacts per hour, average handle time, closes: each against the operator's target.
    kpis: Vec<KpiCell>,
}

/// A row of the "Yesterday / Today" table, in the chart's order.
pub struct DayTotals {
    label: String,
    attempts: i64,
    contacts: i64,
}

/// What the dashboard shows; `None` for viewers without `dashboard.view`.
pub struct Dashboard {
    contacts_today: i64,
    totals: Vec<DayTotals>,
    callbacks_due: i64,
    show_live: bool,
    queues: Vec<QueueLine>,
    /// Headings of the operators' KPI columns.
    kpi_heads: Vec<String>,
    operators: Vec<OperatorLine>,
    status_chart: String,
    contacts_chart: String,
    operators_chart: String,
    queues_chart: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    page: Page,
    title: String,
    greeting: String,
    dashboard: Option<Dashboard>,
    day: Option<DayView>,
    now_utc: String,
    now_local: String,
}

/// Most operators the dashboard charts.
const TOP_OPERATORS: usize = 10;

fn dashboard(page: &Page, overview: app::dashboard::Overview, show_live: bool) -> Dashboard {
    let t = |id: &str| page.t(id);
    let status_chart = json!({
        "type": "doughnut",
        "data": {
            "labels": overview.cases_by_status.iter().map(|(key, name, _)| shipped::status_name(page.tr, key, name)).collect::<Vec<_>>(),
            "datasets": [{ "label": t("report-col-cases"), "data": overview.cases_by_status.iter().map(|(_, _, n)| n).collect::<Vec<_>>() }],
        },
    });
    let contacts_chart = json!({
        "type": "bar",
        "data": {
            "labels": [t("dashboard-yesterday"), t("dashboard-today")],
            "datasets": [
                { "label": t("report-col-attempts"), "data": [overview.attempts_yesterday, overview.attempts_today] },
                { "label": t("report-col-contacts"), "data": [overview.contacts_yesterday, overview.contacts_today] },
            ],
        },
    });
    let top: Vec<&app::dashboard::OperatorToday> =
        overview.operators.iter().take(TOP_OPERATORS).collect();
    let operators_chart = json!({
        "type": "bar",
        "data": {
            "labels": top.iter().map(|o| &o.name).collect::<Vec<_>>(),
            "datasets": [
                { "label": t("report-col-attempts"), "data": top.iter().map(|o| o.attempts).collect::<Vec<_>>() },
                { "label": t("report-col-contacts"), "data": top.iter().map(|o| o.contacts).collect::<Vec<_>>() },
                { "label": t("report-col-closes"), "data": top.iter().map(|o| o.closes).collect::<Vec<_>>() },
            ],
        },
    });
    let queues_chart = json!({
        "type": "bar",
        "data": {
            "labels": overview.queues.iter().map(|q| &q.name).collect::<Vec<_>>(),
            "datasets": [{ "label": t("report-col-service_level"), "data": overview.queues.iter().map(|q| q.service_level).collect::<Vec<_>>() }],
        },
        "options": { "scales": { "y": { "beginAtZero": true, "max": 100 } } },
    });
    Dashboard {
        contacts_today: overview.contacts_today,
        totals: vec![
            DayTotals {
                label: t("dashboard-yesterday"),
                attempts: overview.attempts_yesterday,
                contacts: overview.contacts_yesterday,
            },
            DayTotals {
                label: t("dashboard-today"),
                attempts: overview.attempts_today,
                contacts: overview.contacts_today,
            },
        ],
        callbacks_due: overview.callbacks_due,
        show_live,
        queues: overview
            .queues
            .iter()
            .map(|q| QueueLine {
                name: q.name.clone(),
                waiting: q.waiting,
                service_level: verdict_cell(
                    page,
                    Metric::ServiceLevel,
                    q.service_level,
                    overview.service_level_target,
                ),
            })
            .collect(),
        kpi_heads: app::kpi::OPERATOR_METRICS
            .iter()
            .map(|m| metric_label(page, *m))
            .collect(),
        operators: overview
            .operators
            .iter()
            .map(|o| OperatorLine {
                name: o.name.clone(),
                attempts: o.attempts,
                contacts: o.contacts,
                kpis: o.scores.iter().map(|s| score_cell(page, s)).collect(),
            })
            .collect(),
        status_chart: script_json(&status_chart),
        contacts_chart: script_json(&contacts_chart),
        operators_chart: if top.is_empty() {
            String::new()
        } else {
            script_json(&operators_chart)
        },
        queues_chart: if overview.queues.is_empty() {
            String::new()
        } else {
            script_json(&queues_chart)
        },
    }
}

pub struct CallbackLine {
    href: String,
    name: String,
    when: String,
    when_utc: String,
    late: bool,
    phones: Vec<String>,
}

pub struct StatusLine {
    key: String,
    name: String,
    count: i64,
    href: String,
}

pub struct ScoreLine {
    metric: &'static str,
    label: String,
    cell: KpiCell,
}

/// The operator's day.
pub struct DayView {
    state: StateForm,
    due: Vec<CallbackLine>,
    next: Vec<CallbackLine>,
    statuses: Vec<StatusLine>,
    attempts: i64,
    contacts: i64,
    scores: Vec<ScoreLine>,
}

fn callback_line(page: &Page, c: &Callback) -> CallbackLine {
    CallbackLine {
        href: format!("/cases/{}", c.case.id),
        name: c.case.customer_name.clone(),
        when: page.time(c.at),
        when_utc: c.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        late: c.late,
        phones: c.phones.clone(),
    }
}

/// `tel:` needs the number without spaces or punctuation other than a leading `+`.
pub fn tel_href(phone: &str) -> String {
    let mut out = String::from("tel:");
    for (n, ch) in phone.trim().chars().enumerate() {
        if ch.is_ascii_digit() || (n == 0 && ch == '+') {
            out.push(ch);
        }
    }
    out
}

fn day_view(page: &Page, day: &MyDay, state: StateForm) -> DayView {
    DayView {
        state,
        due: day.due.iter().map(|c| callback_line(page, c)).collect(),
        next: day.next.iter().map(|c| callback_line(page, c)).collect(),
        statuses: day
            .statuses
            .iter()
            .map(|(status, count)| StatusLine {
                key: status.key.clone(),
                name: shipped::status_name(page.tr, &status.key, &status.name),
                count: *count,
                href: common::with_query("/my-cases", &[("status", &status.key)]),
            })
            .collect(),
        attempts: day.score.work.attempts,
        contacts: day.score.work.contacts,
        scores: day
            .score
            .scores
            .iter()
            .map(|s| ScoreLine {
                metric: s.metric.key(),
                label: metric_label(page, s.metric),
                cell: score_cell(page, s),
            })
            .collect(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    /// The state the home's buttons just set (a flash after the redirect).
    state: Option<String>,
}

pub async fn home(
    State(state): State<AppState>,
    page: Page,
    CurrentActor(actor): CurrentActor,
    Query(query): Query<HomeQuery>,
) -> Response {
    render(
        &state,
        &actor,
        page,
        query.state.as_deref(),
        |form| form,
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    set: Option<&str>,
    state_form: impl FnOnce(StateForm) -> StateForm,
    status: StatusCode,
) -> Response {
    let dashboard = if actor.can(Permission::DASHBOARD_VIEW) {
        match app::dashboard::overview(&state.ctx, actor).await {
            Ok(overview) => Some(dashboard(&page, overview, actor.can(Permission::LIVE_VIEW))),
            Err(error) => return common::fail(page, error),
        }
    } else {
        None
    };
    let day = if dashboard.is_none() && app::my_day::applies_to(actor) {
        match app::my_day::load(&state.ctx, actor).await {
            Ok(day) => {
                let form = state_form(StateForm::build(&page, Place::Home, &day.state, set));
                Some(day_view(&page, &day, form))
            }
            Err(error) => return common::fail(page, error),
        }
    } else {
        None
    };
    let now = Utc::now();
    let view = HomePage {
        title: page.t(if dashboard.is_some() {
            "nav-dashboard"
        } else if day.is_some() {
            "home-my-day"
        } else {
            "nav-home"
        }),
        greeting: format!("{}, {}.", page.t("welcome"), actor.name),
        dashboard,
        day,
        now_utc: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        now_local: page.time(now),
        page,
    };
    (status, view).into_response()
}

/// `POST /home/state`: the operator's own state from their home, then back to it.
pub async fn set_state(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let reason = fields.text("reason");
    let problem = match my_state::post(&state, &actor, &page, &fields, "/").await {
        Posted::Set(done) => return done,
        Posted::Refused(problem) => problem,
        Posted::Failed(error) => return common::fail(page, error),
    };
    if problem.status == StatusCode::FORBIDDEN {
        return common::forbidden(page);
    }
    let status = problem.status;
    render(
        &state,
        &actor,
        page,
        None,
        |form| form.refused(&problem, reason),
        status,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_keep_digits_and_a_leading_plus() {
        assert_eq!(tel_href("+34 600 12-34-56"), "tel:+34600123456");
        assert_eq!(tel_href("(555) 0100"), "tel:5550100");
        assert_eq!(tel_href("555+1"), "tel:5551");
    }
}
