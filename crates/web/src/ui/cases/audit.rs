//! `/cases/audit-queue`: closed cases nobody has audited yet, validated or returned.

use app::AppError;
use app::cases::Verdict;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Actor;
use serde::Deserialize;

use super::lines::{CaseLine, Names, PAGE_SIZE, SORT, line, users};
use super::rerender::{Refused, Rerender};
use super::section::{Refusal, SectionLink, refusal, section_links};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::{self, Fields};
use crate::ui::layout::Page;
use crate::ui::shipped;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    cursor: Option<String>,
    done: Option<String>,
}

pub struct AuditLine {
    case: CaseLine,
    comment: String,
    error: Option<String>,
    /// The return form shows open (after a refusal).
    open: bool,
}

pub struct AuditView {
    title: String,
    links: Vec<SectionLink>,
    notice: Option<String>,
    alert: Option<String>,
    total: i64,
    rows: Vec<AuditLine>,
    next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases_audit.html")]
pub struct AuditPage {
    page: Page,
    view: AuditView,
}

impl std::ops::Deref for AuditPage {
    type Target = AuditView;

    fn deref(&self) -> &AuditView {
        &self.view
    }
}

/// A refused verdict, shown at its case.
pub(super) struct VerdictRefusal {
    case_id: String,
    comment: String,
    refusal: Refusal,
}

impl Refused for VerdictRefusal {
    fn status(&self) -> StatusCode {
        self.refusal.status
    }
}

/// `GET /cases/audit-queue`: closed cases nobody has audited yet.
pub async fn audit_queue(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<AuditQuery>,
) -> Response {
    let notice = match query.done.as_deref() {
        Some("validated") => Some(page.t("ca-flash-validated")),
        Some("returned") => Some(page.t("ca-flash-returned")),
        _ => None,
    };
    render_audit(&state, &actor, page, Rerender::fresh(query.cursor, notice)).await
}

/// The queue at the page `again.form` (a cursor) names.
pub(super) async fn render_audit(
    state: &AppState,
    actor: &Actor,
    page: Page,
    again: Rerender<Option<String>, VerdictRefusal>,
) -> Response {
    let status = again.status();
    match audit_view(state, actor, &page, again.form, again.refusal).await {
        Ok(mut view) => {
            view.notice = again.notice;
            (status, AuditPage { page, view }).into_response()
        }
        Err(error) => common::fail(page, error),
    }
}

pub(super) async fn audit_view(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    cursor: Option<String>,
    refused: Option<VerdictRefusal>,
) -> Result<AuditView, AppError> {
    // The use-case refuses readers without cases.audit (403).
    let read = |after: Option<String>| async move {
        app::cases::audit_queue(&state.ctx, actor, SORT, after.as_deref(), PAGE_SIZE).await
    };
    let cursor = common::non_empty(cursor);
    // A cursor from an old link starts again from the first page.
    let found = match read(cursor.clone()).await {
        Err(AppError::Invalid(_)) if cursor.is_some() => read(None).await,
        other => other,
    }?;
    let statuses = shipped::statuses(state, actor, page.tr).await?;
    let users = users(state, actor).await?;
    let names = Names::new(page, &users);
    let alert = refused.as_ref().and_then(|r| r.refusal.alert.clone());
    let rows = found
        .items
        .iter()
        .map(|c| {
            let case = line(page, &statuses, &names, c);
            let mine = refused.as_ref().filter(|r| r.case_id == case.id);
            AuditLine {
                comment: mine.map(|r| r.comment.clone()).unwrap_or_default(),
                error: mine.and_then(|r| r.refusal.errors.get("comment").cloned()),
                open: mine.is_some(),
                case,
            }
        })
        .collect();
    Ok(AuditView {
        title: page.t("ca-audit-title"),
        links: section_links(page, actor, "/cases/audit-queue"),
        notice: None,
        alert,
        total: found.total.unwrap_or_default(),
        rows,
        next: found
            .next
            .map(|c| common::with_query("/cases/audit-queue", &[("cursor", &c)])),
    })
}

/// `POST /cases/{id}/audit-verdict`: validates a closed case, or returns it with a comment.
pub async fn audit_verdict(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let comment = fields.text("comment");
    let verdict = fields.text("verdict");
    let result = app::cases::audit_by_key(&state.ctx, &actor, &id, &verdict, &comment).await;
    match result {
        Ok(verdict) => {
            let done = if verdict == Verdict::Validated {
                "validated"
            } else {
                "returned"
            };
            Redirect::to(&format!("/cases/audit-queue?done={done}")).into_response()
        }
        Err(error) => match refusal(&page, error) {
            Ok(refusal) => {
                let refused = VerdictRefusal {
                    case_id: id,
                    comment,
                    refusal,
                };
                let cursor = common::non_empty(Some(fields.text("cursor")));
                render_audit(&state, &actor, page, Rerender::refused(cursor, refused)).await
            }
            Err(error) => common::fail(page, error),
        },
    }
}
