//! How the operator's case pages word values: channels, priorities, amounts, custom
//! field values, case attributes and audit verdicts.

use domain::cases::{Channel, Priority};
use serde_json::Value;

use crate::ui::layout::Page;

pub(super) const CHANNELS: [(Channel, &str); 5] = [
    (Channel::Call, "call"),
    (Channel::Sms, "sms"),
    (Channel::Email, "email"),
    (Channel::Visit, "visit"),
    (Channel::Chat, "chat"),
];

pub(super) const PRIORITIES: [(Priority, &str); 4] = [
    (Priority::Low, "low"),
    (Priority::Normal, "normal"),
    (Priority::High, "high"),
    (Priority::Urgent, "urgent"),
];

pub(super) fn priority_label(page: &Page, priority: Priority) -> String {
    let key = PRIORITIES
        .iter()
        .find(|(p, _)| *p == priority)
        .map_or("normal", |(_, key)| key);
    page.t(&format!("cw-priority-{key}"))
}

pub(super) fn channel_label(page: &Page, key: &str) -> String {
    if CHANNELS.iter().any(|(_, k)| *k == key) {
        page.t(&format!("cw-channel-{key}"))
    } else {
        key.to_owned()
    }
}

pub(super) fn amount_text(cents: i64) -> String {
    format!("{:.2}", domain::cases::cents_to_amount(cents))
}

pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn attribute_label(page: &Page, key: &str) -> String {
    page.t(match key {
        "reason_id" => "cw-field-reason",
        "amount" => "cw-field-amount",
        "due_date" => "cw-field-due-date",
        "area" => "cw-field-area",
        "description" => "cw-field-description",
        "priority" => "cw-field-priority",
        "customer" => "cw-customer",
        "fields" => "cw-custom-fields",
        other => return other.to_owned(),
    })
}

pub(super) fn verdict_label(page: &Page, verdict: &str) -> String {
    match verdict {
        "validated" => page.t("cw-verdict-validated"),
        "returned" => page.t("cw-verdict-returned"),
        other => other.to_owned(),
    }
}
