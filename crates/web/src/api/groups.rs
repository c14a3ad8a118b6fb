//! `/groups`: agents under supervisors, with settings overrides.

use app::groups::GroupInput;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::views::{GroupView, Page};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch, ListParams};
use crate::state::AppState;

#[utoipa::path(get, path = "/groups", tag = "groups", params(ListParams),
    responses((status = 200, body = Page<GroupView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<GroupView>>> {
    let page = app::groups::list(
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    name: Option<String>,
    supervisor_ids: Option<Vec<String>>,
    member_ids: Option<Vec<String>>,
    /// Overrides of the company's general settings, e.g. `{"softphone_outbound": true}`.
    #[schema(value_type = Option<Object>)]
    settings: Option<domain::settings::Settings>,
    /// Projects the group is a direct member of (needs `projects.access`).
    project_ids: Option<Vec<String>>,
}

impl From<GroupBody> for GroupInput {
    fn from(body: GroupBody) -> Self {
        GroupInput {
            name: body.name,
            supervisor_ids: body.supervisor_ids,
            member_ids: body.member_ids,
            settings: body.settings,
            project_ids: body.project_ids,
        }
    }
}

#[utoipa::path(post, path = "/groups", tag = "groups", request_body = GroupBody,
    responses((status = 201, body = GroupView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<GroupBody>,
) -> ApiResult<(StatusCode, Json<GroupView>)> {
    let group = app::groups::create(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(group.into())))
}

/// One group with `effective_settings`: the company's general settings with the
/// group's overrides applied.
#[utoipa::path(get, path = "/groups/{id}", tag = "groups", params(("id" = String, Path)),
    responses((status = 200, body = GroupView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<GroupView>> {
    let (group, effective) = app::groups::get(&state.ctx, &actor, &id).await?;
    let mut view = GroupView::from(group);
    view.effective_settings = Some(effective);
    Ok(Json(view))
}

#[utoipa::path(patch, path = "/groups/{id}", tag = "groups", params(("id" = String, Path)),
    request_body = GroupBody,
    responses((status = 200, body = GroupView), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<GroupBody>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(
        app::groups::update(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

#[utoipa::path(delete, path = "/groups/{id}", tag = "groups", params(("id" = String, Path)),
    responses((status = 204), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::groups::delete(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
