//! The one error type of the use-cases; the web crate maps it to status codes.

use domain::FieldErrors;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Absent, or not visible to this actor (never tells which).
    #[error("not found")]
    NotFound,
    /// Signed in, but the role does not allow it.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Not signed in, or bad credentials (all bad credentials look alike).
    #[error("unauthorized")]
    Unauthorized,
    #[error("validation failed")]
    Invalid(FieldErrors),
    /// A case cannot enter a status without these fields (keys).
    #[error("missing fields: {0:?}")]
    MissingFields(Vec<String>),
    /// Conflicts with the current state; `code` is the snake_case error code.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The object changed since the version the client holds.
    #[error("stale version")]
    Stale,
    /// A grant of permissions (or scope) the actor does not hold themselves.
    #[error("cannot grant permissions not held: {0:?}")]
    NotHeld(Vec<&'static str>),
    #[error("too many attempts")]
    Throttled { retry_after_seconds: i64 },
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unique(what) => AppError::Conflict {
                code: "conflict",
                message: format!("already exists ({what})"),
            },
            // Use-cases check references first; this catches a race with another writer.
            StoreError::ForeignKey(what) => AppError::Conflict {
                code: "in_use",
                message: format!("still referenced elsewhere ({what})"),
            },
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}
