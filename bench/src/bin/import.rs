//! Imports a CSV of customers into a dialer campaign as the import page does: the
//! job is started through the application layer and followed until it ends. Times
//! the whole job (header check and row count, validation, batched writes of cases,
//! search terms and history) and checks every valid row landed and every invalid
//! one was reported.
//!
//!     switchboard generate --companies 1 --users-per-company 50 \
//!         --projects-per-company 1 --cases 0 --database sqlite://import.db
//!     cargo run --release -p bench --bin import -- --database sqlite://import.db
//!
//! If the database holds a second generated company (`--companies 2 --cases 200`),
//! its Admin edits one of its cases every 20 ms during the import, and the longest of
//! those small writes is reported: how long another company waits behind the import.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use store::Sql;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    #[arg(long, default_value_t = 1_000_000)]
    rows: usize,
    /// SQLite's page cache per connection, in MB (the server's default is 32).
    #[arg(long, default_value_t = 32)]
    sqlite_cache_mb: u32,
    /// Target for the whole job, in seconds.
    #[arg(long, default_value_t = 60.0)]
    target_s: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let ctx = bench::open_with(&args.database, args.sqlite_cache_mb).await?;
    let mut tx = ctx.pool.read().await?;
    let company = bench::generated_company(&mut tx).await?;
    let admin = bench::users_with_template(&mut tx, &company, "admin").await?;
    let admin = bench::actor(&mut tx, &company, admin.first().context("no admin")?).await?;
    let campaign = bench::dialer_campaign(&mut tx, &company).await?;
    let cases_before = count(&mut tx, &company).await?;
    drop(tx);

    let csv = app::generate::import_csv(args.rows, 7);
    let megabytes = csv.len() as f64 / 1e6;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = bench::bystander(&ctx)
        .await?
        .filter(|(_, cases)| !cases.is_empty())
        .map(|(admin, cases)| {
            tokio::spawn(bench::small_writes(
                ctx.clone(),
                admin,
                cases,
                std::sync::Arc::clone(&stop),
            ))
        });
    let started = Instant::now();
    let job = app::case_import::start(&ctx, &admin, &campaign, csv.into(), None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let job = loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let job = app::case_import::job(&ctx, &admin, &job.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if job.finished_at.is_some() {
            break job;
        }
    };
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(writer) = writer {
        let waits = bench::Summary::of(writer.await??);
        println!(
            "another company's case edits during the import: p50 {} ms, p95 {} ms, max {} ms",
            bench::ms(waits.p50),
            bench::ms(waits.p95),
            bench::ms(waits.max)
        );
    }
    let mut tx = ctx.pool.read().await?;
    let landed = count(&mut tx, &company).await? - cases_before;
    println!(
        "| rows | CSV MB | status | stored | refused | seconds | rows/s |\n|---:|---:|---|---:|---:|---:|---:|"
    );
    println!(
        "| {} | {megabytes:.1} | {} | {} | {} | {:.1} | {:.0} |",
        args.rows,
        job.status,
        job.succeeded,
        job.failed,
        took.as_secs_f64(),
        args.rows as f64 / took.as_secs_f64()
    );
    let invalid = (args.rows / 100) as i64;
    if job.status != "done" || job.failed != invalid || landed != args.rows as i64 - invalid {
        bail!(
            "expected {} stored and {invalid} refused; the job says {} and {}, the table grew by {landed}",
            args.rows as i64 - invalid,
            job.succeeded,
            job.failed
        );
    }
    if took.as_secs_f64() > args.target_s {
        bail!("the import took longer than {} s", args.target_s);
    }
    Ok(())
}

async fn count(tx: &mut store::Tx, company: &str) -> anyhow::Result<i64> {
    let n: Option<(i64,)> = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM cases WHERE company_id = ?").arg(company))
        .await?;
    Ok(n.map_or(0, |(n,)| n))
}
