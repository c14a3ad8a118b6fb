//! Every report over the last 30 days, as the server computes it, for an Admin who
//! sees every project, Managers in 5 and in 50 projects, and a Supervisor (their
//! groups' agents and their queues).
//!
//!     cargo run --release -p bench --bin reports -- --database sqlite://big.db
//!
//! over a dataset from `switchboard generate --interactions N` (docs/BENCHMARKS.md).

use anyhow::bail;
use bench::ms;
use clap::Parser;
use domain::Actor;
use domain::clock::Range;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    /// Timed runs per report and class (after 10 untimed ones).
    #[arg(long, default_value_t = 20)]
    iterations: usize,
    /// p95 target in milliseconds.
    #[arg(long, default_value_t = 300.0)]
    target_ms: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let ctx = bench::open(&args.database).await?;
    let mut tx = ctx.pool.read().await?;
    let company = bench::generated_company(&mut tx).await?;
    let mut classes: Vec<(&str, Actor)> = Vec::new();
    for (label, template, projects) in [
        ("projects.view_all", "admin", None),
        ("manager, 5 projects", "manager", Some(5)),
        ("manager, 50 projects", "manager", Some(50)),
        ("supervisor", "supervisor", None),
    ] {
        let user = bench::user_with(&mut tx, &company, template, projects).await?;
        classes.push((label, bench::actor(&mut tx, &company, &user).await?));
    }
    drop(tx);
    let now = domain::clock::now();
    let query = app::reports::ReportQuery {
        range: Range {
            from: Some(now - chrono::Duration::days(30)),
            to: Some(now),
        },
        ..Default::default()
    };
    println!("| report | class | rows | p50 ms | p95 ms | max ms |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut missed = Vec::new();
    for name in app::reports::ReportName::ALL {
        for (label, actor) in &classes {
            let (summary, rows) = bench::time(args.iterations, || async {
                let report = app::reports::run(&ctx, actor, name, &query, false)
                    .await
                    .map_err(|e| anyhow::anyhow!("{}: {e}", name.key()))?;
                Ok(report.rows.len())
            })
            .await?;
            println!(
                "| {} | {label} | {rows} | {} | {} | {} |",
                name.key(),
                ms(summary.p50),
                ms(summary.p95),
                ms(summary.max)
            );
            if summary.p95.as_secs_f64() * 1000.0 > args.target_ms {
                missed.push(format!("{} for {label}", name.key()));
            }
        }
    }
    if !missed.is_empty() {
        bail!("over {} ms p95: {}", args.target_ms, missed.join(", "));
    }
    Ok(())
}
