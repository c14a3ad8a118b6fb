//! `/config`: the configuration objects, one list and one editor per kind, with their
//! projects, "who can see this?" and, for phone lists, their numbers.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::objects::ObjectDetails;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use serde::Deserialize;
use store::objects::ObjectSort;
use store::sorting::SortColumn;
use store::users::UserFilter;

use super::common::{self, Fields, Flash, Problem};
use super::config_fields::{self, FormField, Source, Values};
use super::confirm;
use super::layout::Page;
use super::sorting::{Header, Pager, Sorted};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// Rows per page of an object list, and numbers per page of a phone list.
const PAGE_SIZE: i64 = 100;
/// The most choices an id field or the project list offers.
const CHOICES: i64 = 500;

fn kind_label(page: &Page, kind: ObjectKind) -> String {
    page.t(&format!("kind-{}", kind.key()))
}

pub struct KindLink {
    href: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "config_index.html")]
pub struct IndexPage {
    page: Page,
    title: String,
    kinds: Vec<KindLink>,
}

/// `GET /config`: the kinds the reader may see.
pub async fn index(CurrentActor(actor): CurrentActor, page: Page) -> Response {
    let kinds: Vec<KindLink> = ObjectKind::ALL
        .iter()
        .filter(|k| actor.can(k.view_permission()))
        .map(|k| KindLink {
            href: format!("/config/{}", k.key()),
            label: kind_label(&page, *k),
        })
        .collect();
    if kinds.is_empty() {
        return common::forbidden(page);
    }
    IndexPage {
        title: page.t("nav-config"),
        kinds,
        page,
    }
    .into_response()
}

/// A project the object may be placed in.
pub struct ProjectChoice {
    id: String,
    name: String,
    chosen: bool,
}

/// The parts the list and the editor share.
pub struct Editor {
    fields: Vec<FormField>,
    other_errors: Vec<String>,
    /// `None` when the page offers no project choice.
    projects: Option<Vec<ProjectChoice>>,
    single_project: bool,
}

pub struct ObjectLine {
    href: String,
    name: String,
    projects: String,
    updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "config_list.html")]
pub struct ListPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    key: &'static str,
    q: String,
    rows: Vec<ObjectLine>,
    total: i64,
    headers: Vec<Header>,
    pager: Pager,
    may_manage: bool,
    editor: Editor,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
}

/// The company's projects by id and name, when the reader may list them.
async fn project_names(state: &AppState, actor: &Actor) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        common::optional(app::projects::list(&state.ctx, actor, None, CHOICES, false).await)?
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|p| (p.row.id, p.row.name))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// The choices of every id field of `kind`; a source the reader may not list offers
/// nothing (the ids already chosen still show).
async fn choices(
    state: &AppState,
    actor: &Actor,
    kind: ObjectKind,
) -> Result<HashMap<Source, Vec<(String, String)>>, AppError> {
    let mut out = HashMap::new();
    for source in config_fields::sources(kind) {
        let found: Vec<(String, String)> = match source {
            Source::Users => common::optional(
                app::users::list(
                    &state.ctx,
                    actor,
                    &UserFilter::default(),
                    None,
                    CHOICES,
                    false,
                )
                .await,
            )?
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|u| (u.row.id, u.row.name))
                    .collect()
            })
            .unwrap_or_default(),
            Source::Skills => {
                common::optional(app::skills::list(&state.ctx, actor, None, CHOICES, false).await)?
                    .map(|p| {
                        p.items
                            .into_iter()
                            .map(|s| (s.row.id, s.row.name))
                            .collect()
                    })
                    .unwrap_or_default()
            }
            Source::Objects(of) => objects_of(state, actor, of, false).await?,
            Source::DncLists => objects_of(state, actor, ObjectKind::Lists, true).await?,
        };
        out.insert(source, found);
    }
    Ok(out)
}

async fn objects_of(
    state: &AppState,
    actor: &Actor,
    kind: ObjectKind,
    dnc_only: bool,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(common::optional(
        app::objects::list(&state.ctx, actor, kind, None, None, CHOICES, false).await,
    )?
    .map(|p| {
        p.items
            .into_iter()
            .filter(|o| !dnc_only || o.fields.get("kind").and_then(|k| k.as_str()) == Some("dnc"))
            .map(|o| (o.row.id, o.row.name))
            .collect()
    })
    .unwrap_or_default())
}

/// The project choice: shown when the company is in enhanced security or has
/// projects, to those who may place objects (on an edit, `projects.manage`).
#[allow(clippy::too_many_arguments)]
async fn editor(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    kind: ObjectKind,
    values: &Values,
    chosen_projects: &[String],
    errors: &BTreeMap<String, String>,
    editing: bool,
) -> Result<Editor, AppError> {
    let choices = choices(state, actor, kind).await?;
    let (fields, other_errors) = config_fields::form(page, kind, values, &choices, errors);
    let names = project_names(state, actor).await?;
    let offered = kind.project_bound()
        && (actor.enhanced_security || !names.is_empty())
        && (!editing || actor.can(Permission::PROJECTS_MANAGE));
    let projects = offered.then(|| {
        names
            .into_iter()
            .map(|(id, name)| ProjectChoice {
                chosen: chosen_projects.contains(&id),
                id,
                name,
            })
            .collect()
    });
    let other_errors = other_errors
        .into_iter()
        .filter(|e| !(projects.is_some() && e.starts_with("project_ids")))
        .collect();
    Ok(Editor {
        fields,
        other_errors,
        projects,
        single_project: kind.single_project(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(key): Path<String>,
    Query(query): Query<ListQuery>,
    Query(flash): Query<Flash>,
) -> Response {
    // Unknown kinds do not exist.
    let Some(kind) = ObjectKind::parse(&key) else {
        return common::not_found();
    };
    let notice = flash.notice(&page);
    let values = config_fields::blank(kind);
    render_list(
        &state,
        &actor,
        page,
        kind,
        &query,
        notice,
        None,
        values,
        Vec::new(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_list(
    state: &AppState,
    actor: &Actor,
    page: Page,
    kind: ObjectKind,
    query: &ListQuery,
    notice: Option<String>,
    problem: Option<Problem>,
    values: Values,
    chosen_projects: Vec<String>,
) -> Response {
    let q = query.q.clone().unwrap_or_default();
    let base = format!("/config/{}", kind.key());
    let sorted = Sorted::new(
        &base,
        vec![("q", q.clone())],
        query.sort.as_deref(),
        query.dir.as_deref(),
        query.page.as_deref(),
        |c| ObjectSort::parse(c).is_some(),
    );
    let column = sorted
        .column
        .as_deref()
        .and_then(ObjectSort::parse)
        .unwrap_or(ObjectSort::Name);
    let order = app::page::numbered(column, sorted.descending, sorted.page_i64(), PAGE_SIZE);
    let found =
        match app::objects::list_ordered(&state.ctx, actor, kind, Some(q.as_str()), order).await {
            Ok(found) => found,
            Err(error) => return common::fail(page, error),
        };
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let names: HashMap<String, String> = match project_names(state, actor).await {
        Ok(names) => names.into_iter().collect(),
        Err(error) => return common::fail(page, error),
    };
    let may_manage = actor.can(kind.manage_permission());
    let editor = if may_manage {
        match editor(
            state,
            actor,
            &page,
            kind,
            &values,
            &chosen_projects,
            &errors,
            false,
        )
        .await
        {
            Ok(editor) => editor,
            Err(error) => return common::fail(page, error),
        }
    } else {
        Editor {
            fields: Vec::new(),
            other_errors: Vec::new(),
            projects: None,
            single_project: false,
        }
    };
    let rows: Vec<ObjectLine> = found
        .items
        .iter()
        .map(|o| ObjectLine {
            href: format!("/config/{}/{}", kind.key(), o.row.id),
            name: o.row.name.clone(),
            updated: page.time(o.row.updated_at),
            projects: o
                .project_ids
                .iter()
                .filter_map(|p| names.get(p).cloned())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let headers = vec![
        sorted.header(page.t("label-name"), "name"),
        sorted
            .header(page.t("list-col-updated"), "updated")
            .with_class("hide-narrow"),
    ];
    let pager = sorted.pager(
        &page,
        rows.len(),
        usize::try_from(found.total).unwrap_or(0),
        PAGE_SIZE as usize,
    );
    let view = ListPage {
        title: kind_label(&page, kind),
        notice,
        alert,
        key: kind.key(),
        rows,
        total: found.total,
        headers,
        pager,
        q,
        may_manage,
        editor,
        page,
    };
    (status, view).into_response()
}

/// `POST /config/{kind}`: creates an object from the form.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(key): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    // Unknown kinds do not exist.
    let Some(kind) = ObjectKind::parse(&key) else {
        return common::not_found();
    };
    let fields = Fields(pairs);
    let values = config_fields::from_form(kind, &fields);
    let project_ids = fields.all("project_ids");
    let result = match config_fields::to_json(kind, &values) {
        Ok(json) => app::objects::create(&state.ctx, &actor, kind, json, project_ids.clone()).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(created) => Redirect::to(&format!(
            "/config/{}/{}?created=1",
            kind.key(),
            created.row.id
        ))
        .into_response(),
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => {
                render_list(
                    &state,
                    &actor,
                    page,
                    kind,
                    &ListQuery::default(),
                    None,
                    Some(problem),
                    values,
                    project_ids,
                )
                .await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// A user who sees the object, and why, in the reader's language.
pub struct ViewerLine {
    name: String,
    href: String,
    reason: String,
}

pub struct EntryLine {
    phone: String,
    note: String,
    added_at: String,
}

pub struct Entries {
    rows: Vec<EntryLine>,
    total: i64,
    next: Option<String>,
    may_manage: bool,
    text: String,
    outcome: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "config_object.html")]
pub struct ObjectPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    key: &'static str,
    kind_label: String,
    id: String,
    version: i64,
    may_manage: bool,
    editor: Editor,
    /// `None` when the reader may not list people.
    viewers: Option<Vec<ViewerLine>>,
    entries: Option<Entries>,
}

#[derive(Deserialize, Default)]
pub struct ObjectQuery {
    /// The page of a phone list's numbers.
    entries_after: Option<String>,
}

/// What the editor shows instead of the stored object: the values just submitted.
struct Edits {
    values: Values,
    project_ids: Vec<String>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path((key, id)): Path<(String, String)>,
    Query(query): Query<ObjectQuery>,
    Query(flash): Query<Flash>,
) -> Response {
    // Unknown kinds do not exist.
    let Some(kind) = ObjectKind::parse(&key) else {
        return common::not_found();
    };
    let notice = flash.notice(&page);
    render_object(
        &state, &actor, page, kind, &id, &query, notice, None, None, None,
    )
    .await
}

fn reason(page: &Page, actor: &Actor, kind: ObjectKind, viewer: &app::explain::Viewer) -> String {
    if !actor.enhanced_security {
        return page.t("who-simple");
    }
    if !kind.project_bound() {
        return page.t("who-company-wide");
    }
    if viewer.explanation.via.is_empty() {
        return page.t("who-view-all");
    }
    let ways: Vec<String> = viewer
        .explanation
        .via
        .iter()
        .map(|m| match &m.group_name {
            Some(group) => {
                let (before, after) = page.t_around("who-through-group");
                format!("{} {before}{group}{after}", m.project_name)
            }
            None => format!("{} {}", m.project_name, page.t("who-as-member")),
        })
        .collect();
    format!("{} {}", page.t("who-shares"), ways.join("; "))
}

#[allow(clippy::too_many_arguments)]
async fn render_object(
    state: &AppState,
    actor: &Actor,
    page: Page,
    kind: ObjectKind,
    id: &str,
    query: &ObjectQuery,
    notice: Option<String>,
    problem: Option<Problem>,
    edits: Option<Edits>,
    entries_state: Option<(String, Option<String>)>,
) -> Response {
    let object = match app::objects::get(&state.ctx, actor, kind, id).await {
        Ok(object) => object,
        Err(error) => return common::fail(page, error),
    };
    match object_parts(
        state,
        actor,
        &page,
        &object,
        query,
        problem.as_ref(),
        edits,
        entries_state,
    )
    .await
    {
        Ok((editor, viewers, entries)) => {
            let (status, alert) = match problem {
                Some(p) => (p.status, p.alert),
                None => (StatusCode::OK, None),
            };
            let view = ObjectPage {
                title: object.row.name.clone(),
                notice,
                alert,
                key: kind.key(),
                kind_label: kind_label(&page, kind),
                id: id.to_owned(),
                version: object.row.version,
                may_manage: actor.can(kind.manage_permission()),
                editor,
                viewers,
                entries,
                page,
            };
            (status, view).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

#[allow(clippy::too_many_arguments)]
async fn object_parts(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    object: &ObjectDetails,
    query: &ObjectQuery,
    problem: Option<&Problem>,
    edits: Option<Edits>,
    entries_state: Option<(String, Option<String>)>,
) -> Result<(Editor, Option<Vec<ViewerLine>>, Option<Entries>), AppError> {
    let kind = object.kind;
    let (values, chosen) = match edits {
        Some(edits) => (edits.values, edits.project_ids),
        None => (
            config_fields::from_stored(kind, &object.fields),
            object.project_ids.clone(),
        ),
    };
    let errors = problem.map(|p| p.errors.clone()).unwrap_or_default();
    let editor = editor(state, actor, page, kind, &values, &chosen, &errors, true).await?;
    let viewers = common::optional(
        app::explain::who(&state.ctx, actor, kind, &object.row.id).await,
    )?
    .map(|found| {
        found
            .iter()
            .map(|v| ViewerLine {
                name: v.name.clone(),
                href: format!("/users/{}", v.user_id),
                reason: reason(page, actor, kind, v),
            })
            .collect()
    });
    let entries = if kind == ObjectKind::Lists {
        let found = app::objects::entries(
            &state.ctx,
            actor,
            &object.row.id,
            common::non_empty(query.entries_after.clone()).as_deref(),
            PAGE_SIZE,
        )
        .await?;
        let (text, outcome) = entries_state.unwrap_or_default();
        Some(Entries {
            rows: found
                .items
                .iter()
                .map(|e| EntryLine {
                    phone: e.phone.clone(),
                    note: e.note.clone(),
                    added_at: page.time(e.added_at),
                })
                .collect(),
            total: found.total.unwrap_or_default(),
            next: found.next.map(|c| {
                common::with_query(
                    &format!("/config/lists/{}", object.row.id),
                    &[("entries_after", &c)],
                )
            }),
            may_manage: actor.can(Permission::LISTS_MANAGE),
            text,
            outcome,
        })
    } else {
        None
    };
    Ok((editor, viewers, entries))
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    kind: ObjectKind,
    id: &str,
    error: AppError,
    edits: Option<Edits>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => {
            render_object(
                state,
                actor,
                page,
                kind,
                id,
                &ObjectQuery::default(),
                None,
                Some(problem),
                edits,
                None,
            )
            .await
        }
        Err(error) => common::fail(page, error),
    }
}

/// `POST /config/{kind}/{id}`: the fields, and the projects when the form offered them.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path((key, id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    // Unknown kinds do not exist.
    let Some(kind) = ObjectKind::parse(&key) else {
        return common::not_found();
    };
    let fields = Fields(pairs);
    let values = config_fields::from_form(kind, &fields);
    let project_ids = fields.all("project_ids");
    let placed = fields.has("projects_shown").then(|| project_ids.clone());
    let result = match config_fields::to_json(kind, &values) {
        Ok(json) => {
            app::objects::update(
                &state.ctx,
                &actor,
                kind,
                &id,
                json,
                placed,
                fields.version(),
            )
            .await
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/config/{}/{id}?saved=1", kind.key())).into_response(),
        Err(error) => {
            let edits = (!matches!(error, AppError::Stale)).then_some(Edits {
                values,
                project_ids,
            });
            rerender(&state, &actor, page, kind, &id, error, edits).await
        }
    }
}

/// `POST /config/{kind}/{id}/delete`: first the confirmation (what uses it, the cases
/// that came through it), then, with `confirm=yes`, the deletion.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path((key, id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    // Unknown kinds do not exist.
    let Some(kind) = ObjectKind::parse(&key) else {
        return common::not_found();
    };
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::object(&state, &actor, page, kind, &id).await;
    }
    match app::objects::delete(&state.ctx, &actor, kind, &id).await {
        Ok(()) => Redirect::to(&format!("/config/{}?deleted=1", kind.key())).into_response(),
        Err(error) => rerender(&state, &actor, page, kind, &id, error, None).await,
    }
}

/// `phone[,note]` per line; blank lines are skipped.
fn parse_numbers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(',') {
            Some((phone, note)) => (phone.trim().to_owned(), note.trim().to_owned()),
            None => (line.to_owned(), String::new()),
        })
        .collect()
}

/// `POST /config/lists/{id}/entries`: adds the numbers typed, one per line.
pub async fn add_entries(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path((key, id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if key != ObjectKind::Lists.key() {
        return common::not_found();
    }
    let fields = Fields(pairs);
    let text = fields.text("numbers");
    match app::objects::add_entries(&state.ctx, &actor, &id, parse_numbers(&text)).await {
        Ok(outcome) => {
            let summary = format!(
                "{} {} · {} {} · {} {}",
                page.t("entries-added"),
                outcome.added,
                page.t("entries-already"),
                outcome.already_listed,
                page.t("entries-invalid"),
                outcome.invalid.len()
            );
            let invalid: Vec<String> = outcome
                .invalid
                .iter()
                .map(|(row, raw)| format!("{row}: {raw}"))
                .collect();
            let message = if invalid.is_empty() {
                summary
            } else {
                format!("{summary} ({})", invalid.join("; "))
            };
            // Lines that did not parse stay in the box to be corrected; rows count the
            // non-blank lines, as `parse_numbers` read them.
            let typed: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let left: Vec<&str> = outcome
                .invalid
                .iter()
                .filter_map(|(row, _)| typed.get(row.wrapping_sub(1)).copied())
                .collect();
            render_object(
                &state,
                &actor,
                page,
                ObjectKind::Lists,
                &id,
                &ObjectQuery::default(),
                None,
                None,
                None,
                Some((left.join("\n"), Some(message))),
            )
            .await
        }
        Err(error) => rerender(&state, &actor, page, ObjectKind::Lists, &id, error, None).await,
    }
}

/// `POST /config/lists/{id}/entries/remove`.
pub async fn remove_entry(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path((key, id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if key != ObjectKind::Lists.key() {
        return common::not_found();
    }
    let fields = Fields(pairs);
    match app::objects::remove_entry(&state.ctx, &actor, &id, &fields.text("phone")).await {
        Ok(()) => Redirect::to(&format!("/config/lists/{id}?deleted=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, ObjectKind::Lists, &id, error, None).await,
    }
}
