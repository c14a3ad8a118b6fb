//! `/audit`: the company's audit log and the verification of its hash chain.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use store::audit::{AuditFilter, EntryRow};
use utoipa::{IntoParams, ToSchema};

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiQuery, CurrentActor};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    id: String,
    at: DateTime<Utc>,
    actor_id: Option<String>,
    /// The API token the change came through, if any.
    api_token_id: Option<String>,
    /// The role the actor was testing, if any.
    role_test_id: Option<String>,
    action: String,
    object_kind: String,
    object_id: String,
    project_ids: Vec<String>,
    #[schema(value_type = Option<Object>)]
    before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    after: Option<serde_json::Value>,
    /// Position in the company's chain (absent on entries older than the chain).
    seq: Option<i64>,
    hash: Option<String>,
    /// The names of the ids `before` and `after` hold (`role_id`, `member_ids`…) that
    /// the reader may see.
    names: BTreeMap<String, String>,
}

impl AuditEntryView {
    fn of(entry: EntryRow, names: &HashMap<String, String>) -> Self {
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        Self {
            names: app::audit::mentioned_ids(&entry)
                .into_iter()
                .filter_map(|id| names.get(&id).map(|name| (id, name.clone())))
                .collect(),
            project_ids: serde_json::from_str(&entry.project_ids).unwrap_or_default(),
            before: json(entry.before),
            after: json(entry.after),
            id: entry.id,
            at: entry.at,
            actor_id: entry.actor_id,
            api_token_id: entry.api_token_id,
            role_test_id: entry.role_test_id,
            action: entry.action,
            object_kind: entry.object_kind,
            object_id: entry.object_id,
            seq: entry.seq,
            hash: entry.hash,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    actor_id: Option<String>,
    object_kind: Option<String>,
    object_id: Option<String>,
    /// Entries filed under this project.
    project_id: Option<String>,
    /// Entries at or after this time (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Entries before this time (RFC 3339).
    to: Option<DateTime<Utc>>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// The audit log of the company, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Page<AuditEntryView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> ApiResult<Json<Page<AuditEntryView>>> {
    let filter = AuditFilter {
        actor_id: params.actor_id,
        object_kind: params.object_kind,
        object_id: params.object_id,
        project_id: params.project_id,
        from: params.from,
        to: params.to,
    };
    let page = app::audit::list(
        &state.ctx,
        &actor,
        &filter,
        params.cursor.as_deref(),
        params.limit.unwrap_or(50),
    )
    .await?;
    let names = app::audit::names_mentioned(&state.ctx, &actor, &page.items).await?;
    Ok(Json(Page {
        items: page
            .items
            .into_iter()
            .map(|entry| AuditEntryView::of(entry, &names))
            .collect(),
        next: page.next,
        total: None,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct BrokenLink {
    seq: i64,
    id: String,
}

#[derive(Serialize, ToSchema)]
pub struct VerificationView {
    /// Every link holds.
    ok: bool,
    /// Chained entries checked.
    checked: i64,
    /// The first entry whose link does not hold.
    first_broken: Option<BrokenLink>,
    /// Entries older than the chain, which no link covers.
    unchained: i64,
}

/// Re-computes the company's audit chain and reports the first broken link.
#[utoipa::path(get, path = "/audit/verify", tag = "audit",
    responses((status = 200, body = VerificationView), (status = 403)))]
pub async fn verify(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<VerificationView>> {
    let result = app::audit::verify(&state.ctx, &actor).await?;
    Ok(Json(VerificationView {
        ok: result.first_broken.is_none(),
        checked: result.checked,
        first_broken: result.first_broken.map(|(seq, id)| BrokenLink { seq, id }),
        unchained: result.unchained,
    }))
}
