//! The operator's workspace: my cases by status, callbacks due, and the case page
//! (customer data, history, the attempt form and the status change form).

use axum::Router;

use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[];

pub fn routes() -> Router<AppState> {
    Router::new()
}
