//! The agent's own "My state" form, one builder for the two places it shows: their
//! home (`POST /home/state`) and their workspace (`POST /my-state`).

use app::live::MyState;
use domain::Actor;
use domain::interactions::{AgentState, MAX_SHORT_TEXT};

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::common::{self, Fields, Problem};
use super::layout::Page;
use crate::state::AppState;

/// Where the form sits: the address it posts to and the prefix of its element ids.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    Home,
    Workspace,
}

impl Place {
    fn action(self) -> &'static str {
        match self {
            Place::Home => "/home/state",
            Place::Workspace => "/my-state",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Place::Home => "home-state",
            Place::Workspace => "my-state",
        }
    }
}

/// A state the agent picks with one button.
pub struct StateButton {
    pub value: &'static str,
    pub label: String,
    /// The state in force.
    pub pressed: bool,
    /// Set by the telephony platform: shown, not pressable.
    pub disabled: bool,
}

/// The states with a button of their own; a pause has its own form, with a reason.
const DIRECT: [AgentState; 4] = [
    AgentState::Available,
    AgentState::OnCall,
    AgentState::AfterCallWork,
    AgentState::Offline,
];

/// A configured pause reason, one button each.
pub struct ReasonButton {
    pub id: String,
    pub label: String,
    /// "at most 30 min", when the reason sets a maximum.
    pub max: Option<String>,
    /// The pause in force has this reason.
    pub pressed: bool,
}

/// The form as `my_state.html` renders it.
pub struct StateForm {
    pub action: &'static str,
    pub prefix: &'static str,
    /// "Your state: … since …", once the agent has one.
    pub current: Option<String>,
    pub buttons: Vec<StateButton>,
    pub paused: bool,
    /// The company's pause reasons; none means the pause says why in free text.
    pub reasons: Vec<ReasonButton>,
    /// Why "On a call" and "After-call work" cannot be pressed, when they cannot.
    pub telephony_hint: Option<String>,
    /// The reason typed, kept after a refusal.
    pub reason: String,
    pub reason_max: usize,
    pub reason_error: Option<String>,
    pub notice: Option<String>,
    pub alert: Option<String>,
}

/// What became of a posted My-state form.
pub enum Posted {
    /// Set: the browser goes back to the page the form was on.
    Set(Response),
    /// Refused: the page shows the form again with why.
    Refused(Problem),
    /// Something went wrong beyond the form.
    Failed(AppError),
}

/// Sets the signed-in agent's own state from a My-state form (`state`, and a pause's
/// `pause_reason_id` or free-text `reason`); on success back to `back`, which learns
/// the state set.
pub async fn post(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    fields: &Fields,
    back: &str,
) -> Posted {
    let reason = fields.text("reason");
    let Some(chosen) = fields.get("state").and_then(AgentState::parse) else {
        return Posted::Refused(Problem::alert(
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("problem-invalid"),
        ));
    };
    let new = app::live::NewState {
        state: chosen,
        pause_reason_id: fields.get("pause_reason_id"),
        reason: Some(&reason),
    };
    match app::live::set_state(&state.ctx, actor, &actor.user_id, new).await {
        Ok(agent) => {
            let back = common::with_query(back, &[("state", &agent.row.state)]);
            Posted::Set(Redirect::to(&back).into_response())
        }
        Err(error) => match common::explain(page, error) {
            Ok(problem) => Posted::Refused(problem),
            Err(other) => Posted::Failed(other),
        },
    }
}

pub fn state_label(page: &Page, state: AgentState) -> String {
    page.t(&format!("live-state-{}", state.key().replace('_', "-")))
}

impl StateForm {
    /// The form for `mine` at `place`; `set` is the state key the redirect after the
    /// form's last use carries.
    pub fn build(page: &Page, place: Place, mine: &MyState, set: Option<&str>) -> StateForm {
        let in_force = mine
            .agent
            .as_ref()
            .and_then(|a| AgentState::parse(&a.row.state));
        let current = mine.agent.as_ref().zip(in_force).map(|(agent, s)| {
            let mut label = state_label(page, s);
            if !agent.row.pause_reason.is_empty() {
                label = format!("{label} ({})", agent.row.pause_reason);
            }
            let (before, after) = page.t_around("live-my-state-current");
            format!("{before}{label}{after} {}", page.time(agent.row.since))
        });
        let notice = set.and_then(AgentState::parse).map(|s| {
            let (before, after) = page.t_around("live-my-state-set");
            format!("{before}{}{after}", state_label(page, s))
        });
        StateForm {
            action: place.action(),
            prefix: place.prefix(),
            current,
            buttons: DIRECT
                .into_iter()
                .map(|s| StateButton {
                    value: s.key(),
                    label: state_label(page, s),
                    pressed: in_force == Some(s),
                    disabled: s.set_by_telephony() && !mine.call_states_by_hand,
                })
                .collect(),
            paused: in_force == Some(AgentState::Paused),
            reasons: mine
                .reasons
                .iter()
                .map(|r| ReasonButton {
                    pressed: in_force == Some(AgentState::Paused)
                        && mine
                            .agent
                            .as_ref()
                            .and_then(|a| a.row.pause_reason_id.as_ref())
                            == Some(&r.id),
                    id: r.id.clone(),
                    label: r.name.clone(),
                    max: r.max_minutes.map(|m| {
                        let (before, after) = page.t_around("pause-reasons-at-most");
                        format!("{before}{m}{after}")
                    }),
                })
                .collect(),
            telephony_hint: (!mine.call_states_by_hand)
                .then(|| page.t("home-state-telephony-hint")),
            reason: String::new(),
            reason_max: MAX_SHORT_TEXT,
            reason_error: None,
            notice,
            alert: None,
        }
    }

    /// The form again after `problem` refused what was sent, with the reason typed.
    pub fn refused(mut self, problem: &Problem, reason: String) -> StateForm {
        self.reason_error = problem.errors.get("reason").cloned();
        // A refusal of the state itself says why; a bad reason shows beside its field.
        self.alert = problem
            .errors
            .iter()
            .find(|(field, _)| *field != "reason")
            .map(|(_, message)| message.clone())
            .or_else(|| problem.alert.clone());
        self.reason = reason;
        self
    }
}
