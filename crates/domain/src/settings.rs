//! Settings that cascade: the company's general settings, overridden by a group's,
//! overridden by the user's own.

use serde::{Deserialize, Serialize};

/// Each field unset means "inherit".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Agents may place outbound calls from the softphone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub softphone_outbound: Option<bool>,
    /// Agents may pick "On a call" and "After-call work" by hand; otherwise only the
    /// telephony platform (or a supervisor with `live.manage`) sets them. Company-wide:
    /// groups and users do not override it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_call_states: Option<bool>,
}

/// The settings in force: every field resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectiveSettings {
    pub softphone_outbound: bool,
    pub manual_call_states: bool,
}

impl Settings {
    /// Parses stored JSON, treating anything unreadable as "no overrides".
    pub fn from_json(text: &str) -> Settings {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// `self` with `over`'s set fields on top.
    pub fn overridden_by(&self, over: &Settings) -> Settings {
        Settings {
            softphone_outbound: over.softphone_outbound.or(self.softphone_outbound),
            manual_call_states: self.manual_call_states,
        }
    }

    /// Several groups may disagree: a permission any of them grants wins.
    pub fn merge_groups(groups: &[Settings]) -> Settings {
        let outbound = groups
            .iter()
            .filter_map(|g| g.softphone_outbound)
            .reduce(|a, b| a || b);
        Settings {
            softphone_outbound: outbound,
            manual_call_states: None,
        }
    }

    pub fn resolve(&self) -> EffectiveSettings {
        EffectiveSettings {
            softphone_outbound: self.softphone_outbound.unwrap_or(false),
            manual_call_states: self.manual_call_states.unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_beats_group_beats_company() {
        let company = Settings {
            softphone_outbound: Some(false),
            ..Settings::default()
        };
        let groups = Settings::merge_groups(&[
            Settings {
                softphone_outbound: Some(true),
                ..Settings::default()
            },
            Settings::default(),
        ]);
        let user = Settings::default();
        let effective = company
            .overridden_by(&groups)
            .overridden_by(&user)
            .resolve();
        assert!(effective.softphone_outbound);
        let user = Settings {
            softphone_outbound: Some(false),
            ..Settings::default()
        };
        assert!(
            !company
                .overridden_by(&groups)
                .overridden_by(&user)
                .resolve()
                .softphone_outbound
        );
        assert!(!Settings::default().resolve().softphone_outbound);
    }
}
