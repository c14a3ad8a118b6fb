//! The product's behaviour over HTTP, in-process, on SQLite or (TEST_DB=postgres)
//! PostgreSQL.

mod api_tokens;
mod auth;
mod authorization_matrix;
mod groups;
mod http_contract;
mod profile;
mod roles;
mod route_inventory;
mod sessions;
mod tokens;
mod ui;
mod users;
