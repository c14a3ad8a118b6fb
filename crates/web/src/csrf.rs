//! CSRF protection for HTML forms: a random token in a `SameSite=Strict` cookie that
//! every form repeats in a hidden field (double submit). Together with `SameSite=Lax`
//! session cookies, a cross-site page can neither read the token nor post with it.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::state::AppState;

pub const COOKIE: &str = "sb_csrf";
pub const FIELD: &str = "csrf";

/// The CSRF token of this browser, available to page handlers.
#[derive(Clone)]
pub struct CsrfToken(pub String);

/// Middleware of the UI: gives a browser without a token a new one.
pub async fn ensure_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let existing = cookie_token(req.headers());
    let token = existing
        .clone()
        .unwrap_or_else(|| app::credentials::new_token("csrf"));
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let response = next.run(req).await;
    if existing.is_some() {
        return response;
    }
    let cookie = Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.web.secure_cookies)
        .build();
    (CookieJar::new().add(cookie), response).into_response()
}

/// Whether `X-CSRF-Token` repeats the CSRF cookie (htmx sends it on every request).
pub fn header_matches_cookie(headers: &HeaderMap) -> bool {
    let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    matches!((cookie_token(headers), sent), (Some(cookie), Some(sent)) if !cookie.is_empty() && cookie == sent)
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(COOKIE)
        .map(|c| c.value().to_owned())
}

/// Whether a form's `csrf` field repeats the cookie (for forms [`CsrfForm`] cannot
/// read, such as file uploads).
pub fn field_matches_cookie(headers: &HeaderMap, sent: &str) -> bool {
    matches(cookie_token(headers).as_deref(), Some(sent))
}

fn matches(expected: Option<&str>, sent: Option<&str>) -> bool {
    matches!((expected, sent), (Some(expected), Some(sent)) if !expected.is_empty() && expected == sent)
}

/// The answer to a form whose token does not match.
pub fn expired() -> Response {
    (
        StatusCode::FORBIDDEN,
        "The form expired; reload the page and try again.",
    )
        .into_response()
}

/// A form body whose `csrf` field matches the cookie; anything else is refused with 403
/// before the handler runs. Oversize bodies answer 413.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = cookie_token(req.headers());
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                StatusCode::PAYLOAD_TOO_LARGE.into_response()
            } else {
                StatusCode::BAD_REQUEST.into_response()
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
        let sent = pairs
            .iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.as_str());
        if !matches(expected.as_deref(), sent) {
            return Err(expired());
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|_| StatusCode::BAD_REQUEST.into_response())
    }
}
