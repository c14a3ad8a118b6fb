//! Calls and chats (interactions) and the live state of agents: the rules a recorded
//! interaction must satisfy and the figures worked out from its times.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    Call,
    Chat,
}

impl Medium {
    pub fn key(self) -> &'static str {
        match self {
            Medium::Call => "call",
            Medium::Chat => "chat",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

/// An agent's live state, as the boards show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgentState {
    Available,
    OnCall,
    AfterCallWork,
    Paused,
    Offline,
}

impl AgentState {
    pub const ALL: [AgentState; 5] = [
        AgentState::Available,
        AgentState::OnCall,
        AgentState::AfterCallWork,
        AgentState::Paused,
        AgentState::Offline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AgentState::Available => "available",
            AgentState::OnCall => "on_call",
            AgentState::AfterCallWork => "after_call_work",
            AgentState::Paused => "paused",
            AgentState::Offline => "offline",
        }
    }

    pub fn parse(key: &str) -> Option<AgentState> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// "On a call" and "After-call work" follow the telephony platform; an agent
    /// picks them by hand only where the company allows it.
    pub fn set_by_telephony(self) -> bool {
        matches!(self, AgentState::OnCall | AgentState::AfterCallWork)
    }
}

/// The longest pause reason, phone number, disposition and external id kept.
pub const MAX_SHORT_TEXT: usize = 64;
pub const MAX_URL: usize = 2048;

/// The times of an interaction: it starts, may be answered, and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Times {
    pub started_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
}

/// Whole seconds worked out from an interaction's times, stored so that reports add
/// them up in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Durations {
    /// Until answered, or until it ended unanswered (abandoned); unknown while waiting.
    pub wait_seconds: Option<i64>,
    /// From answer to end.
    pub talk_seconds: Option<i64>,
    /// From start to end.
    pub duration_seconds: Option<i64>,
}

impl Times {
    /// Reports `started_at`-ordering problems into `errors`.
    pub fn check(&self, errors: &mut FieldErrors) {
        if let Some(answered) = self.answered_at
            && answered < self.started_at
        {
            errors.add("answered_at", "before_start");
        }
        if let Some(ended) = self.ended_at {
            if ended < self.started_at {
                errors.add("ended_at", "before_start");
            } else if self.answered_at.is_some_and(|a| ended < a) {
                errors.add("ended_at", "before_answer");
            }
        }
    }

    pub fn durations(&self) -> Durations {
        let seconds = |from: Timestamp, to: Timestamp| (to - from).num_seconds().max(0);
        Durations {
            wait_seconds: match (self.answered_at, self.ended_at) {
                (Some(answered), _) => Some(seconds(self.started_at, answered)),
                (None, Some(ended)) => Some(seconds(self.started_at, ended)),
                (None, None) => None,
            },
            talk_seconds: self
                .answered_at
                .zip(self.ended_at)
                .map(|(answered, ended)| seconds(answered, ended)),
            duration_seconds: self.ended_at.map(|ended| seconds(self.started_at, ended)),
        }
    }
}

/// Checks a short free text (a number, a disposition, an external id): trimmed, at most
/// [`MAX_SHORT_TEXT`] characters.
pub fn short_text(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.chars().count() > MAX_SHORT_TEXT {
        errors.add(field, "too_long");
    }
    value.to_owned()
}

/// A recording link must be an absolute http(s) URL; empty means none.
pub fn recording_url(value: &str, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    let scheme_ok = value.starts_with("https://") || value.starts_with("http://");
    if !value.is_empty()
        && (!scheme_ok || value.len() > MAX_URL || value.contains(char::is_whitespace))
    {
        errors.add("recording_url", "invalid");
    }
    value.to_owned()
}

/// Service level: the share of calls offered to a queue that were answered within its
/// threshold, as a percentage with one decimal; `None` when none were offered.
pub fn service_level(answered_in_time: i64, offered: i64) -> Option<f64> {
    (offered > 0).then(|| (answered_in_time as f64 * 1000.0 / offered as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn at(seconds: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn durations_of_answered_abandoned_and_waiting_interactions() {
        let answered = Times {
            started_at: at(0),
            answered_at: Some(at(12)),
            ended_at: Some(at(192)),
        };
        assert_eq!(
            answered.durations(),
            Durations {
                wait_seconds: Some(12),
                talk_seconds: Some(180),
                duration_seconds: Some(192)
            }
        );
        let abandoned = Times {
            started_at: at(0),
            answered_at: None,
            ended_at: Some(at(40)),
        };
        assert_eq!(
            abandoned.durations(),
            Durations {
                wait_seconds: Some(40),
                talk_seconds: None,
                duration_seconds: Some(40)
            }
        );
        let waiting = Times {
            started_at: at(0),
            ..Times::default()
        };
        assert_eq!(waiting.durations(), Durations::default());
    }

    #[test]
    fn times_out_of_order_are_refused() {
        let mut errors = FieldErrors::new();
        Times {
            started_at: at(10),
            answered_at: Some(at(5)),
            ended_at: Some(at(20)),
        }
        .check(&mut errors);
        Times {
            started_at: at(0),
            answered_at: Some(at(30)),
            ended_at: Some(at(20)),
        }
        .check(&mut errors);
        assert_eq!(errors.0["answered_at"], "before_start");
        assert_eq!(errors.0["ended_at"], "before_answer");
    }

    #[test]
    fn service_level_is_a_percentage_of_offered_calls() {
        assert_eq!(service_level(2, 3), Some(66.7));
        assert_eq!(service_level(0, 0), None);
        assert_eq!(service_level(5, 5), Some(100.0));
    }

    #[test]
    fn recording_links_must_be_web_urls() {
        let mut errors = FieldErrors::new();
        assert_eq!(recording_url(" ", &mut errors), "");
        recording_url("https://rec.example.com/a.mp3", &mut errors);
        assert!(errors.is_empty());
        recording_url("javascript:alert(1)", &mut errors);
        assert_eq!(errors.0["recording_url"], "invalid");
    }
}
