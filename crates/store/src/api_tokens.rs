//! API tokens: a name, a role, and a secret stored as a digest.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub role_id: String,
    pub user_id: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// The company's access version as of this read; read only by [`find_by_hash`].
    #[sqlx(default)]
    pub access_version: i64,
}

const COLUMNS: &str = "id, company_id, name, role_id, user_id, created_at, last_used_at";

pub struct NewApiToken<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub name: &'a str,
    pub role_id: &'a str,
    pub user_id: &'a str,
    pub token_hash: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, token: &NewApiToken<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO api_tokens (id, company_id, name, role_id, user_id, token_hash, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(token.id)
        .arg(token.company_id)
        .arg(token.name)
        .arg(token.role_id)
        .arg(token.user_id)
        .arg(token.token_hash)
        .arg(token.now),
    )
    .await?;
    Ok(())
}

/// The token a bearer secret stands for; authentication only.
/// A token by its digest, with its company's access version read in the same
/// statement: a revocation committed after this read moves the version past it.
pub async fn find_by_hash(tx: &mut Tx, token_hash: &str) -> Result<Option<ApiTokenRow>> {
    tx.fetch_optional(
        Sql::new(&format!(
            "SELECT {COLUMNS}, (SELECT c.access_version FROM companies c \
             WHERE c.id = api_tokens.company_id) AS access_version \
             FROM api_tokens WHERE token_hash = ?"
        ))
        .arg(token_hash),
    )
    .await
}

pub async fn list(tx: &mut Tx, scope: &Scope) -> Result<Vec<ApiTokenRow>> {
    tx.fetch_all(
        Sql::new(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE company_id = ? ORDER BY id"
        ))
        .arg(scope.company_id()),
    )
    .await
}

pub async fn get(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Option<ApiTokenRow>> {
    tx.fetch_optional(
        Sql::new(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE id = ? AND company_id = ?"
        ))
        .arg(id)
        .arg(scope.company_id()),
    )
    .await
}

pub async fn delete(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new("DELETE FROM api_tokens WHERE id = ? AND company_id = ?")
                .arg(id)
                .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Revokes every token created by a user (when the user is blocked).
pub async fn delete_for_user(tx: &mut Tx, user_id: &str) -> Result<u64> {
    tx.execute(Sql::new("DELETE FROM api_tokens WHERE user_id = ?").arg(user_id))
        .await
}

pub async fn count_with_role(tx: &mut Tx, company_id: &str, role_id: &str) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM api_tokens WHERE company_id = ? AND role_id = ?")
            .arg(company_id)
            .arg(role_id),
    )
    .await
}

pub async fn touch(tx: &mut Tx, id: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .arg(now)
            .arg(id),
    )
    .await?;
    Ok(())
}
