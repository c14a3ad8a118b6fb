//! The administrator's case pages: the status lists, the Reassign page (assign or
//! distribute with a preview of the loads), the closed-case audit queue, import with
//! progress, and export.

use axum::Router;

use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[];

pub fn routes() -> Router<AppState> {
    Router::new()
}
