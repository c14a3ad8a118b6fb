//! `/live`: the live agent and queue boards, rendered as they are now and kept current
//! by `assets/live.js` from the event stream; and `POST /my-state`, where an agent sets
//! their own state from the workspace.

use std::collections::BTreeMap;

use app::AppError;
use app::live::{LiveAgent, LiveQueue};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::interactions::AgentState;
use domain::{Actor, Permission};
use serde::Serialize;

use super::cases::my_cases::{self as cases_work, MyCasesQuery};
use super::common::{self, Fields};
use super::layout::Page;
use super::my_state::{self as my_state, Place, Posted, StateForm, state_label};
use super::page_routes::Pages;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected()
        .get("/live", board)
        .post("/my-state", set_my_state)
}

/// The most groups whose names the board reads; members of others show without them.
const GROUPS_READ: i64 = 500;

/// The badge colour of each state (classes of `app.css`).
fn badge(state: AgentState) -> &'static str {
    match state {
        AgentState::Available => "badge badge-ok",
        AgentState::OnCall => "badge",
        AgentState::AfterCallWork | AgentState::Paused => "badge badge-wait",
        AgentState::Offline => "badge badge-off",
    }
}

/// Seconds as a stopwatch shows them (`4:05`, `1:02:03`); `live.js` writes the same.
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A whole percentage as `Intl.NumberFormat` writes it in each language, so the
/// server's text and the script's agree (`93%`, `93 %`, `%93`).
fn percent(lang: &str, value: f64) -> String {
    let n = value.round();
    match lang {
        "es" => format!("{n}\u{a0}%"),
        "tr" => format!("%{n}"),
        _ => format!("{n}%"),
    }
}

fn timezone(actor: &Actor) -> chrono_tz::Tz {
    actor.timezone.parse().unwrap_or(chrono_tz::UTC)
}

pub struct AgentLine {
    id: String,
    name: String,
    state: &'static str,
    label: String,
    badge: &'static str,
    reason: String,
    /// Paused longer than the reason's maximum.
    over_max: bool,
    /// The reason's maximum, for `live.js` to mark the row when the pause outlasts it.
    max_seconds: Option<i64>,
    since: String,
    /// The start, hours and minutes in the viewer's time zone.
    since_time: String,
    since_full: String,
    elapsed: String,
    groups: String,
}

pub struct QueueLine {
    id: String,
    name: String,
    waiting: i64,
    longest: String,
    /// When the longest-waiting call arrived, in milliseconds of the server's clock.
    oldest_ms: i64,
    answered: i64,
    abandoned: i64,
    service_level: Option<String>,
    threshold: String,
}

/// What `live.js` needs to write rows as the server does, per state.
#[derive(Serialize)]
struct StateLook {
    label: String,
    badge: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "live.html")]
pub struct LivePage {
    page: Page,
    title: String,
    agents: Vec<AgentLine>,
    queues: Vec<QueueLine>,
    /// JSON: state key → label and badge.
    states: String,
    /// JSON: group id → name, for the groups the viewer sees.
    groups: String,
    now_ms: i64,
    timezone: &'static str,
    since: (String, String),
    within: (String, String),
    /// The badge of a pause longer than its reason allows.
    over_max: String,
}

fn agent_line(
    page: &Page,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    groups: &BTreeMap<String, String>,
    agent: LiveAgent,
) -> AgentLine {
    let over_max = agent.over_max(now);
    let row = agent.row;
    let state = AgentState::parse(&row.state).unwrap_or(AgentState::Offline);
    let names: Vec<&str> = agent
        .group_ids
        .iter()
        .filter_map(|id| groups.get(id).map(String::as_str))
        .collect();
    AgentLine {
        id: row.agent_id,
        name: row.name,
        state: state.key(),
        label: state_label(page, state),
        badge: badge(state),
        reason: row.pause_reason,
        over_max,
        max_seconds: row
            .max_minutes
            .filter(|_| state == AgentState::Paused)
            .map(|m| m * 60),
        since: row.since.to_rfc3339(),
        since_time: row.since.with_timezone(&tz).format("%H:%M").to_string(),
        since_full: page.time(row.since),
        elapsed: clock((now - row.since).num_seconds()),
        groups: names.join(", "),
    }
}

fn queue_line(
    page: &Page,
    now: DateTime<Utc>,
    (before, after): &(String, String),
    queue: LiveQueue,
) -> QueueLine {
    QueueLine {
        id: queue.queue_id,
        name: queue.name,
        waiting: queue.waiting,
        longest: clock(queue.longest_wait_seconds),
        oldest_ms: now.timestamp_millis() - queue.longest_wait_seconds * 1000,
        answered: queue.answered,
        abandoned: queue.abandoned,
        service_level: queue.service_level.map(|v| percent(page.lang, v)),
        threshold: format!("{before}{}{after}", queue.service_level_seconds),
    }
}

/// Maps of strings always serialize; should one not, the script falls back to keys.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}

/// `GET /live`: both boards as the viewer sees them now.
pub async fn board(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
) -> Response {
    match read_boards(&state, &actor).await {
        Ok(boards) => board_page(page, &actor, boards).into_response(),
        Err(error) => common::fail(page, error),
    }
}

/// The boards' rows, and the names of the groups the viewer sees (a member's other
/// groups stay unnamed).
struct Boards {
    agents: Vec<LiveAgent>,
    queues: Vec<LiveQueue>,
    groups: BTreeMap<String, String>,
}

async fn read_boards(state: &AppState, actor: &Actor) -> Result<Boards, AppError> {
    let agents = app::live::agents(&state.ctx, actor).await?;
    let queues = app::live::queues(&state.ctx, actor).await?;
    let groups =
        common::optional(app::groups::list(&state.ctx, actor, None, GROUPS_READ, false).await)?
            .map(|found| {
                found
                    .items
                    .into_iter()
                    .map(|g| (g.row.id, g.row.name))
                    .collect()
            })
            .unwrap_or_default();
    Ok(Boards {
        agents,
        queues,
        groups,
    })
}

fn board_page(page: Page, actor: &Actor, boards: Boards) -> LivePage {
    let now = domain::clock::now();
    let tz = timezone(actor);
    let within = page.t_around("live-sl-within");
    let states: BTreeMap<&str, StateLook> = AgentState::ALL
        .into_iter()
        .map(|s| {
            let look = StateLook {
                label: state_label(&page, s),
                badge: badge(s),
            };
            (s.key(), look)
        })
        .collect();
    LivePage {
        title: page.t("nav-live"),
        agents: boards
            .agents
            .into_iter()
            .map(|a| agent_line(&page, tz, now, &boards.groups, a))
            .collect(),
        queues: boards
            .queues
            .into_iter()
            .map(|q| queue_line(&page, now, &within, q))
            .collect(),
        states: json(&states),
        groups: json(&boards.groups),
        now_ms: now.timestamp_millis(),
        timezone: tz.name(),
        since: page.t_around("live-since"),
        within,
        over_max: page.t("live-over-max"),
        page,
    }
}

// ---- the workspace's "My state" form ----

/// The form for `actor`, or `None` when they may not set their own state; `set` is the
/// state key the redirect after the form's last use carries.
pub async fn state_form(
    state: &AppState,
    page: &Page,
    actor: &Actor,
    set: Option<&str>,
) -> Result<Option<StateForm>, AppError> {
    if !(actor.can(Permission::WORKSPACE_USE) || actor.can(Permission::LIVE_MANAGE)) {
        return Ok(None);
    }
    let mine = app::live::my_state(&state.ctx, actor).await?;
    Ok(Some(StateForm::build(page, Place::Workspace, &mine, set)))
}

/// `POST /my-state`: the signed-in agent's own state, then back to the workspace.
pub async fn set_my_state(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let reason = fields.text("reason");
    let problem = match my_state::post(&state, &actor, &page, &fields, "/my-cases").await {
        Posted::Set(done) => return done,
        Posted::Refused(problem) => problem,
        Posted::Failed(error) => return common::fail(page, error),
    };
    if problem.status == StatusCode::FORBIDDEN {
        return common::forbidden(page);
    }
    let form = match state_form(&state, &page, &actor, None).await {
        Ok(Some(form)) => form.refused(&problem, reason),
        Ok(None) => return common::forbidden(page),
        Err(error) => return common::fail(page, error),
    };
    cases_work::render_my_cases(
        &state,
        &actor,
        page,
        MyCasesQuery::default(),
        Some(form),
        problem.status,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwatch_and_percent_texts() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(clock(-5), "0:00", "a clock ahead of the server's reads 0");
        assert_eq!(percent("en", 92.6), "93%");
        assert_eq!(percent("es", 80.0), "80\u{a0}%");
        assert_eq!(percent("tr", 100.0), "%100");
    }
}
