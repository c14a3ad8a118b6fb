//! `/cases/reassign`: assign cases to one operator, or distribute them over several
//! with a preview of the loads.

use std::collections::BTreeMap;

use app::AppError;
use app::case_moves::Bulk;
use app::cases::Selection;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, FieldErrors, Permission};
use serde::Deserialize;
use store::cases::CaseFilter;

use super::filters::{Criteria, FilterForm, ListQuery, href};
use super::import::job_status_label;
use super::lines::{CaseLine, Names, campaigns, line, read_page, users};
use super::rerender::Rerender;
use super::section::{Refusal, SectionLink, refusal, section_links, t_with};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::{self, Fields, SelectOption};
use crate::ui::layout::Page;
use crate::ui::shipped;

/// What a redirect after a reassignment tells the page.
#[derive(Deserialize, Default)]
pub struct ReassignFlash {
    assigned: Option<String>,
    distributed: Option<String>,
    /// An assignment or distribution running as a job, to follow.
    job: Option<String>,
}

impl ReassignFlash {
    pub(super) fn notice(&self, page: &Page) -> Option<String> {
        let count = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<usize>().ok());
        if let Some(n) = count(&self.assigned) {
            return Some(t_with(page, "ca-flash-assigned", n));
        }
        count(&self.distributed).map(|n| t_with(page, "ca-flash-distributed", n))
    }
}

/// The Reassign form as posted (or as first shown).
#[derive(Debug, Clone, Default)]
pub(super) struct ReassignForm {
    criteria: Criteria,
    /// `open` (the default), `all`, or a status key.
    status: String,
    cursor: String,
    /// `all`: every case matching the filter; else the ticked ones.
    scope: String,
    case_ids: Vec<String>,
    assignee_id: String,
    operator_ids: Vec<String>,
}

impl ReassignForm {
    pub(super) fn from_fields(fields: &Fields) -> Self {
        ReassignForm {
            criteria: Criteria::from_fields(fields),
            status: fields.text("status"),
            cursor: fields.text("cursor"),
            scope: fields.text("scope"),
            case_ids: fields.all("case_ids"),
            assignee_id: fields.text("assignee_id").trim().to_owned(),
            operator_ids: fields
                .all("operator_ids")
                .into_iter()
                .filter(|id| !id.trim().is_empty())
                .collect(),
        }
    }

    pub(super) fn all(&self) -> bool {
        self.scope == "all"
    }

    pub(super) fn filter(&self) -> CaseFilter {
        let mut filter = self.criteria.filter();
        match self.status.as_str() {
            "all" => {}
            "" | "open" => filter.open = Some(true),
            key => filter.status = Some(key.to_owned()),
        }
        filter
    }

    pub(super) fn selection(&self) -> Result<Selection, AppError> {
        if self.all() {
            return Ok(Selection::Filter(self.filter()));
        }
        if self.case_ids.is_empty() {
            return Err(FieldErrors::single("case_ids", "required").into());
        }
        Ok(Selection::Ids(self.case_ids.clone()))
    }

    /// The pairs that bring the same cases back: the filter, the page and the choice.
    pub(super) fn carried(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .criteria
            .pairs()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        pairs.push(("status".into(), self.status.clone()));
        pairs.push(("cursor".into(), self.cursor.clone()));
        pairs
    }

    /// The page address with the same filter.
    pub(super) fn page_href(&self, extra: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("status", &self.status)];
        pairs.extend_from_slice(extra);
        href("/cases/reassign", &self.criteria, &pairs)
    }
}

pub struct ReassignView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    filters: FilterForm,
    /// Hidden pairs of the action form.
    carried: Vec<(String, String)>,
    all_label: String,
    scope_all: bool,
    rows: Vec<CaseLine>,
    next: Option<String>,
    assignee_choices: Vec<SelectOption>,
    operator_choices: Vec<OperatorChoice>,
    /// The assignment or distribution job the page follows.
    job: Option<MoveJobView>,
}

/// An assignment or distribution running as a job: its progress bar, followed by
/// `case_import.js` as the import page's is, then its outcome.
pub struct MoveJobView {
    api_href: String,
    title: String,
    status_key: String,
    status_label: String,
    running: bool,
    total: i64,
    processed: i64,
    succeeded: i64,
    failed: i64,
    bar_max: i64,
    /// What the end of the job says, if more than its counts.
    message: Option<String>,
}

impl MoveJobView {
    pub(super) fn of(page: &Page, job: store::jobs::JobRow) -> Self {
        let running = matches!(job.status.as_str(), "queued" | "running");
        let message = match job.status.as_str() {
            "failed" => Some(t_with(page, "ca-move-job-stopped", job.succeeded)),
            "done" if job.failed > 0 => Some(t_with(page, "ca-move-job-skipped", job.failed)),
            _ => None,
        };
        MoveJobView {
            api_href: format!("/api/v1/jobs/{}", job.id),
            title: page.t(if job.kind == "assignment" {
                "ca-move-job-assignment"
            } else {
                "ca-move-job-distribution"
            }),
            status_label: job_status_label(page, &job.status),
            status_key: job.status,
            running,
            total: job.total,
            processed: job.processed,
            succeeded: job.succeeded,
            failed: job.failed,
            bar_max: job.total.max(1),
            message,
        }
    }
}

/// An operator to distribute over, with the open cases they hold now.
pub struct OperatorChoice {
    option: SelectOption,
    load: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_reassign.html")]
pub struct ReassignPage {
    page: Page,
    view: ReassignView,
}

impl std::ops::Deref for ReassignPage {
    type Target = ReassignView;

    fn deref(&self) -> &ReassignView {
        &self.view
    }
}

/// `GET /cases/reassign`: choose cases, then an operator or several to spread them over.
pub async fn reassign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
    Query(flash): Query<ReassignFlash>,
) -> Response {
    let form = ReassignForm {
        criteria: Criteria::of(&query),
        status: query.status.clone().unwrap_or_default(),
        cursor: query.cursor.clone().unwrap_or_default(),
        ..ReassignForm::default()
    };
    let notice = flash.notice(&page);
    let job = match flash.job.as_deref() {
        Some(id) => match app::case_moves::job(&state.ctx, &actor, id).await {
            Ok(job) => Some(MoveJobView::of(&page, job)),
            Err(AppError::NotFound) => None,
            Err(error) => return common::fail(page, error),
        },
        None => None,
    };
    match reassign_view(&state, &actor, &page, form, None).await {
        Ok(mut view) => {
            view.notice = notice;
            view.job = job;
            ReassignPage { page, view }.into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

/// The Reassign page as `again.form` chose its cases.
pub(super) async fn render_reassign(
    state: &AppState,
    actor: &Actor,
    page: Page,
    again: Rerender<ReassignForm, Refusal>,
) -> Response {
    let status = again.status();
    match reassign_view(state, actor, &page, again.form, again.refusal).await {
        Ok(mut view) => {
            view.notice = again.notice;
            (status, ReassignPage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

pub(super) async fn reassign_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    mut form: ReassignForm,
    refusal: Option<Refusal>,
) -> Result<ReassignView, AppError> {
    // The operators to choose from, with the open cases they hold: the use-case
    // refuses readers without cases.assign (403) before anything is read.
    let users = users(state, actor).await?;
    let active = users.iter().filter(|u| u.active);
    let ids: Vec<String> = active.clone().map(|u| u.id.clone()).collect();
    let loads = app::cases::open_loads(&state.ctx, actor, &ids).await?;
    let statuses = shipped::statuses(state, actor, page.tr).await?;
    if form.status != "all" && !statuses.iter().any(|s| s.key == form.status) {
        form.status = "open".to_owned();
    }
    let filter = form.filter();
    let cursor = common::non_empty(Some(form.cursor.clone()));
    let found = read_page(state, actor, &filter, super::lines::SORT, cursor, true).await?;
    let total = found.total.unwrap_or_default();
    let next = found
        .next
        .as_ref()
        .map(|c| form.page_href(&[("cursor", c)]));

    let campaigns = campaigns(state, actor).await?;
    let names = Names::new(page, &users);
    let rows = found
        .items
        .iter()
        .map(|c| {
            let mut line = line(page, &statuses, &names, c);
            line.ticked = form.case_ids.contains(&line.id);
            line
        })
        .collect();

    let mut filters = FilterForm::new(page, "/cases/reassign", &form.criteria, &users, &campaigns);
    let mut status_options = vec![
        SelectOption::new("open", page.t("ca-filter-open"), form.status == "open"),
        SelectOption::new("all", page.t("ca-filter-any-status"), form.status == "all"),
    ];
    status_options.extend(
        statuses
            .iter()
            .map(|s| SelectOption::new(s.key.clone(), s.name.clone(), s.key == form.status)),
    );
    filters.status_options = status_options;
    filters.clear_href =
        (form.criteria.is_set() || form.status != "open").then(|| "/cases/reassign".to_owned());

    let mut assignee_choices = vec![SelectOption::new(
        "",
        page.t("ca-choose-operator"),
        form.assignee_id.is_empty(),
    )];
    assignee_choices.extend(
        active
            .clone()
            .map(|u| SelectOption::new(u.id.clone(), u.name.clone(), u.id == form.assignee_id)),
    );
    let operator_choices = active
        .map(|u| OperatorChoice {
            option: SelectOption::new(
                u.id.clone(),
                u.name.clone(),
                form.operator_ids.contains(&u.id),
            ),
            load: t_with(
                page,
                "ca-operator-load",
                loads.get(&u.id).copied().unwrap_or(0),
            ),
        })
        .collect();

    let (alert, errors) = match refusal {
        Some(r) => (r.alert, r.errors),
        None => (None, BTreeMap::new()),
    };
    Ok(ReassignView {
        title: page.t("ca-reassign-title"),
        links: section_links(page, actor, "/cases/reassign"),
        notice: None,
        alert,
        errors,
        filters,
        carried: form.carried(),
        all_label: t_with(page, "ca-scope-all", total),
        scope_all: form.all(),
        rows,
        next,
        assignee_choices,
        operator_choices,
        job: None,
    })
}

pub struct PreviewLine {
    id: String,
    name: String,
    received: i64,
    load: i64,
}

pub struct PreviewView {
    title: String,
    links: Vec<SectionLink>,
    lines: Vec<PreviewLine>,
    moved: String,
    carried: Vec<(String, String)>,
    back_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_reassign_preview.html")]
pub struct PreviewPage {
    page: Page,
    view: PreviewView,
}

impl std::ops::Deref for PreviewPage {
    type Target = PreviewView;

    fn deref(&self) -> &PreviewView {
        &self.view
    }
}

/// `POST /cases/reassign`: `action=assign` gives the cases to one operator;
/// `action=preview` shows how a distribution would come out; `action=confirm` does it.
pub async fn reassign_submit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !actor.can(Permission::CASES_ASSIGN) {
        return common::forbidden(page);
    }
    let fields = Fields(pairs);
    let form = ReassignForm::from_fields(&fields);
    let outcome = match fields.text("action").as_str() {
        "assign" => assign_cases(&state, &actor, &form)
            .await
            .map(|outcome| moved(&form, "assigned", outcome)),
        "preview" => match preview(&state, &actor, &page, &form).await {
            Ok(view) => return PreviewPage { page, view }.into_response(),
            Err(error) => Err(error),
        },
        "confirm" => distribute(&state, &actor, &form)
            .await
            .map(|outcome| moved(&form, "distributed", outcome)),
        _ => Err(FieldErrors::single("action", "invalid").into()),
    };
    match outcome {
        Ok(response) => response,
        Err(error) => match refusal(&page, error) {
            Ok(refusal) => {
                render_reassign(&state, &actor, page, Rerender::refused(form, refusal)).await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// Back to the Reassign page, saying how many cases moved (`flash` names the action),
/// or following the job that moves them.
pub(super) fn moved(form: &ReassignForm, flash: &str, outcome: Bulk) -> Response {
    let href = match outcome {
        Bulk::Done(outcome) => {
            let n = outcome.assigned.values().sum::<i64>().to_string();
            form.page_href(&[(flash, &n)])
        }
        Bulk::Started(job) => form.page_href(&[("job", &job.id)]),
    };
    Redirect::to(&href).into_response()
}

pub(super) async fn assign_cases(
    state: &AppState,
    actor: &Actor,
    form: &ReassignForm,
) -> Result<Bulk, AppError> {
    let mut errors = FieldErrors::new();
    let selection = match form.selection() {
        Ok(selection) => Some(selection),
        Err(AppError::Invalid(fields)) => {
            errors.0.extend(fields.0);
            None
        }
        Err(other) => return Err(other),
    };
    if form.assignee_id.is_empty() {
        errors.add("assignee_id", "required");
    }
    errors.into_result()?;
    let Some(selection) = selection else {
        return Err(FieldErrors::single("case_ids", "required").into());
    };
    app::cases::assign(&state.ctx, actor, selection, &form.assignee_id).await
}

/// Spreads the chosen cases over the chosen operators.
pub(super) async fn distribute(
    state: &AppState,
    actor: &Actor,
    form: &ReassignForm,
) -> Result<Bulk, AppError> {
    let selection = form.selection()?;
    app::cases::distribute(&state.ctx, actor, selection, &form.operator_ids, false).await
}

pub(super) async fn preview(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    form: &ReassignForm,
) -> Result<PreviewView, AppError> {
    let mut errors = FieldErrors::new();
    let selection = match form.selection() {
        Ok(selection) => Some(selection),
        Err(AppError::Invalid(fields)) => {
            errors.0.extend(fields.0);
            None
        }
        Err(other) => return Err(other),
    };
    if form.operator_ids.is_empty() {
        errors.add("operator_ids", "required");
    }
    errors.into_result()?;
    let Some(selection) = selection else {
        return Err(FieldErrors::single("case_ids", "required").into());
    };
    let Bulk::Done(outcome) =
        app::cases::distribute(&state.ctx, actor, selection, &form.operator_ids, true).await?
    else {
        return Err(AppError::Internal("a preview moves nothing".into()));
    };
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let lines = form
        .operator_ids
        .iter()
        .map(|id| PreviewLine {
            id: id.clone(),
            name: names.of(Some(id)),
            received: outcome.assigned.get(id).copied().unwrap_or_default(),
            load: outcome.loads.get(id).copied().unwrap_or_default(),
        })
        .collect();
    let moved: i64 = outcome.assigned.values().sum();
    let mut carried = form.carried();
    carried.push(("scope".into(), form.scope.clone()));
    if !form.all() {
        carried.extend(
            form.case_ids
                .iter()
                .map(|id| ("case_ids".into(), id.clone())),
        );
    }
    carried.extend(
        form.operator_ids
            .iter()
            .map(|id| ("operator_ids".into(), id.clone())),
    );
    Ok(PreviewView {
        title: page.t("ca-preview-title"),
        links: section_links(page, actor, "/cases/reassign"),
        lines,
        moved: t_with(page, "ca-preview-moved", moved),
        carried,
        back_href: form.page_href(&[("cursor", &form.cursor)]),
    })
}
