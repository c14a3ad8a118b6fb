//! `/tickets`: support tickets to the company's administrators, with their thread.

use app::tickets::Ticket;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::tickets::Status;
use serde::{Deserialize, Serialize};
use store::tickets::ReplyRow;
use utoipa::{IntoParams, ToSchema};

use crate::api::views::Page;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyView {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

impl From<ReplyRow> for ReplyView {
    fn from(row: ReplyRow) -> Self {
        Self {
            id: row.id,
            author_id: row.author_id,
            author_name: row.author_name,
            body: row.body,
            at: row.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketView {
    pub id: String,
    pub version: i64,
    pub subject: String,
    pub body: String,
    /// The path of the page it was opened from; empty when none.
    pub page: String,
    /// `open` (waiting for the administrators), `answered` or `closed`.
    pub status: String,
    pub author_id: String,
    pub author_name: String,
    /// The thread, oldest first.
    pub replies: Vec<ReplyView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Ticket> for TicketView {
    fn from(ticket: Ticket) -> Self {
        let row = ticket.row;
        Self {
            id: row.id,
            version: row.version,
            subject: row.subject,
            body: row.body,
            page: row.page,
            status: row.status,
            author_id: row.author_id,
            author_name: row.author_name,
            replies: ticket.replies.into_iter().map(Into::into).collect(),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    Open,
    Answered,
    Closed,
}

impl From<StatusFilter> for Status {
    fn from(filter: StatusFilter) -> Self {
        match filter {
            StatusFilter::Open => Status::Open,
            StatusFilter::Answered => Status::Answered,
            StatusFilter::Closed => Status::Closed,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// `open`, `answered` or `closed`.
    #[param(value_type = Option<String>)]
    status: Option<StatusFilter>,
    /// Items per page: default 50, at most 500.
    limit: Option<i64>,
    /// The `next` of the previous page.
    cursor: Option<String>,
    /// Add `total`.
    count: Option<bool>,
}

/// Newest first: the company's administrators see every ticket of the company, anyone
/// else with `tickets.create` their own.
#[utoipa::path(get, path = "/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = Page<TicketView>), (status = 400), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<TicketQuery>,
) -> ApiResult<Json<Page<TicketView>>> {
    let page = app::tickets::list(
        &state.ctx,
        &actor,
        query.status.map(Into::into),
        query.cursor.as_deref(),
        query.limit.unwrap_or(50),
        query.count.unwrap_or(false),
    )
    .await?;
    Ok(Json(Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next,
        total: page.total,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketBody {
    subject: String,
    body: String,
    /// The path of the page the problem was seen on.
    #[serde(default)]
    page: String,
}

#[utoipa::path(post, path = "/tickets", tag = "tickets", request_body = TicketBody,
    responses((status = 201, body = TicketView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(body): ApiJson<TicketBody>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    let ticket =
        app::tickets::create(&state.ctx, &actor, &body.subject, &body.body, &body.page).await?;
    Ok((StatusCode::CREATED, Json(ticket.into())))
}

#[utoipa::path(get, path = "/tickets/{id}", tag = "tickets", params(("id" = String, Path)),
    responses((status = 200, body = TicketView), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(
        app::tickets::get(&state.ctx, &actor, &id).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketPatch {
    /// `closed`: by the author or an administrator. Replies reopen a ticket.
    status: String,
}

#[utoipa::path(patch, path = "/tickets/{id}", tag = "tickets", params(("id" = String, Path)),
    request_body = TicketPatch,
    responses((status = 200, body = TicketView), (status = 403), (status = 404), (status = 412), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<TicketPatch>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(
        app::tickets::set_status(&state.ctx, &actor, &id, &body.status, version)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    body: String,
}

/// Answers 201 with the ticket and its thread. The author's reply makes it `open`, an
/// administrator's `answered`; a closed ticket reopens.
#[utoipa::path(post, path = "/tickets/{id}/replies", tag = "tickets", params(("id" = String, Path)),
    request_body = ReplyBody,
    responses((status = 201, body = TicketView), (status = 403), (status = 404), (status = 412), (status = 422)))]
pub async fn reply(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(body): ApiJson<ReplyBody>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    let ticket = app::tickets::reply(&state.ctx, &actor, &id, &body.body, version).await?;
    Ok((StatusCode::CREATED, Json(ticket.into())))
}
