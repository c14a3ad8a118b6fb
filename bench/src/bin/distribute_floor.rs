//! The least that confirming a distribution can cost on a database, whatever the
//! application around it: every case of the company changes holder, each with the
//! history event and the audit entry the spec asks of every move. The database writes
//! them itself, from the cases table (`UPDATE … FROM`, `INSERT … SELECT`): no row
//! crosses the connection, nothing is encoded, checked or hashed, and the commit is
//! left out (each run is rolled back, so the dataset stays as it was). A narrow table
//! of holders (case, holder, version) stands for the schema where the holder lives
//! apart from the case's other columns.
//!
//!     switchboard generate --companies 1 --users-per-company 600 \
//!         --projects-per-company 1 --cases 100000 --database sqlite://dist.db
//!     cargo run --release -p bench --bin distribute_floor -- --database sqlite://dist.db

use std::time::{Duration, Instant};

use anyhow::bail;
use bench::{Summary, ms};
use clap::Parser;
use store::{Sql, Tx};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    #[arg(long, default_value_t = 500)]
    operators: usize,
    #[arg(long, default_value_t = 5)]
    iterations: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

/// The steps timed, in the order they run in one transaction.
const STEPS: [&str; 4] = [
    "holders changed in `cases`",
    "holders changed in a narrow table",
    "history events",
    "audit entries",
];

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let ctx = bench::open(&args.database).await?;
    let mut tx = ctx.pool.read().await?;
    let company = bench::generated_company(&mut tx).await?;
    let actor = bench::users_with_template(&mut tx, &company, "admin").await?;
    let actor = actor.first().cloned().unwrap_or_default();
    let operators = bench::users_with_template(&mut tx, &company, "agent").await?;
    if operators.len() < args.operators {
        bail!("{} agents, {} wanted", operators.len(), args.operators);
    }
    drop(tx);

    let mut tx = ctx.pool.write().await?;
    narrow_holders(&mut tx, &company).await?;
    tx.commit().await?;

    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); STEPS.len()];
    let mut moved = 0;
    for iteration in 0..args.iterations {
        let mut tx = ctx.pool.write().await?;
        moved = moves(&mut tx, &company, &operators[..args.operators], iteration).await?;
        let at = chrono::Utc::now();
        let steps = [
            Sql::new(
                "UPDATE cases SET assignee_id = m.assignee, version = cases.version + 1, \
                 updated_at = ? FROM floor_moves m \
                 WHERE cases.company_id || '' = ? AND cases.id = m.id AND cases.version = m.version",
            )
            .arg(at)
            .arg(&company),
            Sql::new(
                "UPDATE floor_holders SET assignee_id = m.assignee, \
                 version = floor_holders.version + 1 FROM floor_moves m \
                 WHERE floor_holders.case_id = m.id AND floor_holders.version = m.version",
            ),
            Sql::new(
                "INSERT INTO case_events (id, company_id, case_id, at, actor_id, kind, data) \
                 SELECT 'floor' || m.id, ?, m.id, ?, ?, 'assigned', \
                 '{\"from\":\"' || coalesce(m.holder, '') || '\",\"to\":\"' || m.assignee || '\"}' \
                 FROM floor_moves m",
            )
            .arg(&company)
            .arg(at)
            .arg(&actor),
            // The link hashes are computed by the application; a constant of their
            // length stands for them here.
            Sql::new(
                "INSERT INTO audit_log (id, company_id, at, actor_id, action, object_kind, \
                 object_id, project_ids, before, after, seq, prev_hash, hash) \
                 SELECT 'floor' || m.id, ?, ?, ?, 'case.assigned', 'case', m.id, \
                 '[\"' || coalesce(m.project_id, '') || '\"]', \
                 '{\"assignee_id\":\"' || coalesce(m.holder, '') || '\"}', \
                 '{\"assignee_id\":\"' || m.assignee || '\"}', \
                 (SELECT coalesce(max(seq), 0) FROM audit_log WHERE company_id = ?) \
                   + row_number() OVER (ORDER BY m.id), ?, ? \
                 FROM floor_moves m",
            )
            .arg(&company)
            .arg(at)
            .arg(&actor)
            .arg(&company)
            .arg("0".repeat(64))
            .arg("0".repeat(64)),
        ];
        for (step, sql) in steps.into_iter().enumerate() {
            let started = Instant::now();
            let written = tx.execute(sql).await? as usize;
            samples[step].push(started.elapsed());
            if written != moved {
                bail!("{}: {written} rows written for {moved} moves", STEPS[step]);
            }
        }
        // Dropped uncommitted: rolled back.
    }

    let mut tx = ctx.pool.write().await?;
    tx.execute(Sql::new("DROP TABLE floor_holders")).await?;
    tx.commit().await?;

    println!("{moved} moves over {} operators", args.operators);
    println!("| step | p50 ms | p95 ms | max ms |");
    println!("|---|---:|---:|---:|");
    let mut p50 = Vec::new();
    for (name, times) in STEPS.iter().zip(samples) {
        let s = Summary::of(times);
        println!("| {name} | {} | {} | {} |", ms(s.p50), ms(s.p95), ms(s.max));
        p50.push(s.p50);
    }
    println!(
        "floor of today's schema (p50s: holders in `cases`, events, audit): {} ms",
        ms(p50[0] + p50[2] + p50[3])
    );
    println!(
        "floor with narrow holders (p50s: narrow table, events, audit): {} ms",
        ms(p50[1] + p50[2] + p50[3])
    );
    Ok(())
}

/// The narrow table of holders, filled from the cases and indexed as `cases` is for
/// the holder's lists and loads.
async fn narrow_holders(tx: &mut Tx, company: &str) -> anyhow::Result<()> {
    tx.execute(Sql::new("DROP TABLE IF EXISTS floor_holders"))
        .await?;
    tx.execute(Sql::new(
        "CREATE TABLE floor_holders (case_id TEXT PRIMARY KEY, assignee_id TEXT, \
         version BIGINT NOT NULL)",
    ))
    .await?;
    tx.execute(
        Sql::new(
            "INSERT INTO floor_holders (case_id, assignee_id, version) \
             SELECT id, assignee_id, version FROM cases WHERE company_id = ?",
        )
        .arg(company),
    )
    .await?;
    tx.execute(Sql::new(
        "CREATE INDEX floor_holders_assignee ON floor_holders (assignee_id, case_id)",
    ))
    .await?;
    Ok(())
}

/// Every case of the company to the next operator of the list after its own, round
/// robin from `shift` (so each iteration's moves differ), in a table of the
/// transaction; answers how many.
async fn moves(
    tx: &mut Tx,
    company: &str,
    operators: &[String],
    shift: usize,
) -> anyhow::Result<usize> {
    tx.execute(Sql::new(
        "CREATE TEMPORARY TABLE floor_operators (k BIGINT PRIMARY KEY, id TEXT NOT NULL)",
    ))
    .await?;
    for (k, id) in operators.iter().enumerate() {
        let k = ((k + shift) % operators.len()) as i64;
        tx.execute(
            Sql::new("INSERT INTO floor_operators (k, id) VALUES (?, ?)")
                .arg(k)
                .arg(id),
        )
        .await?;
    }
    tx.execute(
        Sql::new(
            "CREATE TEMPORARY TABLE floor_moves AS \
                 SELECT c.id, c.version, c.assignee_id AS holder, c.project_id, o.id AS assignee \
                 FROM (SELECT id, version, assignee_id, project_id, \
                         (row_number() OVER (ORDER BY id)) % ? AS k \
                       FROM cases WHERE company_id = ?) c \
                 JOIN floor_operators o ON o.k = c.k",
        )
        .arg(operators.len() as i64)
        .arg(company),
    )
    .await?;
    let moved = tx
        .fetch_count(Sql::new("SELECT count(*) FROM floor_moves"))
        .await?;
    Ok(moved as usize)
}
