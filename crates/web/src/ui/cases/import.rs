//! `/cases/import` and `/cases/jobs/{id}`: a CSV import, its progress and its outcome.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::Bytes;
use domain::{Actor, FieldErrors, Permission};
use serde_json::Value;

use super::lines::{Names, campaigns, users};
use super::rerender::Rerender;
use super::section::{Refusal, SectionLink, has_message, refusal, section_links, t_with};
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::{self, SelectOption};
use crate::ui::layout::Page;

pub struct ImportView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    campaign_options: Vec<SelectOption>,
    columns: String,
    recent: Vec<JobLine>,
}

/// One of the latest imports, linking to its page.
pub struct JobLine {
    href: String,
    started: String,
    by: String,
    /// The campaign's name, or a dash for one the reader does not see (or deleted).
    campaign: String,
    file_name: String,
    status_key: String,
    status_label: String,
    processed: i64,
    total: i64,
    failed: i64,
}

/// How many of the latest imports the import page lists.
pub(super) const RECENT_IMPORTS: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "cases_import.html")]
pub struct ImportPage {
    page: Page,
    view: ImportView,
}

impl std::ops::Deref for ImportPage {
    type Target = ImportView;

    fn deref(&self) -> &ImportView {
        &self.view
    }
}

/// The columns an import reads, for the page's explanation.
pub(super) fn import_columns() -> String {
    format!("{}, fields.<key>", app::case_import::COLUMNS.join(", "))
}

/// `GET /cases/import`: a campaign and a CSV file.
pub async fn import_page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
) -> Response {
    // The recent imports' use-case refuses readers without cases.import (403).
    render_import(&state, &actor, page, Rerender::fresh(String::new(), None)).await
}

/// The import form, its campaign chosen as `again.form` names it.
pub(super) async fn render_import(
    state: &AppState,
    actor: &Actor,
    page: Page,
    again: Rerender<String, Refusal>,
) -> Response {
    let status = again.status();
    let campaign_id = again.form.as_str();
    let campaigns = match campaigns(state, actor).await {
        Ok(campaigns) => campaigns,
        Err(error) => return common::fail(page, error),
    };
    let mut campaign_options = vec![SelectOption::new(
        "",
        page.t("ca-choose-campaign"),
        campaign_id.is_empty(),
    )];
    campaign_options.extend(
        campaigns
            .iter()
            .map(|(id, name)| SelectOption::new(id.clone(), name.clone(), id == campaign_id)),
    );
    let recent = match recent_imports(state, actor, &page, &campaigns).await {
        Ok(recent) => recent,
        Err(error) => return common::fail(page, error),
    };
    let (alert, errors) = match again.refusal {
        Some(r) => (r.alert, r.errors),
        None => (None, BTreeMap::new()),
    };
    let view = ImportView {
        title: page.t("ca-import-title"),
        links: section_links(&page, actor, "/cases/import"),
        notice: again.notice,
        alert,
        errors,
        campaign_options,
        columns: import_columns(),
        recent,
    };
    (status, ImportPage { page, view }).into_response()
}

/// The latest imports, their campaigns named from `campaigns` (those the reader sees).
pub(super) async fn recent_imports(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    campaigns: &[(String, String)],
) -> Result<Vec<JobLine>, AppError> {
    let jobs = app::case_import::recent(&state.ctx, actor, RECENT_IMPORTS).await?;
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let campaigns: HashMap<String, String> = campaigns.iter().cloned().collect();
    Ok(jobs
        .into_iter()
        .map(|job| JobLine {
            href: format!("/cases/jobs/{}", job.id),
            started: page.time(job.created_at),
            by: names.of(job.user_id.as_deref()),
            campaign: named(&campaigns, job.campaign_id.as_deref()),
            file_name: job.file_name.unwrap_or_default(),
            status_label: job_status_label(page, &job.status),
            status_key: job.status,
            processed: job.processed,
            total: job.total,
            failed: job.failed,
        })
        .collect())
}

/// A campaign's name, or a dash for none or one the reader does not see (or deleted).
pub(super) fn named(campaigns: &HashMap<String, String>, id: Option<&str>) -> String {
    id.and_then(|id| campaigns.get(id))
        .cloned()
        .unwrap_or_else(|| "—".to_owned())
}

/// The name of an import's campaign (see [`named`]).
pub(super) async fn campaign_name(
    state: &AppState,
    actor: &Actor,
    id: Option<&str>,
) -> Result<String, AppError> {
    let campaigns: HashMap<String, String> = campaigns(state, actor).await?.into_iter().collect();
    Ok(named(&campaigns, id))
}

/// A job's status in the reader's language.
pub(super) fn job_status_label(page: &Page, status: &str) -> String {
    let id = format!("ca-job-status-{status}");
    if has_message(page, &id) {
        page.t(&id)
    } else {
        status.to_owned()
    }
}

/// `GET /cases/import/sample.csv`: a file to fill in, with the company's columns.
pub async fn import_sample(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
) -> Response {
    match app::case_import::sample(&state.ctx, &actor).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"cases-sample.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(error) => common::fail(page, error),
    }
}

/// `POST /cases/import` (`multipart/form-data`: `csrf`, `campaign_id`, `file`): starts
/// the import job and sends the browser to follow it.
pub async fn import_submit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    if !actor.can(Permission::CASES_IMPORT) {
        return common::forbidden(page);
    }
    let (mut csrf, mut campaign_id, mut file) = (String::new(), String::new(), Bytes::new());
    let mut file_name = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return error.status().into_response(),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let read = match name.as_str() {
            "file" => {
                file_name = field.file_name().map(str::to_owned);
                field.bytes().await.map(|bytes| file = bytes)
            }
            crate::csrf::FIELD => field.text().await.map(|text| csrf = text),
            "campaign_id" => field
                .text()
                .await
                .map(|text| campaign_id = text.trim().into()),
            _ => Ok(()),
        };
        if let Err(error) = read {
            return error.status().into_response();
        }
    }
    if !crate::csrf::field_matches_cookie(&headers, &csrf) {
        return crate::csrf::expired();
    }
    let mut errors = FieldErrors::new();
    if campaign_id.is_empty() {
        errors.add("campaign_id", "required");
    }
    if file.is_empty() {
        errors.add("file", "required");
    }
    let started = match errors.into_result() {
        Ok(()) => {
            let name = file_name.as_deref();
            app::case_import::start(&state.ctx, &actor, &campaign_id, file, name).await
        }
        Err(errors) => Err(errors.into()),
    };
    match started {
        Ok(job) => Redirect::to(&format!("/cases/jobs/{}", job.id)).into_response(),
        Err(error) => match import_refusal(&page, error) {
            Ok(refusal) => {
                let again = Rerender::refused(campaign_id, refusal);
                render_import(&state, &actor, page, again).await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// An import's refusal: the file's problems (`csv`) show at the file input.
pub(super) fn import_refusal(page: &Page, error: AppError) -> Result<Refusal, AppError> {
    let AppError::Invalid(fields) = &error else {
        return refusal(page, error);
    };
    let mut out = refusal(page, AppError::Invalid(fields.clone()))?;
    for (field, code) in &fields.0 {
        if field != "csv" {
            continue;
        }
        let (kind, detail) = code
            .split_once(':')
            .map_or((code.as_str(), ""), |(k, d)| (k.trim(), d.trim()));
        let message = match kind {
            "missing_name_column" => page.t("ca-problem-csv-missing-name"),
            "unknown_column" => t_with(page, "ca-problem-csv-unknown-column", detail),
            "unreadable" => page.t("ca-problem-csv-unreadable"),
            _ => page.t("problem-invalid"),
        };
        out.errors.remove("csv");
        out.errors.insert("file".to_owned(), message);
    }
    Ok(out)
}

// ---- /cases/jobs/{id} ----

pub struct RowError {
    row: i64,
    reason: String,
}

pub struct JobView {
    title: String,
    links: Vec<SectionLink>,
    id: String,
    api_href: String,
    status_key: String,
    status_label: String,
    running: bool,
    campaign: String,
    file_name: String,
    total: i64,
    processed: i64,
    succeeded: i64,
    failed: i64,
    /// The bar's maximum: a job with no rows shows as complete, not empty.
    bar_max: i64,
    message: Option<String>,
    started: String,
    finished: Option<String>,
    errors: Vec<RowError>,
    /// Said when more rows failed than the job kept.
    errors_more: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_job.html")]
pub struct JobPage {
    page: Page,
    view: JobView,
}

impl std::ops::Deref for JobPage {
    type Target = JobView;

    fn deref(&self) -> &JobView {
        &self.view
    }
}

/// `GET /cases/jobs/{id}`: an import's progress, then its outcome and row errors.
pub async fn job_page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
) -> Response {
    let job = match app::case_import::job(&state.ctx, &actor, &id).await {
        Ok(job) => job,
        Err(error) => return common::fail(page, error),
    };
    let errors: Vec<RowError> = serde_json::from_str::<Value>(&job.errors)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|e| RowError {
            row: e.get("row").and_then(Value::as_i64).unwrap_or_default(),
            reason: row_reason(&page, e),
        })
        .collect();
    let errors_more =
        (job.failed > errors.len() as i64).then(|| t_with(&page, "ca-job-errors-more", job.failed));
    let running = matches!(job.status.as_str(), "queued" | "running");
    let status_label = job_status_label(&page, &job.status);
    let campaign = match campaign_name(&state, &actor, job.campaign_id.as_deref()).await {
        Ok(name) => name,
        Err(error) => return common::fail(page, error),
    };
    let view = JobView {
        title: page.t("ca-job-title"),
        links: section_links(&page, &actor, ""),
        api_href: format!("/api/v1/jobs/{}", job.id),
        id: job.id,
        status_key: job.status,
        status_label,
        running,
        campaign,
        file_name: job.file_name.unwrap_or_default(),
        total: job.total,
        processed: job.processed,
        succeeded: job.succeeded,
        failed: job.failed,
        bar_max: job.total.max(1),
        message: job.message.map(|_| page.t("ca-job-stopped")),
        started: page.time(job.created_at),
        finished: job.finished_at.map(|at| page.time(at)),
        errors,
        errors_more,
    };
    JobPage { page, view }.into_response()
}

/// A row's refusal in the page's language, from the problems the import lists (each
/// column at fault, a code, the value); a job stored before problems were listed
/// keeps its English reason.
pub(super) fn row_reason(page: &Page, error: &Value) -> String {
    let text = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let Some(problems) = error.get("problems").and_then(Value::as_array) else {
        return text(error, "reason");
    };
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    for problem in problems {
        let (field, code, value) = (
            text(problem, "field"),
            text(problem, "code"),
            text(problem, "value"),
        );
        let message = match (field.as_str(), code.as_str()) {
            (_, "unreadable") => {
                parts.push(page.t("ca-row-unreadable"));
                continue;
            }
            (_, "required_for_status") => {
                missing.push(field);
                continue;
            }
            (_, "not_a_number") => page.t("ca-row-not-a-number"),
            ("status", "unknown") => t_with(page, "ca-row-unknown-status", &value),
            ("priority", "unknown") => t_with(page, "ca-row-unknown-priority", &value),
            ("assignee_email", "not_found") => t_with(page, "ca-row-no-user", &value),
            ("assignee_email", "cannot_see_case") => page.t("ca-row-cannot-see"),
            _ => {
                // The case form's words for the same validation, else the general
                // ones; never the raw code.
                let kind = code.split_once(':').map_or(code.as_str(), |(k, _)| k);
                let kind = kind.replace('_', "-");
                [format!("cw-problem-{kind}"), format!("problem-{kind}")]
                    .into_iter()
                    .find(|id| has_message(page, id))
                    .map_or_else(|| page.t("problem-invalid"), |id| page.t(&id))
            }
        };
        let column = field.strip_prefix("customer.").unwrap_or(&field);
        parts.push(format!("{column}: {message}"));
    }
    if !missing.is_empty() {
        parts.push(t_with(page, "ca-row-missing-fields", missing.join(", ")));
    }
    parts.join("; ")
}
