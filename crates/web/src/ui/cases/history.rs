//! The case page's history: each event of the case, readable.

use chrono::{DateTime, Utc};
use serde_json::Value;
use store::cases::EventRow;

use super::facts::Fact;
use super::lookups::Lookups;
use super::wording::{attribute_label, channel_label, value_text, verdict_label};
use crate::ui::layout::Page;

pub struct HistoryItem {
    pub(super) kind: String,
    pub(super) at: String,
    pub(super) who: String,
    pub(super) title: String,
    pub(super) details: Vec<Fact>,
}

/// One event of the history, readable.
pub(super) fn history_item(
    page: &Page,
    lookups: &Lookups,
    name_of: &dyn Fn(Option<&str>) -> String,
    event: &EventRow,
    data: &Value,
) -> HistoryItem {
    let mut details = Vec::new();
    let title = match event.kind.as_str() {
        "created" => {
            if let Some(status) = text(data, "status") {
                details.push(Fact::new(
                    "status",
                    page.t("cw-field-status"),
                    lookups.status_name(&status),
                ));
            }
            if let Some(assignee) = text(data, "assignee_id") {
                details.push(Fact::new(
                    "assignee",
                    page.t("cw-field-assignee"),
                    name_of(Some(&assignee)),
                ));
            }
            if data.get("import").and_then(Value::as_bool) == Some(true) {
                page.t("cw-ev-imported")
            } else {
                page.t("cw-ev-created")
            }
        }
        "edited" => {
            let changed: Vec<String> = data
                .get("changed")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|key| attribute_label(page, key))
                .collect();
            if !changed.is_empty() {
                details.push(Fact::new(
                    "changed",
                    page.t("cw-ev-changed"),
                    changed.join(", "),
                ));
            }
            page.t("cw-ev-edited")
        }
        "status" => {
            details.push(Fact::new(
                "status",
                page.t("cw-field-status"),
                from_to(lookups, data),
            ));
            details.extend(reason(page, lookups, data));
            if let Some(values) = data.get("fields").and_then(Value::as_object) {
                for (key, value) in values {
                    details.push(Fact::new(
                        "field",
                        lookups.key_label(page, key),
                        value_text(value),
                    ));
                }
            }
            page.t("cw-ev-status")
        }
        "attempt" => attempt_event(page, lookups, data, &mut details),
        "assigned" => {
            details.push(Fact::new(
                "from",
                page.t("cw-ev-from"),
                name_of(text(data, "from").as_deref()),
            ));
            details.push(Fact::new(
                "to",
                page.t("cw-ev-to"),
                name_of(text(data, "to").as_deref()),
            ));
            page.t("cw-ev-assigned")
        }
        "audited" => audit_event(page, lookups, data, &mut details),
        other => other.to_owned(),
    };
    HistoryItem {
        kind: event.kind.clone(),
        at: page.time(event.at),
        who: match &event.actor_id {
            Some(user) => name_of(Some(user)),
            None => page.t("cw-system"),
        },
        title,
        details,
    }
}

/// An attempt: how, its result and reason, notes and the next contact; answers the title.
fn attempt_event(page: &Page, lookups: &Lookups, data: &Value, details: &mut Vec<Fact>) -> String {
    details.push(Fact::new(
        "channel",
        page.t("cw-attempt-channel"),
        channel_label(page, &text(data, "channel").unwrap_or_default()),
    ));
    details.push(Fact::new(
        "result",
        page.t("cw-attempt-result"),
        lookups.disposition_name(&text(data, "result").unwrap_or_default()),
    ));
    details.extend(reason(page, lookups, data));
    if let Some(notes) = text(data, "notes").filter(|n| !n.is_empty()) {
        details.push(Fact::new("notes", page.t("cw-attempt-notes"), notes));
    }
    if let Some(at) =
        text(data, "next_contact_at").and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
    {
        details.push(Fact::new(
            "next-contact",
            page.t("cw-attempt-next"),
            page.time(at.with_timezone(&Utc)),
        ));
    }
    page.t("cw-ev-attempt")
}

/// An audit: the verdict, its comment and the status it led to; answers the title.
fn audit_event(page: &Page, lookups: &Lookups, data: &Value, details: &mut Vec<Fact>) -> String {
    details.push(Fact::new(
        "verdict",
        page.t("cw-ev-verdict"),
        verdict_label(page, &text(data, "verdict").unwrap_or_default()),
    ));
    if let Some(comment) = text(data, "comment").filter(|c| !c.is_empty()) {
        details.push(Fact::new("comment", page.t("cw-ev-comment"), comment));
    }
    if text(data, "from") != text(data, "to") {
        details.push(Fact::new(
            "status",
            page.t("cw-field-status"),
            from_to(lookups, data),
        ));
    }
    page.t("cw-ev-audited")
}

/// A text the event's data holds.
fn text(data: &Value, key: &str) -> Option<String> {
    data.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The statuses a change went from and to.
fn from_to(lookups: &Lookups, data: &Value) -> String {
    format!(
        "{} → {}",
        text(data, "from")
            .map(|k| lookups.status_name(&k))
            .unwrap_or_default(),
        text(data, "to")
            .map(|k| lookups.status_name(&k))
            .unwrap_or_default()
    )
}

/// The reason the event names, if any.
fn reason(page: &Page, lookups: &Lookups, data: &Value) -> Option<Fact> {
    text(data, "reason_id").map(|id| {
        Fact::new(
            "reason",
            page.t("cw-field-reason"),
            lookups.reason_name(&id),
        )
    })
}
