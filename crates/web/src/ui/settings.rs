//! `/settings`: the company's name, its general settings and its security mode (SPEC §3), the switch to
//! enhanced security confirmed in a panel that says what it does.

use std::collections::BTreeMap;

use app::company::{CompanyInput, SecurityMode};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, Permission};

use super::common::{self, Fields, Flash, Problem};
use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    name: String,
    /// The company's default for outbound softphone calls (groups and users override).
    softphone: bool,
    /// Agents may pick "On a call" and "After-call work" by hand.
    manual_call_states: bool,
    version: i64,
    enhanced: bool,
    mode_label: String,
    may_edit: bool,
    may_switch: bool,
}

fn allowed(actor: &Actor) -> bool {
    actor.can(Permission::COMPANY_SETTINGS) || actor.can(Permission::SECURITY_MANAGE)
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    problem: Option<Problem>,
    name: Option<String>,
) -> Response {
    if !allowed(actor) {
        return common::forbidden(page);
    }
    let company = match app::company::get(&state.ctx, actor).await {
        Ok(company) => company,
        Err(error) => return common::fail(page, error),
    };
    let enhanced = company.security_mode == SecurityMode::Enhanced.key();
    let effective = domain::settings::Settings::from_json(&company.settings).resolve();
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = SettingsPage {
        title: page.t("nav-settings"),
        notice,
        alert,
        errors,
        softphone: effective.softphone_outbound,
        manual_call_states: effective.manual_call_states,
        name: name.unwrap_or(company.name),
        version: company.version,
        enhanced,
        mode_label: page.t(if enhanced {
            "security-enhanced"
        } else {
            "security-simple"
        }),
        may_edit: actor.can(Permission::COMPANY_SETTINGS),
        may_switch: actor.can(Permission::SECURITY_MANAGE),
        page,
    };
    (status, view).into_response()
}

pub async fn page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    render(&state, &actor, page, notice, None, None).await
}

/// `POST /settings`: the company's name and general settings.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let name = fields.text("name");
    let input = CompanyInput {
        name: Some(name.clone()),
        settings: Some(domain::settings::Settings {
            softphone_outbound: Some(fields.get("softphone_outbound").is_some()),
            manual_call_states: Some(fields.get("manual_call_states").is_some()),
        }),
        ..CompanyInput::default()
    };
    match app::company::update(&state.ctx, &actor, input, fields.version()).await {
        Ok(_) => Redirect::to("/settings?saved=1").into_response(),
        Err(error) => rerender(&state, &actor, page, error, Some(name)).await,
    }
}

/// `POST /settings/security`: switches the mode; the form is only reachable through
/// the confirmation panel, and must say `confirm=yes`.
pub async fn switch_mode(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let mode = SecurityMode::parse(&fields.text("security_mode"));
    let (Some(mode), Some("yes")) = (mode, fields.get("confirm")) else {
        let error = app::AppError::Invalid(domain::FieldErrors::single("security_mode", "invalid"));
        return rerender(&state, &actor, page, error, None).await;
    };
    let input = CompanyInput {
        security_mode: Some(mode),
        ..CompanyInput::default()
    };
    match app::company::update(&state.ctx, &actor, input, fields.version()).await {
        Ok(_) => Redirect::to("/settings?saved=1").into_response(),
        Err(error) => rerender(&state, &actor, page, error, None).await,
    }
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    error: app::AppError,
    name: Option<String>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => render(state, actor, page, None, Some(problem), name).await,
        Err(error) => common::fail(page, error),
    }
}
