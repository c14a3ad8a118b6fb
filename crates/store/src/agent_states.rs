//! Agents' live states and the live agent board.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx, visibility};

/// Sets a user's state; `since` moves only when the state (or pause reason) changes.
/// Answers whether anything changed.
pub async fn set(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    state: &str,
    pause_reason: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "INSERT INTO agent_states (user_id, company_id, state, pause_reason, since) \
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE \
                 SET state = excluded.state, pause_reason = excluded.pause_reason, since = excluded.since \
                 WHERE agent_states.state <> excluded.state \
                 OR agent_states.pause_reason <> excluded.pause_reason",
            )
            .arg(user_id)
            .arg(company_id)
            .arg(state)
            .arg(pause_reason)
            .arg(at),
        )
        .await?;
    Ok(changed > 0)
}

/// Puts offline the agents (of `user_ids`, or all) who have no session left; answers
/// `(company_id, user_id)` of each one changed.
pub async fn offline_without_sessions(
    tx: &mut Tx,
    user_ids: Option<&[String]>,
    at: DateTime<Utc>,
) -> Result<Vec<(String, String)>> {
    let mut sql = Sql::new(
        "UPDATE agent_states SET state = 'offline', pause_reason = '', since = ? \
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
    tx.fetch_all(sql.push(" RETURNING company_id, user_id"))
        .await
}

/// A row of the live agent board.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveAgentRow {
    pub agent_id: String,
    pub name: String,
    pub state: String,
    pub pause_reason: String,
    pub since: DateTime<Utc>,
}

const LIVE: &str = "SELECT u.id AS agent_id, u.name, a.state, a.pause_reason, a.since \
     FROM agent_states a JOIN users u ON u.id = a.user_id WHERE 1 = 1";

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
