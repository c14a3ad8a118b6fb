//! The only crate that speaks SQL: the pool for SQLite or PostgreSQL, migrations, one
//! module per aggregate, and the visibility predicates every tenant query carries.

pub mod audit;
pub mod companies;
pub mod db;
pub mod error;
pub mod roles;
pub mod sessions;
pub mod sign_in_failures;
pub mod tokens;
pub mod users;

pub use db::{Backend, Pool, PoolOptions, Sql, Tx};
pub use error::StoreError;

pub type Result<T> = std::result::Result<T, StoreError>;
