//! `/pause-reasons`: the codes agents pause with, each with an optional maximum.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use store::pause_reasons::PauseReasonRow;
use utoipa::ToSchema;

use crate::api::live::Items;
use crate::api::views::nullable;
use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor, IfMatch};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PauseReasonView {
    pub id: String,
    pub name: String,
    /// Minutes a pause with this reason may last; `null` for no limit.
    pub max_minutes: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<PauseReasonRow> for PauseReasonView {
    fn from(row: PauseReasonRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            max_minutes: row.max_minutes,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPauseReason {
    /// 1 to 60 characters, unique in the company ignoring case.
    name: String,
    /// 1 to 480, or absent/`null` for no limit.
    max_minutes: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseReasonPatch {
    name: Option<String>,
    /// `null` removes the limit; absent keeps it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    max_minutes: Option<Option<i64>>,
}

/// The company's pause reasons in use, by name: for whoever pauses or watches agents
/// (`workspace.use`, `live.view`, `live.manage`) and company administrators.
#[utoipa::path(get, path = "/pause-reasons", tag = "configuration",
    responses((status = 200, body = Items<PauseReasonView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Items<PauseReasonView>>> {
    let items = app::pause_reasons::list(&state.ctx, &actor).await?;
    Ok(Json(Items {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// Adds a reason (`company.settings`).
#[utoipa::path(post, path = "/pause-reasons", tag = "configuration", request_body = NewPauseReason,
    responses((status = 201, body = PauseReasonView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<NewPauseReason>,
) -> ApiResult<(StatusCode, Json<PauseReasonView>)> {
    let reason =
        app::pause_reasons::create(&state.ctx, &actor, &body.name, body.max_minutes).await?;
    Ok((StatusCode::CREATED, Json(reason.into())))
}

/// Renames a reason or changes its maximum (`company.settings`); `If-Match` with its
/// version refuses a change made meanwhile (412).
#[utoipa::path(patch, path = "/pause-reasons/{id}", tag = "configuration",
    params(("id" = String, Path)), request_body = PauseReasonPatch,
    responses((status = 200, body = PauseReasonView), (status = 403), (status = 404),
        (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<PauseReasonPatch>,
) -> ApiResult<Json<PauseReasonView>> {
    let reason = app::pause_reasons::update(
        &state.ctx,
        &actor,
        &id,
        body.name.as_deref(),
        body.max_minutes,
        version,
    )
    .await?;
    Ok(Json(reason.into()))
}

/// Retires a reason (`company.settings`): it is no longer offered and its name is free
/// again. Agents paused with it now stay paused with it, and the pauses taken with it
/// keep naming it in reports, so deleting one in use is never refused.
#[utoipa::path(delete, path = "/pause-reasons/{id}", tag = "configuration",
    params(("id" = String, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::pause_reasons::delete(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
