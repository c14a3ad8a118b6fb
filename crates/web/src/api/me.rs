//! `/me`: the signed-in user's own view and personal profile.

use app::profile::ProfileInput;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::views::{MeView, UserView};
use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor, IfMatch};
use crate::state::AppState;

/// Who I am, my role, the permissions in force and any role test.
#[utoipa::path(get, path = "/me", tag = "me", responses((status = 200, body = MeView)))]
pub async fn get_me(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<MeView>> {
    let user = app::profile::me(&state.ctx, &actor).await?;
    Ok(Json(MeView::new(&actor, user)))
}

/// Personal profile fields; anything else (name, role, …) is account detail and refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchMeBody {
    avatar: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    email: Option<String>,
}

/// Edits my own personal profile. Agents may not change their email.
#[utoipa::path(patch, path = "/me", tag = "me",
    request_body = PatchMeBody,
    params(("If-Match" = Option<String>, Header, description = "the version you last read")),
    responses(
        (status = 200, body = UserView),
        (status = 403, description = "agents may not change their email"),
        (status = 409, description = "email taken"),
        (status = 412, description = "stale version"),
        (status = 422, description = "invalid fields"),
    ))]
pub async fn patch_me(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<PatchMeBody>,
) -> ApiResult<Json<UserView>> {
    let input = ProfileInput {
        avatar: body.avatar,
        language: body.language,
        timezone: body.timezone,
        email: body.email,
    };
    let user = app::profile::update(&state.ctx, &actor, input, version).await?;
    Ok(Json(user.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    current: String,
    new: String,
}

/// Changes my password; my other sessions end.
#[utoipa::path(put, path = "/me/password", tag = "me",
    request_body = PasswordBody,
    responses(
        (status = 204, description = "changed"),
        (status = 422, description = "wrong current password or weak new one"),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    app::profile::change_password(&state.ctx, &actor, &body.current, &body.new).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleTestBody {
    role_id: String,
}

/// This session acts with exactly that role until the test ends or the user signs out.
#[utoipa::path(post, path = "/me/role-test", tag = "me", request_body = RoleTestBody,
    responses((status = 200, body = MeView), (status = 403), (status = 404)))]
pub async fn start_role_test(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<RoleTestBody>,
) -> ApiResult<Json<MeView>> {
    app::roles::start_test(&state.ctx, &actor, &body.role_id).await?;
    me_after_change(&state, &actor).await
}

/// Ends the role test of this session.
#[utoipa::path(delete, path = "/me/role-test", tag = "me",
    responses((status = 200, body = MeView)))]
pub async fn end_role_test(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<MeView>> {
    app::roles::end_test(&state.ctx, &actor).await?;
    me_after_change(&state, &actor).await
}

/// `/me` as the next request will see it.
async fn me_after_change(state: &AppState, actor: &domain::Actor) -> ApiResult<Json<MeView>> {
    let session_id = actor.session_id.clone().unwrap_or_default();
    let token_actor = app::sessions::reload(&state.ctx, &session_id, actor).await?;
    let user = app::profile::me(&state.ctx, &token_actor).await?;
    Ok(Json(MeView::new(&token_actor, user)))
}
