//! The router: a public part (sign-up, sign-in, tokens, health, docs, static files) and
//! a protected part behind the session guard. A new route is protected unless someone
//! deliberately adds it to the public part.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::LatencyUnit;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::api::{self, ApiDoc};
use crate::error::ApiError;
use crate::extract::require_session;
use crate::state::AppState;
use crate::{assets, csrf, metrics, ui};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The OpenAPI document of every API route, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .nest(
            "/api/v1",
            api::public_routes().merge(api::protected_routes()),
        )
        .merge(api::operations_routes())
        .split_for_parts();
    doc
}

pub fn router(state: AppState) -> Router {
    let guard = from_fn_with_state(state.clone(), require_session);

    let (api, _) = OpenApiRouter::new()
        .nest(
            "/api/v1",
            api::public_routes().merge(api::protected_routes().route_layer(guard.clone())),
        )
        .merge(api::operations_routes())
        .split_for_parts();

    let pages = ui::public_pages()
        .into_router()
        .merge(ui::protected_pages().into_router().route_layer(guard))
        .layer(from_fn_with_state(state.clone(), csrf::ensure_token));

    Router::new()
        .merge(api)
        .merge(pages)
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/docs", get(api::docs_page))
        .route("/static/{*path}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(state.web.body_limit))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            })
            .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::RouteNotFound.into_response()
    } else {
        ui::not_found_page().await
    }
}

async fn method_not_allowed() -> Response {
    ApiError::MethodNotAllowed.into_response()
}
