//! The case page's forms as posted: the attempt, the status change and the edit,
//! their parsing, and the page again after a refusal.

use std::collections::BTreeMap;

use app::AppError;
use app::case_config::Field;
use app::cases::{Attempt, CaseInput, StatusChange};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, Utc};
use domain::case_config::{FieldType, check_value};
use domain::cases::{Channel, Customer};
use domain::{Actor, FieldErrors};
use serde_json::{Map, Value};

use super::inputs::Form;
use super::lookups::Lookups;
use super::page::{CaseForm, render_case};
use super::rerender::{Refused, Rerender};
use super::wording::{CHANNELS, PRIORITIES};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::ui::came_from;
use crate::ui::common::{self, Fields};
use crate::ui::layout::Page;

/// The user's time zone: a `datetime-local` input means a moment there.
pub(super) fn timezone(actor: &Actor) -> chrono_tz::Tz {
    actor.timezone.parse().unwrap_or(chrono_tz::UTC)
}

/// A `datetime-local` value (`2026-03-01T09:30`) read in `tz`; `None` when it does not
/// parse or names a time the clocks skip.
pub(super) fn parse_local(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    naive
        .and_local_timezone(tz)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// A typed number; a lone decimal comma is read as a point.
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = if text.contains(',') && !text.contains('.') {
        text.replace(',', ".")
    } else {
        text.to_owned()
    };
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A form value, trimmed, unless blank.
pub(super) fn given(fields: &Fields, name: &str) -> Option<String> {
    fields
        .get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The text of a custom field input as the value its type stores (checked by the app).
pub(super) fn typed_value(field: &Field, text: &str) -> Option<Value> {
    match field.field_type {
        FieldType::Number => parse_number(text)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        _ => Some(Value::String(text.to_owned())),
    }
}

/// A refusal of one of the forms, in the page's language.
pub(super) struct Outcome {
    pub(super) status: StatusCode,
    /// By form field name (which is the app's field key).
    pub(super) errors: BTreeMap<String, String>,
    pub(super) alert: Option<String>,
    /// Fields a status requires that the case would lack (keys).
    pub(super) missing: Vec<String>,
}

impl Refused for Outcome {
    fn status(&self) -> StatusCode {
        self.status
    }
}

/// Field problems, with this section's own wording where it has one.
pub(super) fn field_errors(page: &Page, errors: &FieldErrors) -> BTreeMap<String, String> {
    let mut out = page.field_errors(errors);
    for (field, code) in &errors.0 {
        let kind = code
            .split_once(':')
            .map_or(code.as_str(), |(kind, _)| kind)
            .trim();
        let id = if field == "next_contact_at" && kind == "required" {
            "cw-problem-next-contact-required".to_owned()
        } else if field == "reason_id" && kind == "retired" {
            "cw-problem-reason-retired".to_owned()
        } else {
            format!("cw-problem-{}", kind.replace('_', "-"))
        };
        let text = page.t(&id);
        if text != id {
            out.insert(field.clone(), text);
        }
    }
    out
}

pub(super) fn explain(page: &Page, error: AppError) -> Result<Outcome, AppError> {
    Ok(match error {
        AppError::Invalid(fields) => Outcome {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: field_errors(page, &fields),
            alert: Some(page.t("problem-check-fields")),
            missing: Vec::new(),
        },
        AppError::MissingFields(keys) => Outcome {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: BTreeMap::new(),
            alert: None,
            missing: keys,
        },
        other => {
            let problem = common::explain(page, other)?;
            Outcome {
                status: problem.status,
                errors: problem.errors,
                alert: problem.alert,
                missing: Vec::new(),
            }
        }
    })
}

/// Shows the case page again after a refusal: the posted values stay in their form,
/// except after a stale version, when the page shows the current values.
pub(super) async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    mut form: CaseForm,
    error: AppError,
) -> Response {
    if matches!(error, AppError::Stale) {
        form.posted = None;
    }
    match explain(&page, error) {
        Ok(outcome) => render_case(state, actor, page, Rerender::refused(form, outcome)).await,
        Err(error) => common::fail(page, error),
    }
}

/// `POST /cases/{id}/attempts`: logs a contact attempt.
pub async fn log_attempt(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let result = match attempt_of(&actor, &fields) {
        Ok(attempt) => app::cases::log_attempt(&state.ctx, &actor, &id, attempt)
            .await
            .map(|_| ()),
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(()) => back_to_case(&id, "logged", &fields),
        Err(error) => {
            rerender(
                &state,
                &actor,
                page,
                CaseForm::posted(&id, Form::Attempt, fields),
                error,
            )
            .await
        }
    }
}

pub(super) fn attempt_of(actor: &Actor, fields: &Fields) -> Result<Attempt, FieldErrors> {
    let mut errors = FieldErrors::new();
    let channel = CHANNELS
        .iter()
        .find(|(_, key)| *key == fields.text("channel"))
        .map(|(channel, _)| *channel);
    if channel.is_none() {
        errors.add("channel", "invalid");
    }
    let result = given(fields, "result");
    if result.is_none() {
        errors.add("result", "required");
    }
    let next_contact_at = match given(fields, "next_contact_at") {
        None => None,
        Some(text) => {
            let at = parse_local(&text, timezone(actor));
            if at.is_none() {
                errors.add("next_contact_at", "invalid_datetime");
            }
            at
        }
    };
    errors.into_result()?;
    Ok(Attempt {
        channel: channel.unwrap_or(Channel::Call),
        result: result.unwrap_or_default(),
        reason_id: given(fields, "reason_id"),
        notes: fields.text("notes"),
        next_contact_at,
        interaction_id: given(fields, "interaction_id"),
    })
}

/// The case page again after a form succeeded: `flash` says what was done, and the
/// page it was opened from stays its back link.
fn back_to_case(id: &str, flash: &str, fields: &Fields) -> Response {
    let back = came_from::query(fields.get("back"));
    Redirect::to(&format!("/cases/{id}?{flash}=1{back}")).into_response()
}

/// `POST /cases/{id}/status`: moves the case to a status, with the fields it needs.
pub async fn change_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    match move_case(&state, &actor, page.tr, &id, &fields).await {
        Ok(()) => back_to_case(&id, "moved", &fields),
        Err(error) => {
            rerender(
                &state,
                &actor,
                page,
                CaseForm::posted(&id, Form::Status, fields),
                error,
            )
            .await
        }
    }
}

pub(super) async fn move_case(
    state: &AppState,
    actor: &Actor,
    tr: Tr,
    id: &str,
    fields: &Fields,
) -> Result<(), AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, tr).await?;
    let key = fields.text("status");
    let Some(status) = lookups.statuses.iter().find(|s| s.key == key) else {
        return Err(FieldErrors::single("status", "unknown_status").into());
    };
    let version = fields.version();
    if version.is_some_and(|v| v != case.row.version) {
        return Err(AppError::Stale);
    }
    let row = &case.row;

    // What the form brings; blank inputs leave the case as it is.
    let mut errors = FieldErrors::new();
    let reason = given(fields, "reason_id");
    let area = given(fields, "area");
    if area.as_ref().is_some_and(|a| a.chars().count() > 120) {
        errors.add("area", "too_long");
    }
    let description = given(fields, "description");
    let due_date = given(fields, "due_date");
    if due_date
        .as_deref()
        .is_some_and(|d| !domain::cases::valid_date(d))
    {
        errors.add("due_date", "invalid_date");
    }
    let amount = given(fields, "amount").and_then(|text| {
        let cents = parse_number(&text).and_then(domain::cases::amount_to_cents);
        if cents.is_none() {
            errors.add("amount", "invalid_amount");
        }
        cents
    });
    let mut custom = Map::new();
    for field in lookups.live_fields() {
        let name = format!("fields.{}", field.row.key);
        let Some(text) = given(fields, &name) else {
            continue;
        };
        match typed_value(field, &text)
            .filter(|v| check_value(field.field_type, &field.options, v).is_some())
        {
            Some(value) if case.fields.get(&field.row.key) == Some(&value) => {}
            Some(value) => {
                custom.insert(field.row.key.clone(), value);
            }
            None => errors.add(&name, "invalid_value"),
        }
    }
    errors.into_result()?;

    let attributes = CaseInput {
        area: area.filter(|a| *a != row.area),
        description: description.filter(|d| *d != row.description),
        due_date: due_date
            .filter(|d| row.due_date.as_ref() != Some(d))
            .map(Some),
        amount: amount
            .filter(|c| row.amount_cents != Some(*c))
            .map(|c| Some(domain::cases::cents_to_amount(c))),
        ..CaseInput::default()
    };
    let expected = Some(version.unwrap_or(row.version));
    let change = StatusChange {
        status: status.key.clone(),
        reason_id: reason,
        fields: (!custom.is_empty()).then_some(custom),
        attributes,
    };
    app::cases::change_status(&state.ctx, actor, id, change, expected).await?;
    Ok(())
}

/// `POST /cases/{id}`: edits the customer data and the case's attributes.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    match edit_case(&state, &actor, page.tr, &id, &fields).await {
        Ok(()) => back_to_case(&id, "saved", &fields),
        Err(error) => {
            rerender(
                &state,
                &actor,
                page,
                CaseForm::posted(&id, Form::Edit, fields),
                error,
            )
            .await
        }
    }
}

pub(super) async fn edit_case(
    state: &AppState,
    actor: &Actor,
    tr: Tr,
    id: &str,
    fields: &Fields,
) -> Result<(), AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, tr).await?;
    let mut errors = FieldErrors::new();
    let text = |name: &str| fields.get(name).map(str::to_owned);
    let customer = text("customer.name").map(|name| Customer {
        name,
        document: fields.text("customer.document"),
        phones: fields
            .text("customer.phones")
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        email: fields.text("customer.email"),
        address: fields.text("customer.address"),
    });
    let amount = fields.get("amount").and_then(|raw| {
        if raw.trim().is_empty() {
            return Some(None);
        }
        let amount = parse_number(raw);
        if amount.is_none() {
            errors.add("amount", "invalid_amount");
        }
        amount.map(Some)
    });
    let due_date = fields
        .get("due_date")
        .map(|d| Some(d.trim().to_owned()).filter(|d| !d.is_empty()));
    let priority = fields.get("priority").and_then(|key| {
        let priority = PRIORITIES.iter().find(|(_, k)| *k == key).map(|(p, _)| *p);
        if priority.is_none() {
            errors.add("priority", "invalid");
        }
        priority
    });
    let mut custom = Map::new();
    for field in lookups.live_fields() {
        let name = format!("fields.{}", field.row.key);
        let Some(raw) = fields.get(&name).map(str::trim) else {
            continue;
        };
        let value = if raw.is_empty() {
            Value::Null
        } else {
            match typed_value(field, raw) {
                Some(value) => value,
                None => {
                    errors.add(&name, "invalid_value");
                    continue;
                }
            }
        };
        let current = case
            .fields
            .get(&field.row.key)
            .cloned()
            .unwrap_or(Value::Null);
        if value != current {
            custom.insert(field.row.key.clone(), value);
        }
    }
    errors.into_result()?;
    let input = CaseInput {
        customer,
        area: text("area"),
        amount,
        due_date,
        priority,
        description: text("description"),
        fields: (!custom.is_empty()).then_some(custom),
        reason_id: None,
    };
    app::cases::update(&state.ctx, actor, id, input, fields.version()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc() {
        let madrid: chrono_tz::Tz = "Europe/Madrid".parse().unwrap();
        let at = parse_local("2026-07-01T09:30", madrid).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        assert!(parse_local("tomorrow", madrid).is_none());
        // The hour the clocks skip in spring does not exist.
        assert!(parse_local("2026-03-29T02:30", madrid).is_none());
    }

    #[test]
    fn numbers_take_a_decimal_comma() {
        assert_eq!(parse_number("120,5"), Some(120.5));
        assert_eq!(parse_number(" 7 "), Some(7.0));
        assert_eq!(parse_number("lots"), None);
    }
}
