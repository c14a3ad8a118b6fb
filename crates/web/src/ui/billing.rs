//! `/billing`: the company's plan, the seats in use (a bar), a month's usage with a
//! month picker, and the link to that month's CSV statement (`billing.manage`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::billing::Seats;
use serde::Deserialize;

use super::common;
use super::layout::Page;
use super::page_routes::Pages;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// The plan-and-usage page.
pub fn routes() -> Pages {
    Pages::protected().get("/billing", page)
}

#[derive(Debug, Default, Deserialize)]
pub struct BillingQuery {
    month: Option<String>,
}

/// One figure of the month.
pub struct Figure {
    id: &'static str,
    label: String,
    value: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "billing.html")]
pub struct BillingPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    plan_name: String,
    /// "3 of 10", or "3 (unlimited)".
    seats_text: String,
    /// The bar's maximum; `None` when seats are unlimited (no bar).
    seats_max: Option<i64>,
    seats_used: i64,
    over_limit: bool,
    month: String,
    month_label: String,
    previous_month: String,
    next_month: Option<String>,
    figures: Vec<Figure>,
    csv_href: String,
}

/// The month as the reader's language names it: "March 2026", "marzo de 2026", "Mart 2026".
fn month_label(page: &Page, month: domain::billing::Month) -> String {
    use chrono::Datelike;
    let first = month.first_day();
    let name = page.t(&format!("billing-month-{}", first.month()));
    let (before, after) = page.t_around("billing-month-of-year");
    format!("{name}{before}{}{after}", first.year())
}

pub async fn page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<BillingQuery>,
) -> Response {
    let (month, status, alert) = match crate::api::billing::parse_month(query.month.as_deref()) {
        Ok(month) => (month, StatusCode::OK, None),
        Err(_) => (
            None,
            StatusCode::BAD_REQUEST,
            Some(page.t("billing-bad-month")),
        ),
    };
    let billing = match app::billing::overview(&state.ctx, &actor, month).await {
        Ok(billing) => billing,
        Err(error) => return common::fail(page, error),
    };
    let usage = &billing.usage;
    let seats_max = billing.plan.seats.stored();
    let seats_text = match billing.plan.seats {
        Seats::Limited(n) => format!("{} {} {n}", billing.seats_used, page.t("billing-seats-of")),
        Seats::Unlimited => format!("{} ({})", billing.seats_used, page.t("billing-unlimited")),
    };
    let figure = |id: &'static str, value: i64| Figure {
        id,
        label: page.t(&format!("billing-{id}")),
        value,
    };
    let figures = vec![
        figure("active-users", usage.active_users),
        figure("interactions", usage.interactions),
        figure("talk-minutes", usage.talk_minutes),
        figure("cases", usage.cases),
    ];
    let current = app::billing::current_month();
    let view = BillingPage {
        title: page.t("nav-billing"),
        notice: None,
        alert,
        plan_name: billing.plan.name.clone(),
        seats_text,
        seats_max,
        seats_used: billing.seats_used,
        over_limit: !billing.plan.seats.allows(billing.seats_used),
        month: usage.month.key(),
        month_label: month_label(&page, usage.month),
        previous_month: usage.month.previous().key(),
        next_month: (usage.month < current).then(|| usage.month.next().key()),
        figures,
        csv_href: format!("/api/v1/billing/statement.csv?month={}", usage.month.key()),
        page,
    };
    (status, view).into_response()
}
