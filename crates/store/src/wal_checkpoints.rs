//! SQLite's write-ahead log is copied back into the database file by a checkpoint.
//! Left to SQLite, the commit that takes the log past its threshold runs it, holding
//! the one writer meanwhile: under a bulk job that was a commit in ten taking 0.5 s
//! instead of 50 ms. A task of its own checkpoints instead, on a connection of its
//! own, between and beside the writer's transactions; the writer still checkpoints
//! itself past a much larger log, should this task ever fall behind.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::Semaphore;

/// How often the task looks for a log to copy back.
const EVERY: Duration = Duration::from_millis(100);

/// The log's size, in pages, past which the writer checkpoints at its own commit.
pub(crate) const WRITER_BACKSTOP_PAGES: u32 = 16_384;

/// Checkpoints `options`' database until `alive` (the writer's turn, held by every
/// clone of the pool) is dropped.
pub(crate) fn spawn(options: SqliteConnectOptions, alive: &Arc<Semaphore>) {
    let alive = Arc::downgrade(alive);
    tokio::spawn(async move {
        if let Err(error) = run(options, alive).await {
            tracing::warn!(%error, "SQLite checkpoints stopped; the writer checkpoints itself");
        }
    });
}

async fn run(options: SqliteConnectOptions, alive: Weak<Semaphore>) -> sqlx::Result<()> {
    let mut connection: SqliteConnection = options.connect().await?;
    loop {
        tokio::time::sleep(EVERY).await;
        match alive.upgrade() {
            Some(turn) if !turn.is_closed() => {}
            _ => break,
        }
        // PASSIVE: copies what no reader still needs, waiting for no one.
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&mut connection)
            .await?;
    }
    connection.close().await
}

#[cfg(test)]
mod tests {
    use crate::{Pool, PoolOptions, Sql};

    /// The writer's commit leaves its pages in the log (far below its own threshold);
    /// the task alone copies them into the database file.
    #[tokio::test]
    async fn the_log_reaches_the_database_file_without_the_writer() {
        let dir = std::env::temp_dir().join(format!("sb-wal-{}", domain::ids::new_id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("db.sqlite");
        let url = format!("sqlite://{}", file.display());
        let pool = Pool::connect(&url, PoolOptions::default()).await.unwrap();
        let mut tx = pool.write().await.unwrap();
        tx.execute(Sql::new("CREATE TABLE filler (body BLOB NOT NULL)"))
            .await
            .unwrap();
        // About 4 MB: a thousand pages, a sixteenth of the writer's threshold.
        tx.execute(Sql::new(
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) \
             INSERT INTO filler SELECT randomblob(4000) FROM n",
        ))
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let size = || std::fs::metadata(&file).unwrap().len();
        let before = size();
        let mut waited = 0;
        while size() < before + 4_000_000 && waited < 5_000 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            waited += 50;
        }
        let after = size();
        pool.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            after >= before + 4_000_000,
            "the database file stayed at {after} bytes (from {before})"
        );
    }
}
