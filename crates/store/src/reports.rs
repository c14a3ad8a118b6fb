//! The aggregates behind the reports, each computed in SQL under the reader's
//! visibility. Days are the reader's: the caller passes each day's bounds, so both
//! databases bucket by the same comparisons.

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::{Result, Sql, Tx, visibility};

/// One day of a report in the reader's time zone: `[starts, ends)`.
#[derive(Debug, Clone)]
pub struct Day {
    pub day: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// What every report is narrowed by.
#[derive(Debug, Clone)]
pub struct ReportFilter {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub project_id: Option<String>,
    pub group_id: Option<String>,
    pub queue_id: Option<String>,
}

/// `SELECT <the index in days of the day holding column> AS day, ` — a chain of
/// comparisons rather than a join with a table of days, so the planners read one range
/// of the time index (a join over days drove PostgreSQL to 4 s).
fn select_day(column: &str, days: &[Day]) -> Sql {
    let mut sql = Sql::new("SELECT CAST(CASE");
    for (n, day) in days.iter().enumerate() {
        sql = sql
            .push(&format!(" WHEN {column} < ? THEN {n}"))
            .arg(day.ends);
    }
    sql.push(&format!(" ELSE {} END AS BIGINT) AS day, ", days.len()))
}

/// ` AND column` within the days.
fn within(sql: Sql, column: &str, days: &[Day]) -> Sql {
    match (days.first(), days.last()) {
        (Some(first), Some(last)) => sql
            .push(&format!(" AND {column} >= ? AND {column} < ?"))
            .arg(first.starts)
            .arg(last.ends),
        _ => sql.push(" AND 1 = 0"),
    }
}

fn day_name(days: &[Day], n: i64) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|n| days.get(n))
        .map(|d| d.day.clone())
        .unwrap_or_default()
}

/// The project and group narrowing of rows about an agent's work.
fn narrowed(mut sql: Sql, f: &ReportFilter, alias: &str, agent_column: &str) -> Sql {
    if let Some(project) = &f.project_id {
        sql = sql
            .push(&format!(" AND {alias}.project_id = ?"))
            .arg(project);
    }
    if let Some(group) = &f.group_id {
        sql = sql
            .push(&format!(
                " AND {alias}.{agent_column} IN (SELECT user_id FROM group_members WHERE group_id = ?)"
            ))
            .arg(group);
    }
    sql
}

#[derive(Debug, Clone)]
pub struct AgentDay {
    pub day: String,
    pub agent_id: String,
    pub attempts: i64,
    pub contacts: i64,
}

/// Contact attempts, and those that reached the customer, per agent and day.
pub async fn attempts_by_agent_day(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    days: &[Day],
) -> Result<Vec<AgentDay>> {
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let sql = select_day("a.at", days).push(
        "a.agent_id, COUNT(*) AS attempts, COUNT(*) FILTER (WHERE a.reached) AS contacts \
         FROM case_attempts a WHERE a.agent_id IS NOT NULL",
    );
    let sql = within(sql, "a.at", days);
    let sql = narrowed(
        visibility::agent_work(sql, scope, "a", "agent_id"),
        f,
        "a",
        "agent_id",
    );
    let rows: Vec<(i64, String, i64, i64)> =
        tx.fetch_all(sql.push(" GROUP BY 1, a.agent_id")).await?;
    Ok(rows
        .into_iter()
        .map(|(day, agent_id, attempts, contacts)| AgentDay {
            day: day_name(days, day),
            agent_id,
            attempts,
            contacts,
        })
        .collect())
}

#[derive(Debug, Clone)]
pub struct ClosesDay {
    pub day: String,
    pub agent_id: String,
    pub closes: i64,
}

/// Cases closed per day, by the operator holding them.
pub async fn closes_by_agent_day(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    days: &[Day],
) -> Result<Vec<ClosesDay>> {
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let sql = select_day("c.closed_at", days)
        .push("c.assignee_id, COUNT(*) AS closes FROM cases c WHERE c.assignee_id IS NOT NULL");
    let sql = within(sql, "c.closed_at", days);
    let sql = narrowed(
        visibility::agent_work(sql, scope, "c", "assignee_id"),
        f,
        "c",
        "assignee_id",
    );
    let rows: Vec<(i64, String, i64)> =
        tx.fetch_all(sql.push(" GROUP BY 1, c.assignee_id")).await?;
    Ok(rows
        .into_iter()
        .map(|(day, agent_id, closes)| ClosesDay {
            day: day_name(days, day),
            agent_id,
            closes,
        })
        .collect())
}

#[derive(Debug, Clone)]
pub struct CallsDay {
    pub day: String,
    pub agent_id: String,
    pub calls: i64,
    pub talk_seconds: i64,
}

/// Calls and chats handled, and their talk time, per agent and day.
pub async fn calls_by_agent_day(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    days: &[Day],
) -> Result<Vec<CallsDay>> {
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let sql = select_day("i.started_at", days).push(
        "i.agent_id, COUNT(*) AS calls, CAST(COALESCE(SUM(i.talk_seconds), 0) AS BIGINT) \
         FROM interactions i WHERE i.agent_id IS NOT NULL",
    );
    let sql = within(sql, "i.started_at", days);
    let mut sql = narrowed(
        visibility::agent_work(sql, scope, "i", "agent_id"),
        f,
        "i",
        "agent_id",
    );
    if let Some(queue) = &f.queue_id {
        sql = sql.push(" AND i.queue_id = ?").arg(queue);
    }
    let rows: Vec<(i64, String, i64, i64)> =
        tx.fetch_all(sql.push(" GROUP BY 1, i.agent_id")).await?;
    Ok(rows
        .into_iter()
        .map(|(day, agent_id, calls, talk_seconds)| CallsDay {
            day: day_name(days, day),
            agent_id,
            calls,
            talk_seconds,
        })
        .collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
}

/// The groups the scope sees (a supervisor, theirs), by name; `only` narrows to one.
pub async fn groups(tx: &mut Tx, scope: &Scope, only: Option<&str>) -> Result<Vec<GroupRow>> {
    let mut sql = visibility::groups(
        Sql::new("SELECT g.id, g.name FROM groups g WHERE 1 = 1"),
        scope,
    );
    if let Some(id) = only {
        sql = sql.push(" AND g.id = ?").arg(id);
    }
    tx.fetch_all(sql.push(" ORDER BY g.name, g.id")).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRange {
    pub queue_id: String,
    pub answered: i64,
    pub abandoned: i64,
    pub in_time: i64,
    pub wait_seconds: i64,
    pub talk_seconds: i64,
}

/// Inbound interactions offered to each queue of `thresholds` in the range.
pub async fn queues_in_range(
    tx: &mut Tx,
    company_id: &str,
    thresholds: &[(String, i64)],
    f: &ReportFilter,
) -> Result<Vec<QueueRange>> {
    if thresholds.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("WITH q (id, threshold) AS (VALUES ");
    for (n, (id, seconds)) in thresholds.iter().enumerate() {
        sql = sql
            .push(if n == 0 { "(?, ?)" } else { ", (?, ?)" })
            .arg(id)
            .arg(*seconds);
    }
    let mut sql = sql
        .push(
            ") SELECT q.id AS queue_id, \
             COUNT(*) FILTER (WHERE i.answered_at IS NOT NULL) AS answered, \
             COUNT(*) FILTER (WHERE i.answered_at IS NULL AND i.ended_at IS NOT NULL) AS abandoned, \
             COUNT(*) FILTER (WHERE i.answered_at IS NOT NULL AND i.wait_seconds <= q.threshold) AS in_time, \
             CAST(COALESCE(SUM(i.wait_seconds), 0) AS BIGINT) AS wait_seconds, \
             CAST(COALESCE(SUM(i.talk_seconds), 0) AS BIGINT) AS talk_seconds \
             FROM q JOIN interactions i ON i.queue_id = q.id \
             WHERE i.company_id = ? AND i.direction = 'inbound' AND i.started_at >= ? AND i.started_at < ?",
        )
        .arg(company_id)
        .arg(f.from)
        .arg(f.to);
    if let Some(project) = &f.project_id {
        sql = sql.push(" AND i.project_id = ?").arg(project);
    }
    tx.fetch_all(sql.push(" GROUP BY q.id")).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseAttempts {
    pub case_id: String,
    pub attempts: i64,
    pub contacts: i64,
    pub last_attempt_at: DateTime<Utc>,
}

/// Attempts in the range by the agents whose work the scope sees; `from` names
/// `case_attempts a` and whatever it joins.
fn attempts_in_range(select: &str, from: &str, scope: &Scope, f: &ReportFilter) -> Sql {
    let sql = Sql::new(select)
        .push(&format!(" FROM {from} WHERE a.at >= ? AND a.at < ?"))
        .arg(f.from)
        .arg(f.to);
    narrowed(
        visibility::agent_work(sql, scope, "a", "agent_id"),
        f,
        "a",
        "agent_id",
    )
}

/// Attempts per case in the range (by agents the scope sees), most attempted first, at
/// most `cap`.
pub async fn attempts_per_case(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    cap: i64,
) -> Result<Vec<CaseAttempts>> {
    tx.fetch_all(
        attempts_in_range(
            "SELECT a.case_id, COUNT(*) AS attempts, COUNT(*) FILTER (WHERE a.reached) AS contacts, \
             MAX(a.at) AS last_attempt_at",
            "case_attempts a",
            scope,
            f,
        )
        .push(" GROUP BY a.case_id ORDER BY COUNT(*) DESC, a.case_id LIMIT ?")
        .arg(cap),
    )
    .await
}

/// How many cases had 1, 2, 3… attempts in the range: `(attempts, cases)`.
pub async fn attempts_distribution(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
) -> Result<Vec<(i64, i64)>> {
    let inner = attempts_in_range("SELECT COUNT(*) AS n", "case_attempts a", scope, f)
        .push(" GROUP BY a.case_id");
    let sql = Sql::new("SELECT per_case.n, COUNT(*) FROM (").extend(inner);
    tx.fetch_all(sql.push(") per_case GROUP BY per_case.n ORDER BY per_case.n"))
        .await
}

fn cases_where(select: &str, scope: &Scope, f: &ReportFilter) -> Sql {
    narrowed(
        visibility::cases(Sql::new(select).push(" WHERE 1 = 1"), scope),
        f,
        "c",
        "assignee_id",
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CriticalCase {
    pub case_id: String,
    pub customer_name: String,
    pub status: String,
    pub assignee_id: Option<String>,
    pub due_date: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

const CRITICAL: &str = "SELECT c.id AS case_id, c.customer_name, c.status, c.assignee_id, \
     c.due_date, c.next_contact_at, c.updated_at FROM cases c";

/// Open visible cases whose callback was due before `now`, longest overdue first.
pub async fn overdue_callbacks(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    now: DateTime<Utc>,
    cap: i64,
) -> Result<(i64, Vec<CriticalCase>)> {
    let part = |select: &str| {
        cases_where(select, scope, f)
            // literally `is_open`, so the partial index of open callbacks serves it
            .push(" AND c.is_open AND c.next_contact_at < ?")
            .arg(now)
    };
    let total = tx.fetch_count(part("SELECT COUNT(*) FROM cases c")).await?;
    let rows = tx
        .fetch_all(
            part(CRITICAL)
                .push(" ORDER BY c.next_contact_at, c.id LIMIT ?")
                .arg(cap),
        )
        .await?;
    Ok((total, rows))
}

/// Visible delinquent cases per age bucket: `bounds` are the due dates that start each
/// bucket, newest first (`YYYY-MM-DD`); a case falls in the first bucket whose bound its
/// due date reaches, the last bucket holding the rest (and cases without a due date).
pub async fn delinquent_by_age(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    bounds: &[String],
) -> Result<Vec<(i64, i64)>> {
    // Cast: PostgreSQL types a CASE of integer literals as a 4-byte integer.
    let mut bucket = Sql::new("CAST(CASE");
    for (n, bound) in bounds.iter().enumerate() {
        bucket = bucket
            .push(&format!(" WHEN c.due_date >= ? THEN {n}"))
            .arg(bound.as_str());
    }
    let bucket = bucket.push(&format!(" ELSE {} END AS BIGINT)", bounds.len()));
    let sql = Sql::new("SELECT b.bucket, COUNT(*) FROM (SELECT ")
        .extend(bucket)
        .push(" AS bucket FROM cases c WHERE c.status = ?")
        .arg("delinquent");
    let sql = narrowed(visibility::cases(sql, scope), f, "c", "assignee_id");
    tx.fetch_all(sql.push(") b GROUP BY b.bucket ORDER BY b.bucket"))
        .await
}

/// The oldest visible delinquent cases by due date.
pub async fn oldest_delinquent(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    cap: i64,
) -> Result<Vec<CriticalCase>> {
    tx.fetch_all(
        cases_where(CRITICAL, scope, f)
            .push(" AND c.status = ? ORDER BY COALESCE(c.due_date, '0000-01-01'), c.id LIMIT ?")
            .arg("delinquent")
            .arg(cap),
    )
    .await
}

/// Open visible cases nobody changed since `before`, least recently touched first.
pub async fn untouched(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
    before: DateTime<Utc>,
    cap: i64,
) -> Result<(i64, Vec<CriticalCase>)> {
    let part = |select: &str| {
        cases_where(select, scope, f)
            // literally `is_open`, so the partial index of open cases serves it
            .push(" AND c.is_open AND c.updated_at < ?")
            .arg(before)
    };
    let total = tx.fetch_count(part("SELECT COUNT(*) FROM cases c")).await?;
    let rows = tx
        .fetch_all(
            part(CRITICAL)
                .push(" ORDER BY c.updated_at, c.id LIMIT ?")
                .arg(cap),
        )
        .await?;
    Ok((total, rows))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AreaCloses {
    pub area: String,
    pub closed: i64,
    pub closed_amount_cents: i64,
}

/// Cases closed in the range per area, by the operators whose work the scope sees.
pub async fn closes_by_area(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
) -> Result<Vec<AreaCloses>> {
    let sql = Sql::new(
        "SELECT c.area, COUNT(*) AS closed, \
         CAST(COALESCE(SUM(c.amount_cents), 0) AS BIGINT) AS closed_amount_cents \
         FROM cases c WHERE c.closed_at >= ? AND c.closed_at < ?",
    )
    .arg(f.from)
    .arg(f.to);
    tx.fetch_all(
        narrowed(
            visibility::agent_work(sql, scope, "c", "assignee_id"),
            f,
            "c",
            "assignee_id",
        )
        .push(" GROUP BY c.area"),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AreaAttempts {
    pub area: String,
    pub cases: i64,
    pub attempts: i64,
    pub contacts: i64,
}

/// Attempts in the range per area of their case: the cases tried, attempts, contacts.
pub async fn attempts_by_area(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
) -> Result<Vec<AreaAttempts>> {
    tx.fetch_all(
        attempts_in_range(
            "SELECT c.area, COUNT(DISTINCT a.case_id) AS cases, COUNT(*) AS attempts, \
             COUNT(*) FILTER (WHERE a.reached) AS contacts",
            "case_attempts a JOIN cases c ON c.id = a.case_id",
            scope,
            f,
        )
        .push(" GROUP BY c.area"),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusCount {
    pub status: String,
    pub cases: i64,
    pub assigned: i64,
    pub created: i64,
}

/// Visible cases per status: how many, how many held by someone, and how many of them
/// were created in the range.
pub async fn cases_by_status(
    tx: &mut Tx,
    scope: &Scope,
    f: &ReportFilter,
) -> Result<Vec<StatusCount>> {
    let sql = Sql::new(
        "SELECT c.status, COUNT(*) AS cases, COUNT(c.assignee_id) AS assigned, \
         COUNT(*) FILTER (WHERE c.created_at >= ? AND c.created_at < ?) AS created \
         FROM cases c WHERE 1 = 1",
    )
    .arg(f.from)
    .arg(f.to);
    tx.fetch_all(
        narrowed(visibility::cases(sql, scope), f, "c", "assignee_id").push(" GROUP BY c.status"),
    )
    .await
}
