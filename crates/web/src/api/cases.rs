//! `/cases`: lists with filters, one case with its history, edits with versions,
//! status changes, contact attempts, assignment, distribution and closed-case audit.

use std::collections::BTreeMap;

use app::case_moves::Bulk;
use app::cases::{Attempt, CaseDetails, CaseInput, NewCase, Selection, StatusChange, Verdict};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::Actor;
use domain::cases::{Channel, Customer, Priority};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use store::cases::CaseFilter;
use utoipa::{IntoParams, ToSchema};

use crate::api::views::{Page, nullable};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    /// `created`, `edited`, `status`, `assigned`, `attempt` or `audited`.
    pub kind: String,
    #[schema(value_type = Object)]
    pub data: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: String,
    pub version: i64,
    pub status: String,
    /// Whether its status is open (still being worked).
    pub open: bool,
    pub reason_id: Option<String>,
    pub assignee_id: Option<String>,
    pub customer: Customer,
    pub area: String,
    pub amount: Option<f64>,
    pub due_date: Option<String>,
    pub priority: Priority,
    pub description: String,
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    pub campaign_id: Option<String>,
    pub crm_form_id: Option<String>,
    pub project_id: Option<String>,
    /// The callback promised: it shows in the operator's "callbacks due" then.
    pub next_contact_at: Option<DateTime<Utc>>,
    /// Closed-case audit: `validated` or `returned`.
    pub audit_verdict: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Only on `GET /cases/{id}`: creation, status changes, assignments, attempts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}

impl From<CaseDetails> for CaseView {
    fn from(case: CaseDetails) -> Self {
        let priority = case.priority();
        let row = case.row;
        Self {
            id: row.id,
            version: row.version,
            status: row.status,
            open: row.is_open,
            reason_id: row.reason_id,
            assignee_id: row.assignee_id,
            customer: case.customer,
            area: row.area,
            amount: row.amount_cents.map(domain::cases::cents_to_amount),
            due_date: row.due_date,
            priority,
            description: row.description,
            fields: case.fields,
            campaign_id: row.campaign_id,
            crm_form_id: row.crm_form_id,
            project_id: row.project_id,
            next_contact_at: row.next_contact_at,
            audit_verdict: row.audit_verdict,
            created_at: row.created_at,
            updated_at: row.updated_at,
            closed_at: row.closed_at,
            history: case.history.map(|events| {
                events
                    .into_iter()
                    .map(|e| HistoryEntry {
                        at: e.at,
                        actor_id: e.actor_id,
                        kind: e.kind,
                        data: serde_json::from_str(&e.data).unwrap_or_default(),
                    })
                    .collect()
            }),
        }
    }
}

/// Filters of case lists, also the `filter` of bulk assignment.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    status: Option<String>,
    /// A user id, `me`, or `none` for unassigned cases.
    assignee: Option<String>,
    /// Only open (or only not open) cases.
    open: Option<bool>,
    area: Option<String>,
    campaign_id: Option<String>,
    project_id: Option<String>,
    priority: Option<Priority>,
    /// Due on or before this date (`YYYY-MM-DD`).
    due_before: Option<String>,
    due_after: Option<String>,
    /// Only cases whose callback is due now.
    callback_due: Option<bool>,
    /// Text in the customer's name, document or phone.
    q: Option<String>,
    /// `true`: closed cases not yet audited (the audit queue); `false`: audited ones.
    audit_pending: Option<bool>,
    /// Lists only: `created` (default), `due_date`, `priority`; `-` first for descending.
    #[serde(default)]
    #[schema(ignore)]
    sort: Option<String>,
    /// Lists only: items per page, default 50, at most 500.
    #[serde(default)]
    #[schema(ignore)]
    limit: Option<i64>,
    /// Lists only: the `next` of the previous page.
    #[serde(default)]
    #[schema(ignore)]
    cursor: Option<String>,
    /// Lists only: add `total`.
    #[serde(default)]
    #[schema(ignore)]
    count: Option<bool>,
}

impl CaseQuery {
    fn filter(&self, actor: &Actor) -> CaseFilter {
        CaseFilter {
            status: self.status.clone(),
            assignee: self
                .assignee
                .as_deref()
                .filter(|a| *a != "any")
                .map(|a| match a {
                    "none" => None,
                    "me" => Some(actor.user_id.clone()),
                    id => Some(id.to_owned()),
                }),
            assigned: (self.assignee.as_deref() == Some("any")).then_some(true),
            open: self.open,
            area: self.area.clone(),
            campaign_id: self.campaign_id.clone(),
            project_id: self.project_id.clone(),
            priority: self.priority.map(Priority::rank),
            due_before: self.due_before.clone(),
            due_after: self.due_after.clone(),
            callback_due: self
                .callback_due
                .filter(|due| *due)
                .map(|_| domain::clock::now()),
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            audit_pending: self.audit_pending,
        }
    }
}

/// The cases the caller sees (projects, then scope: all, the agents of their groups,
/// or their own), in creation order.
#[utoipa::path(get, path = "/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = Page<CaseView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<CaseQuery>,
) -> ApiResult<Json<Page<CaseView>>> {
    let sort = match query.sort.as_deref() {
        None => store::cases::CaseSort::default(),
        Some(key) => store::cases::CaseSort::parse(key)
            .ok_or_else(|| crate::error::ApiError::BadRequest(format!("Unknown sort {key}.")))?,
    };
    let page = app::cases::list(
        &state.ctx,
        &actor,
        &query.filter(&actor),
        sort,
        query.cursor.as_deref(),
        query.limit.unwrap_or(50),
        query.count.unwrap_or(false),
    )
    .await?;
    Ok(Json(Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next,
        total: page.total,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseBody {
    customer: Option<Customer>,
    area: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>)]
    amount: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    due_date: Option<Option<String>>,
    priority: Option<Priority>,
    description: Option<String>,
    /// Custom field values by key; `null` clears one.
    #[schema(value_type = Option<Object>)]
    fields: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    reason_id: Option<Option<String>>,
    /// Creation only: the dialer campaign (or `crm_form_id`) it comes through.
    campaign_id: Option<String>,
    crm_form_id: Option<String>,
    /// Creation only; `active` when omitted.
    status: Option<String>,
    /// Creation only.
    assignee_id: Option<String>,
}

impl CaseBody {
    fn input(self) -> (CaseInput, NewCase) {
        let data = CaseInput {
            customer: self.customer,
            area: self.area,
            amount: self.amount,
            due_date: self.due_date,
            priority: self.priority,
            description: self.description,
            fields: self.fields,
            reason_id: self.reason_id,
        };
        let new = NewCase {
            data: CaseInput::default(),
            campaign_id: self.campaign_id,
            crm_form_id: self.crm_form_id,
            status: self.status,
            assignee_id: self.assignee_id,
        };
        (data, new)
    }
}

#[utoipa::path(post, path = "/cases", tag = "cases", request_body = CaseBody,
    responses((status = 201, body = CaseView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<CaseBody>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    let (data, mut new) = body.input();
    new.data = data;
    let case = app::cases::create(&state.ctx, &actor, new).await?;
    Ok((StatusCode::CREATED, Json(case.into())))
}

#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(app::cases::get(&state.ctx, &actor, &id).await?.into()))
}

/// Edits the case's data (status and assignee have their own routes).
#[utoipa::path(patch, path = "/cases/{id}", tag = "cases", params(("id" = String, Path)),
    request_body = CaseBody,
    responses((status = 200, body = CaseView), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<CaseBody>,
) -> ApiResult<Json<CaseView>> {
    if body.campaign_id.is_some()
        || body.crm_form_id.is_some()
        || body.status.is_some()
        || body.assignee_id.is_some()
    {
        return Err(domain::FieldErrors::single(
            "body",
            "status_and_assignee_have_their_own_routes",
        )
        .into());
    }
    let (data, _) = body.input();
    Ok(Json(
        app::cases::update(&state.ctx, &actor, &id, data, version)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    status: String,
    reason_id: Option<String>,
    /// Custom field values given with the change.
    #[schema(value_type = Option<Object>)]
    fields: Option<Map<String, Value>>,
}

/// 422 `{"error": {"code": "missing_fields", "missing": [key]}}` when the status needs
/// fields the case lacks; nothing changes then.
#[utoipa::path(post, path = "/cases/{id}/status", tag = "cases", params(("id" = String, Path)),
    request_body = StatusBody,
    responses((status = 200, body = CaseView), (status = 404), (status = 412), (status = 422)))]
pub async fn change_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<StatusBody>,
) -> ApiResult<Json<CaseView>> {
    let change = StatusChange {
        status: body.status,
        reason_id: body.reason_id,
        fields: body.fields,
        ..StatusChange::default()
    };
    Ok(Json(
        app::cases::change_status(&state.ctx, &actor, &id, change, version)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttemptBody {
    channel: Channel,
    /// The key of an active disposition (`GET /case-dispositions`).
    result: String,
    reason_id: Option<String>,
    #[serde(default)]
    notes: String,
    /// A callback: the case shows in "callbacks due" from then.
    next_contact_at: Option<DateTime<Utc>>,
    /// For a call or chat the telephony platform already posted: link it to the case
    /// instead of recording the attempt's own (so the call is counted once).
    interaction_id: Option<String>,
}

#[utoipa::path(post, path = "/cases/{id}/attempts", tag = "cases", params(("id" = String, Path)),
    request_body = AttemptBody,
    responses((status = 201, body = CaseView), (status = 404), (status = 422)))]
pub async fn log_attempt(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AttemptBody>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    let attempt = Attempt {
        channel: body.channel,
        result: body.result,
        reason_id: body.reason_id,
        notes: body.notes,
        next_contact_at: body.next_contact_at,
        interaction_id: body.interaction_id,
    };
    let case = app::cases::log_attempt(&state.ctx, &actor, &id, attempt).await?;
    Ok((StatusCode::CREATED, Json(case.into())))
}

fn selection(
    case_ids: Option<Vec<String>>,
    filter: Option<CaseQuery>,
    actor: &Actor,
) -> ApiResult<Selection> {
    match (case_ids, filter) {
        (Some(ids), None) => Ok(Selection::Ids(ids)),
        (None, Some(filter)) => Ok(Selection::Filter(filter.filter(actor))),
        _ => Err(domain::FieldErrors::single("case_ids", "give case_ids or filter").into()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    case_ids: Option<Vec<String>>,
    /// Instead of `case_ids`: every visible case matching.
    filter: Option<CaseQuery>,
    assignee_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignedView {
    pub assigned: usize,
}

/// Assigns cases to an operator who can see them all (else 422); each move is in the
/// case's history and the audit log. Up to 5,000 cases: done, 200. More: 202 with the
/// job to follow at `GET /jobs/{id}` (`kind: "assignment"`). 409 when a case changed
/// meanwhile (the message says how many moves were applied before it, if any).
#[utoipa::path(post, path = "/cases/assign", tag = "cases", request_body = AssignBody,
    responses((status = 200, body = AssignedView), (status = 202, body = JobView),
        (status = 403), (status = 409), (status = 422)))]
pub async fn assign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<AssignBody>,
) -> ApiResult<Response> {
    let selection = selection(body.case_ids, body.filter, &actor)?;
    Ok(
        match app::cases::assign(&state.ctx, &actor, selection, &body.assignee_id).await? {
            Bulk::Done(outcome) => Json(AssignedView {
                assigned: outcome.assigned.values().sum::<i64>() as usize,
            })
            .into_response(),
            Bulk::Started(job) => (StatusCode::ACCEPTED, Json(JobView::from(*job))).into_response(),
        },
    )
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributeBody {
    case_ids: Option<Vec<String>>,
    filter: Option<CaseQuery>,
    operator_ids: Vec<String>,
    /// Only preview the resulting loads.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DistributionView {
    /// Cases each operator receives.
    pub assigned: BTreeMap<String, i64>,
    /// Each operator's open load afterwards.
    pub loads: BTreeMap<String, i64>,
}

impl From<app::cases::Distribution> for DistributionView {
    fn from(outcome: app::cases::Distribution) -> Self {
        Self {
            assigned: outcome.assigned,
            loads: outcome.loads,
        }
    }
}

/// Spreads cases over operators so their open loads end up as even as possible. Up to
/// 5,000 cases (and every preview): done, 200. More: 202 with the job to follow at
/// `GET /jobs/{id}` (`kind: "distribution"`, its `result` once done). 409 when a case
/// changed meanwhile (the message says how many moves were applied before it, if any).
#[utoipa::path(post, path = "/cases/distribute", tag = "cases", request_body = DistributeBody,
    responses((status = 200, body = DistributionView), (status = 202, body = JobView),
        (status = 403), (status = 409), (status = 422)))]
pub async fn distribute(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<DistributeBody>,
) -> ApiResult<Response> {
    let selection = selection(body.case_ids, body.filter, &actor)?;
    let outcome = app::cases::distribute(
        &state.ctx,
        &actor,
        selection,
        &body.operator_ids,
        body.dry_run,
    )
    .await?;
    Ok(match outcome {
        Bulk::Done(outcome) => Json(DistributionView::from(outcome)).into_response(),
        Bulk::Started(job) => (StatusCode::ACCEPTED, Json(JobView::from(*job))).into_response(),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictBody {
    Validated,
    Returned,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditBody {
    verdict: VerdictBody,
    #[serde(default)]
    comment: String,
}

/// Audits a closed case: `validated`, or `returned` with a comment (reopened, back to
/// its operator).
#[utoipa::path(post, path = "/cases/{id}/audit", tag = "cases", params(("id" = String, Path)),
    request_body = AuditBody,
    responses((status = 200, body = CaseView), (status = 404), (status = 409), (status = 422)))]
pub async fn audit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AuditBody>,
) -> ApiResult<Json<CaseView>> {
    let verdict = match body.verdict {
        VerdictBody::Validated => Verdict::Validated,
        VerdictBody::Returned => Verdict::Returned,
    };
    Ok(Json(
        app::cases::audit_closed(&state.ctx, &actor, &id, verdict, &body.comment)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// The dialer campaign the cases come through (and so their project).
    campaign_id: String,
}

/// A background job: a CSV import, an assignment or a distribution.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: String,
    /// `case_import`, `assignment` or `distribution`.
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Rows to import, or cases to move (those already with their new holder are not
    /// moves).
    pub total: i64,
    /// Rows or moves handled so far.
    pub processed: i64,
    /// Rows imported, or cases moved.
    pub succeeded: i64,
    /// Rows refused, or cases left as they were because they changed (or left the
    /// starter's sight) after the plan.
    pub failed: i64,
    /// An assignment's or distribution's outcome: what each operator received and their
    /// open loads afterwards (once running; final once `done`).
    pub result: Option<DistributionView>,
    /// The first row errors (row 1 is the header): `[{row, reason, problems}]`, the
    /// reason an English sentence, each problem `{field, code, value?}` (codes as a 422
    /// gives them, plus `not_a_number`, `unknown`, `not_found`, `cannot_see_case`,
    /// `required_for_status` with the status as value, `unreadable`).
    #[schema(value_type = Vec<Object>)]
    pub errors: Value,
    pub message: Option<String>,
    /// An import's campaign.
    pub campaign_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<store::jobs::JobRow> for JobView {
    fn from(job: store::jobs::JobRow) -> Self {
        Self {
            result: app::case_moves::result_of(&job).map(DistributionView::from),
            errors: serde_json::from_str(&job.errors).unwrap_or_default(),
            id: job.id,
            kind: job.kind,
            status: job.status,
            total: job.total,
            processed: job.processed,
            succeeded: job.succeeded,
            failed: job.failed,
            message: job.message,
            campaign_id: job.campaign_id,
            created_at: job.created_at,
            finished_at: job.finished_at,
        }
    }
}

/// Imports cases from CSV (`text/csv`; columns `name` (required), `document`,
/// `phones` (`;`-separated), `email`, `address`, `area`, `amount`, `due_date`,
/// `priority`, `description`, `status`, `assignee_email`, `fields.<key>`) as a
/// background job: 202 with the job to follow at `GET /jobs/{id}`.
#[utoipa::path(post, path = "/cases/import", tag = "cases", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 202, body = JobView), (status = 403), (status = 413), (status = 415), (status = 422)))]
pub async fn import(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<ImportParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let is_csv = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/csv"));
    if !is_csv {
        return Err(crate::error::ApiError::UnsupportedMediaType);
    }
    // Imports may exceed the general body limit; they have their own.
    let csv = axum::body::to_bytes(body, app::case_import::MAX_BYTES)
        .await
        .map_err(|_| crate::error::ApiError::TooLarge)?;
    let job = app::case_import::start(&state.ctx, &actor, &params.campaign_id, csv, None).await?;
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

#[utoipa::path(get, path = "/jobs/{id}", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404)))]
pub async fn job(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<JobView>> {
    Ok(Json(
        app::case_moves::job(&state.ctx, &actor, &id).await?.into(),
    ))
}

/// Rows per batch of an export.
const EXPORT_BATCH: i64 = 1_000;

fn csv_line(record: &[String]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(record);
    writer.into_inner().unwrap_or_default()
}

fn export_record(case: &CaseDetails, field_keys: &[String]) -> Vec<String> {
    let row = &case.row;
    let mut record = vec![
        row.id.clone(),
        row.status.clone(),
        row.assignee_id.clone().unwrap_or_default(),
        case.customer.name.clone(),
        case.customer.document.clone(),
        case.customer.phones.join(";"),
        case.customer.email.clone(),
        case.customer.address.clone(),
        row.area.clone(),
        row.amount_cents
            .map(|c| format!("{:.2}", domain::cases::cents_to_amount(c)))
            .unwrap_or_default(),
        row.due_date.clone().unwrap_or_default(),
        serde_json::to_value(case.priority())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        row.description.clone(),
        row.campaign_id.clone().unwrap_or_default(),
        row.project_id.clone().unwrap_or_default(),
        row.created_at.to_rfc3339(),
        row.updated_at.to_rfc3339(),
    ];
    for key in field_keys {
        record.push(match case.fields.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        });
    }
    record
}

/// The filtered list as CSV, streamed batch by batch (the import's columns plus ids).
#[utoipa::path(get, path = "/cases/export", tag = "cases", params(CaseQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403)))]
pub async fn export(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<CaseQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let field_keys = app::cases::field_keys(&state.ctx, &actor).await?;
    let filter = query.filter(&actor);
    let mut header: Vec<String> = [
        "id",
        "status",
        "assignee_id",
        "name",
        "document",
        "phones",
        "email",
        "address",
        "area",
        "amount",
        "due_date",
        "priority",
        "description",
        "campaign_id",
        "project_id",
        "created_at",
        "updated_at",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(field_keys.iter().map(|k| format!("fields.{k}")));
    let first = csv_line(&header);
    // The state: the cursor, or `None` once the last batch went out.
    let stream = futures_util::stream::unfold(Some(String::new()), move |cursor| {
        let state = state.clone();
        let actor = actor.clone();
        let filter = filter.clone();
        let field_keys = field_keys.clone();
        async move {
            let cursor = cursor?;
            let after = (!cursor.is_empty()).then_some(cursor.as_str());
            match app::cases::export_batch(&state.ctx, &actor, &filter, after, EXPORT_BATCH).await {
                Ok(batch) if batch.is_empty() => None,
                Ok(batch) => {
                    let next = (batch.len() as i64 == EXPORT_BATCH)
                        .then(|| batch[batch.len() - 1].row.id.clone());
                    let mut chunk = Vec::new();
                    for case in &batch {
                        chunk.extend(csv_line(&export_record(case, &field_keys)));
                    }
                    Some((Ok::<_, std::io::Error>(bytes::Bytes::from(chunk)), next))
                }
                Err(error) => {
                    tracing::error!(%error, "case export stopped");
                    Some((Err(std::io::Error::other("export stopped")), None))
                }
            }
        }
    });
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(
            async move { Ok::<_, std::io::Error>(bytes::Bytes::from(first)) },
        ),
        stream,
    );
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"cases.csv\"",
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
}
