//! `/skills`: what agents hold with a level and queues require.

use app::skills::SkillDetails;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch, ListParams};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct SkillView {
    pub id: String,
    pub name: String,
    /// How many users hold it.
    pub holders: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<SkillDetails> for SkillView {
    fn from(skill: SkillDetails) -> Self {
        Self {
            id: skill.row.id,
            name: skill.row.name,
            holders: skill.holders,
            version: skill.row.version,
            created_at: skill.row.created_at,
            updated_at: skill.row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillBody {
    name: String,
}

#[utoipa::path(get, path = "/skills", tag = "configuration", params(ListParams),
    responses((status = 200, body = Page<SkillView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<SkillView>>> {
    let page = app::skills::list(
        &state.ctx,
        &actor,
        params.cursor.as_deref(),
        params.limit(),
        params.count.unwrap_or(false),
    )
    .await?;
    Ok(Json(Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next,
        total: page.total,
    }))
}

#[utoipa::path(post, path = "/skills", tag = "configuration", request_body = SkillBody,
    responses((status = 201, body = SkillView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<SkillBody>,
) -> ApiResult<(StatusCode, Json<SkillView>)> {
    let skill = app::skills::create(&state.ctx, &actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(skill.into())))
}

#[utoipa::path(get, path = "/skills/{id}", tag = "configuration", params(("id" = String, Path)),
    responses((status = 200, body = SkillView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<SkillView>> {
    Ok(Json(
        app::skills::get(&state.ctx, &actor, &id).await?.into(),
    ))
}

#[utoipa::path(patch, path = "/skills/{id}", tag = "configuration", params(("id" = String, Path)),
    request_body = SkillBody,
    responses((status = 200, body = SkillView), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<SkillBody>,
) -> ApiResult<Json<SkillView>> {
    Ok(Json(
        app::skills::rename(&state.ctx, &actor, &id, &body.name, version)
            .await?
            .into(),
    ))
}

/// 409 while a queue requires it; agents holding it lose it.
#[utoipa::path(delete, path = "/skills/{id}", tag = "configuration", params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::skills::delete(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
