//! `/kpi-targets`: what the company expects per metric, for the company, a group or an
//! operator; `/me/kpi`: the caller's day so far against the targets that apply to them.

use app::kpi::{Score, TargetInput};
use axum::Json;
use axum::extract::State;
use domain::kpi::{Metric, Target, TargetScope, Verdict};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    pub metric: Metric,
    pub scope: TargetScope,
    /// The group's or user's id; absent for the company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<String>,
    pub target: f64,
}

impl From<Target> for TargetView {
    fn from(t: Target) -> Self {
        Self {
            metric: t.metric,
            scope: t.scope,
            scope_id: (!t.scope_id.is_empty()).then_some(t.scope_id),
            target: t.target,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetsView {
    pub items: Vec<TargetView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetBody {
    /// `contacts_per_hour`, `service_level` (percent, company only),
    /// `average_handle_time` (seconds; lower is better) or `closes_per_day`.
    metric: String,
    /// `company`, `group` or `user`.
    scope: String,
    /// The group's or user's id (not for `company`).
    scope_id: Option<String>,
    target: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetsBody {
    items: Vec<TargetBody>,
}

/// The targets the caller sees (`dashboard.view` or `kpi.manage`): the company's, and
/// those of the groups and users within their scope.
#[utoipa::path(get, path = "/kpi-targets", tag = "kpi",
    responses((status = 200, body = TargetsView), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<TargetsView>> {
    let items = app::kpi::list(&state.ctx, &actor).await?;
    Ok(Json(TargetsView {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// Replaces the set (`kpi.manage`); 422 names the bad item (`items[2].metric`). The
/// most specific target applies to an operator: their own, else their groups' (the
/// most demanding of them), else the company's.
#[utoipa::path(put, path = "/kpi-targets", tag = "kpi", request_body = TargetsBody,
    responses((status = 200, body = TargetsView), (status = 403), (status = 422)))]
pub async fn replace(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<TargetsBody>,
) -> ApiResult<Json<TargetsView>> {
    let items: Vec<TargetInput> = body
        .items
        .into_iter()
        .map(|i| TargetInput {
            metric: i.metric,
            scope: i.scope,
            scope_id: i.scope_id,
            target: i.target,
        })
        .collect();
    let saved = app::kpi::replace(&state.ctx, &actor, &items).await?;
    Ok(Json(TargetsView {
        items: saved.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreView {
    pub metric: Metric,
    /// Today so far; null where there is nothing to measure yet (no call handled).
    pub actual: Option<f64>,
    /// The target that applies to the caller, if any.
    pub target: Option<f64>,
    /// `on_target` or `below`, when both are known.
    #[schema(value_type = Option<String>)]
    pub verdict: Option<Verdict>,
}

impl From<Score> for ScoreView {
    fn from(s: Score) -> Self {
        Self {
            metric: s.metric,
            actual: s.actual,
            target: s.target,
            verdict: s.verdict,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyKpiView {
    /// The caller's local day.
    pub day: String,
    pub attempts: i64,
    pub contacts: i64,
    pub closes: i64,
    pub calls: i64,
    pub talk_seconds: i64,
    pub items: Vec<ScoreView>,
}

/// The caller's own day so far against the targets that apply to them.
#[utoipa::path(get, path = "/me/kpi", tag = "kpi", responses((status = 200, body = MyKpiView)))]
pub async fn mine(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<MyKpiView>> {
    let mine = app::kpi::mine(&state.ctx, &actor).await?;
    Ok(Json(MyKpiView {
        day: mine.day,
        attempts: mine.work.attempts,
        contacts: mine.work.contacts,
        closes: mine.work.closes,
        calls: mine.work.calls,
        talk_seconds: mine.work.talk_seconds,
        items: mine.scores.into_iter().map(Into::into).collect(),
    }))
}
