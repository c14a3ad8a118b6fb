//! Distributes every case of a company over 500 operators, as the Reassign page's
//! preview and confirmation do, through the application layer (selection by filter,
//! who-may-take checks, the even spread, and for the confirmation the bulk move with
//! history events and audit entries). The target applies to working the distribution
//! out (what the preview shows); the confirmation's writes are reported beside it.
//! Each run shifts the operators' order so every case really changes hands (runs of
//! separate processes too: the first order depends on the clock).
//!
//! Over 5,000 cases the confirmation is a job applying the moves in chunks; it is timed
//! from the call until the job is done. Meanwhile, if the database holds a second
//! generated company, its Admin edits one of its cases every 20 ms, and the longest of
//! those small writes is reported: how long another company waits behind the job.
//! Several `--database` run one after the other in the same run.
//!
//!     switchboard generate --companies 2 --users-per-company 600 \
//!         --projects-per-company 1 --cases 200000 --database sqlite://dist.db
//!     cargo run --release -p bench --bin distribute -- --database sqlite://dist.db

use std::time::{Duration, Instant};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, bail};
use app::case_moves::Bulk;
use bench::{Summary, ms};
use clap::Parser;
use store::cases::CaseFilter;
use store::jobs::JobRow;

#[derive(Parser)]
struct Args {
    #[arg(long, required = true)]
    database: Vec<String>,
    #[arg(long, default_value_t = 500)]
    operators: usize,
    /// Timed runs of the preview and of the confirmation each.
    #[arg(long, default_value_t = 5)]
    iterations: usize,
    /// Target for working out the distribution (the preview), in milliseconds.
    #[arg(long, default_value_t = 1000.0)]
    target_ms: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    for database in &args.database {
        println!("\n{}", database.split('?').next().unwrap_or_default());
        run_on(&args, database).await?;
    }
    Ok(())
}

/// Waits for a job to end; fails unless it is done.
async fn finished(ctx: &app::Context, company: &str, id: &str) -> anyhow::Result<JobRow> {
    loop {
        let mut tx = ctx.pool.read().await?;
        let job = store::jobs::get(&mut tx, company, id)
            .await?
            .context("the job vanished")?;
        drop(tx);
        match job.status.as_str() {
            "done" => return Ok(job),
            "failed" => bail!("the job failed: {:?}", job.message),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

async fn run_on(args: &Args, database: &str) -> anyhow::Result<()> {
    let ctx = bench::open(database).await?;
    let bystander = bench::bystander(&ctx).await?;
    let mut tx = ctx.pool.read().await?;
    let company = bench::generated_company(&mut tx).await?;
    let admin = bench::users_with_template(&mut tx, &company, "admin").await?;
    let admin = bench::actor(&mut tx, &company, admin.first().context("no admin")?).await?;
    let mut operators = bench::users_with_template(&mut tx, &company, "agent").await?;
    if operators.len() < args.operators {
        bail!(
            "{} agents, {} wanted: generate more users",
            operators.len(),
            args.operators
        );
    }
    operators.truncate(args.operators);
    drop(tx);
    // Start from an order the last run of this binary (almost surely) did not end on:
    // the same order again would leave every case where it is and write nothing.
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let start = seconds as usize % operators.len();
    operators.rotate_left(start);

    let everything = || app::cases::Selection::Filter(CaseFilter::default());
    let mut previews = Vec::new();
    let mut confirmations = Vec::new();
    let mut answers = Vec::new();
    let mut waits = Vec::new();
    let mut cases = 0;
    for _ in 0..args.iterations {
        operators.rotate_left(1);
        for dry_run in [true, false] {
            let stop = Arc::new(AtomicBool::new(false));
            let writer = match (&bystander, dry_run) {
                (Some((admin, cases)), false) => Some(tokio::spawn(bench::small_writes(
                    ctx.clone(),
                    admin.clone(),
                    cases.clone(),
                    Arc::clone(&stop),
                ))),
                _ => None,
            };
            let started = Instant::now();
            let outcome = app::cases::distribute(&ctx, &admin, everything(), &operators, dry_run)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let outcome = match outcome {
                Bulk::Done(outcome) => outcome,
                Bulk::Started(job) => {
                    answers.push(started.elapsed());
                    let job = finished(&ctx, &company, &job.id).await?;
                    if job.succeeded != job.total {
                        bail!("{} of {} moves applied", job.succeeded, job.total);
                    }
                    app::case_moves::result_of(&job).context("a job without its result")?
                }
            };
            let took = started.elapsed();
            stop.store(true, Ordering::Relaxed);
            if let Some(writer) = writer {
                waits.extend(writer.await??);
            }
            cases = outcome.assigned.values().sum::<i64>();
            let loads = outcome.loads.values();
            let spread = loads.clone().max().unwrap_or(&0) - loads.min().unwrap_or(&0);
            if spread > 1 {
                bail!("open loads differ by {spread} after the distribution");
            }
            if dry_run {
                previews.push(took);
            } else {
                confirmations.push(took);
            }
        }
    }
    println!("{cases} cases over {} operators", operators.len());
    println!("| step | p50 ms | p95 ms | max ms |");
    println!("|---|---:|---:|---:|");
    let report = |name: &str, samples: Vec<Duration>| {
        let s = Summary::of(samples);
        println!("| {name} | {} | {} | {} |", ms(s.p50), ms(s.p95), ms(s.max));
        s
    };
    let preview = report("preview (dry run)", previews);
    if !answers.is_empty() {
        report("confirm: answer with the job (202)", answers);
    }
    report("confirm: until done (moves, history, audit)", confirmations);
    if !waits.is_empty() {
        println!(
            "{} small writes of another company during the confirmations",
            waits.len()
        );
        report("another company's case edit", waits);
    }
    if preview.p95.as_secs_f64() * 1000.0 > args.target_ms {
        bail!(
            "working out the distribution took longer than {} ms",
            args.target_ms
        );
    }
    Ok(())
}
