//! Live monitoring: agents' states, the agent and queue boards, and the stream of
//! their changes as server-sent events.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use app::live::{LiveAgent, LiveQueue, Update, Viewer};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName};
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::{DateTime, Utc};
use domain::interactions::AgentState;
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, CurrentActor, bearer_or_cookie_token};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct LiveAgentView {
    pub agent_id: String,
    pub name: String,
    pub state: String,
    /// Why the agent paused: the configured reason's name, or the text given; empty
    /// otherwise.
    pub pause_reason: String,
    /// The configured reason of the pause, if it has one.
    pub pause_reason_id: Option<String>,
    /// The reason's maximum in minutes, if it sets one.
    pub max_minutes: Option<i64>,
    /// Paused longer than the reason's maximum (as of the answer).
    pub over_max: bool,
    pub since: DateTime<Utc>,
    pub group_ids: Vec<String>,
}

impl From<LiveAgent> for LiveAgentView {
    fn from(agent: LiveAgent) -> Self {
        let over_max = agent.over_max(domain::clock::now());
        Self {
            agent_id: agent.row.agent_id,
            name: agent.row.name,
            state: agent.row.state,
            pause_reason: agent.row.pause_reason,
            pause_reason_id: agent.row.pause_reason_id,
            max_minutes: agent.row.max_minutes,
            over_max,
            since: agent.row.since,
            group_ids: agent.group_ids,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LiveQueueView {
    pub queue_id: String,
    pub name: String,
    /// Calls and chats waiting now.
    pub waiting: i64,
    pub longest_wait_seconds: i64,
    /// Today (in the caller's time zone).
    pub answered: i64,
    pub abandoned: i64,
    /// Percentage of today's offered calls answered within `service_level_seconds`;
    /// `null` before any was offered.
    pub service_level: Option<f64>,
    pub service_level_seconds: i64,
}

impl From<LiveQueue> for LiveQueueView {
    fn from(q: LiveQueue) -> Self {
        Self {
            queue_id: q.queue_id,
            name: q.name,
            waiting: q.waiting,
            longest_wait_seconds: q.longest_wait_seconds,
            answered: q.answered,
            abandoned: q.abandoned,
            service_level: q.service_level,
            service_level_seconds: q.service_level_seconds,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StateBody {
    state: AgentState,
    /// For `paused`: one of the company's pause reasons (`GET /pause-reasons`);
    /// required when an agent pauses themself and the company configured any.
    pause_reason_id: Option<String>,
    /// For `paused` where the company configured no reasons: why, in words.
    #[serde(alias = "pause_reason")]
    reason: Option<String>,
}

/// Sets an agent's live state: one's own (`workspace.use`), or that of an agent the
/// caller sees (`live.manage`: supervisors, the telephony platform). `me` stands for
/// the caller.
#[utoipa::path(put, path = "/agents/{id}/state", tag = "live", params(("id" = String, Path)),
    request_body = StateBody,
    responses((status = 200, body = LiveAgentView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_state(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StateBody>,
) -> ApiResult<Json<LiveAgentView>> {
    let id = if id == "me" {
        actor.user_id.clone()
    } else {
        id
    };
    let new = app::live::NewState {
        state: body.state,
        pause_reason_id: body.pause_reason_id.as_deref(),
        reason: body.reason.as_deref(),
    };
    let agent = app::live::set_state(&state.ctx, &actor, &id, new).await?;
    Ok(Json(agent.into()))
}

/// The live agent board: agents the caller sees (a supervisor, those of their groups).
#[utoipa::path(get, path = "/live/agents", tag = "live",
    responses((status = 200, body = Items<LiveAgentView>), (status = 403)))]
pub async fn agents(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Items<LiveAgentView>>> {
    let items = app::live::agents(&state.ctx, &actor).await?;
    Ok(Json(Items {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// The live queue board: queues of the caller's projects (a supervisor, the queues
/// they supervise; own scope, none).
#[utoipa::path(get, path = "/live/queues", tag = "live",
    responses((status = 200, body = Items<LiveQueueView>), (status = 403)))]
pub async fn queues(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Items<LiveQueueView>>> {
    let items = app::live::queues(&state.ctx, &actor).await?;
    Ok(Json(Items {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// How often a stream checks that its viewer is still signed in and allowed.
const RECHECK: Duration = Duration::from_secs(30);

fn event(update: Update) -> Option<Event> {
    let (kind, data) = match update {
        Update::Agent(agent) => ("agent", serde_json::to_string(&LiveAgentView::from(agent))),
        Update::Queue(queue) => ("queue", serde_json::to_string(&LiveQueueView::from(queue))),
        Update::AgentGone(id) => (
            "agent_gone",
            serde_json::to_string(&serde_json::json!({ "agent_id": id })),
        ),
        Update::Reset => ("reset", Ok("{}".to_owned())),
        Update::Closed => ("closed", Ok("{}".to_owned())),
    };
    data.ok()
        .map(|data| Event::default().event(kind).data(data))
}

struct LiveStream {
    ctx: app::Context,
    viewer: Viewer,
    signals: tokio::sync::broadcast::Receiver<app::live::Event>,
    pending: VecDeque<Update>,
    recheck: tokio::time::Interval,
    closed: bool,
}

impl LiveStream {
    /// The next update to send, waiting for signals as long as it takes; `None` once
    /// the viewer may no longer watch.
    async fn next(&mut self) -> Option<Update> {
        loop {
            if let Some(update) = self.pending.pop_front() {
                if matches!(update, Update::Closed) {
                    self.closed = true;
                }
                return Some(update);
            }
            if self.closed {
                return None;
            }
            let updates = tokio::select! {
                signal = self.signals.recv() => match signal {
                    Ok(signal) => self.viewer.updates(&self.ctx, &signal).await,
                    // Fell behind: what was missed is unknown, so start over.
                    Err(RecvError::Lagged(_)) => {
                        self.viewer.updates(&self.ctx, &app::live::Event::new(app::live::Signal {
                            company_id: String::new(),
                            topic: app::live::Topic::Resync,
                        })).await
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = self.recheck.tick() => self.viewer.recheck(&self.ctx).await,
            };
            match updates {
                Ok(updates) => self.pending.extend(updates),
                Err(error) => {
                    tracing::warn!(%error, "live stream update failed");
                    return None;
                }
            }
        }
    }
}

/// Server-sent events of the boards: first every agent (`event: agent`) and queue
/// (`event: queue`) row the caller sees, then each row again as it changes. Every event
/// is read under the caller's visibility as it is at that moment: `agent_gone` when an
/// agent shown leaves their sight, `reset` (and the boards afresh) when their access
/// changed, `closed` and the end when they may no longer watch.
#[utoipa::path(get, path = "/live/stream", tag = "live",
    responses((status = 200, content_type = "text/event-stream", body = String), (status = 403)))]
pub async fn stream(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    headers: HeaderMap,
) -> ApiResult<(
    [(HeaderName, &'static str); 1],
    Sse<impl Stream<Item = Result<Event, Infallible>>>,
)> {
    let token =
        bearer_or_cookie_token(&headers).ok_or(ApiError::App(app::AppError::Unauthorized))?;
    // Subscribed before the snapshot is read, so no change falls between the two.
    let signals = state.ctx.live.subscribe();
    let mut viewer = Viewer::open(&state.ctx, token, actor).await?;
    let snapshot = viewer.snapshot(&state.ctx).await?;
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    recheck.reset();
    let stream = LiveStream {
        ctx: state.ctx.clone(),
        viewer,
        signals,
        pending: snapshot.into(),
        recheck,
        closed: false,
    };
    let events = futures_util::stream::unfold(stream, |mut stream| async move {
        loop {
            let update = stream.next().await?;
            if let Some(event) = event(update) {
                return Some((Ok(event), stream));
            }
        }
    });
    // Fused: the body may be polled again after the stream ended. A reverse proxy
    // (nginx) would otherwise hold events back to fill its buffer.
    let unbuffered = [(HeaderName::from_static("x-accel-buffering"), "no")];
    Ok((
        unbuffered,
        Sse::new(events.fuse()).keep_alive(KeepAlive::default()),
    ))
}
