//! Background jobs and their progress.

use chrono::{DateTime, Utc};

use crate::db::Arg;
use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: String,
    pub company_id: String,
    pub user_id: Option<String>,
    pub kind: String,
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub errors: String,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// An import's campaign.
    pub campaign_id: Option<String>,
    /// An uploaded import's file name.
    pub file_name: Option<String>,
    /// An assignment's or distribution's outcome so far, JSON `{assigned, loads}`.
    pub result: Option<String>,
    /// The server process carrying out an assignment or distribution.
    pub owner: Option<String>,
}

pub async fn insert(tx: &mut Tx, job: &JobRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO jobs (id, company_id, user_id, kind, status, total, created_at, updated_at, \
             campaign_id, file_name, result, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&job.id)
        .arg(&job.company_id)
        .arg(job.user_id.as_deref())
        .arg(&job.kind)
        .arg(&job.status)
        .arg(job.total)
        .arg(job.created_at)
        .arg(job.updated_at)
        .arg(job.campaign_id.as_deref())
        .arg(job.file_name.as_deref())
        .arg(job.result.as_deref())
        .arg(job.owner.as_deref()),
    )
    .await?;
    Ok(())
}

/// Records progress (and, once finished, the outcome) of a job still open; answers
/// false, changing nothing, if it was closed meanwhile (as stalled, by another server
/// process).
pub async fn save_progress(tx: &mut Tx, job: &JobRow) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET status = ?, total = ?, processed = ?, succeeded = ?, failed = ?, \
                 errors = ?, message = ?, updated_at = ?, finished_at = ? \
                 WHERE id = ? AND status IN ('queued', 'running')",
            )
            .arg(&job.status)
            .arg(job.total)
            .arg(job.processed)
            .arg(job.succeeded)
            .arg(job.failed)
            .arg(&job.errors)
            .arg(job.message.as_deref())
            .arg(job.updated_at)
            .arg(job.finished_at)
            .arg(&job.id),
        )
        .await?;
    Ok(changed == 1)
}

/// The sign of life of an open job's worker; answers false if the job is closed.
pub async fn beat(tx: &mut Tx, id: &str, at: DateTime<Utc>) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET updated_at = ? WHERE id = ? AND status IN ('queued', 'running')",
            )
            .arg(at)
            .arg(id),
        )
        .await?;
    Ok(changed == 1)
}

/// Closes an open job with no sign of life since `before` as failed with `message`;
/// answers false if it was closed or alive meanwhile (another process got there first,
/// or its worker beat).
pub async fn close_stalled(
    tx: &mut Tx,
    id: &str,
    before: DateTime<Utc>,
    message: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET status = 'failed', message = ?, updated_at = ?, finished_at = ? \
                 WHERE id = ? AND status IN ('queued', 'running') AND updated_at < ?",
            )
            .arg(message)
            .arg(at)
            .arg(at)
            .arg(id)
            .arg(before),
        )
        .await?;
    Ok(changed == 1)
}

/// The company's latest jobs of `kind`, newest first.
pub async fn recent(tx: &mut Tx, company_id: &str, kind: &str, limit: i64) -> Result<Vec<JobRow>> {
    tx.fetch_all(
        Sql::new("SELECT * FROM jobs WHERE company_id = ? AND kind = ? ORDER BY id DESC LIMIT ?")
            .arg(company_id)
            .arg(kind)
            .arg(limit),
    )
    .await
}

pub async fn get(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<JobRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM jobs WHERE company_id = ? AND id = ?")
            .arg(company_id)
            .arg(id),
    )
    .await
}

/// Jobs of `kind` still queued or running whose progress has not moved since `before`.
pub async fn stalled(tx: &mut Tx, kind: &str, before: DateTime<Utc>) -> Result<Vec<JobRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT * FROM jobs WHERE kind = ? AND status IN ('queued', 'running') AND updated_at < ? \
             ORDER BY id",
        )
        .arg(kind)
        .arg(before),
    )
    .await
}

/// One move of an assignment's or distribution's plan.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobMove {
    pub seq: i64,
    pub case_id: String,
    /// The version the case must still be at to be moved.
    pub version: i64,
    /// Its holder when planned.
    pub from_id: Option<String>,
    pub to_id: String,
    pub project_id: Option<String>,
    pub is_open: bool,
}

const MOVE_COLUMNS: [&str; 8] = [
    "job_id",
    "seq",
    "case_id",
    "version",
    "from_id",
    "to_id",
    "project_id",
    "is_open",
];

/// Stores part of a job's plan.
pub async fn insert_moves(tx: &mut Tx, job_id: &str, moves: &[JobMove]) -> Result<()> {
    let rows = moves
        .iter()
        .map(|m| {
            vec![
                Arg::from(job_id),
                m.seq.into(),
                (&m.case_id).into(),
                m.version.into(),
                m.from_id.as_deref().into(),
                (&m.to_id).into(),
                m.project_id.as_deref().into(),
                m.is_open.into(),
            ]
        })
        .collect();
    crate::bulk::insert(tx, "job_moves", &MOVE_COLUMNS, rows).await?;
    Ok(())
}

/// The job's planned moves from `from` on, at most `limit`, in order.
pub async fn moves(tx: &mut Tx, job_id: &str, from: i64, limit: i64) -> Result<Vec<JobMove>> {
    tx.fetch_all(
        Sql::new(
            "SELECT seq, case_id, version, from_id, to_id, project_id, is_open FROM job_moves \
             WHERE job_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
        )
        .arg(job_id)
        .arg(from)
        .arg(limit),
    )
    .await
}

/// Forgets the job's moves before `before` (applied, or the whole plan once it ends).
pub async fn delete_moves(tx: &mut Tx, job_id: &str, before: i64) -> Result<()> {
    tx.execute(
        Sql::new("DELETE FROM job_moves WHERE job_id = ? AND seq < ?")
            .arg(job_id)
            .arg(before),
    )
    .await?;
    Ok(())
}

/// Marks a queued job, its plan stored, running under `owner`; false if it was closed.
pub async fn start_running(tx: &mut Tx, id: &str, owner: &str, at: DateTime<Utc>) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET status = 'running', owner = ?, updated_at = ? \
                 WHERE id = ? AND status = 'queued'",
            )
            .arg(owner)
            .arg(at)
            .arg(id),
        )
        .await?;
    Ok(changed == 1)
}

/// Takes the moves `from..to` of a running job for `owner`, inside the transaction that
/// applies them: false, changing nothing, if the job is no longer this owner's or no
/// longer at `from` (another process took it over, or it was closed). On PostgreSQL the
/// job's row stays locked until the transaction ends, so one chunk is applied once.
pub async fn take_chunk(
    tx: &mut Tx,
    id: &str,
    owner: &str,
    from: i64,
    to: i64,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET processed = ?, updated_at = ? \
                 WHERE id = ? AND owner = ? AND processed = ? AND status = 'running'",
            )
            .arg(to)
            .arg(at)
            .arg(id)
            .arg(owner)
            .arg(from),
        )
        .await?;
    Ok(changed == 1)
}

/// Counts a chunk's applied and skipped moves, with the outcome so far if it changed.
pub async fn count_chunk(
    tx: &mut Tx,
    id: &str,
    applied: i64,
    skipped: i64,
    result: Option<&str>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "UPDATE jobs SET succeeded = succeeded + ?, failed = failed + ?, \
             result = COALESCE(?, result) WHERE id = ?",
        )
        .arg(applied)
        .arg(skipped)
        .arg(result)
        .arg(id),
    )
    .await?;
    Ok(())
}

/// Ends an open job of `owner` (`done` or `failed`, saying why); false if it was not
/// theirs or already closed.
pub async fn finish(
    tx: &mut Tx,
    id: &str,
    owner: &str,
    status: &str,
    message: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET status = ?, message = ?, updated_at = ?, finished_at = ? \
                 WHERE id = ? AND owner = ? AND status IN ('queued', 'running')",
            )
            .arg(status)
            .arg(message)
            .arg(at)
            .arg(at)
            .arg(id)
            .arg(owner),
        )
        .await?;
    Ok(changed == 1)
}

/// Claims a running job with no sign of life since `before` for `owner`; false if
/// another process claimed it first, or its worker was alive after all.
pub async fn claim_stalled(
    tx: &mut Tx,
    id: &str,
    owner: &str,
    before: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE jobs SET owner = ?, updated_at = ? \
                 WHERE id = ? AND status = 'running' AND updated_at < ?",
            )
            .arg(owner)
            .arg(at)
            .arg(id)
            .arg(before),
        )
        .await?;
    Ok(changed == 1)
}

/// A job by id, whatever its company (for the process carrying it out).
pub async fn by_id(tx: &mut Tx, id: &str) -> Result<Option<JobRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM jobs WHERE id = ?").arg(id))
        .await
}
