//! The administrator's case pages: the status lists, the Reassign page (assign or
//! distribute with a preview of the loads), the closed-case audit queue, import with
//! progress, and export.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::case_config::Status;
use app::case_moves::Bulk;
use app::cases::{CaseDetails, Selection, Verdict};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use domain::cases::Priority;
use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde::Deserialize;
use serde_json::Value;
use store::cases::{CaseFilter, CaseSort};
use store::users::UserRow;

use super::common::{self, Fields, SelectOption};
use super::layout::Page;
use super::shipped;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[
    ("GET", "/cases", false),
    ("GET", "/cases/reassign", false),
    ("POST", "/cases/reassign", false),
    ("GET", "/cases/audit-queue", false),
    ("POST", "/cases/{id}/audit-verdict", false),
    ("GET", "/cases/import", false),
    ("POST", "/cases/import", false),
    ("GET", "/cases/import/sample.csv", false),
    ("GET", "/cases/jobs/{id}", false),
];

pub fn routes() -> Router<AppState> {
    // The static segments win over the case page's `/cases/{id}`.
    Router::new()
        .route("/cases", get(list))
        .route("/cases/reassign", get(reassign).post(reassign_submit))
        .route("/cases/audit-queue", get(audit_queue))
        .route("/cases/{id}/audit-verdict", post(audit_verdict))
        .route(
            "/cases/import",
            // Imports may exceed the general body limit; they have their own, as in
            // the API.
            get(import_page)
                .post(import_submit.layer(DefaultBodyLimit::max(app::case_import::MAX_BYTES))),
        )
        .route("/cases/import/sample.csv", get(import_sample))
        .route("/cases/jobs/{id}", get(job_page))
}

/// Cases per page of a list.
const PAGE_SIZE: i64 = 50;
/// Administrators read the newest cases first.
const SORT: CaseSort = CaseSort::CreatedDesc;
/// The most users read for names and choices.
const USERS_READ: usize = 5_000;
/// The Assigned view: open cases with an operator. Not a status key (those start with
/// a letter and hold no `-`), so it cannot shadow one.
const ASSIGNED: &str = "assigned";

const PRIORITIES: [(Priority, &str); 4] = [
    (Priority::Low, "low"),
    (Priority::Normal, "normal"),
    (Priority::High, "high"),
    (Priority::Urgent, "urgent"),
];

fn priority_label(page: &Page, priority: Priority) -> String {
    let key = PRIORITIES
        .iter()
        .find(|(p, _)| *p == priority)
        .map_or("normal", |(_, key)| key);
    page.t(&format!("ca-priority-{key}"))
}

/// The message `id` with `value` where its `%%` stands.
fn t_with(page: &Page, id: &str, value: impl std::fmt::Display) -> String {
    let (before, after) = page.t_around(id);
    format!("{before}{value}{after}")
}

/// Whether the section has its own wording for `id`.
fn has_message(page: &Page, id: &str) -> bool {
    page.t(id) != id
}

// ---- what the pages share ----

/// The list filters, as the query string and the Reassign form carry them.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    view: Option<String>,
    assignee: Option<String>,
    campaign_id: Option<String>,
    priority: Option<String>,
    area: Option<String>,
    due_after: Option<String>,
    due_before: Option<String>,
    callbacks: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
}

/// The filter form's choices: assignee (`""` anyone, `none`, or a user id), campaign,
/// priority key, area, due dates (`YYYY-MM-DD`, inclusive), callbacks due now (`"1"`)
/// and search text.
#[derive(Debug, Clone, Default)]
struct Criteria {
    assignee: String,
    campaign_id: String,
    priority: String,
    area: String,
    due_after: String,
    due_before: String,
    callbacks: String,
    q: String,
}

impl Criteria {
    fn of(query: &ListQuery) -> Self {
        let text = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
        Criteria {
            assignee: text(&query.assignee),
            campaign_id: text(&query.campaign_id),
            priority: text(&query.priority),
            area: text(&query.area),
            due_after: text(&query.due_after),
            due_before: text(&query.due_before),
            callbacks: text(&query.callbacks),
            q: text(&query.q),
        }
    }

    fn from_fields(fields: &Fields) -> Self {
        let text = |name: &str| fields.text(name).trim().to_owned();
        Criteria {
            assignee: text("assignee"),
            campaign_id: text("campaign_id"),
            priority: text("priority"),
            area: text("area"),
            due_after: text("due_after"),
            due_before: text("due_before"),
            callbacks: text("callbacks"),
            q: text("q"),
        }
    }

    fn filter(&self) -> CaseFilter {
        CaseFilter {
            assignee: match self.assignee.as_str() {
                "" => None,
                "none" => Some(None),
                id => Some(Some(id.to_owned())),
            },
            campaign_id: common::non_empty(Some(self.campaign_id.clone())),
            priority: PRIORITIES
                .iter()
                .find(|(_, key)| *key == self.priority)
                .map(|(p, _)| p.rank()),
            area: common::non_empty(Some(self.area.clone())),
            // A date that does not read as one (typed into the address) is ignored.
            due_after: date(&self.due_after),
            due_before: date(&self.due_before),
            callback_due: (self.callbacks == "1").then(domain::clock::now),
            text: common::non_empty(Some(self.q.clone())),
            ..CaseFilter::default()
        }
    }

    fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("assignee", &self.assignee),
            ("campaign_id", &self.campaign_id),
            ("priority", &self.priority),
            ("area", &self.area),
            ("due_after", &self.due_after),
            ("due_before", &self.due_before),
            ("callbacks", &self.callbacks),
            ("q", &self.q),
        ]
    }

    fn is_set(&self) -> bool {
        self.pairs().iter().any(|(_, v)| !v.is_empty())
    }
}

/// `YYYY-MM-DD` as given, if it is a date.
fn date(text: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|_| text.to_owned())
}

/// `path?…` with the criteria and `extra` pairs.
fn href(path: &str, criteria: &Criteria, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = extra.to_vec();
    pairs.extend(criteria.pairs());
    common::with_query(path, &pairs)
}

/// The users the reader's scope reaches (for names and choices), by name.
async fn users(state: &AppState, actor: &Actor) -> Result<Vec<UserRow>, AppError> {
    Ok(
        common::optional(app::cases::people(&state.ctx, actor, USERS_READ).await)?
            .unwrap_or_default(),
    )
}

/// The dialer campaigns the reader sees, by name, as (id, name).
async fn campaigns(state: &AppState, actor: &Actor) -> Result<Vec<(String, String)>, AppError> {
    let read = app::objects::list(
        &state.ctx,
        actor,
        ObjectKind::DialerCampaigns,
        None,
        None,
        500,
        false,
    )
    .await;
    let mut out: Vec<(String, String)> = common::optional(read)?
        .map(|page| {
            page.items
                .into_iter()
                .map(|o| (o.row.id, o.row.name))
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(out)
}

/// The names the lists show for operators.
struct Names<'a> {
    users: &'a [UserRow],
    nobody: String,
    someone: String,
}

impl<'a> Names<'a> {
    fn new(page: &Page, users: &'a [UserRow]) -> Self {
        Names {
            users,
            nobody: page.t("ca-unassigned"),
            someone: page.t("ca-someone"),
        }
    }

    fn of(&self, id: Option<&str>) -> String {
        match id {
            None => self.nobody.clone(),
            Some(id) => self
                .users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| self.someone.clone(), |u| u.name.clone()),
        }
    }
}

/// The filter form above a list.
pub struct FilterForm {
    action: &'static str,
    /// Hidden pairs the form keeps (the tab being filtered).
    keep: Vec<(String, String)>,
    /// The Reassign page chooses the status here; the lists have tabs instead.
    status_options: Vec<SelectOption>,
    assignee_options: Vec<SelectOption>,
    campaign_options: Vec<SelectOption>,
    priority_options: Vec<SelectOption>,
    area: String,
    due_after: String,
    due_before: String,
    callbacks: bool,
    q: String,
    clear_href: Option<String>,
}

impl FilterForm {
    fn new(
        page: &Page,
        action: &'static str,
        criteria: &Criteria,
        users: &[UserRow],
        campaigns: &[(String, String)],
    ) -> Self {
        let mut assignee_options = vec![
            SelectOption::new("", page.t("ca-filter-anyone"), criteria.assignee.is_empty()),
            SelectOption::new(
                "none",
                page.t("ca-filter-unassigned"),
                criteria.assignee == "none",
            ),
        ];
        assignee_options.extend(
            users
                .iter()
                .filter(|u| u.active || u.id == criteria.assignee)
                .map(|u| {
                    SelectOption::new(u.id.clone(), u.name.clone(), u.id == criteria.assignee)
                }),
        );
        let mut campaign_options = vec![SelectOption::new(
            "",
            page.t("ca-filter-any-campaign"),
            criteria.campaign_id.is_empty(),
        )];
        campaign_options.extend(campaigns.iter().map(|(id, name)| {
            SelectOption::new(id.clone(), name.clone(), *id == criteria.campaign_id)
        }));
        let mut priority_options = vec![SelectOption::new(
            "",
            page.t("ca-filter-any-priority"),
            criteria.priority.is_empty(),
        )];
        priority_options.extend(PRIORITIES.iter().map(|(p, key)| {
            SelectOption::new(*key, priority_label(page, *p), *key == criteria.priority)
        }));
        FilterForm {
            action,
            keep: Vec::new(),
            status_options: Vec::new(),
            assignee_options,
            campaign_options,
            priority_options,
            area: criteria.area.clone(),
            due_after: criteria.due_after.clone(),
            due_before: criteria.due_before.clone(),
            callbacks: criteria.callbacks == "1",
            q: criteria.q.clone(),
            clear_href: None,
        }
    }
}

/// One case in a list.
pub struct CaseLine {
    id: String,
    href: String,
    name: String,
    document: String,
    status: String,
    assignee: String,
    area: String,
    amount: String,
    due_date: String,
    overdue: bool,
    priority: String,
    closed: String,
    ticked: bool,
}

fn status_name(statuses: &[Status], key: &str) -> String {
    statuses
        .iter()
        .find(|s| s.key == key)
        .map_or_else(|| key.to_owned(), |s| s.name.clone())
}

fn line(page: &Page, statuses: &[Status], names: &Names<'_>, case: &CaseDetails) -> CaseLine {
    let row = &case.row;
    CaseLine {
        id: row.id.clone(),
        href: format!("/cases/{}", row.id),
        name: case.customer.name.clone(),
        document: case.customer.document.clone(),
        status: status_name(statuses, &row.status),
        assignee: names.of(row.assignee_id.as_deref()),
        area: row.area.clone(),
        amount: row
            .amount_cents
            .map(|c| format!("{:.2}", domain::cases::cents_to_amount(c)))
            .unwrap_or_default(),
        due_date: row.due_date.clone().unwrap_or_default(),
        overdue: page.overdue(row.is_open, row.due_date.as_deref()),
        priority: priority_label(page, case.priority()),
        closed: row.closed_at.map(|at| page.time(at)).unwrap_or_default(),
        ticked: false,
    }
}

/// One page of a list; a cursor from an old link starts again from the first page.
async fn read_page(
    state: &AppState,
    actor: &Actor,
    filter: &CaseFilter,
    cursor: Option<String>,
    with_total: bool,
) -> Result<app::page::Page<CaseDetails>, AppError> {
    let list = |after: Option<String>| async move {
        app::cases::list(
            &state.ctx,
            actor,
            filter,
            SORT,
            after.as_deref(),
            PAGE_SIZE,
            with_total,
        )
        .await
    };
    match list(cursor.clone()).await {
        Err(AppError::Invalid(_)) if cursor.is_some() => list(None).await,
        other => other,
    }
}

/// A refusal the page shows: an alert, and messages by form field.
struct Refusal {
    status: StatusCode,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
}

/// Field problems in this section's words where it has them (`ca-problem-<field>-<code>`).
fn field_errors(page: &Page, errors: &FieldErrors) -> BTreeMap<String, String> {
    let mut out = page.field_errors(errors);
    for (field, code) in &errors.0 {
        let kind = code
            .split_once(':')
            .map_or(code.as_str(), |(kind, _)| kind)
            .trim();
        let id = format!(
            "ca-problem-{}-{}",
            field.replace(['_', '.'], "-"),
            kind.replace('_', "-")
        );
        if has_message(page, &id) {
            out.insert(field.clone(), page.t(&id));
        }
    }
    out
}

fn refusal(page: &Page, error: AppError) -> Result<Refusal, AppError> {
    Ok(match error {
        AppError::Invalid(fields) => Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            alert: Some(page.t("problem-check-fields")),
            errors: field_errors(page, &fields),
        },
        AppError::Conflict { code, .. }
            if code == "changed_concurrently" || code == "case_open" =>
        {
            Refusal {
                status: StatusCode::CONFLICT,
                alert: Some(page.t(&format!("ca-problem-{}", code.replace('_', "-")))),
                errors: BTreeMap::new(),
            }
        }
        other => {
            let problem = common::explain(page, other)?;
            Refusal {
                status: problem.status,
                alert: problem.alert,
                errors: problem.errors,
            }
        }
    })
}

/// Links to the section's other pages the reader may open.
pub struct SectionLink {
    id: &'static str,
    href: &'static str,
    label: String,
    current: bool,
}

fn section_links(page: &Page, actor: &Actor, current: &str) -> Vec<SectionLink> {
    let may_list = [
        Permission::CASES_ASSIGN,
        Permission::CASES_AUDIT,
        Permission::CASES_IMPORT,
        Permission::CASES_EXPORT,
    ]
    .iter()
    .any(|p| actor.can(*p));
    [
        ("section-lists", "/cases", "ca-lists-title", may_list),
        (
            "section-reassign",
            "/cases/reassign",
            "ca-reassign-title",
            actor.can(Permission::CASES_ASSIGN),
        ),
        (
            "section-audit",
            "/cases/audit-queue",
            "ca-audit-title",
            actor.can(Permission::CASES_AUDIT),
        ),
        (
            "section-import",
            "/cases/import",
            "ca-import-title",
            actor.can(Permission::CASES_IMPORT),
        ),
    ]
    .into_iter()
    .filter(|(_, _, _, allowed)| *allowed)
    .map(|(id, href, label, _)| SectionLink {
        id,
        href,
        label: page.t(label),
        current: href == current,
    })
    .collect()
}

// ---- GET /cases ----

pub struct Tab {
    id: String,
    href: String,
    name: String,
    count: i64,
    current: bool,
}

pub struct ListView {
    title: String,
    links: Vec<SectionLink>,
    tabs: Vec<Tab>,
    tab_name: String,
    filters: FilterForm,
    filtered: bool,
    rows: Vec<CaseLine>,
    next: Option<String>,
    export_href: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_list.html")]
pub struct ListPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: ListView,
}

impl std::ops::Deref for ListPage {
    type Target = ListView;

    fn deref(&self) -> &ListView {
        &self.view
    }
}

/// `GET /cases`: every case the reader sees, one status per tab, plus the Assigned view.
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Response {
    let allowed = [
        Permission::CASES_ASSIGN,
        Permission::CASES_AUDIT,
        Permission::CASES_IMPORT,
        Permission::CASES_EXPORT,
    ]
    .iter()
    .any(|p| actor.can(*p));
    if !allowed {
        return common::forbidden(page);
    }
    match list_view(&state, &actor, &page, query).await {
        Ok(view) => ListPage { page, view }.into_response(),
        Err(error) => common::fail(page, error),
    }
}

async fn list_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    query: ListQuery,
) -> Result<ListView, AppError> {
    let criteria = Criteria::of(&query);
    let base = criteria.filter();
    let counts = app::cases::counts_by_status(&state.ctx, actor, &base).await?;
    let open_count = |counts: &[(Status, i64)]| -> i64 {
        counts.iter().filter(|(s, _)| s.open).map(|(_, n)| n).sum()
    };
    let assigned_filter = CaseFilter {
        open: Some(true),
        assigned: Some(true),
        ..base.clone()
    };
    let assigned_count =
        open_count(&app::cases::counts_by_status(&state.ctx, actor, &assigned_filter).await?);
    let statuses: Vec<Status> = counts.iter().map(|(s, _)| s.clone()).collect();

    let assigned_view = query.view.as_deref() == Some(ASSIGNED);
    let status = if assigned_view {
        String::new()
    } else {
        common::non_empty(query.status.clone())
            .filter(|s| statuses.iter().any(|st| st.key == *s))
            .unwrap_or_else(|| "active".to_owned())
    };

    let mut tabs: Vec<Tab> = Vec::new();
    for (s, n) in &counts {
        tabs.push(Tab {
            id: format!("tab-{}", s.key),
            href: href("/cases", &criteria, &[("status", &s.key)]),
            name: s.name.clone(),
            count: *n,
            current: !assigned_view && s.key == status,
        });
        if s.key == "active" {
            tabs.push(Tab {
                id: "tab-assigned".to_owned(),
                href: href("/cases", &criteria, &[("view", ASSIGNED)]),
                name: page.t("ca-tab-assigned"),
                count: assigned_count,
                current: assigned_view,
            });
        }
    }
    let tab_name = if assigned_view {
        page.t("ca-tab-assigned")
    } else {
        status_name(&statuses, &status)
    };

    let cursor = common::non_empty(query.cursor);
    let filter = if assigned_view {
        assigned_filter
    } else {
        CaseFilter {
            status: Some(status.clone()),
            ..base.clone()
        }
    };
    let found = read_page(state, actor, &filter, cursor, false).await?;
    let (items, next_cursor) = (found.items, found.next);
    let tab_pair: (&str, &str) = if assigned_view {
        ("view", ASSIGNED)
    } else {
        ("status", &status)
    };
    let next = next_cursor.map(|c| href("/cases", &criteria, &[tab_pair, ("cursor", &c)]));

    let users = users(state, actor).await?;
    let campaigns = campaigns(state, actor).await?;
    let names = Names::new(page, &users);
    let rows: Vec<CaseLine> = items
        .iter()
        .map(|c| line(page, &statuses, &names, c))
        .collect();

    let export_href = actor.can(Permission::CASES_EXPORT).then(|| {
        let mut pairs: Vec<(&str, &str)> = if assigned_view {
            let mut pairs = vec![("open", "true")];
            if criteria.assignee.is_empty() {
                pairs.push(("assignee", "any"));
            }
            pairs
        } else {
            vec![("status", &status)]
        };
        pairs.extend(criteria.pairs());
        common::with_query("/api/v1/cases/export", &pairs)
    });

    let mut filters = FilterForm::new(page, "/cases", &criteria, &users, &campaigns);
    filters.keep = vec![(tab_pair.0.to_owned(), tab_pair.1.to_owned())];
    filters.clear_href = criteria
        .is_set()
        .then(|| common::with_query("/cases", &[tab_pair]));

    Ok(ListView {
        title: page.t("nav-cases"),
        links: section_links(page, actor, "/cases"),
        tabs,
        tab_name,
        filters,
        filtered: criteria.is_set(),
        rows,
        next,
        export_href,
    })
}

// ---- /cases/reassign ----

/// What a redirect after a reassignment tells the page.
#[derive(Deserialize, Default)]
pub struct ReassignFlash {
    assigned: Option<String>,
    distributed: Option<String>,
    /// An assignment or distribution running as a job, to follow.
    job: Option<String>,
}

impl ReassignFlash {
    fn notice(&self, page: &Page) -> Option<String> {
        let count = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<usize>().ok());
        if let Some(n) = count(&self.assigned) {
            return Some(t_with(page, "ca-flash-assigned", n));
        }
        count(&self.distributed).map(|n| t_with(page, "ca-flash-distributed", n))
    }
}

/// The Reassign form as posted (or as first shown).
#[derive(Debug, Clone, Default)]
struct ReassignForm {
    criteria: Criteria,
    /// `open` (the default), `all`, or a status key.
    status: String,
    cursor: String,
    /// `all`: every case matching the filter; else the ticked ones.
    scope: String,
    case_ids: Vec<String>,
    assignee_id: String,
    operator_ids: Vec<String>,
}

impl ReassignForm {
    fn from_fields(fields: &Fields) -> Self {
        ReassignForm {
            criteria: Criteria::from_fields(fields),
            status: fields.text("status"),
            cursor: fields.text("cursor"),
            scope: fields.text("scope"),
            case_ids: fields.all("case_ids"),
            assignee_id: fields.text("assignee_id").trim().to_owned(),
            operator_ids: fields
                .all("operator_ids")
                .into_iter()
                .filter(|id| !id.trim().is_empty())
                .collect(),
        }
    }

    fn all(&self) -> bool {
        self.scope == "all"
    }

    fn filter(&self) -> CaseFilter {
        let mut filter = self.criteria.filter();
        match self.status.as_str() {
            "all" => {}
            "" | "open" => filter.open = Some(true),
            key => filter.status = Some(key.to_owned()),
        }
        filter
    }

    fn selection(&self) -> Result<Selection, AppError> {
        if self.all() {
            return Ok(Selection::Filter(self.filter()));
        }
        if self.case_ids.is_empty() {
            return Err(FieldErrors::single("case_ids", "required").into());
        }
        Ok(Selection::Ids(self.case_ids.clone()))
    }

    /// The pairs that bring the same cases back: the filter, the page and the choice.
    fn carried(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .criteria
            .pairs()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        pairs.push(("status".into(), self.status.clone()));
        pairs.push(("cursor".into(), self.cursor.clone()));
        pairs
    }

    /// The page address with the same filter.
    fn page_href(&self, extra: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("status", &self.status)];
        pairs.extend_from_slice(extra);
        href("/cases/reassign", &self.criteria, &pairs)
    }
}

pub struct ReassignView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    filters: FilterForm,
    /// Hidden pairs of the action form.
    carried: Vec<(String, String)>,
    all_label: String,
    scope_all: bool,
    rows: Vec<CaseLine>,
    next: Option<String>,
    assignee_choices: Vec<SelectOption>,
    operator_choices: Vec<OperatorChoice>,
    /// The assignment or distribution job the page follows.
    job: Option<MoveJobView>,
}

/// An assignment or distribution running as a job: its progress bar, followed by
/// `case_import.js` as the import page's is, then its outcome.
pub struct MoveJobView {
    api_href: String,
    title: String,
    status_key: String,
    status_label: String,
    running: bool,
    total: i64,
    processed: i64,
    succeeded: i64,
    failed: i64,
    bar_max: i64,
    /// What the end of the job says, if more than its counts.
    message: Option<String>,
}

impl MoveJobView {
    fn of(page: &Page, job: store::jobs::JobRow) -> Self {
        let running = matches!(job.status.as_str(), "queued" | "running");
        let message = match job.status.as_str() {
            "failed" => Some(t_with(page, "ca-move-job-stopped", job.succeeded)),
            "done" if job.failed > 0 => Some(t_with(page, "ca-move-job-skipped", job.failed)),
            _ => None,
        };
        MoveJobView {
            api_href: format!("/api/v1/jobs/{}", job.id),
            title: page.t(if job.kind == "assignment" {
                "ca-move-job-assignment"
            } else {
                "ca-move-job-distribution"
            }),
            status_label: job_status_label(page, &job.status),
            status_key: job.status,
            running,
            total: job.total,
            processed: job.processed,
            succeeded: job.succeeded,
            failed: job.failed,
            bar_max: job.total.max(1),
            message,
        }
    }
}

/// An operator to distribute over, with the open cases they hold now.
pub struct OperatorChoice {
    option: SelectOption,
    load: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_reassign.html")]
pub struct ReassignPage {
    page: Page,
    view: ReassignView,
}

impl std::ops::Deref for ReassignPage {
    type Target = ReassignView;

    fn deref(&self) -> &ReassignView {
        &self.view
    }
}

/// `GET /cases/reassign`: choose cases, then an operator or several to spread them over.
pub async fn reassign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
    Query(flash): Query<ReassignFlash>,
) -> Response {
    if !actor.can(Permission::CASES_ASSIGN) {
        return common::forbidden(page);
    }
    let form = ReassignForm {
        criteria: Criteria::of(&query),
        status: query.status.clone().unwrap_or_default(),
        cursor: query.cursor.clone().unwrap_or_default(),
        ..ReassignForm::default()
    };
    let notice = flash.notice(&page);
    let job = match flash.job.as_deref() {
        Some(id) => match app::case_moves::job(&state.ctx, &actor, id).await {
            Ok(job) => Some(MoveJobView::of(&page, job)),
            Err(AppError::NotFound) => None,
            Err(error) => return common::fail(page, error),
        },
        None => None,
    };
    match reassign_view(&state, &actor, &page, form, None).await {
        Ok(mut view) => {
            view.notice = notice;
            view.job = job;
            ReassignPage { page, view }.into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

async fn render_reassign(
    state: &AppState,
    actor: &Actor,
    page: Page,
    form: ReassignForm,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Response {
    let status = refusal.as_ref().map_or(StatusCode::OK, |r| r.status);
    match reassign_view(state, actor, &page, form, refusal).await {
        Ok(mut view) => {
            view.notice = notice;
            (status, ReassignPage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

async fn reassign_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    mut form: ReassignForm,
    refusal: Option<Refusal>,
) -> Result<ReassignView, AppError> {
    let statuses = shipped::statuses(state, actor, page.tr).await?;
    if form.status != "all" && !statuses.iter().any(|s| s.key == form.status) {
        form.status = "open".to_owned();
    }
    let filter = form.filter();
    let cursor = common::non_empty(Some(form.cursor.clone()));
    let found = read_page(state, actor, &filter, cursor, true).await?;
    let total = found.total.unwrap_or_default();
    let next = found
        .next
        .as_ref()
        .map(|c| form.page_href(&[("cursor", c)]));

    let users = users(state, actor).await?;
    let campaigns = campaigns(state, actor).await?;
    let names = Names::new(page, &users);
    let rows = found
        .items
        .iter()
        .map(|c| {
            let mut line = line(page, &statuses, &names, c);
            line.ticked = form.case_ids.contains(&line.id);
            line
        })
        .collect();

    let mut filters = FilterForm::new(page, "/cases/reassign", &form.criteria, &users, &campaigns);
    let mut status_options = vec![
        SelectOption::new("open", page.t("ca-filter-open"), form.status == "open"),
        SelectOption::new("all", page.t("ca-filter-any-status"), form.status == "all"),
    ];
    status_options.extend(
        statuses
            .iter()
            .map(|s| SelectOption::new(s.key.clone(), s.name.clone(), s.key == form.status)),
    );
    filters.status_options = status_options;
    filters.clear_href =
        (form.criteria.is_set() || form.status != "open").then(|| "/cases/reassign".to_owned());

    let active = users.iter().filter(|u| u.active);
    let mut assignee_choices = vec![SelectOption::new(
        "",
        page.t("ca-choose-operator"),
        form.assignee_id.is_empty(),
    )];
    assignee_choices.extend(
        active
            .clone()
            .map(|u| SelectOption::new(u.id.clone(), u.name.clone(), u.id == form.assignee_id)),
    );
    let ids: Vec<String> = active.clone().map(|u| u.id.clone()).collect();
    let loads = common::optional(app::cases::open_loads(&state.ctx, actor, &ids).await)?
        .unwrap_or_default();
    let operator_choices = active
        .map(|u| OperatorChoice {
            option: SelectOption::new(
                u.id.clone(),
                u.name.clone(),
                form.operator_ids.contains(&u.id),
            ),
            load: t_with(
                page,
                "ca-operator-load",
                loads.get(&u.id).copied().unwrap_or(0),
            ),
        })
        .collect();

    let (alert, errors) = match refusal {
        Some(r) => (r.alert, r.errors),
        None => (None, BTreeMap::new()),
    };
    Ok(ReassignView {
        title: page.t("ca-reassign-title"),
        links: section_links(page, actor, "/cases/reassign"),
        notice: None,
        alert,
        errors,
        filters,
        carried: form.carried(),
        all_label: t_with(page, "ca-scope-all", total),
        scope_all: form.all(),
        rows,
        next,
        assignee_choices,
        operator_choices,
        job: None,
    })
}

pub struct PreviewLine {
    id: String,
    name: String,
    received: i64,
    load: i64,
}

pub struct PreviewView {
    title: String,
    links: Vec<SectionLink>,
    lines: Vec<PreviewLine>,
    moved: String,
    carried: Vec<(String, String)>,
    back_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_reassign_preview.html")]
pub struct PreviewPage {
    page: Page,
    view: PreviewView,
}

impl std::ops::Deref for PreviewPage {
    type Target = PreviewView;

    fn deref(&self) -> &PreviewView {
        &self.view
    }
}

/// `POST /cases/reassign`: `action=assign` gives the cases to one operator;
/// `action=preview` shows how a distribution would come out; `action=confirm` does it.
pub async fn reassign_submit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !actor.can(Permission::CASES_ASSIGN) {
        return common::forbidden(page);
    }
    let fields = Fields(pairs);
    let form = ReassignForm::from_fields(&fields);
    let outcome = match fields.text("action").as_str() {
        "assign" => assign_cases(&state, &actor, &form)
            .await
            .map(|outcome| moved(&form, "assigned", outcome)),
        "preview" => match preview(&state, &actor, &page, &form).await {
            Ok(view) => return PreviewPage { page, view }.into_response(),
            Err(error) => Err(error),
        },
        "confirm" => distribute(&state, &actor, &form)
            .await
            .map(|outcome| moved(&form, "distributed", outcome)),
        _ => Err(FieldErrors::single("action", "invalid").into()),
    };
    match outcome {
        Ok(response) => response,
        Err(error) => match refusal(&page, error) {
            Ok(refusal) => render_reassign(&state, &actor, page, form, None, Some(refusal)).await,
            Err(error) => common::fail(page, error),
        },
    }
}

/// Back to the Reassign page, saying how many cases moved (`flash` names the action),
/// or following the job that moves them.
fn moved(form: &ReassignForm, flash: &str, outcome: Bulk) -> Response {
    let href = match outcome {
        Bulk::Done(outcome) => {
            let n = outcome.assigned.values().sum::<i64>().to_string();
            form.page_href(&[(flash, &n)])
        }
        Bulk::Started(job) => form.page_href(&[("job", &job.id)]),
    };
    Redirect::to(&href).into_response()
}

async fn assign_cases(
    state: &AppState,
    actor: &Actor,
    form: &ReassignForm,
) -> Result<Bulk, AppError> {
    let mut errors = FieldErrors::new();
    let selection = match form.selection() {
        Ok(selection) => Some(selection),
        Err(AppError::Invalid(fields)) => {
            errors.0.extend(fields.0);
            None
        }
        Err(other) => return Err(other),
    };
    if form.assignee_id.is_empty() {
        errors.add("assignee_id", "required");
    }
    errors.into_result()?;
    let Some(selection) = selection else {
        return Err(FieldErrors::single("case_ids", "required").into());
    };
    app::cases::assign(&state.ctx, actor, selection, &form.assignee_id).await
}

/// Spreads the chosen cases over the chosen operators.
async fn distribute(
    state: &AppState,
    actor: &Actor,
    form: &ReassignForm,
) -> Result<Bulk, AppError> {
    let selection = form.selection()?;
    app::cases::distribute(&state.ctx, actor, selection, &form.operator_ids, false).await
}

async fn preview(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    form: &ReassignForm,
) -> Result<PreviewView, AppError> {
    let mut errors = FieldErrors::new();
    let selection = match form.selection() {
        Ok(selection) => Some(selection),
        Err(AppError::Invalid(fields)) => {
            errors.0.extend(fields.0);
            None
        }
        Err(other) => return Err(other),
    };
    if form.operator_ids.is_empty() {
        errors.add("operator_ids", "required");
    }
    errors.into_result()?;
    let Some(selection) = selection else {
        return Err(FieldErrors::single("case_ids", "required").into());
    };
    let Bulk::Done(outcome) =
        app::cases::distribute(&state.ctx, actor, selection, &form.operator_ids, true).await?
    else {
        return Err(AppError::Internal("a preview moves nothing".into()));
    };
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let lines = form
        .operator_ids
        .iter()
        .map(|id| PreviewLine {
            id: id.clone(),
            name: names.of(Some(id)),
            received: outcome.assigned.get(id).copied().unwrap_or_default(),
            load: outcome.loads.get(id).copied().unwrap_or_default(),
        })
        .collect();
    let moved: i64 = outcome.assigned.values().sum();
    let mut carried = form.carried();
    carried.push(("scope".into(), form.scope.clone()));
    if !form.all() {
        carried.extend(
            form.case_ids
                .iter()
                .map(|id| ("case_ids".into(), id.clone())),
        );
    }
    carried.extend(
        form.operator_ids
            .iter()
            .map(|id| ("operator_ids".into(), id.clone())),
    );
    Ok(PreviewView {
        title: page.t("ca-preview-title"),
        links: section_links(page, actor, "/cases/reassign"),
        lines,
        moved: t_with(page, "ca-preview-moved", moved),
        carried,
        back_href: form.page_href(&[("cursor", &form.cursor)]),
    })
}

// ---- /cases/audit-queue ----

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    cursor: Option<String>,
    done: Option<String>,
}

pub struct AuditLine {
    case: CaseLine,
    comment: String,
    error: Option<String>,
    /// The return form shows open (after a refusal).
    open: bool,
}

pub struct AuditView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    total: i64,
    rows: Vec<AuditLine>,
    next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_audit.html")]
pub struct AuditPage {
    page: Page,
    view: AuditView,
}

impl std::ops::Deref for AuditPage {
    type Target = AuditView;

    fn deref(&self) -> &AuditView {
        &self.view
    }
}

/// A refused verdict, shown at its case.
struct VerdictRefusal {
    case_id: String,
    comment: String,
    refusal: Refusal,
}

/// `GET /cases/audit-queue`: closed cases nobody has audited yet.
pub async fn audit_queue(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<AuditQuery>,
) -> Response {
    if !actor.can(Permission::CASES_AUDIT) {
        return common::forbidden(page);
    }
    let notice = match query.done.as_deref() {
        Some("validated") => Some(page.t("ca-flash-validated")),
        Some("returned") => Some(page.t("ca-flash-returned")),
        _ => None,
    };
    render_audit(&state, &actor, page, query.cursor, notice, None).await
}

async fn render_audit(
    state: &AppState,
    actor: &Actor,
    page: Page,
    cursor: Option<String>,
    notice: Option<String>,
    refused: Option<VerdictRefusal>,
) -> Response {
    let status = refused
        .as_ref()
        .map_or(StatusCode::OK, |r| r.refusal.status);
    match audit_view(state, actor, &page, cursor, refused).await {
        Ok(mut view) => {
            view.notice = notice;
            (status, AuditPage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

async fn audit_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    cursor: Option<String>,
    refused: Option<VerdictRefusal>,
) -> Result<AuditView, AppError> {
    let filter = CaseFilter {
        audit_pending: Some(true),
        ..CaseFilter::default()
    };
    let found = read_page(state, actor, &filter, common::non_empty(cursor), true).await?;
    let statuses = shipped::statuses(state, actor, page.tr).await?;
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let alert = refused.as_ref().and_then(|r| r.refusal.alert.clone());
    let rows = found
        .items
        .iter()
        .map(|c| {
            let case = line(page, &statuses, &names, c);
            let mine = refused.as_ref().filter(|r| r.case_id == case.id);
            AuditLine {
                comment: mine.map(|r| r.comment.clone()).unwrap_or_default(),
                error: mine.and_then(|r| r.refusal.errors.get("comment").cloned()),
                open: mine.is_some(),
                case,
            }
        })
        .collect();
    Ok(AuditView {
        title: page.t("ca-audit-title"),
        links: section_links(page, actor, "/cases/audit-queue"),
        notice: None,
        alert,
        total: found.total.unwrap_or_default(),
        rows,
        next: found
            .next
            .map(|c| common::with_query("/cases/audit-queue", &[("cursor", &c)])),
    })
}

/// `POST /cases/{id}/audit-verdict`: validates a closed case, or returns it with a comment.
pub async fn audit_verdict(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !actor.can(Permission::CASES_AUDIT) {
        return common::forbidden(page);
    }
    let fields = Fields(pairs);
    let comment = fields.text("comment");
    let result = match fields.text("verdict").as_str() {
        "validated" => Ok(Verdict::Validated),
        "returned" => Ok(Verdict::Returned),
        _ => Err(AppError::from(FieldErrors::single("verdict", "invalid"))),
    };
    let result = match result {
        Ok(verdict) => app::cases::audit_closed(&state.ctx, &actor, &id, verdict, &comment)
            .await
            .map(|_| verdict),
        Err(error) => Err(error),
    };
    match result {
        Ok(verdict) => {
            let done = if verdict == Verdict::Validated {
                "validated"
            } else {
                "returned"
            };
            Redirect::to(&format!("/cases/audit-queue?done={done}")).into_response()
        }
        Err(error) => match refusal(&page, error) {
            Ok(refusal) => {
                let refused = VerdictRefusal {
                    case_id: id,
                    comment,
                    refusal,
                };
                let cursor = common::non_empty(Some(fields.text("cursor")));
                render_audit(&state, &actor, page, cursor, None, Some(refused)).await
            }
            Err(error) => common::fail(page, error),
        },
    }
}

// ---- /cases/import ----

pub struct ImportView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    campaign_options: Vec<SelectOption>,
    columns: String,
    recent: Vec<JobLine>,
}

/// One of the latest imports, linking to its page.
pub struct JobLine {
    href: String,
    started: String,
    by: String,
    /// The campaign's name, or a dash for one the reader does not see (or deleted).
    campaign: String,
    file_name: String,
    status_key: String,
    status_label: String,
    processed: i64,
    total: i64,
    failed: i64,
}

/// How many of the latest imports the import page lists.
const RECENT_IMPORTS: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "cases_import.html")]
pub struct ImportPage {
    page: Page,
    view: ImportView,
}

impl std::ops::Deref for ImportPage {
    type Target = ImportView;

    fn deref(&self) -> &ImportView {
        &self.view
    }
}

/// The columns an import reads, for the page's explanation.
fn import_columns() -> String {
    format!("{}, fields.<key>", app::case_import::COLUMNS.join(", "))
}

/// `GET /cases/import`: a campaign and a CSV file.
pub async fn import_page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
) -> Response {
    if !actor.can(Permission::CASES_IMPORT) {
        return common::forbidden(page);
    }
    render_import(&state, &actor, page, "", None).await
}

async fn render_import(
    state: &AppState,
    actor: &Actor,
    page: Page,
    campaign_id: &str,
    refusal: Option<Refusal>,
) -> Response {
    let status = refusal.as_ref().map_or(StatusCode::OK, |r| r.status);
    let campaigns = match campaigns(state, actor).await {
        Ok(campaigns) => campaigns,
        Err(error) => return common::fail(page, error),
    };
    let mut campaign_options = vec![SelectOption::new(
        "",
        page.t("ca-choose-campaign"),
        campaign_id.is_empty(),
    )];
    campaign_options.extend(
        campaigns
            .iter()
            .map(|(id, name)| SelectOption::new(id.clone(), name.clone(), id == campaign_id)),
    );
    let recent = match recent_imports(state, actor, &page, &campaigns).await {
        Ok(recent) => recent,
        Err(error) => return common::fail(page, error),
    };
    let (alert, errors) = match refusal {
        Some(r) => (r.alert, r.errors),
        None => (None, BTreeMap::new()),
    };
    let view = ImportView {
        title: page.t("ca-import-title"),
        links: section_links(&page, actor, "/cases/import"),
        notice: None,
        alert,
        errors,
        campaign_options,
        columns: import_columns(),
        recent,
    };
    (status, ImportPage { page, view }).into_response()
}

/// The latest imports, their campaigns named from `campaigns` (those the reader sees).
async fn recent_imports(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    campaigns: &[(String, String)],
) -> Result<Vec<JobLine>, AppError> {
    let jobs = app::case_import::recent(&state.ctx, actor, RECENT_IMPORTS).await?;
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let campaigns: HashMap<String, String> = campaigns.iter().cloned().collect();
    Ok(jobs
        .into_iter()
        .map(|job| JobLine {
            href: format!("/cases/jobs/{}", job.id),
            started: page.time(job.created_at),
            by: names.of(job.user_id.as_deref()),
            campaign: named(&campaigns, job.campaign_id.as_deref()),
            file_name: job.file_name.unwrap_or_default(),
            status_label: job_status_label(page, &job.status),
            status_key: job.status,
            processed: job.processed,
            total: job.total,
            failed: job.failed,
        })
        .collect())
}

/// A campaign's name, or a dash for none or one the reader does not see (or deleted).
fn named(campaigns: &HashMap<String, String>, id: Option<&str>) -> String {
    id.and_then(|id| campaigns.get(id))
        .cloned()
        .unwrap_or_else(|| "—".to_owned())
}

/// The name of an import's campaign (see [`named`]).
async fn campaign_name(
    state: &AppState,
    actor: &Actor,
    id: Option<&str>,
) -> Result<String, AppError> {
    let campaigns: HashMap<String, String> = campaigns(state, actor).await?.into_iter().collect();
    Ok(named(&campaigns, id))
}

/// A job's status in the reader's language.
fn job_status_label(page: &Page, status: &str) -> String {
    let id = format!("ca-job-status-{status}");
    if has_message(page, &id) {
        page.t(&id)
    } else {
        status.to_owned()
    }
}

/// `GET /cases/import/sample.csv`: a file to fill in, with the company's columns.
pub async fn import_sample(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
) -> Response {
    match app::case_import::sample(&state.ctx, &actor).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"cases-sample.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(error) => common::fail(page, error),
    }
}

/// `POST /cases/import` (`multipart/form-data`: `csrf`, `campaign_id`, `file`): starts
/// the import job and sends the browser to follow it.
pub async fn import_submit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    if !actor.can(Permission::CASES_IMPORT) {
        return common::forbidden(page);
    }
    let (mut csrf, mut campaign_id, mut file) = (String::new(), String::new(), Bytes::new());
    let mut file_name = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return error.status().into_response(),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let read = match name.as_str() {
            "file" => {
                file_name = field.file_name().map(str::to_owned);
                field.bytes().await.map(|bytes| file = bytes)
            }
            crate::csrf::FIELD => field.text().await.map(|text| csrf = text),
            "campaign_id" => field
                .text()
                .await
                .map(|text| campaign_id = text.trim().into()),
            _ => Ok(()),
        };
        if let Err(error) = read {
            return error.status().into_response();
        }
    }
    if !crate::csrf::field_matches_cookie(&headers, &csrf) {
        return crate::csrf::expired();
    }
    let mut errors = FieldErrors::new();
    if campaign_id.is_empty() {
        errors.add("campaign_id", "required");
    }
    if file.is_empty() {
        errors.add("file", "required");
    }
    let started = match errors.into_result() {
        Ok(()) => {
            let name = file_name.as_deref();
            app::case_import::start(&state.ctx, &actor, &campaign_id, file, name).await
        }
        Err(errors) => Err(errors.into()),
    };
    match started {
        Ok(job) => Redirect::to(&format!("/cases/jobs/{}", job.id)).into_response(),
        Err(error) => match import_refusal(&page, error) {
            Ok(refusal) => render_import(&state, &actor, page, &campaign_id, Some(refusal)).await,
            Err(error) => common::fail(page, error),
        },
    }
}

/// An import's refusal: the file's problems (`csv`) show at the file input.
fn import_refusal(page: &Page, error: AppError) -> Result<Refusal, AppError> {
    let AppError::Invalid(fields) = &error else {
        return refusal(page, error);
    };
    let mut out = refusal(page, AppError::Invalid(fields.clone()))?;
    for (field, code) in &fields.0 {
        if field != "csv" {
            continue;
        }
        let (kind, detail) = code
            .split_once(':')
            .map_or((code.as_str(), ""), |(k, d)| (k.trim(), d.trim()));
        let message = match kind {
            "missing_name_column" => page.t("ca-problem-csv-missing-name"),
            "unknown_column" => t_with(page, "ca-problem-csv-unknown-column", detail),
            "unreadable" => page.t("ca-problem-csv-unreadable"),
            _ => page.t("problem-invalid"),
        };
        out.errors.remove("csv");
        out.errors.insert("file".to_owned(), message);
    }
    Ok(out)
}

// ---- /cases/jobs/{id} ----

pub struct RowError {
    row: i64,
    reason: String,
}

pub struct JobView {
    title: String,
    links: Vec<SectionLink>,
    id: String,
    api_href: String,
    status_key: String,
    status_label: String,
    running: bool,
    campaign: String,
    file_name: String,
    total: i64,
    processed: i64,
    succeeded: i64,
    failed: i64,
    /// The bar's maximum: a job with no rows shows as complete, not empty.
    bar_max: i64,
    message: Option<String>,
    started: String,
    finished: Option<String>,
    errors: Vec<RowError>,
    /// Said when more rows failed than the job kept.
    errors_more: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_job.html")]
pub struct JobPage {
    page: Page,
    view: JobView,
}

impl std::ops::Deref for JobPage {
    type Target = JobView;

    fn deref(&self) -> &JobView {
        &self.view
    }
}

/// `GET /cases/jobs/{id}`: an import's progress, then its outcome and row errors.
pub async fn job_page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
) -> Response {
    let job = match app::case_import::job(&state.ctx, &actor, &id).await {
        Ok(job) => job,
        Err(error) => return common::fail(page, error),
    };
    let errors: Vec<RowError> = serde_json::from_str::<Value>(&job.errors)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|e| RowError {
            row: e.get("row").and_then(Value::as_i64).unwrap_or_default(),
            reason: row_reason(&page, e),
        })
        .collect();
    let errors_more =
        (job.failed > errors.len() as i64).then(|| t_with(&page, "ca-job-errors-more", job.failed));
    let running = matches!(job.status.as_str(), "queued" | "running");
    let status_label = job_status_label(&page, &job.status);
    let campaign = match campaign_name(&state, &actor, job.campaign_id.as_deref()).await {
        Ok(name) => name,
        Err(error) => return common::fail(page, error),
    };
    let view = JobView {
        title: page.t("ca-job-title"),
        links: section_links(&page, &actor, ""),
        api_href: format!("/api/v1/jobs/{}", job.id),
        id: job.id,
        status_key: job.status,
        status_label,
        running,
        campaign,
        file_name: job.file_name.unwrap_or_default(),
        total: job.total,
        processed: job.processed,
        succeeded: job.succeeded,
        failed: job.failed,
        bar_max: job.total.max(1),
        message: job.message.map(|_| page.t("ca-job-stopped")),
        started: page.time(job.created_at),
        finished: job.finished_at.map(|at| page.time(at)),
        errors,
        errors_more,
    };
    JobPage { page, view }.into_response()
}

/// A row's refusal in the page's language, from the problems the import lists (each
/// column at fault, a code, the value); a job stored before problems were listed
/// keeps its English reason.
fn row_reason(page: &Page, error: &Value) -> String {
    let text = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let Some(problems) = error.get("problems").and_then(Value::as_array) else {
        return text(error, "reason");
    };
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    for problem in problems {
        let (field, code, value) = (
            text(problem, "field"),
            text(problem, "code"),
            text(problem, "value"),
        );
        let message = match (field.as_str(), code.as_str()) {
            (_, "unreadable") => {
                parts.push(page.t("ca-row-unreadable"));
                continue;
            }
            (_, "required_for_status") => {
                missing.push(field);
                continue;
            }
            (_, "not_a_number") => page.t("ca-row-not-a-number"),
            ("status", "unknown") => t_with(page, "ca-row-unknown-status", &value),
            ("priority", "unknown") => t_with(page, "ca-row-unknown-priority", &value),
            ("assignee_email", "not_found") => t_with(page, "ca-row-no-user", &value),
            ("assignee_email", "cannot_see_case") => page.t("ca-row-cannot-see"),
            _ => {
                // The case form's words for the same validation, else the general
                // ones; never the raw code.
                let kind = code.split_once(':').map_or(code.as_str(), |(k, _)| k);
                let kind = kind.replace('_', "-");
                [format!("cw-problem-{kind}"), format!("problem-{kind}")]
                    .into_iter()
                    .find(|id| has_message(page, id))
                    .map_or_else(|| page.t("problem-invalid"), |id| page.t(&id))
            }
        };
        let column = field.strip_prefix("customer.").unwrap_or(&field);
        parts.push(format!("{column}: {message}"));
    }
    if !missing.is_empty() {
        parts.push(t_with(page, "ca-row-missing-fields", missing.join(", ")));
    }
    parts.join("; ")
}
