//! The case pages. The operator's: my cases by status with the callbacks due
//! (`my_cases`), and the case page (`page`) with its facts, history and forms. The
//! administrator's: the status lists (`list`), the Reassign page (`reassign`), the
//! closed-case audit queue (`audit`), import with progress (`import`).

mod audit;
mod facts;
mod filters;
mod forms;
mod history;
mod import;
mod inputs;
mod lines;
mod list;
mod lookups;
pub mod my_cases;
mod page;
mod reassign;
mod rerender;
mod section;
mod wording;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{get, post};

use crate::state::AppState;

/// This section's page routes as (method, path, public).
pub const PAGES: &[(&str, &str, bool)] = &[
    ("GET", "/my-cases", false),
    ("GET", "/cases/{id}", false),
    ("POST", "/cases/{id}", false),
    ("POST", "/cases/{id}/attempts", false),
    ("POST", "/cases/{id}/status", false),
    ("GET", "/cases", false),
    ("GET", "/cases/reassign", false),
    ("POST", "/cases/reassign", false),
    ("GET", "/cases/audit-queue", false),
    ("POST", "/cases/{id}/audit-verdict", false),
    ("GET", "/cases/import", false),
    ("POST", "/cases/import", false),
    ("GET", "/cases/import/sample.csv", false),
    ("GET", "/cases/jobs/{id}", false),
];

pub fn routes() -> Router<AppState> {
    // The static segments win over the case page's `/cases/{id}`.
    Router::new()
        .route("/my-cases", get(my_cases::my_cases))
        .route("/cases/{id}", get(page::show).post(forms::save))
        .route("/cases/{id}/attempts", post(forms::log_attempt))
        .route("/cases/{id}/status", post(forms::change_status))
        .route("/cases", get(list::list))
        .route(
            "/cases/reassign",
            get(reassign::reassign).post(reassign::reassign_submit),
        )
        .route("/cases/audit-queue", get(audit::audit_queue))
        .route("/cases/{id}/audit-verdict", post(audit::audit_verdict))
        .route(
            "/cases/import",
            // Imports may exceed the general body limit; they have their own, as in
            // the API.
            get(import::import_page).post(
                import::import_submit.layer(DefaultBodyLimit::max(app::case_import::MAX_BYTES)),
            ),
        )
        .route("/cases/import/sample.csv", get(import::import_sample))
        .route("/cases/jobs/{id}", get(import::job_page))
}
