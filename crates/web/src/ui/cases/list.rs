//! `GET /cases`: every case the reader sees, one status per tab, plus the Assigned view.

use app::AppError;
use app::case_config::Status;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use domain::{Actor, Permission};
use store::cases::{CaseFilter, CaseSort};

use super::filters::{Criteria, FilterForm, ListQuery, href};
use super::lines::{CaseLine, Names, SORT, campaigns, line, read_page, status_name, users};
use super::section::{SectionLink, section_links};
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::{self};
use crate::ui::layout::Page;
use crate::ui::sorting::{Header, Sorted};

/// The Assigned view: open cases with an operator. Not a status key (those start with
/// a letter and hold no `-`), so it cannot shadow one.
pub(super) const ASSIGNED: &str = "assigned";

pub struct Tab {
    id: String,
    href: String,
    name: String,
    count: i64,
    current: bool,
}

pub struct ListView {
    title: String,
    links: Vec<SectionLink>,
    tabs: Vec<Tab>,
    tab_name: String,
    filters: FilterForm,
    filtered: bool,
    rows: Vec<CaseLine>,
    headers: CaseHeaders,
    next: Option<String>,
    export_href: Option<String>,
}

/// The headers that order the list: due date and priority.
pub struct CaseHeaders {
    due: Header,
    priority: Header,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_list.html")]
pub struct ListPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: ListView,
}

impl std::ops::Deref for ListPage {
    type Target = ListView;

    fn deref(&self) -> &ListView {
        &self.view
    }
}

/// `GET /cases`: every case the reader sees, one status per tab, plus the Assigned view.
pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Response {
    match list_view(&state, &actor, &page, query).await {
        Ok(view) => ListPage { page, view }.into_response(),
        Err(error) => common::fail(page, error),
    }
}

pub(super) async fn list_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    query: ListQuery,
) -> Result<ListView, AppError> {
    let criteria = Criteria::of(&query);
    let base = criteria.filter();
    // The use-case refuses readers who do not administer cases (403).
    let app::cases::Overview {
        counts,
        assigned: assigned_count,
    } = app::cases::overview(&state.ctx, actor, &base).await?;
    let assigned_filter = app::cases::assigned(&base);
    let statuses: Vec<Status> = counts.iter().map(|(s, _)| s.clone()).collect();

    let assigned_view = query.view.as_deref() == Some(ASSIGNED);
    let status = if assigned_view {
        String::new()
    } else {
        common::non_empty(query.status.clone())
            .filter(|s| statuses.iter().any(|st| st.key == *s))
            .unwrap_or_else(|| "active".to_owned())
    };

    let mut tabs: Vec<Tab> = Vec::new();
    for (s, n) in &counts {
        tabs.push(Tab {
            id: format!("tab-{}", s.key),
            href: href("/cases", &criteria, &[("status", &s.key)]),
            name: s.name.clone(),
            count: *n,
            current: !assigned_view && s.key == status,
        });
        if s.key == "active" {
            tabs.push(Tab {
                id: "tab-assigned".to_owned(),
                href: href("/cases", &criteria, &[("view", ASSIGNED)]),
                name: page.t("ca-tab-assigned"),
                count: assigned_count,
                current: assigned_view,
            });
        }
    }
    let tab_name = if assigned_view {
        page.t("ca-tab-assigned")
    } else {
        status_name(&statuses, &status)
    };

    let tab_pair: (&str, &str) = if assigned_view {
        ("view", ASSIGNED)
    } else {
        ("status", &status)
    };
    // The columns with an order in SQL (a keyset one: pages follow a cursor).
    let mut kept: Vec<(&str, String)> = vec![(tab_pair.0, tab_pair.1.to_owned())];
    kept.extend(criteria.pairs().iter().map(|(k, v)| (*k, (*v).to_owned())));
    let sorted = Sorted::new(
        "/cases",
        kept,
        query.sort.as_deref(),
        query.dir.as_deref(),
        None,
        |c| CaseSort::parse(c).is_some() && !c.starts_with('-'),
    );
    let sort = match &sorted.column {
        Some(column) if sorted.descending => CaseSort::parse(&format!("-{column}")),
        Some(column) => CaseSort::parse(column),
        None => None,
    }
    .unwrap_or(SORT);
    let headers = CaseHeaders {
        due: sorted.header(page.t("ca-col-due"), "due_date"),
        priority: sorted
            .header(page.t("ca-col-priority"), "priority")
            .with_class("hide-narrow"),
    };
    let cursor = common::non_empty(query.cursor);
    let filter = if assigned_view {
        assigned_filter
    } else {
        CaseFilter {
            status: Some(status.clone()),
            ..base.clone()
        }
    };
    let found = read_page(state, actor, &filter, sort, cursor, false).await?;
    let (items, next_cursor) = (found.items, found.next);
    let next = next_cursor.map(|c| {
        let dir = if sorted.descending { "desc" } else { "asc" };
        match &sorted.column {
            Some(column) => sorted.link(&[("sort", column), ("dir", dir), ("cursor", &c)]),
            None => sorted.link(&[("cursor", &c)]),
        }
    });

    let users = users(state, actor).await?;
    let campaigns = campaigns(state, actor).await?;
    let names = Names::new(page, &users);
    let rows: Vec<CaseLine> = items
        .iter()
        .map(|c| line(page, &statuses, &names, c))
        .collect();

    let export_href = actor.can(Permission::CASES_EXPORT).then(|| {
        let mut pairs: Vec<(&str, &str)> = if assigned_view {
            let mut pairs = vec![("open", "true")];
            if criteria.assignee.is_empty() {
                pairs.push(("assignee", "any"));
            }
            pairs
        } else {
            vec![("status", &status)]
        };
        pairs.extend(criteria.pairs());
        common::with_query("/api/v1/cases/export", &pairs)
    });

    let mut filters = FilterForm::new(page, "/cases", &criteria, &users, &campaigns);
    filters.keep = vec![(tab_pair.0.to_owned(), tab_pair.1.to_owned())];
    filters.clear_href = criteria
        .is_set()
        .then(|| common::with_query("/cases", &[tab_pair]));

    Ok(ListView {
        title: page.t("nav-cases"),
        links: section_links(page, actor, "/cases"),
        tabs,
        tab_name,
        filters,
        filtered: criteria.is_set(),
        rows,
        headers,
        next,
        export_href,
    })
}
