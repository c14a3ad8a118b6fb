//! `/case-statuses`, `/case-reasons`, `/case-fields` and `/case-dispositions`: how
//! cases are configured.
//! These lists are short, so they come whole (`next` is always null).

use app::case_config::{
    Disposition, DispositionInput, Field, FieldInput, ReasonInput, Status, StatusInput,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::case_config::FieldType;
use serde::{Deserialize, Serialize};
use store::case_config::ReasonRow;
use utoipa::{IntoParams, ToSchema};

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch};
use crate::state::AppState;

fn whole<T: ToSchema>(items: Vec<T>) -> Json<Page<T>> {
    let total = Some(items.len() as i64);
    Json(Page {
        items,
        next: None,
        total,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusView {
    /// The status's key: cases name their status by it.
    pub id: String,
    pub key: String,
    pub name: String,
    /// One of the five every company has: renameable, never deleted.
    pub builtin: bool,
    /// Cases in an open status are still being worked.
    pub open: bool,
    /// Custom field keys and case attributes a case needs to enter this status.
    pub required_fields: Vec<String>,
    /// 0 for a built-in never edited.
    pub version: i64,
}

impl From<Status> for StatusView {
    fn from(status: Status) -> Self {
        Self {
            id: status.key.clone(),
            key: status.key,
            name: status.name,
            builtin: status.builtin,
            open: status.open,
            required_fields: status.required_fields,
            version: status.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// New statuses only; made from the name when omitted.
    key: Option<String>,
    name: Option<String>,
    open: Option<bool>,
    required_fields: Option<Vec<String>>,
}

impl From<StatusBody> for StatusInput {
    fn from(body: StatusBody) -> Self {
        StatusInput {
            key: body.key,
            name: body.name,
            open: body.open,
            required_fields: body.required_fields,
        }
    }
}

#[utoipa::path(get, path = "/case-statuses", tag = "case configuration",
    responses((status = 200, body = Page<StatusView>), (status = 403)))]
pub async fn list_statuses(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Page<StatusView>>> {
    let statuses = app::case_config::statuses(&state.ctx, &actor).await?;
    Ok(whole(statuses.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/case-statuses", tag = "case configuration", request_body = StatusBody,
    responses((status = 201, body = StatusView), (status = 403), (status = 422)))]
pub async fn create_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<StatusBody>,
) -> ApiResult<(StatusCode, Json<StatusView>)> {
    let status = app::case_config::create_status(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(status.into())))
}

#[utoipa::path(patch, path = "/case-statuses/{id}", tag = "case configuration", params(("id" = String, Path)),
    request_body = StatusBody,
    responses((status = 200, body = StatusView), (status = 404), (status = 412), (status = 422)))]
pub async fn update_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<StatusBody>,
) -> ApiResult<Json<StatusView>> {
    Ok(Json(
        app::case_config::update_status(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteStatusParams {
    /// Where the status's cases go: a status as open or closed as it is. Required while
    /// cases are in it (409 `in_use` without it).
    move_to: Option<String>,
}

/// Built-in statuses answer 409; a status cases are in needs `move_to`.
#[utoipa::path(delete, path = "/case-statuses/{id}", tag = "case configuration",
    params(("id" = String, Path), DeleteStatusParams),
    responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn delete_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<DeleteStatusParams>,
) -> ApiResult<StatusCode> {
    app::case_config::delete_status(&state.ctx, &actor, &id, params.move_to.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `false` once retired: no longer offered, kept by the cases and attempts that
    /// gave it.
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ReasonRow> for ReasonView {
    fn from(row: ReasonRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            description: row.description,
            active: row.active,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    name: Option<String>,
    description: Option<String>,
    active: Option<bool>,
}

impl From<ReasonBody> for ReasonInput {
    fn from(body: ReasonBody) -> Self {
        ReasonInput {
            name: body.name,
            description: body.description,
            active: body.active,
        }
    }
}

#[utoipa::path(get, path = "/case-reasons", tag = "case configuration",
    responses((status = 200, body = Page<ReasonView>), (status = 403)))]
pub async fn list_reasons(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Page<ReasonView>>> {
    let reasons = app::case_config::reasons(&state.ctx, &actor).await?;
    Ok(whole(reasons.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/case-reasons", tag = "case configuration", request_body = ReasonBody,
    responses((status = 201, body = ReasonView), (status = 403), (status = 422)))]
pub async fn create_reason(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<(StatusCode, Json<ReasonView>)> {
    let reason = app::case_config::create_reason(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(reason.into())))
}

#[utoipa::path(patch, path = "/case-reasons/{id}", tag = "case configuration", params(("id" = String, Path)),
    request_body = ReasonBody,
    responses((status = 200, body = ReasonView), (status = 404), (status = 412), (status = 422)))]
pub async fn update_reason(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<ReasonView>> {
    Ok(Json(
        app::case_config::update_reason(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

#[utoipa::path(delete, path = "/case-reasons/{id}", tag = "case configuration", params(("id" = String, Path)),
    responses((status = 204), (status = 404)))]
pub async fn delete_reason(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::case_config::delete_reason(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldView {
    pub id: String,
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The choices of a `choice` field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Required on every case; statuses may require it to be entered too.
    pub required: bool,
    /// Removed from forms; kept so old values stay labelled.
    pub removed: bool,
    pub version: i64,
}

impl From<Field> for FieldView {
    fn from(field: Field) -> Self {
        Self {
            id: field.row.id,
            key: field.row.key,
            label: field.row.label,
            field_type: field.field_type,
            options: field.options,
            required: field.row.required,
            removed: field.row.removed_at.is_some(),
            version: field.row.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldBody {
    /// New fields only; made from the label when omitted.
    key: Option<String>,
    label: Option<String>,
    /// `text`, `number`, `date` or `choice`; fixed once created.
    #[serde(rename = "type")]
    field_type: Option<FieldType>,
    options: Option<Vec<String>>,
    required: Option<bool>,
}

impl From<FieldBody> for FieldInput {
    fn from(body: FieldBody) -> Self {
        FieldInput {
            key: body.key,
            label: body.label,
            field_type: body.field_type,
            options: body.options,
            required: body.required,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FieldListParams {
    /// Also list removed fields (their old values stay on cases).
    include_removed: Option<bool>,
}

#[utoipa::path(get, path = "/case-fields", tag = "case configuration", params(FieldListParams),
    responses((status = 200, body = Page<FieldView>), (status = 403)))]
pub async fn list_fields(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<FieldListParams>,
) -> ApiResult<Json<Page<FieldView>>> {
    let fields =
        app::case_config::fields(&state.ctx, &actor, params.include_removed.unwrap_or(false))
            .await?;
    Ok(whole(fields.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/case-fields", tag = "case configuration", request_body = FieldBody,
    responses((status = 201, body = FieldView), (status = 403), (status = 422)))]
pub async fn create_field(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<FieldBody>,
) -> ApiResult<(StatusCode, Json<FieldView>)> {
    let field = app::case_config::create_field(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(field.into())))
}

#[utoipa::path(patch, path = "/case-fields/{id}", tag = "case configuration", params(("id" = String, Path)),
    request_body = FieldBody,
    responses((status = 200, body = FieldView), (status = 404), (status = 412), (status = 422)))]
pub async fn update_field(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<FieldBody>,
) -> ApiResult<Json<FieldView>> {
    Ok(Json(
        app::case_config::update_field(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

/// Removes the field from forms (old values stay readable); 409 while a status
/// requires it.
#[utoipa::path(delete, path = "/case-fields/{id}", tag = "case configuration", params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn delete_field(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::case_config::delete_field(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DispositionView {
    /// The result's key: attempts name their result by it.
    pub id: String,
    pub key: String,
    pub name: String,
    /// One every company starts with: renameable and retirable, never deleted.
    pub builtin: bool,
    /// The customer was reached (reports count contacts by it).
    pub reached: bool,
    /// An attempt with this result must give `next_contact_at`.
    pub needs_next_contact: bool,
    /// Retired results stay on old attempts but are no longer accepted.
    pub active: bool,
    /// 0 for a built-in never edited.
    pub version: i64,
}

impl From<Disposition> for DispositionView {
    fn from(d: Disposition) -> Self {
        Self {
            id: d.key.clone(),
            key: d.key,
            name: d.name,
            builtin: d.builtin,
            reached: d.reached,
            needs_next_contact: d.needs_next_contact,
            active: d.active,
            version: d.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispositionBody {
    /// New results only; made from the name when omitted.
    key: Option<String>,
    name: Option<String>,
    reached: Option<bool>,
    needs_next_contact: Option<bool>,
    active: Option<bool>,
}

impl From<DispositionBody> for DispositionInput {
    fn from(body: DispositionBody) -> Self {
        DispositionInput {
            key: body.key,
            name: body.name,
            reached: body.reached,
            needs_next_contact: body.needs_next_contact,
            active: body.active,
        }
    }
}

#[utoipa::path(get, path = "/case-dispositions", tag = "case configuration",
    responses((status = 200, body = Page<DispositionView>), (status = 403)))]
pub async fn list_dispositions(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Page<DispositionView>>> {
    let items = app::case_config::dispositions(&state.ctx, &actor).await?;
    Ok(whole(items.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/case-dispositions", tag = "case configuration", request_body = DispositionBody,
    responses((status = 201, body = DispositionView), (status = 403), (status = 422)))]
pub async fn create_disposition(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<DispositionBody>,
) -> ApiResult<(StatusCode, Json<DispositionView>)> {
    let created = app::case_config::create_disposition(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(patch, path = "/case-dispositions/{id}", tag = "case configuration", params(("id" = String, Path)),
    request_body = DispositionBody,
    responses((status = 200, body = DispositionView), (status = 404), (status = 412), (status = 422)))]
pub async fn update_disposition(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<DispositionBody>,
) -> ApiResult<Json<DispositionView>> {
    Ok(Json(
        app::case_config::update_disposition(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

/// Built-ins and results attempts have used answer 409 (retire them instead).
#[utoipa::path(delete, path = "/case-dispositions/{id}", tag = "case configuration", params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn delete_disposition(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::case_config::delete_disposition(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
