//! Carrying out an assignment or distribution once planned: the moves are applied in
//! chunks, each its own write transaction holding the moves, their history events and
//! audit entries whole or not at all, so that no other request waits long behind a
//! bulk action. Over [`crate::JobSettings::async_over`] cases the work is a job: its
//! plan is stored (`job_moves`) and its progress saved with each chunk, so that a job
//! left by a stopped server is resumed by any server process from its first move not
//! yet applied.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use domain::{Actor, Permission};
use serde_json::json;
use store::Tx;
use store::jobs::{JobMove, JobRow};

use crate::Context;
use crate::audit::{self, Change};
use crate::cases::Distribution;
use crate::error::{AppError, AppResult};

/// Planned moves stored per transaction when a job starts.
const PLAN_CHUNK: usize = 5_000;
/// Every server process looks for stalled jobs this often.
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);
/// The kinds of job carried out here.
const KINDS: [&str; 2] = ["assignment", "distribution"];

/// What an assignment or distribution will do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `assignment` or `distribution`.
    pub kind: &'static str,
    /// The cases selected (those already with their new holder included).
    pub cases: usize,
    /// The cases that change hands, `seq` numbering them from 0.
    pub moves: Vec<JobMove>,
    /// What the plan gives each operator, and their open loads afterwards.
    pub outcome: Distribution,
}

/// A bulk action's answer: done, or a job to follow.
#[derive(Debug, Clone)]
pub enum Bulk {
    Done(Distribution),
    Started(Box<JobRow>),
}

/// Carries a plan out: at most [`crate::JobSettings::async_over`] cases in chunks now
/// (409 if a case changed meanwhile: that chunk is left out whole, and the error says
/// how many moves the chunks before it applied), more as a job.
pub async fn carry_out(ctx: &Context, actor: &Actor, plan: Plan) -> AppResult<Bulk> {
    if plan.cases > ctx.jobs.async_over() {
        return start(ctx, actor, plan)
            .await
            .map(|job| Bulk::Started(Box::new(job)));
    }
    let mut applied = 0;
    for chunk in plan.moves.chunks(ctx.jobs.chunk()) {
        let at = domain::clock::now();
        let mut tx = ctx.pool.write().await?;
        let moved = apply(&mut tx, actor, chunk, false, at).await?;
        if moved.len() != chunk.len() {
            let message = if applied == 0 {
                "some of the cases changed while being assigned; nothing was assigned, try again"
                    .to_owned()
            } else {
                format!(
                    "some of the cases changed while being assigned; {applied} of {} moves were \
                     applied before them, the rest not; try again",
                    plan.moves.len()
                )
            };
            return Err(AppError::Conflict {
                code: "changed_concurrently",
                message,
            });
        }
        tx.commit().await?;
        applied += chunk.len();
    }
    Ok(Bulk::Done(plan.outcome))
}

/// Applies `moves` in `tx`: each case still at its expected version (and, if
/// `visible_only`, still visible to the actor) changes hands, with its history event
/// and audit entry. Answers the ids moved.
async fn apply(
    tx: &mut Tx,
    actor: &Actor,
    moves: &[JobMove],
    visible_only: bool,
    at: domain::clock::Timestamp,
) -> AppResult<HashSet<String>> {
    let visible: Option<HashSet<String>> = if visible_only {
        let ids: Vec<String> = moves.iter().map(|m| m.case_id.clone()).collect();
        Some(
            store::cases::holdings_visible(tx, &actor.scope(), &ids)
                .await?
                .into_iter()
                .map(|h| h.id)
                .collect(),
        )
    } else {
        None
    };
    let reassignments: Vec<store::cases::Reassignment> = moves
        .iter()
        .filter(|m| visible.as_ref().is_none_or(|v| v.contains(&m.case_id)))
        .map(|m| store::cases::Reassignment {
            id: &m.case_id,
            version: m.version,
            to: &m.to_id,
        })
        .collect();
    let moved: HashSet<String> =
        store::cases::reassign_many(tx, &actor.company_id, &reassignments, at)
            .await?
            .into_iter()
            .collect();
    let done: Vec<&JobMove> = moves
        .iter()
        .filter(|m| moved.contains(&m.case_id))
        .collect();
    let events: Vec<store::cases::EventRow> = done
        .iter()
        .map(|m| {
            let data = json!({ "from": m.from_id, "to": m.to_id });
            crate::cases::event(&m.case_id, actor, "assigned", data, at)
        })
        .collect();
    store::cases::insert_events(tx, &actor.company_id, &events).await?;
    let changes = done
        .iter()
        .map(|m| {
            Change::by(
                actor,
                "case.assigned",
                "case",
                &m.case_id,
                Some(json!({ "assignee_id": m.from_id })),
                Some(json!({ "assignee_id": m.to_id })),
                at,
            )
            .in_projects(m.project_id.clone())
        })
        .collect();
    audit::record_many(tx, changes).await?;
    Ok(moved)
}

fn result_json(outcome: &Distribution) -> String {
    json!({ "assigned": outcome.assigned, "loads": outcome.loads }).to_string()
}

/// The outcome a job's row holds.
pub fn result_of(job: &JobRow) -> Option<Distribution> {
    let value: serde_json::Value = serde_json::from_str(job.result.as_deref()?).ok()?;
    let map = |key: &str| -> BTreeMap<String, i64> {
        serde_json::from_value(value[key].clone()).unwrap_or_default()
    };
    Some(Distribution {
        assigned: map("assigned"),
        loads: map("loads"),
    })
}

/// Stores the job and hands its plan to a task of this process; answers the job.
async fn start(ctx: &Context, actor: &Actor, plan: Plan) -> AppResult<JobRow> {
    let at = domain::clock::now();
    let job = JobRow {
        id: domain::ids::new_id(),
        company_id: actor.company_id.clone(),
        user_id: Some(actor.user_id.clone()),
        kind: plan.kind.into(),
        status: "queued".into(),
        total: plan.moves.len() as i64,
        processed: 0,
        succeeded: 0,
        failed: 0,
        errors: "[]".into(),
        message: None,
        created_at: at,
        updated_at: at,
        finished_at: None,
        campaign_id: None,
        file_name: None,
        result: Some(result_json(&plan.outcome)),
        owner: Some(ctx.process_id.to_string()),
    };
    let mut tx = ctx.pool.write().await?;
    store::jobs::insert(&mut tx, &job).await?;
    tx.commit().await?;
    let (ctx, actor, id) = (ctx.clone(), actor.clone(), job.id.clone());
    tokio::spawn(async move {
        let outcome = async {
            store_plan(&ctx, &id, &plan.moves).await?;
            run(&ctx, &id, Some(actor)).await
        };
        if let Err(error) = outcome.await {
            // Resumed by a sweep once it looks stalled, if it got to run.
            tracing::error!(job = %id, %error, "case moves job stopped");
        }
    });
    Ok(job)
}

/// Stores the plan, a bounded part per transaction, then lets the job run.
async fn store_plan(ctx: &Context, job_id: &str, moves: &[JobMove]) -> AppResult<()> {
    for part in moves.chunks(PLAN_CHUNK) {
        let mut tx = ctx.pool.write().await?;
        store::jobs::insert_moves(&mut tx, job_id, part).await?;
        if !store::jobs::beat(&mut tx, job_id, domain::clock::now()).await? {
            return Ok(());
        }
        tx.commit().await?;
    }
    let mut tx = ctx.pool.write().await?;
    let started =
        store::jobs::start_running(&mut tx, job_id, &ctx.process_id, domain::clock::now()).await?;
    tx.commit().await?;
    if !started {
        forget_plan(ctx, job_id).await?;
    }
    Ok(())
}

/// Deletes a finished job's remaining plan, a bounded part per transaction.
async fn forget_plan(ctx: &Context, job_id: &str) -> AppResult<()> {
    let mut tx = ctx.pool.read().await?;
    let left = store::jobs::moves(&mut tx, job_id, 0, 1).await?;
    drop(tx);
    let Some(first) = left.first() else {
        return Ok(());
    };
    let mut before = first.seq;
    loop {
        before += PLAN_CHUNK as i64;
        let mut tx = ctx.pool.write().await?;
        store::jobs::delete_moves(&mut tx, job_id, before).await?;
        tx.commit().await?;
        let mut tx = ctx.pool.read().await?;
        if store::jobs::moves(&mut tx, job_id, before, 1)
            .await?
            .is_empty()
        {
            return Ok(());
        }
    }
}

/// Carries out a running job owned by this process from its first move not yet
/// applied, as `actor` (its starter), or, resuming, as its starter is now: one who
/// may no longer assign cases ends it, saying how many moves were applied.
async fn run(ctx: &Context, job_id: &str, actor: Option<Actor>) -> AppResult<()> {
    let mut read = ctx.pool.read().await?;
    let Some(job) = store::jobs::by_id(&mut read, job_id).await? else {
        return Ok(());
    };
    if job.status != "running" || job.owner.as_deref() != Some(&*ctx.process_id) {
        return Ok(());
    }
    let actor = match actor {
        Some(actor) => Some(actor),
        None => match job.user_id.as_deref() {
            Some(user_id) => {
                crate::sessions::actor_for_user(&mut read, &job.company_id, user_id).await?
            }
            None => None,
        },
    };
    drop(read);
    let Some(actor) = actor.filter(|a| a.can(Permission::CASES_ASSIGN)) else {
        let message = format!(
            "the user who started it may no longer assign cases; {} of {} moves were applied",
            job.succeeded, job.total
        );
        end(ctx, &job, "failed", Some(&message)).await?;
        forget_plan(ctx, job_id).await?;
        return Ok(());
    };
    let mut outcome = result_of(&job).unwrap_or_default();
    let (mut processed, mut skipped) = (job.processed, job.failed);
    loop {
        let mut read = ctx.pool.read().await?;
        let moves =
            store::jobs::moves(&mut read, job_id, processed, ctx.jobs.chunk() as i64).await?;
        drop(read);
        let to = processed + moves.len() as i64;
        if moves.is_empty() || moves[0].seq != processed || to > job.total {
            if processed < job.total {
                let message = format!(
                    "the job's plan was lost; {} of {} moves were applied",
                    processed - skipped,
                    job.total
                );
                end(ctx, &job, "failed", Some(&message)).await?;
                forget_plan(ctx, job_id).await?;
            } else {
                end(ctx, &job, "done", None).await?;
            }
            return Ok(());
        }
        let at = domain::clock::now();
        let mut tx = ctx.pool.write().await?;
        if !store::jobs::take_chunk(&mut tx, job_id, &ctx.process_id, processed, to, at).await? {
            // Taken over by another process, or closed.
            return Ok(());
        }
        let moved = apply(&mut tx, &actor, &moves, true, at).await?;
        let left: Vec<&JobMove> = moves
            .iter()
            .filter(|m| !moved.contains(&m.case_id))
            .collect();
        for m in &left {
            if let Some(n) = outcome.assigned.get_mut(&m.to_id) {
                *n -= 1;
            }
            if m.is_open {
                if let Some(n) = outcome.loads.get_mut(&m.to_id) {
                    *n -= 1;
                }
                if let Some(n) = m.from_id.as_ref().and_then(|f| outcome.loads.get_mut(f)) {
                    *n += 1;
                }
            }
        }
        let result = (!left.is_empty()).then(|| result_json(&outcome));
        store::jobs::count_chunk(
            &mut tx,
            job_id,
            moved.len() as i64,
            left.len() as i64,
            result.as_deref(),
        )
        .await?;
        store::jobs::delete_moves(&mut tx, job_id, to).await?;
        skipped += left.len() as i64;
        if to == job.total {
            let message = (skipped > 0).then(|| {
                format!(
                    "{skipped} of the cases changed or left the starter's sight after the plan \
                     and kept their holder; {} of {} moves were applied",
                    to - skipped,
                    job.total
                )
            });
            store::jobs::finish(
                &mut tx,
                job_id,
                &ctx.process_id,
                "done",
                message.as_deref(),
                at,
            )
            .await?;
        }
        tx.commit().await?;
        processed = to;
        if to == job.total {
            return Ok(());
        }
    }
}

async fn end(ctx: &Context, job: &JobRow, status: &str, message: Option<&str>) -> AppResult<()> {
    let mut tx = ctx.pool.write().await?;
    let at = domain::clock::now();
    store::jobs::finish(&mut tx, &job.id, &ctx.process_id, status, message, at).await?;
    tx.commit().await?;
    Ok(())
}

/// What a job closed before its plan was stored says.
const STOPPED_BEFORE: &str = "the server stopped before the job began; no case was moved";

/// Takes up the assignment and distribution jobs a stopped server left: a job whose
/// plan was stored is claimed (by one process of those sweeping at once) and resumed
/// here from its first move not yet applied; one stopped before that ends, having
/// moved nothing. Answers how many jobs it took up or closed.
pub async fn resume_stalled(ctx: &Context) -> AppResult<usize> {
    let now = domain::clock::now();
    let before = now - ctx.jobs.stalled_after();
    let mut read = ctx.pool.read().await?;
    let mut stalled = Vec::new();
    for kind in KINDS {
        stalled.extend(store::jobs::stalled(&mut read, kind, before).await?);
    }
    drop(read);
    let mut taken = 0;
    for job in stalled {
        let mut tx = ctx.pool.write().await?;
        if job.status == "queued" {
            if store::jobs::close_stalled(&mut tx, &job.id, before, STOPPED_BEFORE, now).await? {
                tx.commit().await?;
                forget_plan(ctx, &job.id).await?;
                taken += 1;
            }
            continue;
        }
        if store::jobs::claim_stalled(&mut tx, &job.id, &ctx.process_id, before, now).await? {
            tx.commit().await?;
            taken += 1;
            tracing::warn!(job = %job.id, processed = job.processed, "resuming a stalled job");
            let ctx = ctx.clone();
            tokio::spawn(async move {
                if let Err(error) = run(&ctx, &job.id, None).await {
                    tracing::error!(job = %job.id, %error, "case moves job stopped");
                }
            });
        }
    }
    Ok(taken)
}

/// Runs [`resume_stalled`] now and then every `every`, for as long as the server runs.
pub async fn resume_stalled_every(ctx: Context, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match resume_stalled(&ctx).await {
            Ok(0) => {}
            Ok(jobs) => tracing::warn!(jobs, "jobs left by a stopped server taken up"),
            Err(error) => tracing::warn!(%error, "cannot take up stalled jobs"),
        }
    }
}

/// A job of the actor's company: its starter, or anyone who does its kind of work
/// (imports, or assignments), may follow it.
pub async fn job(ctx: &Context, actor: &Actor, id: &str) -> AppResult<JobRow> {
    let mut tx = ctx.pool.read().await?;
    let job = store::jobs::get(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = job.user_id.as_deref() == Some(actor.user_id.as_str());
    let needed = if KINDS.contains(&job.kind.as_str()) {
        Permission::CASES_ASSIGN
    } else {
        Permission::CASES_IMPORT
    };
    if !mine && !actor.can(needed) {
        return Err(AppError::NotFound);
    }
    Ok(job)
}
