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
    pub asset_version: &'static str,
    timezone: chrono_tz::Tz,
}

pub struct PageUser {
    pub name: String,
    pub role_name: String,
}

pub struct MenuLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The menu in order: (path, message id, permission needed). An entry shows only
/// to users holding its permission; later sections join this list as they land.
const MENU: &[(&str, &str, Option<Permission>)] = &[
    ("/", "nav-dashboard", Some(Permission::DASHBOARD_VIEW)),
    ("/", "nav-home", None),
    ("/profile", "nav-profile", None),
];

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

    /// Field problems in the page's language, keyed by field.
    pub fn field_errors(&self, errors: &FieldErrors) -> BTreeMap<String, String> {
        errors
            .0
            .iter()
            .map(|(field, code)| {
                (
                    field.clone(),
                    self.t(&format!("problem-{}", code.replace('_', "-"))),
                )
            })
            .collect()
    }

    fn build(actor: Option<&Actor>, tr: Tr, csrf: String, path: &str) -> Self {
        let user = actor.map(|a| PageUser {
            name: a.name.clone(),
            role_name: role_name(&tr, a.effective_role()),
        });
        let mut menu = Vec::new();
        if let Some(actor) = actor {
            let mut taken = Vec::new();
            for (href, id, needs) in MENU {
                let allowed = needs.is_none_or(|p| actor.can(p));
                if allowed && !taken.contains(href) {
                    taken.push(*href);
                    menu.push(MenuLink {
                        href,
                        label: tr.t(id),
                        current: *href == path,
                    });
                }
            }
        }
        let timezone = actor
            .and_then(|a| a.timezone.parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::UTC);
        Page {
            lang: tr.code(),
            tr,
            csrf,
            user,
            menu,
            asset_version: crate::assets::VERSION,
            timezone,
        }
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
        Ok(Page::build(actor, tr, csrf, parts.uri.path()))
    }
}
