//! The signed-in actor: resolved once per request by `require_session`, which guards
//! every non-public route, and read by handlers through `CurrentActor`.

use axum::extract::{FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use domain::Actor;

use crate::error::ApiError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "sb_session";

/// The actor of this request. A handler that takes it cannot run for an anonymous
/// caller, even if it was mistakenly mounted on the public part of the router.
pub struct CurrentActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for CurrentActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(CurrentActor)
            .ok_or(ApiError::App(app::AppError::Unauthorized))
    }
}

/// `Authorization: Bearer <token>` for API clients, else the session cookie.
pub fn bearer_or_cookie_token(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    bearer.or_else(|| {
        CookieJar::from_headers(headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty())
    })
}

/// An unsafe API request authenticated by the session cookie alone, with neither a JSON
/// body (which a cross-site form cannot send) nor the page's CSRF token in a header.
/// Bearer tokens are not sent by browsers on their own, so they carry no such risk;
/// pages check their forms' CSRF field themselves.
fn cross_site_risk(req: &Request) -> bool {
    let headers = req.headers();
    let unsafe_method = !matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    let by_cookie = !headers.contains_key(header::AUTHORIZATION);
    let api = req
        .extensions()
        .get::<OriginalUri>()
        .map_or(req.uri(), |o| &o.0)
        .path()
        .starts_with("/api/");
    if !(unsafe_method && by_cookie && api) {
        return false;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    !json && !crate::csrf::header_matches_cookie(headers)
}

/// Middleware of the protected part: no valid session, no entry. API callers get 401;
/// a browser asking for a page is sent to the sign-in page.
pub async fn require_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let actor = match bearer_or_cookie_token(req.headers()) {
        Some(token) => match app::sessions::resolve(&state.ctx, &token).await {
            Ok(actor) => actor,
            Err(error) => return ApiError::from(error).into_response(),
        },
        None => None,
    };
    match actor {
        Some(_) if cross_site_risk(&req) => ApiError::App(app::AppError::Forbidden(
            "a browser session needs a JSON body or the X-CSRF-Token header for this request",
        ))
        .into_response(),
        Some(actor) => {
            req.extensions_mut().insert(actor);
            next.run(req).await
        }
        None => {
            // Nested routers see their path without the prefix; decide on the original.
            let uri = req
                .extensions()
                .get::<OriginalUri>()
                .map_or(req.uri(), |o| &o.0);
            if uri.path().starts_with("/api/") {
                return ApiError::App(app::AppError::Unauthorized).into_response();
            }
            let next = uri.path_and_query().map_or("/", |p| p.as_str());
            let target = if next == "/" {
                "/login".to_owned()
            } else {
                format!("/login?next={}", urlencode(next))
            };
            Redirect::to(&target).into_response()
        }
    }
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
