//! `/reports`: the list of reports, and each report as a chart and a table with its
//! filters and CSV export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::Permission;
use domain::objects::ObjectKind;
use serde::Deserialize;
use serde_json::{Value, json};

use super::common::{self, SelectOption};
use super::layout::Page;
use super::shipped;
use crate::api::reports::ReportParams;
use crate::extract::CurrentActor;
use crate::state::AppState;
use app::reports::{Report, ReportName};

/// The most projects, groups and queues the filters offer.
const CHOICES: i64 = 500;

pub struct ReportLink {
    href: String,
    title: String,
    about: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    page: Page,
    title: String,
    reports: Vec<ReportLink>,
}

pub async fn index(page: Page, CurrentActor(actor): CurrentActor) -> Response {
    if !actor.can(Permission::REPORTS_VIEW) {
        return common::forbidden(page);
    }
    let reports = ReportName::ALL
        .into_iter()
        .map(|name| ReportLink {
            href: format!("/reports/{}", name.key()),
            title: page.t(&format!("report-{}", name.key())),
            about: page.t(&format!("report-{}-about", name.key())),
        })
        .collect();
    ReportsPage {
        title: page.t("nav-reports"),
        reports,
        page,
    }
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    from: Option<String>,
    to: Option<String>,
    project_id: Option<String>,
    group_id: Option<String>,
    queue_id: Option<String>,
    days: Option<String>,
}

pub struct Cell {
    text: String,
    numeric: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "report.html")]
pub struct ReportPage {
    page: Page,
    title: String,
    about: String,
    key: String,
    alert: Option<String>,
    from: String,
    to: String,
    days: String,
    critical: bool,
    projects: Vec<SelectOption>,
    groups: Vec<SelectOption>,
    queues: Vec<SelectOption>,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// Chart.js configuration as JSON; empty when there is nothing to draw.
    chart: String,
    csv_href: Option<String>,
    /// Shown when a listing report reached its row cap.
    capped: bool,
}

fn cell(page: &Page, column: &str, value: &Value) -> Cell {
    let text = match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => page.t("yes"),
        Value::Bool(false) => page.t("no"),
        Value::String(text) if column.ends_with("_at") => {
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|at| page.time(at.with_timezone(&chrono::Utc)))
                .unwrap_or_else(|_| text.clone())
        }
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Cell {
        numeric: value.is_number(),
        text,
    }
}

fn labels(report: &Report, column: &str) -> Vec<Value> {
    report.values(column).into_iter().cloned().collect()
}

/// Numbers of `column` added up per label of `by`, labels in first-seen order.
fn summed(report: &Report, by: &str, column: &str) -> (Vec<String>, Vec<i64>) {
    let mut labels: Vec<String> = Vec::new();
    let mut sums: Vec<i64> = Vec::new();
    for (label, value) in report.values(by).into_iter().zip(report.values(column)) {
        let label = label.as_str().unwrap_or_default().to_owned();
        let n = value.as_i64().unwrap_or(0);
        match labels.iter().position(|l| *l == label) {
            Some(i) => sums[i] += n,
            None => {
                labels.push(label);
                sums.push(n);
            }
        }
    }
    (labels, sums)
}

fn bars(page: &Page, labels: Value, series: &[(&str, Value)]) -> Value {
    json!({
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": series.iter().map(|(label, data)| json!({ "label": page.t(label), "data": data })).collect::<Vec<_>>(),
        },
    })
}

/// The chart that goes with each report.
fn chart(page: &Page, report: &Report) -> Option<Value> {
    if report.rows.is_empty() {
        return None;
    }
    Some(match report.name {
        ReportName::OperatorProductivity => {
            let (names, attempts) = summed(report, "name", "attempts");
            let (_, contacts) = summed(report, "name", "contacts");
            let (_, closes) = summed(report, "name", "closes");
            bars(
                page,
                json!(names),
                &[
                    ("report-col-attempts", json!(attempts)),
                    ("report-col-contacts", json!(contacts)),
                    ("report-col-closes", json!(closes)),
                ],
            )
        }
        ReportName::Groups => bars(
            page,
            json!(labels(report, "name")),
            &[
                ("report-col-attempts", json!(labels(report, "attempts"))),
                ("report-col-contacts", json!(labels(report, "contacts"))),
                ("report-col-closes", json!(labels(report, "closes"))),
            ],
        ),
        ReportName::Queues => bars(
            page,
            json!(labels(report, "name")),
            &[
                ("report-col-answered", json!(labels(report, "answered"))),
                ("report-col-abandoned", json!(labels(report, "abandoned"))),
            ],
        ),
        ReportName::CallLog => {
            let days: Vec<Value> = report
                .values("started_at")
                .into_iter()
                .map(|v| json!(v.as_str().unwrap_or_default().get(..10).unwrap_or_default()))
                .collect();
            let mut per_day: Vec<(String, i64)> = Vec::new();
            for day in days.iter().rev() {
                let day = day.as_str().unwrap_or_default().to_owned();
                match per_day.last_mut() {
                    Some((last, n)) if *last == day => *n += 1,
                    _ => per_day.push((day, 1)),
                }
            }
            let (labels, counts): (Vec<String>, Vec<i64>) = per_day.into_iter().unzip();
            bars(page, json!(labels), &[("report-col-calls", json!(counts))])
        }
        ReportName::ContactFrequency => {
            let distribution = report
                .extra
                .iter()
                .find(|(k, _)| *k == "distribution")
                .and_then(|(_, v)| v.as_array().cloned())
                .unwrap_or_default();
            bars(
                page,
                json!(
                    distribution
                        .iter()
                        .map(|d| d["attempts"].clone())
                        .collect::<Vec<_>>()
                ),
                &[(
                    "report-col-cases",
                    json!(
                        distribution
                            .iter()
                            .map(|d| d["cases"].clone())
                            .collect::<Vec<_>>()
                    ),
                )],
            )
        }
        ReportName::CriticalStates => {
            let (kinds, counts) = summed(
                &Report {
                    columns: vec!["kind", "one"],
                    rows: report
                        .values("kind")
                        .into_iter()
                        .map(|k| vec![k.clone(), json!(1)])
                        .collect(),
                    ..report.clone()
                },
                "kind",
                "one",
            );
            let kinds: Vec<String> = kinds
                .iter()
                .map(|k| page.t(&format!("report-kind-{k}")))
                .collect();
            bars(page, json!(kinds), &[("report-col-cases", json!(counts))])
        }
        ReportName::AreaPerformance => bars(
            page,
            json!(labels(report, "area")),
            &[
                ("report-col-attempts", json!(labels(report, "attempts"))),
                ("report-col-contacts", json!(labels(report, "contacts"))),
            ],
        ),
        ReportName::CaseStatusSummary => json!({
            "type": "doughnut",
            "data": {
                "labels": labels(report, "name"),
                "datasets": [{ "label": page.t("report-col-cases"), "data": labels(report, "cases") }],
            },
        }),
    })
}

async fn choices(
    state: &AppState,
    actor: &domain::Actor,
    form: &ReportForm,
) -> Result<[Vec<SelectOption>; 3], app::AppError> {
    let ctx = &state.ctx;
    let chosen = |value: &Option<String>, id: &str| value.as_deref() == Some(id);
    let projects = common::optional(app::projects::list(ctx, actor, None, CHOICES, false).await)?
        .map(|p| {
            p.items
                .into_iter()
                .map(|p| {
                    SelectOption::new(
                        p.row.id.clone(),
                        p.row.name,
                        chosen(&form.project_id, &p.row.id),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let groups = common::optional(app::groups::list(ctx, actor, None, CHOICES, false).await)?
        .map(|g| {
            g.items
                .into_iter()
                .map(|g| {
                    SelectOption::new(
                        g.row.id.clone(),
                        g.row.name,
                        chosen(&form.group_id, &g.row.id),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let queues = common::optional(
        app::objects::list(ctx, actor, ObjectKind::Queues, None, None, CHOICES, false).await,
    )?
    .map(|q| {
        q.items
            .into_iter()
            .map(|q| {
                SelectOption::new(
                    q.row.id.clone(),
                    q.row.name,
                    chosen(&form.queue_id, &q.row.id),
                )
            })
            .collect()
    })
    .unwrap_or_default();
    Ok([projects, groups, queues])
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentActor(actor): CurrentActor,
    Path(key): Path<String>,
    Query(form): Query<ReportForm>,
) -> Response {
    let Some(name) = ReportName::parse(&key) else {
        return common::not_found();
    };
    if !actor.can(Permission::REPORTS_VIEW) {
        return common::forbidden(page);
    }
    let params = ReportParams::from_form(
        form.from.clone(),
        form.to.clone(),
        common::non_empty(form.project_id.clone()),
        common::non_empty(form.group_id.clone()),
        common::non_empty(form.queue_id.clone()),
        form.days.as_deref().and_then(|d| d.trim().parse().ok()),
    );
    let mut alert = None;
    let report = match params.query(&actor) {
        Ok(query) => match app::reports::run(&state.ctx, &actor, name, &query, false).await {
            Ok(mut report) => {
                shipped::name_report_statuses(page.tr, &mut report);
                Some(report)
            }
            Err(app::AppError::Invalid(_)) => {
                alert = Some(page.t("report-bad-range"));
                None
            }
            Err(error) => return common::fail(page, error),
        },
        Err(_) => {
            alert = Some(page.t("report-bad-range"));
            None
        }
    };
    let [projects, groups, queues] = match choices(&state, &actor, &form).await {
        Ok(found) => found,
        Err(error) => return common::fail(page, error),
    };
    let (headers, rows, chart, capped) = match &report {
        Some(report) => (
            report
                .columns
                .iter()
                .map(|c| page.t(&format!("report-col-{c}")))
                .collect(),
            report
                .rows
                .iter()
                .map(|row| {
                    report
                        .columns
                        .iter()
                        .zip(row)
                        .map(|(column, value)| cell(&page, column, value))
                        .collect()
                })
                .collect(),
            chart(&page, report)
                .map(|c| script_json(&c))
                .unwrap_or_default(),
            matches!(name, ReportName::CallLog | ReportName::ContactFrequency)
                && report.rows.len() as i64 >= app::reports::MAX_ROWS,
        ),
        None => (Vec::new(), Vec::new(), String::new(), false),
    };
    let pairs = [
        ("from", form.from.clone().unwrap_or_default()),
        ("to", form.to.clone().unwrap_or_default()),
        ("project_id", form.project_id.clone().unwrap_or_default()),
        ("group_id", form.group_id.clone().unwrap_or_default()),
        ("queue_id", form.queue_id.clone().unwrap_or_default()),
        ("days", form.days.clone().unwrap_or_default()),
        ("format", "csv".to_owned()),
    ];
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let csv_href = actor
        .can(Permission::REPORTS_EXPORT)
        .then(|| common::with_query(&format!("/api/v1/reports/{key}"), &pairs));
    let (from, to) = match &report {
        Some(r) => (
            page_date(&page, r.from),
            page_date(&page, r.to - chrono::Duration::seconds(1)),
        ),
        None => (
            form.from.clone().unwrap_or_default(),
            form.to.clone().unwrap_or_default(),
        ),
    };
    ReportPage {
        title: page.t(&format!("report-{key}")),
        about: page.t(&format!("report-{key}-about")),
        critical: name == ReportName::CriticalStates,
        days: form.days.clone().unwrap_or_else(|| "7".to_owned()),
        key,
        alert,
        from,
        to,
        projects,
        groups,
        queues,
        headers,
        rows,
        chart,
        csv_href,
        capped,
        page,
    }
    .into_response()
}

/// JSON to embed in a `<script>` element: no `<` can close it, whatever names hold.
pub fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The date of `at` in the page's time zone, as a date input holds it.
fn page_date(page: &Page, at: chrono::DateTime<chrono::Utc>) -> String {
    page.time(at).get(..10).unwrap_or_default().to_owned()
}
