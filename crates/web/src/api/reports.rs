//! `/reports/{name}`: every report as JSON `{items: [...]}` or as CSV.

use app::reports::{Report, ReportName, ReportQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::IntoParams;

use crate::api::interactions::time_range;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, CurrentActor};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// A date (YYYY-MM-DD, in the caller's time zone) or an RFC 3339 time; 30 days
    /// before `to` when absent.
    from: Option<String>,
    /// A date (included) or an RFC 3339 time (excluded); the end of today when absent.
    to: Option<String>,
    project_id: Option<String>,
    /// Agents of this group only.
    group_id: Option<String>,
    queue_id: Option<String>,
    /// `critical-states`: open cases untouched for this many days (default 7).
    days: Option<i64>,
    /// `json` (default) or `csv` (needs `reports.export`).
    format: Option<String>,
}

impl ReportParams {
    /// The parameters a report page's filter form sends.
    pub fn from_form(
        from: Option<String>,
        to: Option<String>,
        project_id: Option<String>,
        group_id: Option<String>,
        queue_id: Option<String>,
        days: Option<i64>,
    ) -> Self {
        Self {
            from,
            to,
            project_id,
            group_id,
            queue_id,
            days,
            format: None,
        }
    }

    pub fn query(&self, actor: &domain::Actor) -> Result<ReportQuery, ApiError> {
        Ok(ReportQuery {
            range: time_range(actor, self.from.as_deref(), self.to.as_deref())?,
            project_id: self.project_id.clone().filter(|p| !p.is_empty()),
            group_id: self.group_id.clone().filter(|g| !g.is_empty()),
            queue_id: self.queue_id.clone().filter(|q| !q.is_empty()),
            untouched_days: self.days,
        })
    }
}

/// A report's rows as JSON objects.
pub fn items(report: &Report) -> Vec<Value> {
    report
        .rows
        .iter()
        .map(|row| {
            let object: Map<String, Value> = report
                .columns
                .iter()
                .zip(row)
                .map(|(column, value)| ((*column).to_owned(), value.clone()))
                .collect();
            Value::Object(object)
        })
        .collect()
}

/// A CSV cell. Text that a spreadsheet would run as a formula is quoted with `'`.
pub(crate) fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => {
            let risky = text.starts_with(['=', '@', '\t', '\r'])
                || (text.starts_with(['+', '-'])
                    && !text[1..]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ' ' || c == '.'));
            if risky {
                format!("'{text}")
            } else {
                text.clone()
            }
        }
        other => other.to_string(),
    }
}

pub fn csv(report: &Report) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(&report.columns);
    for row in &report.rows {
        let _ = writer.write_record(row.iter().map(cell));
    }
    writer.into_inner().unwrap_or_default()
}

/// A report by name: `call-log`, `operator-productivity` (attempts, contacts, closes,
/// calls and talk time per operator per day), `contact-frequency` (attempts per case,
/// and their distribution), `critical-states` (overdue callbacks, delinquent cases by
/// age, untouched cases), `area-performance`, `case-status-summary`, `groups`,
/// `queues`. Figures honour the caller's role, projects and scope: a supervisor's
/// agent rows hold only the agents of their groups, their queue rows only their queues.
#[utoipa::path(get, path = "/reports/{name}", tag = "reports",
    params(("name" = String, Path), ReportParams),
    responses((status = 200, description = "`{items: [...], from, to}` or text/csv"),
        (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(name): Path<String>,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> ApiResult<Response> {
    let name = ReportName::parse(&name).ok_or(ApiError::App(app::AppError::NotFound))?;
    let export = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "Unknown format {other}: json or csv."
            )));
        }
    };
    let report =
        app::reports::run(&state.ctx, &actor, name, &params.query(&actor)?, export).await?;
    if export {
        let filename = format!("{}-{}.csv", name.key(), report.from.format("%Y%m%d"));
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
            ],
            csv(&report),
        )
            .into_response());
    }
    let mut body = Map::new();
    body.insert("items".into(), Value::Array(items(&report)));
    body.insert("from".into(), serde_json::json!(report.from));
    body.insert("to".into(), serde_json::json!(report.to));
    for (key, value) in report.extra {
        body.insert(key.into(), value);
    }
    Ok(Json(Value::Object(body)).into_response())
}
