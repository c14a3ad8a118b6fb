//! Failed sign-ins, counted per account and per client address for throttling.
//! Kept in the database so every server process sees the same counts.

use chrono::{DateTime, Utc};
use domain::ids::new_id;

use crate::{Result, Sql, Tx};

pub async fn record(
    tx: &mut Tx,
    account_key: &str,
    client_key: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO sign_in_failures (id, account_key, client_key, at) VALUES (?, ?, ?, ?)",
        )
        .arg(new_id())
        .arg(account_key)
        .arg(client_key)
        .arg(now),
    )
    .await?;
    Ok(())
}

pub async fn count_for_account(
    tx: &mut Tx,
    account_key: &str,
    since: DateTime<Utc>,
) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM sign_in_failures WHERE account_key = ? AND at > ?")
            .arg(account_key)
            .arg(since),
    )
    .await
}

pub async fn count_for_client(tx: &mut Tx, client_key: &str, since: DateTime<Utc>) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM sign_in_failures WHERE client_key = ? AND at > ?")
            .arg(client_key)
            .arg(since),
    )
    .await
}

/// A successful sign-in forgives the account's earlier failures.
pub async fn clear_account(tx: &mut Tx, account_key: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM sign_in_failures WHERE account_key = ?").arg(account_key))
        .await?;
    Ok(())
}

pub async fn delete_before(tx: &mut Tx, before: DateTime<Utc>) -> Result<u64> {
    tx.execute(Sql::new("DELETE FROM sign_in_failures WHERE at <= ?").arg(before))
        .await
}
