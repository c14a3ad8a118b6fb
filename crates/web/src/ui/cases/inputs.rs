//! The case page's forms as inputs: the attempt, status and edit forms.

use app::case_config::Field;
use domain::case_config::FieldType;

use crate::ui::common::SelectOption;
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
