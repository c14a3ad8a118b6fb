//! The built-in statuses and attempt results ship with English names. Until an
//! administrator renames one, pages show it in the reader's language; a renamed one
//! shows as named.

use app::AppError;
use app::case_config::{Disposition, Status};
use app::reports::Report;
use domain::Actor;
use domain::case_config::{builtin_disposition, builtin_status};
use serde_json::Value;

use crate::i18n::Tr;
use crate::state::AppState;

/// The name of status `key` (named `name`) for the reader.
pub fn status_name(tr: Tr, key: &str, name: &str) -> String {
    if builtin_status(key).is_some_and(|b| b.name == name) {
        tr.t(&format!("shipped-status-{key}"))
    } else {
        name.to_owned()
    }
}

/// The name of attempt result `key` (named `name`) for the reader.
pub fn result_name(tr: Tr, key: &str, name: &str) -> String {
    if builtin_disposition(key).is_some_and(|b| b.name == name) {
        tr.t(&format!("shipped-result-{key}"))
    } else {
        name.to_owned()
    }
}

/// The company's statuses, named for the reader.
pub async fn statuses(state: &AppState, actor: &Actor, tr: Tr) -> Result<Vec<Status>, AppError> {
    let mut statuses = app::case_config::statuses(&state.ctx, actor).await?;
    for status in &mut statuses {
        status.name = status_name(tr, &status.key, &status.name);
    }
    Ok(statuses)
}

/// Names the statuses of a report that lists them (a `status` key beside its `name`).
pub fn name_report_statuses(tr: Tr, report: &mut Report) {
    let column = |name| report.columns.iter().position(|c| *c == name);
    let (Some(key), Some(name)) = (column("status"), column("name")) else {
        return;
    };
    for row in &mut report.rows {
        if let (Some(Value::String(k)), Some(Value::String(n))) = (row.get(key), row.get(name)) {
            row[name] = Value::String(status_name(tr, k, n));
        }
    }
}

/// The company's attempt results, named for the reader.
pub async fn dispositions(
    state: &AppState,
    actor: &Actor,
    tr: Tr,
) -> Result<Vec<Disposition>, AppError> {
    let mut dispositions = app::case_config::dispositions(&state.ctx, actor).await?;
    for disposition in &mut dispositions {
        disposition.name = result_name(tr, &disposition.key, &disposition.name);
    }
    Ok(dispositions)
}
