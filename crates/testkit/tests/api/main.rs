//! The product's behaviour over HTTP, in-process, on SQLite or (TEST_DB=postgres)
//! PostgreSQL.

mod auth;
mod http_contract;
mod profile;
mod route_inventory;
mod sessions;
mod tokens;
mod ui;
