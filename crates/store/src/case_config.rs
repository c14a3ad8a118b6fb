//! Case statuses (custom ones, and the stored edits of built-ins), reasons and custom
//! fields of a company.

use chrono::{DateTime, Utc};

use crate::db::Record;
use crate::{Result, Sql, Tx};

/// A table of case configuration: the company's rows, each found by `ID`. The names
/// are constants, never input.
pub trait ConfigTable: Record {
    const TABLE: &'static str;
    /// `key` or `id`.
    const ID: &'static str;
    const COLUMNS: &'static str;
    const ORDER: &'static str;
}

async fn all<T: ConfigTable>(tx: &mut Tx, company_id: &str) -> Result<Vec<T>> {
    let (columns, table, order) = (T::COLUMNS, T::TABLE, T::ORDER);
    tx.fetch_all(
        Sql::new(&format!(
            "SELECT {columns} FROM {table} WHERE company_id = ? ORDER BY {order}"
        ))
        .arg(company_id),
    )
    .await
}

async fn one<T: ConfigTable>(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<T>> {
    let (columns, table, column) = (T::COLUMNS, T::TABLE, T::ID);
    tx.fetch_optional(
        Sql::new(&format!(
            "SELECT {columns} FROM {table} WHERE company_id = ? AND {column} = ?"
        ))
        .arg(company_id)
        .arg(id),
    )
    .await
}

/// Deletes a custom row (statuses, results); built-ins are never deleted.
async fn delete_custom<T: ConfigTable>(tx: &mut Tx, company_id: &str, key: &str) -> Result<()> {
    let (table, column) = (T::TABLE, T::ID);
    tx.execute(
        Sql::new(&format!(
            "DELETE FROM {table} WHERE company_id = ? AND {column} = ? AND builtin = ?"
        ))
        .arg(company_id)
        .arg(key)
        .arg(false),
    )
    .await?;
    Ok(())
}

/// Whether any row of `table` of the company has `value` in `column`, visible to the
/// reader or not.
async fn used_in(
    tx: &mut Tx,
    (table, column): (&'static str, &'static str),
    company_id: &str,
    value: &str,
) -> Result<bool> {
    let found = tx
        .fetch_count(
            Sql::new(&format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE company_id = ? \
                 AND {column} = ? LIMIT 1) used"
            ))
            .arg(company_id)
            .arg(value),
        )
        .await?;
    Ok(found > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusRow {
    pub company_id: String,
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub is_open: bool,
    pub required_fields: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ConfigTable for StatusRow {
    const TABLE: &'static str = "case_statuses";
    const ID: &'static str = "key";
    const COLUMNS: &'static str = "*";
    const ORDER: &'static str = "created_at, key";
}

pub async fn statuses(tx: &mut Tx, company_id: &str) -> Result<Vec<StatusRow>> {
    all(tx, company_id).await
}

pub async fn status(tx: &mut Tx, company_id: &str, key: &str) -> Result<Option<StatusRow>> {
    one(tx, company_id, key).await
}

/// Stores a status; a built-in's first edit inserts its row.
pub async fn insert_status(tx: &mut Tx, row: &StatusRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO case_statuses (company_id, key, name, builtin, is_open, required_fields, \
             version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&row.company_id)
        .arg(&row.key)
        .arg(&row.name)
        .arg(row.builtin)
        .arg(row.is_open)
        .arg(&row.required_fields)
        .arg(row.version)
        .arg(row.created_at)
        .arg(row.updated_at),
    )
    .await?;
    Ok(())
}

/// Saves a stored status still at `version`.
pub async fn update_status(tx: &mut Tx, row: &StatusRow, version: i64) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE case_statuses SET name = ?, is_open = ?, required_fields = ?, \
                 version = version + 1, updated_at = ? WHERE company_id = ? AND key = ? AND version = ?",
            )
            .arg(&row.name)
            .arg(row.is_open)
            .arg(&row.required_fields)
            .arg(row.updated_at)
            .arg(&row.company_id)
            .arg(&row.key)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

/// Moves every case of the company in status `from` to `to` (a status being deleted);
/// answers the ids of the cases moved.
pub async fn move_cases_of_status(
    tx: &mut Tx,
    company_id: &str,
    from: &str,
    to: &str,
    at: DateTime<Utc>,
) -> Result<Vec<String>> {
    let ids: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "UPDATE cases SET status = ?, version = version + 1, updated_at = ? \
                 WHERE company_id = ? AND status = ? RETURNING id",
            )
            .arg(to)
            .arg(at)
            .arg(company_id)
            .arg(from),
        )
        .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Whether any case of the company is in the status, visible to the reader or not.
pub async fn status_in_use(tx: &mut Tx, company_id: &str, key: &str) -> Result<bool> {
    used_in(tx, ("cases", "status"), company_id, key).await
}

pub async fn delete_status(tx: &mut Tx, company_id: &str, key: &str) -> Result<()> {
    delete_custom::<StatusRow>(tx, company_id, key).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReasonRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub description: String,
    /// Offered to new cases and attempts; a retired one stays on those that gave it.
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ConfigTable for ReasonRow {
    const TABLE: &'static str = "case_reasons";
    const ID: &'static str = "id";
    const COLUMNS: &'static str =
        "id, company_id, name, description, active, version, created_at, updated_at";
    const ORDER: &'static str = "name_key";
}

pub async fn reasons(tx: &mut Tx, company_id: &str) -> Result<Vec<ReasonRow>> {
    all(tx, company_id).await
}

pub async fn reason(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<ReasonRow>> {
    one(tx, company_id, id).await
}

pub async fn insert_reason(tx: &mut Tx, row: &ReasonRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO case_reasons (id, company_id, name, name_key, description, active, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&row.id)
        .arg(&row.company_id)
        .arg(&row.name)
        .arg(row.name.to_lowercase())
        .arg(&row.description)
        .arg(row.active)
        .arg(row.created_at)
        .arg(row.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn update_reason(tx: &mut Tx, row: &ReasonRow, version: i64) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE case_reasons SET name = ?, name_key = ?, description = ?, active = ?, \
                 version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(&row.name)
            .arg(row.name.to_lowercase())
            .arg(&row.description)
            .arg(row.active)
            .arg(row.updated_at)
            .arg(&row.id)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

/// Whether any case or contact attempt of the company names reason `id`. (Neither is
/// indexed by reason: an administrator's rare deletion reads the company's rows.)
pub async fn reason_in_use(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool> {
    let found = tx
        .fetch_count(
            Sql::new(
                "SELECT COUNT(*) FROM (SELECT 1 FROM cases WHERE company_id = ? AND reason_id = ? \
                 UNION ALL SELECT 1 FROM case_attempts WHERE company_id = ? AND reason_id = ? \
                 LIMIT 1) used",
            )
            .arg(company_id)
            .arg(id)
            .arg(company_id)
            .arg(id),
        )
        .await?;
    Ok(found > 0)
}

pub async fn delete_reason(tx: &mut Tx, id: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM case_reasons WHERE id = ?").arg(id))
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FieldRow {
    pub id: String,
    pub company_id: String,
    pub key: String,
    pub label: String,
    pub field_type: String,
    pub options: String,
    pub required: bool,
    pub removed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The company's custom fields in creation order; removed ones only when asked.
pub async fn fields(tx: &mut Tx, company_id: &str, with_removed: bool) -> Result<Vec<FieldRow>> {
    let mut sql = Sql::new("SELECT * FROM case_fields WHERE company_id = ?").arg(company_id);
    if !with_removed {
        sql = sql.push(" AND removed_at IS NULL");
    }
    tx.fetch_all(sql.push(" ORDER BY created_at, key")).await
}

impl ConfigTable for FieldRow {
    const TABLE: &'static str = "case_fields";
    const ID: &'static str = "id";
    const COLUMNS: &'static str = "*";
    const ORDER: &'static str = "created_at, key";
}

pub async fn field(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<FieldRow>> {
    one(tx, company_id, id).await
}

pub async fn insert_field(tx: &mut Tx, row: &FieldRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO case_fields (id, company_id, key, label, field_type, options, required, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&row.id)
        .arg(&row.company_id)
        .arg(&row.key)
        .arg(&row.label)
        .arg(&row.field_type)
        .arg(&row.options)
        .arg(row.required)
        .arg(row.created_at)
        .arg(row.updated_at),
    )
    .await?;
    Ok(())
}

/// Saves label, options, required flag and removal of a field still at `version`.
pub async fn update_field(tx: &mut Tx, row: &FieldRow, version: i64) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE case_fields SET label = ?, options = ?, required = ?, removed_at = ?, \
                 version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(&row.label)
            .arg(&row.options)
            .arg(row.required)
            .arg(row.removed_at)
            .arg(row.updated_at)
            .arg(&row.id)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DispositionRow {
    pub company_id: String,
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub reached: bool,
    pub needs_next_contact: bool,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ConfigTable for DispositionRow {
    const TABLE: &'static str = "case_dispositions";
    const ID: &'static str = "key";
    const COLUMNS: &'static str = "*";
    const ORDER: &'static str = "created_at, key";
}

pub async fn dispositions(tx: &mut Tx, company_id: &str) -> Result<Vec<DispositionRow>> {
    all(tx, company_id).await
}

/// Stores a disposition; a built-in's first edit inserts its row.
pub async fn insert_disposition(tx: &mut Tx, row: &DispositionRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO case_dispositions (company_id, key, name, builtin, reached, \
             needs_next_contact, active, version, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&row.company_id)
        .arg(&row.key)
        .arg(&row.name)
        .arg(row.builtin)
        .arg(row.reached)
        .arg(row.needs_next_contact)
        .arg(row.active)
        .arg(row.version)
        .arg(row.created_at)
        .arg(row.updated_at),
    )
    .await?;
    Ok(())
}

/// Saves a stored disposition still at `version`.
pub async fn update_disposition(tx: &mut Tx, row: &DispositionRow, version: i64) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE case_dispositions SET name = ?, reached = ?, needs_next_contact = ?, \
                 active = ?, version = version + 1, updated_at = ? \
                 WHERE company_id = ? AND key = ? AND version = ?",
            )
            .arg(&row.name)
            .arg(row.reached)
            .arg(row.needs_next_contact)
            .arg(row.active)
            .arg(row.updated_at)
            .arg(&row.company_id)
            .arg(&row.key)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn delete_disposition(tx: &mut Tx, company_id: &str, key: &str) -> Result<()> {
    delete_custom::<DispositionRow>(tx, company_id, key).await
}

/// Whether any contact attempt of the company has this result.
pub async fn disposition_in_use(tx: &mut Tx, company_id: &str, key: &str) -> Result<bool> {
    used_in(tx, ("case_attempts", "result"), company_id, key).await
}
