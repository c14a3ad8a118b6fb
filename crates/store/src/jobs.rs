//! Background jobs and their progress.

use chrono::{DateTime, Utc};

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
}

pub async fn insert(tx: &mut Tx, job: &JobRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO jobs (id, company_id, user_id, kind, status, total, created_at, updated_at, \
             campaign_id, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .arg(job.file_name.as_deref()),
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
