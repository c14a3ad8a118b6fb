//! `/kpi`: the company's KPI targets per metric, for the company, a group or an
//! operator (`kpi.manage`); saving replaces the set, as `PUT /kpi-targets` does.

use std::collections::BTreeMap;

use app::kpi::TargetInput;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::kpi::{Metric, Target, TargetScope};
use domain::{Actor, Permission};

use super::common::{self, Fields, Flash, SelectOption};
use super::layout::Page;
use super::page_routes::Pages;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected().get("/kpi", page).post("/kpi", save)
}

/// Empty rows offered for new targets.
const BLANK_ROWS: usize = 3;

/// One editable row: a metric, whom it is for (`company`, `group:<id>`, `user:<id>`)
/// and the target, empty to drop it.
pub struct Row {
    n: usize,
    metrics: Vec<SelectOption>,
    whom: Vec<SelectOption>,
    target: String,
    /// Problems of this row, in the page's language.
    errors: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "kpi.html")]
pub struct KpiPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    rows: Vec<Row>,
}

/// A form sent back with its problems: the rows as sent, each row's problems, the alert.
struct Refused {
    sent: Vec<Sent>,
    errors: BTreeMap<usize, Vec<String>>,
    alert: String,
}

/// A row as the form sent it.
#[derive(Debug, Clone, Default)]
struct Sent {
    metric: String,
    whom: String,
    target: String,
}

fn whom_key(scope: TargetScope, id: &str) -> String {
    match scope {
        TargetScope::Company => "company".to_owned(),
        _ => format!("{}:{id}", scope.key()),
    }
}

fn rows(
    page: &Page,
    choices: &app::kpi::Choices,
    sent: &[Sent],
    errors: &BTreeMap<usize, Vec<String>>,
) -> Vec<Row> {
    sent.iter()
        .enumerate()
        .map(|(n, s)| {
            let mut metrics = vec![SelectOption::new(
                "",
                page.t("kpi-choose-metric"),
                s.metric.is_empty(),
            )];
            metrics.extend(Metric::ALL.into_iter().map(|m| {
                SelectOption::new(
                    m.key(),
                    page.t(&format!("kpi-metric-{}", m.key().replace('_', "-"))),
                    s.metric == m.key(),
                )
            }));
            let mut whom = vec![SelectOption::new(
                "company",
                page.t("kpi-for-company"),
                s.whom == "company" || s.whom.is_empty(),
            )];
            let (gb, ga) = page.t_around("kpi-for-group");
            whom.extend(choices.groups.iter().map(|(id, name)| {
                let key = whom_key(TargetScope::Group, id);
                let selected = s.whom == key;
                SelectOption::new(key, format!("{gb}{name}{ga}"), selected)
            }));
            whom.extend(choices.users.iter().map(|(id, name)| {
                let key = whom_key(TargetScope::User, id);
                let selected = s.whom == key;
                SelectOption::new(key, name.clone(), selected)
            }));
            Row {
                n,
                metrics,
                whom,
                target: s.target.clone(),
                errors: errors.get(&n).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn from_targets(targets: &[Target]) -> Vec<Sent> {
    targets
        .iter()
        .map(|t| Sent {
            metric: t.metric.key().to_owned(),
            whom: whom_key(t.scope, &t.scope_id),
            target: format_target(t.target),
        })
        .collect()
}

fn format_target(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    refused: Option<Refused>,
    status: StatusCode,
) -> Response {
    if !actor.can(Permission::KPI_MANAGE) {
        return common::forbidden(page);
    }
    let choices = match app::kpi::choices(&state.ctx, actor).await {
        Ok(choices) => choices,
        Err(error) => return common::fail(page, error),
    };
    let (mut sent, errors, alert) = match refused {
        Some(r) => (r.sent, r.errors, Some(r.alert)),
        None => match app::kpi::list(&state.ctx, actor).await {
            Ok(targets) => (from_targets(&targets), BTreeMap::new(), None),
            Err(error) => return common::fail(page, error),
        },
    };
    sent.extend(std::iter::repeat_n(Sent::default(), BLANK_ROWS));
    let view = KpiPage {
        title: page.t("nav-kpi"),
        notice,
        alert,
        rows: rows(&page, &choices, &sent, &errors),
        page,
    };
    (status, view).into_response()
}

pub async fn page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    render(&state, &actor, page, notice, None, StatusCode::OK).await
}

/// `POST /kpi`: the whole set; rows without a metric or a target are left out.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let (metrics, whom, targets) = (
        fields.all("metric"),
        fields.all("whom"),
        fields.all("target"),
    );
    let sent: Vec<Sent> = metrics
        .iter()
        .zip(&whom)
        .zip(&targets)
        .map(|((metric, whom), target)| Sent {
            metric: metric.clone(),
            whom: whom.clone(),
            target: target.trim().to_owned(),
        })
        .filter(|s| !(s.metric.is_empty() && s.target.is_empty()))
        .collect();
    // Each item sent keeps its row's number, so a problem lands beside its row.
    let mut local: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut items = Vec::new();
    let mut item_rows = Vec::new();
    for (n, s) in sent.iter().enumerate() {
        if s.target.is_empty() {
            continue;
        }
        let Ok(target) = s.target.replace(',', ".").parse::<f64>() else {
            local.entry(n).or_default().push(page.t("problem-invalid"));
            continue;
        };
        let (scope, scope_id) = match s.whom.split_once(':') {
            Some((scope, id)) => (scope.to_owned(), Some(id.to_owned())),
            None => (s.whom.clone(), None),
        };
        items.push(TargetInput {
            metric: s.metric.clone(),
            scope,
            scope_id,
            target,
        });
        item_rows.push(n);
    }
    let problem = if local.is_empty() {
        match app::kpi::replace(&state.ctx, &actor, &items).await {
            Ok(_) => return Redirect::to("/kpi?saved=1").into_response(),
            Err(error) => match common::explain(&page, error) {
                Ok(problem) => problem,
                Err(other) => return common::fail(page, other),
            },
        }
    } else {
        common::Problem::alert(
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("problem-check-fields"),
        )
    };
    if problem.status == StatusCode::FORBIDDEN {
        return common::forbidden(page);
    }
    // `items[2].metric` → the row the third item came from.
    for (field, message) in &problem.errors {
        let n = field
            .strip_prefix("items[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok())
            .and_then(|n| item_rows.get(n).copied());
        if let Some(n) = n {
            let what = field.rsplit('.').next().unwrap_or_default();
            let label = page.t(&format!("kpi-field-{}", what.replace('_', "-")));
            local
                .entry(n)
                .or_default()
                .push(format!("{label}: {message}"));
        }
    }
    let alert = problem
        .alert
        .unwrap_or_else(|| page.t("problem-check-fields"));
    render(
        &state,
        &actor,
        page,
        None,
        Some(Refused {
            sent,
            errors: local,
            alert,
        }),
        problem.status,
    )
    .await
}
