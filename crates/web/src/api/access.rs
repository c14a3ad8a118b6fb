//! `/access/explain` and `/access/who`: why someone sees an object, and who does.

use axum::Json;
use axum::extract::State;
use domain::access::Explanation;
use domain::objects::ObjectKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiResult;
use crate::extract::{ApiQuery, CurrentActor};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainParams {
    user_id: String,
    /// `users`, `groups`, or a configuration kind as in its URL: `queues`, `call-scripts`, …
    kind: String,
    id: String,
}

fn kind(key: &str) -> ApiResult<ObjectKind> {
    Ok(
        ObjectKind::parse(key)
            .ok_or_else(|| domain::FieldErrors::single("kind", "unknown_kind"))?,
    )
}

/// Whether the user sees the object, and why: account, role permission, data scope,
/// and project membership (direct or through which group).
#[utoipa::path(get, path = "/access/explain", tag = "projects", params(ExplainParams),
    responses((status = 200, body = Object), (status = 403), (status = 404)))]
pub async fn explain(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<ExplainParams>,
) -> ApiResult<Json<Explanation>> {
    let subject = app::explain::Target::parse(&params.kind)
        .ok_or_else(|| domain::FieldErrors::single("kind", "unknown_kind"))?;
    Ok(Json(
        app::explain::explain_any(&state.ctx, &actor, &params.user_id, subject, &params.id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhoParams {
    kind: String,
    id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ViewerView {
    pub user_id: String,
    pub name: String,
    /// One line: why this user sees it.
    pub reason: String,
    #[schema(value_type = Object)]
    pub explanation: Explanation,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WhoView {
    pub items: Vec<ViewerView>,
}

/// The active users (among those the caller sees) who see the object, with the reason.
#[utoipa::path(get, path = "/access/who", tag = "projects", params(WhoParams),
    responses((status = 200, body = WhoView), (status = 403), (status = 404)))]
pub async fn who(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<WhoParams>,
) -> ApiResult<Json<WhoView>> {
    let kind = kind(&params.kind)?;
    let viewers = app::explain::who(&state.ctx, &actor, kind, &params.id).await?;
    Ok(Json(WhoView {
        items: viewers
            .into_iter()
            .map(|v| ViewerView {
                reason: v
                    .explanation
                    .steps
                    .iter()
                    .find(|s| s.check == "projects")
                    .map(|s| s.detail.clone())
                    .unwrap_or_default(),
                user_id: v.user_id,
                name: v.name,
                explanation: v.explanation,
            })
            .collect(),
    }))
}
