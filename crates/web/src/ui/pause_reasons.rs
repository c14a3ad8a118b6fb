//! `/pause-reasons`: the codes agents pause with — listed, created, edited (name and
//! maximum) and deleted after a confirmation — for company administrators.

use std::collections::BTreeMap;

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, FieldErrors, Permission};
use serde::Deserialize;

use super::common::{self, Fields, Problem};
use super::confirm;
use super::layout::Page;
use super::page_routes::Pages;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected()
        .get("/pause-reasons", list)
        .post("/pause-reasons", create)
        .post("/pause-reasons/{id}", update)
        .post("/pause-reasons/{id}/delete", delete)
}

/// What a redirect after a successful form may say: (`done` value, message).
const DONE: [(&str, &str); 3] = [
    ("created", "pause-reasons-flash-created"),
    ("saved", "flash-saved"),
    ("deleted", "flash-deleted"),
];

pub struct ReasonLine {
    id: String,
    name: String,
    max_minutes: String,
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "pause_reasons.html")]
pub struct PauseReasonsPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<ReasonLine>,
    new_name: String,
    new_max: String,
}

#[derive(Deserialize, Default)]
pub struct ReasonsQuery {
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ReasonsQuery>,
) -> Response {
    let notice = query.done.as_deref().and_then(|done| {
        let (_, id) = DONE.iter().find(|(key, _)| *key == done)?;
        Some(page.t(id))
    });
    render(&state, &actor, page, notice, None, Typed::default()).await
}

/// A new reason's fields as typed, shown again after a refusal.
#[derive(Default)]
struct Typed {
    name: String,
    max: String,
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    problem: Option<Problem>,
    typed: Typed,
) -> Response {
    // The page is for those who configure the company; agents read reasons elsewhere.
    if !actor.can(Permission::COMPANY_SETTINGS) {
        return common::forbidden(page);
    }
    let reasons = match app::pause_reasons::list(&state.ctx, actor).await {
        Ok(reasons) => reasons,
        Err(error) => return common::fail(page, error),
    };
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = PauseReasonsPage {
        title: page.t("nav-pause-reasons"),
        notice,
        alert,
        errors,
        rows: reasons
            .into_iter()
            .map(|r| ReasonLine {
                id: r.id,
                name: r.name,
                max_minutes: r.max_minutes.map(|m| m.to_string()).unwrap_or_default(),
                version: r.version,
            })
            .collect(),
        new_name: typed.name,
        new_max: typed.max,
        page,
    };
    (status, view).into_response()
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    error: AppError,
    typed: Typed,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) if problem.status == StatusCode::FORBIDDEN => common::forbidden(page),
        Ok(problem) => render(state, actor, page, None, Some(problem), typed).await,
        Err(error) => common::fail(page, error),
    }
}

fn done(what: &str) -> Response {
    Redirect::to(&common::with_query("/pause-reasons", &[("done", what)])).into_response()
}

/// The maximum as typed: blank for none, else whole minutes.
fn max_minutes(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| FieldErrors::single("max_minutes", "invalid").into())
}

/// `POST /pause-reasons`: a new reason.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let typed = Typed {
        name: fields.text("name"),
        max: fields.text("max_minutes"),
    };
    let created = match max_minutes(&typed.max) {
        Ok(max) => app::pause_reasons::create(&state.ctx, &actor, &typed.name, max).await,
        Err(error) => Err(error),
    };
    match created {
        Ok(_) => done("created"),
        Err(error) => rerender(&state, &actor, page, error, typed).await,
    }
}

/// `POST /pause-reasons/{id}`: a new name and maximum.
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let name = fields.text("name");
    let updated = match max_minutes(&fields.text("max_minutes")) {
        Ok(max) => {
            app::pause_reasons::update(
                &state.ctx,
                &actor,
                &id,
                Some(&name),
                Some(max),
                fields.version(),
            )
            .await
        }
        Err(error) => Err(error),
    };
    match updated {
        Ok(_) => done("saved"),
        Err(error) => rerender(&state, &actor, page, error, Typed::default()).await,
    }
}

/// `POST /pause-reasons/{id}/delete`: first the confirmation (who is paused with it
/// now), then, with `confirm=yes`, the reason is retired.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::pause_reason(&state, &actor, page, &id).await;
    }
    match app::pause_reasons::delete(&state.ctx, &actor, &id).await {
        Ok(()) => done("deleted"),
        Err(error) => rerender(&state, &actor, page, error, Typed::default()).await,
    }
}
