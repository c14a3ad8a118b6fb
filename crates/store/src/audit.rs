//! The append-only audit log, written in the same transaction as the change it records.

use chrono::{DateTime, Utc};
use domain::ids::new_id;

use crate::{Result, Sql, Tx};

pub struct NewEntry<'a> {
    pub company_id: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: &'a str,
    pub project_ids: &'a [String],
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: String,
    pub company_id: String,
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub project_ids: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub async fn record(tx: &mut Tx, entry: &NewEntry<'_>) -> Result<()> {
    let projects = serde_json::Value::from(entry.project_ids.to_vec()).to_string();
    tx.execute(
        Sql::new(
            "INSERT INTO audit_log (id, company_id, at, actor_id, action, object_kind, object_id, \
             project_ids, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(new_id())
        .arg(entry.company_id)
        .arg(entry.at)
        .arg(entry.actor_id)
        .arg(entry.action)
        .arg(entry.object_kind)
        .arg(entry.object_id)
        .arg(projects)
        .arg(entry.before.as_ref().map(|v| v.to_string()))
        .arg(entry.after.as_ref().map(|v| v.to_string())),
    )
    .await?;
    Ok(())
}

/// The entries about one object of the actor's company, oldest first.
pub async fn for_object(
    tx: &mut Tx,
    scope: &domain::Scope,
    object_kind: &str,
    object_id: &str,
) -> Result<Vec<EntryRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT * FROM audit_log WHERE company_id = ? AND object_kind = ? AND object_id = ? \
             ORDER BY at, id",
        )
        .arg(scope.company_id())
        .arg(object_kind)
        .arg(object_id),
    )
    .await
}
