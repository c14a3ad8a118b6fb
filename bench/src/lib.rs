//! What the benchmarks share: opening a database and summarising timings.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use domain::Actor;
use store::{Sql, Tx};

/// Connects to `url` (`sqlite://FILE` or `postgres://…`) and applies migrations.
pub async fn open(url: &str) -> anyhow::Result<app::Context> {
    open_with(url, store::PoolOptions::default().sqlite_cache_mb).await
}

/// [`open`] with another SQLite page cache size for the writing connection.
pub async fn open_with(url: &str, sqlite_cache_mb: u32) -> anyhow::Result<app::Context> {
    let pool = store::Pool::connect(
        url,
        store::PoolOptions {
            max_connections: 4,
            sqlite_cache_mb,
            ..store::PoolOptions::default()
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot open {url}: {e}"))?;
    pool.migrate()
        .await
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    let ctx = app::Context::new(pool, app::AuthConfig::default());
    app::data_migrations::run_pending(&ctx)
        .await
        .map_err(|e| anyhow::anyhow!("data migrations failed: {e}"))?;
    Ok(ctx)
}

/// p50, p95 and the worst of a set of timings.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub p50: Duration,
    pub p95: Duration,
    pub max: Duration,
}

impl Summary {
    pub fn of(mut samples: Vec<Duration>) -> Summary {
        samples.sort();
        let at = |q: f64| {
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples.get(i).copied().unwrap_or_default()
        };
        Summary {
            p50: at(0.50),
            p95: at(0.95),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The first company `switchboard generate` made.
pub async fn generated_company(tx: &mut Tx) -> anyhow::Result<String> {
    let company: Option<(String,)> = tx
        .fetch_optional(Sql::new(
            "SELECT id FROM companies WHERE name LIKE 'Generated %' ORDER BY name LIMIT 1",
        ))
        .await?;
    company
        .map(|(id,)| id)
        .context("no generated company: run `switchboard generate` first")
}

/// The first dialer campaign `switchboard generate` made in the company.
pub async fn dialer_campaign(tx: &mut Tx, company: &str) -> anyhow::Result<String> {
    let campaign: Option<(String,)> = tx
        .fetch_optional(
            Sql::new(
                "SELECT id FROM objects WHERE company_id = ? AND kind = 'dialer-campaigns' \
                 ORDER BY id LIMIT 1",
            )
            .arg(company),
        )
        .await?;
    campaign
        .map(|(id,)| id)
        .with_context(|| format!("company {company} has no dialer campaign"))
}

/// The exit of a benchmark: on an error, its chain on one line and no backtrace, which
/// a machine-wide `RUST_BACKTRACE` would print after the message and bury it.
pub fn exit(result: anyhow::Result<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The signed-in actor of a user, as the server builds it for a request.
pub async fn actor(tx: &mut Tx, company: &str, user: &str) -> anyhow::Result<Actor> {
    app::sessions::actor_for_user(tx, company, user)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .context("the user cannot act")
}

/// Users of the company whose role is built on `template`, in id order.
pub async fn users_with_template(
    tx: &mut Tx,
    company: &str,
    template: &str,
) -> anyhow::Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id \
                 WHERE u.company_id = ? AND r.template = ? ORDER BY u.id",
            )
            .arg(company)
            .arg(template),
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Runs `f` 10 times untimed, then `iterations` times timed; answers the timings and
/// the rows the last run read.
pub async fn time<F, Fut>(iterations: usize, f: F) -> anyhow::Result<(Summary, usize)>
where
    F: Fn() -> Fut,
    Fut: Future<Output = anyhow::Result<usize>>,
{
    let mut rows = 0;
    for _ in 0..10 {
        rows = f().await?;
    }
    let mut samples: Vec<Duration> = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let started = Instant::now();
        rows = f().await?;
        samples.push(started.elapsed());
    }
    Ok((Summary::of(samples), rows))
}

/// A user of the company with this template role and, if given, exactly that many
/// projects.
pub async fn user_with(
    tx: &mut Tx,
    company: &str,
    template: &str,
    projects: Option<i64>,
) -> anyhow::Result<String> {
    let rows: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT u.id, (SELECT COUNT(*) FROM project_users pu WHERE pu.user_id = u.id) \
                 FROM users u JOIN roles r ON r.id = u.role_id \
                 WHERE u.company_id = ? AND r.template = ? ORDER BY u.id",
            )
            .arg(company)
            .arg(template),
        )
        .await?;
    rows.into_iter()
        .find(|(_, n)| projects.is_none_or(|p| *n == p))
        .map(|(id, _)| id)
        .with_context(|| format!("no {template} with {projects:?} projects"))
}

/// The second generated company's Admin and its cases, if there is one.
pub async fn bystander(ctx: &app::Context) -> anyhow::Result<Option<(Actor, Vec<String>)>> {
    let mut tx = ctx.pool.read().await?;
    let companies: Vec<(String,)> = tx
        .fetch_all(Sql::new(
            "SELECT id FROM companies WHERE name LIKE 'Generated %' ORDER BY name LIMIT 2",
        ))
        .await?;
    let Some((company,)) = companies.get(1) else {
        return Ok(None);
    };
    let admin = users_with_template(&mut tx, company, "admin").await?;
    let admin = actor(&mut tx, company, admin.first().context("no admin")?).await?;
    let cases: Vec<(String,)> = tx
        .fetch_all(
            Sql::new("SELECT id FROM cases WHERE company_id = ? ORDER BY id LIMIT 200")
                .arg(company),
        )
        .await?;
    Ok(Some((admin, cases.into_iter().map(|(id,)| id).collect())))
}

/// Edits one of `cases` every 20 ms until `stop` (a company's small writes beside a
/// bulk action of another); answers each edit's time.
pub async fn small_writes(
    ctx: app::Context,
    admin: Actor,
    cases: Vec<String>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> anyhow::Result<Vec<Duration>> {
    let mut took = Vec::new();
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let id = &cases[n % cases.len()];
        n += 1;
        let input = app::cases::CaseInput {
            description: Some(format!("bystander edit {n}")),
            ..Default::default()
        };
        let started = Instant::now();
        app::cases::update(&ctx, &admin, id, input, None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        took.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(took)
}
