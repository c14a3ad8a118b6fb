//! One-time, expiring tokens for invitations and password resets, stored hashed.

use chrono::{DateTime, Utc};

use crate::{Result, Sql, Tx};

pub struct NewToken<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub user_id: &'a str,
    pub company_id: &'a str,
    pub purpose: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, token: &NewToken<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO user_tokens (id, token_hash, user_id, company_id, purpose, created_at, \
             expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(token.id)
        .arg(token.token_hash)
        .arg(token.user_id)
        .arg(token.company_id)
        .arg(token.purpose)
        .arg(token.now)
        .arg(token.expires_at),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsumedToken {
    pub user_id: String,
    pub company_id: String,
}

/// Marks an unused, unexpired token of `purpose` used and answers whom it names.
/// The conditional update makes a token good for exactly one use, even under races.
pub async fn consume(
    tx: &mut Tx,
    token_hash: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<ConsumedToken>> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? \
                 AND used_at IS NULL AND expires_at > ?",
            )
            .arg(now)
            .arg(token_hash)
            .arg(purpose)
            .arg(now),
        )
        .await?;
    if touched != 1 {
        return Ok(None);
    }
    tx.fetch_optional(
        Sql::new("SELECT user_id, company_id FROM user_tokens WHERE token_hash = ?")
            .arg(token_hash),
    )
    .await
}

/// Voids the open tokens of a user for `purpose`, so only the newest one works.
pub async fn revoke_open(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
        )
        .arg(now)
        .arg(user_id)
        .arg(purpose),
    )
    .await?;
    Ok(())
}
