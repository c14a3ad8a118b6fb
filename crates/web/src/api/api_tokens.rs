//! `/api-tokens`: integration credentials carrying a role.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use store::api_tokens::ApiTokenRow;
use utoipa::ToSchema;

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct ApiTokenView {
    id: String,
    name: String,
    role_id: String,
    /// The user whose identity the token's requests carry.
    user_id: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    /// Only in the answer to `POST`: shown once, stored as a digest.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl From<ApiTokenRow> for ApiTokenView {
    fn from(row: ApiTokenRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            role_id: row.role_id,
            user_id: row.user_id,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            secret: None,
        }
    }
}

#[utoipa::path(get, path = "/api-tokens", tag = "api-tokens",
    responses((status = 200, body = Page<ApiTokenView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Page<ApiTokenView>>> {
    let rows = app::api_tokens::list(&state.ctx, &actor).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Into::into).collect(),
        next: None,
        total: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiTokenBody {
    name: String,
    role_id: String,
}

/// Creates a token; its `secret` is in this answer and nowhere else, ever.
#[utoipa::path(post, path = "/api-tokens", tag = "api-tokens", request_body = ApiTokenBody,
    responses((status = 201, body = ApiTokenView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<ApiTokenBody>,
) -> ApiResult<(StatusCode, Json<ApiTokenView>)> {
    let (row, secret) =
        app::api_tokens::create(&state.ctx, &actor, &body.name, &body.role_id).await?;
    let mut view = ApiTokenView::from(row);
    view.secret = Some(secret);
    Ok((StatusCode::CREATED, Json(view)))
}

/// Revokes a token at once.
#[utoipa::path(delete, path = "/api-tokens/{id}", tag = "api-tokens", params(("id" = String, Path)),
    responses((status = 204), (status = 404)))]
pub async fn revoke(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::api_tokens::revoke(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
