//! `GET /my-cases`: the operator's workspace, their cases by status and the callbacks
//! due.

use app::AppError;
use app::cases::CaseDetails;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::Actor;
use serde::Deserialize;
use store::cases::{CaseFilter, CaseSort};

use super::facts::{Phone, phones};
use super::wording::{amount_text, priority_label};
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::{self};
use crate::ui::layout::Page;
use crate::ui::live;
use crate::ui::my_state::StateForm;
use crate::ui::shipped;

/// Cases per page of a tab.
pub(super) const PAGE_SIZE: i64 = 50;
/// The most due callbacks the panel reads (and orders by when they fell due).
pub(super) const CALLBACKS_READ: i64 = 100;

#[derive(Deserialize, Default)]
pub struct MyCasesQuery {
    status: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    /// The state "My state" just set (a flash after its redirect).
    state: Option<String>,
}

pub struct Tab {
    key: String,
    href: String,
    name: String,
    count: i64,
    current: bool,
}

pub struct CaseLine {
    pub(super) href: String,
    pub(super) name: String,
    pub(super) document: String,
    phones: Vec<Phone>,
    pub(super) area: String,
    pub(super) amount: String,
    pub(super) due_date: String,
    pub(super) overdue: bool,
    pub(super) priority: String,
    next_contact: String,
    /// How long ago a due callback fell due, when it is a minute or more.
    late: String,
}

pub struct MyCasesView {
    title: String,
    tabs: Vec<Tab>,
    status: String,
    status_name: String,
    q: String,
    rows: Vec<CaseLine>,
    next: Option<String>,
    callbacks: Vec<CaseLine>,
    /// Said when more callbacks are due than the panel shows.
    callbacks_more: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_cases.html")]
pub struct MyCasesPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: MyCasesView,
    my_state: Option<StateForm>,
}

impl std::ops::Deref for MyCasesPage {
    type Target = MyCasesView;

    fn deref(&self) -> &MyCasesView {
        &self.view
    }
}

pub(super) fn line(page: &Page, case: &CaseDetails) -> CaseLine {
    CaseLine {
        href: format!("/cases/{}", case.row.id),
        name: case.customer.name.clone(),
        document: case.customer.document.clone(),
        phones: phones(&case.customer.phones),
        area: case.row.area.clone(),
        amount: case.row.amount_cents.map(amount_text).unwrap_or_default(),
        due_date: case.row.due_date.clone().unwrap_or_default(),
        overdue: page.overdue(case.row.is_open, case.row.due_date.as_deref()),
        priority: priority_label(page, case.priority()),
        next_contact: case
            .row
            .next_contact_at
            .map(|at| page.time(at))
            .unwrap_or_default(),
        late: String::new(),
    }
}

/// A due callback's line, saying how late it is at `now`.
pub(super) fn callback_line(page: &Page, case: &CaseDetails, now: DateTime<Utc>) -> CaseLine {
    let mut line = line(page, case);
    if let Some(due) = case.row.next_contact_at {
        let minutes = (now - due).num_minutes();
        if minutes >= 1 {
            let (before, after) = page.t_around("cw-callback-late");
            line.late = format!("{before}{}{after}", lateness(page, minutes));
        }
    }
    line
}

/// `minutes` as the two largest units that matter: `12 min`, `3 h 20 min`, `2 d 4 h`.
pub(super) fn lateness(page: &Page, minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let unit = |n: i64, id: &str| {
        let (before, after) = page.t_around(id);
        format!("{before}{n}{after}")
    };
    match (days, hours) {
        (0, 0) => unit(mins, "cw-unit-minutes"),
        (0, _) => format!(
            "{} {}",
            unit(hours, "cw-unit-hours"),
            unit(mins, "cw-unit-minutes")
        ),
        _ => format!(
            "{} {}",
            unit(days, "cw-unit-days"),
            unit(hours, "cw-unit-hours")
        ),
    }
}

/// `GET /my-cases`: the signed-in user's cases, one status per tab.
pub async fn my_cases(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<MyCasesQuery>,
) -> Response {
    let my_state = match live::state_form(&state, &page, &actor, query.state.as_deref()).await {
        Ok(form) => form,
        Err(error) => return common::fail(page, error),
    };
    render_my_cases(&state, &actor, page, query, my_state, StatusCode::OK).await
}

/// The workspace with `my_state` as its state form (which may carry a refusal),
/// answered with `status`.
pub async fn render_my_cases(
    state: &AppState,
    actor: &Actor,
    page: Page,
    query: MyCasesQuery,
    my_state: Option<StateForm>,
    status: StatusCode,
) -> Response {
    match my_cases_view(state, actor, &page, query).await {
        Ok(view) => (
            status,
            MyCasesPage {
                page,
                view,
                my_state,
            },
        )
            .into_response(),
        Err(error) => common::fail(page, error),
    }
}

pub(super) async fn my_cases_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    query: MyCasesQuery,
) -> Result<MyCasesView, AppError> {
    let mine = Some(Some(actor.user_id.clone()));
    let q = query.q.unwrap_or_default().trim().to_owned();
    let text = common::non_empty(Some(q.clone()));
    let counts = app::cases::counts_by_status(
        &state.ctx,
        actor,
        &CaseFilter {
            assignee: mine.clone(),
            text: text.clone(),
            ..CaseFilter::default()
        },
    )
    .await?;
    let asked =
        common::non_empty(query.status).filter(|s| counts.iter().any(|(st, _)| st.key == *s));
    let status = asked.unwrap_or_else(|| {
        counts
            .iter()
            .find(|(s, n)| s.open && *n > 0)
            .map_or_else(|| "active".to_owned(), |(s, _)| s.key.clone())
    });
    let tabs: Vec<Tab> = counts
        .iter()
        .map(|(s, n)| Tab {
            key: s.key.clone(),
            href: common::with_query("/my-cases", &[("status", &s.key), ("q", &q)]),
            name: shipped::status_name(page.tr, &s.key, &s.name),
            count: *n,
            current: s.key == status,
        })
        .collect();
    let status_name = counts.iter().find(|(s, _)| s.key == status).map_or_else(
        || status.clone(),
        |(s, _)| shipped::status_name(page.tr, &s.key, &s.name),
    );

    let filter = CaseFilter {
        assignee: mine.clone(),
        status: Some(status.clone()),
        text,
        ..CaseFilter::default()
    };
    let cursor = common::non_empty(query.cursor);
    let list = |after: Option<String>| {
        let filter = &filter;
        async move {
            app::cases::list(
                &state.ctx,
                actor,
                filter,
                CaseSort::DueDate,
                after.as_deref(),
                PAGE_SIZE,
                false,
            )
            .await
        }
    };
    let found = match list(cursor.clone()).await {
        // A cursor from an old link: start again from the first page.
        Err(AppError::Invalid(_)) if cursor.is_some() => list(None).await?,
        other => other?,
    };
    let next = found.next.map(|c| {
        common::with_query(
            "/my-cases",
            &[("status", &status), ("q", &q), ("cursor", &c)],
        )
    });

    let due = app::cases::list(
        &state.ctx,
        actor,
        &CaseFilter {
            assignee: mine,
            callback_due: Some(domain::clock::now()),
            // A closed case's old callback is no longer work.
            open: Some(true),
            ..CaseFilter::default()
        },
        CaseSort::Created,
        None,
        CALLBACKS_READ,
        true,
    )
    .await?;
    let mut callbacks = due.items;
    callbacks.sort_by(|a, b| {
        (a.row.next_contact_at, &a.row.id).cmp(&(b.row.next_contact_at, &b.row.id))
    });
    let total_due = due.total.unwrap_or_default();
    let callbacks_more = (total_due > callbacks.len() as i64).then(|| {
        let (before, after) = page.t_around("cw-callbacks-more");
        format!("{before}{total_due}{after}")
    });

    Ok(MyCasesView {
        title: page.t("nav-my-cases"),
        tabs,
        status,
        status_name,
        q,
        rows: found.items.iter().map(|c| line(page, c)).collect(),
        next,
        callbacks: callbacks
            .iter()
            .map(|c| callback_line(page, c, domain::clock::now()))
            .collect(),
        callbacks_more,
    })
}
