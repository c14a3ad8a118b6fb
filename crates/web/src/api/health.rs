//! Liveness, readiness, metrics and the API's own description.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::extract::bearer_or_cookie_token;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", security(()),
    responses((status = 200, body = Health)))]
pub async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// The process can reach its database.
#[utoipa::path(get, path = "/readyz", tag = "operations", security(()),
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.ctx.pool.ping().await {
        Ok(()) => axum::Json(Health { status: "ready" }).into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(Health {
                    status: "unavailable",
                }),
            )
                .into_response()
        }
    }
}

/// Prometheus metrics, for a scraper holding the configured metrics token. They span
/// every company of the installation, so no tenant's session opens them.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format"), (status = 401)))]
pub async fn metrics(state: State<AppState>, headers: HeaderMap) -> Response {
    let presented = bearer_or_cookie_token(&headers).map(|t| app::credentials::token_digest(&t));
    let expected = state
        .web
        .metrics_token
        .as_deref()
        .map(app::credentials::token_digest);
    match (presented, expected) {
        (Some(presented), Some(expected)) if presented == expected => {
            crate::metrics::render(state).await.into_response()
        }
        _ => ApiError::App(app::AppError::Unauthorized).into_response(),
    }
}

static OPENAPI_JSON: LazyLock<String> = LazyLock::new(|| {
    crate::router::openapi()
        .to_pretty_json()
        .unwrap_or_default()
});

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        OPENAPI_JSON.as_str(),
    )
        .into_response()
}

/// `GET /api/docs`: Swagger UI, served from the binary's own assets.
pub async fn docs_page() -> Html<String> {
    let v = crate::assets::VERSION;
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css?v={v}">
</head><body><div id="swagger"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js?v={v}"></script>
<script src="/static/docs.js?v={v}"></script>
</body></html>"#
    ))
}
