//! `/roles`: the roles list, the role editor with its permission matrix, mass
//! assignment, and role tests.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::roles::{RoleDetails, RoleInput};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, DataScope, Permission, PermissionSet};
use serde::Deserialize;
use store::roles::RoleSort;
use store::sorting::SortColumn;
use store::users::UserFilter;

use super::access::{self, AccessControl};
use super::catalog::{self, SectionSwitches};
use super::common::{self, Fields, Flash, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use super::sorting::{Header, Pager, Sorted};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// How many users the role page lists at most, per list.
const USERS_SHOWN: i64 = 200;

pub struct RoleLine {
    href: String,
    name: String,
    description: String,
    is_template: bool,
    based_on: String,
    scope: String,
    permissions: usize,
    users: i64,
}

/// What the "new role" form holds.
#[derive(Default)]
pub struct NewRoleValues {
    name: String,
    description: String,
    based_on: String,
    scope: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "roles.html")]
pub struct RolesPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<RoleLine>,
    headers: Vec<Header>,
    pager: Pager,
    may_manage: bool,
    form: NewRoleValues,
    templates: Vec<SelectOption>,
    scopes: Vec<SelectOption>,
    access: Option<AccessControl>,
}

/// Rows per page of the roles list.
const PAGE_SIZE: i64 = 50;

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
        NewRoleValues::default(),
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
    form: NewRoleValues,
    access_open: bool,
) -> Response {
    let sorted = Sorted::new(
        "/roles",
        Vec::new(),
        query.sort.as_deref(),
        query.dir.as_deref(),
        query.page.as_deref(),
        |c| RoleSort::parse(c).is_some(),
    );
    let column = sorted
        .column
        .as_deref()
        .and_then(RoleSort::parse)
        .unwrap_or(RoleSort::Kind);
    let order = app::page::numbered(column, sorted.descending, sorted.page_i64(), PAGE_SIZE);
    let roles = match app::roles::list_ordered(&state.ctx, actor, order).await {
        Ok(roles) => roles,
        Err(error) => return common::fail(page, error),
    };
    let mut rows = Vec::with_capacity(roles.items.len());
    for role in &roles.items {
        let users = match app::roles::user_count(&state.ctx, actor, &role.row.id).await {
            Ok(n) => n,
            Err(error) => return common::fail(page, error),
        };
        rows.push(RoleLine {
            href: format!("/roles/{}", role.row.id),
            name: catalog::role_label(&page.tr, role),
            description: description_of(&page, role),
            is_template: role.template.is_some(),
            based_on: role
                .based_on
                .filter(|_| role.template.is_none())
                .map(|t| catalog::template_label(&page.tr, t))
                .unwrap_or_default(),
            scope: catalog::scope_label(&page.tr, role.scope),
            permissions: role.permissions.len(),
            users,
        });
    }
    let headers = vec![
        sorted.header(page.t("field-role"), "name"),
        sorted.header(page.t("field-scope"), "scope"),
        sorted
            .header(page.t("roles-users"), "users")
            .with_class("num"),
    ];
    let pager = sorted.pager(
        &page,
        rows.len(),
        usize::try_from(roles.total).unwrap_or(0),
        PAGE_SIZE as usize,
    );
    let access = match access::control(state, actor, &page, "roles", access_open).await {
        Ok(access) => access,
        Err(error) => return common::fail(page, error),
    };
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let based_on = if form.based_on.is_empty() {
        "agent"
    } else {
        form.based_on.as_str()
    };
    // Unless the form chose one, a new role takes the scope of its template.
    let mut scopes = vec![SelectOption::new(
        "",
        page.t("roles-scope-as-template"),
        DataScope::parse(&form.scope).is_none(),
    )];
    scopes.extend(
        DataScope::parse(&form.scope)
            .map_or_else(
                || catalog::scope_options(&page.tr, DataScope::All),
                |s| catalog::scope_options(&page.tr, s),
            )
            .into_iter()
            .map(|o| SelectOption {
                selected: o.selected && DataScope::parse(&form.scope).is_some(),
                ..o
            }),
    );
    let view = RolesPage {
        title: page.t("nav-roles"),
        notice,
        alert,
        errors,
        rows,
        headers,
        pager,
        may_manage: actor.can(Permission::ROLES_MANAGE),
        templates: catalog::template_options(&page.tr, based_on),
        scopes,
        form,
        access,
        page,
    };
    (status, view).into_response()
}

/// Template descriptions are translated; custom roles keep their owners' words.
fn description_of(page: &Page, role: &RoleDetails) -> String {
    match role.template {
        Some(t) => page.t(&format!("role-{}-description", t.key())),
        None => role.row.description.clone(),
    }
}

/// `POST /roles`: a custom role starting with the permissions of the template it is
/// based on (the editor adjusts them next).
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = NewRoleValues {
        name: fields.text("name"),
        description: fields.text("description"),
        based_on: fields.text("based_on"),
        scope: fields.text("scope"),
    };
    let starting = domain::Template::parse(&values.based_on).map(|t| {
        t.permissions()
            .keys()
            .into_iter()
            .map(str::to_owned)
            .collect()
    });
    let input = RoleInput {
        name: Some(values.name.clone()),
        description: Some(values.description.clone()),
        permissions: starting,
        scope: common::non_empty(Some(values.scope.clone())),
        based_on: Some(values.based_on.clone()),
    };
    match app::roles::create(&state.ctx, &actor, input).await {
        Ok(role) => Redirect::to(&format!("/roles/{}?created=1", role.row.id)).into_response(),
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

pub struct UserLine {
    id: String,
    href: String,
    name: String,
    email: String,
    role: String,
    active: bool,
}

/// The role's own fields as the editor shows them: stored, or as just submitted.
pub struct RoleValues {
    name: String,
    description: String,
    scope: DataScope,
    permissions: PermissionSet,
}

#[derive(Template, WebTemplate)]
#[template(path = "role.html")]
pub struct RolePage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    id: String,
    version: i64,
    is_template: bool,
    name: String,
    description: String,
    based_on: String,
    scopes: Vec<SelectOption>,
    sections: Vec<SectionSwitches>,
    held_count: usize,
    may_manage: bool,
    may_test: bool,
    user_count: i64,
    /// `None` when the reader may not see users.
    holders: Option<Vec<UserLine>>,
    candidates: Vec<UserLine>,
    groups: Vec<SelectOption>,
    group_id: String,
}

#[derive(Deserialize, Default)]
pub struct GroupFilter {
    group_id: Option<String>,
}

pub async fn editor(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(filter): Query<GroupFilter>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    let group_id = common::non_empty(filter.group_id);
    render_editor(&state, &actor, page, &id, group_id, notice, None, None).await
}

#[allow(clippy::too_many_arguments)]
async fn render_editor(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    group_id: Option<String>,
    notice: Option<String>,
    problem: Option<Problem>,
    edits: Option<RoleValues>,
) -> Response {
    let role = match app::roles::get(&state.ctx, actor, id).await {
        Ok(role) => role,
        Err(error) => return common::fail(page, error),
    };
    match editor_view(state, actor, &page, &role, group_id).await {
        Ok(parts) => {
            let values = edits.unwrap_or_else(|| RoleValues {
                name: role.row.name.clone(),
                description: role.row.description.clone(),
                scope: role.scope,
                permissions: role.permissions.clone(),
            });
            let (status, errors, alert) = match problem {
                Some(p) => (p.status, p.errors, p.alert),
                None => (StatusCode::OK, BTreeMap::new(), None),
            };
            let is_template = role.template.is_some();
            let view = RolePage {
                title: catalog::role_label(&page.tr, &role),
                notice,
                alert,
                errors,
                id: role.row.id.clone(),
                version: role.row.version,
                is_template,
                name: if is_template {
                    catalog::role_label(&page.tr, &role)
                } else {
                    values.name
                },
                description: if is_template {
                    description_of(&page, &role)
                } else {
                    values.description
                },
                based_on: role
                    .based_on
                    .map(|t| catalog::template_label(&page.tr, t))
                    .unwrap_or_default(),
                scopes: catalog::scope_options(&page.tr, values.scope),
                sections: catalog::matrix(&page.tr, &values.permissions),
                held_count: values.permissions.len(),
                may_manage: actor.can(Permission::ROLES_MANAGE),
                may_test: actor.can(Permission::ROLES_TEST),
                user_count: parts.user_count,
                holders: parts.holders,
                candidates: parts.candidates,
                groups: parts.groups,
                group_id: parts.group_id,
                page,
            };
            (status, view).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

struct EditorParts {
    user_count: i64,
    holders: Option<Vec<UserLine>>,
    candidates: Vec<UserLine>,
    groups: Vec<SelectOption>,
    group_id: String,
}

/// The users of the role and the others who could get it, both within `group_id`.
async fn editor_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    role: &RoleDetails,
    group_id: Option<String>,
) -> Result<EditorParts, AppError> {
    let user_count = app::roles::user_count(&state.ctx, actor, &role.row.id).await?;
    let groups = common::optional(app::groups::list(&state.ctx, actor, None, 500, false).await)?
        .map(|p| p.items)
        .unwrap_or_default();
    let group_id = group_id.unwrap_or_default();
    let group_options = groups
        .iter()
        .map(|g| SelectOption::new(&g.row.id, &g.row.name, g.row.id == group_id))
        .collect();
    let in_group = UserFilter {
        group_id: common::non_empty(Some(group_id.clone())),
        ..UserFilter::default()
    };
    let everyone = common::optional(
        app::users::list(&state.ctx, actor, &in_group, None, USERS_SHOWN, false).await,
    )?;
    let (holders, candidates) = match everyone {
        None => (None, Vec::new()),
        Some(everyone) => {
            let roles: HashMap<String, String> = app::roles::list(&state.ctx, actor)
                .await?
                .iter()
                .map(|r| (r.row.id.clone(), catalog::role_label(&page.tr, r)))
                .collect();
            let holding = UserFilter {
                role_id: Some(role.row.id.clone()),
                ..in_group.clone()
            };
            let holders = app::users::list(&state.ctx, actor, &holding, None, USERS_SHOWN, false)
                .await?
                .items;
            let line = |u: &app::users::UserDetails| UserLine {
                id: u.row.id.clone(),
                href: format!("/users/{}", u.row.id),
                name: u.row.name.clone(),
                email: u.row.email.clone(),
                role: roles.get(&u.row.role_id).cloned().unwrap_or_default(),
                active: u.row.active,
            };
            let candidates = everyone
                .items
                .iter()
                .filter(|u| u.row.role_id != role.row.id && u.row.id != actor.user_id)
                .map(line)
                .collect();
            (Some(holders.iter().map(line).collect()), candidates)
        }
    };
    Ok(EditorParts {
        user_count,
        holders,
        candidates,
        groups: group_options,
        group_id,
    })
}

/// `POST /roles/{id}`: name, description, scope and the ticked permissions.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let permissions = fields.all("permissions");
    let input = RoleInput {
        name: Some(fields.text("name")),
        description: Some(fields.text("description")),
        permissions: Some(permissions.clone()),
        scope: Some(fields.text("scope")),
        based_on: None,
    };
    match app::roles::update(&state.ctx, &actor, &id, input, fields.version()).await {
        Ok(_) => Redirect::to(&format!("/roles/{id}?saved=1")).into_response(),
        Err(error) => {
            let stale = matches!(error, AppError::Stale);
            let edits = (!stale).then(|| RoleValues {
                name: fields.text("name"),
                description: fields.text("description"),
                scope: DataScope::parse(&fields.text("scope")).unwrap_or(DataScope::Own),
                permissions: PermissionSet::from_keys(permissions.iter().map(String::as_str)),
            });
            rerender(&state, &actor, page, &id, None, error, edits).await
        }
    }
}

/// Shows the editor again with what went wrong, or fails the page.
async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    group_id: Option<String>,
    error: AppError,
    edits: Option<RoleValues>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => {
            render_editor(state, actor, page, id, group_id, None, Some(problem), edits).await
        }
        Err(error) => common::fail(page, error),
    }
}

/// `POST /roles/{id}/delete`: first the confirmation (how many users and tokens
/// hold the role), then, with `confirm=yes`, the deletion.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::role(&state, &actor, page, &id).await;
    }
    match app::roles::delete(&state.ctx, &actor, &id).await {
        Ok(()) => Redirect::to("/roles?deleted=1").into_response(),
        Err(error) => rerender(&state, &actor, page, &id, None, error, None).await,
    }
}

/// `POST /roles/{id}/users`: the ticked users get the role, all or nothing.
pub async fn assign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let user_ids = fields.all("user_ids");
    let group_id = common::non_empty(fields.get("group_id").map(str::to_owned));
    if user_ids.is_empty() {
        let problem = Problem::alert(
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("problem-tick-users"),
        );
        return render_editor(
            &state,
            &actor,
            page,
            &id,
            group_id,
            None,
            Some(problem),
            None,
        )
        .await;
    }
    match app::roles::assign_users(&state.ctx, &actor, &id, &user_ids).await {
        Ok(count) => {
            let count = count.to_string();
            let group = group_id.unwrap_or_default();
            let target = common::with_query(
                &format!("/roles/{id}"),
                &[("assigned", &count), ("group_id", &group)],
            );
            Redirect::to(&format!("{target}#users")).into_response()
        }
        Err(error) => rerender(&state, &actor, page, &id, group_id, error, None).await,
    }
}

/// `POST /role-test`: this session acts with only the chosen role until the test ends.
pub async fn start_test(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let role_id = Fields(pairs).text("role_id");
    match app::roles::start_test(&state.ctx, &actor, &role_id).await {
        Ok(()) => Redirect::to("/").into_response(),
        Err(error) => rerender(&state, &actor, page, &role_id, None, error, None).await,
    }
}

/// `POST /role-test/end`: back to the user's own role, on the page of the role tested
/// (where the test was started), or home when no test was running.
pub async fn end_test(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let back = actor
        .role_test
        .as_ref()
        .map_or_else(|| "/".to_owned(), |role| format!("/roles/{}", role.id));
    match app::roles::end_test(&state.ctx, &actor).await {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(error) => common::fail(page, error),
    }
}
