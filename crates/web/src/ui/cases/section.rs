//! What the administrator's case pages share: the links between them, refusals in
//! their words.

use std::collections::BTreeMap;

use app::AppError;
use axum::http::StatusCode;
use domain::{Actor, FieldErrors, Permission};

use super::rerender::Refused;
use crate::ui::common::{self};
use crate::ui::layout::Page;

/// The message `id` with `value` where its `%%` stands.
pub(super) fn t_with(page: &Page, id: &str, value: impl std::fmt::Display) -> String {
    let (before, after) = page.t_around(id);
    format!("{before}{value}{after}")
}

/// Whether the section has its own wording for `id`.
pub(super) fn has_message(page: &Page, id: &str) -> bool {
    page.t(id) != id
}

/// A refusal the page shows: an alert, and messages by form field.
pub(super) struct Refusal {
    pub(super) status: StatusCode,
    pub(super) alert: Option<String>,
    pub(super) errors: BTreeMap<String, String>,
}

impl Refused for Refusal {
    fn status(&self) -> StatusCode {
        self.status
    }
}

/// Field problems in this section's words where it has them (`ca-problem-<field>-<code>`).
pub(super) fn field_errors(page: &Page, errors: &FieldErrors) -> BTreeMap<String, String> {
    let mut out = page.field_errors(errors);
    for (field, code) in &errors.0 {
        let kind = code
            .split_once(':')
            .map_or(code.as_str(), |(kind, _)| kind)
            .trim();
        let id = format!(
            "ca-problem-{}-{}",
            field.replace(['_', '.'], "-"),
            kind.replace('_', "-")
        );
        if has_message(page, &id) {
            out.insert(field.clone(), page.t(&id));
        }
    }
    out
}

pub(super) fn refusal(page: &Page, error: AppError) -> Result<Refusal, AppError> {
    Ok(match error {
        AppError::Invalid(fields) => Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            alert: Some(page.t("problem-check-fields")),
            errors: field_errors(page, &fields),
        },
        AppError::Conflict { code, .. }
            if code == "changed_concurrently" || code == "case_open" =>
        {
            Refusal {
                status: StatusCode::CONFLICT,
                alert: Some(page.t(&format!("ca-problem-{}", code.replace('_', "-")))),
                errors: BTreeMap::new(),
            }
        }
        other => {
            let problem = common::explain(page, other)?;
            Refusal {
                status: problem.status,
                alert: problem.alert,
                errors: problem.errors,
            }
        }
    })
}

/// Links to the section's other pages the reader may open.
pub struct SectionLink {
    pub(super) id: &'static str,
    pub(super) href: &'static str,
    pub(super) label: String,
    pub(super) current: bool,
}

pub(super) fn section_links(page: &Page, actor: &Actor, current: &str) -> Vec<SectionLink> {
    let may_list = app::cases::administers(actor);
    [
        ("section-lists", "/cases", "ca-lists-title", may_list),
        (
            "section-reassign",
            "/cases/reassign",
            "ca-reassign-title",
            actor.can(Permission::CASES_ASSIGN),
        ),
        (
            "section-audit",
            "/cases/audit-queue",
            "ca-audit-title",
            actor.can(Permission::CASES_AUDIT),
        ),
        (
            "section-import",
            "/cases/import",
            "ca-import-title",
            actor.can(Permission::CASES_IMPORT),
        ),
    ]
    .into_iter()
    .filter(|(_, _, _, allowed)| *allowed)
    .map(|(id, href, label, _)| SectionLink {
        id,
        href,
        label: page.t(label),
        current: href == current,
    })
    .collect()
}
