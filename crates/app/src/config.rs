//! Tunables of authentication, with defaults fit for an eight-hour shift.

use chrono::Duration;

#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// A session unused this long ends.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub session_lifetime: Duration,
    pub invite_ttl: Duration,
    pub reset_ttl: Duration,
    /// Failures per account within `throttle_window` before 429.
    pub max_failures_per_account: i64,
    /// Failures per client address within `throttle_window` before 429.
    pub max_failures_per_client: i64,
    pub throttle_window: Duration,
    /// Argon2id memory cost in KiB (OWASP's minimum for t=2 is 19 MiB).
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_idle: Duration::hours(2),
            session_lifetime: Duration::hours(12),
            invite_ttl: Duration::days(7),
            reset_ttl: Duration::hours(2),
            max_failures_per_account: 5,
            max_failures_per_client: 30,
            throttle_window: Duration::minutes(15),
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
        }
    }
}
