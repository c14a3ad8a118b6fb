//! Dialer campaigns: outbound calling through a queue, on a schedule, skipping the
//! numbers of their do-not-call lists.

use serde::{Deserialize, Serialize};

use super::{
    ObjectKind, Reference, Spec, Target, check_ids, check_name, check_phone, optional_ref, refs,
};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DialMode {
    /// The agent sees the record and starts the call.
    #[default]
    Preview,
    /// One call per available agent.
    Progressive,
    /// Several calls per agent, paced by the answer rate.
    Predictive,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    #[default]
    Draft,
    Active,
    Paused,
    Finished,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RetryRules {
    /// Calls to one number before giving up, 1..=20.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u8,
    /// Wait between unanswered attempts, 1..=10080 minutes.
    #[serde(default = "default_retry_after")]
    pub retry_after_minutes: u32,
}

impl Default for RetryRules {
    fn default() -> Self {
        Self {
            max_attempts: default_max_attempts(),
            retry_after_minutes: default_retry_after(),
        }
    }
}

fn default_max_attempts() -> u8 {
    3
}

fn default_retry_after() -> u32 {
    60
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DialerCampaign {
    pub name: String,
    /// The queue whose agents take the calls.
    pub queue_id: String,
    #[serde(default)]
    pub schedule_id: Option<String>,
    #[serde(default)]
    pub dial_mode: DialMode,
    /// Do-not-call lists (kind `dnc`); a linked list cannot be deleted.
    #[serde(default)]
    pub dnc_list_ids: Vec<String>,
    /// The form agents fill in on each call.
    #[serde(default)]
    pub crm_form_id: Option<String>,
    #[serde(default)]
    pub retry: RetryRules,
    #[serde(default)]
    pub status: CampaignStatus,
    #[serde(default)]
    pub caller_id: Option<String>,
}

impl Spec for DialerCampaign {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        self.queue_id = self.queue_id.trim().to_owned();
        if self.queue_id.is_empty() {
            errors.add("queue_id", "required");
        }
        check_ids(errors, "dnc_list_ids", &mut self.dnc_list_ids, 20);
        if !(1..=20).contains(&self.retry.max_attempts) {
            errors.add("retry.max_attempts", "out_of_range");
        }
        if !(1..=10_080).contains(&self.retry.retry_after_minutes) {
            errors.add("retry.retry_after_minutes", "out_of_range");
        }
        check_phone(errors, "caller_id", &mut self.caller_id);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        let mut all = vec![Reference {
            field: "queue_id",
            target: Target::Object(ObjectKind::Queues),
            id: self.queue_id.clone(),
        }];
        all.extend(optional_ref(
            "schedule_id",
            Target::Object(ObjectKind::Schedules),
            &self.schedule_id,
        ));
        all.extend(refs("dnc_list_ids", Target::DncList, &self.dnc_list_ids));
        all.extend(optional_ref(
            "crm_form_id",
            Target::Object(ObjectKind::CrmForms),
            &self.crm_form_id,
        ));
        all
    }
}
