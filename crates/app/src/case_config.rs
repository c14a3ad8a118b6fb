//! Case configuration (`case_config.manage`): statuses with the fields they require,
//! reasons, custom fields and contact-attempt results (dispositions). Everyone who works cases reads it.

use domain::case_config::{
    self, BUILTIN_DISPOSITIONS, BUILTIN_STATUSES, FieldType, REQUIRABLE_ATTRIBUTES, builtin_status,
};
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Value, json};
use store::Tx;
use store::case_config::{DispositionRow, FieldRow, ReasonRow, StatusRow};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// Reading the configuration: anyone who sees cases, or configures them.
fn require_read(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::CASES_VIEW) || actor.can(Permission::CASE_CONFIG_MANAGE) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Permission::CASES_VIEW.key()))
    }
}

/// A status as clients see it; its id is its key.
#[derive(Debug, Clone)]
pub struct Status {
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub open: bool,
    pub required_fields: Vec<String>,
    pub version: i64,
}

impl Status {
    fn from_row(row: &StatusRow) -> Status {
        Status {
            key: row.key.clone(),
            name: row.name.clone(),
            builtin: row.builtin,
            open: row.is_open,
            required_fields: serde_json::from_str(&row.required_fields).unwrap_or_default(),
            version: row.version,
        }
    }

    fn audit_json(&self) -> Value {
        json!({ "name": self.name, "open": self.open, "required_fields": self.required_fields })
    }
}

/// Built-ins first (as stored, or as shipped), then custom statuses in creation order.
pub(crate) async fn all_statuses(tx: &mut Tx, company_id: &str) -> AppResult<Vec<Status>> {
    let rows = store::case_config::statuses(tx, company_id).await?;
    let mut out: Vec<Status> = BUILTIN_STATUSES
        .iter()
        .map(|b| match rows.iter().find(|r| r.key == b.key) {
            Some(row) => Status::from_row(row),
            None => Status {
                key: b.key.to_owned(),
                name: b.name.to_owned(),
                builtin: true,
                open: b.open,
                required_fields: Vec::new(),
                version: 0,
            },
        })
        .collect();
    out.extend(rows.iter().filter(|r| !r.builtin).map(Status::from_row));
    Ok(out)
}

pub async fn statuses(ctx: &Context, actor: &Actor) -> AppResult<Vec<Status>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    all_statuses(&mut tx, &actor.company_id).await
}

#[derive(Debug, Clone, Default)]
pub struct StatusInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub open: Option<bool>,
    pub required_fields: Option<Vec<String>>,
}

/// Required fields name live custom fields or requirable case attributes.
async fn check_required(tx: &mut Tx, company_id: &str, keys: &[String]) -> AppResult<Vec<String>> {
    let fields = store::case_config::fields(tx, company_id, false).await?;
    let mut out: Vec<String> = Vec::new();
    for key in keys {
        let known =
            REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) || fields.iter().any(|f| f.key == *key);
        if !known {
            return Err(FieldErrors::single("required_fields", "unknown_field").into());
        }
        if !out.contains(key) {
            out.push(key.clone());
        }
    }
    Ok(out)
}

fn clean_name(name: &str) -> AppResult<String> {
    domain::profile::clean_name(name).ok_or_else(|| FieldErrors::single("name", "required").into())
}

pub async fn create_status(ctx: &Context, actor: &Actor, input: StatusInput) -> AppResult<Status> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let name = clean_name(input.name.as_deref().unwrap_or_default())?;
    let key = input
        .key
        .clone()
        .unwrap_or_else(|| case_config::key_from_name(&name));
    if !case_config::valid_key(&key) {
        return Err(FieldErrors::single("key", "invalid_key").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    if builtin_status(&key).is_some()
        || store::case_config::status(&mut tx, &actor.company_id, &key)
            .await?
            .is_some()
    {
        return Err(FieldErrors::single("key", "taken").into());
    }
    let required = check_required(
        &mut tx,
        &actor.company_id,
        &input.required_fields.unwrap_or_default(),
    )
    .await?;
    let row = StatusRow {
        company_id: actor.company_id.clone(),
        key: key.clone(),
        name,
        builtin: false,
        is_open: input.open.unwrap_or(true),
        required_fields: json!(required).to_string(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::case_config::insert_status(&mut tx, &row).await?;
    let created = Status::from_row(&row);
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_status.created",
            "case_status",
            &key,
            None,
            Some(created.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Renames a status, changes what it requires, or (custom ones) whether it is open.
pub async fn update_status(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    input: StatusInput,
    expected_version: Option<i64>,
) -> AppResult<Status> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::CaseStatus,
        &actor.company_id,
        key,
    )
    .await?;
    let before = all_statuses(&mut tx, &actor.company_id)
        .await?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(AppError::NotFound)?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    if input.key.as_deref().is_some_and(|k| k != key) {
        return Err(FieldErrors::single("key", "immutable").into());
    }
    if before.builtin && input.open.is_some_and(|open| open != before.open) {
        return Err(FieldErrors::single("open", "fixed_for_builtin").into());
    }
    let name = match &input.name {
        Some(name) => clean_name(name)?,
        None => before.name.clone(),
    };
    let required = match &input.required_fields {
        Some(keys) => check_required(&mut tx, &actor.company_id, keys).await?,
        None => before.required_fields.clone(),
    };
    let row = StatusRow {
        company_id: actor.company_id.clone(),
        key: key.to_owned(),
        name,
        builtin: before.builtin,
        is_open: input.open.unwrap_or(before.open),
        required_fields: json!(required).to_string(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    if before.version == 0 {
        // A built-in's first edit stores it.
        store::case_config::insert_status(&mut tx, &row)
            .await
            .map_err(|e| match e {
                store::StoreError::Unique(_) => AppError::Stale,
                other => other.into(),
            })?;
    } else if !store::case_config::update_status(&mut tx, &row, before.version).await? {
        return Err(AppError::Stale);
    }
    let after = all_statuses(&mut tx, &actor.company_id)
        .await?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_status.updated",
            "case_status",
            key,
            Some(before.audit_json()),
            Some(after.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a custom status; built-ins answer 409. Cases in the status (visible to the
/// actor or not: a status is the company's) would be left pointing at nothing, so they
/// move to `move_to` first — a status just as open or closed, so nothing is closed or
/// reopened on the way — each with a history entry; without one, 409 `in_use`.
pub async fn delete_status(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    move_to: Option<&str>,
) -> AppResult<()> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let statuses = all_statuses(&mut tx, &actor.company_id).await?;
    let before = statuses
        .iter()
        .find(|s| s.key == key)
        .ok_or(AppError::NotFound)?;
    if before.builtin {
        return Err(AppError::Conflict {
            code: "builtin_status",
            message: format!("\"{}\" is built in: rename it instead", before.name),
        });
    }
    let moved = match move_to.filter(|k| !k.is_empty()) {
        Some(to) => {
            let target = statuses
                .iter()
                .find(|s| s.key == to && s.key != key)
                .ok_or_else(|| AppError::from(FieldErrors::single("move_to", "unknown_status")))?;
            if target.open != before.open {
                return Err(FieldErrors::single("move_to", "open_differs").into());
            }
            let ids =
                store::case_config::move_cases_of_status(&mut tx, &actor.company_id, key, to, at)
                    .await?;
            let data = json!({ "from": key, "to": to, "status_deleted": true });
            let events: Vec<_> = ids
                .iter()
                .map(|id| crate::cases::event(id, actor, "status", data.clone(), at))
                .collect();
            store::cases::insert_events(&mut tx, &actor.company_id, &events).await?;
            ids.len()
        }
        None if store::case_config::status_in_use(&mut tx, &actor.company_id, key).await? => {
            return Err(AppError::Conflict {
                code: "in_use",
                message: format!(
                    "cases are in the status \"{}\": name a status to move them to (move_to)",
                    before.name
                ),
            });
        }
        None => 0,
    };
    store::case_config::delete_status(&mut tx, &actor.company_id, key).await?;
    let mut deleted = before.audit_json();
    deleted["cases_moved_to"] = json!(move_to);
    deleted["cases_moved"] = json!(moved);
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_status.deleted",
            "case_status",
            key,
            Some(deleted),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn reasons(ctx: &Context, actor: &Actor) -> AppResult<Vec<ReasonRow>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    Ok(store::case_config::reasons(&mut tx, &actor.company_id).await?)
}

#[derive(Debug, Clone, Default)]
pub struct ReasonInput {
    pub name: Option<String>,
    pub description: Option<String>,
    /// `false` retires the reason: no longer offered, kept where it was given.
    pub active: Option<bool>,
}

fn reason_json(row: &ReasonRow) -> Value {
    json!({ "name": row.name, "description": row.description, "active": row.active })
}

fn clean_description(text: Option<&str>, current: &str) -> AppResult<String> {
    let text = text.map_or_else(|| current.to_owned(), |t| t.trim().to_owned());
    if text.chars().count() > 2000 {
        return Err(FieldErrors::single("description", "too_long").into());
    }
    Ok(text)
}

fn name_taken(error: store::StoreError) -> AppError {
    match error {
        store::StoreError::Unique(_) => FieldErrors::single("name", "taken").into(),
        other => other.into(),
    }
}

pub async fn create_reason(
    ctx: &Context,
    actor: &Actor,
    input: ReasonInput,
) -> AppResult<ReasonRow> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let row = ReasonRow {
        id: domain::ids::new_id(),
        company_id: actor.company_id.clone(),
        name: clean_name(input.name.as_deref().unwrap_or_default())?,
        description: clean_description(input.description.as_deref(), "")?,
        active: input.active.unwrap_or(true),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let mut tx = ctx.pool.write().await?;
    store::case_config::insert_reason(&mut tx, &row)
        .await
        .map_err(name_taken)?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_reason.created",
            "case_reason",
            &row.id,
            None,
            Some(reason_json(&row)),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn update_reason(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: ReasonInput,
    expected_version: Option<i64>,
) -> AppResult<ReasonRow> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::CaseReason,
        &actor.company_id,
        id,
    )
    .await?;
    let before = store::case_config::reason(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let mut row = before.clone();
    if let Some(name) = &input.name {
        row.name = clean_name(name)?;
    }
    row.description = clean_description(input.description.as_deref(), &before.description)?;
    row.active = input.active.unwrap_or(before.active);
    row.updated_at = at;
    if !store::case_config::update_reason(&mut tx, &row, before.version)
        .await
        .map_err(name_taken)?
    {
        return Err(AppError::Stale);
    }
    row.version = before.version + 1;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_reason.updated",
            "case_reason",
            id,
            Some(reason_json(&before)),
            Some(reason_json(&row)),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn delete_reason(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let before = store::case_config::reason(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Deleting would quietly empty the reason of every case and attempt that gave it.
    if store::case_config::reason_in_use(&mut tx, &actor.company_id, id).await? {
        return Err(AppError::Conflict {
            code: "in_use",
            message: format!(
                "cases or contact attempts have the reason \"{}\": retire it instead",
                before.name
            ),
        });
    }
    store::case_config::delete_reason(&mut tx, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_reason.deleted",
            "case_reason",
            id,
            Some(reason_json(&before)),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A custom field as clients see it.
#[derive(Debug, Clone)]
pub struct Field {
    pub row: FieldRow,
    pub field_type: FieldType,
    pub options: Vec<String>,
}

impl Field {
    fn from_row(row: FieldRow) -> Field {
        Field {
            field_type: FieldType::parse(&row.field_type).unwrap_or(FieldType::Text),
            options: serde_json::from_str(&row.options).unwrap_or_default(),
            row,
        }
    }

    fn audit_json(&self) -> Value {
        json!({
            "key": self.row.key, "label": self.row.label, "type": self.field_type.key(),
            "options": self.options, "required": self.row.required,
            "removed": self.row.removed_at.is_some(),
        })
    }
}

/// Custom fields; removed ones (still labelling old values) only when asked.
pub async fn fields(ctx: &Context, actor: &Actor, with_removed: bool) -> AppResult<Vec<Field>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    Ok(
        store::case_config::fields(&mut tx, &actor.company_id, with_removed)
            .await?
            .into_iter()
            .map(Field::from_row)
            .collect(),
    )
}

#[derive(Debug, Clone, Default)]
pub struct FieldInput {
    pub key: Option<String>,
    pub label: Option<String>,
    pub field_type: Option<FieldType>,
    pub options: Option<Vec<String>>,
    pub required: Option<bool>,
}

pub async fn create_field(ctx: &Context, actor: &Actor, input: FieldInput) -> AppResult<Field> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let field_type = input
        .field_type
        .ok_or_else(|| AppError::from(FieldErrors::single("type", "required")))?;
    let (label, options) = case_config::check_field(
        input.label.as_deref().unwrap_or_default(),
        field_type,
        &input.options.unwrap_or_default(),
    )?;
    let key = input
        .key
        .unwrap_or_else(|| case_config::key_from_name(&label));
    if !case_config::valid_key(&key) {
        return Err(FieldErrors::single("key", "invalid_key").into());
    }
    if REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) {
        return Err(FieldErrors::single("key", "taken").into());
    }
    let at = domain::clock::now();
    let row = FieldRow {
        id: domain::ids::new_id(),
        company_id: actor.company_id.clone(),
        key,
        label,
        field_type: field_type.key().to_owned(),
        options: json!(options).to_string(),
        required: input.required.unwrap_or(false),
        removed_at: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let mut tx = ctx.pool.write().await?;
    store::case_config::insert_field(&mut tx, &row)
        .await
        .map_err(|e| match e {
            store::StoreError::Unique(_) => AppError::from(FieldErrors::single("key", "taken")),
            other => other.into(),
        })?;
    let created = Field::from_row(row);
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_field.created",
            "case_field",
            &created.row.id,
            None,
            Some(created.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

async fn load_field(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<Field> {
    store::case_config::field(tx, &actor.company_id, id)
        .await?
        .filter(|f| f.removed_at.is_none())
        .map(Field::from_row)
        .ok_or(AppError::NotFound)
}

/// Label, options and the required flag change; the key and type never do (stored
/// values depend on them).
pub async fn update_field(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: FieldInput,
    expected_version: Option<i64>,
) -> AppResult<Field> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::CaseField, &actor.company_id, id).await?;
    let before = load_field(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    if input.key.as_deref().is_some_and(|k| k != before.row.key) {
        return Err(FieldErrors::single("key", "immutable").into());
    }
    if input.field_type.is_some_and(|t| t != before.field_type) {
        return Err(FieldErrors::single("type", "immutable").into());
    }
    let (label, options) = case_config::check_field(
        input.label.as_deref().unwrap_or(&before.row.label),
        before.field_type,
        input.options.as_deref().unwrap_or(&before.options),
    )?;
    let mut row = before.row.clone();
    row.label = label;
    row.options = json!(options).to_string();
    row.required = input.required.unwrap_or(before.row.required);
    row.updated_at = at;
    if !store::case_config::update_field(&mut tx, &row, before.row.version).await? {
        return Err(AppError::Stale);
    }
    row.version = before.row.version + 1;
    let after = Field::from_row(row);
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_field.updated",
            "case_field",
            id,
            Some(before.audit_json()),
            Some(after.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes a field from forms; its definition stays so old values keep their label.
/// A field a status requires answers 409 naming the statuses.
pub async fn delete_field(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::CaseField, &actor.company_id, id).await?;
    let before = load_field(&mut tx, actor, id).await?;
    let requiring: Vec<String> = all_statuses(&mut tx, &actor.company_id)
        .await?
        .into_iter()
        .filter(|s| s.required_fields.contains(&before.row.key))
        .map(|s| format!("\"{}\"", s.name))
        .collect();
    if !requiring.is_empty() {
        return Err(AppError::Conflict {
            code: "in_use",
            message: format!("required to enter the statuses {}", requiring.join(", ")),
        });
    }
    let mut row = before.row.clone();
    row.removed_at = Some(at);
    row.updated_at = at;
    if !store::case_config::update_field(&mut tx, &row, before.row.version).await? {
        return Err(AppError::Stale);
    }
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_field.removed",
            "case_field",
            id,
            Some(before.audit_json()),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A contact-attempt result as clients see it; its id is its key.
#[derive(Debug, Clone)]
pub struct Disposition {
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub reached: bool,
    pub needs_next_contact: bool,
    pub active: bool,
    pub version: i64,
}

impl Disposition {
    fn from_row(row: &DispositionRow) -> Disposition {
        Disposition {
            key: row.key.clone(),
            name: row.name.clone(),
            builtin: row.builtin,
            reached: row.reached,
            needs_next_contact: row.needs_next_contact,
            active: row.active,
            version: row.version,
        }
    }

    fn row(&self, company_id: &str, at: domain::clock::Timestamp) -> DispositionRow {
        DispositionRow {
            company_id: company_id.to_owned(),
            key: self.key.clone(),
            name: self.name.clone(),
            builtin: self.builtin,
            reached: self.reached,
            needs_next_contact: self.needs_next_contact,
            active: self.active,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    fn audit_json(&self) -> Value {
        json!({ "name": self.name, "reached": self.reached,
                "needs_next_contact": self.needs_next_contact, "active": self.active })
    }
}

/// Built-ins first (as stored, or as shipped), then custom ones in creation order.
pub(crate) async fn all_dispositions(tx: &mut Tx, company_id: &str) -> AppResult<Vec<Disposition>> {
    let rows = store::case_config::dispositions(tx, company_id).await?;
    let mut out: Vec<Disposition> = BUILTIN_DISPOSITIONS
        .iter()
        .map(|b| match rows.iter().find(|r| r.key == b.key) {
            Some(row) => Disposition::from_row(row),
            None => Disposition {
                key: b.key.to_owned(),
                name: b.name.to_owned(),
                builtin: true,
                reached: b.reached,
                needs_next_contact: b.needs_next_contact,
                active: true,
                version: 0,
            },
        })
        .collect();
    out.extend(
        rows.iter()
            .filter(|r| !r.builtin)
            .map(Disposition::from_row),
    );
    Ok(out)
}

async fn find_disposition(tx: &mut Tx, company_id: &str, key: &str) -> AppResult<Disposition> {
    all_dispositions(tx, company_id)
        .await?
        .into_iter()
        .find(|d| d.key == key)
        .ok_or(AppError::NotFound)
}

pub async fn dispositions(ctx: &Context, actor: &Actor) -> AppResult<Vec<Disposition>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    all_dispositions(&mut tx, &actor.company_id).await
}

#[derive(Debug, Clone, Default)]
pub struct DispositionInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub reached: Option<bool>,
    pub needs_next_contact: Option<bool>,
    pub active: Option<bool>,
}

pub async fn create_disposition(
    ctx: &Context,
    actor: &Actor,
    input: DispositionInput,
) -> AppResult<Disposition> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let name = clean_name(input.name.as_deref().unwrap_or_default())?;
    let key = input
        .key
        .clone()
        .unwrap_or_else(|| case_config::key_from_name(&name));
    if !case_config::valid_key(&key) {
        return Err(FieldErrors::single("key", "invalid_key").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    if find_disposition(&mut tx, &actor.company_id, &key)
        .await
        .is_ok()
    {
        return Err(FieldErrors::single("key", "taken").into());
    }
    let created = Disposition {
        key: key.clone(),
        name,
        builtin: false,
        reached: input.reached.unwrap_or(false),
        needs_next_contact: input.needs_next_contact.unwrap_or(false),
        active: input.active.unwrap_or(true),
        version: 1,
    };
    store::case_config::insert_disposition(&mut tx, &created.row(&actor.company_id, at))
        .await
        .map_err(|e| match e {
            store::StoreError::Unique(_) => FieldErrors::single("key", "taken").into(),
            other => AppError::from(other),
        })?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_disposition.created",
            "case_disposition",
            &key,
            None,
            Some(created.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Renames a disposition, retires or restores it, or changes what it counts as.
pub async fn update_disposition(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    input: DispositionInput,
    expected_version: Option<i64>,
) -> AppResult<Disposition> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::CaseDisposition,
        &actor.company_id,
        key,
    )
    .await?;
    let before = find_disposition(&mut tx, &actor.company_id, key).await?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    if input.key.as_deref().is_some_and(|k| k != key) {
        return Err(FieldErrors::single("key", "immutable").into());
    }
    let after = Disposition {
        name: match &input.name {
            Some(name) => clean_name(name)?,
            None => before.name.clone(),
        },
        reached: input.reached.unwrap_or(before.reached),
        needs_next_contact: input
            .needs_next_contact
            .unwrap_or(before.needs_next_contact),
        active: input.active.unwrap_or(before.active),
        version: before.version + 1,
        ..before.clone()
    };
    let row = after.row(&actor.company_id, at);
    if before.version == 0 {
        // A built-in's first edit stores it; a racing first edit lost.
        store::case_config::insert_disposition(&mut tx, &row)
            .await
            .map_err(|e| match e {
                store::StoreError::Unique(_) => AppError::Stale,
                other => other.into(),
            })?;
    } else if !store::case_config::update_disposition(&mut tx, &row, before.version).await? {
        return Err(AppError::Stale);
    }
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_disposition.updated",
            "case_disposition",
            key,
            Some(before.audit_json()),
            Some(after.audit_json()),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a custom disposition no attempt has used; built-ins and used ones answer
/// 409 (retire them instead, so old attempts keep their meaning).
pub async fn delete_disposition(ctx: &Context, actor: &Actor, key: &str) -> AppResult<()> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let before = find_disposition(&mut tx, &actor.company_id, key).await?;
    if before.builtin {
        return Err(AppError::Conflict {
            code: "builtin_disposition",
            message: format!(
                "\"{}\" is built in: rename or retire it instead",
                before.name
            ),
        });
    }
    if store::case_config::disposition_in_use(&mut tx, &actor.company_id, key).await? {
        return Err(AppError::Conflict {
            code: "in_use",
            message: format!(
                "contact attempts have the result \"{}\": retire it instead",
                before.name
            ),
        });
    }
    store::case_config::delete_disposition(&mut tx, &actor.company_id, key).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "case_disposition.deleted",
            "case_disposition",
            key,
            Some(before.audit_json()),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why reason `id` cannot be given anew to a case or an attempt: `not_found` when the
/// company has none by that id, `retired` when it is no longer offered.
pub(crate) async fn reason_refusal(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
) -> AppResult<Option<&'static str>> {
    Ok(
        match store::case_config::reason(tx, company_id, id).await? {
            None => Some("not_found"),
            Some(reason) if !reason.active => Some("retired"),
            Some(_) => None,
        },
    )
}

/// The active disposition an attempt names, or the field error to answer.
pub(crate) async fn disposition_for_attempt(
    tx: &mut Tx,
    company_id: &str,
    key: &str,
) -> AppResult<Disposition> {
    match find_disposition(tx, company_id, key).await {
        Ok(d) if d.active => Ok(d),
        Ok(_) => Err(FieldErrors::single("result", "retired").into()),
        Err(AppError::NotFound) => Err(FieldErrors::single("result", "unknown_result").into()),
        Err(other) => Err(other),
    }
}
