//! `/interactions`: the call and chat log, and its ingestion from the telephony
//! platform (idempotent on the platform's `external_id`).

use app::interactions::{NewInteraction, Progress, Recorded};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::Actor;
use domain::clock::Range;
use domain::interactions::{Direction, Medium};
use serde::{Deserialize, Serialize};
use store::interactions::{InteractionFilter, InteractionRow};
use utoipa::{IntoParams, ToSchema};

use crate::api::views::Page;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct InteractionView {
    pub id: String,
    pub version: i64,
    pub channel: String,
    pub direction: String,
    pub from: String,
    pub to: String,
    pub queue_id: Option<String>,
    pub campaign_id: Option<String>,
    pub agent_id: Option<String>,
    /// The case it was about, when an operator's contact attempt or the platform says.
    pub case_id: Option<String>,
    pub project_id: Option<String>,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Seconds from start to end, once it ended.
    pub duration: Option<i64>,
    /// Seconds until answered (or until it ended unanswered).
    pub wait_seconds: Option<i64>,
    /// Seconds from answer to end.
    pub talk_seconds: Option<i64>,
    pub disposition: String,
    /// Empty for callers without `recordings.listen`.
    pub recording_url: String,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<InteractionRow> for InteractionView {
    fn from(row: InteractionRow) -> Self {
        Self {
            id: row.id,
            version: row.version,
            channel: row.channel,
            direction: row.direction,
            from: row.from_number,
            to: row.to_number,
            queue_id: row.queue_id,
            campaign_id: row.campaign_id,
            agent_id: row.agent_id,
            case_id: row.case_id,
            project_id: row.project_id,
            started_at: row.started_at,
            answered_at: row.answered_at,
            ended_at: row.ended_at,
            duration: row.duration_seconds,
            wait_seconds: row.wait_seconds,
            talk_seconds: row.talk_seconds,
            disposition: row.disposition,
            recording_url: row.recording_url,
            external_id: row.external_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// Filters of the log; `from` and `to` bound the start, as RFC 3339 or as dates in the
/// caller's time zone (`to` a date includes that day).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InteractionQuery {
    project_id: Option<String>,
    /// A user id, or `me`.
    agent_id: Option<String>,
    queue_id: Option<String>,
    campaign_id: Option<String>,
    case_id: Option<String>,
    /// `call` or `chat`.
    channel: Option<String>,
    /// `inbound` or `outbound`.
    direction: Option<String>,
    disposition: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// Items per page: default 50, at most 500.
    limit: Option<i64>,
    /// The `next` of the previous page.
    cursor: Option<String>,
    /// Add `total`.
    count: Option<bool>,
}

/// Reads `from` / `to` bounds in the caller's time zone; 400 when one does not parse.
pub fn time_range(actor: &Actor, from: Option<&str>, to: Option<&str>) -> Result<Range, ApiError> {
    let read = |name: &str, value: Option<&str>, end: bool| {
        value
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                domain::clock::bound(v, &actor.timezone, end).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "{name} must be a date (YYYY-MM-DD) or an RFC 3339 time."
                    ))
                })
            })
            .transpose()
    };
    Ok(Range {
        from: read("from", from, false)?,
        to: read("to", to, true)?,
    })
}

impl InteractionQuery {
    fn filter(&self, actor: &Actor) -> Result<InteractionFilter, ApiError> {
        let range = time_range(actor, self.from.as_deref(), self.to.as_deref())?;
        Ok(InteractionFilter {
            project_id: self.project_id.clone(),
            agent_id: self.agent_id.as_deref().map(|a| match a {
                "me" => actor.user_id.clone(),
                id => id.to_owned(),
            }),
            queue_id: self.queue_id.clone(),
            campaign_id: self.campaign_id.clone(),
            case_id: self.case_id.clone(),
            group_id: None,
            channel: self.channel.clone(),
            direction: self.direction.clone(),
            disposition: self.disposition.clone(),
            from: range.from,
            to: range.to,
        })
    }
}

/// The call and chat log, newest first: with `calls.view_all` every call of the
/// caller's projects, else their scope's (the agents of their groups and their queues,
/// or their own).
#[utoipa::path(get, path = "/interactions", tag = "interactions", params(InteractionQuery),
    responses((status = 200, body = Page<InteractionView>), (status = 400), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<InteractionQuery>,
) -> ApiResult<Json<Page<InteractionView>>> {
    let page = app::interactions::list(
        &state.ctx,
        &actor,
        &query.filter(&actor)?,
        query.cursor.as_deref(),
        query.limit.unwrap_or(50),
        query.count.unwrap_or(false),
    )
    .await?;
    Ok(Json(Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next,
        total: page.total,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionBody {
    channel: Medium,
    direction: Direction,
    /// The calling number (or chat handle).
    #[serde(default)]
    from: String,
    /// The called number.
    #[serde(default)]
    to: String,
    queue_id: Option<String>,
    campaign_id: Option<String>,
    agent_id: Option<String>,
    case_id: Option<String>,
    started_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    disposition: String,
    #[serde(default)]
    recording_url: String,
    /// The platform's own id of the call: repeating it creates nothing new.
    external_id: Option<String>,
}

/// Records a call or chat (`calls.ingest`: the telephony platform's API token). Its
/// project is its campaign's, else its queue's. 201 with the new interaction; 200 with
/// the stored one when `external_id` was seen before.
#[utoipa::path(post, path = "/interactions", tag = "interactions", request_body = InteractionBody,
    responses((status = 201, body = InteractionView), (status = 200, body = InteractionView),
        (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<InteractionBody>,
) -> ApiResult<(StatusCode, Json<InteractionView>)> {
    let input = NewInteraction {
        channel: body.channel,
        direction: body.direction,
        from: body.from,
        to: body.to,
        queue_id: body.queue_id,
        campaign_id: body.campaign_id,
        agent_id: body.agent_id,
        case_id: body.case_id,
        started_at: domain::clock::exact(body.started_at),
        answered_at: body.answered_at.map(domain::clock::exact),
        ended_at: body.ended_at.map(domain::clock::exact),
        disposition: body.disposition,
        recording_url: body.recording_url,
        external_id: body.external_id,
    };
    Ok(
        match app::interactions::record(&state.ctx, &actor, input).await? {
            Recorded::Created(row) => (StatusCode::CREATED, Json(row.into())),
            Recorded::Existing(row) => (StatusCode::OK, Json(row.into())),
        },
    )
}

#[utoipa::path(get, path = "/interactions/{id}", tag = "interactions", params(("id" = String, Path)),
    responses((status = 200, body = InteractionView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<InteractionView>> {
    Ok(Json(
        app::interactions::get(&state.ctx, &actor, &id)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressBody {
    agent_id: Option<String>,
    case_id: Option<String>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    disposition: Option<String>,
    recording_url: Option<String>,
}

/// What happened since the interaction was recorded (`calls.ingest`): answered,
/// ended, its disposition or recording. Honours `If-Match`.
#[utoipa::path(patch, path = "/interactions/{id}", tag = "interactions", params(("id" = String, Path)),
    request_body = ProgressBody,
    responses((status = 200, body = InteractionView), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<ProgressBody>,
) -> ApiResult<Json<InteractionView>> {
    let progress = Progress {
        agent_id: body.agent_id,
        case_id: body.case_id,
        answered_at: body.answered_at.map(domain::clock::exact),
        ended_at: body.ended_at.map(domain::clock::exact),
        disposition: body.disposition,
        recording_url: body.recording_url,
    };
    Ok(Json(
        app::interactions::update(&state.ctx, &actor, &id, progress, version)
            .await?
            .into(),
    ))
}
