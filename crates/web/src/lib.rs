//! The only crate that knows axum: the router, extractors, the JSON API, the HTML UI,
//! the error shape, metrics and static assets.

pub mod api;
mod assets;
mod csrf;
pub mod error;
pub mod extract;
mod i18n;
mod metrics;
mod router;
mod session_cookie;
pub mod state;
mod ui;

pub use router::{openapi, router};
pub use state::{AppState, WebConfig};
pub use ui::{PageRoute, pages};
