//! The JSON API under `/api/v1`, described by the OpenAPI document built from the
//! handlers' annotations.

mod api_tokens;
mod audit;
mod auth;
mod catalog;
mod groups;
mod health;
mod me;
mod roles;
mod users;
pub mod views;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub use health::{docs_page, openapi_json};

#[derive(OpenApi)]
#[openapi(
    info(title = "Switchboard API", description = "The contact-center back office, over JSON."),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "auth", description = "Sign-up, sign-in and one-time tokens"),
        (name = "me", description = "The signed-in user's own profile and role tests"),
        (name = "roles", description = "The permission catalog, roles and per-section access"),
        (name = "users", description = "Users and their account details"),
        (name = "groups", description = "Groups of agents and their supervisors"),
        (name = "api-tokens", description = "Credentials for integrations"),
        (name = "audit", description = "The audit log and its hash chain"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::extract::SESSION_COOKIE,
            ))),
        );
    }
}

/// Routes anyone may call: the router mounts them outside the session guard.
pub fn public_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::signup))
        .routes(routes!(auth::login))
        .routes(routes!(auth::accept_invite))
        .routes(routes!(auth::reset))
}

/// Everything else under `/api/v1`: the router wraps these in the session guard.
pub fn protected_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::logout))
        .routes(routes!(me::get_me, me::patch_me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::start_role_test, me::end_role_test))
        .routes(routes!(catalog::permissions))
        .routes(routes!(catalog::sections))
        .routes(routes!(catalog::section_access))
        .routes(routes!(catalog::set_section_access))
        .routes(routes!(roles::list, roles::create))
        .routes(routes!(roles::get, roles::update, roles::delete))
        .routes(routes!(roles::assign_users))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::bulk))
        .routes(routes!(users::get, users::update))
        .routes(routes!(users::password_reset))
        .routes(routes!(users::resend_invitation, users::revoke_invitation))
        .routes(routes!(groups::list, groups::create))
        .routes(routes!(groups::get, groups::update, groups::delete))
        .routes(routes!(api_tokens::list, api_tokens::create))
        .routes(routes!(api_tokens::revoke))
        .routes(routes!(audit::list))
        .routes(routes!(audit::verify))
}

/// Operational routes outside `/api/v1`.
pub fn operations_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
}
