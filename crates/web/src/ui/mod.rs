//! The HTML pages, rendered on the server from the templates in `templates/`.

mod access;
mod api_tokens;
mod audit;
mod auth;
mod billing;
mod came_from;
mod case_config;
mod cases;
mod catalog;
mod common;
mod config;
mod config_fields;
mod confirm;
mod groups;
mod home;
mod kpi;
mod layout;
mod live;
mod profile;
mod projects;
mod reports;
mod roles;
mod settings;
mod shipped;
mod skills;
mod sorting;
mod tickets;
mod users;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::state::AppState;

/// The page routes of the sections below, as (method, path, public).
const PAGES: &[(&str, &str, bool)] = &[
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
    ("GET", "/reports", false),
    ("GET", "/reports/{name}", false),
    ("GET", "/profile", false),
    ("POST", "/profile", false),
    ("POST", "/profile/password", false),
    ("GET", "/users", false),
    ("POST", "/users", false),
    ("POST", "/users/bulk", false),
    ("GET", "/users/{id}", false),
    ("POST", "/users/{id}", false),
    ("POST", "/users/{id}/password-reset", false),
    ("POST", "/users/{id}/invitation", false),
    ("POST", "/users/{id}/invitation/withdraw", false),
    ("GET", "/groups", false),
    ("POST", "/groups", false),
    ("GET", "/groups/{id}", false),
    ("POST", "/groups/{id}", false),
    ("POST", "/groups/{id}/delete", false),
    ("GET", "/roles", false),
    ("POST", "/roles", false),
    ("GET", "/roles/{id}", false),
    ("POST", "/roles/{id}", false),
    ("POST", "/roles/{id}/delete", false),
    ("POST", "/roles/{id}/users", false),
    ("POST", "/role-test", false),
    ("POST", "/role-test/end", false),
    ("GET", "/api-tokens", false),
    ("POST", "/api-tokens", false),
    ("POST", "/api-tokens/{id}/revoke", false),
    ("POST", "/sections/{key}/access/{role_id}", false),
    ("GET", "/settings", false),
    ("POST", "/settings", false),
    ("POST", "/settings/security", false),
    ("GET", "/projects", false),
    ("POST", "/projects", false),
    ("GET", "/projects/{id}", false),
    ("POST", "/projects/{id}", false),
    ("POST", "/projects/{id}/delete", false),
    ("POST", "/projects/{id}/members", false),
    ("POST", "/projects/{id}/members/remove", false),
    ("POST", "/projects/{id}/objects", false),
    ("POST", "/projects/{id}/objects/remove", false),
    ("GET", "/config", false),
    ("GET", "/config/{kind}", false),
    ("POST", "/config/{kind}", false),
    ("GET", "/config/{kind}/{id}", false),
    ("POST", "/config/{kind}/{id}", false),
    ("POST", "/config/{kind}/{id}/delete", false),
    ("POST", "/config/{kind}/{id}/entries", false),
    ("POST", "/config/{kind}/{id}/entries/remove", false),
    ("GET", "/audit", false),
];

/// Every page route as (method, path, public). The route-inventory test walks it.
pub fn pages() -> impl Iterator<Item = &'static (&'static str, &'static str, bool)> {
    PAGES
        .iter()
        .chain(cases::PAGES)
        .chain(case_config::PAGES)
        .chain(live::PAGES)
        .chain(tickets::PAGES)
        .chain(home::PAGES)
        .chain(kpi::PAGES)
        .chain(skills::PAGES)
        .chain(billing::PAGES)
}

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
        .route("/reports", get(reports::index))
        .route("/reports/{name}", get(reports::show))
        .route("/profile", get(profile::page).post(profile::save))
        .route("/profile/password", post(profile::change_password))
        .route("/users", get(users::list).post(users::invite))
        .route("/users/bulk", post(users::bulk))
        .route("/users/{id}", get(users::show).post(users::save))
        .route("/users/{id}/password-reset", post(users::password_reset))
        .route("/users/{id}/invitation", post(users::resend_invitation))
        .route(
            "/users/{id}/invitation/withdraw",
            post(users::withdraw_invitation),
        )
        .route("/groups", get(groups::list).post(groups::create))
        .route("/groups/{id}", get(groups::show).post(groups::save))
        .route("/groups/{id}/delete", post(groups::delete))
        .route("/roles", get(roles::list).post(roles::create))
        .route("/roles/{id}", get(roles::editor).post(roles::save))
        .route("/roles/{id}/delete", post(roles::delete))
        .route("/roles/{id}/users", post(roles::assign))
        .route("/role-test", post(roles::start_test))
        .route("/role-test/end", post(roles::end_test))
        .route(
            "/api-tokens",
            get(api_tokens::list).post(api_tokens::create),
        )
        .route("/api-tokens/{id}/revoke", post(api_tokens::revoke))
        .route("/sections/{key}/access/{role_id}", post(access::save))
        .route("/settings", get(settings::page).post(settings::save))
        .route("/settings/security", post(settings::switch_mode))
        .route("/projects", get(projects::list).post(projects::create))
        .route("/projects/{id}", get(projects::show).post(projects::save))
        .route("/projects/{id}/delete", post(projects::delete))
        .route("/projects/{id}/members", post(projects::add_member))
        .route(
            "/projects/{id}/members/remove",
            post(projects::remove_member),
        )
        .route("/projects/{id}/objects", post(projects::add_object))
        .route(
            "/projects/{id}/objects/remove",
            post(projects::remove_object),
        )
        .route("/audit", get(audit::page))
        .route("/config", get(config::index))
        .route("/config/{kind}", get(config::list).post(config::create))
        .route("/config/{kind}/{id}", get(config::show).post(config::save))
        .route("/config/{kind}/{id}/delete", post(config::delete))
        .route("/config/{kind}/{id}/entries", post(config::add_entries))
        .route(
            "/config/{kind}/{id}/entries/remove",
            post(config::remove_entry),
        )
        .merge(cases::routes())
        .merge(case_config::routes())
        .merge(live::routes())
        .merge(tickets::routes())
        .merge(home::routes())
        .merge(kpi::routes())
        .merge(skills::routes())
        .route("/billing", get(billing::page))
}

pub async fn not_found_page() -> Response {
    (StatusCode::NOT_FOUND, axum::response::Html(NOT_FOUND_HTML)).into_response()
}

const NOT_FOUND_HTML: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Not found · Switchboard</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="auth-main"><section class="card auth-card"><h1>Not found</h1>
<p>There is nothing at this address.</p><p><a href="/">Switchboard</a></p></section></main></body></html>"#;
