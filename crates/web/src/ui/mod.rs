//! The HTML pages, rendered on the server from the templates in `templates/`.

mod auth;
mod home;
mod layout;
mod profile;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::state::AppState;

/// Every page route as (method, path, public). The route-inventory test walks it.
pub const PAGES: &[(&str, &str, bool)] = &[
    ("GET", "/login", true),
    ("POST", "/login", true),
    ("GET", "/signup", true),
    ("POST", "/signup", true),
    ("GET", "/accept-invite", true),
    ("POST", "/accept-invite", true),
    ("GET", "/reset", true),
    ("POST", "/reset", true),
    ("POST", "/logout", false),
    ("GET", "/", false),
    ("GET", "/profile", false),
    ("POST", "/profile", false),
    ("POST", "/profile/password", false),
];

pub fn public_pages() -> Router<AppState> {
    Router::new()
        .route("/login", get(auth::login_page).post(auth::login_submit))
        .route("/signup", get(auth::signup_page).post(auth::signup_submit))
        .route(
            "/accept-invite",
            get(auth::accept_invite_page).post(auth::accept_invite_submit),
        )
        .route("/reset", get(auth::reset_page).post(auth::reset_submit))
}

pub fn protected_pages() -> Router<AppState> {
    Router::new()
        .route("/logout", post(auth::logout))
        .route("/", get(home::home))
        .route("/profile", get(profile::page).post(profile::save))
        .route("/profile/password", post(profile::change_password))
}

pub async fn not_found_page() -> Response {
    (StatusCode::NOT_FOUND, axum::response::Html(NOT_FOUND_HTML)).into_response()
}

const NOT_FOUND_HTML: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Not found · Switchboard</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="auth-main"><section class="card auth-card"><h1>Not found</h1>
<p>There is nothing at this address.</p><p><a href="/">Switchboard</a></p></section></main></body></html>"#;
