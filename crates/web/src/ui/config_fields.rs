//! The form of each configuration kind: which inputs it has, how a stored object fills
//! them and how a submitted form turns back into the kind's JSON fields.

use std::collections::{BTreeMap, HashMap};

use domain::FieldErrors;
use domain::objects::ObjectKind;
use serde_json::{Map, Value};

use super::common::{Fields, SelectOption};
use super::layout::Page;

/// Where the choices of an id field come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Users,
    Skills,
    Objects(ObjectKind),
    /// Lists of kind `dnc`.
    DncLists,
}

#[derive(Debug, Clone, Copy)]
pub enum Input {
    Text,
    /// Text that is stored as `null` when left empty.
    OptionalText,
    LongText,
    Number,
    Color,
    /// One of the values, each labelled by `cfg-{key}-{value}`.
    Choice(&'static [&'static str]),
    /// One id, or none.
    One(Source),
    /// Any number of ids.
    Many(Source),
    /// Nested structure edited as JSON.
    Json,
    /// Write-only: sent only when typed in.
    Secret,
}

pub struct Spec {
    pub key: &'static str,
    pub input: Input,
}

const fn f(key: &'static str, input: Input) -> Spec {
    Spec { key, input }
}

const STRATEGIES: &[&str] = &[
    "longest_idle",
    "ring_all",
    "round_robin",
    "fewest_calls",
    "skills_based",
];

use Input::*;

const QUEUES_FIELDS: &[Spec] = &[
    f("name", Text),
    f("strategy", Choice(STRATEGIES)),
    f("schedule_id", One(Source::Objects(ObjectKind::Schedules))),
    f("service_level_seconds", Number),
    f("service_level_target", Number),
    f("max_wait_seconds", Number),
    f("supervisor_ids", Many(Source::Users)),
    f("skill_ids", Many(Source::Skills)),
];

const SCHEDULES_FIELDS: &[Spec] = &[
    f("name", Text),
    f("timezone", Text),
    f("windows", Json),
    f("holidays", Json),
    f("agent_ids", Many(Source::Users)),
];

const SIP_PROVIDERS_FIELDS: &[Spec] = &[
    f("name", Text),
    f("host", Text),
    f("port", Number),
    f("transport", Choice(&["udp", "tcp", "tls"])),
    f("username", Text),
    f("secret", Secret),
    f("caller_id", OptionalText),
];

const CALL_SCRIPTS_FIELDS: &[Spec] = &[
    f("name", Text),
    f("description", LongText),
    f("steps", Json),
    f("tag_ids", Many(Source::Objects(ObjectKind::Tags))),
];

const DIALER_CAMPAIGNS_FIELDS: &[Spec] = &[
    f("name", Text),
    f("queue_id", One(Source::Objects(ObjectKind::Queues))),
    f("schedule_id", One(Source::Objects(ObjectKind::Schedules))),
    f(
        "dial_mode",
        Choice(&["preview", "progressive", "predictive"]),
    ),
    f("status", Choice(&["draft", "active", "paused", "finished"])),
    f("crm_form_id", One(Source::Objects(ObjectKind::CrmForms))),
    f("caller_id", OptionalText),
    f("retry", Json),
    f("dnc_list_ids", Many(Source::DncLists)),
];

const LISTS_FIELDS: &[Spec] = &[
    f("name", Text),
    f("kind", Choice(&["dnc", "vip", "other"])),
    f("description", LongText),
];

const NOTIFICATION_TEMPLATES_FIELDS: &[Spec] = &[
    f("name", Text),
    f("channel", Choice(&["email", "sms"])),
    f("subject", Text),
    f("body", LongText),
];

const CRM_FORMS_FIELDS: &[Spec] = &[f("name", Text), f("fields", Json)];

const IP_PHONES_FIELDS: &[Spec] = &[
    f("model", Text),
    f("mac", Text),
    f("extension", Text),
    f("user_id", One(Source::Users)),
];

const TAGS_FIELDS: &[Spec] = &[f("name", Text), f("color", Color)];

/// The inputs of each kind, in the order the form shows them.
pub fn specs(kind: ObjectKind) -> &'static [Spec] {
    match kind {
        ObjectKind::Queues => QUEUES_FIELDS,
        ObjectKind::Schedules => SCHEDULES_FIELDS,
        ObjectKind::SipProviders => SIP_PROVIDERS_FIELDS,
        ObjectKind::CallScripts => CALL_SCRIPTS_FIELDS,
        ObjectKind::DialerCampaigns => DIALER_CAMPAIGNS_FIELDS,
        ObjectKind::Lists => LISTS_FIELDS,
        ObjectKind::NotificationTemplates => NOTIFICATION_TEMPLATES_FIELDS,
        ObjectKind::CrmForms => CRM_FORMS_FIELDS,
        ObjectKind::IpPhones => IP_PHONES_FIELDS,
        ObjectKind::Tags => TAGS_FIELDS,
    }
}

/// The sources a kind's form needs choices from.
pub fn sources(kind: ObjectKind) -> Vec<Source> {
    let mut out = Vec::new();
    for spec in specs(kind) {
        if let Input::One(source) | Input::Many(source) = spec.input
            && !out.contains(&source)
        {
            out.push(source);
        }
    }
    out
}

/// The raw values of a form: stored, or as just submitted.
pub type Values = HashMap<&'static str, Vec<String>>;

/// A stored object's fields as form values.
pub fn from_stored(kind: ObjectKind, fields: &Value) -> Values {
    specs(kind)
        .iter()
        .map(|spec| {
            let value = fields.get(spec.key).unwrap_or(&Value::Null);
            let raw = match (spec.input, value) {
                (_, Value::Null) => Vec::new(),
                (Input::Json, value) => {
                    vec![serde_json::to_string_pretty(value).unwrap_or_default()]
                }
                (Input::Secret, _) => Vec::new(),
                (_, Value::String(s)) => vec![s.clone()],
                (_, Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                (_, other) => vec![other.to_string()],
            };
            (spec.key, raw)
        })
        .collect()
}

/// The values a new object's form starts with.
pub fn blank(kind: ObjectKind) -> Values {
    let mut values = Values::new();
    match kind {
        ObjectKind::Schedules => {
            values.insert("timezone", vec!["UTC".into()]);
            values.insert("windows", vec!["[]".into()]);
            values.insert("holidays", vec!["[]".into()]);
        }
        ObjectKind::CallScripts => {
            values.insert("steps", vec!["[]".into()]);
        }
        ObjectKind::CrmForms => {
            values.insert("fields", vec!["[]".into()]);
        }
        ObjectKind::DialerCampaigns => {
            values.insert(
                "retry",
                vec!["{\n  \"max_attempts\": 3,\n  \"retry_after_minutes\": 60\n}".into()],
            );
        }
        ObjectKind::Tags => {
            values.insert("color", vec!["#607d8b".into()]);
        }
        _ => {}
    }
    values
}

/// The submitted form's values.
pub fn from_form(kind: ObjectKind, fields: &Fields) -> Values {
    specs(kind)
        .iter()
        .map(|spec| {
            let raw = match spec.input {
                Input::Many(_) => fields.all(spec.key),
                _ => fields
                    .get(spec.key)
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
            };
            (spec.key, raw)
        })
        .collect()
}

/// The kind's JSON fields from form values. Empty numbers, JSON and secrets are left
/// out (the kind's default, or the stored value on an edit).
pub fn to_json(kind: ObjectKind, values: &Values) -> Result<Value, FieldErrors> {
    let mut out = Map::new();
    let mut errors = FieldErrors::new();
    for spec in specs(kind) {
        let raw = values.get(spec.key).cloned().unwrap_or_default();
        let first = raw.first().map(|s| s.trim().to_owned()).unwrap_or_default();
        let value = match spec.input {
            Input::Text | Input::LongText | Input::Color | Input::Choice(_) => {
                Value::String(raw.first().cloned().unwrap_or_default())
            }
            Input::OptionalText | Input::One(_) if first.is_empty() => Value::Null,
            Input::OptionalText | Input::One(_) => Value::String(first),
            Input::Number if first.is_empty() => continue,
            Input::Number => match first.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    errors.add(spec.key, "invalid");
                    continue;
                }
            },
            Input::Many(_) => Value::Array(
                raw.iter()
                    .filter(|id| !id.trim().is_empty())
                    .map(|id| Value::String(id.clone()))
                    .collect(),
            ),
            Input::Json if first.is_empty() => continue,
            Input::Json => match serde_json::from_str(&first) {
                Ok(value) => value,
                Err(_) => {
                    errors.add(spec.key, "invalid_json");
                    continue;
                }
            },
            Input::Secret if first.is_empty() => continue,
            Input::Secret => Value::String(first),
        };
        out.insert(spec.key.to_owned(), value);
    }
    errors.into_result()?;
    Ok(Value::Object(out))
}

/// One input as the template draws it.
pub struct FormField {
    pub key: &'static str,
    pub label: String,
    /// `text`, `textarea`, `number`, `color`, `select`, `multi`, `json` or `secret`.
    pub widget: &'static str,
    pub value: String,
    pub options: Vec<SelectOption>,
    pub errors: Vec<String>,
}

/// The field a problem reported at `path` (`windows[2].end`) belongs to.
fn top_key(path: &str) -> &str {
    path.split(['[', '.']).next().unwrap_or(path)
}

/// The inputs of `kind` filled with `values`, with `choices` for id fields and the
/// problems of `errors` (path → message) next to the field they concern; problems no
/// field shows come back separately.
pub fn form(
    page: &Page,
    kind: ObjectKind,
    values: &Values,
    choices: &HashMap<Source, Vec<(String, String)>>,
    errors: &BTreeMap<String, String>,
) -> (Vec<FormField>, Vec<String>) {
    let mut shown = Vec::new();
    let fields = specs(kind)
        .iter()
        .map(|spec| {
            let raw = values.get(spec.key).cloned().unwrap_or_default();
            let field_errors: Vec<String> = errors
                .iter()
                .filter(|(path, _)| top_key(path) == spec.key)
                .map(|(path, message)| {
                    shown.push(path.clone());
                    if path == spec.key {
                        message.clone()
                    } else {
                        format!("{path}: {message}")
                    }
                })
                .collect();
            let (widget, options) = match spec.input {
                Input::Text | Input::OptionalText => ("text", Vec::new()),
                Input::LongText => ("textarea", Vec::new()),
                Input::Number => ("number", Vec::new()),
                Input::Color => ("color", Vec::new()),
                Input::Json => ("json", Vec::new()),
                Input::Secret => ("secret", Vec::new()),
                Input::Choice(values) => (
                    "select",
                    values
                        .iter()
                        .map(|v| {
                            SelectOption::new(
                                *v,
                                page.t(&format!("cfg-{}-{}", spec.key, v).replace('_', "-")),
                                raw.first().is_some_and(|r| r == v),
                            )
                        })
                        .collect(),
                ),
                Input::One(source) | Input::Many(source) => {
                    let mut options: Vec<SelectOption> = choices
                        .get(&source)
                        .into_iter()
                        .flatten()
                        .map(|(id, name)| SelectOption::new(id, name, raw.contains(id)))
                        .collect();
                    // Ids the lists did not reach stay chosen, so saving keeps them.
                    for id in &raw {
                        if !id.is_empty() && !options.iter().any(|o| &o.value == id) {
                            options.push(SelectOption::new(id, id, true));
                        }
                    }
                    let widget = if matches!(spec.input, Input::Many(_)) {
                        "multi"
                    } else {
                        "select"
                    };
                    if widget == "select" {
                        options
                            .insert(0, SelectOption::new("", page.t("cfg-none"), raw.is_empty()));
                    }
                    (widget, options)
                }
            };
            FormField {
                key: spec.key,
                label: page.t(&format!("cfg-field-{}", spec.key.replace('_', "-"))),
                widget,
                value: raw.first().cloned().unwrap_or_default(),
                options,
                errors: field_errors,
            }
        })
        .collect();
    let rest = errors
        .iter()
        .filter(|(path, _)| !shown.contains(path))
        .map(|(path, message)| format!("{path}: {message}"))
        .collect();
    (fields, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_form_becomes_its_fields() {
        let fields = Fields(vec![
            ("name".into(), "Sales".into()),
            ("strategy".into(), "ring_all".into()),
            ("schedule_id".into(), "".into()),
            ("service_level_seconds".into(), "30".into()),
            ("supervisor_ids".into(), "u1".into()),
            ("supervisor_ids".into(), "u2".into()),
        ]);
        let values = from_form(ObjectKind::Queues, &fields);
        let json = to_json(ObjectKind::Queues, &values).unwrap();
        assert_eq!(json["name"], "Sales");
        assert_eq!(json["schedule_id"], Value::Null);
        assert_eq!(json["service_level_seconds"], 30);
        assert_eq!(json["supervisor_ids"], serde_json::json!(["u1", "u2"]));
        assert!(json.get("max_wait_seconds").is_none());
    }

    #[test]
    fn bad_json_and_numbers_are_reported_on_their_field() {
        let fields = Fields(vec![
            ("name".into(), "Hours".into()),
            ("windows".into(), "[{".into()),
        ]);
        let errors = to_json(
            ObjectKind::Schedules,
            &from_form(ObjectKind::Schedules, &fields),
        )
        .unwrap_err();
        assert!(errors.0.iter().any(|(k, _)| k == "windows"));
        assert_eq!(top_key("windows[2].end"), "windows");
    }
}
