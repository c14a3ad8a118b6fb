//! Queues: where calls and chats wait for an agent.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, Target, check_ids, check_name, optional_ref, refs};
use crate::objects::ObjectKind;
use crate::validation::FieldErrors;

/// How a waiting contact picks its agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The available agent idle the longest.
    #[default]
    LongestIdle,
    RingAll,
    RoundRobin,
    FewestCalls,
    /// The available agent with the highest level in the queue's skills.
    SkillsBased,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub name: String,
    #[serde(default)]
    pub strategy: Strategy,
    /// Supervisors who manage this queue (their managed scope reaches it).
    #[serde(default)]
    pub supervisor_ids: Vec<String>,
    /// Opening hours; none means always open.
    #[serde(default)]
    pub schedule_id: Option<String>,
    #[serde(default)]
    pub skill_ids: Vec<String>,
    /// A contact answered within this many seconds counts toward the service level.
    #[serde(default = "default_service_level_seconds")]
    pub service_level_seconds: u32,
    /// The share of contacts (percent) to answer within `service_level_seconds`.
    #[serde(default = "default_service_level_target")]
    pub service_level_target: u8,
    /// Longest a contact waits before overflowing to voicemail or hang-up.
    #[serde(default = "default_max_wait_seconds")]
    pub max_wait_seconds: u32,
}

/// The usual 80/20 rule's 20 seconds.
pub const DEFAULT_SERVICE_LEVEL_SECONDS: u32 = 20;

fn default_service_level_seconds() -> u32 {
    DEFAULT_SERVICE_LEVEL_SECONDS
}

fn default_service_level_target() -> u8 {
    80
}

fn default_max_wait_seconds() -> u32 {
    600
}

impl Spec for Queue {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        check_ids(errors, "supervisor_ids", &mut self.supervisor_ids, 100);
        check_ids(errors, "skill_ids", &mut self.skill_ids, 50);
        if !(1..=3600).contains(&self.service_level_seconds) {
            errors.add("service_level_seconds", "out_of_range");
        }
        if !(1..=100).contains(&self.service_level_target) {
            errors.add("service_level_target", "out_of_range");
        }
        if self.max_wait_seconds > 86_400 {
            errors.add("max_wait_seconds", "out_of_range");
        }
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        let mut all = refs("supervisor_ids", Target::User, &self.supervisor_ids);
        all.extend(optional_ref(
            "schedule_id",
            Target::Object(ObjectKind::Schedules),
            &self.schedule_id,
        ));
        all.extend(refs("skill_ids", Target::Skill, &self.skill_ids));
        all
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::{ObjectKind, Target, prepare};
    use serde_json::json;

    #[test]
    fn defaults_and_references() {
        let queue = prepare(
            ObjectKind::Queues,
            json!({"name": " Sales ", "schedule_id": "s1", "skill_ids": ["k2", "k1", "k2"]}),
        )
        .unwrap();
        assert_eq!(queue.name, "Sales");
        assert_eq!(queue.data["strategy"], "longest_idle");
        assert_eq!(queue.data["service_level_seconds"], 20);
        assert_eq!(queue.data["skill_ids"], json!(["k1", "k2"]));
        assert_eq!(queue.references.len(), 3);
        assert_eq!(
            queue.references[0].target,
            Target::Object(ObjectKind::Schedules)
        );
    }

    #[test]
    fn bounds_are_checked() {
        let errors = prepare(
            ObjectKind::Queues,
            json!({"name": "", "service_level_seconds": 0, "service_level_target": 101}),
        )
        .unwrap_err();
        assert_eq!(errors.0.len(), 3);
    }
}
