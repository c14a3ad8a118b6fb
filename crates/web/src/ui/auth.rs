//! Sign-in, sign-up, sign-out and the set-a-password pages of invitations and resets.

use std::collections::BTreeMap;

use app::AppError;
use app::auth::{SignupInput, TokenPurpose};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::error::ApiError;
use crate::extract::{ClientAddr, CurrentActor};
use crate::session_cookie;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    page: Page,
    title: String,
    email: String,
    next: String,
    alert: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

pub async fn login_page(page: Page, Query(query): Query<LoginQuery>) -> LoginPage {
    let notice = query.signed_out.map(|_| page.t("signed-out"));
    LoginPage {
        title: page.t("login-title"),
        email: String::new(),
        next: safe_next(query.next.as_deref()).to_owned(),
        alert: None,
        notice,
        page,
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    page: Page,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref()).to_owned();
    match app::auth::login(&state.ctx, &form.email, &form.password, &client).await {
        Ok(signed_in) => (
            session_cookie::start(&state, &signed_in.token),
            Redirect::to(&next),
        )
            .into_response(),
        Err(error) => {
            let (status, alert) = match &error {
                AppError::Unauthorized => (StatusCode::UNAUTHORIZED, page.t("login-failed")),
                AppError::Throttled { .. } => {
                    (StatusCode::TOO_MANY_REQUESTS, page.t("login-throttled"))
                }
                _ => return ApiError::from(error).into_response(),
            };
            let view = LoginPage {
                title: page.t("login-title"),
                email: form.email,
                next,
                alert: Some(alert),
                notice: None,
                page,
            };
            (status, view).into_response()
        }
    }
}

/// Only same-site paths: `/x` but not `//host` or `https://…`, so a crafted link cannot
/// send a freshly signed-in user elsewhere.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signup.html")]
pub struct SignupPage {
    page: Page,
    title: String,
    company: String,
    name: String,
    email: String,
    errors: BTreeMap<String, String>,
    alert: Option<String>,
}

pub async fn signup_page(page: Page) -> SignupPage {
    SignupPage {
        title: page.t("signup-title"),
        company: String::new(),
        name: String::new(),
        email: String::new(),
        errors: BTreeMap::new(),
        alert: None,
        page,
    }
}

#[derive(Deserialize)]
pub struct SignupForm {
    company: String,
    name: String,
    email: String,
    password: String,
}

pub async fn signup_submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    page: Page,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Response {
    let input = SignupInput {
        company: form.company.clone(),
        name: form.name.clone(),
        email: form.email.clone(),
        password: form.password,
        language: page.tr.0,
    };
    match app::auth::signup(&state.ctx, input, &client).await {
        Ok(signed_in) => (
            session_cookie::start(&state, &signed_in.token),
            Redirect::to("/"),
        )
            .into_response(),
        Err(error) => {
            let (errors, alert) = match &error {
                AppError::Invalid(fields) => (page.field_errors(fields), None),
                AppError::Conflict {
                    code: "email_taken",
                    ..
                } => (
                    BTreeMap::from([("email".to_owned(), page.t("problem-email-taken"))]),
                    None,
                ),
                _ => return ApiError::from(error).into_response(),
            };
            let view = SignupPage {
                title: page.t("signup-title"),
                company: form.company,
                name: form.name,
                email: form.email,
                errors,
                alert,
                page,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, view).into_response()
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    CsrfForm(_): CsrfForm<BTreeMap<String, String>>,
) -> Response {
    if let Some(session_id) = &actor.session_id
        && let Err(error) = app::sessions::end(&state.ctx, session_id).await
    {
        return ApiError::from(error).into_response();
    }
    (
        session_cookie::end(&state),
        Redirect::to("/login?signed_out=1"),
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "set_password.html")]
pub struct SetPasswordPage {
    page: Page,
    title: String,
    action: &'static str,
    token: String,
    errors: BTreeMap<String, String>,
    alert: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenForm {
    token: String,
    password: String,
}

fn set_password_page(page: Page, purpose: TokenPurpose, token: String) -> SetPasswordPage {
    let (title, action) = match purpose {
        TokenPurpose::Invite => (page.t("accept-invite-title"), "/accept-invite"),
        TokenPurpose::Reset => (page.t("reset-title"), "/reset"),
    };
    SetPasswordPage {
        title,
        action,
        token,
        errors: BTreeMap::new(),
        alert: None,
        page,
    }
}

pub async fn accept_invite_page(page: Page, Query(q): Query<TokenQuery>) -> SetPasswordPage {
    set_password_page(page, TokenPurpose::Invite, q.token.unwrap_or_default())
}

pub async fn reset_page(page: Page, Query(q): Query<TokenQuery>) -> SetPasswordPage {
    set_password_page(page, TokenPurpose::Reset, q.token.unwrap_or_default())
}

pub async fn accept_invite_submit(
    state: State<AppState>,
    client: ClientAddr,
    page: Page,
    form: CsrfForm<TokenForm>,
) -> Response {
    redeem(state, client, page, form, TokenPurpose::Invite).await
}

pub async fn reset_submit(
    state: State<AppState>,
    client: ClientAddr,
    page: Page,
    form: CsrfForm<TokenForm>,
) -> Response {
    redeem(state, client, page, form, TokenPurpose::Reset).await
}

async fn redeem(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    page: Page,
    CsrfForm(form): CsrfForm<TokenForm>,
    purpose: TokenPurpose,
) -> Response {
    match app::auth::redeem_token(&state.ctx, purpose, &form.token, &form.password, &client).await {
        Ok(signed_in) => (
            session_cookie::start(&state, &signed_in.token),
            Redirect::to("/"),
        )
            .into_response(),
        Err(AppError::Invalid(fields)) => {
            let alert = fields
                .0
                .contains_key("token")
                .then(|| page.t("problem-invalid-or-expired"));
            let errors = page.field_errors(&fields);
            let mut view = set_password_page(page, purpose, form.token);
            view.errors = errors;
            view.alert = alert;
            (StatusCode::UNPROCESSABLE_ENTITY, view).into_response()
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/profile")), "/profile");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
