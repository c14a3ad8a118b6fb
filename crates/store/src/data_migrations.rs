//! Data changes migrations leave to the application (see migration 0009): each is
//! listed with `done_at` NULL until the application has carried it out.

use chrono::{DateTime, Utc};

use crate::{Result, Sql, Tx};

pub async fn pending(tx: &mut Tx, name: &str) -> Result<bool> {
    let n = tx
        .fetch_count(
            Sql::new("SELECT COUNT(*) FROM data_migrations WHERE name = ? AND done_at IS NULL")
                .arg(name),
        )
        .await?;
    Ok(n > 0)
}

pub async fn done(tx: &mut Tx, name: &str, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE data_migrations SET done_at = ? WHERE name = ?")
            .arg(at)
            .arg(name),
    )
    .await?;
    Ok(())
}
