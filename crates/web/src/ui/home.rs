//! `/`: the dashboard for those who may see it, a plain home page for the others.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use domain::Permission;
use serde_json::json;

use super::common;
use super::layout::Page;
use super::reports::script_json;
use super::shipped;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub struct QueueLine {
    name: String,
    waiting: i64,
    service_level: String,
}

pub struct OperatorLine {
    name: String,
    attempts: i64,
    contacts: i64,
    closes: i64,
}

/// What the dashboard shows; `None` for viewers without `dashboard.view`.
pub struct Dashboard {
    contacts_today: i64,
    contacts_yesterday: i64,
    attempts_today: i64,
    attempts_yesterday: i64,
    callbacks_due: i64,
    show_live: bool,
    queues: Vec<QueueLine>,
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
        contacts_yesterday: overview.contacts_yesterday,
        attempts_today: overview.attempts_today,
        attempts_yesterday: overview.attempts_yesterday,
        callbacks_due: overview.callbacks_due,
        show_live,
        queues: overview
            .queues
            .iter()
            .map(|q| QueueLine {
                name: q.name.clone(),
                waiting: q.waiting,
                service_level: q
                    .service_level
                    .map_or_else(|| "—".to_owned(), |sl| format!("{sl:.1} %")),
            })
            .collect(),
        operators: overview
            .operators
            .iter()
            .map(|o| OperatorLine {
                name: o.name.clone(),
                attempts: o.attempts,
                contacts: o.contacts,
                closes: o.closes,
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

pub async fn home(
    State(state): State<AppState>,
    page: Page,
    CurrentActor(actor): CurrentActor,
) -> Response {
    let dashboard = if actor.can(Permission::DASHBOARD_VIEW) {
        match app::dashboard::overview(&state.ctx, &actor).await {
            Ok(overview) => Some(dashboard(&page, overview, actor.can(Permission::LIVE_VIEW))),
            Err(error) => return common::fail(page, error),
        }
    } else {
        None
    };
    let now = Utc::now();
    HomePage {
        title: page.t(if dashboard.is_some() {
            "nav-dashboard"
        } else {
            "nav-home"
        }),
        greeting: format!("{}, {}.", page.t("welcome"), actor.name),
        dashboard,
        now_utc: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        now_local: page.time(now),
        page,
    }
    .into_response()
}
