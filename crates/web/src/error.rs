//! The one error shape of the API: `{"error": {"code", "message", "fields"?}}`.

use app::AppError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// Malformed body or parameter.
    BadRequest(String),
    TooLarge,
    UnsupportedMediaType,
    RouteNotFound,
    MethodNotAllowed,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError::App(error)
    }
}

impl From<domain::FieldErrors> for ApiError {
    fn from(errors: domain::FieldErrors) -> Self {
        ApiError::App(AppError::Invalid(errors))
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::App(e) => match e {
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Forbidden(_) | AppError::NotHeld(_) => StatusCode::FORBIDDEN,
                AppError::Unauthorized => StatusCode::UNAUTHORIZED,
                AppError::Invalid(_) | AppError::MissingFields(_) => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                AppError::Stale => StatusCode::PRECONDITION_FAILED,
                AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RouteNotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The `error` object: a stable code, a human message and, for validation, fields.
    pub fn body(&self) -> Value {
        let (code, message, fields) = match self {
            ApiError::App(e) => match e {
                AppError::NotFound => ("not_found", "Not found.".to_owned(), None),
                AppError::Forbidden(why) => ("forbidden", format!("Not allowed: {why}."), None),
                AppError::NotHeld(keys) => (
                    "permission_not_held",
                    format!(
                        "You cannot grant permissions you do not hold: {}.",
                        keys.join(", ")
                    ),
                    None,
                ),
                AppError::Unauthorized => (
                    "unauthorized",
                    "Not signed in, or the credentials are wrong.".into(),
                    None,
                ),
                AppError::Invalid(fields) => (
                    "validation_failed",
                    "Some fields are not valid.".to_owned(),
                    Some(&fields.0),
                ),
                AppError::MissingFields(keys) => (
                    "missing_fields",
                    format!("Required to enter this status: {}.", keys.join(", ")),
                    None,
                ),
                AppError::Conflict { code, message } => (*code, message.clone(), None),
                AppError::Stale => (
                    "stale_version",
                    "The object changed since you loaded it; reload and try again.".into(),
                    None,
                ),
                AppError::Throttled { .. } => (
                    "too_many_attempts",
                    "Too many attempts; try again later.".into(),
                    None,
                ),
                AppError::Internal(_) => (
                    "internal",
                    "Something went wrong on our side.".to_owned(),
                    None,
                ),
            },
            ApiError::BadRequest(why) => ("bad_request", why.clone(), None),
            ApiError::TooLarge => (
                "payload_too_large",
                "The request body is too large.".into(),
                None,
            ),
            ApiError::UnsupportedMediaType => (
                "unsupported_media_type",
                "Send JSON with Content-Type: application/json.".into(),
                None,
            ),
            ApiError::RouteNotFound => ("not_found", "No such route.".into(), None),
            ApiError::MethodNotAllowed => (
                "method_not_allowed",
                "This route does not take that method.".into(),
                None,
            ),
        };
        let mut error = json!({ "code": code, "message": message });
        if let Some(fields) = fields {
            error["fields"] = json!(fields);
        }
        if let ApiError::App(AppError::NotHeld(keys)) = self {
            error["permissions"] = json!(keys);
        }
        if let ApiError::App(AppError::MissingFields(keys)) = self {
            error["missing"] = json!(keys);
        }
        json!({ "error": error })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::App(AppError::Internal(detail)) = &self {
            // The detail goes to the log (inside the request's span), never to the client.
            tracing::error!(%detail, "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let ApiError::App(AppError::Throttled {
            retry_after_seconds,
        }) = &self
            && let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
