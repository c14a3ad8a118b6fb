//! `/users`: the users list, account details, invitations, bulk edits, reset links.

use app::users::{AccountAction, AccountPatch, BulkSet, NewUserInput, SkillLevel};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::users::UserFilter;
use utoipa::{IntoParams, ToSchema};

use crate::api::views::{Page, UserView, nullable};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch, ListParams};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    group_id: Option<String>,
    role_id: Option<String>,
    active: Option<bool>,
    /// Text in the name or email.
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
    count: Option<bool>,
}

/// The users the caller's scope reaches; a supervisor sees the active users of the
/// groups they manage, and `total` counts the same rows.
#[utoipa::path(get, path = "/users", tag = "users", params(UserListParams),
    responses((status = 200, body = Page<UserView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<UserListParams>,
) -> ApiResult<Json<Page<UserView>>> {
    let filter = UserFilter {
        group_id: params.group_id,
        role_id: params.role_id,
        active: params.active,
        text: params.q,
        not_in_project: None,
    };
    let list = ListParams {
        limit: params.limit,
        cursor: params.cursor,
        count: params.count,
    };
    let page = app::users::list(
        &state.ctx,
        &actor,
        &filter,
        list.cursor.as_deref(),
        list.limit(),
        list.count.unwrap_or(false),
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
pub struct NewUserBody {
    name: String,
    email: String,
    role_id: String,
    #[serde(default)]
    group_ids: Vec<String>,
    /// Projects arrive with enhanced security; only an empty list is accepted so far.
    #[serde(default)]
    project_ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedUserView {
    #[serde(flatten)]
    user: UserView,
    /// One-time: the new user sets a password with it (`POST /auth/accept-invite`).
    invite_token: String,
}

/// Creates a user and answers a one-time invitation token.
#[utoipa::path(post, path = "/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = CreatedUserView), (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<NewUserBody>,
) -> ApiResult<(StatusCode, Json<CreatedUserView>)> {
    let input = NewUserInput {
        name: body.name,
        email: body.email,
        role_id: body.role_id,
        group_ids: body.group_ids,
        project_ids: body.project_ids,
    };
    let (user, invite_token) = app::users::create(&state.ctx, &actor, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedUserView {
            user: user.into(),
            invite_token,
        }),
    ))
}

/// One user, with the settings in force for them (company → groups → user).
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(("id" = String, Path)),
    responses((status = 200, body = UserView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    let (user, effective) = app::users::get(&state.ctx, &actor, &id).await?;
    let mut view = UserView::from(user);
    view.effective_settings = Some(effective);
    Ok(Json(view))
}

#[derive(Deserialize, ToSchema)]
pub struct SkillLevelBody {
    skill_id: String,
    level: i64,
}

fn skill_levels(skills: Vec<SkillLevelBody>) -> Vec<SkillLevel> {
    skills
        .into_iter()
        .map(|s| SkillLevel {
            skill_id: s.skill_id,
            level: s.level,
        })
        .collect()
}

/// Account details. Personal profile fields are listed only to be refused with 403:
/// nobody edits another user's personal profile.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountBody {
    name: Option<String>,
    role_id: Option<String>,
    group_ids: Option<Vec<String>>,
    skills: Option<Vec<SkillLevelBody>>,
    max_chats: Option<i64>,
    #[schema(value_type = Option<Object>)]
    notifications: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    extension: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<bool>)]
    softphone_outbound: Option<Option<bool>>,
    active: Option<bool>,
    /// Replaces the projects the user is a direct member of (needs `projects.access`).
    project_ids: Option<Vec<String>>,
    #[schema(ignore)]
    avatar: Option<serde_json::Value>,
    #[schema(ignore)]
    email: Option<serde_json::Value>,
    #[schema(ignore)]
    password: Option<serde_json::Value>,
    #[schema(ignore)]
    language: Option<serde_json::Value>,
    #[schema(ignore)]
    timezone: Option<serde_json::Value>,
}

/// Edits account details within the edit hierarchy; personal fields answer 403.
#[utoipa::path(patch, path = "/users/{id}", tag = "users", params(("id" = String, Path)),
    request_body = AccountBody,
    responses((status = 200, body = UserView), (status = 403), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<AccountBody>,
) -> ApiResult<Json<UserView>> {
    let personal = [
        &body.avatar,
        &body.email,
        &body.password,
        &body.language,
        &body.timezone,
    ];
    if personal.iter().any(|f| f.is_some()) {
        return Err(ApiError::App(app::AppError::Forbidden(
            "personal profile fields are edited only by their owner",
        )));
    }
    let patch = AccountPatch {
        name: body.name,
        role_id: body.role_id,
        group_ids: body.group_ids,
        skills: body.skills.map(skill_levels),
        max_chats: body.max_chats,
        notifications: body.notifications,
        extension: body.extension,
        softphone_outbound: body.softphone_outbound,
        active: body.active,
        project_ids: body.project_ids,
    };
    Ok(Json(
        app::users::update(&state.ctx, &actor, &id, patch, version)
            .await?
            .into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkSetBody {
    skills: Option<Vec<SkillLevelBody>>,
    max_chats: Option<i64>,
    #[schema(value_type = Option<Object>)]
    notifications: Option<serde_json::Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    user_ids: Vec<String>,
    set: BulkSetBody,
}

#[derive(Serialize, ToSchema)]
pub struct BulkView {
    updated: usize,
}

/// Sets skills, chat limits or notifications of many users; a supervisor reaches the
/// agents of their groups only. All or nothing.
#[utoipa::path(post, path = "/users/bulk", tag = "users", request_body = BulkBody,
    responses((status = 200, body = BulkView), (status = 403), (status = 404), (status = 422)))]
pub async fn bulk(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<BulkBody>,
) -> ApiResult<Json<BulkView>> {
    let set = BulkSet {
        skills: body.set.skills.map(skill_levels),
        one_skill: None,
        max_chats: body.set.max_chats,
        notifications: body.set.notifications,
    };
    let updated = app::users::bulk(&state.ctx, &actor, &body.user_ids, set).await?;
    Ok(Json(BulkView { updated }))
}

/// What a bulk account change does to every user named.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountActionBody {
    Role,
    AddGroups,
    RemoveGroups,
    Block,
    Unblock,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkAccountBody {
    user_ids: Vec<String>,
    action: AccountActionBody,
    /// With `role`.
    role_id: Option<String>,
    /// With `add_groups` and `remove_groups`.
    group_ids: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct RefusedView {
    user_id: String,
    /// `not_found`, `own_account` or `not_allowed`.
    reason: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct BulkAccountView {
    changed: Vec<String>,
    /// Already as asked.
    unchanged: Vec<String>,
    refused: Vec<RefusedView>,
}

/// Changes role, groups or blocking of many users in one transaction, each under the
/// rules of editing them one by one: the others are listed as refused. A role the
/// caller may not grant or an unknown group refuses everything (403/422); unblocking
/// past the plan's seats changes nothing (409 `seat_limit`).
#[utoipa::path(post, path = "/users/bulk/account", tag = "users", request_body = BulkAccountBody,
    responses((status = 200, body = BulkAccountView), (status = 403), (status = 409), (status = 422)))]
pub async fn bulk_account(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<BulkAccountBody>,
) -> ApiResult<Json<BulkAccountView>> {
    let groups = body.group_ids.unwrap_or_default();
    let action = match body.action {
        AccountActionBody::Role => AccountAction::Role(body.role_id.unwrap_or_default()),
        AccountActionBody::AddGroups => AccountAction::AddGroups(groups),
        AccountActionBody::RemoveGroups => AccountAction::RemoveGroups(groups),
        AccountActionBody::Block => AccountAction::Block,
        AccountActionBody::Unblock => AccountAction::Unblock,
    };
    let outcome = app::users::bulk_account(&state.ctx, &actor, &body.user_ids, action).await?;
    Ok(Json(BulkAccountView {
        changed: outcome.changed,
        unchanged: outcome.unchanged,
        refused: outcome
            .refused
            .into_iter()
            .map(|(user_id, _, why)| RefusedView {
                user_id,
                reason: why.code(),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ResetView {
    /// One-time: the user sets a new password with it (`POST /auth/reset`).
    reset_token: String,
}

/// A one-time password-reset token; administrators never set passwords.
#[utoipa::path(post, path = "/users/{id}/password-reset", tag = "users", params(("id" = String, Path)),
    responses((status = 201, body = ResetView), (status = 403), (status = 404)))]
pub async fn password_reset(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<ResetView>)> {
    let reset_token = app::users::password_reset(&state.ctx, &actor, &id).await?;
    Ok((StatusCode::CREATED, Json(ResetView { reset_token })))
}

#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    invite_token: String,
}

/// Sends a new invitation; the previous link stops working.
#[utoipa::path(post, path = "/users/{id}/invitation", tag = "users", params(("id" = String, Path)),
    responses((status = 201, body = InvitationView), (status = 404), (status = 409)))]
pub async fn resend_invitation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let invite_token = app::users::resend_invitation(&state.ctx, &actor, &id).await?;
    Ok((StatusCode::CREATED, Json(InvitationView { invite_token })))
}

/// Withdraws a pending invitation.
#[utoipa::path(delete, path = "/users/{id}/invitation", tag = "users", params(("id" = String, Path)),
    responses((status = 204), (status = 404)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::users::revoke_invitation(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
