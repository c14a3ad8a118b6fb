//! `/users`: the users list with filters, invitations, and the user page with its
//! account details, effective settings and one-time links.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::groups::GroupDetails;
use app::roles::RoleDetails;
use app::users::{AccountAction, AccountPatch, NewUserInput, UserDetails};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::settings::EffectiveSettings;
use domain::{Actor, DataScope, Permission};
use serde::Deserialize;
use store::sorting::SortColumn;
use store::users::{UserFilter, UserSort};

use super::access::{self, AccessControl};
use super::catalog;
use super::common::{self, Fields, Flash, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use super::sorting::{Header, Pager, Sorted};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// Rows per page of the users list.
const PAGE_SIZE: i64 = 50;

/// Roles and groups the reader may see, for names, filters and choices.
struct Lookups {
    roles: Option<Vec<RoleDetails>>,
    groups: Option<Vec<GroupDetails>>,
}

impl Lookups {
    async fn load(state: &AppState, actor: &Actor) -> Result<Self, AppError> {
        Ok(Lookups {
            roles: common::optional(app::roles::choices(&state.ctx, actor).await)?,
            groups: common::optional(app::groups::list(&state.ctx, actor, None, 500, false).await)?
                .map(|p| p.items),
        })
    }

    fn role_names(&self, page: &Page) -> HashMap<String, String> {
        self.roles
            .iter()
            .flatten()
            .map(|r| (r.row.id.clone(), catalog::role_label(&page.tr, r)))
            .collect()
    }

    fn group_names(&self) -> HashMap<String, String> {
        self.groups
            .iter()
            .flatten()
            .map(|g| (g.row.id.clone(), g.row.name.clone()))
            .collect()
    }

    fn role_options(&self, page: &Page, selected: &str) -> Vec<SelectOption> {
        self.roles
            .as_deref()
            .map(|roles| catalog::role_options(&page.tr, roles, selected))
            .unwrap_or_default()
    }

    fn group_options(&self, chosen: &[String]) -> Vec<SelectOption> {
        self.groups
            .iter()
            .flatten()
            .map(|g| SelectOption::new(&g.row.id, &g.row.name, chosen.contains(&g.row.id)))
            .collect()
    }
}

pub struct UserLine {
    id: String,
    /// Ticked for a bulk action ("select all on this page", or a refused action).
    ticked: bool,
    href: String,
    name: String,
    email: String,
    role: String,
    groups: String,
    active: bool,
    invited: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    group_id: Option<String>,
    role_id: Option<String>,
    active: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
    /// `all`: every row of the page comes ticked (select all without a script).
    select: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> UserFilter {
        UserFilter {
            group_id: common::non_empty(self.group_id.clone()),
            role_id: common::non_empty(self.role_id.clone()),
            active: match self.active.as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            text: common::non_empty(self.q.clone()),
            not_in_project: None,
        }
    }
}

/// The invitation form's values.
#[derive(Default)]
pub struct InviteValues {
    name: String,
    email: String,
    role_id: String,
    group_ids: Vec<String>,
}

/// A one-time link, shown once on the page that created it.
pub struct OneTimeLink {
    heading: String,
    text: String,
    link: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
pub struct UsersPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<UserLine>,
    total: i64,
    headers: Vec<Header>,
    pager: Pager,
    /// This page with every row ticked.
    select_all: String,
    /// This page as it is: where a bulk action comes back to.
    here: String,
    /// The bulk actions' controls, when the reader edits users one by one.
    bulk: Option<BulkControls>,
    q: String,
    group_filter: Vec<SelectOption>,
    role_filter: Vec<SelectOption>,
    active_filter: Vec<SelectOption>,
    filtered: bool,
    may_invite: bool,
    invite: InviteValues,
    invite_roles: Vec<SelectOption>,
    invite_groups: Vec<SelectOption>,
    link: Option<OneTimeLink>,
    access: Option<AccessControl>,
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
    let access_open = flash.about_access();
    render_list(
        &state,
        &actor,
        page,
        &query,
        ListExtras {
            ticked: Vec::new(),
            notice,
            problem,
            invite: InviteValues::default(),
            link: None,
            access_open,
        },
    )
    .await
}

struct ListExtras {
    /// Users ticked again after a refused bulk action.
    ticked: Vec<String>,
    notice: Option<String>,
    problem: Option<Problem>,
    invite: InviteValues,
    link: Option<OneTimeLink>,
    access_open: bool,
}

/// Whether the reader invites users and edits account details one by one (the app
/// layer decides for each user; this only chooses which controls to offer).
fn edits_one_by_one(actor: &Actor) -> bool {
    actor.can(Permission::USERS_MANAGE) && actor.effective_role().scope == DataScope::All
}

async fn render_list(
    state: &AppState,
    actor: &Actor,
    page: Page,
    query: &ListQuery,
    extras: ListExtras,
) -> Response {
    let filter = query.filter();
    let q = query.q.clone().unwrap_or_default();
    let group_id = query.group_id.clone().unwrap_or_default();
    let role_id = query.role_id.clone().unwrap_or_default();
    let active = query.active.clone().unwrap_or_default();
    let sorted = Sorted::new(
        "/users",
        vec![
            ("q", q.clone()),
            ("group_id", group_id.clone()),
            ("role_id", role_id.clone()),
            ("active", active.clone()),
        ],
        query.sort.as_deref(),
        query.dir.as_deref(),
        query.page.as_deref(),
        |c| UserSort::parse(c).is_some(),
    );
    let column = sorted
        .column
        .as_deref()
        .and_then(UserSort::parse)
        .unwrap_or(UserSort::Name);
    let order = app::page::numbered(column, sorted.descending, sorted.page_i64(), PAGE_SIZE);
    let users = match app::users::list_ordered(&state.ctx, actor, &filter, order).await {
        Ok(users) => users,
        Err(error) => return common::fail(page, error),
    };
    let lookups = match Lookups::load(state, actor).await {
        Ok(lookups) => lookups,
        Err(error) => return common::fail(page, error),
    };
    let access = match access::control(state, actor, &page, "users", extras.access_open).await {
        Ok(access) => access,
        Err(error) => return common::fail(page, error),
    };
    let role_names = lookups.role_names(&page);
    let group_names = lookups.group_names();
    let select_all = query.select.as_deref() == Some("all");
    let rows: Vec<UserLine> = users
        .items
        .iter()
        .map(|u| UserLine {
            id: u.row.id.clone(),
            ticked: select_all || extras.ticked.contains(&u.row.id),
            href: format!("/users/{}", u.row.id),
            name: u.row.name.clone(),
            email: u.row.email.clone(),
            role: role_names.get(&u.row.role_id).cloned().unwrap_or_default(),
            groups: u
                .group_ids
                .iter()
                .filter_map(|g| group_names.get(g).cloned())
                .collect::<Vec<_>>()
                .join(", "),
            active: u.row.active,
            invited: u.row.invitation_pending,
        })
        .collect();
    let headers = vec![
        sorted.header(page.t("label-name"), "name"),
        sorted
            .header(page.t("field-email"), "email")
            .with_class("hide-narrow"),
        sorted.header(page.t("field-role"), "role"),
        sorted
            .header(page.t("field-groups"), "groups")
            .with_class("hide-narrow"),
        sorted.header(page.t("field-status"), "status"),
    ];
    let total = users.total;
    let pager = sorted.pager(
        &page,
        rows.len(),
        usize::try_from(total).unwrap_or(0),
        PAGE_SIZE as usize,
    );
    let here = sorted.here();
    let select_all_href = format!(
        "{here}{}select=all",
        if here.contains('?') { "&" } else { "?" }
    );
    let bulk = (edits_one_by_one(actor) && !rows.is_empty()).then(|| BulkControls {
        roles: lookups.role_options(&page, ""),
        groups: lookups.group_options(&[]),
    });
    let group_filter = lookups
        .groups
        .iter()
        .flatten()
        .map(|g| SelectOption::new(&g.row.id, &g.row.name, g.row.id == group_id))
        .collect();
    let active_filter = [
        ("yes", "users-filter-active"),
        ("no", "users-filter-blocked"),
    ]
    .into_iter()
    .map(|(value, id)| SelectOption::new(value, page.t(id), value == active))
    .collect();
    let (status, errors, alert) = match extras.problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let invite = extras.invite;
    let view = UsersPage {
        title: page.t("nav-users"),
        notice: extras.notice,
        alert,
        errors,
        rows,
        total,
        headers,
        pager,
        select_all: select_all_href,
        here,
        bulk,
        filtered: filter.group_id.is_some()
            || filter.role_id.is_some()
            || filter.active.is_some()
            || filter.text.is_some(),
        group_filter,
        role_filter: lookups.role_options(&page, &role_id),
        active_filter,
        q,
        may_invite: edits_one_by_one(actor) && lookups.roles.is_some(),
        invite_roles: lookups.role_options(&page, &default_role(&lookups, &invite.role_id)),
        invite_groups: lookups.group_options(&invite.group_ids),
        invite,
        link: extras.link,
        access,
        page,
    };
    (status, view).into_response()
}

/// The role the invitation form offers first: the one chosen, else Agent.
fn default_role(lookups: &Lookups, chosen: &str) -> String {
    if !chosen.is_empty() {
        return chosen.to_owned();
    }
    lookups
        .roles
        .iter()
        .flatten()
        .find(|r| r.template == Some(domain::Template::Agent))
        .map(|r| r.row.id.clone())
        .unwrap_or_default()
}

/// `POST /users`: creates the user and shows the invitation link once.
pub async fn invite(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = InviteValues {
        name: fields.text("name"),
        email: fields.text("email"),
        role_id: fields.text("role_id"),
        group_ids: fields.all("group_ids"),
    };
    let input = NewUserInput {
        name: values.name.clone(),
        email: values.email.clone(),
        role_id: values.role_id.clone(),
        group_ids: values.group_ids.clone(),
        project_ids: Vec::new(),
    };
    let query = ListQuery::default();
    match app::users::create(&state.ctx, &actor, input).await {
        Ok((user, token)) => {
            let (before, after) = page.t_around("invite-link-heading");
            let link = OneTimeLink {
                heading: format!("{before}{}{after}", user.row.name),
                text: page.t("invite-link-text"),
                link: common::one_time_link(
                    &headers,
                    state.web.secure_cookies,
                    &format!("/accept-invite?token={token}"),
                ),
            };
            let extras = ListExtras {
                ticked: Vec::new(),
                notice: None,
                problem: None,
                invite: InviteValues::default(),
                link: Some(link),
                access_open: false,
            };
            render_list(&state, &actor, page, &query, extras).await
        }
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => {
                let extras = ListExtras {
                    ticked: Vec::new(),
                    notice: None,
                    problem: Some(problem),
                    invite: values,
                    link: None,
                    access_open: false,
                };
                render_list(&state, &actor, page, &query, extras).await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

/// The account form's values: stored, or as just submitted.
pub struct AccountValues {
    name: String,
    role_id: String,
    group_ids: Vec<String>,
    max_chats: String,
    extension: String,
    softphone: String,
    active: bool,
}

impl AccountValues {
    fn of(user: &UserDetails) -> Self {
        AccountValues {
            name: user.row.name.clone(),
            role_id: user.row.role_id.clone(),
            group_ids: user.group_ids.clone(),
            max_chats: user.row.max_chats.to_string(),
            extension: user.row.extension.clone().unwrap_or_default(),
            softphone: override_key(user.row.softphone_outbound).to_owned(),
            active: user.row.active,
        }
    }
}

/// An inherit/yes/no setting as the form sends it.
pub fn override_key(value: Option<bool>) -> &'static str {
    match value {
        None => "inherit",
        Some(true) => "yes",
        Some(false) => "no",
    }
}

pub fn parse_override(key: &str) -> Option<Option<bool>> {
    match key {
        "inherit" => Some(None),
        "yes" => Some(Some(true)),
        "no" => Some(Some(false)),
        _ => None,
    }
}

pub fn override_options(page: &Page, selected: &str) -> Vec<SelectOption> {
    [
        ("inherit", "setting-inherit"),
        ("yes", "setting-allowed"),
        ("no", "setting-not-allowed"),
    ]
    .into_iter()
    .map(|(value, id)| SelectOption::new(value, page.t(id), value == selected))
    .collect()
}

pub fn allowed_label(page: &Page, allowed: bool) -> String {
    page.t(if allowed {
        "setting-allowed"
    } else {
        "setting-not-allowed"
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
pub struct UserPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    id: String,
    version: i64,
    email: String,
    language: String,
    timezone: String,
    editable: bool,
    is_self: bool,
    name: String,
    role: String,
    roles: Vec<SelectOption>,
    groups: Vec<SelectOption>,
    groups_visible: bool,
    group_names: String,
    max_chats: String,
    extension: String,
    softphone: Vec<SelectOption>,
    softphone_label: String,
    active: bool,
    invitation_pending: bool,
    effective_softphone: String,
    link: Option<OneTimeLink>,
    /// `None` when the reader may not see skills.
    skills: Option<super::skills::UserSkills>,
}

#[allow(clippy::too_many_arguments)]
async fn render_user(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    notice: Option<String>,
    problem: Option<Problem>,
    edits: Option<AccountValues>,
    link: Option<OneTimeLink>,
) -> Response {
    let (user, effective): (UserDetails, EffectiveSettings) =
        match app::users::get(&state.ctx, actor, id).await {
            Ok(found) => found,
            Err(error) => return common::fail(page, error),
        };
    let lookups = match Lookups::load(state, actor).await {
        Ok(lookups) => lookups,
        Err(error) => return common::fail(page, error),
    };
    let skills = match super::skills::user_card(state, actor, &page, &user).await {
        Ok(skills) => skills,
        Err(error) => return common::fail(page, error),
    };
    let values = edits.unwrap_or_else(|| AccountValues::of(&user));
    let is_self = user.row.id == actor.user_id;
    let role_names = lookups.role_names(&page);
    let group_names = lookups.group_names();
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let language = domain::profile::Language::parse(&user.row.language)
        .map(|l| page.t(&format!("language-{}", l.code())))
        .unwrap_or_else(|| user.row.language.clone());
    let view = UserPage {
        title: user.row.name.clone(),
        notice,
        alert,
        errors,
        id: user.row.id.clone(),
        version: user.row.version,
        email: user.row.email.clone(),
        language,
        timezone: user.row.timezone.replace('_', " "),
        editable: edits_one_by_one(actor) && !is_self,
        is_self,
        role: role_names
            .get(&user.row.role_id)
            .cloned()
            .unwrap_or_default(),
        roles: lookups.role_options(&page, &values.role_id),
        groups: lookups.group_options(&values.group_ids),
        groups_visible: lookups.groups.is_some(),
        group_names: user
            .group_ids
            .iter()
            .filter_map(|g| group_names.get(g).cloned())
            .collect::<Vec<_>>()
            .join(", "),
        name: values.name,
        max_chats: values.max_chats,
        extension: values.extension,
        softphone: override_options(&page, &values.softphone),
        softphone_label: page.t(match values.softphone.as_str() {
            "yes" => "setting-allowed",
            "no" => "setting-not-allowed",
            _ => "setting-inherit",
        }),
        active: values.active,
        invitation_pending: user.row.invitation_pending,
        effective_softphone: allowed_label(&page, effective.softphone_outbound),
        link,
        skills,
        page,
    };
    (status, view).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Response {
    let notice = flash.notice(&page);
    render_user(&state, &actor, page, &id, notice, None, None, None).await
}

/// `POST /users/{id}`: account details. Personal profile fields are not in the form.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let values = AccountValues {
        name: fields.text("name"),
        role_id: fields.text("role_id"),
        group_ids: fields.all("group_ids"),
        max_chats: fields.text("max_chats"),
        extension: fields.text("extension"),
        softphone: fields.text("softphone_outbound"),
        active: fields.has("active"),
    };
    let mut problems = domain::FieldErrors::new();
    let max_chats = match values.max_chats.trim() {
        "" => None,
        text => text.parse::<i64>().map(Some).unwrap_or_else(|_| {
            problems.add("max_chats", "invalid");
            None
        }),
    };
    let softphone = parse_override(&values.softphone);
    if softphone.is_none() {
        problems.add("softphone_outbound", "invalid");
    }
    if !problems.is_empty() {
        let error = AppError::Invalid(problems);
        return rerender(&state, &actor, page, &id, error, Some(values)).await;
    }
    let extension = values.extension.trim();
    let patch = AccountPatch {
        name: Some(values.name.clone()),
        role_id: common::non_empty(Some(values.role_id.clone())),
        // Only a form that listed the groups may change them.
        group_ids: fields.has("groups_shown").then(|| values.group_ids.clone()),
        max_chats,
        extension: Some((!extension.is_empty()).then(|| extension.to_owned())),
        softphone_outbound: softphone,
        active: Some(values.active),
        ..AccountPatch::default()
    };
    match app::users::update(&state.ctx, &actor, &id, patch, fields.version()).await {
        Ok(_) => Redirect::to(&format!("/users/{id}?saved=1")).into_response(),
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
    edits: Option<AccountValues>,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => render_user(state, actor, page, id, None, Some(problem), edits, None).await,
        Err(error) => common::fail(page, error),
    }
}

/// The user page again with why its skills were not saved.
pub(super) async fn rerender_skills(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    error: AppError,
) -> Response {
    rerender(state, actor, page, id, error, None).await
}

/// `POST /users/{id}/password-reset`: a one-time link; nobody sets another's password.
pub async fn password_reset(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    headers: HeaderMap,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    match app::users::password_reset(&state.ctx, &actor, &id).await {
        Ok(token) => {
            let link = OneTimeLink {
                heading: page.t("reset-link-heading"),
                text: page.t("reset-link-text"),
                link: common::one_time_link(
                    &headers,
                    state.web.secure_cookies,
                    &format!("/reset?token={token}"),
                ),
            };
            render_user(&state, &actor, page, &id, None, None, None, Some(link)).await
        }
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// `POST /users/{id}/invitation`: a fresh invitation link; the previous one stops working.
pub async fn resend_invitation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    headers: HeaderMap,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    match app::users::resend_invitation(&state.ctx, &actor, &id).await {
        Ok(token) => {
            let link = OneTimeLink {
                heading: page.t("invite-again-heading"),
                text: page.t("invite-again-text"),
                link: common::one_time_link(
                    &headers,
                    state.web.secure_cookies,
                    &format!("/accept-invite?token={token}"),
                ),
            };
            render_user(&state, &actor, page, &id, None, None, None, Some(link)).await
        }
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// `POST /users/{id}/invitation/withdraw`: the invitation link stops working.
pub async fn withdraw_invitation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    match app::users::revoke_invitation(&state.ctx, &actor, &id).await {
        Ok(()) => Redirect::to(&format!("/users/{id}?withdrawn=1")).into_response(),
        Err(error) => rerender(&state, &actor, page, &id, error, None).await,
    }
}

/// The choices of the users list's bulk actions.
pub struct BulkControls {
    roles: Vec<SelectOption>,
    groups: Vec<SelectOption>,
}

/// The list's own query (filters, order, page), from the link the bulk form came
/// from; anything else is the plain list.
fn query_of(fields: &Fields) -> ListQuery {
    let back = fields.text("back");
    back.strip_prefix("/users?")
        .and_then(|query| serde_urlencoded::from_str::<ListQuery>(query).ok())
        .map(|query| ListQuery {
            select: None,
            ..query
        })
        .unwrap_or_default()
}

/// Where the bulk form goes back to: the users list only.
fn back_of(fields: &Fields) -> String {
    let back = fields.text("back");
    if back == "/users" || back.starts_with("/users?") {
        back
    } else {
        "/users".to_owned()
    }
}

/// `POST /users/bulk`: a role, groups, blocking or unblocking for the ticked users.
/// Blocking asks first; each user is then changed or refused by the rules of editing
/// them one by one, and the list says which.
pub async fn bulk(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let query = query_of(&fields);
    let user_ids = fields.all("user_ids");
    let action = match fields.get("action") {
        Some("role") => Some(AccountAction::Role(fields.text("role_id"))),
        Some("add_groups") => Some(AccountAction::AddGroups(fields.all("group_ids"))),
        Some("remove_groups") => Some(AccountAction::RemoveGroups(fields.all("group_ids"))),
        Some("block") => Some(AccountAction::Block),
        Some("unblock") => Some(AccountAction::Unblock),
        _ => None,
    };
    let Some(action) = action else {
        let error = AppError::Invalid(domain::FieldErrors::single("action", "required"));
        return bulk_refused(&state, &actor, page, &query, user_ids, error).await;
    };
    if action == AccountAction::Block && !user_ids.is_empty() && !confirm::confirmed(&fields) {
        let back = back_of(&fields);
        return confirm::users_block(&state, &actor, page, &user_ids, &fields.0, &back).await;
    }
    match app::users::bulk_account(&state.ctx, &actor, &user_ids, action).await {
        Ok(outcome) => {
            let notice = Some(page.tr.t_args(
                "users-bulk-done",
                &[
                    ("changed", count(outcome.changed.len())),
                    ("unchanged", count(outcome.unchanged.len())),
                ],
            ));
            let problem = (!outcome.refused.is_empty()).then(|| {
                let names: Vec<String> = outcome
                    .refused
                    .iter()
                    .map(|(id, name, why)| {
                        format!(
                            "{} ({})",
                            name.clone().unwrap_or_else(|| id.clone()),
                            page.t(&format!("users-bulk-refused-{}", why.code()))
                        )
                    })
                    .collect();
                Problem::alert(
                    StatusCode::OK,
                    page.tr.t_args(
                        "users-bulk-refused",
                        &[
                            ("count", count(outcome.refused.len())),
                            ("names", names.join(", ").into()),
                        ],
                    ),
                )
            });
            let extras = ListExtras {
                ticked: outcome.refused.into_iter().map(|(id, ..)| id).collect(),
                notice,
                problem,
                invite: InviteValues::default(),
                link: None,
                access_open: false,
            };
            render_list(&state, &actor, page, &query, extras).await
        }
        Err(error) => bulk_refused(&state, &actor, page, &query, user_ids, error).await,
    }
}

fn count(n: usize) -> crate::i18n::FluentValue<'static> {
    crate::i18n::FluentValue::from(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The list again with why a bulk action changed nothing, its users still ticked.
async fn bulk_refused(
    state: &AppState,
    actor: &Actor,
    page: Page,
    query: &ListQuery,
    ticked: Vec<String>,
    error: AppError,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => {
            let extras = ListExtras {
                ticked,
                notice: None,
                problem: Some(problem),
                invite: InviteValues::default(),
                link: None,
                access_open: false,
            };
            render_list(state, actor, page, query, extras).await
        }
        Err(error) => common::fail(page, error),
    }
}
