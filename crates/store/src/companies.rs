//! Companies (tenants).

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Pool, Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompanyRow {
    pub id: String,
    pub name: String,
    pub security_mode: String,
    pub settings: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, id: &str, name: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("INSERT INTO companies (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
            .arg(id)
            .arg(name)
            .arg(now)
            .arg(now),
    )
    .await?;
    Ok(())
}

/// The actor's own company.
pub async fn get(tx: &mut Tx, scope: &Scope) -> Result<Option<CompanyRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM companies WHERE id = ?").arg(scope.company_id()))
        .await
}

/// A company by name, for the demo loader that must not create a second one.
pub async fn find_by_name(tx: &mut Tx, name: &str) -> Result<Option<CompanyRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM companies WHERE name = ?").arg(name))
        .await
}

/// Where a company's access version stands (migration 0019), in one statement outside
/// any transaction: what a cached actor is checked against on every request.
pub async fn access_version(pool: &Pool, company_id: &str) -> Result<Option<i64>> {
    let row: Option<(i64,)> = pool
        .fetch_optional(
            Sql::new("SELECT access_version FROM companies WHERE id = ?").arg(company_id),
        )
        .await?;
    Ok(row.map(|(v,)| v))
}

/// A company by id, for rules that read its settings on behalf of a scoped actor.
pub async fn get_by_id(tx: &mut Tx, id: &str) -> Result<Option<CompanyRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM companies WHERE id = ?").arg(id))
        .await
}

/// Saves a company's editable fields if it is still at `version`.
pub async fn update(
    tx: &mut Tx,
    company: &CompanyRow,
    name: &str,
    security_mode: &str,
    settings: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE companies SET name = ?, security_mode = ?, settings = ?, \
                 version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(name)
            .arg(security_mode)
            .arg(settings)
            .arg(at)
            .arg(&company.id)
            .arg(company.version),
        )
        .await?;
    Ok(changed == 1)
}
