//! The administrator's list filters: as the query string and the Reassign form carry
//! them, and as the filter form above a list shows them.

use domain::cases::Priority;
use serde::Deserialize;
use store::cases::CaseFilter;
use store::users::UserRow;

use crate::ui::common::{self, Fields, SelectOption};
use crate::ui::layout::Page;

pub(super) const PRIORITIES: [(Priority, &str); 4] = [
    (Priority::Low, "low"),
    (Priority::Normal, "normal"),
    (Priority::High, "high"),
    (Priority::Urgent, "urgent"),
];

pub(super) fn priority_label(page: &Page, priority: Priority) -> String {
    let key = PRIORITIES
        .iter()
        .find(|(p, _)| *p == priority)
        .map_or("normal", |(_, key)| key);
    page.t(&format!("ca-priority-{key}"))
}

/// The list filters, as the query string and the Reassign form carry them.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub(super) status: Option<String>,
    pub(super) view: Option<String>,
    assignee: Option<String>,
    campaign_id: Option<String>,
    priority: Option<String>,
    area: Option<String>,
    due_after: Option<String>,
    due_before: Option<String>,
    callbacks: Option<String>,
    q: Option<String>,
    pub(super) cursor: Option<String>,
    /// A column the list is ordered by (`due_date`, `priority`, `created`), and
    /// `dir=desc` for the other way.
    pub(super) sort: Option<String>,
    pub(super) dir: Option<String>,
}

/// The filter form's choices: assignee (`""` anyone, `none`, or a user id), campaign,
/// priority key, area, due dates (`YYYY-MM-DD`, inclusive), callbacks due now (`"1"`)
/// and search text.
#[derive(Debug, Clone, Default)]
pub(super) struct Criteria {
    pub(super) assignee: String,
    campaign_id: String,
    priority: String,
    area: String,
    due_after: String,
    due_before: String,
    callbacks: String,
    q: String,
}

impl Criteria {
    pub(super) fn of(query: &ListQuery) -> Self {
        let text = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
        Criteria {
            assignee: text(&query.assignee),
            campaign_id: text(&query.campaign_id),
            priority: text(&query.priority),
            area: text(&query.area),
            due_after: text(&query.due_after),
            due_before: text(&query.due_before),
            callbacks: text(&query.callbacks),
            q: text(&query.q),
        }
    }

    pub(super) fn from_fields(fields: &Fields) -> Self {
        let text = |name: &str| fields.text(name).trim().to_owned();
        Criteria {
            assignee: text("assignee"),
            campaign_id: text("campaign_id"),
            priority: text("priority"),
            area: text("area"),
            due_after: text("due_after"),
            due_before: text("due_before"),
            callbacks: text("callbacks"),
            q: text("q"),
        }
    }

    pub(super) fn filter(&self) -> CaseFilter {
        CaseFilter {
            assignee: match self.assignee.as_str() {
                "" => None,
                "none" => Some(None),
                id => Some(Some(id.to_owned())),
            },
            campaign_id: common::non_empty(Some(self.campaign_id.clone())),
            priority: PRIORITIES
                .iter()
                .find(|(_, key)| *key == self.priority)
                .map(|(p, _)| p.rank()),
            area: common::non_empty(Some(self.area.clone())),
            // A date that does not read as one (typed into the address) is ignored.
            due_after: date(&self.due_after),
            due_before: date(&self.due_before),
            callback_due: (self.callbacks == "1").then(domain::clock::now),
            text: common::non_empty(Some(self.q.clone())),
            ..CaseFilter::default()
        }
    }

    pub(super) fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("assignee", &self.assignee),
            ("campaign_id", &self.campaign_id),
            ("priority", &self.priority),
            ("area", &self.area),
            ("due_after", &self.due_after),
            ("due_before", &self.due_before),
            ("callbacks", &self.callbacks),
            ("q", &self.q),
        ]
    }

    pub(super) fn is_set(&self) -> bool {
        self.pairs().iter().any(|(_, v)| !v.is_empty())
    }
}

/// `YYYY-MM-DD` as given, if it is a date.
pub(super) fn date(text: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|_| text.to_owned())
}

/// `path?…` with the criteria and `extra` pairs.
pub(super) fn href(path: &str, criteria: &Criteria, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = extra.to_vec();
    pairs.extend(criteria.pairs());
    common::with_query(path, &pairs)
}

/// The filter form above a list.
pub struct FilterForm {
    pub(super) action: &'static str,
    /// Hidden pairs the form keeps (the tab being filtered).
    pub(super) keep: Vec<(String, String)>,
    /// The Reassign page chooses the status here; the lists have tabs instead.
    pub(super) status_options: Vec<SelectOption>,
    pub(super) assignee_options: Vec<SelectOption>,
    pub(super) campaign_options: Vec<SelectOption>,
    pub(super) priority_options: Vec<SelectOption>,
    pub(super) area: String,
    pub(super) due_after: String,
    pub(super) due_before: String,
    pub(super) callbacks: bool,
    pub(super) q: String,
    pub(super) clear_href: Option<String>,
}

impl FilterForm {
    pub(super) fn new(
        page: &Page,
        action: &'static str,
        criteria: &Criteria,
        users: &[UserRow],
        campaigns: &[(String, String)],
    ) -> Self {
        let mut assignee_options = vec![
            SelectOption::new("", page.t("ca-filter-anyone"), criteria.assignee.is_empty()),
            SelectOption::new(
                "none",
                page.t("ca-filter-unassigned"),
                criteria.assignee == "none",
            ),
        ];
        assignee_options.extend(
            users
                .iter()
                .filter(|u| u.active || u.id == criteria.assignee)
                .map(|u| {
                    SelectOption::new(u.id.clone(), u.name.clone(), u.id == criteria.assignee)
                }),
        );
        let mut campaign_options = vec![SelectOption::new(
            "",
            page.t("ca-filter-any-campaign"),
            criteria.campaign_id.is_empty(),
        )];
        campaign_options.extend(campaigns.iter().map(|(id, name)| {
            SelectOption::new(id.clone(), name.clone(), *id == criteria.campaign_id)
        }));
        let mut priority_options = vec![SelectOption::new(
            "",
            page.t("ca-filter-any-priority"),
            criteria.priority.is_empty(),
        )];
        priority_options.extend(PRIORITIES.iter().map(|(p, key)| {
            SelectOption::new(*key, priority_label(page, *p), *key == criteria.priority)
        }));
        FilterForm {
            action,
            keep: Vec::new(),
            status_options: Vec::new(),
            assignee_options,
            campaign_options,
            priority_options,
            area: criteria.area.clone(),
            due_after: criteria.due_after.clone(),
            due_before: criteria.due_before.clone(),
            callbacks: criteria.callbacks == "1",
            q: criteria.q.clone(),
            clear_href: None,
        }
    }
}
