//! The `switchboard` command: serve the product, run migrations, load demo data.

mod config;

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use axum::serve::ListenerExt;
use clap::{Parser, Subcommand};
use config::{DatabaseArgs, ServeArgs};
use tracing_subscriber::EnvFilter;

/// glibc's allocator kept what password hashing (19 MiB a sign-in) and bulk work had
/// freed in its per-thread arenas: a server under load held 430–510 MB, of which about
/// 170 MB was in use. mimalloc gives freed pages back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Switchboard, the contact-center back office"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and the JSON API.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Create the demo company (one user per template role) and print its sign-ins.
    Demo(DatabaseArgs),
    /// Administration tasks for the operator of the installation.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Build a large, realistic dataset (load tests, benchmarks): companies in enhanced
    /// security with projects, campaigns, users and cases.
    Generate(GenerateArgs),
}

#[derive(clap::Args)]
struct GenerateArgs {
    #[arg(long, default_value_t = 1)]
    companies: u32,
    #[arg(long, default_value_t = 100)]
    users_per_company: u32,
    #[arg(long, default_value_t = 60)]
    projects_per_company: u32,
    /// Cases in total, spread evenly over the companies.
    #[arg(long, default_value_t = 10_000)]
    cases: u64,
    /// Calls and chats in total over the last year; outbound calls to cases are also
    /// their contact attempts.
    #[arg(long, default_value_t = 0)]
    interactions: u64,
    /// The same seed builds the same data (ids aside).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Print a one-time password-reset link for a user who cannot sign in.
    ResetLink {
        /// The user's email.
        #[arg(long)]
        email: String,
        #[command(flatten)]
        database: DatabaseArgs,
        /// The address users reach the server at, to print a full link.
        #[arg(
            long,
            env = "SWITCHBOARD_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
    /// Set a company's plan: its name and the seats it licenses. Seats below those in
    /// use are accepted with a warning: active users keep working, but no user can be
    /// created or unblocked until enough are blocked.
    Plan {
        /// The company's id, or its name when no other company has it.
        #[arg(long)]
        company: String,
        /// The plan's name, as the company's billing page shows it.
        #[arg(long)]
        name: String,
        /// Seats licensed: a number, or `unlimited`.
        #[arg(long, value_parser = parse_seats)]
        seats: domain::billing::Seats,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

fn parse_seats(text: &str) -> Result<domain::billing::Seats, String> {
    domain::billing::Seats::parse(text).ok_or_else(|| {
        format!(
            "expected a number from 0 to {} or \"unlimited\"",
            domain::billing::MAX_SEATS
        )
    })
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_env("SWITCHBOARD_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // JSON lines for log shippers; readable text for a person at a terminal.
    if std::env::var("SWITCHBOARD_LOG_FORMAT").as_deref() == Ok("json") {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli.command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            let ctx = args.open(app::AuthConfig::default()).await?;
            ctx.pool.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo(args) => {
            let ctx = args.open(app::AuthConfig::default()).await?;
            load_demo(&ctx).await?;
            ctx.pool.close().await;
            Ok(())
        }
        Command::Generate(args) => generate(args).await,
        Command::Admin(AdminCommand::ResetLink {
            email,
            database,
            public_url,
        }) => {
            let ctx = database.open(app::AuthConfig::default()).await?;
            let token = app::auth::issue_reset_for_email(&ctx, &email)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            ctx.pool.close().await;
            println!("{}/reset?token={token}", public_url.trim_end_matches('/'));
            Ok(())
        }
        Command::Admin(AdminCommand::Plan {
            company,
            name,
            seats,
            database,
        }) => {
            let ctx = database.open(app::AuthConfig::default()).await?;
            let result = app::billing::set_plan(&ctx, &company, &name, seats).await;
            ctx.pool.close().await;
            let change = result.map_err(|e| match e {
                app::AppError::NotFound => {
                    anyhow::anyhow!("no company has the id or name \"{company}\"")
                }
                other => anyhow::anyhow!("{other}"),
            })?;
            println!(
                "{} ({}): plan \"{}\" with {} seats (was \"{}\" with {}); {} in use",
                change.company_name,
                change.company_id,
                change.after.name,
                change.after.seats,
                change.before.name,
                change.before.seats,
                change.seats_used,
            );
            if change.over_limit() {
                eprintln!(
                    "warning: {} users are active, more than the {} seats: they keep working, \
                     but no user can be created or unblocked until {} are blocked",
                    change.seats_used,
                    change.after.seats,
                    change.seats_used - change.after.seats.stored().unwrap_or(change.seats_used),
                );
            }
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    tracing::info!(config = ?args, "starting");
    let ctx = args.database.open(app::AuthConfig::default()).await?;
    ctx.jobs.set_async_over(args.job_over);
    ctx.jobs.set_chunk(args.job_chunk);
    ctx.jobs
        .set_stalled_after(Duration::from_secs(args.job_stalled_after));
    if args.demo {
        load_demo(&ctx).await?;
    }
    let state = web::AppState::new(ctx.clone(), args.web_config());
    let app = web::router(state).into_make_service_with_connect_info::<SocketAddr>();

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?
        // Without it, a response written in two segments can wait ~40 ms for an ACK.
        .tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::warn!(%error, "TCP_NODELAY not set");
            }
        });
    println!("Switchboard is listening on http://{}", args.listen);
    tokio::spawn(housekeeping(ctx.clone()));
    tokio::spawn(app::case_import::recover_stalled_every(
        ctx.clone(),
        app::case_import::SWEEP_EVERY,
    ));
    // Also at once: jobs a stopped server left go on as soon as a process starts.
    tokio::spawn(app::case_moves::resume_stalled_every(
        ctx.clone(),
        Duration::from_secs(args.job_sweep.max(1)),
    ));
    app::live::start_relay(&ctx);
    let live = ctx.live.clone();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open event streams would otherwise hold the shutdown forever.
            live.end_streams();
        })
        .await?;
    ctx.pool.close().await;
    Ok(())
}

async fn generate(mut args: GenerateArgs) -> anyhow::Result<()> {
    // A bulk load grows indexes far past the server's cache; a large one keeps their
    // pages in memory between batches.
    args.database.sqlite_cache_mb = args.database.sqlite_cache_mb.max(1024);
    let ctx = args.database.open(app::AuthConfig::default()).await?;
    let plan = app::generate::Plan {
        companies: args.companies,
        users_per_company: args.users_per_company,
        projects_per_company: args.projects_per_company,
        cases: args.cases,
        interactions: args.interactions,
        seed: args.seed,
    };
    let started = std::time::Instant::now();
    let companies = app::generate::run(&ctx, plan, |line| println!("{line}"))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    ctx.pool.close().await;
    println!(
        "generated {} cases in {:.1} s; every account's password is {}",
        args.cases,
        started.elapsed().as_secs_f64(),
        app::generate::PASSWORD
    );
    for company in companies {
        println!("  {}: sign in as {}", company.name, company.admin_email);
    }
    Ok(())
}

async fn load_demo(ctx: &app::Context) -> anyhow::Result<()> {
    let (accounts, created) = app::demo::load(ctx)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Demo company \"{}\" {}. Sign in with:",
        app::demo::DEMO_COMPANY,
        if created {
            "created"
        } else {
            "already present"
        }
    );
    for account in accounts {
        println!(
            "  {:<11} {:<32} {}",
            account.role, account.email, account.password
        );
    }
    Ok(())
}

/// Removes expired sessions and old sign-in failures every ten minutes.
async fn housekeeping(ctx: app::Context) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(error) = app::sessions::sweep(&ctx).await {
            tracing::warn!(%error, "housekeeping failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
