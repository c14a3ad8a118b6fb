//! `/company` (security mode) and `/projects`: tiles, members and objects.

use app::company::{CompanyInput, SecurityMode};
use app::projects::{ProjectDetails, ProjectInput};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::FieldErrors;
use domain::objects::ObjectKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::companies::CompanyRow;
use store::projects::Member;
use utoipa::ToSchema;

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch, ListParams};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CompanySettingsView {
    pub id: String,
    pub name: String,
    /// `simple`: roles alone decide; `enhanced`: projects also decide.
    pub security_mode: String,
    #[schema(value_type = Object)]
    pub settings: domain::settings::Settings,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<CompanyRow> for CompanySettingsView {
    fn from(row: CompanyRow) -> Self {
        Self {
            settings: domain::settings::Settings::from_json(&row.settings),
            id: row.id,
            name: row.name,
            security_mode: row.security_mode,
            version: row.version,
            updated_at: row.updated_at,
        }
    }
}

#[utoipa::path(get, path = "/company", tag = "projects",
    responses((status = 200, body = CompanySettingsView)))]
pub async fn get_company(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<CompanySettingsView>> {
    Ok(Json(app::company::get(&state.ctx, &actor).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyBody {
    name: Option<String>,
    /// `simple` or `enhanced` (needs `security.manage`). Switching to `enhanced`
    /// creates the project Default holding every user, group and object.
    security_mode: Option<String>,
    #[schema(value_type = Option<Object>)]
    settings: Option<domain::settings::Settings>,
}

#[utoipa::path(patch, path = "/company", tag = "projects", request_body = CompanyBody,
    responses((status = 200, body = CompanySettingsView), (status = 403), (status = 412), (status = 422)))]
pub async fn patch_company(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<CompanyBody>,
) -> ApiResult<Json<CompanySettingsView>> {
    let security_mode =
        match body.security_mode.as_deref() {
            None => None,
            Some(key) => Some(SecurityMode::parse(key).ok_or_else(|| {
                FieldErrors::single("security_mode", "expected simple or enhanced")
            })?),
        };
    let input = CompanyInput {
        name: body.name,
        security_mode,
        settings: body.settings,
    };
    Ok(Json(
        app::company::update(&state.ctx, &actor, input, version)
            .await?
            .into(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectCounts {
    pub users: i64,
    pub groups: i64,
    /// Objects by kind (`queues`, `call-scripts`, …).
    pub objects: BTreeMap<String, i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Absent for holders of `projects.list` alone: the tile, nothing inside.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<NamedView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<NamedView>>,
    pub counts: ProjectCounts,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn named(list: Option<Vec<store::projects::Named>>) -> Option<Vec<NamedView>> {
    list.map(|items| {
        items
            .into_iter()
            .map(|n| NamedView {
                id: n.id,
                name: n.name,
            })
            .collect()
    })
}

impl From<ProjectDetails> for ProjectView {
    fn from(project: ProjectDetails) -> Self {
        Self {
            id: project.row.id,
            name: project.row.name,
            description: project.row.description,
            users: named(project.users),
            groups: named(project.groups),
            counts: ProjectCounts {
                users: project.counts.users,
                groups: project.counts.groups,
                objects: project.counts.objects.into_iter().collect(),
            },
            version: project.row.version,
            created_at: project.row.created_at,
            updated_at: project.row.updated_at,
        }
    }
}

#[utoipa::path(get, path = "/projects", tag = "projects", params(ListParams),
    responses((status = 200, body = Page<ProjectView>), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<ProjectView>>> {
    let page = app::projects::list(
        &state.ctx,
        &actor,
        params.cursor.as_deref(),
        params.limit(),
        params.count.unwrap_or(false),
    )
    .await?;
    Ok(Json(Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next,
        total: page.total,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    name: Option<String>,
    description: Option<String>,
}

impl From<ProjectBody> for ProjectInput {
    fn from(body: ProjectBody) -> Self {
        ProjectInput {
            name: body.name,
            description: body.description,
        }
    }
}

#[utoipa::path(post, path = "/projects", tag = "projects", request_body = ProjectBody,
    responses((status = 201, body = ProjectView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<ProjectBody>,
) -> ApiResult<(StatusCode, Json<ProjectView>)> {
    let project = app::projects::create(&state.ctx, &actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(project.into())))
}

#[utoipa::path(get, path = "/projects/{id}", tag = "projects", params(("id" = String, Path)),
    responses((status = 200, body = ProjectView), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    Ok(Json(
        app::projects::get(&state.ctx, &actor, &id).await?.into(),
    ))
}

#[utoipa::path(patch, path = "/projects/{id}", tag = "projects", params(("id" = String, Path)),
    request_body = ProjectBody,
    responses((status = 200, body = ProjectView), (status = 403), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<ProjectBody>,
) -> ApiResult<Json<ProjectView>> {
    Ok(Json(
        app::projects::update(&state.ctx, &actor, &id, body.into(), version)
            .await?
            .into(),
    ))
}

/// 409 `project_not_empty` in enhanced security while it holds an object's only
/// placement.
#[utoipa::path(delete, path = "/projects/{id}", tag = "projects", params(("id" = String, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::projects::delete(&state.ctx, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"user_id"}` or `{"group_id"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberBody {
    user_id: Option<String>,
    group_id: Option<String>,
}

#[utoipa::path(post, path = "/projects/{id}/members", tag = "projects", params(("id" = String, Path)),
    request_body = MemberBody,
    responses((status = 200, body = ProjectView), (status = 403), (status = 404), (status = 422)))]
pub async fn add_member(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberBody>,
) -> ApiResult<Json<ProjectView>> {
    let (member, member_id) = match (body.user_id, body.group_id) {
        (Some(user), None) => (Member::User, user),
        (None, Some(group)) => (Member::Group, group),
        _ => return Err(FieldErrors::single("body", "give user_id or group_id").into()),
    };
    Ok(Json(
        app::projects::add_member(&state.ctx, &actor, &id, member, &member_id)
            .await?
            .into(),
    ))
}

#[utoipa::path(delete, path = "/projects/{id}/members/{member_kind}/{mid}", tag = "projects",
    params(("id" = String, Path), ("member_kind" = String, Path, description = "`user` or `group`"), ("mid" = String, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn remove_member(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((id, member_kind, member_id)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let member = match member_kind.as_str() {
        "user" | "users" => Member::User,
        "group" | "groups" => Member::Group,
        _ => return Err(app::AppError::NotFound.into()),
    };
    app::projects::remove_member(&state.ctx, &actor, &id, member, &member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{kind, id, name}`, kind as in the URL.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectObjectView {
    pub kind: String,
    pub id: String,
    pub name: String,
}

#[utoipa::path(get, path = "/projects/{id}/objects", tag = "projects", params(("id" = String, Path), ListParams),
    responses((status = 200, body = Page<ProjectObjectView>), (status = 403), (status = 404)))]
pub async fn objects(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<ProjectObjectView>>> {
    let page = app::projects::objects(
        &state.ctx,
        &actor,
        &id,
        params.cursor.as_deref(),
        params.limit(),
    )
    .await?;
    Ok(Json(Page {
        items: page
            .items
            .into_iter()
            .map(|o| ProjectObjectView {
                kind: o.kind,
                id: o.id,
                name: o.name,
            })
            .collect(),
        next: page.next,
        total: None,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectObjectBody {
    kind: String,
    id: String,
    /// Move a single-project object here from its current project instead of
    /// answering 409.
    #[serde(default, rename = "move")]
    move_here: bool,
}

fn parse_kind(key: &str) -> Result<ObjectKind, FieldErrors> {
    ObjectKind::parse(key).ok_or_else(|| FieldErrors::single("kind", "unknown_kind"))
}

#[utoipa::path(post, path = "/projects/{id}/objects", tag = "projects", params(("id" = String, Path)),
    request_body = ProjectObjectBody,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_object(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProjectObjectBody>,
) -> ApiResult<StatusCode> {
    let kind = parse_kind(&body.kind)?;
    app::projects::add_object(&state.ctx, &actor, &id, kind, &body.id, body.move_here).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 409 `last_project` in enhanced security when it is the object's only project.
#[utoipa::path(delete, path = "/projects/{id}/objects/{kind}/{oid}", tag = "projects",
    params(("id" = String, Path), ("kind" = String, Path), ("oid" = String, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn remove_object(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((id, kind, object_id)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let kind = ObjectKind::parse(&kind).ok_or(app::AppError::NotFound)?;
    app::projects::remove_object(&state.ctx, &actor, &id, kind, &object_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
