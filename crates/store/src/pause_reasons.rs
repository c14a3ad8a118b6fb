//! Pause reasons a company configures; a deleted one is retired, never removed, so the
//! pauses taken with it keep their reason.

use chrono::{DateTime, Utc};

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PauseReasonRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub max_minutes: Option<i64>,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "SELECT id, company_id, name, CAST(max_minutes AS BIGINT) AS max_minutes, \
     active, version, created_at, updated_at FROM pause_reasons";

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    name: &str,
    max_minutes: Option<i64>,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO pause_reasons (id, company_id, name, max_minutes, active, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(id)
        .arg(company_id)
        .arg(name)
        .arg(max_minutes)
        .arg(true)
        .arg(at)
        .arg(at),
    )
    .await?;
    Ok(())
}

/// The company's reasons in use (not retired), by name.
pub async fn active(tx: &mut Tx, company_id: &str) -> Result<Vec<PauseReasonRow>> {
    tx.fetch_all(
        Sql::new(COLUMNS)
            .push(" WHERE company_id = ? AND active = ? ORDER BY LOWER(name), id")
            .arg(company_id)
            .arg(true),
    )
    .await
}

/// A reason of the company, retired or not.
pub async fn get(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<PauseReasonRow>> {
    tx.fetch_optional(
        Sql::new(COLUMNS)
            .push(" WHERE company_id = ? AND id = ?")
            .arg(company_id)
            .arg(id),
    )
    .await
}

/// Reasons of the company by id, retired ones included (reports name them).
pub async fn named(tx: &mut Tx, company_id: &str, ids: &[String]) -> Result<Vec<PauseReasonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tx.fetch_all(
        Sql::new(COLUMNS)
            .push(" WHERE company_id = ? AND id IN (")
            .arg(company_id)
            .push_list(ids.iter())
            .push(")"),
    )
    .await
}

/// Another reason in use in the company with this name, ignoring case.
pub async fn name_taken(tx: &mut Tx, company_id: &str, name: &str, except: &str) -> Result<bool> {
    let n = tx
        .fetch_count(
            Sql::new(
                "SELECT COUNT(*) FROM pause_reasons WHERE company_id = ? AND active = ? \
                 AND LOWER(name) = LOWER(?) AND id <> ?",
            )
            .arg(company_id)
            .arg(true)
            .arg(name)
            .arg(except),
        )
        .await?;
    Ok(n > 0)
}

/// Changes a reason in use at `version`; false when it moved meanwhile.
pub async fn update(
    tx: &mut Tx,
    id: &str,
    version: i64,
    name: &str,
    max_minutes: Option<i64>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE pause_reasons SET name = ?, max_minutes = ?, version = version + 1, \
                 updated_at = ? WHERE id = ? AND version = ? AND active = ?",
            )
            .arg(name)
            .arg(max_minutes)
            .arg(at)
            .arg(id)
            .arg(version)
            .arg(true),
        )
        .await?;
    Ok(changed == 1)
}

/// Retires a reason: no longer offered, still named by the pauses taken with it.
pub async fn retire(tx: &mut Tx, id: &str, at: DateTime<Utc>) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE pause_reasons SET active = ?, version = version + 1, updated_at = ? \
                 WHERE id = ? AND active = ?",
            )
            .arg(false)
            .arg(at)
            .arg(id)
            .arg(true),
        )
        .await?;
    Ok(changed == 1)
}

/// How many agents are paused with the reason now.
pub async fn agents_paused_with(tx: &mut Tx, id: &str) -> Result<i64> {
    tx.fetch_count(
        Sql::new(
            "SELECT COUNT(*) FROM agent_states WHERE pause_reason_id = ? AND state = 'paused'",
        )
        .arg(id),
    )
    .await
}
