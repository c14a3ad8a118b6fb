//! KPI targets and the figures they are held against that no report gives as such.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TargetRow {
    pub metric: String,
    pub scope: String,
    pub scope_id: String,
    pub target: f64,
}

/// ` AND <targets whose group or user the scope sees>` over `kpi_targets` aliased `k`;
/// the company's own targets are visible to all its users.
fn visible(sql: Sql, scope: &Scope) -> Sql {
    let sql = sql
        .push(" AND k.company_id = ? AND (k.scope = 'company' OR (k.scope = 'group' AND k.scope_id IN (SELECT g.id FROM groups g WHERE 1 = 1")
        .arg(scope.company_id());
    let sql = visibility::groups(sql, scope)
        .push(")) OR (k.scope = 'user' AND k.scope_id IN (SELECT u.id FROM users u WHERE 1 = 1");
    visibility::users(sql, scope).push(")))")
}

/// The targets the scope sees, by metric, scope and id.
pub async fn list(tx: &mut Tx, scope: &Scope) -> Result<Vec<TargetRow>> {
    tx.fetch_all(
        visible(
            Sql::new(
                "SELECT k.metric, k.scope, k.scope_id, k.target FROM kpi_targets k WHERE 1 = 1",
            ),
            scope,
        )
        .push(" ORDER BY k.metric, k.scope, k.scope_id"),
    )
    .await
}

/// Every target of the company, whoever they are for: what an operator's own figures
/// are held against does not depend on what the operator may see.
pub async fn of_company(tx: &mut Tx, company_id: &str) -> Result<Vec<TargetRow>> {
    tx.fetch_all(
        Sql::new("SELECT k.metric, k.scope, k.scope_id, k.target FROM kpi_targets k WHERE k.company_id = ? ORDER BY k.metric, k.scope, k.scope_id")
            .arg(company_id),
    )
    .await
}

/// Deletes the targets the scope sees (those it does not see stay).
pub async fn delete_visible(tx: &mut Tx, scope: &Scope) -> Result<u64> {
    tx.execute(visible(
        Sql::new("DELETE FROM kpi_targets WHERE EXISTS (SELECT 1 FROM kpi_targets k WHERE k.company_id = kpi_targets.company_id AND k.metric = kpi_targets.metric AND k.scope = kpi_targets.scope AND k.scope_id = kpi_targets.scope_id"),
        scope,
    ).push(")"))
    .await
}

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    row: &TargetRow,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new("INSERT INTO kpi_targets (company_id, metric, scope, scope_id, target, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
            .arg(company_id)
            .arg(row.metric.as_str())
            .arg(row.scope.as_str())
            .arg(row.scope_id.as_str())
            .arg(row.target)
            .arg(at),
    )
    .await?;
    Ok(())
}

/// When each agent whose work the scope sees made their first contact attempt in
/// `[from, to)`: the start of the hours their contacts per hour are counted over.
pub async fn first_attempts(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    let sql = Sql::new("SELECT a.agent_id, MIN(a.at) FROM case_attempts a WHERE a.agent_id IS NOT NULL AND a.at >= ? AND a.at < ?")
        .arg(from)
        .arg(to);
    tx.fetch_all(visibility::agent_work(sql, scope, "a", "agent_id").push(" GROUP BY a.agent_id"))
        .await
}

/// Calls and chats each agent whose work the scope sees talked in, started in
/// `[from, to)`, and their talk time: what their average handle time is worked out
/// from. A contact attempt logged on a case stands for a call without its times
/// (answered and ended at once): it has no talk time to count.
pub async fn handled(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(String, i64, i64)>> {
    let sql = Sql::new(
        "SELECT i.agent_id, COUNT(*), CAST(COALESCE(SUM(i.talk_seconds), 0) AS BIGINT) \
         FROM interactions i WHERE i.agent_id IS NOT NULL AND i.talk_seconds > 0 \
         AND i.started_at >= ? AND i.started_at < ?",
    )
    .arg(from)
    .arg(to);
    tx.fetch_all(visibility::agent_work(sql, scope, "i", "agent_id").push(" GROUP BY i.agent_id"))
        .await
}
