//! `/groups`: the groups list, and the group page with supervisors, members and the
//! settings its members get.

use std::collections::BTreeMap;

use app::AppError;
use app::groups::GroupInput;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::settings::Settings;
use domain::{Actor, Permission};
use serde::Deserialize;
use store::groups::GroupSort;
use store::sorting::SortColumn;
use store::users::UserFilter;

use super::access::{self, AccessControl};
use super::common::{self, Fields, Flash, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use super::sorting::{Header, Pager, Sorted};
use super::users::{allowed_label, override_key, override_options, parse_override};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// Rows per page of the groups list.
const PAGE_SIZE: i64 = 100;
/// The most users a group page offers as supervisors and members.
const PEOPLE_SHOWN: i64 = 500;

pub struct GroupLine {
    href: String,
    name: String,
    supervisors: usize,
    members: usize,
    softphone: String,
}

#[derive(Default)]
pub struct NewGroupValues {
    name: String,
    softphone: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "groups.html")]
pub struct GroupsPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<GroupLine>,
    total: i64,
    headers: Vec<Header>,
    pager: Pager,
    may_manage: bool,
    form: NewGroupValues,
    softphone: Vec<SelectOption>,
    access: Option<AccessControl>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    let problem = flash
        .alert(&page)
        .map(|a| Problem::alert(StatusCode::OK, a));
    render_list(
        &state,
        &actor,
        page,
        &query,
        notice,
        problem,
        NewGroupValues::default(),
        flash.about_access(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_list(
    state: &AppState,
    actor: &Actor,
    page: Page,
    query: &ListQuery,
    notice: Option<String>,
    problem: Option<Problem>,
    form: NewGroupValues,
    access_open: bool,
) -> Response {
    let sorted = Sorted::new(
        "/groups",
        Vec::new(),
        query.sort.as_deref(),
        query.dir.as_deref(),
        query.page.as_deref(),
        |c| GroupSort::parse(c).is_some(),
    );
    let column = sorted
        .column
        .as_deref()
        .and_then(GroupSort::parse)
        .unwrap_or(GroupSort::Name);
    let order = app::page::numbered(column, sorted.descending, sorted.page_i64(), PAGE_SIZE);
    let groups = match app::groups::list_ordered(&state.ctx, actor, order).await {
        Ok(groups) => groups,
        Err(error) => return common::fail(page, error),
    };
    let access = match access::control(state, actor, &page, "groups", access_open).await {
        Ok(access) => access,
        Err(error) => return common::fail(page, error),
    };
    let rows: Vec<GroupLine> = groups
        .items
        .iter()
        .map(|g| GroupLine {
            href: format!("/groups/{}", g.row.id),
            name: g.row.name.clone(),
            supervisors: g.supervisor_ids.len(),
            members: g.member_ids.len(),
            softphone: override_label(&page, g.settings.softphone_outbound),
        })
        .collect();
    let pager = sorted.pager(
        &page,
        rows.len(),
        usize::try_from(groups.total).unwrap_or(0),
        PAGE_SIZE as usize,
    );
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = GroupsPage {
        title: page.t("nav-groups"),
        notice,
        alert,
        errors,
        rows,
        headers: vec![
            sorted.header(page.t("label-name"), "name"),
            sorted
                .header(page.t("field-supervisors"), "supervisors")
                .with_class("num"),
            sorted
                .header(page.t("field-members"), "members")
                .with_class("num"),
        ],
        pager,
        total: groups.total,
        may_manage: actor.can(Permission::GROUPS_MANAGE),
        softphone: override_options(&page, &form.softphone),
        form,
        access,
        page,
    };
    (status, view).into_response()
}

fn override_label(page: &Page, value: Option<bool>) -> String {
    match value {
        None => page.t("setting-inherit"),
        Some(allowed) => allowed_label(page, allowed),
    }
}

/// `POST /groups`: name and the softphone override; people are added on its page.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = NewGroupValues {
        name: fields.text("name"),
        softphone: fields.text("softphone_outbound"),
    };
    let input = GroupInput {
        name: Some(values.name.clone()),
        settings: Some(Settings {
            softphone_outbound: parse_override(&values.softphone).flatten(),
            ..Settings::default()
        }),
        ..GroupInput::default()
    };
    match app::groups::create(&state.ctx, &actor, input).await {
        Ok(group) => Redirect::to(&format!("/groups/{}?created=1", group.row.id)).into_response(),
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => {
                render_list(
                    &state,
                    &actor,
                    page,
                    &ListQuery::default(),
                    None,
                    Some(problem),
                    values,
                    false,
                )
                .await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// The group form's values: stored, or as just submitted.
pub struct GroupValues {
    name: String,
    supervisor_ids: Vec<String>,
    member_ids: Vec<String>,
    softphone: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "group.html")]
pub struct GroupPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    id: String,
    version: i64,
    editable: bool,
    name: String,
    /// Whether the company's users could be listed to choose from.
    people_listed: bool,
    supervisors: Vec<SelectOption>,
    members: Vec<SelectOption>,
    softphone: Vec<SelectOption>,
    effective_softphone: String,
}

async fn render_group(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    notice: Option<String>,
    problem: Option<Problem>,
    edits: Option<GroupValues>,
) -> Response {
    match group_view(state, actor, id, edits).await {
        Ok(parts) => {
            let (status, errors, alert) = match problem {
                Some(p) => (p.status, p.errors, p.alert),
                None => (StatusCode::OK, BTreeMap::new(), None),
            };
            let view = GroupPage {
                title: parts.title,
                notice,
                alert,
                errors,
                id: id.to_owned(),
                version: parts.version,
                editable: actor.can(Permission::GROUPS_MANAGE),
                softphone: override_options(&page, &parts.values.softphone),
                name: parts.values.name,
                people_listed: parts.people_listed,
                supervisors: parts.supervisors,
                members: parts.members,
                effective_softphone: allowed_label(&page, parts.effective_softphone),
                page,
            };
            (status, view).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

struct GroupParts {
    title: String,
    version: i64,
    values: GroupValues,
    people_listed: bool,
    supervisors: Vec<SelectOption>,
    members: Vec<SelectOption>,
    effective_softphone: bool,
}

async fn group_view(
    state: &AppState,
    actor: &Actor,
    id: &str,
    edits: Option<GroupValues>,
) -> Result<GroupParts, AppError> {
    let (group, effective) = app::groups::get(&state.ctx, actor, id).await?;
    let values = edits.unwrap_or_else(|| GroupValues {
        name: group.row.name.clone(),
        supervisor_ids: group.supervisor_ids.clone(),
        member_ids: group.member_ids.clone(),
        softphone: override_key(group.settings.softphone_outbound).to_owned(),
    });
    let listed = common::optional(
        app::users::list(
            &state.ctx,
            actor,
            &UserFilter::default(),
            None,
            PEOPLE_SHOWN,
            false,
        )
        .await,
    )?;
    // Everyone listed, plus current people the list did not reach (so saving keeps them).
    let mut people: Vec<(String, String)> = listed
        .iter()
        .flat_map(|p| p.items.iter())
        .map(|u| (u.row.id.clone(), u.row.name.clone()))
        .collect();
    let missing: Vec<String> = group
        .supervisor_ids
        .iter()
        .chain(&group.member_ids)
        .filter(|id| !people.iter().any(|(p, _)| p == *id))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let names = app::users::names(&state.ctx, actor, &missing).await?;
        let mut extra: Vec<(String, String)> = names.into_iter().collect();
        extra.sort_by(|a, b| a.1.cmp(&b.1));
        people.extend(extra);
    }
    let options = |chosen: &[String]| -> Vec<SelectOption> {
        people
            .iter()
            .map(|(id, name)| SelectOption::new(id, name, chosen.contains(id)))
            .collect()
    };
    Ok(GroupParts {
        title: group.row.name.clone(),
        version: group.row.version,
        people_listed: listed.is_some(),
        supervisors: options(&values.supervisor_ids),
        members: options(&values.member_ids),
        values,
        effective_softphone: effective.softphone_outbound,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    render_group(&state, &actor, page, &id, notice, None, None).await
}

/// `POST /groups/{id}`: name, supervisors, members and the softphone override.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = GroupValues {
        name: fields.text("name"),
        supervisor_ids: fields.all("supervisor_ids"),
        member_ids: fields.all("member_ids"),
        softphone: fields.text("softphone_outbound"),
    };
    let Some(softphone) = parse_override(&values.softphone) else {
        let error = AppError::Invalid(domain::FieldErrors::single("softphone_outbound", "invalid"));
        return rerender(&state, &actor, page, &id, error, Some(values)).await;
    };
    // Only a form that listed the company's users may change who is in the group.
    let people = fields.has("people_shown");
    let input = GroupInput {
        name: Some(values.name.clone()),
        supervisor_ids: people.then(|| values.supervisor_ids.clone()),
        member_ids: people.then(|| values.member_ids.clone()),
        settings: Some(Settings {
            softphone_outbound: softphone,
            ..Settings::default()
        }),
        project_ids: None,
    };
    match app::groups::update(&state.ctx, &actor, &id, input, fields.version()).await {
        Ok(_) => Redirect::to(&format!("/groups/{id}?saved=1")).into_response(),
        Err(error) => {
            let edits = (!matches!(error, AppError::Stale)).then_some(values);
            rerender(&state, &actor, page, &id, error, edits).await
        }
    }
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    error: AppError,
    edits: Option<GroupValues>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => render_group(state, actor, page, id, None, Some(problem), edits).await,
        Err(error) => common::fail(page, error),
    }
}

/// `POST /groups/{id}/delete`: first the confirmation (its members, supervisors and
/// projects), then, with `confirm=yes`, the deletion.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::group(&state, &actor, page, &id).await;
    }
    match app::groups::delete(&state.ctx, &actor, &id).await {
        Ok(()) => Redirect::to("/groups?deleted=1").into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}
