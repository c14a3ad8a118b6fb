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
    /// A column of the report to order the rows by; ties keep the report's own order.
    sort: Option<String>,
    /// `asc` (default) or `desc`.
    dir: Option<String>,
    /// JSON only: the page (from 1) of `per_page` rows; without either, every row.
    page: Option<i64>,
    /// JSON only: rows per page, 1 to 500 (default 50 when `page` is given).
    per_page: Option<i64>,
    /// `json` (default) or `csv` (needs `reports.export`; every row, in `sort` order).
    format: Option<String>,
}

/// The most rows a page of a report holds.
pub const MAX_PER_PAGE: i64 = 500;
/// Rows per page when only `page` is given.
pub const PER_PAGE: i64 = 50;

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
            ..Self::default()
        }
    }

    /// The same, ordered by `sort` (`dir`: `asc` or `desc`).
    pub fn sorted(self, sort: Option<String>, dir: Option<String>) -> Self {
        Self { sort, dir, ..self }
    }

    /// The page asked for, `(page, per_page)`; 400 when out of bounds.
    pub fn paging(&self) -> Result<Option<(usize, usize)>, ApiError> {
        if self.page.is_none() && self.per_page.is_none() {
            return Ok(None);
        }
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(PER_PAGE);
        if page < 1 || !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::BadRequest(format!(
                "page starts at 1; per_page is 1 to {MAX_PER_PAGE}."
            )));
        }
        Ok(Some((
            usize::try_from(page).unwrap_or(usize::MAX),
            usize::try_from(per_page).unwrap_or(usize::MAX),
        )))
    }

    pub fn query(&self, actor: &domain::Actor) -> Result<ReportQuery, ApiError> {
        Ok(ReportQuery {
            range: time_range(actor, self.from.as_deref(), self.to.as_deref())?,
            project_id: self.project_id.clone().filter(|p| !p.is_empty()),
            group_id: self.group_id.clone().filter(|g| !g.is_empty()),
            queue_id: self.queue_id.clone().filter(|q| !q.is_empty()),
            untouched_days: self.days,
            sort: match (
                self.sort.as_deref().filter(|s| !s.is_empty()),
                self.dir.as_deref(),
            ) {
                (None, _) => None,
                (Some(column), None | Some("" | "asc")) => Some((column.to_owned(), false)),
                (Some(column), Some("desc")) => Some((column.to_owned(), true)),
                (Some(_), Some(other)) => {
                    return Err(ApiError::BadRequest(format!(
                        "Unknown dir {other}: asc or desc."
                    )));
                }
            },
        })
    }
}

/// Rows of a report as JSON objects.
pub fn items(report: &Report, rows: &[Vec<Value>]) -> Vec<Value> {
    rows.iter()
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
    let paging = params.paging()?;
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
    let rows = match paging {
        Some((page, per_page)) => {
            body.insert("page".into(), serde_json::json!(page));
            body.insert("per_page".into(), serde_json::json!(per_page));
            report.page(page, per_page)
        }
        None => &report.rows,
    };
    body.insert("items".into(), Value::Array(items(&report, rows)));
    body.insert("total".into(), serde_json::json!(report.rows.len()));
    body.insert("from".into(), serde_json::json!(report.from));
    body.insert("to".into(), serde_json::json!(report.to));
    for (key, value) in report.extra {
        body.insert(key.into(), value);
    }
    Ok(Json(Value::Object(body)).into_response())
}
