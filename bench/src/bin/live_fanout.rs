//! Live-board fan-out: 500 open streams (half of them an Admin's, the rest the
//! Supervisors' and Managers' of a generated company, several streams each, as when a
//! floor keeps boards open on many screens), and an agent's state changing again and
//! again. Each stream reads the change under
//! its viewer's visibility, as the server's event stream does; the time is from the
//! start of the change until the last stream allowed to see it has its row.
//!
//!     cargo run --release -p bench --bin live_fanout -- --database sqlite://big.db
//!
//! On PostgreSQL the signal travels by NOTIFY and the process's LISTEN connection.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use bench::{Summary, ms};
use clap::Parser;
use domain::interactions::AgentState;
use store::Sql;
use tokio::sync::mpsc;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    /// Open streams.
    #[arg(long, default_value_t = 500)]
    viewers: usize,
    /// State changes timed (after 3 untimed ones).
    #[arg(long, default_value_t = 30)]
    changes: usize,
    /// Connections of the pool, as a server process has them.
    #[arg(long, default_value_t = 16)]
    connections: u32,
    #[arg(long, default_value_t = 100.0)]
    target_ms: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let pool = store::Pool::connect(
        &args.database,
        store::PoolOptions {
            max_connections: args.connections,
            ..store::PoolOptions::default()
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    pool.migrate().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let ctx = app::Context::new(pool, app::AuthConfig::default());
    app::live::start_relay(&ctx);

    let mut tx = ctx.pool.write().await?;
    let company = bench::generated_company(&mut tx).await?;
    let admin = bench::user_with(&mut tx, &company, "admin", None).await?;
    let admin = bench::actor(&mut tx, &company, &admin).await?;
    // The agent whose state changes: a member of a supervised group.
    let (agent, supervisor): (String, String) = tx
        .fetch_optional(
            Sql::new(
                "SELECT gm.user_id, gs.user_id FROM group_members gm \
                 JOIN group_supervisors gs ON gs.group_id = gm.group_id \
                 JOIN users u ON u.id = gm.user_id WHERE u.company_id = ? ORDER BY gm.user_id LIMIT 1",
            )
            .arg(&company),
        )
        .await?
        .context("no supervised agent")?;
    let watchers: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id \
                 WHERE u.company_id = ? AND r.template IN ('supervisor', 'manager') ORDER BY u.id",
            )
            .arg(&company),
        )
        .await?;
    let mut people = vec![supervisor];
    people.extend(watchers.into_iter().map(|(id,)| id));
    let admin_id = admin.user_id.clone();
    let at = domain::clock::now();
    let mut viewers = Vec::with_capacity(args.viewers);
    for n in 0..args.viewers {
        let user = if n % 2 == 0 {
            &admin_id
        } else {
            &people[(n / 2) % people.len()]
        };
        let (_, token) = app::sessions::start(&ctx, &mut tx, user, &company, "bench", at)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        viewers.push((user.clone(), token));
    }
    tx.commit().await?;

    // Each stream: subscribe, open its viewer, report when the agent's row reaches it.
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    for (n, (user, token)) in viewers.into_iter().enumerate() {
        let mut tx = ctx.pool.read().await?;
        let actor = bench::actor(&mut tx, &company, &user).await?;
        drop(tx);
        let mut signals = ctx.live.subscribe();
        let mut viewer = app::live::Viewer::open(&ctx, token, actor)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let ctx = ctx.clone();
        let seen = seen_tx.clone();
        let agent = agent.clone();
        tokio::spawn(async move {
            while let Ok(signal) = signals.recv().await {
                let Ok(updates) = viewer.updates(&ctx, &signal).await else {
                    return;
                };
                for update in updates {
                    if let app::live::Update::Agent(row) = update
                        && row.row.agent_id == agent
                    {
                        let _ = seen.send((n, Instant::now()));
                    }
                }
            }
        });
    }

    let states = [
        AgentState::Available,
        AgentState::OnCall,
        AgentState::AfterCallWork,
    ];
    let mut samples = Vec::new();
    let mut audience = 0;
    for round in 0..args.changes + 3 {
        let started = Instant::now();
        app::live::set_state(
            &ctx,
            &admin,
            &agent,
            app::live::NewState::plain(states[round % states.len()]),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        // The first change finds out how many streams see the agent; later ones wait
        // for that many.
        let mut got = 0;
        let mut last = started;
        let deadline = Duration::from_secs(if round == 0 { 10 } else { 5 });
        while let Ok(Some((_, when))) = tokio::time::timeout(deadline, seen_rx.recv()).await {
            got += 1;
            last = last.max(when);
            if round > 0 && got == audience {
                break;
            }
            if round == 0 && got == args.viewers {
                break;
            }
        }
        if round == 0 {
            audience = got;
            if audience == 0 {
                bail!("no stream sees the agent");
            }
        } else if got < audience {
            bail!("round {round}: {got} of {audience} streams got the change");
        }
        if round >= 3 {
            samples.push(last - started);
        }
    }
    let summary = Summary::of(samples);
    println!(
        "{} streams, {} of them see the agent: fan-out p50 {} ms, p95 {} ms, max {} ms",
        args.viewers,
        audience,
        ms(summary.p50),
        ms(summary.p95),
        ms(summary.max)
    );
    if summary.p95.as_secs_f64() * 1000.0 > args.target_ms {
        bail!("over {} ms p95", args.target_ms);
    }
    Ok(())
}
