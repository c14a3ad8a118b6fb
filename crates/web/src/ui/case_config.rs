//! Case configuration pages: statuses (with the fields they require), reasons,
//! custom fields and contact-attempt results.

use axum::Router;

use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[];

pub fn routes() -> Router<AppState> {
    Router::new()
}
