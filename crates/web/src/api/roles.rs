//! `/roles`: templates and custom roles, and mass assignment.

use app::roles::RoleInput;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::views::{Page, RoleView};
use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor, IfMatch};
use crate::state::AppState;

/// Every role of the company, templates first.
#[utoipa::path(get, path = "/roles", tag = "roles",
    responses((status = 200, body = Page<RoleView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Page<RoleView>>> {
    let roles = app::roles::list(&state.ctx, &actor).await?;
    Ok(Json(Page {
        items: roles.into_iter().map(Into::into).collect(),
        next: None,
        total: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    name: Option<String>,
    description: Option<String>,
    permissions: Option<Vec<String>>,
    /// `all`, `managed` or `own`.
    scope: Option<String>,
    /// The template it starts from (`admin`, `manager`, `supervisor`, `agent`, `owner`);
    /// decides whose account details its holders' editors may touch.
    based_on: Option<String>,
}

impl From<RoleBody> for RoleInput {
    fn from(body: RoleBody) -> Self {
        RoleInput {
            name: body.name,
            description: body.description,
            permissions: body.permissions,
            scope: body.scope,
            based_on: body.based_on,
        }
    }
}

/// Creates a custom role. Nobody grants a permission they do not hold.
#[utoipa::path(post, path = "/roles", tag = "roles", request_body = RoleBody,
    responses((status = 201, body = RoleView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<RoleBody>,
) -> ApiResult<(StatusCode, Json<RoleView>)> {
    let role = app::roles::create(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(role.into())))
}

#[utoipa::path(get, path = "/roles/{id}", tag = "roles", params(("id" = String, Path)),
    responses((status = 200, body = RoleView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<RoleView>> {
    Ok(Json(app::roles::get(&state.ctx, &actor, &id).await?.into()))
}

/// Edits a custom role; templates answer 409.
#[utoipa::path(patch, path = "/roles/{id}", tag = "roles", params(("id" = String, Path)),
    request_body = RoleBody,
    responses((status = 200, body = RoleView), (status = 409), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<RoleBody>,
) -> ApiResult<Json<RoleView>> {
    Ok(Json(
        app::roles::update(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

/// Deletes a custom role nobody holds; templates and roles in use answer 409.
#[utoipa::path(delete, path = "/roles/{id}", tag = "roles", params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::roles::delete(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    user_ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AssignView {
    assigned: usize,
}

/// Gives the role to every listed user, all or nothing.
#[utoipa::path(post, path = "/roles/{id}/users", tag = "roles", params(("id" = String, Path)),
    request_body = AssignBody,
    responses((status = 200, body = AssignView), (status = 403), (status = 404)))]
pub async fn assign_users(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignBody>,
) -> ApiResult<Json<AssignView>> {
    let assigned = app::roles::assign_users(&state.ctx, &actor, &id, &body.user_ids).await?;
    Ok(Json(AssignView { assigned }))
}
