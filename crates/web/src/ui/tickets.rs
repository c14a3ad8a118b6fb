//! `/tickets`: support tickets. "Report a problem" (in every page's top bar) opens the
//! new-ticket form told which page it came from; the list shows the reader's own
//! tickets, or all of the company's to its administrators; a ticket's page shows the
//! thread with a reply form and, while open, a close button.

use std::collections::BTreeMap;

use app::tickets::Ticket;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use domain::Actor;
use domain::tickets::Status;
use serde::Deserialize;

use super::common::{self, Fields, Problem, SelectOption};
use super::layout::Page;
use super::page_routes::Pages;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// The new-ticket form.
pub const NEW: &str = "/tickets/new";

pub fn routes() -> Pages {
    Pages::protected()
        .get("/tickets", list)
        .post("/tickets", create)
        .get(NEW, new_form)
        .get("/tickets/{id}", show)
        .post("/tickets/{id}/replies", reply)
        .post("/tickets/{id}/close", close)
}

/// Tickets per page of the list.
const PAGE_SIZE: i64 = 50;

/// A time as `<time datetime=…>` wants it and as the reader reads it.
pub struct When {
    utc: String,
    shown: String,
}

impl When {
    fn of(page: &Page, at: DateTime<Utc>) -> When {
        When {
            utc: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            shown: page.time(at),
        }
    }
}

/// A status as a translated badge.
pub struct StatusBadge {
    label: String,
    class: &'static str,
}

impl StatusBadge {
    fn of(page: &Page, key: &str) -> StatusBadge {
        let class = match Status::parse(key) {
            Some(Status::Open) => "badge badge-wait",
            Some(Status::Answered) => "badge badge-ok",
            _ => "badge",
        };
        StatusBadge {
            label: page.t(&format!("tickets-status-{key}")),
            class,
        }
    }
}

/// What a redirect after a form tells the ticket page.
#[derive(Deserialize, Default)]
pub struct TicketFlash {
    created: Option<String>,
    replied: Option<String>,
    closed: Option<String>,
}

impl TicketFlash {
    fn notice(&self, page: &Page) -> Option<String> {
        let id = if self.created.is_some() {
            "tickets-flash-created"
        } else if self.replied.is_some() {
            "tickets-flash-replied"
        } else if self.closed.is_some() {
            "tickets-flash-closed"
        } else {
            return None;
        };
        Some(page.t(id))
    }
}

pub struct TicketLine {
    href: String,
    subject: String,
    status: StatusBadge,
    author: String,
    created: When,
    updated: When,
    replies: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets.html")]
pub struct TicketsPage {
    page: Page,
    title: String,
    intro: String,
    rows: Vec<TicketLine>,
    total: i64,
    statuses: Vec<SelectOption>,
    filtered: bool,
    next: Option<String>,
    may_create: bool,
    administer: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Response {
    let status = query.status.as_deref().and_then(Status::parse);
    let cursor = common::non_empty(query.cursor);
    let tickets = match app::tickets::list(
        &state.ctx,
        &actor,
        status,
        cursor.as_deref(),
        PAGE_SIZE,
        true,
    )
    .await
    {
        Ok(tickets) => tickets,
        Err(error) => return common::fail(page, error),
    };
    let abilities = app::tickets::abilities(&actor);
    let rows = tickets
        .items
        .iter()
        .map(|t| TicketLine {
            href: format!("/tickets/{}", t.row.id),
            subject: t.row.subject.clone(),
            status: StatusBadge::of(&page, &t.row.status),
            author: t.row.author_name.clone(),
            created: When::of(&page, t.row.created_at),
            updated: When::of(&page, t.row.updated_at),
            replies: t.replies.len(),
        })
        .collect();
    let chosen = status.map_or("", Status::key);
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            SelectOption::new(
                s.key(),
                page.t(&format!("tickets-status-{}", s.key())),
                s.key() == chosen,
            )
        })
        .collect();
    let next = tickets
        .next
        .map(|next| common::with_query("/tickets", &[("status", chosen), ("cursor", &next)]));
    let intro = page.t(if abilities.administer {
        "tickets-intro-admin"
    } else {
        "tickets-intro-own"
    });
    let view = TicketsPage {
        title: page.t("nav-tickets"),
        intro,
        rows,
        total: tickets.total.unwrap_or(0),
        statuses,
        filtered: status.is_some(),
        next,
        may_create: abilities.create,
        administer: abilities.administer,
        page,
    };
    view.into_response()
}

#[derive(Default)]
pub struct DraftValues {
    subject: String,
    body: String,
    page: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket_new.html")]
pub struct NewTicketPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    form: DraftValues,
}

fn render_new(page: Page, form: DraftValues, problem: Option<Problem>) -> Response {
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let view = NewTicketPage {
        title: page.t("tickets-new"),
        notice: None,
        alert,
        errors,
        form,
        page,
    };
    (status, view).into_response()
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    page: Option<String>,
}

/// `GET /tickets/new?page=…`: the form, with the page the reader came from.
pub async fn new_form(
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<NewQuery>,
) -> Response {
    if !app::tickets::abilities(&actor).create {
        return common::forbidden(page);
    }
    let form = DraftValues {
        page: query.page.unwrap_or_default(),
        ..DraftValues::default()
    };
    render_new(page, form, None)
}

/// `POST /tickets`: opens the ticket and shows it.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let form = DraftValues {
        subject: fields.text("subject"),
        body: fields.text("body"),
        page: fields.text("page"),
    };
    match app::tickets::create(&state.ctx, &actor, &form.subject, &form.body, &form.page).await {
        Ok(ticket) => {
            Redirect::to(&format!("/tickets/{}?created=1", ticket.row.id)).into_response()
        }
        Err(error) => match common::explain(&page, error) {
            Ok(problem) => render_new(page, form, Some(problem)),
            Err(error) => common::fail(page, error),
        },
    }
}

pub struct Message {
    author: String,
    at: When,
    body: String,
    /// Written by the ticket's author (else by an administrator).
    by_author: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket.html")]
pub struct TicketPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    id: String,
    version: i64,
    status: StatusBadge,
    author: String,
    /// The page it was opened from, a path of this site.
    from_page: Option<String>,
    created: When,
    thread: Vec<Message>,
    reply_body: String,
    may_close: bool,
}

/// The ticket page with what the last form left: a notice, or a refusal and the text
/// the reader typed.
fn render_ticket(
    page: Page,
    ticket: Ticket,
    notice: Option<String>,
    problem: Option<Problem>,
    reply_body: String,
) -> Response {
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let row = ticket.row;
    let mut thread = vec![Message {
        author: row.author_name.clone(),
        at: When::of(&page, row.created_at),
        body: row.body.clone(),
        by_author: true,
    }];
    thread.extend(ticket.replies.into_iter().map(|r| Message {
        by_author: r.author_id == row.author_id,
        author: r.author_name,
        at: When::of(&page, r.created_at),
        body: r.body,
    }));
    let view = TicketPage {
        title: row.subject,
        notice,
        alert,
        errors,
        version: row.version,
        may_close: Status::parse(&row.status) != Some(Status::Closed),
        status: StatusBadge::of(&page, &row.status),
        author: row.author_name,
        from_page: Some(row.page).filter(|p| !p.is_empty()),
        created: When::of(&page, row.created_at),
        id: row.id,
        thread,
        reply_body,
        page,
    };
    (status, view).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    Query(flash): Query<TicketFlash>,
) -> Response {
    match app::tickets::get(&state.ctx, &actor, &id).await {
        Ok(ticket) => {
            let notice = flash.notice(&page);
            render_ticket(page, ticket, notice, None, String::new())
        }
        Err(error) => common::fail(page, error),
    }
}

/// After a refused reply or close: the ticket as it is now, with the refusal.
async fn refused(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    error: app::AppError,
    reply_body: String,
) -> Response {
    let problem = match common::explain(&page, error) {
        Ok(problem) => problem,
        Err(error) => return common::fail(page, error),
    };
    match app::tickets::get(&state.ctx, actor, id).await {
        Ok(ticket) => render_ticket(page, ticket, None, Some(problem), reply_body),
        Err(error) => common::fail(page, error),
    }
}

/// `POST /tickets/{id}/replies`: adds to the thread (a closed ticket reopens).
pub async fn reply(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let body = Fields(pairs).text("body");
    match app::tickets::reply(&state.ctx, &actor, &id, &body, None).await {
        Ok(_) => Redirect::to(&format!("/tickets/{id}?replied=1")).into_response(),
        Err(error) => refused(&state, &actor, page, &id, error, body).await,
    }
}

/// `POST /tickets/{id}/close`: closes the ticket as the page showed it (a reply that
/// came meanwhile refuses the close, so it is read first).
pub async fn close(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let version = Fields(pairs).version();
    match app::tickets::set_status(&state.ctx, &actor, &id, Status::Closed.key(), version).await {
        Ok(_) => Redirect::to(&format!("/tickets/{id}?closed=1")).into_response(),
        Err(error) => refused(&state, &actor, page, &id, error, String::new()).await,
    }
}
