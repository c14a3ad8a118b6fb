//! Sign-in sessions, stored hashed so any server process can serve any user.

use chrono::{DateTime, Utc};

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub company_id: String,
    pub role_test_role_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The company's access version as of this read (same statement, same snapshot);
    /// read only by [`find_by_token_hash`].
    #[sqlx(default)]
    pub access_version: i64,
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub user_id: &'a str,
    pub company_id: &'a str,
    pub client: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, session: &NewSession<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO sessions (id, token_hash, user_id, company_id, client, created_at, \
             last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(session.id)
        .arg(session.token_hash)
        .arg(session.user_id)
        .arg(session.company_id)
        .arg(session.client)
        .arg(session.now)
        .arg(session.now)
        .arg(session.expires_at),
    )
    .await?;
    Ok(())
}

/// A session by its token's digest, with its company's access version read in the
/// same statement: a sign-out committed after this read moves the version past it.
pub async fn find_by_token_hash(tx: &mut Tx, token_hash: &str) -> Result<Option<SessionRow>> {
    tx.fetch_optional(
        Sql::new(
            "SELECT s.id, s.user_id, s.company_id, s.role_test_role_id, s.created_at, \
             s.last_seen_at, s.expires_at, c.access_version FROM sessions s \
             JOIN companies c ON c.id = s.company_id WHERE s.token_hash = ?",
        )
        .arg(token_hash),
    )
    .await
}

/// Records activity, which pushes the idle timeout back.
pub async fn touch(tx: &mut Tx, id: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
            .arg(now)
            .arg(id),
    )
    .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM sessions WHERE id = ?").arg(id))
        .await?;
    Ok(())
}

/// Ends every session of a user but `keep` (the one that changed the password).
pub async fn delete_for_user(tx: &mut Tx, user_id: &str, keep: Option<&str>) -> Result<u64> {
    tx.execute(
        Sql::new("DELETE FROM sessions WHERE user_id = ? AND id <> ?")
            .arg(user_id)
            .arg(keep.unwrap_or("")),
    )
    .await
}

/// Removes sessions past their absolute lifetime or idle since `idle_before`.
pub async fn delete_stale(
    tx: &mut Tx,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> Result<u64> {
    tx.execute(
        Sql::new("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?")
            .arg(now)
            .arg(idle_before),
    )
    .await
}

/// Starts or ends (`None`) testing a role in one session.
pub async fn set_role_test(tx: &mut Tx, id: &str, role_id: Option<&str>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE sessions SET role_test_role_id = ? WHERE id = ?")
            .arg(role_id)
            .arg(id),
    )
    .await?;
    Ok(())
}

pub async fn find_by_id(tx: &mut Tx, id: &str) -> Result<Option<SessionRow>> {
    tx.fetch_optional(
        Sql::new(
            "SELECT id, user_id, company_id, role_test_role_id, created_at, last_seen_at, \
             expires_at FROM sessions WHERE id = ?",
        )
        .arg(id),
    )
    .await
}
