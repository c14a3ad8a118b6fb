//! Request extractors: the signed-in actor, JSON bodies in the API's error shape, the
//! client address and `If-Match` versions.

mod actor;
mod client;
mod if_match;
pub mod json;
mod query;

pub use actor::{CurrentActor, SESSION_COOKIE, bearer_or_cookie_token, require_session};
pub use client::ClientAddr;
pub use if_match::IfMatch;
pub use json::ApiJson;
pub use query::{ApiQuery, ListParams};
