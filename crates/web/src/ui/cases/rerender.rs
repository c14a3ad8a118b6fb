//! What a page is shown again with after a post, instead of a long list of arguments.

use axum::http::StatusCode;

/// What a page is rendered with besides what it reads afresh: the form as the reader
/// left it (the page's own address, or the values as posted), the notice it opens with,
/// and after a refused post the refusal, which also gives the answer's status.
pub(super) struct Rerender<F, R> {
    pub(super) form: F,
    pub(super) notice: Option<String>,
    pub(super) refusal: Option<R>,
}

/// A refusal a page shows again.
pub(super) trait Refused {
    /// The status the page answers with.
    fn status(&self) -> StatusCode;
}

impl<F, R: Refused> Rerender<F, R> {
    /// The page as first shown, with the notice a redirect brought, if any.
    pub(super) fn fresh(form: F, notice: Option<String>) -> Self {
        Rerender {
            form,
            notice,
            refusal: None,
        }
    }

    /// The page again after `refusal` of `form`.
    pub(super) fn refused(form: F, refusal: R) -> Self {
        Rerender {
            form,
            notice: None,
            refusal: Some(refusal),
        }
    }

    /// 200, or the refusal's status.
    pub(super) fn status(&self) -> StatusCode {
        self.refusal.as_ref().map_or(StatusCode::OK, R::status)
    }
}
