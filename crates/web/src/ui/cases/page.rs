//! `GET /cases/{id}`: the case page (customer data, history, and its forms).

use std::collections::HashMap;

use app::AppError;
use app::case_config::Status;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::case_config::{REQUIRABLE_ATTRIBUTES, is_present};
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use serde::Deserialize;
use serde_json::Value;

use super::facts::{Fact, phones};
use super::forms::{Outcome, interaction_label, timezone};
use super::history::{HistoryItem, history_item};
use super::inputs::{Form, Input, Requirement, custom_input};
use super::lookups::{Lookups, form_field_name};
use super::wording::{
    CHANNELS, PRIORITIES, amount_text, attribute_label, channel_label, priority_label, value_text,
    verdict_label,
};
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::came_from;
use crate::ui::common::{self, Fields};
use crate::ui::layout::Page;

/// What a redirect after a successful form tells the case page.
#[derive(Deserialize, Default)]
pub struct CaseFlash {
    saved: Option<String>,
    logged: Option<String>,
    moved: Option<String>,
    /// The page that opened the case, carried through the forms' redirects.
    back: Option<String>,
}

impl CaseFlash {
    pub(super) fn notice(&self, page: &Page) -> Option<String> {
        let id = if self.logged.is_some() {
            "cw-flash-logged"
        } else if self.moved.is_some() {
            "cw-flash-moved"
        } else if self.saved.is_some() {
            "flash-saved"
        } else {
            return None;
        };
        Some(page.t(id))
    }
}

pub struct CaseView {
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    id: String,
    version: i64,
    status_name: String,
    open: bool,
    back_href: String,
    back_label: String,
    customer: Vec<Fact>,
    details: Vec<Fact>,
    history: Vec<HistoryItem>,
    may_edit: bool,
    attempt_inputs: Vec<Input>,
    status_inputs: Vec<Input>,
    requirements: Vec<Requirement>,
    edit_inputs: Vec<Input>,
    /// The form a refusal is about (`attempt`, `status`, `edit`), else empty.
    failed: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    page: Page,
    view: CaseView,
}

impl std::ops::Deref for CasePage {
    type Target = CaseView;

    fn deref(&self) -> &CaseView {
        &self.view
    }
}

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(flash): Query<CaseFlash>,
    headers: HeaderMap,
) -> Response {
    let back = flash
        .back
        .as_deref()
        .and_then(came_from::local_path)
        .map(str::to_owned)
        .or_else(|| came_from::referer(&headers, &format!("/cases/{id}")));
    let landing = Landing {
        notice: flash.notice(&page),
        back,
    };
    render_case(&state, &actor, page, &id, landing, None, None).await
}

/// What the page says on arrival, and where its back link leads when it is not the
/// reader's own list.
pub(super) struct Landing {
    pub(super) notice: Option<String>,
    pub(super) back: Option<String>,
}

pub(super) async fn render_case(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    landing: Landing,
    outcome: Option<Outcome>,
    posted: Option<(Form, Fields)>,
) -> Response {
    let status = outcome.as_ref().map_or(StatusCode::OK, |o| o.status);
    match case_view(state, actor, &page, id, outcome, posted).await {
        Ok(mut view) => {
            view.notice = landing.notice;
            if let Some(back) = landing.back {
                view.back_label = came_from::label(&page, &back);
                view.back_href = back;
            }
            (status, CasePage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

/// Names of the users a case page mentions: everyone for readers of groups, else the
/// reader themself.
pub(super) async fn user_names(
    state: &AppState,
    actor: &Actor,
    ids: Vec<String>,
) -> Result<HashMap<String, String>, AppError> {
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    ids.retain(|id| *id != actor.user_id);
    let mut names = if ids.is_empty() {
        HashMap::new()
    } else {
        common::optional(app::users::names(&state.ctx, actor, &ids).await)?.unwrap_or_default()
    };
    names.insert(actor.user_id.clone(), actor.name.clone());
    Ok(names)
}

/// The name of the campaign or CRM form a case came through, when the reader sees it.
pub(super) async fn source_name(
    state: &AppState,
    actor: &Actor,
    kind: ObjectKind,
    id: Option<&str>,
) -> Result<Option<String>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    match app::objects::get(&state.ctx, actor, kind, id).await {
        Ok(object) => Ok(Some(object.row.name)),
        Err(AppError::NotFound | AppError::Forbidden(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

pub(super) async fn case_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    id: &str,
    outcome: Option<Outcome>,
    posted: Option<(Form, Fields)>,
) -> Result<CaseView, AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, page.tr).await?;
    let may_edit = actor.can(Permission::CASES_EDIT);
    let linkable = if may_edit {
        app::interactions::linkable(&state.ctx, actor, id).await?
    } else {
        Vec::new()
    };
    let events = case.history.clone().unwrap_or_default();
    let data: Vec<Value> = events
        .iter()
        .map(|e| serde_json::from_str(&e.data).unwrap_or_default())
        .collect();
    let mut ids: Vec<String> = events.iter().filter_map(|e| e.actor_id.clone()).collect();
    ids.extend(case.row.assignee_id.clone());
    for d in &data {
        for key in ["assignee_id", "from", "to"] {
            if let Some(user) = d.get(key).and_then(Value::as_str) {
                ids.push(user.to_owned());
            }
        }
    }
    let names = user_names(state, actor, ids).await?;
    let campaign = source_name(
        state,
        actor,
        ObjectKind::DialerCampaigns,
        case.row.campaign_id.as_deref(),
    )
    .await?;
    let crm_form = source_name(
        state,
        actor,
        ObjectKind::CrmForms,
        case.row.crm_form_id.as_deref(),
    )
    .await?;
    let name_of = |user: Option<&str>| match user {
        None => page.t("cw-unassigned"),
        Some(user) => names
            .get(user)
            .cloned()
            .unwrap_or_else(|| page.t("cw-someone")),
    };

    let row = &case.row;
    let customer = vec![
        Fact::new("name", page.t("cw-field-name"), case.customer.name.clone()),
        Fact::new(
            "document",
            page.t("cw-field-document"),
            case.customer.document.clone(),
        ),
        Fact {
            phones: phones(&case.customer.phones),
            ..Fact::new(
                "phones",
                page.t("cw-field-phones"),
                case.customer.phones.join(", "),
            )
        },
        Fact::new(
            "email",
            page.t("cw-field-email"),
            case.customer.email.clone(),
        ),
        Fact::new(
            "address",
            page.t("cw-field-address"),
            case.customer.address.clone(),
        ),
    ];
    let mut details = vec![
        Fact::new(
            "status",
            page.t("cw-field-status"),
            lookups.status_name(&row.status),
        ),
        Fact::new(
            "reason",
            page.t("cw-field-reason"),
            row.reason_id
                .as_deref()
                .map(|r| lookups.reason_name(r))
                .unwrap_or_default(),
        ),
        Fact::new("area", page.t("cw-field-area"), row.area.clone()),
        Fact::new(
            "amount",
            page.t("cw-field-amount"),
            row.amount_cents.map(amount_text).unwrap_or_default(),
        ),
        Fact {
            badge: page
                .overdue(row.is_open, row.due_date.as_deref())
                .then(|| page.t("cw-overdue")),
            ..Fact::new(
                "due-date",
                page.t("cw-field-due-date"),
                row.due_date.clone().unwrap_or_default(),
            )
        },
        Fact::new(
            "priority",
            page.t("cw-field-priority"),
            priority_label(page, case.priority()),
        ),
        Fact::new(
            "description",
            page.t("cw-field-description"),
            row.description.clone(),
        ),
    ];
    // Named only to readers who see the campaign or form (an operator may not).
    if let Some(name) = campaign {
        details.push(Fact::new("campaign", page.t("cw-field-campaign"), name));
    }
    if let Some(name) = crm_form {
        details.push(Fact::new("crm-form", page.t("cw-field-crm-form"), name));
    }
    details.push(Fact::new(
        "assignee",
        page.t("cw-field-assignee"),
        name_of(row.assignee_id.as_deref()),
    ));
    details.push(Fact::new(
        "next-contact",
        page.t("cw-field-next-contact"),
        row.next_contact_at
            .map(|at| page.time(at))
            .unwrap_or_default(),
    ));
    details.push(Fact::new(
        "created",
        page.t("cw-field-created"),
        page.time(row.created_at),
    ));
    details.push(Fact::new(
        "updated",
        page.t("cw-field-updated"),
        page.time(row.updated_at),
    ));
    if let Some(closed) = row.closed_at {
        details.push(Fact::new(
            "closed",
            page.t("cw-field-closed"),
            page.time(closed),
        ));
    }
    if let Some(verdict) = &row.audit_verdict {
        details.push(Fact::new(
            "audit",
            page.t("cw-field-audit"),
            verdict_label(page, verdict),
        ));
    }
    for field in &lookups.fields {
        let value = case.fields.get(&field.row.key);
        if field.row.removed_at.is_some() && !is_present(value) {
            continue;
        }
        let mut label = field.row.label.clone();
        if field.row.removed_at.is_some() {
            label = format!("{label} {}", page.t("cw-removed-field"));
        }
        details.push(Fact::new(
            &format!("field-{}", field.row.key.replace('_', "-")),
            label,
            value.map(value_text).unwrap_or_default(),
        ));
    }

    let history = events
        .iter()
        .zip(&data)
        .rev()
        .map(|(event, data)| history_item(page, &lookups, &name_of, event, data))
        .collect();

    let (back_href, back_label) = if may_edit {
        ("/my-cases".to_owned(), page.t("nav-my-cases"))
    } else {
        ("/cases".to_owned(), page.t("nav-cases"))
    };

    // Posted values come back into the form they came from.
    let value = |form: Form, name: &str, default: String| match &posted {
        Some((f, fields)) if *f == form => fields.text(name),
        _ => default,
    };
    let tz = timezone(actor);
    // Retired reasons are not offered, but the case's own stays selectable.
    let reason_choices = |keep: Option<&str>| {
        lookups
            .reasons
            .iter()
            .filter(|r| r.active || keep == Some(r.id.as_str()))
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect::<Vec<_>>()
    };

    let (mut attempt_inputs, mut status_inputs, mut requirements, mut edit_inputs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if may_edit {
        // The contact attempt.
        let form = Form::Attempt;
        attempt_inputs.push(Input::select(
            form,
            "channel",
            page.t("cw-attempt-channel"),
            value(form, "channel", "call".to_owned()),
            None,
            CHANNELS
                .iter()
                .map(|(_, key)| ((*key).to_owned(), channel_label(page, key))),
        ));
        attempt_inputs.push(Input::select(
            form,
            "result",
            page.t("cw-attempt-result"),
            value(form, "result", String::new()),
            Some(page.t("cw-choose")),
            lookups
                .dispositions
                .iter()
                .filter(|d| d.active)
                .map(|d| (d.key.clone(), d.name.clone())),
        ));
        attempt_inputs.push(Input::select(
            form,
            "reason_id",
            page.t("cw-field-reason"),
            value(form, "reason_id", String::new()),
            Some(page.t("cw-none-chosen")),
            reason_choices(None),
        ));
        if !linkable.is_empty() {
            attempt_inputs.push(
                Input::select(
                    form,
                    "interaction_id",
                    page.t("cw-attempt-interaction"),
                    value(form, "interaction_id", String::new()),
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
        let mut hint = format!("{before}{}{after}", tz.name());
        if !needing.is_empty() {
            hint = format!(
                "{hint} {} {}",
                page.t("cw-attempt-next-needed"),
                needing.join(", ")
            );
        }
        attempt_inputs.push(
            Input::new(
                form,
                "next_contact_at",
                page.t("cw-attempt-next"),
                "datetime-local",
                value(form, "next_contact_at", String::new()),
            )
            .hint(hint),
        );
        attempt_inputs.push(
            Input::new(
                form,
                "notes",
                page.t("cw-attempt-notes"),
                "textarea",
                value(form, "notes", String::new()),
            )
            .wide(),
        );

        // The status change, with what each status requires.
        let form = Form::Status;
        status_inputs.push(Input::select(
            form,
            "status",
            page.t("cw-status-new"),
            value(form, "status", row.status.clone()),
            None,
            lookups
                .statuses
                .iter()
                .map(|s| (s.key.clone(), s.name.clone())),
        ));
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
        let needs = |key: &str| {
            needed_by
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, statuses)| statuses.as_slice())
        };
        let mut reason = Input::select(
            form,
            "reason_id",
            page.t("cw-field-reason"),
            value(form, "reason_id", row.reason_id.clone().unwrap_or_default()),
            Some(page.t("cw-none-chosen")),
            reason_choices(row.reason_id.as_deref()),
        );
        if let Some(statuses) = needs("reason_id") {
            reason = reason.hint(required_hint(statuses));
        }
        status_inputs.push(reason);
        // Inputs for what statuses require, attributes first, then custom fields.
        let mut requirable: Vec<Input> = Vec::new();
        for key in REQUIRABLE_ATTRIBUTES.iter().filter(|k| **k != "reason_id") {
            if needs(key).is_none() {
                continue;
            }
            let label = attribute_label(page, key);
            let input = match *key {
                "amount" => Input::new(
                    form,
                    key,
                    label,
                    "number",
                    value(
                        form,
                        key,
                        row.amount_cents.map(amount_text).unwrap_or_default(),
                    ),
                )
                .step("0.01"),
                "due_date" => Input::new(
                    form,
                    key,
                    label,
                    "date",
                    value(form, key, row.due_date.clone().unwrap_or_default()),
                ),
                "description" => Input::new(
                    form,
                    key,
                    label,
                    "textarea",
                    value(form, key, row.description.clone()),
                )
                .wide(),
                _ => Input::new(form, key, label, "text", value(form, key, row.area.clone())),
            };
            requirable.push(input);
        }
        for field in lookups.live_fields() {
            if needs(&field.row.key).is_none() {
                continue;
            }
            let name = format!("fields.{}", field.row.key);
            let current = case
                .fields
                .get(&field.row.key)
                .map(value_text)
                .unwrap_or_default();
            requirable.push(custom_input(page, form, field, value(form, &name, current)));
        }
        for mut input in requirable {
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
            status_inputs.push(input);
        }

        // The case's data.
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
            let mut input = Input::new(form, name, page.t(label), kind, value(form, name, current));
            if name == "customer.phones" {
                input = input.hint(page.t("cw-field-phones-hint"));
            }
            if name == "amount" {
                input = input.step("0.01");
            }
            edit_inputs.push(input);
        }
        let priority_key = PRIORITIES
            .iter()
            .find(|(p, _)| *p == case.priority())
            .map_or("normal", |(_, k)| k);
        edit_inputs.push(Input::select(
            form,
            "priority",
            page.t("cw-field-priority"),
            value(form, "priority", priority_key.to_owned()),
            None,
            PRIORITIES
                .iter()
                .map(|(p, k)| ((*k).to_owned(), priority_label(page, *p))),
        ));
        edit_inputs.push(
            Input::new(
                form,
                "description",
                page.t("cw-field-description"),
                "textarea",
                value(form, "description", row.description.clone()),
            )
            .wide(),
        );
        for field in lookups.live_fields() {
            let name = format!("fields.{}", field.row.key);
            let current = case
                .fields
                .get(&field.row.key)
                .map(value_text)
                .unwrap_or_default();
            edit_inputs.push(custom_input(page, form, field, value(form, &name, current)));
        }
    }

    // A refusal marks the fields of the form it concerns.
    let mut alert = None;
    let mut failed = "";
    if let Some(outcome) = outcome {
        alert = outcome.alert;
        let form = posted.as_ref().map(|(f, _)| *f);
        failed = form.map_or("", Form::key);
        let inputs = match form {
            Some(Form::Attempt) => Some(&mut attempt_inputs),
            Some(Form::Status) => Some(&mut status_inputs),
            Some(Form::Edit) => Some(&mut edit_inputs),
            None => None,
        };
        let mut errors = outcome.errors;
        if !outcome.missing.is_empty() {
            let (summary, each) = if form == Some(Form::Edit) {
                ("cw-still-required", "cw-still-required-field")
            } else {
                ("cw-missing-fields", "cw-missing-field")
            };
            let names: Vec<String> = outcome
                .missing
                .iter()
                .map(|k| lookups.key_label(page, k))
                .collect();
            alert = Some(format!("{}: {}.", page.t(summary), names.join(", ")));
            for key in &outcome.missing {
                let name = if REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) {
                    key.clone()
                } else {
                    format!("fields.{key}")
                };
                errors.insert(name, page.t(each));
            }
        }
        if let Some(inputs) = inputs {
            for input in inputs.iter_mut() {
                input.error = errors.remove(&input.name);
            }
        }
        // Problems with no input of their own join the summary.
        if !errors.is_empty() {
            let rest: Vec<String> = errors
                .iter()
                .map(|(key, text)| format!("{}: {text}", form_field_name(page, &lookups, key)))
                .collect();
            let start = alert.unwrap_or_else(|| page.t("problem-check-fields"));
            alert = Some(format!("{start} {}", rest.join(" ")));
        }
    }

    Ok(CaseView {
        title: case.customer.name.clone(),
        notice: None,
        alert,
        id: row.id.clone(),
        version: row.version,
        status_name: lookups.status_name(&row.status),
        open: row.is_open,
        back_href,
        back_label,
        customer,
        details,
        history,
        may_edit,
        attempt_inputs,
        status_inputs,
        requirements,
        edit_inputs,
        failed,
    })
}
