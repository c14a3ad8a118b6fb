//! `/signup`, `/auth/login`, `/auth/logout`, `/auth/accept-invite`, `/auth/reset`.

use app::auth::{SignupInput, TokenPurpose};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::views::{CompanyView, SessionView, SignupView};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientAddr, CurrentActor};
use crate::i18n::Tr;
use crate::session_cookie;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupBody {
    company: String,
    name: String,
    email: String,
    password: String,
}

/// Creates a company and its first user, who holds the Admin role, and signs them in.
#[utoipa::path(post, path = "/signup", tag = "auth", security(()),
    request_body = SignupBody,
    responses(
        (status = 201, body = SignupView),
        (status = 409, description = "email already taken"),
        (status = 422, description = "invalid fields"),
    ))]
pub async fn signup(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignupBody>,
) -> ApiResult<impl IntoResponse> {
    let language = Tr::choose(None, &headers).0;
    let company_name = body.company.trim().to_owned();
    let input = SignupInput {
        company: body.company,
        name: body.name,
        email: body.email,
        password: body.password,
        language,
    };
    let signed_in = app::auth::signup(&state.ctx, input, &client).await?;
    let view = SignupView {
        company: CompanyView {
            id: signed_in.user.company_id.clone(),
            name: company_name,
        },
        token: signed_in.token.clone(),
        user: signed_in.user.into(),
    };
    Ok((
        StatusCode::CREATED,
        session_cookie::start(&state, &view.token),
        Json(view),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    email: String,
    password: String,
}

/// Starts a session. Every bad credential, and a blocked user, answers the same 401.
#[utoipa::path(post, path = "/auth/login", tag = "auth", security(()),
    request_body = LoginBody,
    responses(
        (status = 200, body = SessionView),
        (status = 401, description = "bad credentials"),
        (status = 429, description = "too many failed attempts"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> ApiResult<impl IntoResponse> {
    let signed_in = app::auth::login(&state.ctx, &body.email, &body.password, &client).await?;
    let jar = session_cookie::start(&state, &signed_in.token);
    Ok((
        jar,
        Json(SessionView {
            token: signed_in.token,
            user: signed_in.user.into(),
        }),
    ))
}

/// Ends the current session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 204, description = "signed out")))]
pub async fn logout(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<impl IntoResponse> {
    let session_id = actor.session_id.as_deref().ok_or(ApiError::BadRequest(
        "API tokens are revoked, not signed out.".into(),
    ))?;
    app::sessions::end(&state.ctx, session_id).await?;
    Ok((StatusCode::NO_CONTENT, session_cookie::end(&state)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenPasswordBody {
    token: String,
    password: String,
}

/// Sets the password of an invited user and signs them in.
#[utoipa::path(post, path = "/auth/accept-invite", tag = "auth", security(()),
    request_body = TokenPasswordBody,
    responses(
        (status = 200, body = SessionView),
        (status = 422, description = "weak password, or unknown, used or expired token"),
    ))]
pub async fn accept_invite(
    state: State<AppState>,
    client: ClientAddr,
    body: ApiJson<TokenPasswordBody>,
) -> ApiResult<impl IntoResponse> {
    redeem(state, client, body, TokenPurpose::Invite).await
}

/// Sets a new password from a one-time reset token; every other session of the user ends.
#[utoipa::path(post, path = "/auth/reset", tag = "auth", security(()),
    request_body = TokenPasswordBody,
    responses(
        (status = 200, body = SessionView),
        (status = 422, description = "weak password, or unknown, used or expired token"),
    ))]
pub async fn reset(
    state: State<AppState>,
    client: ClientAddr,
    body: ApiJson<TokenPasswordBody>,
) -> ApiResult<impl IntoResponse> {
    redeem(state, client, body, TokenPurpose::Reset).await
}

async fn redeem(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<TokenPasswordBody>,
    purpose: TokenPurpose,
) -> ApiResult<impl IntoResponse> {
    let signed_in =
        app::auth::redeem_token(&state.ctx, purpose, &body.token, &body.password, &client).await?;
    let jar = session_cookie::start(&state, &signed_in.token);
    Ok((
        jar,
        Json(SessionView {
            token: signed_in.token,
            user: signed_in.user.into(),
        }),
    ))
}
