//! Single-object writes through the application layer, on each database given, in the
//! same run: first one after another (what one write costs), then many clients at once
//! (what a center's operators meet), with attempts on distinct cases and on one case
//! that everyone logs at the same moment (no `If-Match`: none may answer 412).
//!
//! Each database gets a fresh company of its own; point it at an empty database or one
//! a previous run used.
//!
//!     createdb -h 127.0.0.1 -p 54400 -U postgres bench_writes
//!     cargo run --release -p bench --bin writes -- \
//!         --database sqlite://writes.db \
//!         --database postgres://postgres@127.0.0.1:54400/bench_writes

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use bench::{Summary, ms};
use clap::Parser;
use domain::Actor;
use domain::cases::{Channel, Customer};
use serde_json::json;

#[derive(Parser)]
struct Args {
    /// `sqlite://FILE` or `postgres://…`; repeat to compare databases in one run.
    #[arg(long, required = true)]
    database: Vec<String>,
    /// Writes of each kind, one after another.
    #[arg(long, default_value_t = 30)]
    sequential: usize,
    /// Clients writing at once.
    #[arg(long, default_value_t = 40)]
    clients: usize,
    /// Writes per client in the concurrent runs.
    #[arg(long, default_value_t = 25)]
    per_client: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    for url in &args.database {
        let ctx = bench::open(url).await?;
        println!("\n## {}", url.split('@').next_back().unwrap_or(url));
        let company = Company::create(&ctx, args.clients).await?;
        sequential(&ctx, &company, args.sequential).await?;
        concurrent(&ctx, &company, &args).await?;
        ctx.pool.close().await;
    }
    Ok(())
}

/// A fresh company: its admin, a campaign, and operators each holding a case.
struct Company {
    admin: Actor,
    campaign: String,
    operators: Vec<(Actor, String)>,
}

impl Company {
    async fn create(ctx: &app::Context, operators: usize) -> anyhow::Result<Company> {
        let tag = domain::ids::new_id();
        let signed = app::auth::signup(
            ctx,
            app::auth::SignupInput {
                company: format!("Writes {tag}"),
                name: "Admin".into(),
                email: format!("admin-{tag}@writes.example.com"),
                password: "writes-bench-2026".into(),
                language: domain::profile::Language::En,
            },
            "bench",
        )
        .await
        .map_err(app_error)?;
        let mut tx = ctx.pool.read().await?;
        let company = signed.user.company_id.clone();
        let admin = bench::actor(&mut tx, &company, &signed.user.id).await?;
        drop(tx);
        let queue = app::objects::create(
            ctx,
            &admin,
            domain::objects::ObjectKind::Queues,
            json!({ "name": "Sales" }),
            vec![],
        )
        .await
        .map_err(app_error)?;
        let campaign = app::objects::create(
            ctx,
            &admin,
            domain::objects::ObjectKind::DialerCampaigns,
            json!({ "name": "Recovery", "queue_id": queue.row.id }),
            vec![],
        )
        .await
        .map_err(app_error)?
        .row
        .id;
        let agent_role = {
            let mut tx = ctx.pool.read().await?;
            let roles = store::roles::list(&mut tx, &admin.scope()).await?;
            roles
                .into_iter()
                .find(|r| r.template.as_deref() == Some("agent"))
                .context("no agent template")?
                .id
        };
        let mut company = Company {
            admin,
            campaign,
            operators: Vec::new(),
        };
        for n in 0..operators {
            let (user, _invitation) = app::users::create(
                ctx,
                &company.admin,
                app::users::NewUserInput {
                    name: format!("Operator {n}"),
                    email: format!("op{n}-{tag}@writes.example.com"),
                    role_id: agent_role.clone(),
                    group_ids: vec![],
                    project_ids: vec![],
                },
            )
            .await
            .map_err(app_error)?;
            let user = user.row.id;
            let mut tx = ctx.pool.read().await?;
            let actor = bench::actor(&mut tx, &company.admin.company_id, &user).await?;
            drop(tx);
            let case = company.case(ctx, Some(&user)).await?;
            company.operators.push((actor, case));
        }
        Ok(company)
    }

    async fn case(&self, ctx: &app::Context, holder: Option<&str>) -> anyhow::Result<String> {
        let created = app::cases::create(
            ctx,
            &self.admin,
            app::cases::NewCase {
                data: app::cases::CaseInput {
                    customer: Some(Customer {
                        name: "Ana Pérez".into(),
                        document: "X-1234567".into(),
                        phones: vec!["+34 600 000 001".into()],
                        ..Customer::default()
                    }),
                    ..app::cases::CaseInput::default()
                },
                campaign_id: Some(self.campaign.clone()),
                crm_form_id: None,
                status: None,
                assignee_id: holder.map(str::to_owned),
            },
        )
        .await
        .map_err(app_error)?;
        Ok(created.row.id)
    }
}

fn app_error(error: app::AppError) -> anyhow::Error {
    anyhow::anyhow!("{error}")
}

fn attempt(n: usize) -> app::cases::Attempt {
    app::cases::Attempt {
        channel: Channel::Call,
        result: "no_answer".into(),
        reason_id: None,
        notes: format!("try {n}"),
        next_contact_at: None,
        interaction_id: None,
    }
}

/// Times `n` runs of `write`, one after another, and prints them as a row.
async fn timed<F, Fut>(name: &str, n: usize, mut write: F) -> anyhow::Result<()>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        write(i).await?;
        samples.push(started.elapsed());
    }
    let summary = Summary::of(samples);
    println!(
        "| {name} | {} | {} | {} |",
        ms(summary.p50),
        ms(summary.p95),
        ms(summary.max)
    );
    Ok(())
}

/// One write after another: what each costs alone.
async fn sequential(ctx: &app::Context, company: &Company, n: usize) -> anyhow::Result<()> {
    println!("\nsequential, {n} each (ms)\n\n| write | p50 | p95 | max |\n|---|---:|---:|---:|");
    let admin = &company.admin;
    let (operator, case) = &company.operators[0];
    timed("create a case", n, |_| async {
        company.case(ctx, None).await.map(drop)
    })
    .await?;
    timed("log an attempt", n, |i| async move {
        app::cases::log_attempt(ctx, operator, case, attempt(i))
            .await
            .map(drop)
            .map_err(app_error)
    })
    .await?;
    timed("create a role", n, |i| async move {
        app::roles::create(
            ctx,
            admin,
            app::roles::RoleInput {
                name: Some(format!("Role {} {i}", domain::ids::new_id())),
                permissions: Some(vec!["cases.view".into()]),
                scope: Some("own".into()),
                ..app::roles::RoleInput::default()
            },
        )
        .await
        .map(drop)
        .map_err(app_error)
    })
    .await?;
    timed("create a queue", n, |_| async {
        app::objects::create(
            ctx,
            admin,
            domain::objects::ObjectKind::Queues,
            json!({ "name": format!("Queue {}", domain::ids::new_id()) }),
            vec![],
        )
        .await
        .map(drop)
        .map_err(app_error)
    })
    .await?;
    timed("read a case (for scale)", n, |_| async {
        app::cases::get(ctx, operator, case)
            .await
            .map(drop)
            .map_err(app_error)
    })
    .await
}

/// Many clients writing at once: each operator logs attempts on their own case, then
/// as many clients log on one case (as its company's Admin, who sees it).
async fn concurrent(ctx: &app::Context, company: &Company, args: &Args) -> anyhow::Result<()> {
    println!(
        "\n{} clients at once, {} attempts each (ms)\n\n| attempts | writes/s | p50 | p99 | max | refused |\n|---|---:|---:|---:|---:|---:|",
        args.clients, args.per_client
    );
    let hot = company.operators[0].1.clone();
    for (name, shared) in [("each on their own case", false), ("all on one case", true)] {
        let started = Instant::now();
        let mut clients = tokio::task::JoinSet::new();
        let ctx = Arc::new(ctx.clone());
        for (operator, case) in company.operators.iter().take(args.clients) {
            let operator = if shared { &company.admin } else { operator };
            let (ctx, operator) = (ctx.clone(), operator.clone());
            let case = if shared { hot.clone() } else { case.clone() };
            let per_client = args.per_client;
            clients.spawn(async move {
                let mut samples = Vec::with_capacity(per_client);
                let mut refused = 0;
                for i in 0..per_client {
                    let at = Instant::now();
                    if let Err(error) =
                        app::cases::log_attempt(&ctx, &operator, &case, attempt(i)).await
                    {
                        eprintln!("refused: {error}");
                        refused += 1;
                    }
                    samples.push(at.elapsed());
                }
                (samples, refused)
            });
        }
        let mut samples = Vec::new();
        let mut refused = 0;
        while let Some(client) = clients.join_next().await {
            let (mine, theirs) = client?;
            samples.extend(mine);
            refused += theirs;
        }
        let took = started.elapsed();
        let count = samples.len();
        samples.sort();
        let p99 = samples[((count as f64 - 1.0) * 0.99).round() as usize];
        let summary = Summary::of(samples);
        println!(
            "| {name} | {:.0} | {} | {} | {} | {refused} |",
            count as f64 / took.as_secs_f64(),
            ms(summary.p50),
            ms(p99),
            ms(summary.max)
        );
    }
    Ok(())
}
