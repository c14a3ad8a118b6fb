//! Calls and chats: the interaction log, read under the actor's visibility.

use chrono::{DateTime, Utc};
use domain::Scope;
use domain::interactions::Times;

use crate::db::Arg;
use crate::{Result, Sql, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InteractionRow {
    pub id: String,
    pub company_id: String,
    pub project_id: Option<String>,
    pub channel: String,
    pub direction: String,
    pub from_number: String,
    pub to_number: String,
    pub queue_id: Option<String>,
    pub campaign_id: Option<String>,
    pub agent_id: Option<String>,
    pub case_id: Option<String>,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub wait_seconds: Option<i64>,
    pub talk_seconds: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub disposition: String,
    pub recording_url: String,
    pub external_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl InteractionRow {
    /// A new call or chat of `company_id` with `times` and the durations they give,
    /// recorded `at`; nothing else known yet (no numbers, queue, agent or case).
    pub fn new(
        id: String,
        company_id: &str,
        channel: &str,
        direction: &str,
        times: &Times,
        at: DateTime<Utc>,
    ) -> InteractionRow {
        let durations = times.durations();
        InteractionRow {
            id,
            company_id: company_id.to_owned(),
            project_id: None,
            channel: channel.to_owned(),
            direction: direction.to_owned(),
            from_number: String::new(),
            to_number: String::new(),
            queue_id: None,
            campaign_id: None,
            agent_id: None,
            case_id: None,
            started_at: times.started_at,
            answered_at: times.answered_at,
            ended_at: times.ended_at,
            wait_seconds: durations.wait_seconds,
            talk_seconds: durations.talk_seconds,
            duration_seconds: durations.duration_seconds,
            disposition: String::new(),
            recording_url: String::new(),
            external_id: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }
}

const COLUMNS: [&str; 23] = [
    "id",
    "company_id",
    "project_id",
    "channel",
    "direction",
    "from_number",
    "to_number",
    "queue_id",
    "campaign_id",
    "agent_id",
    "case_id",
    "started_at",
    "answered_at",
    "ended_at",
    "wait_seconds",
    "talk_seconds",
    "duration_seconds",
    "disposition",
    "recording_url",
    "external_id",
    "version",
    "created_at",
    "updated_at",
];

fn values(i: &InteractionRow) -> Vec<Arg> {
    vec![
        i.id.as_str().into(),
        i.company_id.as_str().into(),
        i.project_id.as_deref().into(),
        i.channel.as_str().into(),
        i.direction.as_str().into(),
        i.from_number.as_str().into(),
        i.to_number.as_str().into(),
        i.queue_id.as_deref().into(),
        i.campaign_id.as_deref().into(),
        i.agent_id.as_deref().into(),
        i.case_id.as_deref().into(),
        i.started_at.into(),
        i.answered_at.into(),
        i.ended_at.into(),
        i.wait_seconds.into(),
        i.talk_seconds.into(),
        i.duration_seconds.into(),
        i.disposition.as_str().into(),
        i.recording_url.as_str().into(),
        i.external_id.as_deref().into(),
        i.version.into(),
        i.created_at.into(),
        i.updated_at.into(),
    ]
}

/// Inserts many interactions in a few statements (generated datasets).
pub async fn insert_many(tx: &mut Tx, rows: &[InteractionRow]) -> Result<u64> {
    crate::bulk::insert(
        tx,
        "interactions",
        &COLUMNS,
        rows.iter().map(values).collect(),
    )
    .await
}

pub async fn insert(tx: &mut Tx, i: &InteractionRow) -> Result<()> {
    insert_many(tx, std::slice::from_ref(i)).await?;
    Ok(())
}

/// Saves what may change after an interaction is recorded (it is answered, ends, gets
/// its disposition, recording or agent) if it is still at `before.version`; `false`
/// when another writer got there first.
pub async fn update(tx: &mut Tx, before: &InteractionRow, i: &InteractionRow) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE interactions SET agent_id = ?, case_id = ?, answered_at = ?, ended_at = ?, \
                 wait_seconds = ?, talk_seconds = ?, duration_seconds = ?, disposition = ?, \
                 recording_url = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(i.agent_id.as_deref())
            .arg(i.case_id.as_deref())
            .arg(i.answered_at)
            .arg(i.ended_at)
            .arg(i.wait_seconds)
            .arg(i.talk_seconds)
            .arg(i.duration_seconds)
            .arg(&i.disposition)
            .arg(&i.recording_url)
            .arg(i.updated_at)
            .arg(&i.id)
            .arg(before.version),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn get(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Option<InteractionRow>> {
    tx.fetch_optional(visibility::interactions(
        Sql::new("SELECT i.* FROM interactions i WHERE i.id = ?").arg(id),
        scope,
    ))
    .await
}

/// The interaction a caller recorded under `external_id`, whoever may see it: the
/// idempotency check of ingestion.
pub async fn by_external_id(
    tx: &mut Tx,
    company_id: &str,
    external_id: &str,
) -> Result<Option<InteractionRow>> {
    tx.fetch_optional(
        Sql::new("SELECT i.* FROM interactions i WHERE i.company_id = ? AND i.external_id = ?")
            .arg(company_id)
            .arg(external_id),
    )
    .await
}

/// How the call and chat log narrows interactions; times bound `started_at`.
#[derive(Debug, Clone, Default)]
pub struct InteractionFilter {
    pub project_id: Option<String>,
    pub agent_id: Option<String>,
    pub queue_id: Option<String>,
    pub campaign_id: Option<String>,
    pub case_id: Option<String>,
    /// Handled by an agent of this group.
    pub group_id: Option<String>,
    pub channel: Option<String>,
    pub direction: Option<String>,
    pub disposition: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

fn filtered(select: &str, scope: &Scope, f: &InteractionFilter) -> Sql {
    let mut sql = visibility::interactions(Sql::new(select).push(" WHERE 1 = 1"), scope);
    let equal = [
        ("i.project_id", &f.project_id),
        ("i.agent_id", &f.agent_id),
        ("i.queue_id", &f.queue_id),
        ("i.campaign_id", &f.campaign_id),
        ("i.case_id", &f.case_id),
        ("i.channel", &f.channel),
        ("i.direction", &f.direction),
        ("i.disposition", &f.disposition),
    ];
    for (column, value) in equal {
        if let Some(value) = value {
            sql = sql.push(&format!(" AND {column} = ?")).arg(value.as_str());
        }
    }
    if let Some(group) = &f.group_id {
        sql = sql
            .push(" AND i.agent_id IN (SELECT user_id FROM group_members WHERE group_id = ?)")
            .arg(group.as_str());
    }
    if let Some(from) = f.from {
        sql = sql.push(" AND i.started_at >= ?").arg(from);
    }
    if let Some(to) = f.to {
        sql = sql.push(" AND i.started_at < ?").arg(to);
    }
    sql
}

/// A page of the log, newest first, after the cursor (`started_at|id` of the last row
/// of the previous page); `None` when the cursor does not parse.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    filter: &InteractionFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Option<Vec<InteractionRow>>> {
    let mut sql = filtered("SELECT i.* FROM interactions i", scope, filter);
    if let Some(after) = after {
        let Some((at, id)) = after.split_once('|') else {
            return Ok(None);
        };
        let Ok(at) = DateTime::parse_from_rfc3339(at) else {
            return Ok(None);
        };
        let at = at.with_timezone(&Utc);
        sql = sql
            .push(" AND (i.started_at < ? OR (i.started_at = ? AND i.id < ?))")
            .arg(at)
            .arg(at)
            .arg(id);
    }
    let sql = sql
        .push(" ORDER BY i.started_at DESC, i.id DESC LIMIT ?")
        .arg(limit);
    Ok(Some(tx.fetch_all(sql).await?))
}

/// The cursor that resumes a page after `row`.
pub fn cursor(row: &InteractionRow) -> String {
    format!(
        "{}|{}",
        row.started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        row.id
    )
}

pub async fn count(tx: &mut Tx, scope: &Scope, filter: &InteractionFilter) -> Result<i64> {
    tx.fetch_count(filtered(
        "SELECT COUNT(*) FROM interactions i",
        scope,
        filter,
    ))
    .await
}

/// The project an interaction belongs to: its campaign's, else its queue's.
pub async fn project_of(
    tx: &mut Tx,
    campaign_id: Option<&str>,
    queue_id: Option<&str>,
) -> Result<Option<String>> {
    for object in [campaign_id, queue_id].into_iter().flatten() {
        let project: Option<(String,)> = tx
            .fetch_optional(
                Sql::new("SELECT MIN(project_id) FROM project_objects WHERE object_id = ? HAVING COUNT(*) > 0")
                    .arg(object),
            )
            .await?;
        if let Some((project,)) = project {
            return Ok(Some(project));
        }
    }
    Ok(None)
}
