//! What the benchmarks share: opening a database and summarising timings.

use std::time::Duration;

/// Connects to `url` (`sqlite://FILE` or `postgres://…`) and applies migrations.
pub async fn open(url: &str) -> anyhow::Result<app::Context> {
    let pool = store::Pool::connect(url, store::PoolOptions { max_connections: 4 })
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
