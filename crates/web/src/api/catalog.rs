//! `/permissions` and `/sections`: the catalog, and per-section access from the
//! section's side.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::views::RoleView;
use crate::error::ApiResult;
use crate::extract::{ApiJson, CurrentActor};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct PermissionView {
    key: &'static str,
    section: &'static str,
    description: &'static str,
}

/// The permission catalog, fixed in code.
#[utoipa::path(get, path = "/permissions", tag = "roles",
    responses((status = 200, body = Vec<PermissionView>)))]
pub async fn permissions(CurrentActor(_actor): CurrentActor) -> Json<Vec<PermissionView>> {
    Json(
        domain::permissions::CATALOG
            .iter()
            .map(|def| PermissionView {
                key: def.permission.key(),
                section: def.permission.section(),
                description: def.description,
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct SectionView {
    key: &'static str,
    name: &'static str,
    permissions: Vec<&'static str>,
}

/// The sections of the product and the permissions each groups.
#[utoipa::path(get, path = "/sections", tag = "roles",
    responses((status = 200, body = Vec<SectionView>)))]
pub async fn sections(CurrentActor(_actor): CurrentActor) -> Json<Vec<SectionView>> {
    Json(
        domain::permissions::SECTIONS
            .iter()
            .map(|s| SectionView {
                key: s.key,
                name: s.name,
                permissions: domain::Permission::all()
                    .filter(|p| p.section() == s.key)
                    .map(|p| p.key())
                    .collect(),
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct SectionAccessRow {
    role: RoleView,
    /// The section's permissions this role holds.
    permissions: Vec<&'static str>,
}

/// Who can access a section: every role with the section's permissions it holds.
#[utoipa::path(get, path = "/sections/{key}/access", tag = "roles",
    params(("key" = String, Path)),
    responses((status = 200, body = Vec<SectionAccessRow>), (status = 404)))]
pub async fn section_access(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(key): Path<String>,
) -> ApiResult<Json<Vec<SectionAccessRow>>> {
    let rows = app::roles::section_access(&state.ctx, &actor, &key).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(role, held)| SectionAccessRow {
                role: role.into(),
                permissions: held.into_iter().map(|p| p.key()).collect(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionAccessBody {
    permissions: Vec<String>,
}

/// Sets which of the section's permissions a custom role holds (templates: 409).
#[utoipa::path(put, path = "/sections/{key}/access/{role_id}", tag = "roles",
    params(("key" = String, Path), ("role_id" = String, Path)),
    request_body = SectionAccessBody,
    responses((status = 200, body = RoleView), (status = 403), (status = 404), (status = 409)))]
pub async fn set_section_access(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((key, role_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<SectionAccessBody>,
) -> ApiResult<Json<RoleView>> {
    let role =
        app::roles::set_section_access(&state.ctx, &actor, &key, &role_id, &body.permissions)
            .await?;
    Ok(Json(role.into()))
}
