//! `/api-tokens`: integration credentials carrying a role; the secret is shown once.

use std::collections::BTreeMap;

use app::roles::RoleDetails;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::SecondsFormat;
use domain::Actor;

use super::access::{self, AccessControl};
use super::catalog;
use super::common::{self, Fields, Flash, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub struct TokenLine {
    id: String,
    name: String,
    role: String,
    created_utc: String,
    created: String,
    last_used_utc: String,
    last_used: String,
}

#[derive(Default)]
pub struct NewTokenValues {
    name: String,
    role_id: String,
}

/// A secret just created, shown once.
pub struct NewSecret {
    name: String,
    secret: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "api_tokens.html")]
pub struct TokensPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<TokenLine>,
    roles: Vec<SelectOption>,
    form: NewTokenValues,
    created: Option<NewSecret>,
    access: Option<AccessControl>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    let problem = flash
        .alert(&page)
        .map(|a| Problem::alert(StatusCode::OK, a));
    let open = flash.about_access();
    render(
        &state,
        &actor,
        page,
        notice,
        problem,
        NewTokenValues::default(),
        None,
        open,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    problem: Option<Problem>,
    form: NewTokenValues,
    created: Option<NewSecret>,
    access_open: bool,
) -> Response {
    let tokens = match app::api_tokens::list(&state.ctx, actor).await {
        Ok(tokens) => tokens,
        Err(error) => return common::fail(page, error),
    };
    let roles: Vec<RoleDetails> =
        match common::optional(app::roles::choices(&state.ctx, actor).await) {
            Ok(roles) => roles.unwrap_or_default(),
            Err(error) => return common::fail(page, error),
        };
    let access = match access::control(state, actor, &page, "api_tokens", access_open).await {
        Ok(access) => access,
        Err(error) => return common::fail(page, error),
    };
    let never = page.t("tokens-never-used");
    let rows = tokens
        .iter()
        .map(|t| TokenLine {
            id: t.id.clone(),
            name: t.name.clone(),
            role: roles
                .iter()
                .find(|r| r.row.id == t.role_id)
                .map(|r| catalog::role_label(&page.tr, r))
                .unwrap_or_default(),
            created_utc: t.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            created: page.time(t.created_at),
            last_used_utc: t
                .last_used_at
                .map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_default(),
            last_used: t
                .last_used_at
                .map_or_else(|| never.clone(), |at| page.time(at)),
        })
        .collect();
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = TokensPage {
        title: page.t("nav-api-tokens"),
        notice,
        alert,
        errors,
        rows,
        roles: catalog::role_options(&page.tr, &roles, &form.role_id),
        form,
        created,
        access,
        page,
    };
    (status, view).into_response()
}

/// `POST /api-tokens`: creates a token and shows its secret this once.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = NewTokenValues {
        name: fields.text("name"),
        role_id: fields.text("role_id"),
    };
    match app::api_tokens::create(&state.ctx, &actor, &values.name, &values.role_id).await {
        Ok((row, secret)) => {
            let created = NewSecret {
                name: row.name,
                secret,
            };
            render(
                &state,
                &actor,
                page,
                None,
                None,
                NewTokenValues::default(),
                Some(created),
                false,
            )
            .await
        }
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => {
                render(
                    &state,
                    &actor,
                    page,
                    None,
                    Some(problem),
                    values,
                    None,
                    false,
                )
                .await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// `POST /api-tokens/{id}/revoke`: first the confirmation, then, with `confirm=yes`,
/// requests carrying the token fail from now on.
pub async fn revoke(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::token(&state, &actor, page, &id).await;
    }
    match app::api_tokens::revoke(&state.ctx, &actor, &id).await {
        Ok(()) => Redirect::to("/api-tokens?revoked=1").into_response(),
        Err(error) => common::fail(page, error),
    }
}
