//! The live queue board: the queues whose figures a scope reaches and the calls and
//! chats waiting in them now (today's figures are `store::reports::queues_in_range`).

use chrono::{DateTime, Utc};
use domain::Scope;
use domain::objects::ObjectKind;

use crate::{Result, Sql, Tx, visibility};

/// A queue the scope may watch, with the service-level threshold in its fields.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WatchedQueue {
    pub id: String,
    pub name: String,
    pub data: String,
}

/// The queues whose figures the scope reaches (projects, then data scope), by name;
/// `only` narrows to one.
pub async fn watched(tx: &mut Tx, scope: &Scope, only: Option<&str>) -> Result<Vec<WatchedQueue>> {
    let mut sql = visibility::queue_figures(
        visibility::objects(
            Sql::new("SELECT o.id, o.name, o.data FROM objects o WHERE 1 = 1"),
            scope,
            ObjectKind::Queues,
        ),
        scope,
    );
    if let Some(id) = only {
        sql = sql.push(" AND o.id = ?").arg(id);
    }
    tx.fetch_all(sql.push(" ORDER BY o.name, o.id")).await
}

/// What waits in a queue now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub queue_id: String,
    pub waiting: i64,
    pub oldest: Option<DateTime<Utc>>,
}

/// Inbound interactions neither answered nor ended, per queue of `queue_ids`.
pub async fn waiting(tx: &mut Tx, company_id: &str, queue_ids: &[String]) -> Result<Vec<Waiting>> {
    tx.fetch_all(
        Sql::new(
            "SELECT i.queue_id, COUNT(*) AS waiting, MIN(i.started_at) AS oldest \
             FROM interactions i WHERE i.company_id = ? AND i.direction = 'inbound' \
             AND i.answered_at IS NULL AND i.ended_at IS NULL AND i.queue_id IN (",
        )
        .arg(company_id)
        .push_list(queue_ids.iter())
        .push(") GROUP BY i.queue_id"),
    )
    .await
}
