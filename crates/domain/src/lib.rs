//! Switchboard's business vocabulary and rules: no IO, no HTTP, no SQL.

pub mod access;
pub mod actor;
pub mod billing;
pub mod case_config;
pub mod cases;
pub mod clock;
pub mod ids;
pub mod interactions;
pub mod kpi;
pub mod objects;
pub mod password_policy;
pub mod pauses;
pub mod permissions;
pub mod profile;
pub mod roles;
pub mod search;
pub mod settings;
pub mod tickets;
pub mod validation;

pub use actor::{Actor, Scope};
pub use permissions::{Permission, PermissionSet};
pub use roles::{DataScope, Template};
pub use validation::FieldErrors;
