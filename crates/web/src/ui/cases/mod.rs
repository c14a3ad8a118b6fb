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

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;

use super::page_routes::Pages;

pub fn routes() -> Pages {
    // The static segments win over the case page's `/cases/{id}`.
    Pages::protected()
        .get("/my-cases", my_cases::my_cases)
        .get("/cases/{id}", page::show)
        .post("/cases/{id}", forms::save)
        .post("/cases/{id}/attempts", forms::log_attempt)
        .post("/cases/{id}/status", forms::change_status)
        .get("/cases", list::list)
        .get("/cases/reassign", reassign::reassign)
        .post("/cases/reassign", reassign::reassign_submit)
        .get("/cases/audit-queue", audit::audit_queue)
        .post("/cases/{id}/audit-verdict", audit::audit_verdict)
        .get("/cases/import", import::import_page)
        // Imports may exceed the general body limit; they have their own, as in the API.
        .post(
            "/cases/import",
            import::import_submit.layer(DefaultBodyLimit::max(app::case_import::MAX_BYTES)),
        )
        .get("/cases/import/sample.csv", import::import_sample)
        .get("/cases/jobs/{id}", import::job_page)
}
