//! The only crate that speaks SQL: the pool for SQLite or PostgreSQL, migrations, one
//! module per aggregate, and the visibility predicates every tenant query carries.

pub mod agent_states;
pub mod api_tokens;
pub mod audit;
pub mod billing;
pub mod bulk;
pub mod callbacks;
pub mod case_config;
pub mod cases;
pub mod companies;
pub mod data_migrations;
pub mod db;
pub mod error;
pub mod groups;
pub mod interactions;
pub mod jobs;
pub mod kpi_targets;
pub mod live;
pub mod names;
pub mod objects;
pub mod pause_reasons;
pub mod projects;
pub mod queue_stats;
pub mod reports;
pub mod roles;
pub mod row_locks;
pub mod sessions;
pub mod sign_in_failures;
pub mod skills;
pub mod sorting;
pub mod tickets;
pub mod tokens;
pub mod usage;
pub mod users;
pub mod visibility;
mod wal_checkpoints;

pub use db::{Backend, Pool, PoolOptions, Sql, Tx};
pub use error::StoreError;

pub type Result<T> = std::result::Result<T, StoreError>;
