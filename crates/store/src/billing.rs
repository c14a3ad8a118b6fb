//! A company's plan and what it used: seats taken and a month's activity. Billing is
//! about the whole company, so these count every row of the company, not what the
//! reader's projects or scope show; `billing.manage` is what opens them.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Backend, Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanRow {
    pub company_id: String,
    pub company_name: String,
    pub plan_name: String,
    /// `None`: no limit.
    pub plan_seats: Option<i64>,
}

const PLAN: &str =
    "SELECT id AS company_id, name AS company_name, plan_name, plan_seats FROM companies";

/// The actor's company's plan.
pub async fn plan(tx: &mut Tx, scope: &Scope) -> Result<Option<PlanRow>> {
    plan_of(tx, scope.company_id()).await
}

/// A company's plan by id, for the installation's operator and the seat check.
pub async fn plan_of(tx: &mut Tx, company_id: &str) -> Result<Option<PlanRow>> {
    tx.fetch_optional(Sql::new(&format!("{PLAN} WHERE id = ?")).arg(company_id))
        .await
}

/// The companies the installation's operator may mean by `key`: the one with that id,
/// else those with that name (ignoring case), at most a few.
pub async fn find_companies(tx: &mut Tx, key: &str) -> Result<Vec<PlanRow>> {
    let by_id: Vec<PlanRow> = tx
        .fetch_all(Sql::new(&format!("{PLAN} WHERE id = ?")).arg(key))
        .await?;
    if !by_id.is_empty() {
        return Ok(by_id);
    }
    tx.fetch_all(
        Sql::new(&format!(
            "{PLAN} WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 5"
        ))
        .arg(key),
    )
    .await
}

/// Sets a company's plan; the operator's command line is its only writer.
pub async fn set_plan(
    tx: &mut Tx,
    company_id: &str,
    name: &str,
    seats: Option<i64>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE companies SET plan_name = ?, plan_seats = ?, updated_at = ? WHERE id = ?",
            )
            .arg(name)
            .arg(seats)
            .arg(at)
            .arg(company_id),
        )
        .await?;
    Ok(changed == 1)
}

/// Holds the company's row until the transaction ends, so that two writes that each
/// activate a user count seats one after the other. Taken at the end of a change, after
/// its audit entry has taken the same lock (`store::audit`), so the company's row is
/// still locked last. SQLite's single writer already orders them.
pub async fn lock_seats(tx: &mut Tx, company_id: &str) -> Result<()> {
    if tx.backend() == Backend::Sqlite {
        return Ok(());
    }
    tx.execute(Sql::new("SELECT 1 FROM companies WHERE id = ? FOR NO KEY UPDATE").arg(company_id))
        .await?;
    Ok(())
}

/// Seats in use: the company's active (not blocked) users, invited ones included.
pub async fn seats_used(tx: &mut Tx, company_id: &str) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM users WHERE company_id = ? AND active = ?")
            .arg(company_id)
            .arg(true),
    )
    .await
}

/// Interactions that started in `[from, to)`, and their talk time.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct InteractionTotals {
    pub interactions: i64,
    pub talk_seconds: i64,
}

pub async fn interactions(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<InteractionTotals> {
    let row: Option<InteractionTotals> = tx
        .fetch_optional(
            Sql::new(
                "SELECT COUNT(*) AS interactions, \
                 CAST(COALESCE(SUM(talk_seconds), 0) AS BIGINT) AS talk_seconds \
                 FROM interactions WHERE company_id = ? AND started_at >= ? AND started_at < ?",
            )
            .arg(scope.company_id())
            .arg(from)
            .arg(to),
        )
        .await?;
    Ok(row.unwrap_or_default())
}

/// Cases created in `[from, to)`.
pub async fn cases_created(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM cases WHERE company_id = ? AND created_at >= ? AND created_at < ?")
            .arg(scope.company_id())
            .arg(from)
            .arg(to),
    )
    .await
}

/// One user's line of a month: whether they were active in it (see [`users_in_month`])
/// and the interactions they handled.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserUsage {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// Holds a seat now (not blocked).
    pub enabled: bool,
    pub active_in_month: bool,
    pub interactions: i64,
    pub talk_seconds: i64,
}

/// The users of the company who hold a seat or were active in `[from, to)`, by name.
/// Active means: handled an interaction that started in it, logged a contact attempt,
/// changed a case (its history names them) or made an audited change in it. Each is
/// a probe of an index per user (`interactions_agent_started`, `case_attempts_agent`,
/// `case_events_actor_at`, `audit_log_actor`).
pub async fn users_in_month(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<UserUsage>> {
    let company = scope.company_id();
    let sql = Sql::new(
        "SELECT * FROM (SELECT u.id AS user_id, u.name, u.email, u.active AS enabled, \
         CASE WHEN EXISTS (SELECT 1 FROM interactions i WHERE i.agent_id = u.id \
                 AND i.started_at >= ? AND i.started_at < ?) \
              OR EXISTS (SELECT 1 FROM case_attempts a WHERE a.company_id = u.company_id \
                 AND a.agent_id = u.id AND a.at >= ? AND a.at < ?) \
              OR EXISTS (SELECT 1 FROM case_events e WHERE e.company_id = u.company_id \
                 AND e.actor_id = u.id AND e.at >= ? AND e.at < ?) \
              OR EXISTS (SELECT 1 FROM audit_log l WHERE l.company_id = u.company_id \
                 AND l.actor_id = u.id AND l.at >= ? AND l.at < ?) \
              THEN TRUE ELSE FALSE END AS active_in_month, \
         CAST(COALESCE(t.interactions, 0) AS BIGINT) AS interactions, \
         CAST(COALESCE(t.talk_seconds, 0) AS BIGINT) AS talk_seconds \
         FROM users u LEFT JOIN (SELECT agent_id, COUNT(*) AS interactions, \
              SUM(talk_seconds) AS talk_seconds FROM interactions \
              WHERE company_id = ? AND started_at >= ? AND started_at < ? \
              GROUP BY agent_id) t ON t.agent_id = u.id \
         WHERE u.company_id = ?) lines WHERE enabled = ? OR active_in_month = ? \
         ORDER BY name, user_id",
    )
    .arg(from)
    .arg(to)
    .arg(from)
    .arg(to)
    .arg(from)
    .arg(to)
    .arg(from)
    .arg(to)
    .arg(company)
    .arg(from)
    .arg(to)
    .arg(company)
    .arg(true)
    .arg(true);
    tx.fetch_all(sql).await
}
