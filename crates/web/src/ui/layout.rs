//! What every page shares: language, the signed-in user, the menu and the CSRF token.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use domain::actor::ActingRole;
use domain::{Actor, FieldErrors, Permission};

use crate::csrf::CsrfToken;
use crate::i18n::Tr;

pub struct Page {
    pub lang: &'static str,
    pub tr: Tr,
    pub csrf: String,
    pub user: Option<PageUser>,
    pub menu: Vec<MenuLink>,
    /// "Report a problem": the new-ticket form, told which page it was opened from;
    /// for holders of `tickets.create`.
    pub report_href: Option<String>,
    pub asset_version: &'static str,
    timezone: chrono_tz::Tz,
}

pub struct PageUser {
    pub name: String,
    pub role_name: String,
    /// Set while this session tests a role.
    pub testing: Option<RoleTest>,
}

/// The role-test banner's sentence, cut around the tested role's name.
pub struct RoleTest {
    pub before: String,
    pub role: String,
    pub after: String,
}

pub struct MenuLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The menu in order: (path, message id, permissions of which any one is needed; none
/// = everyone). An entry shows only to users whose role in force holds one of them (a
/// role test shrinks the menu); later sections join this list as they land.
const MENU: &[(&str, &str, &[Permission])] = &[
    ("/", "nav-dashboard", &[Permission::DASHBOARD_VIEW]),
    ("/", "nav-home", &[]),
    ("/users", "nav-users", &[Permission::USERS_VIEW]),
    ("/groups", "nav-groups", &[Permission::GROUPS_VIEW]),
    (
        "/skills",
        "nav-skills",
        &[Permission::SKILLS_VIEW, Permission::SKILLS_MANAGE],
    ),
    ("/roles", "nav-roles", &[Permission::ROLES_VIEW]),
    (
        "/projects",
        "nav-projects",
        &[
            Permission::PROJECTS_LIST,
            Permission::PROJECTS_ACCESS,
            Permission::PROJECTS_MANAGE,
            Permission::PROJECTS_VIEW_ALL,
        ],
    ),
    ("/my-cases", "nav-my-cases", &[Permission::CASES_EDIT]),
    (
        "/cases",
        "nav-cases",
        &[
            Permission::CASES_ASSIGN,
            Permission::CASES_AUDIT,
            Permission::CASES_IMPORT,
            Permission::CASES_EXPORT,
        ],
    ),
    (
        "/tickets",
        "nav-tickets",
        &[Permission::TICKETS_CREATE, domain::tickets::ADMINISTER],
    ),
    ("/live", "nav-live", &[Permission::LIVE_VIEW]),
    ("/reports", "nav-reports", &[Permission::REPORTS_VIEW]),
    ("/config", "nav-config", CONFIG_VIEW),
    (
        "/case-config",
        "nav-case-config",
        &[Permission::CASE_CONFIG_MANAGE],
    ),
    ("/audit", "nav-audit", &[Permission::AUDIT_VIEW]),
    ("/kpi", "nav-kpi", &[Permission::KPI_MANAGE]),
    (
        "/settings",
        "nav-settings",
        &[Permission::COMPANY_SETTINGS, Permission::SECURITY_MANAGE],
    ),
    (
        "/pause-reasons",
        "nav-pause-reasons",
        &[Permission::COMPANY_SETTINGS],
    ),
    (
        "/api-tokens",
        "nav-api-tokens",
        &[Permission::API_TOKENS_MANAGE],
    ),
    ("/billing", "nav-billing", &[Permission::BILLING_MANAGE]),
    ("/profile", "nav-profile", &[]),
];

/// The view permissions of the configuration kinds: any one opens `/config`.
const CONFIG_VIEW: &[Permission] = &[
    Permission::QUEUES_VIEW,
    Permission::SCHEDULES_VIEW,
    Permission::SIP_PROVIDERS_VIEW,
    Permission::CALL_SCRIPTS_VIEW,
    Permission::DIALER_CAMPAIGNS_VIEW,
    Permission::LISTS_VIEW,
    Permission::NOTIFICATION_TEMPLATES_VIEW,
    Permission::CRM_FORMS_VIEW,
    Permission::IP_PHONES_VIEW,
    Permission::TAGS_VIEW,
];

/// Whether the menu entry `href` is the section the page at `path` belongs to.
fn is_current(href: &str, path: &str) -> bool {
    href == path
        || (href != "/"
            && path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/')))
}

impl Page {
    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    /// A time as the user reads it: in their time zone, with the zone named.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.timezone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// Today's date where the user is.
    pub fn today(&self) -> chrono::NaiveDate {
        domain::clock::now()
            .with_timezone(&self.timezone)
            .date_naive()
    }

    /// Whether an open case's due date (`YYYY-MM-DD`) has passed where the user is.
    pub fn overdue(&self, is_open: bool, due_date: Option<&str>) -> bool {
        is_open
            && due_date
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_some_and(|d| d < self.today())
    }

    /// The first instant of `date` in the user's time zone.
    pub fn day_start(&self, date: chrono::NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        midnight
            .and_local_timezone(self.timezone)
            .earliest()
            .map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
    }

    /// The message `id` cut around its `%%` placeholder, so a template can put a name
    /// (escaped, emphasised) where each language wants it.
    pub fn t_around(&self, id: &str) -> (String, String) {
        around(&self.tr, id)
    }

    /// Field problems in the page's language, keyed by field. A code may carry
    /// details after a colon (`unknown: a, b`); the message is chosen by what precedes.
    pub fn field_errors(&self, errors: &FieldErrors) -> BTreeMap<String, String> {
        errors
            .0
            .iter()
            .map(|(field, code)| {
                let kind = code.split_once(':').map_or(code.as_str(), |(kind, _)| kind);
                let id = format!("problem-{}", kind.trim().replace('_', "-"));
                let message = self.t(&id);
                let message = if message == id {
                    self.t("problem-invalid")
                } else {
                    message
                };
                (field.clone(), message)
            })
            .collect()
    }

    fn build(actor: Option<&Actor>, tr: Tr, csrf: String, path: &str, query: Option<&str>) -> Self {
        let user = actor.map(|a| PageUser {
            name: a.name.clone(),
            role_name: role_name(&tr, a.effective_role()),
            testing: a.role_test.as_ref().map(|role| {
                let (before, after) = around(&tr, "role-test-banner");
                RoleTest {
                    before,
                    role: role_name(&tr, role),
                    after,
                }
            }),
        });
        let mut menu = Vec::new();
        if let Some(actor) = actor {
            let mut taken = Vec::new();
            for (href, id, needs) in MENU {
                let allowed = needs.is_empty() || needs.iter().any(|p| actor.can(*p));
                if allowed && !taken.contains(href) {
                    taken.push(*href);
                    menu.push(MenuLink {
                        href,
                        label: tr.t(id),
                        current: is_current(href, path),
                    });
                }
            }
        }
        let report_href = actor
            .filter(|a| a.can(Permission::TICKETS_CREATE))
            .map(|_| report_href(path, query));
        let timezone = actor
            .and_then(|a| a.timezone.parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::UTC);
        Page {
            lang: tr.code(),
            tr,
            csrf,
            user,
            menu,
            report_href,
            asset_version: crate::assets::VERSION,
            timezone,
        }
    }
}

/// The new-ticket form, pre-filled with the page at `path?query` (not when that page is
/// the form itself).
fn report_href(path: &str, query: Option<&str>) -> String {
    if path == super::tickets::NEW {
        return super::tickets::NEW.to_owned();
    }
    let here = match query {
        Some(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    };
    super::common::with_query(super::tickets::NEW, &[("page", &here)])
}

fn around(tr: &Tr, id: &str) -> (String, String) {
    let text = tr.t(id);
    match text.split_once("%%") {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text, String::new()),
    }
}

/// Template roles show in the reader's language; custom roles as their owners named them.
pub fn role_name(tr: &Tr, role: &ActingRole) -> String {
    match role.template {
        Some(template) if role.is_template => tr.t(&format!("role-{}", template.key())),
        _ => role.name.clone(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let actor = parts.extensions.get::<Actor>();
        let tr = Tr::choose(actor.map(|a| a.language.as_str()), &parts.headers);
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
        Ok(Page::build(
            actor,
            tr,
            csrf,
            parts.uri.path(),
            parts.uri.query(),
        ))
    }
}
