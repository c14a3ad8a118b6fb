//! Carrying live-board signals between server processes: PostgreSQL's NOTIFY, sent
//! inside the transaction that makes the change (so it is delivered only if that
//! commits), and a LISTEN connection per process. SQLite runs in one process, which
//! delivers its own signals.

use sqlx::postgres::PgListener;

use crate::{Backend, Pool, Result, Sql, Tx};

const CHANNEL: &str = "switchboard_live";

/// Queues `payload` for every listening process, delivered when `tx` commits. Nothing
/// on SQLite.
pub async fn notify(tx: &mut Tx, payload: &str) -> Result<()> {
    if tx.backend() == Backend::Postgres {
        tx.execute(Sql::new("SELECT pg_notify(?, ?)").arg(CHANNEL).arg(payload))
            .await?;
    }
    Ok(())
}

/// This process's end of the signals of every process.
pub struct Listener(PgListener);

impl Listener {
    /// `None` on SQLite, where there is nothing to listen to.
    pub async fn connect(pool: &Pool) -> Result<Option<Listener>> {
        let Pool::Postgres(pool) = pool else {
            return Ok(None);
        };
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Listener(listener)))
    }

    /// The next payload; `None` when the connection was lost (and is being
    /// re-established), so signals may have been missed.
    pub async fn recv(&mut self) -> Result<Option<String>> {
        Ok(self
            .0
            .try_recv()
            .await?
            .map(|notice| notice.payload().to_owned()))
    }
}

/// The company's audit sequence: it moves with every audited change, among them every
/// change to who may see what.
pub async fn access_stamp(tx: &mut Tx, company_id: &str) -> Result<i64> {
    tx.fetch_count(Sql::new("SELECT audit_seq FROM companies WHERE id = ?").arg(company_id))
        .await
}

/// Whether the company's audited changes after `after_seq` include anything but case
/// assignments, which move cases and leave who sees which agent or queue alone.
pub async fn access_changed_since(tx: &mut Tx, company_id: &str, after_seq: i64) -> Result<bool> {
    let found = tx
        .fetch_count(
            Sql::new(
                "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE company_id = ? AND seq > ? \
                 AND object_kind <> 'case' LIMIT 1) changed",
            )
            .arg(company_id)
            .arg(after_seq),
        )
        .await?;
    Ok(found > 0)
}
