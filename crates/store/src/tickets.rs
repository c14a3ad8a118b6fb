//! Support tickets and their replies, read and changed under the actor's reach: the
//! company's administrators reach every ticket of the company, anyone else their own.

use chrono::{DateTime, Utc};
use domain::Scope;
use domain::tickets::Reach;

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketRow {
    pub id: String,
    pub company_id: String,
    pub author_id: String,
    /// The author's name now.
    pub author_name: String,
    pub subject: String,
    pub body: String,
    pub page: String,
    pub status: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReplyRow {
    pub id: String,
    pub ticket_id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewTicket<'a> {
    pub id: &'a str,
    pub author_id: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub page: &'a str,
    pub at: DateTime<Utc>,
}

/// Appends ` AND <tickets of t reached>`: the company's, and with `Reach::Own` only the
/// scope's user's.
fn reached(sql: Sql, scope: &Scope, reach: Reach) -> Sql {
    let sql = sql.push(" AND t.company_id = ?").arg(scope.company_id());
    match reach {
        Reach::Company => sql,
        Reach::Own => sql.push(" AND t.author_id = ?").arg(scope.user_id()),
    }
}

const SELECT: &str = "SELECT t.*, u.name AS author_name FROM tickets t JOIN users u ON u.id = t.author_id WHERE 1 = 1";

/// Opens a ticket of the scope's company by the scope's user, `open`.
pub async fn insert(tx: &mut Tx, scope: &Scope, new: &NewTicket<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO tickets (id, company_id, author_id, subject, body, page, status, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        )
        .arg(new.id)
        .arg(scope.company_id())
        .arg(new.author_id)
        .arg(new.subject)
        .arg(new.body)
        .arg(new.page)
        .arg(new.at)
        .arg(new.at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, scope: &Scope, reach: Reach, id: &str) -> Result<Option<TicketRow>> {
    tx.fetch_optional(
        reached(Sql::new(SELECT), scope, reach)
            .push(" AND t.id = ?")
            .arg(id),
    )
    .await
}

fn filtered(select: &str, scope: &Scope, reach: Reach, status: Option<&str>) -> Sql {
    let sql = reached(Sql::new(select), scope, reach);
    match status {
        Some(status) => sql.push(" AND t.status = ?").arg(status),
        None => sql,
    }
}

/// A page of tickets, newest first, after the cursor (`created_at|id` of the last row of
/// the previous page); `None` when the cursor does not parse.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    reach: Reach,
    status: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Option<Vec<TicketRow>>> {
    let mut sql = filtered(SELECT, scope, reach, status);
    if let Some(after) = after {
        let Some((at, id)) = after.split_once('|') else {
            return Ok(None);
        };
        let Ok(at) = DateTime::parse_from_rfc3339(at) else {
            return Ok(None);
        };
        let at = at.with_timezone(&Utc);
        sql = sql
            .push(" AND (t.created_at < ? OR (t.created_at = ? AND t.id < ?))")
            .arg(at)
            .arg(at)
            .arg(id);
    }
    let sql = sql
        .push(" ORDER BY t.created_at DESC, t.id DESC LIMIT ?")
        .arg(limit);
    Ok(Some(tx.fetch_all(sql).await?))
}

/// The cursor that resumes a page after `row`.
pub fn cursor(row: &TicketRow) -> String {
    format!(
        "{}|{}",
        row.created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        row.id
    )
}

pub async fn count(tx: &mut Tx, scope: &Scope, reach: Reach, status: Option<&str>) -> Result<i64> {
    tx.fetch_count(filtered(
        "SELECT COUNT(*) FROM tickets t WHERE 1 = 1",
        scope,
        reach,
        status,
    ))
    .await
}

/// The replies of the tickets `ids` (already read under the actor's reach), oldest
/// first.
pub async fn replies(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<Vec<ReplyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tx.fetch_all(
        Sql::new(
            "SELECT r.id, r.ticket_id, r.author_id, u.name AS author_name, r.body, r.created_at \
             FROM ticket_replies r JOIN users u ON u.id = r.author_id \
             WHERE r.company_id = ? AND r.ticket_id IN (",
        )
        .arg(scope.company_id())
        .push_list(ids.iter())
        .push(") ORDER BY r.created_at, r.id"),
    )
    .await
}

/// Adds a reply by the scope's user to a ticket the caller has read under its reach.
pub async fn insert_reply(
    tx: &mut Tx,
    scope: &Scope,
    id: &str,
    ticket_id: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO ticket_replies (id, ticket_id, company_id, author_id, body, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .arg(id)
        .arg(ticket_id)
        .arg(scope.company_id())
        .arg(scope.user_id())
        .arg(body)
        .arg(at),
    )
    .await?;
    Ok(())
}

/// Sets the status of a reached ticket still at `version`, moving its version;
/// `false` when no such row (gone, out of reach, or changed meanwhile).
pub async fn set_status(
    tx: &mut Tx,
    scope: &Scope,
    reach: Reach,
    id: &str,
    version: i64,
    status: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let sql = Sql::new(
        "UPDATE tickets SET status = ?, version = version + 1, updated_at = ? \
         WHERE id = ? AND version = ? AND company_id = ?",
    )
    .arg(status)
    .arg(at)
    .arg(id)
    .arg(version)
    .arg(scope.company_id());
    let sql = match reach {
        Reach::Company => sql,
        Reach::Own => sql.push(" AND author_id = ?").arg(scope.user_id()),
    };
    Ok(tx.execute(sql).await? == 1)
}
