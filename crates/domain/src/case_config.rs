//! How a company configures its cases: statuses (five built in), reasons, and custom
//! fields, with the fields a status requires before a case may enter it.

use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

/// A status every company has; it can be renamed and given required fields, never
/// deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinStatus {
    pub key: &'static str,
    pub name: &'static str,
    /// Whether a case in this status is still being worked (counts in open loads).
    pub open: bool,
}

pub const BUILTIN_STATUSES: [BuiltinStatus; 5] = [
    BuiltinStatus {
        key: "active",
        name: "Active",
        open: true,
    },
    BuiltinStatus {
        key: "suspended",
        name: "Suspended",
        open: true,
    },
    BuiltinStatus {
        key: "closed",
        name: "Closed",
        open: false,
    },
    BuiltinStatus {
        key: "delinquent",
        name: "Delinquent",
        open: true,
    },
    BuiltinStatus {
        key: "withdrawn",
        name: "Withdrawn",
        open: false,
    },
];

pub fn builtin_status(key: &str) -> Option<&'static BuiltinStatus> {
    BUILTIN_STATUSES.iter().find(|s| s.key == key)
}

/// A contact-attempt result every company starts with; it can be renamed or retired
/// (hidden from the attempt form), never deleted, since attempts keep naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinDisposition {
    pub key: &'static str,
    pub name: &'static str,
    /// Whether the customer was reached: reports count contacts by it.
    pub reached: bool,
    /// Whether an attempt with this result must say when to call back.
    pub needs_next_contact: bool,
}

const fn disposition(
    key: &'static str,
    name: &'static str,
    reached: bool,
    needs_next_contact: bool,
) -> BuiltinDisposition {
    BuiltinDisposition {
        key,
        name,
        reached,
        needs_next_contact,
    }
}

pub const BUILTIN_DISPOSITIONS: [BuiltinDisposition; 8] = [
    disposition("contacted", "Contacted", true, false),
    disposition("no_answer", "No answer", false, false),
    disposition("busy", "Busy", false, false),
    disposition("wrong_number", "Wrong number", false, false),
    disposition("promise_to_pay", "Promise to pay", true, false),
    disposition("callback_requested", "Callback requested", true, true),
    disposition("refused", "Refused", true, false),
    disposition("left_message", "Left a message", false, false),
];

pub fn builtin_disposition(key: &str) -> Option<&'static BuiltinDisposition> {
    BUILTIN_DISPOSITIONS.iter().find(|d| d.key == key)
}

/// Case attributes (not custom fields) a status may require.
pub const REQUIRABLE_ATTRIBUTES: &[&str] =
    &["reason_id", "amount", "due_date", "area", "description"];

/// A key clients and CSV columns use: lowercase letters, digits and `_`, starting with
/// a letter, 1..=40 characters.
pub fn valid_key(key: &str) -> bool {
    (1..=40).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A key made from a name: `"Promise to pay"` → `promise_to_pay`; Spanish and Turkish
/// letters lose their accents (`"Ödeme sözü"` → `odeme_sozu`) rather than the letter.
pub fn key_from_name(name: &str) -> String {
    let mut key = String::new();
    for c in crate::search::fold(name.trim()).chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_');
    let key = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
    key.chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('_')
        .to_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Date,
    Choice,
}

impl FieldType {
    pub fn key(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Choice => "choice",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "text" => Some(FieldType::Text),
            "number" => Some(FieldType::Number),
            "date" => Some(FieldType::Date),
            "choice" => Some(FieldType::Choice),
            _ => None,
        }
    }
}

/// Checks a custom field's label, type and options (`key` is checked by the caller,
/// who knows which keys are taken).
pub fn check_field(
    label: &str,
    field_type: FieldType,
    options: &[String],
) -> Result<(String, Vec<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let label = label.trim().to_owned();
    if label.is_empty() {
        errors.add("label", "required");
    } else if label.chars().count() > 120 {
        errors.add("label", "too_long");
    }
    let mut cleaned: Vec<String> = Vec::new();
    for option in options {
        let option = option.trim();
        if !option.is_empty() && !cleaned.iter().any(|o| o == option) {
            cleaned.push(option.to_owned());
        }
    }
    match field_type {
        FieldType::Choice if cleaned.is_empty() => errors.add("options", "required"),
        FieldType::Choice if cleaned.len() > 200 => errors.add("options", "too_many"),
        FieldType::Choice => {}
        _ if !cleaned.is_empty() => errors.add("options", "only_for_choice"),
        _ => {}
    }
    errors.into_result()?;
    Ok((label, cleaned))
}

/// Whether `value` is acceptable for a field of `field_type` with `options`; `None`
/// when it is not, else the value as stored.
pub fn check_value(
    field_type: FieldType,
    options: &[String],
    value: &serde_json::Value,
) -> Option<serde_json::Value> {
    use serde_json::Value;
    match (field_type, value) {
        (_, Value::Null) => Some(Value::Null),
        (FieldType::Text, Value::String(s)) if s.chars().count() <= 2000 => {
            Some(Value::String(s.trim().to_owned()))
        }
        (FieldType::Number, Value::Number(_)) => Some(value.clone()),
        (FieldType::Date, Value::String(s)) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(|_| value.clone()),
        (FieldType::Choice, Value::String(s)) if options.contains(s) => Some(value.clone()),
        _ => None,
    }
}

/// Whether a value counts as given for a required field.
pub fn is_present(value: Option<&serde_json::Value>) -> bool {
    match value {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_come_from_names() {
        assert_eq!(key_from_name("Promise to pay"), "promise_to_pay");
        assert_eq!(key_from_name("  2nd   call!! "), "nd_call");
        assert_eq!(key_from_name("Ödeme sözü"), "odeme_sozu");
        assert_eq!(
            key_from_name("Promesa de pago — Señal"),
            "promesa_de_pago_senal"
        );
        assert_eq!(key_from_name("İtiraz"), "itiraz");
        assert!(valid_key("promise_to_pay"));
        assert!(!valid_key("Promise") && !valid_key("1st") && !valid_key(""));
    }

    #[test]
    fn values_match_their_type() {
        let options = vec!["Yes".to_owned(), "No".to_owned()];
        assert!(check_value(FieldType::Choice, &options, &json!("Yes")).is_some());
        assert!(check_value(FieldType::Choice, &options, &json!("Maybe")).is_none());
        assert!(check_value(FieldType::Number, &[], &json!(12.5)).is_some());
        assert!(check_value(FieldType::Number, &[], &json!("12")).is_none());
        assert!(check_value(FieldType::Date, &[], &json!("2026-02-30")).is_none());
        assert!(check_value(FieldType::Date, &[], &json!("2026-02-28")).is_some());
        assert!(!is_present(Some(&json!("  "))) && is_present(Some(&json!(0))));
    }

    #[test]
    fn choices_need_options_and_only_choices_have_them() {
        assert!(check_field("Outcome", FieldType::Choice, &[]).is_err());
        let errors = check_field("", FieldType::Text, &["x".into()]).unwrap_err();
        assert_eq!(errors.0.len(), 2);
        let (label, options) = check_field(
            " Outcome ",
            FieldType::Choice,
            &["A".into(), " A ".into(), "B".into()],
        )
        .unwrap();
        assert_eq!((label.as_str(), options.len()), ("Outcome", 2));
    }
}
