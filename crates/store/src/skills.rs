//! Skills a user can hold with a level (routing uses them).

use chrono::{DateTime, Utc};

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SkillRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new("INSERT INTO skills (id, company_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            .arg(id)
            .arg(company_id)
            .arg(name)
            .arg(now)
            .arg(now),
    )
    .await?;
    Ok(())
}

/// Skills of a company by id, for checking the ids a request names.
pub async fn in_company(tx: &mut Tx, company_id: &str, ids: &[String]) -> Result<Vec<SkillRow>> {
    tx.fetch_all(
        Sql::new("SELECT * FROM skills WHERE company_id = ? AND id IN (")
            .arg(company_id)
            .push_list(ids.iter())
            .push(")"),
    )
    .await
}
