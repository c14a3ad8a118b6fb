//! The append-only audit log, written in the same transaction as the change it records,
//! and chained per company: each entry carries the hash of the one before it.

use chrono::{DateTime, Utc};
use domain::Scope;
use domain::ids::new_id;

use crate::{Result, Sql, Tx};

/// An entry as stored: JSON fields already serialised, so the hash covers exactly the
/// stored text.
pub struct NewEntry<'a> {
    pub company_id: &'a str,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<&'a str>,
    pub api_token_id: Option<&'a str>,
    pub role_test_id: Option<&'a str>,
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: &'a str,
    pub project_ids: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: String,
    pub company_id: String,
    pub seq: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub api_token_id: Option<String>,
    pub role_test_id: Option<String>,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub project_ids: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// Takes `n` consecutive positions in a company's chain: the first sequence number
/// and the hash of the entry before it. The update locks the company's row until the
/// transaction ends, so concurrent writers line up instead of forking the chain.
pub async fn next_links(tx: &mut Tx, company_id: &str, n: i64) -> Result<Option<(i64, String)>> {
    let last: Option<(i64, String)> = tx
        .fetch_optional(
            Sql::new(
                "UPDATE companies SET audit_seq = audit_seq + ? WHERE id = ? \
                 RETURNING audit_seq, audit_head",
            )
            .arg(n)
            .arg(company_id),
        )
        .await?;
    Ok(last.map(|(seq, head)| (seq - n + 1, head)))
}

const COLUMNS: [&str; 15] = [
    "id",
    "company_id",
    "seq",
    "at",
    "actor_id",
    "api_token_id",
    "role_test_id",
    "action",
    "object_kind",
    "object_id",
    "project_ids",
    "before",
    "after",
    "prev_hash",
    "hash",
];

/// Appends consecutive links of one company's chain in a few statements and moves the
/// chain's head to the last of them.
pub async fn insert_many(tx: &mut Tx, entries: &[NewEntry<'_>]) -> Result<()> {
    let Some(last) = entries.last() else {
        return Ok(());
    };
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                new_id().into(),
                e.company_id.into(),
                e.seq.into(),
                e.at.into(),
                e.actor_id.into(),
                e.api_token_id.into(),
                e.role_test_id.into(),
                e.action.into(),
                e.object_kind.into(),
                e.object_id.into(),
                e.project_ids.into(),
                e.before.into(),
                e.after.into(),
                e.prev_hash.into(),
                e.hash.into(),
            ]
        })
        .collect();
    crate::bulk::insert(tx, "audit_log", &COLUMNS, rows).await?;
    tx.execute(
        Sql::new("UPDATE companies SET audit_head = ? WHERE id = ?")
            .arg(last.hash)
            .arg(last.company_id),
    )
    .await?;
    Ok(())
}

/// Filters of the audit log; `None` leaves a filter out.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    /// Entries filed under this project.
    pub project_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// A page of the actor's company's entries, newest first, before the cursor id.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    filter: &AuditFilter,
    before_id: Option<&str>,
    limit: i64,
) -> Result<Vec<EntryRow>> {
    let mut sql = Sql::new("SELECT * FROM audit_log WHERE company_id = ?").arg(scope.company_id());
    if let Some(actor_id) = &filter.actor_id {
        sql = sql.push(" AND actor_id = ?").arg(actor_id);
    }
    if let Some(kind) = &filter.object_kind {
        sql = sql.push(" AND object_kind = ?").arg(kind);
    }
    if let Some(id) = &filter.object_id {
        sql = sql.push(" AND object_id = ?").arg(id);
    }
    // project_ids is a JSON array of ids; audit volume is modest, so no index
    if let Some(project_id) = &filter.project_id {
        sql = sql
            .push(" AND project_ids LIKE ? ESCAPE '\\'")
            .arg(format!("%\"{}\"%", crate::db::escape_like(project_id)));
    }
    // Restricted by projects: entries of no project (roles, company) and of one's own.
    if let Some(mine) = scope.projects() {
        sql = sql.push(" AND (project_ids = '[]'");
        for project_id in mine {
            sql = sql
                .push(" OR project_ids LIKE ? ESCAPE '\\'")
                .arg(format!("%\"{}\"%", crate::db::escape_like(project_id)));
        }
        sql = sql.push(")");
    }
    if let Some(from) = filter.from {
        sql = sql.push(" AND at >= ?").arg(from);
    }
    if let Some(to) = filter.to {
        sql = sql.push(" AND at < ?").arg(to);
    }
    if let Some(before) = before_id {
        sql = sql.push(" AND id < ?").arg(before);
    }
    tx.fetch_all(sql.push(" ORDER BY id DESC LIMIT ?").arg(limit))
        .await
}

/// Chained entries of a company in chain order, after `after_seq`.
pub async fn chain(
    tx: &mut Tx,
    scope: &Scope,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<EntryRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT * FROM audit_log WHERE company_id = ? AND seq IS NOT NULL AND seq > ? \
             ORDER BY seq LIMIT ?",
        )
        .arg(scope.company_id())
        .arg(after_seq)
        .arg(limit),
    )
    .await
}

/// Entries written before the chain existed.
pub async fn count_unchained(tx: &mut Tx, scope: &Scope) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM audit_log WHERE company_id = ? AND seq IS NULL")
            .arg(scope.company_id()),
    )
    .await
}

/// The entries about one object of the actor's company, oldest first.
pub async fn for_object(
    tx: &mut Tx,
    scope: &Scope,
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
