//! Typed configuration from flags and `SWITCHBOARD_*` environment variables.

use std::fmt;
use std::net::SocketAddr;

use clap::Args;

/// A value that never shows in logs or `Debug` output.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

/// A database URL whose password, if any, is hidden in `Debug` output.
#[derive(Clone)]
pub struct DatabaseUrl(pub String);

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.0;
        match (url.find("://"), url.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &url[scheme_end + 3..at];
                let user = credentials.split(':').next().unwrap_or_default();
                write!(f, "\"{}{user}:***{}\"", &url[..scheme_end + 3], &url[at..])
            }
            _ => write!(f, "{url:?}"),
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("sqlite:") || s.starts_with("postgres:") || s.starts_with("postgresql:") {
            Ok(DatabaseUrl(s.to_owned()))
        } else {
            Err("expected sqlite://FILE or postgres://USER@HOST/DB".into())
        }
    }
}

#[derive(Args, Debug)]
pub struct DatabaseArgs {
    /// Database: `sqlite://FILE` (embedded, created if missing) or `postgres://…`.
    #[arg(
        long = "database",
        env = "SWITCHBOARD_DATABASE_URL",
        default_value = "sqlite://switchboard.db"
    )]
    pub url: DatabaseUrl,
    /// Most connections this process opens.
    #[arg(
        long,
        env = "SWITCHBOARD_DATABASE_MAX_CONNECTIONS",
        default_value_t = 16
    )]
    pub max_connections: u32,
    /// SQLite's page cache of the writing connection, in MB.
    #[arg(long, env = "SWITCHBOARD_SQLITE_CACHE_MB", default_value_t = 32)]
    pub sqlite_cache_mb: u32,
    /// SQLite's page cache of each reading connection, in MB.
    #[arg(long, env = "SWITCHBOARD_SQLITE_READER_CACHE_MB", default_value_t = 4)]
    pub sqlite_reader_cache_mb: u32,
}

impl DatabaseArgs {
    /// Connects and applies pending migrations.
    pub async fn open(&self, auth: app::AuthConfig) -> anyhow::Result<app::Context> {
        let options = store::PoolOptions {
            max_connections: self.max_connections,
            sqlite_cache_mb: self.sqlite_cache_mb,
            sqlite_reader_cache_mb: self.sqlite_reader_cache_mb,
        };
        let pool = store::Pool::connect(&self.url.0, options)
            .await
            .map_err(|e| anyhow::anyhow!("cannot open the database {:?}: {e}", self.url))?;
        pool.migrate()
            .await
            .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
        let ctx = app::Context::new(pool, auth);
        let changed = app::data_migrations::run_pending(&ctx)
            .await
            .map_err(|e| anyhow::anyhow!("data migrations failed: {e}"))?;
        if changed > 0 {
            tracing::info!(rows = changed, "data migrations applied");
        }
        let stalled = app::case_import::recover_stalled(&ctx)
            .await
            .map_err(|e| anyhow::anyhow!("cannot close stalled imports: {e}"))?;
        if stalled > 0 {
            tracing::warn!(
                jobs = stalled,
                "imports left running by a stopped server closed"
            );
        }
        Ok(ctx)
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Load the demo company and print its sign-ins.
    #[arg(long)]
    pub demo: bool,
    /// Mark cookies Secure (set it when users reach the server over HTTPS).
    #[arg(long, env = "SWITCHBOARD_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Trust X-Forwarded-For for the client address (only behind your own proxy).
    #[arg(long, env = "SWITCHBOARD_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Bearer token that opens /metrics to a Prometheus scraper.
    #[arg(long, env = "SWITCHBOARD_METRICS_TOKEN")]
    pub metrics_token: Option<Secret>,
    /// Largest request body in bytes on ordinary routes.
    #[arg(long, env = "SWITCHBOARD_BODY_LIMIT", default_value_t = 2 * 1024 * 1024)]
    pub body_limit: usize,
    /// Over this many cases, an assignment or distribution runs as a job.
    #[arg(long, env = "SWITCHBOARD_JOB_OVER", default_value_t = app::config::ASYNC_OVER, hide = true)]
    pub job_over: usize,
    /// Case moves applied per transaction.
    #[arg(long, env = "SWITCHBOARD_JOB_CHUNK", default_value_t = app::config::CHUNK, hide = true)]
    pub job_chunk: usize,
    /// Seconds without a sign of life after which another process takes a job up.
    #[arg(long, env = "SWITCHBOARD_JOB_STALLED_AFTER", default_value_t = app::config::STALLED_AFTER.as_secs(), hide = true)]
    pub job_stalled_after: u64,
    /// Seconds between two looks for stalled jobs.
    #[arg(long, env = "SWITCHBOARD_JOB_SWEEP", default_value_t = app::case_moves::SWEEP_EVERY.as_secs(), hide = true)]
    pub job_sweep: u64,
}

impl ServeArgs {
    pub fn web_config(&self) -> web::WebConfig {
        web::WebConfig {
            secure_cookies: self.secure_cookies,
            body_limit: self.body_limit,
            trust_forwarded_for: self.trust_forwarded_for,
            metrics_token: self.metrics_token.as_ref().map(|s| s.0.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let url = DatabaseUrl("postgres://app:hunter2@db.internal/switchboard".into());
        let shown = format!("{url:?}");
        assert!(!shown.contains("hunter2") && shown.contains("app:***@db.internal"));
        assert_eq!(format!("{:?}", Secret("x".into())), "\"***\"");
    }
}
