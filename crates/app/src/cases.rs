//! Cases: creation, edits with versions, status changes that require fields, contact
//! attempts with callbacks, assignment and even distribution, and the audit of
//! closed cases. Every change lands in the case's history; assignments also in the
//! audit log.

use std::collections::{BTreeMap, HashMap, HashSet};

use domain::case_config::is_present;
use domain::cases::{self, Channel, Customer, FieldSpec, Priority};
use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Map, Value, json};
use store::Tx;
use store::cases::{CaseFilter, CaseRow, CaseSort, EventRow, Holding};
use store::jobs::JobMove;
use store::users::{UserFilter, UserRow};

use crate::Context;
use crate::access::require;
use crate::case_config::Status;
use crate::case_moves::{Bulk, Plan};
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// A case as the API shows it.
#[derive(Debug, Clone)]
pub struct CaseDetails {
    pub row: CaseRow,
    pub customer: Customer,
    pub fields: Map<String, Value>,
    /// Only when one case is read.
    pub history: Option<Vec<EventRow>>,
}

impl CaseDetails {
    fn of(row: CaseRow) -> CaseDetails {
        CaseDetails {
            customer: Customer {
                name: row.customer_name.clone(),
                document: row.customer_document.clone(),
                phones: serde_json::from_str(&row.customer_phones).unwrap_or_default(),
                email: row.customer_email.clone(),
                address: row.customer_address.clone(),
            },
            fields: serde_json::from_str(&row.fields).unwrap_or_default(),
            history: None,
            row,
        }
    }

    pub fn priority(&self) -> Priority {
        Priority::from_rank(self.row.priority)
    }
}

/// Reads one page in `sort` order; a cursor that does not parse is refused.
async fn page(
    tx: &mut Tx,
    actor: &Actor,
    filter: &CaseFilter,
    sort: CaseSort,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<CaseRow>, Option<String>)> {
    let mut rows = store::cases::list(tx, &actor.scope(), filter, sort, after, limit + 1)
        .await?
        .ok_or_else(|| AppError::from(FieldErrors::single("cursor", "invalid")))?;
    let limit = usize::try_from(limit).unwrap_or(0);
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|row| sort.cursor(row))
    });
    Ok((rows, next.flatten()))
}

pub async fn list(
    ctx: &Context,
    actor: &Actor,
    filter: &CaseFilter,
    sort: CaseSort,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<CaseDetails>> {
    require(actor, Permission::CASES_VIEW)?;
    let scope = actor.scope();
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let (rows, next) = page(&mut tx, actor, filter, sort, after, limit).await?;
    let total = if with_total {
        Some(store::cases::count(&mut tx, &scope, filter).await?)
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(CaseDetails::of).collect(),
        next,
        total,
    })
}

/// How many visible cases matching `filter` sit in each status, in the order the
/// statuses are configured (statuses with none answer 0).
pub async fn counts_by_status(
    ctx: &Context,
    actor: &Actor,
    filter: &CaseFilter,
) -> AppResult<Vec<(crate::case_config::Status, i64)>> {
    require(actor, Permission::CASES_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let counts = store::cases::count_by_status(&mut tx, &actor.scope(), filter).await?;
    let statuses = crate::case_config::all_statuses(&mut tx, &actor.company_id).await?;
    Ok(statuses
        .into_iter()
        .map(|status| {
            let n = counts
                .iter()
                .find(|(key, _)| *key == status.key)
                .map_or(0, |(_, n)| *n);
            (status, n)
        })
        .collect())
}

/// The permissions that open the administrator's pages of every case (the status lists
/// and their counts): any one of them.
pub const ADMINISTRATION: [Permission; 4] = [
    Permission::CASES_ASSIGN,
    Permission::CASES_AUDIT,
    Permission::CASES_IMPORT,
    Permission::CASES_EXPORT,
];

/// Whether the actor administers cases (holds one of [`ADMINISTRATION`]).
pub fn administers(actor: &Actor) -> bool {
    ADMINISTRATION.iter().any(|p| actor.can(*p))
}

/// The Assigned view of `filter`: its open cases that have an operator.
pub fn assigned(filter: &CaseFilter) -> CaseFilter {
    CaseFilter {
        open: Some(true),
        assigned: Some(true),
        ..filter.clone()
    }
}

/// What the administrator's lists count: the cases matching a filter in each status,
/// and its open cases with an operator.
#[derive(Debug, Clone)]
pub struct Overview {
    pub counts: Vec<(Status, i64)>,
    pub assigned: i64,
}

/// The counts above the administrator's lists of every case; 403 unless the actor
/// administers cases (a reader of their own cases counts them with
/// [`counts_by_status`]).
pub async fn overview(ctx: &Context, actor: &Actor, filter: &CaseFilter) -> AppResult<Overview> {
    if !administers(actor) {
        return Err(AppError::Forbidden(
            "the case lists need cases.assign, cases.audit, cases.import or cases.export",
        ));
    }
    let counts = counts_by_status(ctx, actor, filter).await?;
    let assigned = counts_by_status(ctx, actor, &assigned(filter))
        .await?
        .iter()
        .filter(|(status, _)| status.open)
        .map(|(_, n)| n)
        .sum();
    Ok(Overview { counts, assigned })
}

/// One page of the closed cases nobody has audited yet, with their total; 403 without
/// `cases.audit`.
pub async fn audit_queue(
    ctx: &Context,
    actor: &Actor,
    sort: CaseSort,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Page<CaseDetails>> {
    require(actor, Permission::CASES_AUDIT)?;
    let filter = CaseFilter {
        audit_pending: Some(true),
        ..CaseFilter::default()
    };
    list(ctx, actor, &filter, sort, after, limit, true).await
}

/// One case with its history.
pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let row = load(&mut tx, actor, id).await?;
    let mut details = CaseDetails::of(row);
    details.history = Some(store::cases::events(&mut tx, id).await?);
    Ok(details)
}

async fn load(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<CaseRow> {
    store::cases::get(tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

pub(crate) async fn field_specs(tx: &mut Tx, company_id: &str) -> AppResult<Vec<FieldSpec>> {
    Ok(store::case_config::fields(tx, company_id, false)
        .await?
        .into_iter()
        .map(|f| FieldSpec {
            field_type: domain::case_config::FieldType::parse(&f.field_type)
                .unwrap_or(domain::case_config::FieldType::Text),
            options: serde_json::from_str(&f.options).unwrap_or_default(),
            required: f.required,
            key: f.key,
        })
        .collect())
}

async fn find_status(tx: &mut Tx, company_id: &str, key: &str) -> AppResult<Option<Status>> {
    Ok(crate::case_config::all_statuses(tx, company_id)
        .await?
        .into_iter()
        .find(|s| s.key == key))
}

/// Whether a requirement (case attribute or custom field key) is met by the case.
fn present(row: &CaseRow, fields: &Map<String, Value>, key: &str) -> bool {
    match key {
        "reason_id" => row.reason_id.is_some(),
        "amount" => row.amount_cents.is_some(),
        "due_date" => row.due_date.is_some(),
        "area" => !row.area.trim().is_empty(),
        "description" => !row.description.trim().is_empty(),
        custom => is_present(fields.get(custom)),
    }
}

/// Refuses with `missing_fields` unless the case holds what `status` requires.
pub(crate) fn require_fields(row: &CaseRow, specs: &[FieldSpec], status: &Status) -> AppResult<()> {
    let fields: Map<String, Value> = serde_json::from_str(&row.fields).unwrap_or_default();
    let missing = cases::missing_fields(&status.required_fields, specs, |key| {
        present(row, &fields, key)
    });
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::MissingFields(missing))
    }
}

/// The editable data of a case; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    pub customer: Option<Customer>,
    pub area: Option<String>,
    pub amount: Option<Option<f64>>,
    pub due_date: Option<Option<String>>,
    pub priority: Option<Priority>,
    pub description: Option<String>,
    /// Merged into the stored values; `null` clears one.
    pub fields: Option<Map<String, Value>>,
    pub reason_id: Option<Option<String>>,
}

/// Applies `input` over `row`, reporting every problem at once.
pub(crate) async fn apply(
    tx: &mut Tx,
    actor: &Actor,
    row: &mut CaseRow,
    input: CaseInput,
    specs: &[FieldSpec],
) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    if let Some(mut customer) = input.customer {
        customer.check(&mut errors);
        row.search = customer.search_text();
        row.customer_name = customer.name;
        row.customer_document = customer.document;
        row.customer_phones = json!(customer.phones).to_string();
        row.customer_email = customer.email;
        row.customer_address = customer.address;
    }
    if let Some(area) = input.area {
        row.area = area.trim().to_owned();
        if row.area.chars().count() > 120 {
            errors.add("area", "too_long");
        }
    }
    if let Some(amount) = input.amount {
        row.amount_cents = match amount.map(cases::amount_to_cents) {
            Some(Some(cents)) => Some(cents),
            Some(None) => {
                errors.add("amount", "invalid_amount");
                None
            }
            None => None,
        };
    }
    if let Some(due) = input.due_date {
        if due.as_deref().is_some_and(|d| !cases::valid_date(d)) {
            errors.add("due_date", "invalid_date");
        }
        row.due_date = due;
    }
    if let Some(priority) = input.priority {
        row.priority = priority.rank();
    }
    if let Some(description) = input.description {
        row.description = description.trim().to_owned();
        if row.description.chars().count() > 10_000 {
            errors.add("description", "too_long");
        }
    }
    if let Some(values) = input.fields {
        let mut stored: Map<String, Value> = serde_json::from_str(&row.fields).unwrap_or_default();
        let checked = cases::check_fields(specs, &values, &mut errors);
        for (key, value) in &values {
            if value.is_null() {
                stored.remove(key);
            }
        }
        stored.extend(checked);
        row.fields = Value::Object(stored).to_string();
    }
    if let Some(reason) = input.reason_id {
        // A case keeps a reason retired since it was given; it cannot be given anew.
        if let Some(id) = &reason
            && row.reason_id.as_ref() != Some(id)
            && let Some(problem) =
                crate::case_config::reason_refusal(tx, &actor.company_id, id).await?
        {
            errors.add("reason_id", problem);
        }
        row.reason_id = reason;
    }
    Ok(errors.into_result()?)
}

pub(crate) fn event(
    case_id: &str,
    actor: &Actor,
    kind: &str,
    data: Value,
    at: domain::clock::Timestamp,
) -> EventRow {
    EventRow {
        id: domain::ids::new_id(),
        case_id: case_id.to_owned(),
        at,
        actor_id: Some(actor.user_id.clone()),
        kind: kind.to_owned(),
        data: data.to_string(),
    }
}

/// Who may be given a case: an active user holding `cases.view` whose projects reach
/// the case's project. Answers are cached per user.
pub(crate) struct Takers {
    company_id: String,
    seen: HashMap<String, Option<Option<Vec<String>>>>,
}

impl Takers {
    pub(crate) fn new(company_id: &str) -> Self {
        Takers {
            company_id: company_id.to_owned(),
            seen: HashMap::new(),
        }
    }

    pub(crate) async fn load(&mut self, tx: &mut Tx, user_id: &str) -> AppResult<()> {
        if !self.seen.contains_key(user_id) {
            let actor = crate::sessions::actor_for_user(tx, &self.company_id, user_id).await?;
            let reach = actor
                .filter(|a| a.can(Permission::CASES_VIEW))
                .map(|a| a.scope().projects().map(<[String]>::to_vec));
            self.seen.insert(user_id.to_owned(), reach);
        }
        Ok(())
    }

    /// Call `load` first.
    pub(crate) fn may_take(&self, user_id: &str, project_id: Option<&str>) -> bool {
        match self.seen.get(user_id) {
            Some(Some(None)) => true,
            Some(Some(Some(projects))) => {
                project_id.is_some_and(|p| projects.iter().any(|x| x == p))
            }
            _ => false,
        }
    }
}

/// A new case with no data yet, in `status`.
pub(crate) fn blank(
    company_id: &str,
    project_id: Option<String>,
    campaign_id: Option<String>,
    crm_form_id: Option<String>,
    status: &Status,
    at: domain::clock::Timestamp,
) -> CaseRow {
    CaseRow {
        project_id,
        campaign_id,
        crm_form_id,
        closed_at: (!status.open).then_some(at),
        ..CaseRow::new(
            domain::ids::new_id(),
            company_id,
            &status.key,
            status.open,
            at,
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewCase {
    pub data: CaseInput,
    pub campaign_id: Option<String>,
    pub crm_form_id: Option<String>,
    pub status: Option<String>,
    pub assignee_id: Option<String>,
}

/// Creates a case in a campaign or CRM form the actor sees; it takes that object's
/// project. An operator (own scope) creates cases for themself.
pub async fn create(ctx: &Context, actor: &Actor, input: NewCase) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_EDIT)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let scope = actor.scope();
    let mut errors = FieldErrors::new();
    let mut source = None;
    for (field, kind, id) in [
        (
            "campaign_id",
            ObjectKind::DialerCampaigns,
            &input.campaign_id,
        ),
        ("crm_form_id", ObjectKind::CrmForms, &input.crm_form_id),
    ] {
        if let Some(id) = id {
            if store::objects::visible(&mut tx, &scope, kind, std::slice::from_ref(id))
                .await?
                .is_empty()
            {
                errors.add(field, "not_found");
            } else if source.is_none() {
                source = Some(id.clone());
            }
        }
    }
    if input.campaign_id.is_none() && input.crm_form_id.is_none() {
        errors.add("campaign_id", "required");
    }
    let status_key = input.status.clone().unwrap_or_else(|| "active".to_owned());
    let status = find_status(&mut tx, &actor.company_id, &status_key).await?;
    if status.is_none() {
        errors.add("status", "unknown_status");
    }
    if input.data.customer.is_none() {
        errors.add("customer.name", "required");
    }
    errors.into_result()?;
    let (Some(source), Some(status)) = (source, status) else {
        return Err(AppError::Internal("checked above".into()));
    };
    let project_id = crate::objects::placements(&mut tx, &actor.company_id, &source)
        .await?
        .into_iter()
        .next();
    let assignee_id = match actor.effective_role().scope {
        domain::DataScope::Own => Some(actor.user_id.clone()),
        _ => input.assignee_id.clone(),
    };
    let mut row = blank(
        &actor.company_id,
        project_id,
        input.campaign_id.clone(),
        input.crm_form_id.clone(),
        &status,
        at,
    );
    let id = row.id.clone();
    let specs = field_specs(&mut tx, &actor.company_id).await?;
    apply(&mut tx, actor, &mut row, input.data, &specs).await?;
    if let Some(assignee) = &assignee_id {
        let mut takers = Takers::new(&actor.company_id);
        takers.load(&mut tx, assignee).await?;
        if !takers.may_take(assignee, row.project_id.as_deref()) {
            return Err(FieldErrors::single("assignee_id", "cannot_see_case").into());
        }
        row.assignee_id = Some(assignee.clone());
    }
    require_fields(&row, &specs, &status)?;
    store::cases::insert(&mut tx, &row).await?;
    store::cases::insert_event(
        &mut tx,
        &actor.company_id,
        &event(
            &id,
            actor,
            "created",
            json!({ "status": row.status, "assignee_id": row.assignee_id }),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDetails::of(row))
}

/// Edits a case's data (not its status or assignee), honouring `If-Match`.
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: CaseInput,
    expected_version: Option<i64>,
) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_EDIT)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Case, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let specs = field_specs(&mut tx, &actor.company_id).await?;
    let mut row = before.clone();
    apply(&mut tx, actor, &mut row, input, &specs).await?;
    // What the current status requires may not be taken away.
    if let Some(status) = find_status(&mut tx, &actor.company_id, &row.status).await? {
        let before_fields: Map<String, Value> =
            serde_json::from_str(&before.fields).unwrap_or_default();
        let after_fields: Map<String, Value> =
            serde_json::from_str(&row.fields).unwrap_or_default();
        let taken: Vec<String> = cases::missing_fields(&status.required_fields, &specs, |key| {
            present(&row, &after_fields, key) || !present(&before, &before_fields, key)
        });
        if !taken.is_empty() {
            return Err(AppError::MissingFields(taken));
        }
    }
    row.updated_at = at;
    if !store::cases::update(&mut tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    let changed = changed_keys(&before, &row);
    store::cases::insert_event(
        &mut tx,
        &actor.company_id,
        &event(id, actor, "edited", json!({ "changed": changed }), at),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDetails::of(row))
}

fn changed_keys(a: &CaseRow, b: &CaseRow) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let customer = a.customer_name != b.customer_name
        || a.customer_document != b.customer_document
        || a.customer_phones != b.customer_phones
        || a.customer_email != b.customer_email
        || a.customer_address != b.customer_address;
    for (key, differs) in [
        ("customer", customer),
        ("area", a.area != b.area),
        ("amount", a.amount_cents != b.amount_cents),
        ("due_date", a.due_date != b.due_date),
        ("priority", a.priority != b.priority),
        ("description", a.description != b.description),
        ("fields", a.fields != b.fields),
        ("reason_id", a.reason_id != b.reason_id),
    ] {
        if differs {
            changed.push(key);
        }
    }
    changed
}

#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub status: String,
    pub reason_id: Option<String>,
    pub fields: Option<Map<String, Value>>,
    /// Case attributes saved with the change (a status may require an amount or a due
    /// date the case lacks): one version, one check, all or nothing.
    pub attributes: CaseInput,
}

/// Moves a case to a status. What the status requires must be in the case after the
/// change (fields may come with it); otherwise 422 `missing_fields` and nothing changes.
pub async fn change_status(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    change: StatusChange,
    expected_version: Option<i64>,
) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_EDIT)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Case, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let status = find_status(&mut tx, &actor.company_id, &change.status)
        .await?
        .ok_or_else(|| AppError::from(FieldErrors::single("status", "unknown_status")))?;
    let specs = field_specs(&mut tx, &actor.company_id).await?;
    let mut row = before.clone();
    let input = CaseInput {
        fields: change.fields.clone(),
        reason_id: change.reason_id.clone().map(Some),
        ..change.attributes
    };
    apply(&mut tx, actor, &mut row, input, &specs).await?;
    require_fields(&row, &specs, &status)?;
    row.status = status.key.clone();
    row.is_open = status.open;
    row.closed_at = if status.open { None } else { Some(at) };
    if !status.open {
        // Nobody calls a closed case back.
        row.next_contact_at = None;
    }
    if status.open != before.is_open {
        // Closing (again) puts the case in the audit queue; reopening drops a verdict
        // that was about the closed case.
        row.audit_verdict = None;
    }
    row.updated_at = at;
    if !store::cases::update(&mut tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    store::cases::insert_event(
        &mut tx,
        &actor.company_id,
        &event(
            id,
            actor,
            "status",
            json!({
                "from": before.status,
                "to": row.status,
                "reason_id": row.reason_id,
                "fields": change.fields,
                "changed": changed_keys(&before, &row),
            }),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDetails::of(row))
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub channel: Channel,
    /// The key of an active disposition.
    pub result: String,
    pub reason_id: Option<String>,
    pub notes: String,
    pub next_contact_at: Option<domain::clock::Timestamp>,
    /// The call or chat the telephony platform already recorded for this attempt: it is
    /// linked to the case instead of a second one being recorded.
    pub interaction_id: Option<String>,
}

/// Logs a contact attempt by the actor. Its next contact date becomes the case's
/// callback (none clears it): the operator's "callbacks due" list shows it then.
pub async fn log_attempt(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    attempt: Attempt,
) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_EDIT)?;
    let notes = attempt.notes.trim().to_owned();
    if notes.chars().count() > 5000 {
        return Err(FieldErrors::single("notes", "too_long").into());
    }
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Case, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, id).await?;
    if let Some(reason) = &attempt.reason_id
        && let Some(problem) =
            crate::case_config::reason_refusal(&mut tx, &actor.company_id, reason).await?
    {
        return Err(FieldErrors::single("reason_id", problem).into());
    }
    let disposition =
        crate::case_config::disposition_for_attempt(&mut tx, &actor.company_id, &attempt.result)
            .await?;
    if disposition.needs_next_contact && attempt.next_contact_at.is_none() {
        return Err(FieldErrors::single("next_contact_at", "required").into());
    }
    let attempt_id = domain::ids::new_id();
    let channel = serde_key(&attempt.channel);
    let result = disposition.key;
    store::cases::insert_attempt(
        &mut tx,
        &store::cases::NewAttempt {
            id: &attempt_id,
            company_id: &actor.company_id,
            case_id: id,
            project_id: before.project_id.as_deref(),
            agent_id: &actor.user_id,
            at,
            channel: &channel,
            result: &result,
            reached: disposition.reached,
            reason_id: attempt.reason_id.as_deref(),
            notes: &notes,
            next_contact_at: attempt.next_contact_at,
        },
    )
    .await?;
    // Calls and chats join the call and chat log, and the reports counting them.
    let medium = match attempt.channel {
        Channel::Call => Some(domain::interactions::Medium::Call),
        Channel::Chat => Some(domain::interactions::Medium::Chat),
        Channel::Sms | Channel::Email | Channel::Visit => None,
    };
    match (medium, &attempt.interaction_id) {
        (Some(medium), Some(interaction)) => {
            crate::interactions::link_attempt(&mut tx, actor, &before, medium, interaction).await?;
        }
        (Some(medium), None) => {
            crate::interactions::record_attempt(
                &mut tx,
                actor,
                &before,
                medium,
                &result,
                disposition.reached,
                at,
            )
            .await?;
        }
        (None, Some(_)) => {
            return Err(FieldErrors::single("interaction_id", "only_calls_and_chats").into());
        }
        (None, None) => {}
    }
    let mut row = before.clone();
    row.next_contact_at = attempt.next_contact_at;
    row.updated_at = at;
    if !store::cases::update(&mut tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    store::cases::insert_event(
        &mut tx,
        &actor.company_id,
        &event(
            id,
            actor,
            "attempt",
            json!({ "attempt_id": attempt_id, "channel": channel, "result": result, "reason_id": attempt.reason_id,
                    "notes": notes, "next_contact_at": attempt.next_contact_at }),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDetails::of(row))
}

/// The snake_case name serde gives a unit enum variant.
fn serde_key<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Which cases a bulk action is about: listed ids, or everything a filter matches.
#[derive(Debug, Clone)]
pub enum Selection {
    Ids(Vec<String>),
    Filter(CaseFilter),
}

/// The most cases one assignment or distribution moves.
pub const MAX_SELECTION: i64 = 100_000;

async fn selected(tx: &mut Tx, actor: &Actor, selection: &Selection) -> AppResult<Vec<Holding>> {
    let scope = actor.scope();
    let mut rows = match selection {
        Selection::Ids(ids) => {
            if ids.len() as i64 > MAX_SELECTION {
                return Err(FieldErrors::single("case_ids", "too_many").into());
            }
            let mut ids = ids.clone();
            ids.sort();
            ids.dedup();
            let mut rows = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(5000) {
                rows.extend(store::cases::holdings_visible(tx, &scope, chunk).await?);
            }
            if rows.len() != ids.len() {
                return Err(FieldErrors::single("case_ids", "not_found").into());
            }
            rows
        }
        Selection::Filter(filter) => {
            store::cases::holdings_matching(tx, &scope, filter, MAX_SELECTION).await?
        }
    };
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rows)
}

/// The plan of giving each case to its new operator: cases already theirs stay as they
/// are (and are not moves).
fn plan(
    kind: &'static str,
    cases: usize,
    pairs: &[(&Holding, &str)],
    outcome: Distribution,
) -> Plan {
    let moves = pairs
        .iter()
        .filter(|(case, to)| case.assignee_id.as_deref() != Some(*to))
        .enumerate()
        .map(|(seq, (case, to))| JobMove {
            seq: seq as i64,
            case_id: case.id.clone(),
            version: case.version,
            from_id: case.assignee_id.clone(),
            to_id: (*to).to_owned(),
            project_id: case.project_id.clone(),
            is_open: case.is_open,
        })
        .collect();
    Plan {
        kind,
        cases,
        moves,
        outcome,
    }
}

/// The users the actor's scope reaches, by name, at most `max`: whom case lists name as
/// holders and the assignment forms offer. Anyone who sees cases may read them (a
/// case's holder is part of the case), with or without `users.view`.
pub async fn people(ctx: &Context, actor: &Actor, max: usize) -> AppResult<Vec<UserRow>> {
    require(actor, Permission::CASES_VIEW)?;
    const PAGE: usize = 500;
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let mut out: Vec<UserRow> = Vec::new();
    while out.len() < max {
        let after = out.last().map(|u| u.id.clone());
        let rows = store::users::list(
            &mut tx,
            &scope,
            &UserFilter::default(),
            after.as_deref(),
            PAGE as i64,
        )
        .await?;
        let done = rows.len() < PAGE;
        out.extend(rows);
        if done {
            break;
        }
    }
    out.truncate(max);
    out.sort_by_key(|u| u.name.to_lowercase());
    Ok(out)
}

/// The open cases each of `user_ids` holds among those the actor sees (users out of
/// the actor's reach, and those holding nothing, are left out): the load a
/// distribution evens out, shown beside each operator before choosing them.
pub async fn open_loads(
    ctx: &Context,
    actor: &Actor,
    user_ids: &[String],
) -> AppResult<HashMap<String, i64>> {
    require(actor, Permission::CASES_ASSIGN)?;
    let mut tx = ctx.pool.read().await?;
    let mut loads = HashMap::new();
    for chunk in user_ids.chunks(5000) {
        let reached: Vec<String> = store::users::visible(&mut tx, &actor.scope().widened(), chunk)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        loads.extend(store::cases::open_loads(&mut tx, &actor.scope(), &reached).await?);
    }
    Ok(loads)
}

/// Assigns the selected cases to one operator who can see them all (else 422): done
/// at once up to [`crate::JobSettings::async_over`] cases (the outcome gives the
/// operator every case selected), else as a job.
pub async fn assign(
    ctx: &Context,
    actor: &Actor,
    selection: Selection,
    assignee_id: &str,
) -> AppResult<Bulk> {
    require(actor, Permission::CASES_ASSIGN)?;
    // Planned on a snapshot, without the writer: each move checks its case's version.
    let mut tx = ctx.pool.read().await?;
    let rows = selected(&mut tx, actor, &selection).await?;
    let mut takers = Takers::new(&actor.company_id);
    takers.load(&mut tx, assignee_id).await?;
    if store::users::visible(&mut tx, &actor.scope().widened(), &[assignee_id.to_owned()])
        .await?
        .is_empty()
    {
        return Err(FieldErrors::single("assignee_id", "not_found").into());
    }
    if rows
        .iter()
        .any(|c| !takers.may_take(assignee_id, c.project_id.as_deref()))
    {
        return Err(FieldErrors::single("assignee_id", "cannot_see_case").into());
    }
    let held = store::cases::open_loads(&mut tx, &actor.scope(), &[assignee_id.to_owned()])
        .await?
        .get(assignee_id)
        .copied()
        .unwrap_or(0);
    drop(tx);
    let gained = rows
        .iter()
        .filter(|c| c.is_open && c.assignee_id.as_deref() != Some(assignee_id))
        .count() as i64;
    let outcome = Distribution {
        assigned: [(assignee_id.to_owned(), rows.len() as i64)].into(),
        loads: [(assignee_id.to_owned(), held + gained)].into(),
    };
    let pairs: Vec<(&Holding, &str)> = rows.iter().map(|c| (c, assignee_id)).collect();
    let plan = plan("assignment", rows.len(), &pairs, outcome);
    crate::case_moves::carry_out(ctx, actor, plan).await
}

/// The outcome of a distribution: how many cases each operator received and the
/// open loads that result.
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    pub assigned: BTreeMap<String, i64>,
    pub loads: BTreeMap<String, i64>,
}

/// Spreads the selected cases over operators so their open loads (counting what they
/// already hold among the cases the actor sees) end up as even as possible; `dry_run`
/// only previews. Done at once up to [`crate::JobSettings::async_over`] cases, else
/// as a job.
pub async fn distribute(
    ctx: &Context,
    actor: &Actor,
    selection: Selection,
    operator_ids: &[String],
    dry_run: bool,
) -> AppResult<Bulk> {
    require(actor, Permission::CASES_ASSIGN)?;
    let mut operators = operator_ids.to_vec();
    let mut seen = HashSet::new();
    operators.retain(|op| seen.insert(op.clone()));
    if operators.is_empty() {
        return Err(FieldErrors::single("operator_ids", "required").into());
    }
    // Planned on a snapshot, without the writer: each move checks its case's version.
    let mut tx = ctx.pool.read().await?;
    if store::users::visible(&mut tx, &actor.scope().widened(), &operators)
        .await?
        .len()
        != operators.len()
    {
        return Err(FieldErrors::single("operator_ids", "not_found").into());
    }
    let rows = selected(&mut tx, actor, &selection).await?;
    let mut takers = Takers::new(&actor.company_id);
    for operator in &operators {
        takers.load(&mut tx, operator).await?;
    }
    let mut loads: BTreeMap<String, i64> =
        store::cases::open_loads(&mut tx, &actor.scope(), &operators)
            .await?
            .into_iter()
            .collect();
    drop(tx);
    // Cases being redistributed leave their current holder's load.
    for case in rows.iter().filter(|c| c.is_open) {
        if let Some(load) = case.assignee_id.as_ref().and_then(|a| loads.get_mut(a)) {
            *load -= 1;
        }
    }
    let projects: HashMap<&str, Option<&str>> = rows
        .iter()
        .map(|c| (c.id.as_str(), c.project_id.as_deref()))
        .collect();
    // Open cases even out the open loads; closed ones (rarely redistributed) are spread
    // by their own count so they do not skew the open loads.
    let (open, closed): (Vec<&Holding>, Vec<&Holding>) = rows.iter().partition(|c| c.is_open);
    let ids = |cases: Vec<&Holding>| cases.into_iter().map(|c| c.id.clone()).collect();
    let (open, closed): (Vec<String>, Vec<String>) = (ids(open), ids(closed));
    let may_take =
        |case: &str, op: &str| takers.may_take(op, projects.get(case).copied().flatten());
    let refused = |_| AppError::from(FieldErrors::single("operator_ids", "cannot_see_case"));
    let mut pairs = cases::distribute(&open, &loads, &operators, may_take).map_err(refused)?;
    pairs.extend(
        cases::distribute(&closed, &BTreeMap::new(), &operators, may_take).map_err(refused)?,
    );
    let mut outcome = Distribution::default();
    for operator in &operators {
        outcome.assigned.insert(operator.clone(), 0);
        outcome
            .loads
            .insert(operator.clone(), loads.get(operator).copied().unwrap_or(0));
    }
    let by_id: HashMap<&str, &Holding> = rows.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut moves = Vec::with_capacity(pairs.len());
    for (case_id, operator) in pairs {
        *outcome.assigned.entry(operator.to_owned()).or_default() += 1;
        if by_id[case_id].is_open {
            *outcome.loads.entry(operator.to_owned()).or_default() += 1;
        }
        moves.push((by_id[case_id], operator));
    }
    if dry_run {
        return Ok(Bulk::Done(outcome));
    }
    let plan = plan("distribution", rows.len(), &moves, outcome);
    crate::case_moves::carry_out(ctx, actor, plan).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Validated,
    Returned,
}

/// Audits a closed case with the verdict a form names (`validated` or `returned`,
/// else 422 on `verdict`); 403 without `cases.audit`, before anything is checked.
pub async fn audit_by_key(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    verdict: &str,
    comment: &str,
) -> AppResult<Verdict> {
    require(actor, Permission::CASES_AUDIT)?;
    let verdict = match verdict {
        "validated" => Verdict::Validated,
        "returned" => Verdict::Returned,
        _ => return Err(FieldErrors::single("verdict", "invalid").into()),
    };
    audit_closed(ctx, actor, id, verdict, comment).await?;
    Ok(verdict)
}

/// Audits a closed case: validated, or returned with a comment (reopened, back to its
/// operator).
pub async fn audit_closed(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    verdict: Verdict,
    comment: &str,
) -> AppResult<CaseDetails> {
    require(actor, Permission::CASES_AUDIT)?;
    let comment = comment.trim();
    if verdict == Verdict::Returned && comment.is_empty() {
        return Err(FieldErrors::single("comment", "required").into());
    }
    if comment.chars().count() > 5000 {
        return Err(FieldErrors::single("comment", "too_long").into());
    }
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Case, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, id).await?;
    if before.is_open {
        return Err(AppError::Conflict {
            code: "case_open",
            message: "only closed cases are audited".into(),
        });
    }
    let mut row = before.clone();
    row.updated_at = at;
    let verdict_key = match verdict {
        Verdict::Validated => {
            row.audit_verdict = Some("validated".into());
            "validated"
        }
        Verdict::Returned => {
            let active = find_status(&mut tx, &actor.company_id, "active")
                .await?
                .ok_or_else(|| AppError::Internal("the active status is missing".into()))?;
            row.status = active.key;
            row.is_open = true;
            row.closed_at = None;
            row.audit_verdict = Some("returned".into());
            "returned"
        }
    };
    if !store::cases::update(&mut tx, &before, &row).await? {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    store::cases::insert_event(
        &mut tx,
        &actor.company_id,
        &event(id, actor, "audited", json!({ "verdict": verdict_key, "comment": comment, "from": before.status, "to": row.status }), at),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDetails::of(row))
}

/// One batch of a CSV export (`cases.export`), by id after `after`.
pub async fn export_batch(
    ctx: &Context,
    actor: &Actor,
    filter: &CaseFilter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<CaseDetails>> {
    require(actor, Permission::CASES_EXPORT)?;
    let mut tx = ctx.pool.read().await?;
    let (rows, _) = page(&mut tx, actor, filter, CaseSort::Created, after, limit).await?;
    Ok(rows.into_iter().map(CaseDetails::of).collect())
}

/// The live custom field keys, in order: the export's `fields.<key>` columns.
pub async fn field_keys(ctx: &Context, actor: &Actor) -> AppResult<Vec<String>> {
    require(actor, Permission::CASES_EXPORT)?;
    let mut tx = ctx.pool.read().await?;
    Ok(field_specs(&mut tx, &actor.company_id)
        .await?
        .into_iter()
        .map(|s| s.key)
        .collect())
}

/// Cases take the project of their campaign (or else CRM form): when one of those moves
/// between projects, its cases follow in the same transaction, with those an import
/// was writing through it meanwhile: the source's row is held once the transactions
/// writing new cases through it ([`store::cases::insert_many_unindexed`]) have
/// committed, and those that start later wait (PostgreSQL needs the row lock; SQLite's
/// one writer at a time already orders them).
pub(crate) async fn follow_moved_source(
    tx: &mut Tx,
    company_id: &str,
    kind: ObjectKind,
    id: &str,
) -> AppResult<()> {
    if matches!(kind, ObjectKind::DialerCampaigns | ObjectKind::CrmForms) {
        store::row_locks::lock(tx, store::row_locks::Row::Object, company_id, id).await?;
        store::cases::follow_source(tx, company_id, Some(id)).await?;
    }
    Ok(())
}
