//! The contact center's configuration objects (queues, schedules, SIP providers, call
//! scripts, dialer campaigns, lists, notification templates, CRM forms, IP phones,
//! tags): their kinds, fields, validation and the references they hold to one another.
//!
//! Every kind is a typed struct; storage keeps the validated struct as JSON and the
//! references separately so "what uses this?" is a query.

mod call_scripts;
mod crm_forms;
mod dialer_campaigns;
mod ip_phones;
mod lists;
mod notification_templates;
pub mod phone;
mod queues;
mod schedules;
mod sip_providers;
mod tags;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::permissions::Permission as P;
use crate::validation::FieldErrors;

pub use call_scripts::{CallScript, Step, StepKind, StepOption};
pub use crm_forms::{CrmForm, FormField, FormFieldType};
pub use dialer_campaigns::{CampaignStatus, DialMode, DialerCampaign, RetryRules};
pub use ip_phones::IpPhone;
pub use lists::{List, ListKind};
pub use notification_templates::{Channel, NotificationTemplate, PLACEHOLDERS};
pub use queues::{DEFAULT_SERVICE_LEVEL_SECONDS, Queue, Strategy};
pub use schedules::{Holiday, Schedule, Weekday, Window};
pub use sip_providers::{SipProvider, Transport};
pub use tags::Tag;

/// A kind of configuration object, named in URLs as `key()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    Queues,
    Schedules,
    SipProviders,
    CallScripts,
    DialerCampaigns,
    Lists,
    NotificationTemplates,
    CrmForms,
    IpPhones,
    Tags,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 10] = [
        ObjectKind::Queues,
        ObjectKind::Schedules,
        ObjectKind::SipProviders,
        ObjectKind::CallScripts,
        ObjectKind::DialerCampaigns,
        ObjectKind::Lists,
        ObjectKind::NotificationTemplates,
        ObjectKind::CrmForms,
        ObjectKind::IpPhones,
        ObjectKind::Tags,
    ];

    /// The URL segment and the `kind` of project objects.
    pub fn key(self) -> &'static str {
        match self {
            ObjectKind::Queues => "queues",
            ObjectKind::Schedules => "schedules",
            ObjectKind::SipProviders => "sip-providers",
            ObjectKind::CallScripts => "call-scripts",
            ObjectKind::DialerCampaigns => "dialer-campaigns",
            ObjectKind::Lists => "lists",
            ObjectKind::NotificationTemplates => "notification-templates",
            ObjectKind::CrmForms => "crm-forms",
            ObjectKind::IpPhones => "ip-phones",
            ObjectKind::Tags => "tags",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The singular name audit entries use, like `group` and `user`.
    pub fn audit_kind(self) -> &'static str {
        match self {
            ObjectKind::Queues => "queue",
            ObjectKind::Schedules => "schedule",
            ObjectKind::SipProviders => "sip_provider",
            ObjectKind::CallScripts => "call_script",
            ObjectKind::DialerCampaigns => "dialer_campaign",
            ObjectKind::Lists => "list",
            ObjectKind::NotificationTemplates => "notification_template",
            ObjectKind::CrmForms => "crm_form",
            ObjectKind::IpPhones => "ip_phone",
            ObjectKind::Tags => "tag",
        }
    }

    pub fn view_permission(self) -> P {
        match self {
            ObjectKind::Queues => P::QUEUES_VIEW,
            ObjectKind::Schedules => P::SCHEDULES_VIEW,
            ObjectKind::SipProviders => P::SIP_PROVIDERS_VIEW,
            ObjectKind::CallScripts => P::CALL_SCRIPTS_VIEW,
            ObjectKind::DialerCampaigns => P::DIALER_CAMPAIGNS_VIEW,
            ObjectKind::Lists => P::LISTS_VIEW,
            ObjectKind::NotificationTemplates => P::NOTIFICATION_TEMPLATES_VIEW,
            ObjectKind::CrmForms => P::CRM_FORMS_VIEW,
            ObjectKind::IpPhones => P::IP_PHONES_VIEW,
            ObjectKind::Tags => P::TAGS_VIEW,
        }
    }

    pub fn manage_permission(self) -> P {
        match self {
            ObjectKind::Queues => P::QUEUES_MANAGE,
            ObjectKind::Schedules => P::SCHEDULES_MANAGE,
            ObjectKind::SipProviders => P::SIP_PROVIDERS_MANAGE,
            ObjectKind::CallScripts => P::CALL_SCRIPTS_MANAGE,
            ObjectKind::DialerCampaigns => P::DIALER_CAMPAIGNS_MANAGE,
            ObjectKind::Lists => P::LISTS_MANAGE,
            ObjectKind::NotificationTemplates => P::NOTIFICATION_TEMPLATES_MANAGE,
            ObjectKind::CrmForms => P::CRM_FORMS_MANAGE,
            ObjectKind::IpPhones => P::IP_PHONES_MANAGE,
            ObjectKind::Tags => P::TAGS_MANAGE,
        }
    }

    /// SPEC §3: queues, call scripts, dialer campaigns and CRM forms live in exactly
    /// one project; cases and calls take their project from them.
    pub fn single_project(self) -> bool {
        matches!(
            self,
            ObjectKind::Queues
                | ObjectKind::CallScripts
                | ObjectKind::DialerCampaigns
                | ObjectKind::CrmForms
        )
    }

    /// Tags are company-wide vocabulary, outside projects.
    pub fn project_bound(self) -> bool {
        self != ObjectKind::Tags
    }

    /// The field a duplicate is reported on.
    pub fn unique_field(self) -> &'static str {
        match self {
            ObjectKind::IpPhones => "mac",
            _ => "name",
        }
    }
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    User,
    Skill,
    Object(ObjectKind),
    /// A list whose kind is `dnc`.
    DncList,
}

impl Target {
    /// The object kind stored for the reference, if it is an object.
    pub fn object_kind(self) -> Option<ObjectKind> {
        match self {
            Target::Object(kind) => Some(kind),
            Target::DncList => Some(ObjectKind::Lists),
            Target::User | Target::Skill => None,
        }
    }
}

/// One id an object's fields hold, and the field that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub field: &'static str,
    pub target: Target,
    pub id: String,
}

fn refs(field: &'static str, target: Target, ids: &[String]) -> Vec<Reference> {
    ids.iter()
        .map(|id| Reference {
            field,
            target,
            id: id.clone(),
        })
        .collect()
}

fn optional_ref(field: &'static str, target: Target, id: &Option<String>) -> Vec<Reference> {
    refs(field, target, id.as_slice())
}

/// A validated object ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub name: String,
    /// Unique per company and kind (case-insensitive name; an IP phone's MAC).
    pub unique_key: String,
    pub data: Value,
    pub references: Vec<Reference>,
}

/// The rules every kind's struct follows.
trait Spec: Serialize + DeserializeOwned {
    /// Normalises fields in place and reports what is wrong.
    fn check(&mut self, errors: &mut FieldErrors);
    fn name(&self) -> String;
    fn unique_key(&self) -> String {
        self.name().to_lowercase()
    }
    fn references(&self) -> Vec<Reference>;
}

/// Parses and validates the full field set of an object of `kind`.
pub fn prepare(kind: ObjectKind, fields: Value) -> Result<Prepared, FieldErrors> {
    match kind {
        ObjectKind::Queues => prepare_as::<Queue>(fields),
        ObjectKind::Schedules => prepare_as::<Schedule>(fields),
        ObjectKind::SipProviders => prepare_as::<SipProvider>(fields),
        ObjectKind::CallScripts => prepare_as::<CallScript>(fields),
        ObjectKind::DialerCampaigns => prepare_as::<DialerCampaign>(fields),
        ObjectKind::Lists => prepare_as::<List>(fields),
        ObjectKind::NotificationTemplates => prepare_as::<NotificationTemplate>(fields),
        ObjectKind::CrmForms => prepare_as::<CrmForm>(fields),
        ObjectKind::IpPhones => prepare_as::<IpPhone>(fields),
        ObjectKind::Tags => prepare_as::<Tag>(fields),
    }
}

fn prepare_as<T: Spec>(fields: Value) -> Result<Prepared, FieldErrors> {
    let mut spec: T = serde_path_to_error::deserialize(fields).map_err(shape_error)?;
    let mut errors = FieldErrors::new();
    spec.check(&mut errors);
    errors.into_result()?;
    Ok(Prepared {
        name: spec.name(),
        unique_key: spec.unique_key(),
        references: spec.references(),
        data: serde_json::to_value(&spec).unwrap_or_default(),
    })
}

/// A body of the wrong shape, reported on the field that is wrong.
fn shape_error(error: serde_path_to_error::Error<serde_json::Error>) -> FieldErrors {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let prefix = if path == "." {
        String::new()
    } else {
        format!("{path}.")
    };
    if message.starts_with("missing field") {
        FieldErrors::single(&format!("{prefix}{quoted}"), "required")
    } else if message.starts_with("unknown field") {
        // the path already ends with the unknown key
        FieldErrors::single(path.trim_start_matches('.'), "unknown_field")
    } else {
        let field = if path == "." { "body" } else { path.as_str() };
        FieldErrors::single(field, message.split(" at line ").next().unwrap_or(&message))
    }
}

/// A partial update applied to stored fields: each key present replaces the stored one.
pub fn merge(stored: &Value, changes: Value) -> Value {
    let mut merged = stored.clone();
    if let (Some(target), Value::Object(changes)) = (merged.as_object_mut(), changes) {
        for (key, value) in changes {
            target.insert(key, value);
        }
    }
    merged
}

/// The fields as clients and the audit log see them: write-only secrets are replaced
/// by whether one is set.
pub fn public_fields(kind: ObjectKind, data: &Value) -> Value {
    let mut fields = data.clone();
    if kind == ObjectKind::SipProviders
        && let Some(map) = fields.as_object_mut()
    {
        let has_secret = map
            .remove("secret")
            .is_some_and(|secret| secret.as_str().is_some_and(|s| !s.is_empty()));
        map.insert("has_secret".into(), Value::Bool(has_secret));
    }
    fields
}

/// Trims a required name of 1..=120 characters, reporting `field` otherwise.
fn check_name(errors: &mut FieldErrors, field: &str, name: &mut String) {
    *name = name.trim().to_owned();
    if name.is_empty() {
        errors.add(field, "required");
    } else if name.chars().count() > 120 {
        errors.add(field, "too_long");
    }
}

/// Trims optional free text and bounds its length.
fn check_text(errors: &mut FieldErrors, field: &str, text: &mut String, max: usize) {
    *text = text.trim().to_owned();
    if text.chars().count() > max {
        errors.add(field, "too_long");
    }
}

/// Normalises an optional phone number in place, reporting one that does not parse.
fn check_phone(errors: &mut FieldErrors, field: &str, number: &mut Option<String>) {
    if let Some(raw) = number.as_deref() {
        match phone::normalize(raw) {
            Some(normalized) => *number = Some(normalized),
            None => errors.add(field, "invalid_phone"),
        }
    }
}

/// Sorts and de-duplicates a list of ids, bounding how many there may be.
fn check_ids(errors: &mut FieldErrors, field: &str, ids: &mut Vec<String>, max: usize) {
    ids.iter_mut().for_each(|id| *id = id.trim().to_owned());
    ids.sort();
    ids.dedup();
    if ids.iter().any(String::is_empty) {
        errors.add(field, "invalid");
    } else if ids.len() > max {
        errors.add(field, "too_many");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for kind in ObjectKind::ALL {
            assert_eq!(ObjectKind::parse(kind.key()), Some(kind));
            assert_eq!(
                kind.view_permission().section(),
                kind.manage_permission().section()
            );
        }
        assert_eq!(ObjectKind::parse("groups"), None);
    }

    #[test]
    fn wrong_shapes_name_the_field() {
        let errors = prepare(ObjectKind::Tags, json!({})).unwrap_err();
        assert_eq!(errors.0["name"], "required");
        let errors = prepare(ObjectKind::Tags, json!({"name": "x", "colour": 1})).unwrap_err();
        assert_eq!(errors.0["colour"], "unknown_field");
        let errors = prepare(
            ObjectKind::Queues,
            json!({"name": "x", "service_level_seconds": "a"}),
        )
        .unwrap_err();
        assert!(errors.0.contains_key("service_level_seconds"));
    }

    #[test]
    fn merge_replaces_only_the_keys_given() {
        let merged = merge(
            &json!({"name": "a", "color": "#000000"}),
            json!({"name": "b"}),
        );
        assert_eq!(merged, json!({"name": "b", "color": "#000000"}));
    }

    #[test]
    fn secrets_never_leave_public_fields() {
        let prepared = prepare(
            ObjectKind::SipProviders,
            json!({"name": "Trunk", "host": "sip.example.com", "secret": "s3cret"}),
        )
        .unwrap();
        let public = public_fields(ObjectKind::SipProviders, &prepared.data);
        assert!(public.get("secret").is_none());
        assert_eq!(public["has_secret"], true);
    }
}
