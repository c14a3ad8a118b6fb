//! The product's behaviour over HTTP, in-process, on SQLite or (TEST_DB=postgres)
//! PostgreSQL.

// Tests stop at the first surprise; an unwrap is the shortest way to say so.
#![allow(clippy::unwrap_used)]

mod access_cache;
mod api_tokens;
mod audit;
mod auth;
mod authorization_matrix;
mod billing;
mod browser;
mod case_config;
mod case_jobs;
mod cases;
mod groups;
mod http_contract;
mod interactions;
mod kpi;
mod live;
mod objects;
mod pause_reasons;
mod profile;
mod projects;
mod report_names;
mod reports;
mod roles;
mod route_inventory;
mod sessions;
mod tickets;
mod tokens;
mod ui;
mod ui_admin;
mod ui_case_config;
mod ui_cases_admin;
mod ui_cases_work;
mod ui_config;
mod ui_confirm;
mod ui_lists;
mod ui_live;
mod ui_reports;
mod ui_tickets;
mod users;
mod visibility_model;
