//! Use-cases shared by the JSON API and the HTML UI: check permission, open a
//! transaction, change, audit, commit. Knows neither HTTP nor SQL.

pub mod access;
pub mod actor_cache;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod case_config;
pub mod case_import;
pub mod case_moves;
pub mod cases;
pub mod company;
pub mod config;
pub mod consequences;
pub mod credentials;
pub mod dashboard;
pub mod data_migrations;
pub mod demo;
pub mod error;
pub mod explain;
pub mod generate;
pub mod groups;
pub mod interactions;
pub mod kpi;
pub mod live;
pub mod my_day;
pub mod objects;
pub mod page;
pub mod pause_reasons;
pub mod profile;
pub mod projects;
pub mod reports;
pub mod roles;
pub mod sessions;
pub mod skills;
pub mod tickets;
pub mod users;

pub use config::{AuthConfig, JobSettings};
pub use error::{AppError, AppResult};

/// What every use-case needs: the database and the rules configured for this server.
#[derive(Clone)]
pub struct Context {
    pub pool: store::Pool,
    pub auth: AuthConfig,
    /// Signals to this process's open live streams.
    pub live: live::Hub,
    /// A hash of nothing, verified against when an email is unknown, so that a sign-in
    /// costs the same whether the account exists or not.
    pub(crate) decoy_hash: std::sync::Arc<tokio::sync::OnceCell<String>>,
    /// The actors of recent requests, by token (see `actor_cache`).
    pub(crate) actors: std::sync::Arc<actor_cache::ActorCache>,
    /// How bulk assignments and distributions run.
    pub jobs: std::sync::Arc<JobSettings>,
    /// This server process, as the owner of the jobs it carries out.
    pub process_id: std::sync::Arc<str>,
}

impl Context {
    pub fn new(pool: store::Pool, auth: AuthConfig) -> Self {
        Self {
            pool,
            auth,
            live: live::Hub::default(),
            decoy_hash: Default::default(),
            actors: Default::default(),
            jobs: Default::default(),
            process_id: domain::ids::new_id().into(),
        }
    }
}

/// A write transaction in which `key`'s row is locked before anything is read (see
/// `store::row_locks`): what every versioned edit opens.
pub(crate) async fn write_locking(
    ctx: &Context,
    row: store::row_locks::Row,
    company_id: &str,
    key: &str,
) -> AppResult<store::Tx> {
    let mut tx = ctx.pool.write().await?;
    store::row_locks::lock(&mut tx, row, company_id, key).await?;
    Ok(tx)
}
