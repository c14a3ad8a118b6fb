//! What the section pages share: repeated form fields, flash notices after a redirect,
//! one-time links, and turning a use-case's refusal into words a person can act on.

use std::collections::BTreeMap;

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Permission;
use serde::Deserialize;

use super::catalog;
use super::layout::Page;
use crate::error::ApiError;

/// One option of a `<select>`, or one box of a checkbox list (`selected` = ticked).
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

/// A form body as its raw pairs: `serde_urlencoded` cannot put repeated keys
/// (`permissions=a&permissions=b`) into a `Vec`, so the pages read them from here.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The field's value, empty when absent.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_owned()
    }

    /// Every value sent under `key`, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The hidden `version` field: the version the form was rendered from.
    pub fn version(&self) -> Option<i64> {
        self.get("version").and_then(|v| v.trim().parse().ok())
    }
}

/// `Some(text)` unless blank: empty filters and selects mean "not chosen".
pub fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// What a redirect after a successful form tells the next page. Only known keys and
/// values turn into (translated) messages; nothing from the URL is echoed.
#[derive(Deserialize, Default)]
pub struct Flash {
    saved: Option<String>,
    created: Option<String>,
    deleted: Option<String>,
    revoked: Option<String>,
    withdrawn: Option<String>,
    assigned: Option<String>,
    access: Option<String>,
}

impl Flash {
    pub fn notice(&self, page: &Page) -> Option<String> {
        if let Some(count) = self
            .assigned
            .as_deref()
            .and_then(|n| n.parse::<usize>().ok())
        {
            let (before, after) = page.t_around("flash-assigned");
            return Some(format!("{before}{count}{after}"));
        }
        let id = if self.saved.is_some() {
            "flash-saved"
        } else if self.created.is_some() {
            "flash-created"
        } else if self.deleted.is_some() {
            "flash-deleted"
        } else if self.revoked.is_some() {
            "flash-revoked"
        } else if self.withdrawn.is_some() {
            "flash-withdrawn"
        } else if self.access.as_deref() == Some("saved") {
            "flash-access-saved"
        } else {
            return None;
        };
        Some(page.t(id))
    }

    pub fn alert(&self, page: &Page) -> Option<String> {
        let id = match self.access.as_deref()? {
            "forbidden" => "problem-forbidden",
            "not_held" => "problem-not-held",
            "template_role" => "problem-template-role",
            "invalid" => "problem-invalid",
            _ => return None,
        };
        Some(page.t(id))
    }

    /// Whether the page should open its "who can access" control.
    pub fn about_access(&self) -> bool {
        self.access.is_some()
    }
}

/// A refusal the page shows next to the form it concerns.
pub struct Problem {
    pub status: StatusCode,
    pub errors: BTreeMap<String, String>,
    pub alert: Option<String>,
}

impl Problem {
    pub fn alert(status: StatusCode, message: String) -> Self {
        Self {
            status,
            errors: BTreeMap::new(),
            alert: Some(message),
        }
    }
}

/// Translates the refusals a person can act on; the rest (not found, internal, …)
/// come back unchanged for [`fail`].
pub fn explain(page: &Page, error: AppError) -> Result<Problem, AppError> {
    let problem = match error {
        AppError::Invalid(fields) => Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: page.field_errors(&fields),
            alert: Some(page.t("problem-check-fields")),
        },
        AppError::Forbidden(_) => {
            Problem::alert(StatusCode::FORBIDDEN, page.t("problem-forbidden"))
        }
        AppError::NotHeld(keys) => {
            let names: Vec<String> = keys
                .iter()
                .filter_map(|k| Permission::parse(k))
                .map(|p| catalog::permission_label(&page.tr, p))
                .collect();
            Problem::alert(
                StatusCode::FORBIDDEN,
                format!("{} {}", page.t("problem-not-held"), names.join("; ")),
            )
        }
        AppError::Conflict {
            code: "email_taken",
            ..
        } => Problem {
            status: StatusCode::CONFLICT,
            errors: BTreeMap::from([("email".to_owned(), page.t("problem-email-taken"))]),
            alert: Some(page.t("problem-check-fields")),
        },
        AppError::Conflict { code, .. } => {
            let id = match code {
                "template_role" => "problem-template-role",
                "role_in_use" => "problem-role-in-use",
                "invitation_accepted" => "problem-invitation-accepted",
                "in_use" => "problem-in-use",
                "project_not_empty" => "problem-project-not-empty",
                "single_project" => "problem-single-project",
                "last_project" => "problem-last-project",
                "seat_limit" => "problem-seat-limit",
                _ => "problem-conflict",
            };
            Problem::alert(StatusCode::CONFLICT, page.t(id))
        }
        AppError::Stale => Problem::alert(StatusCode::PRECONDITION_FAILED, page.t("problem-stale")),
        other => return Err(other),
    };
    Ok(problem)
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub struct MessagePage {
    page: Page,
    title: String,
    message: String,
}

/// The answer when a page cannot be shown at all: a page saying the role does not
/// allow it (403), the not-found page (404), else the API's error shape.
pub fn fail(page: Page, error: AppError) -> Response {
    match error {
        AppError::Forbidden(_) | AppError::NotHeld(_) => forbidden(page),
        AppError::NotFound => not_found(),
        other => ApiError::from(other).into_response(),
    }
}

pub fn forbidden(page: Page) -> Response {
    let view = MessagePage {
        title: page.t("forbidden-title"),
        message: page.t("forbidden-text"),
        page,
    };
    (StatusCode::FORBIDDEN, view).into_response()
}

pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::response::Html(super::NOT_FOUND_HTML),
    )
        .into_response()
}

/// Reads that a page can do without: a refusal leaves that part of the page out,
/// while a real failure still fails the page.
pub fn optional<T>(result: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(AppError::Forbidden(_) | AppError::NotHeld(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// A one-time link as the person receiving it will open it: this server's address
/// as the administrator's browser reached it, then `path`.
pub fn one_time_link(headers: &HeaderMap, secure: bool, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        });
    match host {
        Some(host) => format!("{}://{host}{path}", if secure { "https" } else { "http" }),
        None => path.to_owned(),
    }
}

/// `path?k=v&…` with the pairs URL-encoded; empty values are left out.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match serde_urlencoded::to_string(&kept) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_are_all_read() {
        let fields = Fields(vec![
            ("permissions".into(), "users.view".into()),
            ("name".into(), "Lead".into()),
            ("permissions".into(), "cases.view".into()),
        ]);
        assert_eq!(fields.all("permissions"), vec!["users.view", "cases.view"]);
        assert_eq!(fields.text("name"), "Lead");
        assert_eq!(fields.text("missing"), "");
    }

    #[test]
    fn links_and_queries() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "sb.example:8080".parse().unwrap());
        assert_eq!(
            one_time_link(&headers, true, "/reset?token=x"),
            "https://sb.example:8080/reset?token=x"
        );
        headers.insert(header::HOST, "evil\"host".parse().unwrap());
        assert_eq!(one_time_link(&headers, false, "/r"), "/r");
        assert_eq!(
            with_query("/users", &[("q", "a b&c"), ("group_id", "")]),
            "/users?q=a+b%26c"
        );
        assert_eq!(with_query("/users", &[("q", "")]), "/users");
    }
}
