//! Cases as the administrator's lists show them, one page at a time, with the names
//! of their operators.

use app::AppError;
use app::case_config::Status;
use app::cases::CaseDetails;
use domain::Actor;
use domain::objects::ObjectKind;
use store::cases::{CaseFilter, CaseSort};
use store::users::UserRow;

use super::filters::priority_label;
use crate::state::AppState;
use crate::ui::common::{self};
use crate::ui::layout::Page;

/// Cases per page of a list.
pub(super) const PAGE_SIZE: i64 = 50;
/// Administrators read the newest cases first.
pub(super) const SORT: CaseSort = CaseSort::CreatedDesc;
/// The most users read for names and choices.
pub(super) const USERS_READ: usize = 5_000;

/// The users the reader's scope reaches (for names and choices), by name.
pub(super) async fn users(state: &AppState, actor: &Actor) -> Result<Vec<UserRow>, AppError> {
    Ok(
        common::optional(app::cases::people(&state.ctx, actor, USERS_READ).await)?
            .unwrap_or_default(),
    )
}

/// The dialer campaigns the reader sees, by name, as (id, name).
pub(super) async fn campaigns(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(String, String)>, AppError> {
    let read = app::objects::list(
        &state.ctx,
        actor,
        ObjectKind::DialerCampaigns,
        None,
        None,
        500,
        false,
    )
    .await;
    let mut out: Vec<(String, String)> = common::optional(read)?
        .map(|page| {
            page.items
                .into_iter()
                .map(|o| (o.row.id, o.row.name))
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(out)
}

/// The names the lists show for operators.
pub(super) struct Names<'a> {
    users: &'a [UserRow],
    nobody: String,
    someone: String,
}

impl<'a> Names<'a> {
    pub(super) fn new(page: &Page, users: &'a [UserRow]) -> Self {
        Names {
            users,
            nobody: page.t("ca-unassigned"),
            someone: page.t("ca-someone"),
        }
    }

    pub(super) fn of(&self, id: Option<&str>) -> String {
        match id {
            None => self.nobody.clone(),
            Some(id) => self
                .users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| self.someone.clone(), |u| u.name.clone()),
        }
    }
}

/// One case in a list.
pub struct CaseLine {
    pub(super) id: String,
    pub(super) href: String,
    pub(super) name: String,
    pub(super) document: String,
    pub(super) status: String,
    pub(super) assignee: String,
    pub(super) area: String,
    pub(super) amount: String,
    pub(super) due_date: String,
    pub(super) overdue: bool,
    pub(super) priority: String,
    pub(super) closed: String,
    pub(super) ticked: bool,
}

pub(super) fn status_name(statuses: &[Status], key: &str) -> String {
    statuses
        .iter()
        .find(|s| s.key == key)
        .map_or_else(|| key.to_owned(), |s| s.name.clone())
}

pub(super) fn line(
    page: &Page,
    statuses: &[Status],
    names: &Names<'_>,
    case: &CaseDetails,
) -> CaseLine {
    let row = &case.row;
    CaseLine {
        id: row.id.clone(),
        href: format!("/cases/{}", row.id),
        name: case.customer.name.clone(),
        document: case.customer.document.clone(),
        status: status_name(statuses, &row.status),
        assignee: names.of(row.assignee_id.as_deref()),
        area: row.area.clone(),
        amount: row
            .amount_cents
            .map(|c| format!("{:.2}", domain::cases::cents_to_amount(c)))
            .unwrap_or_default(),
        due_date: row.due_date.clone().unwrap_or_default(),
        overdue: page.overdue(row.is_open, row.due_date.as_deref()),
        priority: priority_label(page, case.priority()),
        closed: row.closed_at.map(|at| page.time(at)).unwrap_or_default(),
        ticked: false,
    }
}

/// One page of a list; a cursor from an old link starts again from the first page.
pub(super) async fn read_page(
    state: &AppState,
    actor: &Actor,
    filter: &CaseFilter,
    sort: CaseSort,
    cursor: Option<String>,
    with_total: bool,
) -> Result<app::page::Page<CaseDetails>, AppError> {
    let list = |after: Option<String>| async move {
        app::cases::list(
            &state.ctx,
            actor,
            filter,
            sort,
            after.as_deref(),
            PAGE_SIZE,
            with_total,
        )
        .await
    };
    match list(cursor.clone()).await {
        Err(AppError::Invalid(_)) if cursor.is_some() => list(None).await,
        other => other,
    }
}
