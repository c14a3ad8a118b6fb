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
use super::sorting::{Header, Pager, Sorted};
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
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
}

/// Rows per page of a report's table.
const PER_PAGE: usize = 50;

pub struct Cell {
    text: String,
    numeric: bool,
    /// Where the named thing's page is, when the reader may go there.
    href: Option<String>,
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
    headers: Vec<Header>,
    rows: Vec<Vec<Cell>>,
    /// Chart.js configuration as JSON; empty when there is nothing to draw.
    chart: String,
    /// The report has rows, but every figure its chart would draw is zero.
    nothing_in_period: bool,
    csv_href: Option<String>,
    /// Shown when a listing report reached its row cap.
    capped: bool,
    /// "Rows 51–100 of 230", and the neighbouring pages.
    pager: Pager,
}

/// The id column a name column names, and the page of that thing when the reader may
/// go there.
fn named(column: &str) -> Option<&'static str> {
    Some(match column {
        "agent_name" => "agent_id",
        "assignee_name" => "assignee_id",
        "queue_name" => "queue_id",
        "campaign_name" => "campaign_id",
        "group_name" => "group_id",
        "customer_name" => "case_id",
        "pause_reason" => "pause_reason_id",
        _ => return None,
    })
}

fn href_of(actor: &domain::Actor, name_column: &str, id: &str) -> Option<String> {
    let (section, needs) = match name_column {
        "agent_name" | "assignee_name" => ("users", Permission::USERS_VIEW),
        "queue_name" => ("config/queues", Permission::QUEUES_VIEW),
        "campaign_name" => ("config/dialer-campaigns", Permission::DIALER_CAMPAIGNS_VIEW),
        "group_name" => ("groups", Permission::GROUPS_VIEW),
        "customer_name" => ("cases", Permission::CASES_VIEW),
        _ => return None,
    };
    actor.can(needs).then(|| format!("/{section}/{id}"))
}

/// The columns a report's page shows: ids stand behind the names beside them (a
/// name links to its page), and a `name` repeating such a name is left out; the JSON
/// and CSV keep them all.
fn shown_columns(report: &Report) -> Vec<usize> {
    let has = |c: &str| report.columns.contains(&c);
    report
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let c = **c;
            let id_behind_name = report
                .columns
                .iter()
                .any(|n| named(n) == Some(c) && (c != "case_id" || n == &"customer_name"));
            let repeated_name =
                c == "name" && (has("agent_name") || has("group_name") || has("queue_name"));
            let status_key = c == "status" && report.name == ReportName::CaseStatusSummary;
            !(c == "interaction_id" || id_behind_name || repeated_name || status_key)
        })
        .map(|(n, _)| n)
        .collect()
}

/// Names for the codes reports hold, in the reader's language.
pub struct Codes {
    statuses: std::collections::HashMap<String, String>,
    results: std::collections::HashMap<String, String>,
}

impl Codes {
    async fn load(
        state: &AppState,
        actor: &domain::Actor,
        page: &Page,
    ) -> Result<Self, app::AppError> {
        let (statuses, results) = app::reports::codes(&state.ctx, actor).await?;
        Ok(Self {
            statuses: statuses
                .into_iter()
                .map(|s| {
                    let name = shipped::status_name(page.tr, &s.key, &s.name);
                    (s.key, name)
                })
                .collect(),
            results: results
                .into_iter()
                .map(|r| {
                    let name = shipped::result_name(page.tr, &r.key, &r.name);
                    (r.key, name)
                })
                .collect(),
        })
    }

    /// The reader's label of code `text` in `column`, if it is one.
    fn label(&self, page: &Page, column: &str, text: &str) -> Option<String> {
        match column {
            "status" => self.statuses.get(text).cloned(),
            "disposition" => self.results.get(text).cloned(),
            "kind" => Some(page.t(&format!("report-kind-{text}"))),
            "channel" => Some(page.t(&format!("report-channel-{text}"))),
            "direction" => Some(page.t(&format!("report-direction-{text}"))),
            _ => None,
        }
    }
}

fn cell(page: &Page, codes: &Codes, column: &str, value: &Value) -> Cell {
    let text = match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => page.t("yes"),
        Value::Bool(false) => page.t("no"),
        Value::String(text) if column.ends_with("_at") => {
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|at| page.time(at.with_timezone(&chrono::Utc)))
                .unwrap_or_else(|_| text.clone())
        }
        Value::String(text) if text.is_empty() => "—".to_owned(),
        Value::String(text) => codes
            .label(page, column, text)
            .unwrap_or_else(|| text.clone()),
        other => other.to_string(),
    };
    Cell {
        numeric: value.is_number(),
        text,
        href: None,
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

/// Whether a chart would draw anything: some figure of some series is not zero.
fn draws_something(chart: &Value) -> bool {
    chart["data"]["datasets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|set| set["data"].as_array())
        .flatten()
        .any(|n| n.as_f64().is_some_and(|n| n != 0.0))
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
        ReportName::Pauses | ReportName::PausesByGroup => {
            // Pause time per operator (or group), whatever the reasons.
            let by = if report.name == ReportName::Pauses {
                "agent_name"
            } else {
                "name"
            };
            let (names, seconds) = summed(report, by, "pause_seconds");
            bars(
                page,
                json!(names),
                &[("report-col-pause_seconds", json!(seconds))],
            )
        }
        ReportName::Queues => bars(
            page,
            json!(labels(report, "name")),
            &[
                ("report-col-answered", json!(labels(report, "answered"))),
                ("report-col-abandoned", json!(labels(report, "abandoned"))),
            ],
        ),
        ReportName::CallLog => {
            // Whatever order the table is in, the chart runs day by day.
            let mut per_day: std::collections::BTreeMap<String, i64> = Default::default();
            for at in report.values("started_at") {
                let day = at
                    .as_str()
                    .unwrap_or_default()
                    .get(..10)
                    .unwrap_or_default();
                *per_day.entry(day.to_owned()).or_default() += 1;
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
    )
    .sorted(
        // A column the report lacks (an old link) leaves the report's own order.
        common::non_empty(form.sort.clone())
            .filter(|c| app::reports::columns(name).contains(&c.as_str())),
        common::non_empty(form.dir.clone()).filter(|d| d == "desc"),
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
    let codes = match Codes::load(&state, &actor, &page).await {
        Ok(codes) => codes,
        Err(error) => return common::fail(page, error),
    };
    // The filters every link of the page keeps.
    let path = format!("/reports/{key}");
    let sorted = Sorted::new(
        &path,
        vec![
            ("from", form.from.clone().unwrap_or_default()),
            ("to", form.to.clone().unwrap_or_default()),
            ("project_id", form.project_id.clone().unwrap_or_default()),
            ("group_id", form.group_id.clone().unwrap_or_default()),
            ("queue_id", form.queue_id.clone().unwrap_or_default()),
            ("days", form.days.clone().unwrap_or_default()),
        ],
        report.as_ref().and(form.sort.as_deref()),
        form.dir.as_deref(),
        form.page.as_deref(),
        |c| app::reports::columns(name).contains(&c),
    );
    let page_number = sorted.page;
    let mut table = Table::default();
    if let Some(report) = &report {
        let shown = shown_columns(report);
        table.headers = shown
            .iter()
            .map(|&n| {
                let column = report.columns[n];
                // A name column is headed as what it names ("Agent", "Queue").
                let label = match named(column) {
                    Some(id) if column != "customer_name" => id,
                    _ => column,
                };
                sorted.header(page.t(&format!("report-col-{label}")), column)
            })
            .collect();
        table.rows = report
            .page(page_number, PER_PAGE)
            .iter()
            .map(|row| {
                shown
                    .iter()
                    .map(|&n| {
                        let column = report.columns[n];
                        let value = &row[n];
                        let mut cell = cell(&page, &codes, column, value);
                        if let Some(id) = named(column)
                            .filter(|_| !value.is_null())
                            .and_then(|id_column| report.get(row, id_column).as_str())
                        {
                            cell.href = href_of(&actor, column, id);
                        }
                        cell
                    })
                    .collect()
            })
            .collect();
        table.pager = sorted.pager(&page, table.rows.len(), report.rows.len(), PER_PAGE);
        match chart(&page, report) {
            Some(c) if draws_something(&c) => table.chart = script_json(&c),
            Some(_) => table.nothing_in_period = true,
            None => {}
        }
        table.capped = matches!(name, ReportName::CallLog | ReportName::ContactFrequency)
            && report.rows.len() as i64 >= app::reports::MAX_ROWS;
    }
    let csv_href = actor.can(Permission::REPORTS_EXPORT).then(|| {
        let mut csv = sorted.with_path(&format!("/api/v1/reports/{key}"));
        csv.push_str(if csv.contains('?') { "&" } else { "?" });
        csv.push_str("format=csv");
        csv
    });
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
        headers: table.headers,
        rows: table.rows,
        chart: table.chart,
        nothing_in_period: table.nothing_in_period,
        csv_href,
        capped: table.capped,
        pager: table.pager,
        page,
    }
    .into_response()
}

/// What the page shows of a report: one page of its rows, and its chart.
#[derive(Default)]
struct Table {
    headers: Vec<Header>,
    rows: Vec<Vec<Cell>>,
    chart: String,
    nothing_in_period: bool,
    capped: bool,
    pager: Pager,
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
