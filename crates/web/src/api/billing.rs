//! `/billing`: the company's plan, the seats in use and a month's usage, as JSON and
//! as a CSV statement.

use app::billing::Billing;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::billing::Month;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, CurrentActor};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthParams {
    /// `YYYY-MM`; the current month (UTC) when absent.
    month: Option<String>,
}

impl MonthParams {
    pub fn month(&self) -> Result<Option<Month>, ApiError> {
        parse_month(self.month.as_deref())
    }
}

/// `YYYY-MM`, blank meaning "the current month"; 400 otherwise.
pub fn parse_month(text: Option<&str>) -> Result<Option<Month>, ApiError> {
    match text.map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(None),
        Some(text) => Month::parse(text)
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest("month must be YYYY-MM.".into())),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub name: String,
    /// Seats licensed; `null`: unlimited.
    pub seats: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageView {
    /// `YYYY-MM`.
    pub month: String,
    /// The month's bounds (UTC months): `from` included, `to` excluded.
    pub from: chrono::DateTime<chrono::Utc>,
    pub to: chrono::DateTime<chrono::Utc>,
    /// Users who, in the month, handled an interaction, logged a contact attempt,
    /// changed a case or made an audited change.
    pub active_users: i64,
    /// Calls and chats that started in the month.
    pub interactions: i64,
    /// Their talk time, every started minute counted.
    pub talk_minutes: i64,
    pub talk_seconds: i64,
    /// Cases created in the month.
    pub cases: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillingView {
    pub plan: PlanView,
    /// Active (not blocked) users, invited ones included.
    pub seats_used: i64,
    pub usage: UsageView,
}

impl From<&Billing> for BillingView {
    fn from(billing: &Billing) -> Self {
        let usage = &billing.usage;
        Self {
            plan: PlanView {
                name: billing.plan.name.clone(),
                seats: billing.plan.seats.stored(),
            },
            seats_used: billing.seats_used,
            usage: UsageView {
                month: usage.month.key(),
                from: usage.from,
                to: usage.to,
                active_users: usage.active_users,
                interactions: usage.interactions,
                talk_minutes: usage.talk_minutes,
                talk_seconds: usage.talk_seconds,
                cases: usage.cases,
            },
        }
    }
}

/// The plan, the seats in use and a month's usage (permission `billing.manage`).
/// Creating or unblocking a user past the plan's seats answers 409 `seat_limit`.
#[utoipa::path(get, path = "/billing", tag = "billing", params(MonthParams),
    responses((status = 200, body = BillingView), (status = 400), (status = 403)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<MonthParams>,
) -> ApiResult<Json<BillingView>> {
    let billing = app::billing::overview(&state.ctx, &actor, params.month()?).await?;
    Ok(Json(BillingView::from(&billing)))
}

/// The month's statement as CSV (permission `billing.manage`): `section,item,value`
/// lines for the plan, the seats and the usage, then one line per user holding a seat
/// or active in the month (`user,<name>,<email>,<active in month>,<interactions>,<talk minutes>`).
#[utoipa::path(get, path = "/billing/statement.csv", tag = "billing", params(MonthParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400), (status = 403)))]
pub async fn statement(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<MonthParams>,
) -> ApiResult<Response> {
    let billing = app::billing::overview(&state.ctx, &actor, params.month()?).await?;
    let filename = format!("statement-{}.csv", billing.usage.month.key());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        statement_csv(&billing)
            .map_err(|e| ApiError::App(app::AppError::Internal(format!("statement: {e}"))))?,
    )
        .into_response())
}

/// The statement: the summary lines (`section,item,value`), then the users under a
/// header of their own.
pub fn statement_csv(billing: &Billing) -> Result<Vec<u8>, csv::Error> {
    let usage = &billing.usage;
    let text = |s: &str| Value::String(s.to_owned());
    let number = |n: i64| Value::from(n);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let summary: Vec<[Value; 3]> = vec![
        [text("month"), text(""), text(&usage.month.key())],
        [text("plan"), text("name"), text(&billing.plan.name)],
        [
            text("plan"),
            text("seats"),
            text(&billing.plan.seats.to_string()),
        ],
        [text("seats"), text("used"), number(billing.seats_used)],
        [
            text("usage"),
            text("active_users"),
            number(usage.active_users),
        ],
        [
            text("usage"),
            text("interactions"),
            number(usage.interactions),
        ],
        [
            text("usage"),
            text("talk_minutes"),
            number(usage.talk_minutes),
        ],
        [text("usage"), text("cases"), number(usage.cases)],
    ];
    writer.write_record(["section", "item", "value"])?;
    for line in &summary {
        writer.write_record(line.iter().map(super::reports::cell))?;
    }
    writer.write_record([
        "user",
        "name",
        "email",
        "active_in_month",
        "interactions",
        "talk_minutes",
        "holds_seat",
    ])?;
    for user in &billing.users {
        let line = [
            text(&user.user_id),
            text(&user.name),
            text(&user.email),
            text(if user.active_in_month { "yes" } else { "no" }),
            number(user.interactions),
            number(domain::billing::billed_minutes(user.talk_seconds)),
            text(if user.enabled { "yes" } else { "no" }),
        ];
        writer.write_record(line.iter().map(super::reports::cell))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
