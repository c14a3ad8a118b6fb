//! "Who can access": on a section's page, every role with a switch per permission of
//! that section. It edits the same role data as the role editor, from the section's side.

use app::AppError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, Permission};

use super::catalog::{self, Switch};
use super::common::{self, Fields};
use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::error::ApiError;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// The control as `templates/access.html` shows it.
pub struct AccessControl {
    pub section: String,
    pub rows: Vec<AccessRow>,
    /// Open on arrival: the page was reached right after using the control.
    pub open: bool,
}

pub struct AccessRow {
    pub action: String,
    pub role_name: String,
    pub is_template: bool,
    /// Whether the reader may change this row (custom role, `roles.manage`).
    pub editable: bool,
    pub switches: Vec<Switch>,
}

/// The page each section's control lives on.
fn section_page(section: &str) -> Option<&'static str> {
    match section {
        "roles" => Some("/roles"),
        "users" => Some("/users"),
        "groups" => Some("/groups"),
        "api_tokens" => Some("/api-tokens"),
        _ => None,
    }
}

/// The control for `section`, or `None` when the reader may not see roles.
pub async fn control(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    section: &str,
    open: bool,
) -> Result<Option<AccessControl>, AppError> {
    let Some(rows) =
        common::optional(app::roles::section_access(&state.ctx, actor, section).await)?
    else {
        return Ok(None);
    };
    let may_manage = actor.can(Permission::ROLES_MANAGE);
    let rows = rows
        .into_iter()
        .map(|(role, held)| {
            let prefix = format!("access-{}-", role.row.id);
            AccessRow {
                action: format!("/sections/{section}/access/{}", role.row.id),
                role_name: catalog::role_label(&page.tr, &role),
                is_template: role.template.is_some(),
                editable: may_manage && role.template.is_none(),
                switches: catalog::section_permissions(section)
                    .into_iter()
                    .map(|p| Switch::new(&page.tr, &prefix, p, held.contains(&p)))
                    .collect(),
            }
        })
        .collect();
    Ok(Some(AccessControl {
        section: catalog::section_label(&page.tr, section),
        rows,
        open,
    }))
}

/// `POST /sections/{key}/access/{role_id}`: the ticked permissions of the section.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((section, role_id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(back) = section_page(&section) else {
        return common::not_found();
    };
    let keys = Fields(pairs).all("permissions");
    let outcome =
        match app::roles::set_section_access(&state.ctx, &actor, &section, &role_id, &keys).await {
            Ok(_) => "saved",
            Err(AppError::Forbidden(_)) => "forbidden",
            Err(AppError::NotHeld(_)) => "not_held",
            Err(AppError::Conflict {
                code: "template_role",
                ..
            }) => "template_role",
            Err(AppError::Invalid(_)) => "invalid",
            Err(AppError::NotFound) => return common::not_found(),
            Err(other) => return ApiError::from(other).into_response(),
        };
    Redirect::to(&format!("{back}?access={outcome}#access")).into_response()
}
