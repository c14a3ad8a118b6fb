//! `/projects`: the project tiles, and a project's page with its name, members
//! (users and groups) and objects (SPEC §3).

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::projects::{ProjectDetails, ProjectInput};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use serde::Deserialize;
use store::projects::Member;
use store::users::{UserFilter, UserSort};

use super::common::{self, Fields, Flash, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// Tiles per page.
const PAGE_SIZE: i64 = 100;
/// The most users, groups or objects of one kind a picker offers.
const PICKER_SIZE: i64 = 500;

pub struct Tile {
    href: String,
    name: String,
    description: String,
    users: i64,
    groups: i64,
    objects: i64,
}

#[derive(Default)]
pub struct NewProject {
    name: String,
    description: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "projects.html")]
pub struct ProjectsPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    tiles: Vec<Tile>,
    total: i64,
    next: Option<String>,
    may_manage: bool,
    form: NewProject,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    cursor: Option<String>,
}

fn tile(project: &ProjectDetails) -> Tile {
    Tile {
        href: format!("/projects/{}", project.row.id),
        name: project.row.name.clone(),
        description: project.row.description.clone(),
        users: project.counts.users,
        groups: project.counts.groups,
        objects: project.counts.objects.values().sum(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    let cursor = common::non_empty(query.cursor);
    render_list(
        &state,
        &actor,
        page,
        cursor,
        notice,
        None,
        NewProject::default(),
    )
    .await
}

async fn render_list(
    state: &AppState,
    actor: &Actor,
    page: Page,
    cursor: Option<String>,
    notice: Option<String>,
    problem: Option<Problem>,
    form: NewProject,
) -> Response {
    let projects =
        match app::projects::list(&state.ctx, actor, cursor.as_deref(), PAGE_SIZE, true).await {
            Ok(projects) => projects,
            Err(error) => return common::fail(page, error),
        };
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = ProjectsPage {
        title: page.t("nav-projects"),
        notice,
        alert,
        errors,
        tiles: projects.items.iter().map(tile).collect(),
        total: projects.total.unwrap_or_default(),
        next: projects
            .next
            .map(|c| common::with_query("/projects", &[("cursor", &c)])),
        may_manage: actor.can(Permission::PROJECTS_MANAGE),
        form,
        page,
    };
    (status, view).into_response()
}

/// `POST /projects`.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let form = NewProject {
        name: fields.text("name"),
        description: fields.text("description"),
    };
    let input = ProjectInput {
        name: Some(form.name.clone()),
        description: Some(form.description.clone()),
    };
    match app::projects::create(&state.ctx, &actor, input).await {
        Ok(project) => {
            Redirect::to(&format!("/projects/{}?created=1", project.row.id)).into_response()
        }
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => render_list(&state, &actor, page, None, None, Some(problem), form).await,
            Err(error) => common::fail(page, error),
        },
    }
}

/// A member or object line with its remove button.
pub struct Line {
    id: String,
    name: String,
    /// The hover text: a user's projects.
    title: String,
}

pub struct KindObjects {
    key: &'static str,
    label: String,
    lines: Vec<Line>,
}

/// One candidate of a picker: a box to tick.
pub struct Candidate {
    value: String,
    name: String,
    /// Email, kind, the projects it is in.
    meta: String,
}

/// A search-and-tick picker: what it found, and whether there were more.
pub struct Picker {
    candidates: Vec<Candidate>,
    /// "Only the first 50 are listed" when the search found more.
    capped: Option<String>,
}

/// Candidates a picker lists at most: narrowing the search finds the others.
const PICKER_SHOWN: i64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "project.html")]
pub struct ProjectPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: ProjectView,
}

impl std::ops::Deref for ProjectPage {
    type Target = ProjectView;

    fn deref(&self) -> &ProjectView {
        &self.view
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// Narrows the users offered to add: name or email, and a group.
    user_q: Option<String>,
    user_group: Option<String>,
    /// Narrows the objects offered to add: name, and a kind.
    object_q: Option<String>,
    object_kind: Option<String>,
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    render_project(&state, &actor, page, &id, &query, notice, None, None).await
}

#[allow(clippy::too_many_arguments)]
async fn render_project(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    query: &ShowQuery,
    notice: Option<String>,
    problem: Option<Problem>,
    edits: Option<NewProject>,
) -> Response {
    match project_view(state, actor, &page, id, query, edits).await {
        Ok(mut view) => {
            let status = match problem {
                Some(p) => {
                    view.errors = p.errors;
                    view.alert = p.alert;
                    p.status
                }
                None => StatusCode::OK,
            };
            view.notice = notice;
            (status, view.into_page(page)).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

/// The page without its `Page`, which the caller moves in last.
pub struct ProjectView {
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    id: String,
    version: i64,
    name: String,
    description: String,
    may_manage: bool,
    may_access: bool,
    tiles_only: bool,
    user_count: i64,
    group_count: i64,
    counts: Vec<(String, i64)>,
    users: Vec<Line>,
    groups: Vec<Line>,
    user_q: String,
    user_groups: Vec<SelectOption>,
    user_picker: Option<Picker>,
    group_choices: Option<Vec<SelectOption>>,
    objects: Option<Vec<KindObjects>>,
    objects_next: Option<String>,
    object_q: String,
    object_kinds: Vec<SelectOption>,
    object_picker: Option<Picker>,
}

impl ProjectView {
    fn into_page(self, page: Page) -> ProjectPage {
        ProjectPage { page, view: self }
    }
}

fn kind_label(page: &Page, key: &str) -> String {
    page.t(&format!("kind-{key}"))
}

async fn project_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    id: &str,
    query: &ShowQuery,
    edits: Option<NewProject>,
) -> Result<ProjectView, AppError> {
    let project = app::projects::get(&state.ctx, actor, id).await?;
    let may_manage = actor.can(Permission::PROJECTS_MANAGE);
    let may_access = actor.can(Permission::PROJECTS_ACCESS);
    let tiles_only = project.users.is_none();
    let mut counts: Vec<(String, i64)> = ObjectKind::ALL
        .iter()
        .filter_map(|kind| {
            let n = project.counts.objects.get(kind.key()).copied()?;
            Some((kind_label(page, kind.key()), n))
        })
        .collect();
    counts.sort();

    // Names of every project, for the hover text of users.
    let project_names: HashMap<String, String> =
        app::projects::list(&state.ctx, actor, None, PICKER_SIZE, false)
            .await?
            .items
            .into_iter()
            .map(|p| (p.row.id, p.row.name))
            .collect();
    let user_q = query.user_q.clone().unwrap_or_default();
    let user_group = common::non_empty(query.user_group.clone());
    let projects_of = |ids: &[String]| -> String {
        let mut names: Vec<&str> = ids
            .iter()
            .filter_map(|p| project_names.get(p).map(String::as_str))
            .collect();
        names.sort_unstable();
        format!("{} {}", page.t("project-user-projects"), names.join(", "))
    };
    // The members' hover text needs every user, not only those the search found.
    let everyone = if tiles_only {
        None
    } else {
        common::optional(
            app::users::list(
                &state.ctx,
                actor,
                &UserFilter::default(),
                None,
                PICKER_SIZE,
                false,
            )
            .await,
        )?
    };
    let user_projects: HashMap<&str, String> = everyone
        .iter()
        .flat_map(|p| p.items.iter())
        .map(|u| (u.row.id.as_str(), projects_of(&u.project_ids)))
        .collect();
    // The users to add: those the reader sees who are not members yet, by name.
    let user_picker = if may_access && !tiles_only {
        let filter = UserFilter {
            text: common::non_empty(Some(user_q.clone())),
            group_id: user_group.clone(),
            not_in_project: Some(id.to_owned()),
            ..UserFilter::default()
        };
        let order = app::page::numbered(UserSort::Name, false, 1, PICKER_SHOWN);
        common::optional(app::users::list_ordered(&state.ctx, actor, &filter, order).await)?.map(
            |found| Picker {
                capped: capped(page, found.items.len(), found.total),
                candidates: found
                    .items
                    .iter()
                    .map(|u| Candidate {
                        value: u.row.id.clone(),
                        name: u.row.name.clone(),
                        meta: if u.project_ids.is_empty() {
                            u.row.email.clone()
                        } else {
                            format!("{} · {}", u.row.email, projects_of(&u.project_ids))
                        },
                    })
                    .collect(),
            },
        )
    } else {
        None
    };
    let users: Vec<Line> = project
        .users
        .iter()
        .flatten()
        .map(|u| Line {
            id: u.id.clone(),
            name: u.name.clone(),
            title: user_projects
                .get(u.id.as_str())
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    let groups: Vec<Line> = project
        .groups
        .iter()
        .flatten()
        .map(|g| Line {
            id: g.id.clone(),
            name: g.name.clone(),
            title: String::new(),
        })
        .collect();
    let group_choices = if may_access && !tiles_only {
        common::optional(app::groups::list(&state.ctx, actor, None, PICKER_SIZE, false).await)?.map(
            |page| {
                page.items
                    .iter()
                    .filter(|g| !groups.iter().any(|m| m.id == g.row.id))
                    .map(|g| SelectOption::new(&g.row.id, &g.row.name, false))
                    .collect()
            },
        )
    } else {
        None
    };
    let (objects, objects_next) = project_objects(state, actor, page, id, query).await?;
    let (object_q, object_kinds, object_picker) =
        object_picking(state, actor, page, id, query, &project_names).await?;
    let user_groups = if user_picker.is_some() {
        group_filter(state, actor, user_group.as_deref()).await?
    } else {
        Vec::new()
    };
    let values = edits.unwrap_or_else(|| NewProject {
        name: project.row.name.clone(),
        description: project.row.description.clone(),
    });
    Ok(ProjectView {
        title: project.row.name.clone(),
        notice: None,
        alert: None,
        errors: BTreeMap::new(),
        id: id.to_owned(),
        version: project.row.version,
        name: values.name,
        description: values.description,
        may_manage,
        may_access,
        tiles_only,
        user_count: project.counts.users,
        group_count: project.counts.groups,
        counts,
        users,
        groups,
        user_q,
        user_groups,
        user_picker,
        group_choices,
        objects,
        objects_next,
        object_q,
        object_kinds,
        object_picker,
    })
}

/// The project's objects, by kind, and the link to the next page of them (`None` when
/// the reader may not list them).
async fn project_objects(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    id: &str,
    query: &ShowQuery,
) -> Result<(Option<Vec<KindObjects>>, Option<String>), AppError> {
    let found = match common::optional(
        app::projects::objects(&state.ctx, actor, id, query.cursor.as_deref(), PICKER_SIZE).await,
    )? {
        Some(found) => found,
        None => return Ok((None, None)),
    };
    let mut by_kind: Vec<KindObjects> = Vec::new();
    for kind in ObjectKind::ALL {
        let lines: Vec<Line> = found
            .items
            .iter()
            .filter(|o| o.kind == kind.key())
            .map(|o| Line {
                id: o.id.clone(),
                name: o.name.clone(),
                title: String::new(),
            })
            .collect();
        if !lines.is_empty() {
            by_kind.push(KindObjects {
                key: kind.key(),
                label: kind_label(page, kind.key()),
                lines,
            });
        }
    }
    let next = found
        .next
        .map(|c| common::with_query(&format!("/projects/{id}"), &[("cursor", &c)]));
    Ok((Some(by_kind), next))
}

/// The object picker: its search text, its kind filter and the candidates (`None`
/// unless the reader manages projects).
async fn object_picking(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    id: &str,
    query: &ShowQuery,
    project_names: &HashMap<String, String>,
) -> Result<(String, Vec<SelectOption>, Option<Picker>), AppError> {
    let may_manage = actor.can(Permission::PROJECTS_MANAGE);
    // The objects to add: of the kinds the reader sees, not here yet, by name.
    let object_q = query.object_q.clone().unwrap_or_default();
    let object_kind = query.object_kind.as_deref().and_then(ObjectKind::parse);
    let pickable: Vec<ObjectKind> = ObjectKind::ALL
        .iter()
        .copied()
        .filter(|kind| kind.project_bound() && actor.can(kind.view_permission()))
        .collect();
    let object_kinds = pickable
        .iter()
        .map(|kind| {
            SelectOption::new(
                kind.key(),
                kind_label(page, kind.key()),
                Some(*kind) == object_kind,
            )
        })
        .collect();
    let object_picker = if may_manage {
        let mut candidates = Vec::new();
        let mut total = 0;
        for kind in pickable
            .iter()
            .filter(|k| object_kind.is_none_or(|chosen| chosen == **k))
        {
            let room = PICKER_SHOWN - i64::try_from(candidates.len()).unwrap_or(0);
            let found = app::objects::not_in_project(
                &state.ctx,
                actor,
                *kind,
                common::non_empty(Some(object_q.clone())).as_deref(),
                id,
                room.max(1),
            )
            .await?;
            total += found.total;
            for o in found.items.iter().take(usize::try_from(room).unwrap_or(0)) {
                let mut meta = kind_label(page, kind.key());
                if let Some(name) = o.project_ids.first().and_then(|p| project_names.get(p)) {
                    meta = format!("{meta} · {name}");
                }
                candidates.push(Candidate {
                    value: format!("{}:{}", kind.key(), o.row.id),
                    name: o.row.name.clone(),
                    meta,
                });
            }
        }
        Some(Picker {
            capped: capped(page, candidates.len(), total),
            candidates,
        })
    } else {
        None
    };
    Ok((object_q, object_kinds, object_picker))
}

/// The groups the user picker filters by, `selected` chosen.
async fn group_filter(
    state: &AppState,
    actor: &Actor,
    selected: Option<&str>,
) -> Result<Vec<SelectOption>, AppError> {
    Ok(
        common::optional(app::groups::list(&state.ctx, actor, None, PICKER_SIZE, false).await)?
            .map(|found| {
                found
                    .items
                    .iter()
                    .map(|g| {
                        SelectOption::new(
                            &g.row.id,
                            &g.row.name,
                            selected == Some(g.row.id.as_str()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// "Only the first 50 are listed" when a search found more than it shows.
fn capped(page: &Page, shown: usize, total: i64) -> Option<String> {
    (i64::try_from(shown).unwrap_or(i64::MAX) < total).then(|| {
        page.tr.t_args(
            "picker-capped",
            &[("count", i64::try_from(shown).unwrap_or(0).into())],
        )
    })
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    error: AppError,
    edits: Option<NewProject>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => {
            render_project(
                state,
                actor,
                page,
                id,
                &ShowQuery::default(),
                None,
                Some(problem),
                edits,
            )
            .await
        }
        Err(error) => common::fail(page, error),
    }
}

/// `POST /projects/{id}`: name and description.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = NewProject {
        name: fields.text("name"),
        description: fields.text("description"),
    };
    let input = ProjectInput {
        name: Some(values.name.clone()),
        description: Some(values.description.clone()),
    };
    match app::projects::update(&state.ctx, &actor, &id, input, fields.version()).await {
        Ok(_) => Redirect::to(&format!("/projects/{id}?saved=1")).into_response(),
        Err(error) => {
            let edits = (!matches!(error, AppError::Stale)).then_some(values);
            rerender(&state, &actor, page, &id, error, edits).await
        }
    }
}

/// `POST /projects/{id}/delete`: first the confirmation (what the project holds,
/// where its cases go), then, with `confirm=yes`, the deletion.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::project(&state, &actor, page, &id).await;
    }
    match app::projects::delete(&state.ctx, &actor, &id).await {
        Ok(()) => Redirect::to("/projects?deleted=1").into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

fn member_of(fields: &Fields) -> Option<Member> {
    match fields.get("member")? {
        "user" => Some(Member::User),
        "group" => Some(Member::Group),
        _ => None,
    }
}

/// `POST /projects/{id}/members`: adds the users or groups ticked (or the one chosen).
pub async fn add_member(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let member_ids: Vec<String> = fields
        .all("member_id")
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect();
    let result = match member_of(&fields) {
        Some(member) if !member_ids.is_empty() => {
            app::projects::add_members(&state.ctx, &actor, &id, member, &member_ids)
                .await
                .map(|_| ())
        }
        Some(Member::Group) => Err(domain::FieldErrors::single("group_id", "required").into()),
        _ => Err(domain::FieldErrors::single("user_id", "required").into()),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/projects/{id}?saved=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// `POST /projects/{id}/members/remove`.
pub async fn remove_member(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let Some(member) = member_of(&fields) else {
        return common::not_found();
    };
    match app::projects::remove_member(&state.ctx, &actor, &id, member, &fields.text("member_id"))
        .await
    {
        Ok(()) => Redirect::to(&format!("/projects/{id}?saved=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// `kind:id` as the object picker sends it.
fn object_choice(value: &str) -> Option<(ObjectKind, String)> {
    let (kind, id) = value.split_once(':')?;
    Some((ObjectKind::parse(kind)?, id.to_owned())).filter(|(_, id)| !id.is_empty())
}

/// `POST /projects/{id}/objects`: puts the ticked objects here (moving
/// single-project objects when asked).
pub async fn add_object(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let chosen: Option<Vec<(ObjectKind, String)>> = fields
        .all("object")
        .iter()
        .map(|value| object_choice(value))
        .collect();
    let result = match chosen {
        Some(objects) if !objects.is_empty() => {
            app::projects::add_objects(
                &state.ctx,
                &actor,
                &id,
                &objects,
                fields.get("move_here") == Some("yes"),
            )
            .await
        }
        _ => Err(domain::FieldErrors::single("object", "required").into()),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/projects/{id}?saved=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// `POST /projects/{id}/objects/remove`.
pub async fn remove_object(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let Some((kind, object_id)) = object_choice(&fields.text("object")) else {
        return common::not_found();
    };
    match app::projects::remove_object(&state.ctx, &actor, &id, kind, &object_id).await {
        Ok(()) => Redirect::to(&format!("/projects/{id}?saved=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}
