//! The JSON API under `/api/v1`, described by the OpenAPI document built from the
//! handlers' annotations.

mod auth;
mod health;
mod me;
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
        (name = "me", description = "The signed-in user's own profile"),
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
}

/// Operational routes outside `/api/v1`.
pub fn operations_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
}
