//! Users: identity, credentials and the personal profile.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub company_id: String,
    pub role_id: String,
    pub name: String,
    pub email: String,
    pub email_key: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub language: String,
    pub timezone: String,
    pub avatar: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub role_id: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub password_hash: Option<&'a str>,
    pub language: &'a str,
    pub timezone: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO users (id, company_id, role_id, name, email, email_key, password_hash, \
             language, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(user.id)
        .arg(user.company_id)
        .arg(user.role_id)
        .arg(user.name)
        .arg(user.email)
        .arg(user.email_key)
        .arg(user.password_hash)
        .arg(user.language)
        .arg(user.timezone)
        .arg(user.now)
        .arg(user.now),
    )
    .await?;
    Ok(())
}

/// The account an email signs in to, in any company. Authentication only: it runs
/// before there is an actor.
pub async fn find_for_sign_in(tx: &mut Tx, email_key: &str) -> Result<Option<UserRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM users WHERE email_key = ?").arg(email_key))
        .await
}

/// The user behind a session or token, which already names the company.
pub async fn get_for_session(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<UserRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM users WHERE id = ? AND company_id = ?")
            .arg(id)
            .arg(company_id),
    )
    .await
}

/// The actor's own user row.
pub async fn get_self(tx: &mut Tx, scope: &Scope) -> Result<Option<UserRow>> {
    get_for_session(tx, scope.company_id(), scope.user_id()).await
}

pub async fn email_key_taken(tx: &mut Tx, email_key: &str) -> Result<bool> {
    let n = tx
        .fetch_count(Sql::new("SELECT COUNT(*) FROM users WHERE email_key = ?").arg(email_key))
        .await?;
    Ok(n > 0)
}

/// The personal profile fields a user edits on themselves.
pub struct ProfileChange<'a> {
    pub email: &'a str,
    pub email_key: &'a str,
    pub language: &'a str,
    pub timezone: &'a str,
    pub avatar: Option<&'a str>,
}

/// Writes the actor's own profile if it is still at `version`; answers whether it was.
pub async fn update_own_profile(
    tx: &mut Tx,
    scope: &Scope,
    version: i64,
    change: &ProfileChange<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET email = ?, email_key = ?, language = ?, timezone = ?, avatar = ?, \
                 version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ? AND version = ?",
            )
            .arg(change.email)
            .arg(change.email_key)
            .arg(change.language)
            .arg(change.timezone)
            .arg(change.avatar)
            .arg(now)
            .arg(scope.user_id())
            .arg(scope.company_id())
            .arg(version),
        )
        .await?;
    Ok(touched == 1)
}

/// Sets a password hash. Callers have proved the right to: the current password, or
/// a one-time token naming this user.
pub async fn set_password_hash(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ?",
            )
            .arg(hash)
            .arg(now)
            .arg(user_id)
            .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Blocks or unblocks a user of the given company (the demo loader and, later, admins).
pub async fn set_active(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    active: bool,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET active = ?, version = version + 1 WHERE id = ? AND company_id = ?",
            )
            .arg(active)
            .arg(user_id)
            .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}
