//! Agents' live states, the periods they spent in each, and the live agent board.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx, visibility};

/// Why an agent paused: a configured reason (with its name and maximum as they are
/// when chosen), or free text where the company configured none; empty otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PauseReason {
    pub id: Option<String>,
    pub label: String,
    pub max_minutes: Option<i64>,
}

/// Sets a user's state; `since` moves only when the state (or pause reason) changes,
/// and then the period in force ends and a new one begins, in the same transaction.
/// Answers whether anything changed.
pub async fn set(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    state: &str,
    reason: &PauseReason,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "INSERT INTO agent_states (user_id, company_id, state, pause_reason, pause_reason_id, since) \
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE \
                 SET state = excluded.state, pause_reason = excluded.pause_reason, \
                 pause_reason_id = excluded.pause_reason_id, since = excluded.since \
                 WHERE agent_states.state <> excluded.state \
                 OR agent_states.pause_reason <> excluded.pause_reason \
                 OR COALESCE(agent_states.pause_reason_id, '') <> COALESCE(excluded.pause_reason_id, '')",
            )
            .arg(user_id)
            .arg(company_id)
            .arg(state)
            .arg(reason.label.as_str())
            .arg(reason.id.clone())
            .arg(at),
        )
        .await?;
    if changed > 0 {
        begin_period(tx, company_id, user_id, state, reason, at).await?;
    }
    Ok(changed > 0)
}

/// Ends the user's period in force at `at` and begins one in `state`.
async fn begin_period(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    state: &str,
    reason: &PauseReason,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "UPDATE agent_state_periods SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
        )
        .arg(at)
        .arg(user_id),
    )
    .await?;
    tx.execute(
        Sql::new(
            "INSERT INTO agent_state_periods \
             (id, company_id, user_id, state, pause_reason_id, pause_reason, max_minutes, started_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(domain::ids::new_id())
        .arg(company_id)
        .arg(user_id)
        .arg(state)
        .arg(reason.id.clone())
        .arg(reason.label.as_str())
        .arg(reason.max_minutes)
        .arg(at),
    )
    .await?;
    Ok(())
}

/// Puts offline the agents (of `user_ids`, or all) who have no session left; answers
/// `(company_id, user_id)` of each one changed.
pub async fn offline_without_sessions(
    tx: &mut Tx,
    user_ids: Option<&[String]>,
    at: DateTime<Utc>,
) -> Result<Vec<(String, String)>> {
    let mut sql = Sql::new(
        "UPDATE agent_states SET state = 'offline', pause_reason = '', pause_reason_id = NULL, since = ? \
         WHERE state <> 'offline' AND NOT EXISTS \
         (SELECT 1 FROM sessions s WHERE s.user_id = agent_states.user_id)",
    )
    .arg(at);
    if let Some(ids) = user_ids {
        sql = sql
            .push(" AND user_id IN (")
            .push_list(ids.iter())
            .push(")");
    }
    let changed: Vec<(String, String)> = tx
        .fetch_all(sql.push(" RETURNING company_id, user_id"))
        .await?;
    for (company_id, user_id) in &changed {
        begin_period(
            tx,
            company_id,
            user_id,
            "offline",
            &PauseReason::default(),
            at,
        )
        .await?;
    }
    Ok(changed)
}

/// A row of the live agent board.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveAgentRow {
    pub agent_id: String,
    pub name: String,
    pub state: String,
    /// The configured reason's name as it is now, else the text given.
    pub pause_reason: String,
    pub pause_reason_id: Option<String>,
    /// The configured reason's maximum.
    pub max_minutes: Option<i64>,
    pub since: DateTime<Utc>,
}

const LIVE: &str = "SELECT u.id AS agent_id, u.name, a.state, \
     COALESCE(r.name, a.pause_reason) AS pause_reason, a.pause_reason_id, \
     CAST(r.max_minutes AS BIGINT) AS max_minutes, a.since \
     FROM agent_states a JOIN users u ON u.id = a.user_id \
     LEFT JOIN pause_reasons r ON r.id = a.pause_reason_id WHERE 1 = 1";

/// Every agent with a state that the scope sees as a user, by name.
pub async fn live(tx: &mut Tx, scope: &Scope) -> Result<Vec<LiveAgentRow>> {
    tx.fetch_all(visibility::users(Sql::new(LIVE), scope).push(" ORDER BY u.name, u.id"))
        .await
}

/// One agent's board row, if the scope sees it.
pub async fn live_one(tx: &mut Tx, scope: &Scope, user_id: &str) -> Result<Option<LiveAgentRow>> {
    tx.fetch_optional(visibility::users(
        Sql::new(LIVE).push(" AND u.id = ?").arg(user_id),
        scope,
    ))
    .await
}

/// A pause as reports count it: who, why, and when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PausePeriod {
    pub user_id: String,
    pub pause_reason_id: Option<String>,
    pub pause_reason: String,
    pub max_minutes: Option<i64>,
    pub started_at: DateTime<Utc>,
    /// `None` while the pause lasts.
    pub ended_at: Option<DateTime<Utc>>,
}

/// The pauses that overlap `[from, to)` of the users the scope sees (the same users
/// as the live board), optionally only those of one group's members.
pub async fn pauses(
    tx: &mut Tx,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    group_id: Option<&str>,
) -> Result<Vec<PausePeriod>> {
    let mut sql = Sql::new(
        "SELECT p.user_id, p.pause_reason_id, p.pause_reason, \
         CAST(p.max_minutes AS BIGINT) AS max_minutes, p.started_at, p.ended_at \
         FROM agent_state_periods p JOIN users u ON u.id = p.user_id \
         WHERE p.company_id = ? AND p.state = 'paused' AND p.started_at < ? \
         AND (p.ended_at IS NULL OR p.ended_at > ?)",
    )
    .arg(scope.company_id())
    .arg(to)
    .arg(from);
    if let Some(group) = group_id {
        sql = sql
            .push(" AND p.user_id IN (SELECT user_id FROM group_members WHERE group_id = ?)")
            .arg(group);
    }
    tx.fetch_all(visibility::users(sql, scope).push(" ORDER BY p.user_id, p.started_at"))
        .await
}
