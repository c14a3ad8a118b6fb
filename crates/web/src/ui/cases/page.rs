//! `GET /cases/{id}`: the case page (customer data, history, and its forms).

use std::collections::HashMap;

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::case_config::REQUIRABLE_ATTRIBUTES;
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use serde::Deserialize;
use serde_json::Value;

use app::cases::CaseDetails;
use store::cases::EventRow;

use super::facts::Fact;
use super::facts::{Sources, customer_facts, detail_facts};
use super::forms::{Outcome, timezone};
use super::history::{HistoryItem, history_item};
use super::inputs::{Form, Input, Requirement};
use super::inputs::{FormSource, Forms};
use super::lookups::{Lookups, form_field_name};
use super::rerender::Rerender;
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
    let notice = flash.notice(&page);
    let form = CaseForm {
        id,
        back,
        posted: None,
    };
    render_case(&state, &actor, page, Rerender::fresh(form, notice)).await
}

/// The case page as the reader left it: which case, where its back link leads when it
/// is not the reader's own list, and the values of a form as posted.
pub(super) struct CaseForm {
    pub(super) id: String,
    pub(super) back: Option<String>,
    pub(super) posted: Option<(Form, Fields)>,
}

impl CaseForm {
    /// `form` of case `id` as posted; it carries the back link's address.
    pub(super) fn posted(id: &str, form: Form, fields: Fields) -> Self {
        CaseForm {
            id: id.to_owned(),
            back: fields
                .get("back")
                .and_then(came_from::local_path)
                .map(str::to_owned),
            posted: Some((form, fields)),
        }
    }
}

pub(super) async fn render_case(
    state: &AppState,
    actor: &Actor,
    page: Page,
    again: Rerender<CaseForm, Outcome>,
) -> Response {
    let status = again.status();
    let Rerender {
        form,
        notice,
        refusal,
    } = again;
    match case_view(state, actor, &page, &form.id, refusal, form.posted).await {
        Ok(mut view) => {
            view.notice = notice;
            if let Some(back) = form.back {
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
    let events = case.history.clone().unwrap_or_default();
    let data: Vec<Value> = events
        .iter()
        .map(|e| serde_json::from_str(&e.data).unwrap_or_default())
        .collect();
    let names = user_names(state, actor, mentioned_users(&case, &events, &data)).await?;
    let name_of = |user: Option<&str>| match user {
        None => page.t("cw-unassigned"),
        Some(user) => names
            .get(user)
            .cloned()
            .unwrap_or_else(|| page.t("cw-someone")),
    };
    let sources = Sources {
        campaign: source_name(
            state,
            actor,
            ObjectKind::DialerCampaigns,
            case.row.campaign_id.as_deref(),
        )
        .await?,
        crm_form: source_name(
            state,
            actor,
            ObjectKind::CrmForms,
            case.row.crm_form_id.as_deref(),
        )
        .await?,
    };
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

    let mut forms = if may_edit {
        let linkable = app::interactions::linkable(&state.ctx, actor, id).await?;
        let source = FormSource {
            page,
            lookups: &lookups,
            case: &case,
            posted: posted.as_ref(),
            tz: timezone(actor),
        };
        Forms::of(&source, &linkable)
    } else {
        Forms::default()
    };
    let form = posted.as_ref().map(|(f, _)| *f);
    let failed = match (&outcome, form) {
        (Some(_), Some(form)) => form.key(),
        _ => "",
    };
    let alert = outcome.and_then(|outcome| mark_refusal(page, &lookups, outcome, form, &mut forms));

    let row = &case.row;
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
        customer: customer_facts(page, &case),
        details: detail_facts(page, &lookups, &case, sources, &name_of),
        history,
        may_edit,
        attempt_inputs: forms.attempt,
        status_inputs: forms.status,
        requirements: forms.requirements,
        edit_inputs: forms.edit,
        failed,
    })
}

/// The users a case's history and holder mention.
fn mentioned_users(case: &CaseDetails, events: &[EventRow], data: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = events.iter().filter_map(|e| e.actor_id.clone()).collect();
    ids.extend(case.row.assignee_id.clone());
    for d in data {
        for key in ["assignee_id", "from", "to"] {
            if let Some(user) = d.get(key).and_then(Value::as_str) {
                ids.push(user.to_owned());
            }
        }
    }
    ids
}

/// A refusal marks the fields of the form it concerns (`form`); problems with no input
/// of their own join the alert, which it answers.
fn mark_refusal(
    page: &Page,
    lookups: &Lookups,
    outcome: Outcome,
    form: Option<Form>,
    forms: &mut Forms,
) -> Option<String> {
    let mut alert = outcome.alert;
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
    if let Some(form) = form {
        for input in forms.inputs_mut(form).iter_mut() {
            input.error = errors.remove(&input.name);
        }
    }
    // Problems with no input of their own join the summary.
    if !errors.is_empty() {
        let rest: Vec<String> = errors
            .iter()
            .map(|(key, text)| format!("{}: {text}", form_field_name(page, lookups, key)))
            .collect();
        let start = alert.unwrap_or_else(|| page.t("problem-check-fields"));
        alert = Some(format!("{start} {}", rest.join(" ")));
    }
    alert
}
