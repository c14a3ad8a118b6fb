//! The case page's forms as inputs: the attempt, status and edit forms.

use app::case_config::{Field, Status};
use app::cases::CaseDetails;
use domain::case_config::FieldType;
use domain::case_config::REQUIRABLE_ATTRIBUTES;
use store::interactions::InteractionRow;

use super::lookups::Lookups;
use super::wording::{
    CHANNELS, PRIORITIES, amount_text, attribute_label, channel_label, priority_label, value_text,
};
use crate::ui::common::{Fields, SelectOption};
use crate::ui::layout::Page;

/// The case page's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Attempt,
    Status,
    Edit,
}

impl Form {
    pub(super) fn key(self) -> &'static str {
        match self {
            Form::Attempt => "attempt",
            Form::Status => "status",
            Form::Edit => "edit",
        }
    }
}

/// One labelled form control; its `name` is also the key the app reports problems by.
pub struct Input {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) label: String,
    /// `text`, `number`, `date`, `datetime-local`, `email`, `select` or `textarea`.
    pub(super) kind: &'static str,
    pub(super) value: String,
    pub(super) options: Vec<SelectOption>,
    pub(super) step: &'static str,
    pub(super) hint: String,
    pub(super) error: Option<String>,
    /// Status form: the statuses needing this field (space-separated keys).
    pub(super) required_by: Option<String>,
    pub(super) wide: bool,
}

impl Input {
    pub(super) fn new(
        form: Form,
        name: &str,
        label: String,
        kind: &'static str,
        value: String,
    ) -> Self {
        Input {
            id: format!("{}-{}", form.key(), name.replace(['.', '_'], "-")),
            name: name.to_owned(),
            label,
            kind,
            value,
            options: Vec::new(),
            step: "",
            hint: String::new(),
            error: None,
            required_by: None,
            wide: false,
        }
    }

    /// A select; `blank` adds a first, empty choice.
    pub(super) fn select(
        form: Form,
        name: &str,
        label: String,
        value: String,
        blank: Option<String>,
        choices: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut options: Vec<SelectOption> = blank
            .map(|text| SelectOption::new("", text, value.is_empty()))
            .into_iter()
            .collect();
        options.extend(
            choices
                .into_iter()
                .map(|(v, l)| SelectOption::new(v.clone(), l, v == value)),
        );
        let mut input = Input::new(form, name, label, "select", value);
        input.options = options;
        input
    }

    pub(super) fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }

    pub(super) fn wide(mut self) -> Self {
        self.wide = true;
        self
    }

    pub(super) fn step(mut self, step: &'static str) -> Self {
        self.step = step;
        self
    }

    /// The ids of the hint and the problem, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// An input for a custom field of the type it has.
pub(super) fn custom_input(page: &Page, form: Form, field: &Field, value: String) -> Input {
    let name = format!("fields.{}", field.row.key);
    let label = field.row.label.clone();
    match field.field_type {
        FieldType::Text => Input::new(form, &name, label, "text", value),
        FieldType::Number => Input::new(form, &name, label, "number", value).step("any"),
        FieldType::Date => Input::new(form, &name, label, "date", value),
        FieldType::Choice => Input::select(
            form,
            &name,
            label,
            value,
            Some(page.t("cw-none-chosen")),
            field.options.iter().map(|o| (o.clone(), o.clone())),
        ),
    }
}

pub struct Requirement {
    pub(super) status: String,
    pub(super) fields: String,
}

/// What the forms' inputs are built from: the case, the company's configuration, and
/// the values a refused post brought back.
pub(super) struct FormSource<'a> {
    pub(super) page: &'a Page,
    pub(super) lookups: &'a Lookups,
    pub(super) case: &'a CaseDetails,
    /// A refused post: its values come back into the form they came from.
    pub(super) posted: Option<&'a (Form, Fields)>,
    /// The reader's time zone, in which `datetime-local` inputs are read.
    pub(super) tz: chrono_tz::Tz,
}

impl FormSource<'_> {
    /// The value of `name` in `form`: as posted, if this form was, else `default`.
    fn value(&self, form: Form, name: &str, default: String) -> String {
        match self.posted {
            Some((f, fields)) if *f == form => fields.text(name),
            _ => default,
        }
    }

    /// The reasons to choose from: retired ones are not offered, but `keep` (the
    /// case's own) stays selectable.
    fn reason_choices(&self, keep: Option<&str>) -> Vec<(String, String)> {
        self.lookups
            .reasons
            .iter()
            .filter(|r| r.active || keep == Some(r.id.as_str()))
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect()
    }

    /// The input of a custom field, holding the case's value.
    fn custom_input(&self, form: Form, field: &Field) -> Input {
        let name = format!("fields.{}", field.row.key);
        let current = self
            .case
            .fields
            .get(&field.row.key)
            .map(value_text)
            .unwrap_or_default();
        custom_input(self.page, form, field, self.value(form, &name, current))
    }
}

/// The inputs of the case page's three forms.
#[derive(Default)]
pub(super) struct Forms {
    pub(super) attempt: Vec<Input>,
    pub(super) status: Vec<Input>,
    pub(super) requirements: Vec<Requirement>,
    pub(super) edit: Vec<Input>,
}

impl Forms {
    /// Every form, its inputs holding the case's values (or the posted ones);
    /// `linkable` are the calls and chats an attempt may record.
    pub(super) fn of(src: &FormSource<'_>, linkable: &[InteractionRow]) -> Self {
        let (status, requirements) = status_inputs(src);
        Forms {
            attempt: attempt_inputs(src, linkable),
            status,
            requirements,
            edit: edit_inputs(src),
        }
    }

    /// The inputs of `form`.
    pub(super) fn inputs_mut(&mut self, form: Form) -> &mut Vec<Input> {
        match form {
            Form::Attempt => &mut self.attempt,
            Form::Status => &mut self.status,
            Form::Edit => &mut self.edit,
        }
    }
}

/// The contact attempt: how, with what result and reason, the call or chat it records,
/// the next contact and notes.
fn attempt_inputs(src: &FormSource<'_>, linkable: &[InteractionRow]) -> Vec<Input> {
    let (page, lookups) = (src.page, src.lookups);
    let mut inputs = Vec::new();
    let form = Form::Attempt;
    inputs.push(Input::select(
        form,
        "channel",
        page.t("cw-attempt-channel"),
        src.value(form, "channel", "call".to_owned()),
        None,
        CHANNELS
            .iter()
            .map(|(_, key)| ((*key).to_owned(), channel_label(page, key))),
    ));
    inputs.push(Input::select(
        form,
        "result",
        page.t("cw-attempt-result"),
        src.value(form, "result", String::new()),
        Some(page.t("cw-choose")),
        lookups
            .dispositions
            .iter()
            .filter(|d| d.active)
            .map(|d| (d.key.clone(), d.name.clone())),
    ));
    inputs.push(Input::select(
        form,
        "reason_id",
        page.t("cw-field-reason"),
        src.value(form, "reason_id", String::new()),
        Some(page.t("cw-none-chosen")),
        src.reason_choices(None),
    ));
    if !linkable.is_empty() {
        inputs.push(
            Input::select(
                form,
                "interaction_id",
                page.t("cw-attempt-interaction"),
                src.value(form, "interaction_id", String::new()),
                Some(page.t("cw-attempt-interaction-new")),
                linkable
                    .iter()
                    .map(|i| (i.id.clone(), interaction_label(page, i))),
            )
            .hint(page.t("cw-attempt-interaction-hint")),
        );
    }
    let needing: Vec<String> = lookups
        .dispositions
        .iter()
        .filter(|d| d.active && d.needs_next_contact)
        .map(|d| d.name.clone())
        .collect();
    let (before, after) = page.t_around("cw-attempt-next-hint");
    let mut hint = format!("{before}{}{after}", src.tz.name());
    if !needing.is_empty() {
        hint = format!(
            "{hint} {} {}",
            page.t("cw-attempt-next-needed"),
            needing.join(", ")
        );
    }
    inputs.push(
        Input::new(
            form,
            "next_contact_at",
            page.t("cw-attempt-next"),
            "datetime-local",
            src.value(form, "next_contact_at", String::new()),
        )
        .hint(hint),
    );
    inputs.push(
        Input::new(
            form,
            "notes",
            page.t("cw-attempt-notes"),
            "textarea",
            src.value(form, "notes", String::new()),
        )
        .wide(),
    );
    inputs
}

/// The status change, with what each status requires: the inputs, and the list of
/// each status's requirements.
pub(super) fn status_inputs(src: &FormSource<'_>) -> (Vec<Input>, Vec<Requirement>) {
    let (page, lookups, row) = (src.page, src.lookups, &src.case.row);
    let form = Form::Status;
    let mut inputs = vec![Input::select(
        form,
        "status",
        page.t("cw-status-new"),
        src.value(form, "status", row.status.clone()),
        None,
        lookups
            .statuses
            .iter()
            .map(|s| (s.key.clone(), s.name.clone())),
    )];
    let (requirements, needed_by) = requirements(page, lookups);
    let needs = |key: &str| {
        needed_by
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, statuses)| statuses.as_slice())
    };
    let required_hint = |statuses: &[&Status]| {
        format!(
            "{} {}",
            page.t("cw-required-for"),
            statuses
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut reason = Input::select(
        form,
        "reason_id",
        page.t("cw-field-reason"),
        src.value(form, "reason_id", row.reason_id.clone().unwrap_or_default()),
        Some(page.t("cw-none-chosen")),
        src.reason_choices(row.reason_id.as_deref()),
    );
    if let Some(statuses) = needs("reason_id") {
        reason = reason.hint(required_hint(statuses));
    }
    inputs.push(reason);
    for mut input in requirable_inputs(src, &|key| needs(key).is_some()) {
        let key = input
            .name
            .strip_prefix("fields.")
            .unwrap_or(&input.name)
            .to_owned();
        if let Some(statuses) = needs(&key) {
            input.required_by = Some(
                statuses
                    .iter()
                    .map(|s| s.key.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            input.hint = required_hint(statuses);
        }
        inputs.push(input);
    }
    (inputs, requirements)
}

/// What each status requires, as the page lists it, and the statuses needing each key.
fn requirements<'a>(
    page: &Page,
    lookups: &'a Lookups,
) -> (Vec<Requirement>, Vec<(String, Vec<&'a Status>)>) {
    let mut requirements = Vec::new();
    let mut needed_by: Vec<(String, Vec<&Status>)> = Vec::new();
    for status in &lookups.statuses {
        let keys = lookups.required_by(status);
        requirements.push(Requirement {
            status: status.name.clone(),
            fields: if keys.is_empty() {
                page.t("cw-status-requires-nothing")
            } else {
                keys.iter()
                    .map(|k| lookups.key_label(page, k))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        });
        for key in keys {
            match needed_by.iter_mut().find(|(k, _)| *k == key) {
                Some((_, statuses)) => statuses.push(status),
                None => needed_by.push((key, vec![status])),
            }
        }
    }
    (requirements, needed_by)
}

/// Inputs for what some status requires (`needed`), attributes first, then custom
/// fields.
fn requirable_inputs(src: &FormSource<'_>, needed: &dyn Fn(&str) -> bool) -> Vec<Input> {
    let (page, row) = (src.page, &src.case.row);
    let form = Form::Status;
    let value = |name: &str, default: String| src.value(form, name, default);
    let mut requirable: Vec<Input> = Vec::new();
    for key in REQUIRABLE_ATTRIBUTES.iter().copied() {
        if key == "reason_id" || !needed(key) {
            continue;
        }
        let label = attribute_label(page, key);
        let input = match key {
            "amount" => Input::new(
                form,
                key,
                label,
                "number",
                value(key, row.amount_cents.map(amount_text).unwrap_or_default()),
            )
            .step("0.01"),
            "due_date" => Input::new(
                form,
                key,
                label,
                "date",
                value(key, row.due_date.clone().unwrap_or_default()),
            ),
            "description" => Input::new(
                form,
                key,
                label,
                "textarea",
                value(key, row.description.clone()),
            )
            .wide(),
            _ => Input::new(form, key, label, "text", value(key, row.area.clone())),
        };
        requirable.push(input);
    }
    for field in src.lookups.live_fields() {
        if !needed(&field.row.key) {
            continue;
        }
        requirable.push(src.custom_input(form, field));
    }
    requirable
}

/// A call or chat as the attempt form offers it: when, which way, with whom, how long.
pub(super) fn interaction_label(page: &Page, i: &InteractionRow) -> String {
    let (direction, number) = if i.direction == "inbound" {
        (page.t("cw-direction-inbound"), &i.from_number)
    } else {
        (page.t("cw-direction-outbound"), &i.to_number)
    };
    let mut label = format!(
        "{} · {} · {direction}",
        page.time(i.started_at),
        channel_label(page, &i.channel)
    );
    if !number.is_empty() {
        label = format!("{label} · {number}");
    }
    if let Some(seconds) = i.duration_seconds {
        label = format!("{label} · {}:{:02}", seconds / 60, seconds % 60);
    }
    label
}

/// The case's data: the customer, the attributes and the custom fields.
fn edit_inputs(src: &FormSource<'_>) -> Vec<Input> {
    let (page, lookups, case, row) = (src.page, src.lookups, src.case, &src.case.row);
    let mut inputs = Vec::new();
    let form = Form::Edit;
    for (name, label, kind, current) in [
        (
            "customer.name",
            "cw-field-name",
            "text",
            case.customer.name.clone(),
        ),
        (
            "customer.document",
            "cw-field-document",
            "text",
            case.customer.document.clone(),
        ),
        (
            "customer.email",
            "cw-field-email",
            "email",
            case.customer.email.clone(),
        ),
        (
            "customer.phones",
            "cw-field-phones",
            "textarea",
            case.customer.phones.join("\n"),
        ),
        (
            "customer.address",
            "cw-field-address",
            "textarea",
            case.customer.address.clone(),
        ),
        ("area", "cw-field-area", "text", row.area.clone()),
        (
            "amount",
            "cw-field-amount",
            "number",
            row.amount_cents.map(amount_text).unwrap_or_default(),
        ),
        (
            "due_date",
            "cw-field-due-date",
            "date",
            row.due_date.clone().unwrap_or_default(),
        ),
    ] {
        let mut input = Input::new(
            form,
            name,
            page.t(label),
            kind,
            src.value(form, name, current),
        );
        if name == "customer.phones" {
            input = input.hint(page.t("cw-field-phones-hint"));
        }
        if name == "amount" {
            input = input.step("0.01");
        }
        inputs.push(input);
    }
    let priority_key = PRIORITIES
        .iter()
        .find(|(p, _)| *p == case.priority())
        .map_or("normal", |(_, k)| k);
    inputs.push(Input::select(
        form,
        "priority",
        page.t("cw-field-priority"),
        src.value(form, "priority", priority_key.to_owned()),
        None,
        PRIORITIES
            .iter()
            .map(|(p, k)| ((*k).to_owned(), priority_label(page, *p))),
    ));
    inputs.push(
        Input::new(
            form,
            "description",
            page.t("cw-field-description"),
            "textarea",
            src.value(form, "description", row.description.clone()),
        )
        .wide(),
    );
    for field in lookups.live_fields() {
        inputs.push(src.custom_input(form, field));
    }
    inputs
}
