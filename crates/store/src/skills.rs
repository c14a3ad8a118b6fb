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

pub async fn list(
    tx: &mut Tx,
    company_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<SkillRow>> {
    let mut sql = Sql::new("SELECT * FROM skills WHERE company_id = ?").arg(company_id);
    if let Some(after) = after {
        sql = sql.push(" AND id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY id LIMIT ?").arg(limit))
        .await
}

pub async fn count(tx: &mut Tx, company_id: &str) -> Result<i64> {
    tx.fetch_count(Sql::new("SELECT COUNT(*) FROM skills WHERE company_id = ?").arg(company_id))
        .await
}

pub async fn get(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<SkillRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM skills WHERE company_id = ? AND id = ?")
            .arg(company_id)
            .arg(id),
    )
    .await
}

/// Another skill of the company with this name, ignoring case.
pub async fn name_taken(tx: &mut Tx, company_id: &str, name: &str, except: &str) -> Result<bool> {
    let n = tx
        .fetch_count(
            Sql::new("SELECT COUNT(*) FROM skills WHERE company_id = ? AND LOWER(name) = LOWER(?) AND id <> ?")
                .arg(company_id)
                .arg(name)
                .arg(except),
        )
        .await?;
    Ok(n > 0)
}

pub async fn rename(
    tx: &mut Tx,
    id: &str,
    version: i64,
    name: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new("UPDATE skills SET name = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
                .arg(name)
                .arg(at)
                .arg(id)
                .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

/// Deletes a skill; agents holding it lose it (their skill rows cascade).
pub async fn delete(tx: &mut Tx, id: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM skills WHERE id = ?").arg(id))
        .await?;
    Ok(())
}

/// How many users hold the skill.
pub async fn holders(tx: &mut Tx, id: &str) -> Result<i64> {
    tx.fetch_count(Sql::new("SELECT COUNT(*) FROM user_skills WHERE skill_id = ?").arg(id))
        .await
}
