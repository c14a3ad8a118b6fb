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
mod my_state;
mod page_routes;
mod pause_reasons;
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

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use page_routes::PageRoute;
use page_routes::Pages;

/// Every page route, public and protected, as the router holds them: the route tests
/// walk this list.
pub fn pages() -> Vec<PageRoute> {
    let mut all = public_pages().routes().to_vec();
    all.extend_from_slice(protected_pages().routes());
    all
}

pub fn public_pages() -> Pages {
    Pages::public()
        .get("/login", auth::login_page)
        .post("/login", auth::login_submit)
        .get("/signup", auth::signup_page)
        .post("/signup", auth::signup_submit)
        .get("/accept-invite", auth::accept_invite_page)
        .post("/accept-invite", auth::accept_invite_submit)
        .get("/reset", auth::reset_page)
        .post("/reset", auth::reset_submit)
}

pub fn protected_pages() -> Pages {
    Pages::protected()
        .post("/logout", auth::logout)
        .get("/", home::home)
        .get("/reports", reports::index)
        .get("/reports/{name}", reports::show)
        .get("/profile", profile::page)
        .post("/profile", profile::save)
        .post("/profile/password", profile::change_password)
        .get("/users", users::list)
        .post("/users", users::invite)
        .post("/users/bulk", users::bulk)
        .get("/users/{id}", users::show)
        .post("/users/{id}", users::save)
        .post("/users/{id}/password-reset", users::password_reset)
        .post("/users/{id}/invitation", users::resend_invitation)
        .post(
            "/users/{id}/invitation/withdraw",
            users::withdraw_invitation,
        )
        .get("/groups", groups::list)
        .post("/groups", groups::create)
        .get("/groups/{id}", groups::show)
        .post("/groups/{id}", groups::save)
        .post("/groups/{id}/delete", groups::delete)
        .get("/roles", roles::list)
        .post("/roles", roles::create)
        .get("/roles/{id}", roles::editor)
        .post("/roles/{id}", roles::save)
        .post("/roles/{id}/delete", roles::delete)
        .post("/roles/{id}/users", roles::assign)
        .post("/role-test", roles::start_test)
        .post("/role-test/end", roles::end_test)
        .get("/api-tokens", api_tokens::list)
        .post("/api-tokens", api_tokens::create)
        .post("/api-tokens/{id}/revoke", api_tokens::revoke)
        .post("/sections/{key}/access/{role_id}", access::save)
        .get("/settings", settings::page)
        .post("/settings", settings::save)
        .post("/settings/security", settings::switch_mode)
        .get("/projects", projects::list)
        .post("/projects", projects::create)
        .get("/projects/{id}", projects::show)
        .post("/projects/{id}", projects::save)
        .post("/projects/{id}/delete", projects::delete)
        .post("/projects/{id}/members", projects::add_member)
        .post("/projects/{id}/members/remove", projects::remove_member)
        .post("/projects/{id}/objects", projects::add_object)
        .post("/projects/{id}/objects/remove", projects::remove_object)
        .get("/audit", audit::page)
        .get("/config", config::index)
        .get("/config/{kind}", config::list)
        .post("/config/{kind}", config::create)
        .get("/config/{kind}/{id}", config::show)
        .post("/config/{kind}/{id}", config::save)
        .post("/config/{kind}/{id}/delete", config::delete)
        .post("/config/{kind}/{id}/entries", config::add_entries)
        .post("/config/{kind}/{id}/entries/remove", config::remove_entry)
        .merge(cases::routes())
        .merge(case_config::routes())
        .merge(live::routes())
        .merge(tickets::routes())
        .merge(home::routes())
        .merge(kpi::routes())
        .merge(skills::routes())
        .merge(pause_reasons::routes())
        .merge(billing::routes())
}

pub async fn not_found_page() -> Response {
    (StatusCode::NOT_FOUND, axum::response::Html(NOT_FOUND_HTML)).into_response()
}

const NOT_FOUND_HTML: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Not found · Switchboard</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="auth-main"><section class="card auth-card"><h1>Not found</h1>
<p>There is nothing at this address.</p><p><a href="/">Switchboard</a></p></section></main></body></html>"#;
