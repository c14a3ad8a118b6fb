//! The operator's workspace: my cases by status, callbacks due, and the case page
//! (customer data, history, the attempt form and the status change form).

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::case_config::{Disposition, Field, Status};
use app::cases::{Attempt, CaseDetails, CaseInput, StatusChange};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDateTime, Utc};
use domain::case_config::{FieldType, REQUIRABLE_ATTRIBUTES, check_value, is_present};
use domain::cases::{Channel, Customer, Priority};
use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde::Deserialize;
use serde_json::{Map, Value};
use store::case_config::ReasonRow;
use store::cases::{CaseFilter, CaseSort, EventRow};
use store::interactions::InteractionRow;

use super::came_from;
use super::common::{self, Fields, SelectOption};
use super::layout::Page;
use super::live::{self, StateForm};
use super::shipped;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::i18n::Tr;
use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[
    ("GET", "/my-cases", false),
    ("GET", "/cases/{id}", false),
    ("POST", "/cases/{id}", false),
    ("POST", "/cases/{id}/attempts", false),
    ("POST", "/cases/{id}/status", false),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/my-cases", get(my_cases))
        .route("/cases/{id}", get(show).post(save))
        .route("/cases/{id}/attempts", post(log_attempt))
        .route("/cases/{id}/status", post(change_status))
}

/// Cases per page of a tab.
const PAGE_SIZE: i64 = 50;
/// The most due callbacks the panel reads (and orders by when they fell due).
const CALLBACKS_READ: i64 = 100;

const CHANNELS: [(Channel, &str); 5] = [
    (Channel::Call, "call"),
    (Channel::Sms, "sms"),
    (Channel::Email, "email"),
    (Channel::Visit, "visit"),
    (Channel::Chat, "chat"),
];

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
    page.t(&format!("cw-priority-{key}"))
}

fn channel_label(page: &Page, key: &str) -> String {
    if CHANNELS.iter().any(|(_, k)| *k == key) {
        page.t(&format!("cw-channel-{key}"))
    } else {
        key.to_owned()
    }
}

fn amount_text(cents: i64) -> String {
    format!("{:.2}", domain::cases::cents_to_amount(cents))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The user's time zone: a `datetime-local` input means a moment there.
fn timezone(actor: &Actor) -> chrono_tz::Tz {
    actor.timezone.parse().unwrap_or(chrono_tz::UTC)
}

/// A `datetime-local` value (`2026-03-01T09:30`) read in `tz`; `None` when it does not
/// parse or names a time the clocks skip.
fn parse_local(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    naive
        .and_local_timezone(tz)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// A typed number; a lone decimal comma is read as a point.
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = if text.contains(',') && !text.contains('.') {
        text.replace(',', ".")
    } else {
        text.to_owned()
    };
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A form value, trimmed, unless blank.
fn given(fields: &Fields, name: &str) -> Option<String> {
    fields
        .get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The text of a custom field input as the value its type stores (checked by the app).
fn typed_value(field: &Field, text: &str) -> Option<Value> {
    match field.field_type {
        FieldType::Number => parse_number(text)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        _ => Some(Value::String(text.to_owned())),
    }
}

// ---- /my-cases ----

#[derive(Deserialize, Default)]
pub struct MyCasesQuery {
    status: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    /// The state "My state" just set (a flash after its redirect).
    state: Option<String>,
}

pub struct Tab {
    key: String,
    href: String,
    name: String,
    count: i64,
    current: bool,
}

pub struct CaseLine {
    href: String,
    name: String,
    document: String,
    phones: Vec<Phone>,
    area: String,
    amount: String,
    due_date: String,
    overdue: bool,
    priority: String,
    next_contact: String,
    /// How long ago a due callback fell due, when it is a minute or more.
    late: String,
}

pub struct MyCasesView {
    title: String,
    tabs: Vec<Tab>,
    status: String,
    status_name: String,
    q: String,
    rows: Vec<CaseLine>,
    next: Option<String>,
    callbacks: Vec<CaseLine>,
    /// Said when more callbacks are due than the panel shows.
    callbacks_more: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_cases.html")]
pub struct MyCasesPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: MyCasesView,
    my_state: Option<StateForm>,
}

impl std::ops::Deref for MyCasesPage {
    type Target = MyCasesView;

    fn deref(&self) -> &MyCasesView {
        &self.view
    }
}

fn line(page: &Page, case: &CaseDetails) -> CaseLine {
    CaseLine {
        href: format!("/cases/{}", case.row.id),
        name: case.customer.name.clone(),
        document: case.customer.document.clone(),
        phones: phones(&case.customer.phones),
        area: case.row.area.clone(),
        amount: case.row.amount_cents.map(amount_text).unwrap_or_default(),
        due_date: case.row.due_date.clone().unwrap_or_default(),
        overdue: page.overdue(case.row.is_open, case.row.due_date.as_deref()),
        priority: priority_label(page, case.priority()),
        next_contact: case
            .row
            .next_contact_at
            .map(|at| page.time(at))
            .unwrap_or_default(),
        late: String::new(),
    }
}

/// A due callback's line, saying how late it is at `now`.
fn callback_line(page: &Page, case: &CaseDetails, now: DateTime<Utc>) -> CaseLine {
    let mut line = line(page, case);
    if let Some(due) = case.row.next_contact_at {
        let minutes = (now - due).num_minutes();
        if minutes >= 1 {
            let (before, after) = page.t_around("cw-callback-late");
            line.late = format!("{before}{}{after}", lateness(page, minutes));
        }
    }
    line
}

/// `minutes` as the two largest units that matter: `12 min`, `3 h 20 min`, `2 d 4 h`.
fn lateness(page: &Page, minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let unit = |n: i64, id: &str| {
        let (before, after) = page.t_around(id);
        format!("{before}{n}{after}")
    };
    match (days, hours) {
        (0, 0) => unit(mins, "cw-unit-minutes"),
        (0, _) => format!(
            "{} {}",
            unit(hours, "cw-unit-hours"),
            unit(mins, "cw-unit-minutes")
        ),
        _ => format!(
            "{} {}",
            unit(days, "cw-unit-days"),
            unit(hours, "cw-unit-hours")
        ),
    }
}

/// `GET /my-cases`: the signed-in user's cases, one status per tab.
pub async fn my_cases(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<MyCasesQuery>,
) -> Response {
    let my_state = match live::state_form(&state, &page, &actor, query.state.as_deref()).await {
        Ok(form) => form,
        Err(error) => return common::fail(page, error),
    };
    render_my_cases(&state, &actor, page, query, my_state, StatusCode::OK).await
}

/// The workspace with `my_state` as its state form (which may carry a refusal),
/// answered with `status`.
pub async fn render_my_cases(
    state: &AppState,
    actor: &Actor,
    page: Page,
    query: MyCasesQuery,
    my_state: Option<StateForm>,
    status: StatusCode,
) -> Response {
    match my_cases_view(state, actor, &page, query).await {
        Ok(view) => (
            status,
            MyCasesPage {
                page,
                view,
                my_state,
            },
        )
            .into_response(),
        Err(error) => common::fail(page, error),
    }
}

async fn my_cases_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    query: MyCasesQuery,
) -> Result<MyCasesView, AppError> {
    let mine = Some(Some(actor.user_id.clone()));
    let q = query.q.unwrap_or_default().trim().to_owned();
    let text = common::non_empty(Some(q.clone()));
    let counts = app::cases::counts_by_status(
        &state.ctx,
        actor,
        &CaseFilter {
            assignee: mine.clone(),
            text: text.clone(),
            ..CaseFilter::default()
        },
    )
    .await?;
    let asked =
        common::non_empty(query.status).filter(|s| counts.iter().any(|(st, _)| st.key == *s));
    let status = asked.unwrap_or_else(|| {
        counts
            .iter()
            .find(|(s, n)| s.open && *n > 0)
            .map_or_else(|| "active".to_owned(), |(s, _)| s.key.clone())
    });
    let tabs: Vec<Tab> = counts
        .iter()
        .map(|(s, n)| Tab {
            key: s.key.clone(),
            href: common::with_query("/my-cases", &[("status", &s.key), ("q", &q)]),
            name: shipped::status_name(page.tr, &s.key, &s.name),
            count: *n,
            current: s.key == status,
        })
        .collect();
    let status_name = counts.iter().find(|(s, _)| s.key == status).map_or_else(
        || status.clone(),
        |(s, _)| shipped::status_name(page.tr, &s.key, &s.name),
    );

    let filter = CaseFilter {
        assignee: mine.clone(),
        status: Some(status.clone()),
        text,
        ..CaseFilter::default()
    };
    let cursor = common::non_empty(query.cursor);
    let list = |after: Option<String>| {
        let filter = &filter;
        async move {
            app::cases::list(
                &state.ctx,
                actor,
                filter,
                CaseSort::DueDate,
                after.as_deref(),
                PAGE_SIZE,
                false,
            )
            .await
        }
    };
    let found = match list(cursor.clone()).await {
        // A cursor from an old link: start again from the first page.
        Err(AppError::Invalid(_)) if cursor.is_some() => list(None).await?,
        other => other?,
    };
    let next = found.next.map(|c| {
        common::with_query(
            "/my-cases",
            &[("status", &status), ("q", &q), ("cursor", &c)],
        )
    });

    let due = app::cases::list(
        &state.ctx,
        actor,
        &CaseFilter {
            assignee: mine,
            callback_due: Some(domain::clock::now()),
            // A closed case's old callback is no longer work.
            open: Some(true),
            ..CaseFilter::default()
        },
        CaseSort::Created,
        None,
        CALLBACKS_READ,
        true,
    )
    .await?;
    let mut callbacks = due.items;
    callbacks.sort_by(|a, b| {
        (a.row.next_contact_at, &a.row.id).cmp(&(b.row.next_contact_at, &b.row.id))
    });
    let total_due = due.total.unwrap_or_default();
    let callbacks_more = (total_due > callbacks.len() as i64).then(|| {
        let (before, after) = page.t_around("cw-callbacks-more");
        format!("{before}{total_due}{after}")
    });

    Ok(MyCasesView {
        title: page.t("nav-my-cases"),
        tabs,
        status,
        status_name,
        q,
        rows: found.items.iter().map(|c| line(page, c)).collect(),
        next,
        callbacks: callbacks
            .iter()
            .map(|c| callback_line(page, c, domain::clock::now()))
            .collect(),
        callbacks_more,
    })
}

// ---- /cases/{id} ----

/// What a redirect after a successful form tells the case page.
#[derive(Deserialize, Default)]
pub struct CaseFlash {
    saved: Option<String>,
    logged: Option<String>,
    moved: Option<String>,
    /// The page that opened the case, carried through the forms' redirects.
    back: Option<String>,
}

impl CaseFlash {
    fn notice(&self, page: &Page) -> Option<String> {
        let id = if self.logged.is_some() {
            "cw-flash-logged"
        } else if self.moved.is_some() {
            "cw-flash-moved"
        } else if self.saved.is_some() {
            "flash-saved"
        } else {
            return None;
        };
        Some(page.t(id))
    }
}

/// The case page's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Attempt,
    Status,
    Edit,
}

impl Form {
    fn key(self) -> &'static str {
        match self {
            Form::Attempt => "attempt",
            Form::Status => "status",
            Form::Edit => "edit",
        }
    }
}

/// A refusal of one of the forms, in the page's language.
struct Outcome {
    status: StatusCode,
    /// By form field name (which is the app's field key).
    errors: BTreeMap<String, String>,
    alert: Option<String>,
    /// Fields a status requires that the case would lack (keys).
    missing: Vec<String>,
}

/// Field problems, with this section's own wording where it has one.
fn field_errors(page: &Page, errors: &FieldErrors) -> BTreeMap<String, String> {
    let mut out = page.field_errors(errors);
    for (field, code) in &errors.0 {
        let kind = code
            .split_once(':')
            .map_or(code.as_str(), |(kind, _)| kind)
            .trim();
        let id = if field == "next_contact_at" && kind == "required" {
            "cw-problem-next-contact-required".to_owned()
        } else if field == "reason_id" && kind == "retired" {
            "cw-problem-reason-retired".to_owned()
        } else {
            format!("cw-problem-{}", kind.replace('_', "-"))
        };
        let text = page.t(&id);
        if text != id {
            out.insert(field.clone(), text);
        }
    }
    out
}

fn explain(page: &Page, error: AppError) -> Result<Outcome, AppError> {
    Ok(match error {
        AppError::Invalid(fields) => Outcome {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: field_errors(page, &fields),
            alert: Some(page.t("problem-check-fields")),
            missing: Vec::new(),
        },
        AppError::MissingFields(keys) => Outcome {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: BTreeMap::new(),
            alert: None,
            missing: keys,
        },
        other => {
            let problem = common::explain(page, other)?;
            Outcome {
                status: problem.status,
                errors: problem.errors,
                alert: problem.alert,
                missing: Vec::new(),
            }
        }
    })
}

/// The company's case configuration, for names and choices.
struct Lookups {
    statuses: Vec<Status>,
    reasons: Vec<ReasonRow>,
    /// Removed ones too: they still label old values.
    fields: Vec<Field>,
    dispositions: Vec<Disposition>,
}

impl Lookups {
    async fn load(state: &AppState, actor: &Actor, tr: Tr) -> Result<Self, AppError> {
        Ok(Lookups {
            statuses: shipped::statuses(state, actor, tr).await?,
            reasons: app::case_config::reasons(&state.ctx, actor).await?,
            fields: app::case_config::fields(&state.ctx, actor, true).await?,
            dispositions: shipped::dispositions(state, actor, tr).await?,
        })
    }

    fn status_name(&self, key: &str) -> String {
        self.statuses
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name.clone())
    }

    fn reason_name(&self, id: &str) -> String {
        self.reasons
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), |r| r.name.clone())
    }

    fn disposition_name(&self, key: &str) -> String {
        self.dispositions
            .iter()
            .find(|d| d.key == key)
            .map_or_else(|| key.to_owned(), |d| d.name.clone())
    }

    fn live_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.row.removed_at.is_none())
    }

    /// The name of a requirement: a case attribute or a custom field.
    fn key_label(&self, page: &Page, key: &str) -> String {
        if REQUIRABLE_ATTRIBUTES.contains(&key) {
            return attribute_label(page, key);
        }
        self.fields
            .iter()
            .find(|f| f.row.key == key)
            .map_or_else(|| key.to_owned(), |f| f.row.label.clone())
    }

    /// What entering `status` requires: its own list and the always-required fields.
    fn required_by(&self, status: &Status) -> Vec<String> {
        let mut keys = status.required_fields.clone();
        for field in self.live_fields().filter(|f| f.row.required) {
            if !keys.contains(&field.row.key) {
                keys.push(field.row.key.clone());
            }
        }
        keys
    }
}

fn attribute_label(page: &Page, key: &str) -> String {
    page.t(match key {
        "reason_id" => "cw-field-reason",
        "amount" => "cw-field-amount",
        "due_date" => "cw-field-due-date",
        "area" => "cw-field-area",
        "description" => "cw-field-description",
        "priority" => "cw-field-priority",
        "customer" => "cw-customer",
        "fields" => "cw-custom-fields",
        other => return other.to_owned(),
    })
}

/// The name of a form field a refusal names, for a summary.
fn form_field_name(page: &Page, lookups: &Lookups, key: &str) -> String {
    match key.strip_prefix("fields.") {
        Some(custom) => lookups.key_label(page, custom),
        None => lookups.key_label(page, key),
    }
}

pub struct Fact {
    id: String,
    label: String,
    value: String,
    /// Numbers to call, shown as `tel:` links instead of the value.
    phones: Vec<Phone>,
    /// A warning beside the value, such as a due date that has passed.
    badge: Option<String>,
}

impl Fact {
    fn new(id: &str, label: String, value: String) -> Self {
        Fact {
            id: id.to_owned(),
            label,
            value: if value.trim().is_empty() {
                "—".to_owned()
            } else {
                value
            },
            phones: Vec::new(),
            badge: None,
        }
    }
}

/// A phone number and its `tel:` link, which a softphone or a mobile dials.
pub struct Phone {
    number: String,
    href: String,
}

fn phones(numbers: &[String]) -> Vec<Phone> {
    numbers
        .iter()
        .map(|number| Phone {
            href: format!(
                "tel:{}",
                number
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect::<String>()
            ),
            number: number.clone(),
        })
        .collect()
}

pub struct HistoryItem {
    kind: String,
    at: String,
    who: String,
    title: String,
    details: Vec<Fact>,
}

/// One labelled form control; its `name` is also the key the app reports problems by.
pub struct Input {
    id: String,
    name: String,
    label: String,
    /// `text`, `number`, `date`, `datetime-local`, `email`, `select` or `textarea`.
    kind: &'static str,
    value: String,
    options: Vec<SelectOption>,
    step: &'static str,
    hint: String,
    error: Option<String>,
    /// Status form: the statuses needing this field (space-separated keys).
    required_by: Option<String>,
    wide: bool,
}

impl Input {
    fn new(form: Form, name: &str, label: String, kind: &'static str, value: String) -> Self {
        Input {
            id: format!("{}-{}", form.key(), name.replace(['.', '_'], "-")),
            name: name.to_owned(),
            label,
            kind,
            value,
            options: Vec::new(),
            step: "",
            hint: String::new(),
            error: None,
            required_by: None,
            wide: false,
        }
    }

    /// A select; `blank` adds a first, empty choice.
    fn select(
        form: Form,
        name: &str,
        label: String,
        value: String,
        blank: Option<String>,
        choices: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut options: Vec<SelectOption> = blank
            .map(|text| SelectOption::new("", text, value.is_empty()))
            .into_iter()
            .collect();
        options.extend(
            choices
                .into_iter()
                .map(|(v, l)| SelectOption::new(v.clone(), l, v == value)),
        );
        let mut input = Input::new(form, name, label, "select", value);
        input.options = options;
        input
    }

    fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }

    fn wide(mut self) -> Self {
        self.wide = true;
        self
    }

    fn step(mut self, step: &'static str) -> Self {
        self.step = step;
        self
    }

    /// The ids of the hint and the problem, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// An input for a custom field of the type it has.
fn custom_input(page: &Page, form: Form, field: &Field, value: String) -> Input {
    let name = format!("fields.{}", field.row.key);
    let label = field.row.label.clone();
    match field.field_type {
        FieldType::Text => Input::new(form, &name, label, "text", value),
        FieldType::Number => Input::new(form, &name, label, "number", value).step("any"),
        FieldType::Date => Input::new(form, &name, label, "date", value),
        FieldType::Choice => Input::select(
            form,
            &name,
            label,
            value,
            Some(page.t("cw-none-chosen")),
            field.options.iter().map(|o| (o.clone(), o.clone())),
        ),
    }
}

pub struct Requirement {
    status: String,
    fields: String,
}

pub struct CaseView {
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    id: String,
    version: i64,
    status_name: String,
    open: bool,
    back_href: String,
    back_label: String,
    customer: Vec<Fact>,
    details: Vec<Fact>,
    history: Vec<HistoryItem>,
    may_edit: bool,
    attempt_inputs: Vec<Input>,
    status_inputs: Vec<Input>,
    requirements: Vec<Requirement>,
    edit_inputs: Vec<Input>,
    /// The form a refusal is about (`attempt`, `status`, `edit`), else empty.
    failed: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    page: Page,
    view: CaseView,
}

impl std::ops::Deref for CasePage {
    type Target = CaseView;

    fn deref(&self) -> &CaseView {
        &self.view
    }
}

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(flash): Query<CaseFlash>,
    headers: HeaderMap,
) -> Response {
    let back = flash
        .back
        .as_deref()
        .and_then(came_from::local_path)
        .map(str::to_owned)
        .or_else(|| came_from::referer(&headers, &format!("/cases/{id}")));
    let landing = Landing {
        notice: flash.notice(&page),
        back,
    };
    render_case(&state, &actor, page, &id, landing, None, None).await
}

/// What the page says on arrival, and where its back link leads when it is not the
/// reader's own list.
struct Landing {
    notice: Option<String>,
    back: Option<String>,
}

async fn render_case(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    landing: Landing,
    outcome: Option<Outcome>,
    posted: Option<(Form, Fields)>,
) -> Response {
    let status = outcome.as_ref().map_or(StatusCode::OK, |o| o.status);
    match case_view(state, actor, &page, id, outcome, posted).await {
        Ok(mut view) => {
            view.notice = landing.notice;
            if let Some(back) = landing.back {
                view.back_label = came_from::label(&page, &back);
                view.back_href = back;
            }
            (status, CasePage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

/// Names of the users a case page mentions: everyone for readers of groups, else the
/// reader themself.
async fn user_names(
    state: &AppState,
    actor: &Actor,
    ids: Vec<String>,
) -> Result<HashMap<String, String>, AppError> {
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    ids.retain(|id| *id != actor.user_id);
    let mut names = if ids.is_empty() {
        HashMap::new()
    } else {
        common::optional(app::users::names(&state.ctx, actor, &ids).await)?.unwrap_or_default()
    };
    names.insert(actor.user_id.clone(), actor.name.clone());
    Ok(names)
}

/// The name of the campaign or CRM form a case came through, when the reader sees it.
async fn source_name(
    state: &AppState,
    actor: &Actor,
    kind: ObjectKind,
    id: Option<&str>,
) -> Result<Option<String>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    match app::objects::get(&state.ctx, actor, kind, id).await {
        Ok(object) => Ok(Some(object.row.name)),
        Err(AppError::NotFound | AppError::Forbidden(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

async fn case_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    id: &str,
    outcome: Option<Outcome>,
    posted: Option<(Form, Fields)>,
) -> Result<CaseView, AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, page.tr).await?;
    let may_edit = actor.can(Permission::CASES_EDIT);
    let linkable = if may_edit {
        app::interactions::linkable(&state.ctx, actor, id).await?
    } else {
        Vec::new()
    };
    let events = case.history.clone().unwrap_or_default();
    let data: Vec<Value> = events
        .iter()
        .map(|e| serde_json::from_str(&e.data).unwrap_or_default())
        .collect();
    let mut ids: Vec<String> = events.iter().filter_map(|e| e.actor_id.clone()).collect();
    ids.extend(case.row.assignee_id.clone());
    for d in &data {
        for key in ["assignee_id", "from", "to"] {
            if let Some(user) = d.get(key).and_then(Value::as_str) {
                ids.push(user.to_owned());
            }
        }
    }
    let names = user_names(state, actor, ids).await?;
    let campaign = source_name(
        state,
        actor,
        ObjectKind::DialerCampaigns,
        case.row.campaign_id.as_deref(),
    )
    .await?;
    let crm_form = source_name(
        state,
        actor,
        ObjectKind::CrmForms,
        case.row.crm_form_id.as_deref(),
    )
    .await?;
    let name_of = |user: Option<&str>| match user {
        None => page.t("cw-unassigned"),
        Some(user) => names
            .get(user)
            .cloned()
            .unwrap_or_else(|| page.t("cw-someone")),
    };

    let row = &case.row;
    let customer = vec![
        Fact::new("name", page.t("cw-field-name"), case.customer.name.clone()),
        Fact::new(
            "document",
            page.t("cw-field-document"),
            case.customer.document.clone(),
        ),
        Fact {
            phones: phones(&case.customer.phones),
            ..Fact::new(
                "phones",
                page.t("cw-field-phones"),
                case.customer.phones.join(", "),
            )
        },
        Fact::new(
            "email",
            page.t("cw-field-email"),
            case.customer.email.clone(),
        ),
        Fact::new(
            "address",
            page.t("cw-field-address"),
            case.customer.address.clone(),
        ),
    ];
    let mut details = vec![
        Fact::new(
            "status",
            page.t("cw-field-status"),
            lookups.status_name(&row.status),
        ),
        Fact::new(
            "reason",
            page.t("cw-field-reason"),
            row.reason_id
                .as_deref()
                .map(|r| lookups.reason_name(r))
                .unwrap_or_default(),
        ),
        Fact::new("area", page.t("cw-field-area"), row.area.clone()),
        Fact::new(
            "amount",
            page.t("cw-field-amount"),
            row.amount_cents.map(amount_text).unwrap_or_default(),
        ),
        Fact {
            badge: page
                .overdue(row.is_open, row.due_date.as_deref())
                .then(|| page.t("cw-overdue")),
            ..Fact::new(
                "due-date",
                page.t("cw-field-due-date"),
                row.due_date.clone().unwrap_or_default(),
            )
        },
        Fact::new(
            "priority",
            page.t("cw-field-priority"),
            priority_label(page, case.priority()),
        ),
        Fact::new(
            "description",
            page.t("cw-field-description"),
            row.description.clone(),
        ),
    ];
    // Named only to readers who see the campaign or form (an operator may not).
    if let Some(name) = campaign {
        details.push(Fact::new("campaign", page.t("cw-field-campaign"), name));
    }
    if let Some(name) = crm_form {
        details.push(Fact::new("crm-form", page.t("cw-field-crm-form"), name));
    }
    details.push(Fact::new(
        "assignee",
        page.t("cw-field-assignee"),
        name_of(row.assignee_id.as_deref()),
    ));
    details.push(Fact::new(
        "next-contact",
        page.t("cw-field-next-contact"),
        row.next_contact_at
            .map(|at| page.time(at))
            .unwrap_or_default(),
    ));
    details.push(Fact::new(
        "created",
        page.t("cw-field-created"),
        page.time(row.created_at),
    ));
    details.push(Fact::new(
        "updated",
        page.t("cw-field-updated"),
        page.time(row.updated_at),
    ));
    if let Some(closed) = row.closed_at {
        details.push(Fact::new(
            "closed",
            page.t("cw-field-closed"),
            page.time(closed),
        ));
    }
    if let Some(verdict) = &row.audit_verdict {
        details.push(Fact::new(
            "audit",
            page.t("cw-field-audit"),
            verdict_label(page, verdict),
        ));
    }
    for field in &lookups.fields {
        let value = case.fields.get(&field.row.key);
        if field.row.removed_at.is_some() && !is_present(value) {
            continue;
        }
        let mut label = field.row.label.clone();
        if field.row.removed_at.is_some() {
            label = format!("{label} {}", page.t("cw-removed-field"));
        }
        details.push(Fact::new(
            &format!("field-{}", field.row.key.replace('_', "-")),
            label,
            value.map(value_text).unwrap_or_default(),
        ));
    }

    let history = events
        .iter()
        .zip(&data)
        .rev()
        .map(|(event, data)| history_item(page, &lookups, &name_of, event, data))
        .collect();

    let (back_href, back_label) = if may_edit {
        ("/my-cases".to_owned(), page.t("nav-my-cases"))
    } else {
        ("/cases".to_owned(), page.t("nav-cases"))
    };

    // Posted values come back into the form they came from.
    let value = |form: Form, name: &str, default: String| match &posted {
        Some((f, fields)) if *f == form => fields.text(name),
        _ => default,
    };
    let tz = timezone(actor);
    // Retired reasons are not offered, but the case's own stays selectable.
    let reason_choices = |keep: Option<&str>| {
        lookups
            .reasons
            .iter()
            .filter(|r| r.active || keep == Some(r.id.as_str()))
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect::<Vec<_>>()
    };

    let (mut attempt_inputs, mut status_inputs, mut requirements, mut edit_inputs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if may_edit {
        // The contact attempt.
        let form = Form::Attempt;
        attempt_inputs.push(Input::select(
            form,
            "channel",
            page.t("cw-attempt-channel"),
            value(form, "channel", "call".to_owned()),
            None,
            CHANNELS
                .iter()
                .map(|(_, key)| ((*key).to_owned(), channel_label(page, key))),
        ));
        attempt_inputs.push(Input::select(
            form,
            "result",
            page.t("cw-attempt-result"),
            value(form, "result", String::new()),
            Some(page.t("cw-choose")),
            lookups
                .dispositions
                .iter()
                .filter(|d| d.active)
                .map(|d| (d.key.clone(), d.name.clone())),
        ));
        attempt_inputs.push(Input::select(
            form,
            "reason_id",
            page.t("cw-field-reason"),
            value(form, "reason_id", String::new()),
            Some(page.t("cw-none-chosen")),
            reason_choices(None),
        ));
        if !linkable.is_empty() {
            attempt_inputs.push(
                Input::select(
                    form,
                    "interaction_id",
                    page.t("cw-attempt-interaction"),
                    value(form, "interaction_id", String::new()),
                    Some(page.t("cw-attempt-interaction-new")),
                    linkable
                        .iter()
                        .map(|i| (i.id.clone(), interaction_label(page, i))),
                )
                .hint(page.t("cw-attempt-interaction-hint")),
            );
        }
        let needing: Vec<String> = lookups
            .dispositions
            .iter()
            .filter(|d| d.active && d.needs_next_contact)
            .map(|d| d.name.clone())
            .collect();
        let (before, after) = page.t_around("cw-attempt-next-hint");
        let mut hint = format!("{before}{}{after}", tz.name());
        if !needing.is_empty() {
            hint = format!(
                "{hint} {} {}",
                page.t("cw-attempt-next-needed"),
                needing.join(", ")
            );
        }
        attempt_inputs.push(
            Input::new(
                form,
                "next_contact_at",
                page.t("cw-attempt-next"),
                "datetime-local",
                value(form, "next_contact_at", String::new()),
            )
            .hint(hint),
        );
        attempt_inputs.push(
            Input::new(
                form,
                "notes",
                page.t("cw-attempt-notes"),
                "textarea",
                value(form, "notes", String::new()),
            )
            .wide(),
        );

        // The status change, with what each status requires.
        let form = Form::Status;
        status_inputs.push(Input::select(
            form,
            "status",
            page.t("cw-status-new"),
            value(form, "status", row.status.clone()),
            None,
            lookups
                .statuses
                .iter()
                .map(|s| (s.key.clone(), s.name.clone())),
        ));
        let mut needed_by: Vec<(String, Vec<&Status>)> = Vec::new();
        for status in &lookups.statuses {
            let keys = lookups.required_by(status);
            requirements.push(Requirement {
                status: status.name.clone(),
                fields: if keys.is_empty() {
                    page.t("cw-status-requires-nothing")
                } else {
                    keys.iter()
                        .map(|k| lookups.key_label(page, k))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            });
            for key in keys {
                match needed_by.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, statuses)) => statuses.push(status),
                    None => needed_by.push((key, vec![status])),
                }
            }
        }
        let required_hint = |statuses: &[&Status]| {
            format!(
                "{} {}",
                page.t("cw-required-for"),
                statuses
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let needs = |key: &str| {
            needed_by
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, statuses)| statuses.as_slice())
        };
        let mut reason = Input::select(
            form,
            "reason_id",
            page.t("cw-field-reason"),
            value(form, "reason_id", row.reason_id.clone().unwrap_or_default()),
            Some(page.t("cw-none-chosen")),
            reason_choices(row.reason_id.as_deref()),
        );
        if let Some(statuses) = needs("reason_id") {
            reason = reason.hint(required_hint(statuses));
        }
        status_inputs.push(reason);
        // Inputs for what statuses require, attributes first, then custom fields.
        let mut requirable: Vec<Input> = Vec::new();
        for key in REQUIRABLE_ATTRIBUTES.iter().filter(|k| **k != "reason_id") {
            if needs(key).is_none() {
                continue;
            }
            let label = attribute_label(page, key);
            let input = match *key {
                "amount" => Input::new(
                    form,
                    key,
                    label,
                    "number",
                    value(
                        form,
                        key,
                        row.amount_cents.map(amount_text).unwrap_or_default(),
                    ),
                )
                .step("0.01"),
                "due_date" => Input::new(
                    form,
                    key,
                    label,
                    "date",
                    value(form, key, row.due_date.clone().unwrap_or_default()),
                ),
                "description" => Input::new(
                    form,
                    key,
                    label,
                    "textarea",
                    value(form, key, row.description.clone()),
                )
                .wide(),
                _ => Input::new(form, key, label, "text", value(form, key, row.area.clone())),
            };
            requirable.push(input);
        }
        for field in lookups.live_fields() {
            if needs(&field.row.key).is_none() {
                continue;
            }
            let name = format!("fields.{}", field.row.key);
            let current = case
                .fields
                .get(&field.row.key)
                .map(value_text)
                .unwrap_or_default();
            requirable.push(custom_input(page, form, field, value(form, &name, current)));
        }
        for mut input in requirable {
            let key = input
                .name
                .strip_prefix("fields.")
                .unwrap_or(&input.name)
                .to_owned();
            if let Some(statuses) = needs(&key) {
                input.required_by = Some(
                    statuses
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                input.hint = required_hint(statuses);
            }
            status_inputs.push(input);
        }

        // The case's data.
        let form = Form::Edit;
        for (name, label, kind, current) in [
            (
                "customer.name",
                "cw-field-name",
                "text",
                case.customer.name.clone(),
            ),
            (
                "customer.document",
                "cw-field-document",
                "text",
                case.customer.document.clone(),
            ),
            (
                "customer.email",
                "cw-field-email",
                "email",
                case.customer.email.clone(),
            ),
            (
                "customer.phones",
                "cw-field-phones",
                "textarea",
                case.customer.phones.join("\n"),
            ),
            (
                "customer.address",
                "cw-field-address",
                "textarea",
                case.customer.address.clone(),
            ),
            ("area", "cw-field-area", "text", row.area.clone()),
            (
                "amount",
                "cw-field-amount",
                "number",
                row.amount_cents.map(amount_text).unwrap_or_default(),
            ),
            (
                "due_date",
                "cw-field-due-date",
                "date",
                row.due_date.clone().unwrap_or_default(),
            ),
        ] {
            let mut input = Input::new(form, name, page.t(label), kind, value(form, name, current));
            if name == "customer.phones" {
                input = input.hint(page.t("cw-field-phones-hint"));
            }
            if name == "amount" {
                input = input.step("0.01");
            }
            edit_inputs.push(input);
        }
        let priority_key = PRIORITIES
            .iter()
            .find(|(p, _)| *p == case.priority())
            .map_or("normal", |(_, k)| k);
        edit_inputs.push(Input::select(
            form,
            "priority",
            page.t("cw-field-priority"),
            value(form, "priority", priority_key.to_owned()),
            None,
            PRIORITIES
                .iter()
                .map(|(p, k)| ((*k).to_owned(), priority_label(page, *p))),
        ));
        edit_inputs.push(
            Input::new(
                form,
                "description",
                page.t("cw-field-description"),
                "textarea",
                value(form, "description", row.description.clone()),
            )
            .wide(),
        );
        for field in lookups.live_fields() {
            let name = format!("fields.{}", field.row.key);
            let current = case
                .fields
                .get(&field.row.key)
                .map(value_text)
                .unwrap_or_default();
            edit_inputs.push(custom_input(page, form, field, value(form, &name, current)));
        }
    }

    // A refusal marks the fields of the form it concerns.
    let mut alert = None;
    let mut failed = "";
    if let Some(outcome) = outcome {
        alert = outcome.alert;
        let form = posted.as_ref().map(|(f, _)| *f);
        failed = form.map_or("", Form::key);
        let inputs = match form {
            Some(Form::Attempt) => Some(&mut attempt_inputs),
            Some(Form::Status) => Some(&mut status_inputs),
            Some(Form::Edit) => Some(&mut edit_inputs),
            None => None,
        };
        let mut errors = outcome.errors;
        if !outcome.missing.is_empty() {
            let (summary, each) = if form == Some(Form::Edit) {
                ("cw-still-required", "cw-still-required-field")
            } else {
                ("cw-missing-fields", "cw-missing-field")
            };
            let names: Vec<String> = outcome
                .missing
                .iter()
                .map(|k| lookups.key_label(page, k))
                .collect();
            alert = Some(format!("{}: {}.", page.t(summary), names.join(", ")));
            for key in &outcome.missing {
                let name = if REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) {
                    key.clone()
                } else {
                    format!("fields.{key}")
                };
                errors.insert(name, page.t(each));
            }
        }
        if let Some(inputs) = inputs {
            for input in inputs.iter_mut() {
                input.error = errors.remove(&input.name);
            }
        }
        // Problems with no input of their own join the summary.
        if !errors.is_empty() {
            let rest: Vec<String> = errors
                .iter()
                .map(|(key, text)| format!("{}: {text}", form_field_name(page, &lookups, key)))
                .collect();
            let start = alert.unwrap_or_else(|| page.t("problem-check-fields"));
            alert = Some(format!("{start} {}", rest.join(" ")));
        }
    }

    Ok(CaseView {
        title: case.customer.name.clone(),
        notice: None,
        alert,
        id: row.id.clone(),
        version: row.version,
        status_name: lookups.status_name(&row.status),
        open: row.is_open,
        back_href,
        back_label,
        customer,
        details,
        history,
        may_edit,
        attempt_inputs,
        status_inputs,
        requirements,
        edit_inputs,
        failed,
    })
}

fn verdict_label(page: &Page, verdict: &str) -> String {
    match verdict {
        "validated" => page.t("cw-verdict-validated"),
        "returned" => page.t("cw-verdict-returned"),
        other => other.to_owned(),
    }
}

/// One event of the history, readable.
fn history_item(
    page: &Page,
    lookups: &Lookups,
    name_of: &dyn Fn(Option<&str>) -> String,
    event: &EventRow,
    data: &Value,
) -> HistoryItem {
    let text = |key: &str| data.get(key).and_then(Value::as_str).map(str::to_owned);
    let from_to = |from: Option<String>, to: Option<String>| {
        format!(
            "{} → {}",
            from.map(|k| lookups.status_name(&k)).unwrap_or_default(),
            to.map(|k| lookups.status_name(&k)).unwrap_or_default()
        )
    };
    let reason = |details: &mut Vec<Fact>| {
        if let Some(id) = text("reason_id") {
            details.push(Fact::new(
                "reason",
                page.t("cw-field-reason"),
                lookups.reason_name(&id),
            ));
        }
    };
    let mut details = Vec::new();
    let title = match event.kind.as_str() {
        "created" => {
            if let Some(status) = text("status") {
                details.push(Fact::new(
                    "status",
                    page.t("cw-field-status"),
                    lookups.status_name(&status),
                ));
            }
            if let Some(assignee) = text("assignee_id") {
                details.push(Fact::new(
                    "assignee",
                    page.t("cw-field-assignee"),
                    name_of(Some(&assignee)),
                ));
            }
            if data.get("import").and_then(Value::as_bool) == Some(true) {
                page.t("cw-ev-imported")
            } else {
                page.t("cw-ev-created")
            }
        }
        "edited" => {
            let changed: Vec<String> = data
                .get("changed")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|key| attribute_label(page, key))
                .collect();
            if !changed.is_empty() {
                details.push(Fact::new(
                    "changed",
                    page.t("cw-ev-changed"),
                    changed.join(", "),
                ));
            }
            page.t("cw-ev-edited")
        }
        "status" => {
            details.push(Fact::new(
                "status",
                page.t("cw-field-status"),
                from_to(text("from"), text("to")),
            ));
            reason(&mut details);
            if let Some(values) = data.get("fields").and_then(Value::as_object) {
                for (key, value) in values {
                    details.push(Fact::new(
                        "field",
                        lookups.key_label(page, key),
                        value_text(value),
                    ));
                }
            }
            page.t("cw-ev-status")
        }
        "attempt" => {
            details.push(Fact::new(
                "channel",
                page.t("cw-attempt-channel"),
                channel_label(page, &text("channel").unwrap_or_default()),
            ));
            details.push(Fact::new(
                "result",
                page.t("cw-attempt-result"),
                lookups.disposition_name(&text("result").unwrap_or_default()),
            ));
            reason(&mut details);
            if let Some(notes) = text("notes").filter(|n| !n.is_empty()) {
                details.push(Fact::new("notes", page.t("cw-attempt-notes"), notes));
            }
            if let Some(at) =
                text("next_contact_at").and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            {
                details.push(Fact::new(
                    "next-contact",
                    page.t("cw-attempt-next"),
                    page.time(at.with_timezone(&Utc)),
                ));
            }
            page.t("cw-ev-attempt")
        }
        "assigned" => {
            details.push(Fact::new(
                "from",
                page.t("cw-ev-from"),
                name_of(text("from").as_deref()),
            ));
            details.push(Fact::new(
                "to",
                page.t("cw-ev-to"),
                name_of(text("to").as_deref()),
            ));
            page.t("cw-ev-assigned")
        }
        "audited" => {
            details.push(Fact::new(
                "verdict",
                page.t("cw-ev-verdict"),
                verdict_label(page, &text("verdict").unwrap_or_default()),
            ));
            if let Some(comment) = text("comment").filter(|c| !c.is_empty()) {
                details.push(Fact::new("comment", page.t("cw-ev-comment"), comment));
            }
            if text("from") != text("to") {
                details.push(Fact::new(
                    "status",
                    page.t("cw-field-status"),
                    from_to(text("from"), text("to")),
                ));
            }
            page.t("cw-ev-audited")
        }
        other => other.to_owned(),
    };
    HistoryItem {
        kind: event.kind.clone(),
        at: page.time(event.at),
        who: match &event.actor_id {
            Some(user) => name_of(Some(user)),
            None => page.t("cw-system"),
        },
        title,
        details,
    }
}

/// Shows the case page again after a refusal: the posted values stay in their form,
/// except after a stale version, when the page shows the current values.
async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    form: Form,
    fields: Fields,
    error: AppError,
) -> Response {
    let stale = matches!(error, AppError::Stale);
    let landing = Landing {
        notice: None,
        back: fields
            .get("back")
            .and_then(came_from::local_path)
            .map(str::to_owned),
    };
    match explain(&page, error) {
        Ok(outcome) => {
            let posted = if stale { None } else { Some((form, fields)) };
            render_case(state, actor, page, id, landing, Some(outcome), posted).await
        }
        Err(error) => common::fail(page, error),
    }
}

/// `POST /cases/{id}/attempts`: logs a contact attempt.
pub async fn log_attempt(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let result = match attempt_of(&actor, &fields) {
        Ok(attempt) => app::cases::log_attempt(&state.ctx, &actor, &id, attempt)
            .await
            .map(|_| ()),
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(()) => {
            let back = came_from::query(fields.get("back"));
            Redirect::to(&format!("/cases/{id}?logged=1{back}")).into_response()
        }
        Err(error) => rerender(&state, &actor, page, &id, Form::Attempt, fields, error).await,
    }
}

/// A call or chat as the attempt form offers it: when, which way, with whom, how long.
fn interaction_label(page: &Page, i: &InteractionRow) -> String {
    let (direction, number) = if i.direction == "inbound" {
        (page.t("cw-direction-inbound"), &i.from_number)
    } else {
        (page.t("cw-direction-outbound"), &i.to_number)
    };
    let mut label = format!(
        "{} · {} · {direction}",
        page.time(i.started_at),
        channel_label(page, &i.channel)
    );
    if !number.is_empty() {
        label = format!("{label} · {number}");
    }
    if let Some(seconds) = i.duration_seconds {
        label = format!("{label} · {}:{:02}", seconds / 60, seconds % 60);
    }
    label
}

fn attempt_of(actor: &Actor, fields: &Fields) -> Result<Attempt, FieldErrors> {
    let mut errors = FieldErrors::new();
    let channel = CHANNELS
        .iter()
        .find(|(_, key)| *key == fields.text("channel"))
        .map(|(channel, _)| *channel);
    if channel.is_none() {
        errors.add("channel", "invalid");
    }
    let result = given(fields, "result");
    if result.is_none() {
        errors.add("result", "required");
    }
    let next_contact_at = match given(fields, "next_contact_at") {
        None => None,
        Some(text) => {
            let at = parse_local(&text, timezone(actor));
            if at.is_none() {
                errors.add("next_contact_at", "invalid_datetime");
            }
            at
        }
    };
    errors.into_result()?;
    Ok(Attempt {
        channel: channel.unwrap_or(Channel::Call),
        result: result.unwrap_or_default(),
        reason_id: given(fields, "reason_id"),
        notes: fields.text("notes"),
        next_contact_at,
        interaction_id: given(fields, "interaction_id"),
    })
}

/// `POST /cases/{id}/status`: moves the case to a status, with the fields it needs.
pub async fn change_status(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    match move_case(&state, &actor, page.tr, &id, &fields).await {
        Ok(()) => {
            let back = came_from::query(fields.get("back"));
            Redirect::to(&format!("/cases/{id}?moved=1{back}")).into_response()
        }
        Err(error) => rerender(&state, &actor, page, &id, Form::Status, fields, error).await,
    }
}

async fn move_case(
    state: &AppState,
    actor: &Actor,
    tr: Tr,
    id: &str,
    fields: &Fields,
) -> Result<(), AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, tr).await?;
    let key = fields.text("status");
    let Some(status) = lookups.statuses.iter().find(|s| s.key == key) else {
        return Err(FieldErrors::single("status", "unknown_status").into());
    };
    let version = fields.version();
    if version.is_some_and(|v| v != case.row.version) {
        return Err(AppError::Stale);
    }
    let row = &case.row;

    // What the form brings; blank inputs leave the case as it is.
    let mut errors = FieldErrors::new();
    let reason = given(fields, "reason_id");
    let area = given(fields, "area");
    if area.as_ref().is_some_and(|a| a.chars().count() > 120) {
        errors.add("area", "too_long");
    }
    let description = given(fields, "description");
    let due_date = given(fields, "due_date");
    if due_date
        .as_deref()
        .is_some_and(|d| !domain::cases::valid_date(d))
    {
        errors.add("due_date", "invalid_date");
    }
    let amount = given(fields, "amount").and_then(|text| {
        let cents = parse_number(&text).and_then(domain::cases::amount_to_cents);
        if cents.is_none() {
            errors.add("amount", "invalid_amount");
        }
        cents
    });
    let mut custom = Map::new();
    for field in lookups.live_fields() {
        let name = format!("fields.{}", field.row.key);
        let Some(text) = given(fields, &name) else {
            continue;
        };
        match typed_value(field, &text)
            .filter(|v| check_value(field.field_type, &field.options, v).is_some())
        {
            Some(value) if case.fields.get(&field.row.key) == Some(&value) => {}
            Some(value) => {
                custom.insert(field.row.key.clone(), value);
            }
            None => errors.add(&name, "invalid_value"),
        }
    }
    errors.into_result()?;

    let attributes = CaseInput {
        area: area.filter(|a| *a != row.area),
        description: description.filter(|d| *d != row.description),
        due_date: due_date
            .filter(|d| row.due_date.as_ref() != Some(d))
            .map(Some),
        amount: amount
            .filter(|c| row.amount_cents != Some(*c))
            .map(|c| Some(domain::cases::cents_to_amount(c))),
        ..CaseInput::default()
    };
    let expected = Some(version.unwrap_or(row.version));
    let change = StatusChange {
        status: status.key.clone(),
        reason_id: reason,
        fields: (!custom.is_empty()).then_some(custom),
        attributes,
    };
    app::cases::change_status(&state.ctx, actor, id, change, expected).await?;
    Ok(())
}

/// `POST /cases/{id}`: edits the customer data and the case's attributes.
pub async fn save(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    match edit_case(&state, &actor, page.tr, &id, &fields).await {
        Ok(()) => {
            let back = came_from::query(fields.get("back"));
            Redirect::to(&format!("/cases/{id}?saved=1{back}")).into_response()
        }
        Err(error) => rerender(&state, &actor, page, &id, Form::Edit, fields, error).await,
    }
}

async fn edit_case(
    state: &AppState,
    actor: &Actor,
    tr: Tr,
    id: &str,
    fields: &Fields,
) -> Result<(), AppError> {
    let case = app::cases::get(&state.ctx, actor, id).await?;
    let lookups = Lookups::load(state, actor, tr).await?;
    let mut errors = FieldErrors::new();
    let text = |name: &str| fields.get(name).map(str::to_owned);
    let customer = text("customer.name").map(|name| Customer {
        name,
        document: fields.text("customer.document"),
        phones: fields
            .text("customer.phones")
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        email: fields.text("customer.email"),
        address: fields.text("customer.address"),
    });
    let amount = fields.get("amount").and_then(|raw| {
        if raw.trim().is_empty() {
            return Some(None);
        }
        let amount = parse_number(raw);
        if amount.is_none() {
            errors.add("amount", "invalid_amount");
        }
        amount.map(Some)
    });
    let due_date = fields
        .get("due_date")
        .map(|d| Some(d.trim().to_owned()).filter(|d| !d.is_empty()));
    let priority = fields.get("priority").and_then(|key| {
        let priority = PRIORITIES.iter().find(|(_, k)| *k == key).map(|(p, _)| *p);
        if priority.is_none() {
            errors.add("priority", "invalid");
        }
        priority
    });
    let mut custom = Map::new();
    for field in lookups.live_fields() {
        let name = format!("fields.{}", field.row.key);
        let Some(raw) = fields.get(&name).map(str::trim) else {
            continue;
        };
        let value = if raw.is_empty() {
            Value::Null
        } else {
            match typed_value(field, raw) {
                Some(value) => value,
                None => {
                    errors.add(&name, "invalid_value");
                    continue;
                }
            }
        };
        let current = case
            .fields
            .get(&field.row.key)
            .cloned()
            .unwrap_or(Value::Null);
        if value != current {
            custom.insert(field.row.key.clone(), value);
        }
    }
    errors.into_result()?;
    let input = CaseInput {
        customer,
        area: text("area"),
        amount,
        due_date,
        priority,
        description: text("description"),
        fields: (!custom.is_empty()).then_some(custom),
        reason_id: None,
    };
    app::cases::update(&state.ctx, actor, id, input, fields.version()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc() {
        let madrid: chrono_tz::Tz = "Europe/Madrid".parse().unwrap();
        let at = parse_local("2026-07-01T09:30", madrid).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        assert!(parse_local("tomorrow", madrid).is_none());
        // The hour the clocks skip in spring does not exist.
        assert!(parse_local("2026-03-29T02:30", madrid).is_none());
    }

    #[test]
    fn numbers_take_a_decimal_comma() {
        assert_eq!(parse_number("120,5"), Some(120.5));
        assert_eq!(parse_number(" 7 "), Some(7.0));
        assert_eq!(parse_number("lots"), None);
    }
}
