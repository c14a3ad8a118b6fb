//! What every handler shares: the use-case context, web settings and metrics.

use std::sync::Arc;

use crate::metrics::Metrics;

/// Settings of the HTTP side.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: set when the server is reached over TLS.
    pub secure_cookies: bool,
    /// Largest request body accepted on ordinary routes.
    pub body_limit: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Bearer token a Prometheus scraper presents at `/metrics`; unset, metrics stay closed.
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            body_limit: 2 * 1024 * 1024,
            trust_forwarded_for: false,
            metrics_token: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub ctx: app::Context,
    pub web: Arc<WebConfig>,
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(ctx: app::Context, web: WebConfig) -> Self {
        Self {
            ctx,
            web: Arc::new(web),
            metrics: Arc::new(Metrics::new()),
        }
    }
}
