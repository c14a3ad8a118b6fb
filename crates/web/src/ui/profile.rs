//! `/profile`: language, time zone, email, avatar and password of the signed-in user.

use std::collections::BTreeMap;

use app::AppError;
use app::profile::ProfileInput;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::SecondsFormat;
use domain::Actor;
use domain::profile::Language;
use serde::Deserialize;
use store::users::UserRow;

use super::common::SelectOption;
use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::error::ApiError;
use crate::extract::CurrentActor;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    version: i64,
    languages: Vec<SelectOption>,
    timezones: Vec<SelectOption>,
    email: String,
    email_editable: bool,
    avatar: String,
    name: String,
    role: String,
    created_utc: String,
    created_local: String,
}

fn profile_page(page: Page, actor: &Actor, user: UserRow) -> ProfilePage {
    let languages = Language::ALL
        .into_iter()
        .map(|l| SelectOption {
            value: l.code().to_owned(),
            label: page.t(&format!("language-{}", l.code())),
            selected: l.code() == user.language,
        })
        .collect();
    let timezones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| SelectOption {
            value: tz.name().to_owned(),
            label: tz.name().replace('_', " "),
            selected: tz.name() == user.timezone,
        })
        .collect();
    ProfilePage {
        title: page.t("nav-profile"),
        notice: None,
        alert: None,
        errors: BTreeMap::new(),
        version: user.version,
        languages,
        timezones,
        email: user.email,
        email_editable: actor.may_change_own_email(),
        avatar: user.avatar.unwrap_or_default(),
        name: user.name,
        role: super::layout::role_name(&page.tr, &actor.role),
        created_utc: user.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        created_local: page.time(user.created_at),
        page,
    }
}

#[derive(Deserialize)]
pub struct Flash {
    saved: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(flash): Query<Flash>,
) -> Response {
    match app::profile::me(&state.ctx, &actor).await {
        Ok(user) => {
            let notice = flash.saved.as_deref().map(|what| {
                page.t(if what == "password" {
                    "password-changed"
                } else {
                    "profile-saved"
                })
            });
            let mut view = profile_page(page, &actor, user);
            view.notice = notice;
            view.into_response()
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ProfileForm {
    version: Option<i64>,
    language: Option<String>,
    timezone: Option<String>,
    email: Option<String>,
    avatar: Option<String>,
}

pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Response {
    let input = ProfileInput {
        avatar: form.avatar,
        language: form.language,
        timezone: form.timezone,
        email: form.email.filter(|_| actor.may_change_own_email()),
    };
    match app::profile::update(&state.ctx, &actor, input, form.version).await {
        Ok(_) => Redirect::to("/profile?saved=profile").into_response(),
        Err(error) => rerender(&state, &actor, page, error).await,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Response {
    match app::profile::change_password(&state.ctx, &actor, &form.current, &form.new).await {
        Ok(()) => Redirect::to("/profile?saved=password").into_response(),
        Err(error) => rerender(&state, &actor, page, error).await,
    }
}

/// Shows the form again with what went wrong; unexpected errors keep the API's shape.
async fn rerender(state: &AppState, actor: &Actor, page: Page, error: AppError) -> Response {
    let (status, errors, alert) = match &error {
        AppError::Invalid(fields) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page.field_errors(fields),
            None,
        ),
        AppError::Conflict {
            code: "email_taken",
            ..
        } => (
            StatusCode::CONFLICT,
            BTreeMap::from([("email".to_owned(), page.t("problem-email-taken"))]),
            None,
        ),
        AppError::Stale => (
            StatusCode::PRECONDITION_FAILED,
            BTreeMap::new(),
            Some(page.t("problem-stale")),
        ),
        _ => return ApiError::from(error).into_response(),
    };
    match app::profile::me(&state.ctx, actor).await {
        Ok(user) => {
            let mut view = profile_page(page, actor, user);
            view.errors = errors;
            view.alert = alert;
            (status, view).into_response()
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}
