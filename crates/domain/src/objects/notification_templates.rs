//! Notification templates: email and SMS messages with placeholders filled per case.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, check_name, check_text};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

/// The placeholders a template may use, written `{{name}}`.
pub const PLACEHOLDERS: &[&str] = &[
    "customer.name",
    "customer.document",
    "customer.phone",
    "customer.email",
    "case.id",
    "case.amount",
    "case.due_date",
    "case.status",
    "agent.name",
    "agent.extension",
    "company.name",
    "callback.at",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationTemplate {
    pub name: String,
    pub channel: Channel,
    /// Email only.
    #[serde(default)]
    pub subject: String,
    pub body: String,
}

/// The placeholders of `text` that are not in [`PLACEHOLDERS`], or `Err` when a `{{`
/// is never closed.
fn unknown_placeholders(text: &str) -> Result<Vec<String>, ()> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(())?;
        let name = after[..end].trim();
        if !PLACEHOLDERS.contains(&name) {
            unknown.push(name.to_owned());
        }
        rest = &after[end + 2..];
    }
    Ok(unknown)
}

fn check_placeholders(errors: &mut FieldErrors, field: &str, text: &str) {
    match unknown_placeholders(text) {
        Ok(unknown) if unknown.is_empty() => {}
        Ok(_) => errors.add(field, "unknown_placeholder"),
        Err(()) => errors.add(field, "unclosed_placeholder"),
    }
}

impl Spec for NotificationTemplate {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        check_text(errors, "subject", &mut self.subject, 200);
        let body_limit = match self.channel {
            Channel::Email => 50_000,
            // ten concatenated SMS segments
            Channel::Sms => 1_600,
        };
        check_text(errors, "body", &mut self.body, body_limit);
        if self.body.is_empty() {
            errors.add("body", "required");
        }
        match self.channel {
            Channel::Email if self.subject.is_empty() => errors.add("subject", "required"),
            Channel::Sms if !self.subject.is_empty() => errors.add("subject", "not_for_sms"),
            _ => {}
        }
        check_placeholders(errors, "subject", &self.subject);
        check_placeholders(errors, "body", &self.body);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::{ObjectKind, prepare};
    use serde_json::json;

    #[test]
    fn placeholders_come_from_the_list() {
        let ok = json!({"name": "Reminder", "channel": "sms",
            "body": "Hi {{ customer.name }}, {{case.amount}} is due {{case.due_date}}"});
        assert!(prepare(ObjectKind::NotificationTemplates, ok).is_ok());
        let errors = prepare(
            ObjectKind::NotificationTemplates,
            json!({"name": "Bad", "channel": "email", "body": "{{password}} {{case.id"}),
        )
        .unwrap_err();
        assert_eq!(errors.0["subject"], "required");
        assert_eq!(errors.0["body"], "unclosed_placeholder");
    }
}
