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

/// How bulk assignments and distributions are carried out; shared by every clone of a
/// [`crate::Context`], so a test may change it on a running server.
#[derive(Debug)]
pub struct JobSettings {
    async_over: std::sync::atomic::AtomicUsize,
    chunk: std::sync::atomic::AtomicUsize,
    stalled_after_ms: std::sync::atomic::AtomicU64,
}

/// Over this many cases, an assignment or distribution answers with a job.
pub const ASYNC_OVER: usize = 5_000;
/// Moves applied per transaction: on SQLite about 40 ms of the only writer each on an
/// idle machine, 170 ms under load (docs/BENCHMARKS.md, distribution). A quarter of it
/// made a distribution half as fast again without shortening operators' waits, which
/// were then the two cores' (docs/BENCHMARKS.md, load).
pub const CHUNK: usize = 1_000;
/// A job with no sign of life for this long is one a stopped server left behind.
pub const STALLED_AFTER: std::time::Duration = std::time::Duration::from_secs(120);

impl Default for JobSettings {
    fn default() -> Self {
        Self::new(ASYNC_OVER, CHUNK, STALLED_AFTER)
    }
}

impl JobSettings {
    pub fn new(async_over: usize, chunk: usize, stalled_after: std::time::Duration) -> Self {
        use std::sync::atomic::{AtomicU64, AtomicUsize};
        Self {
            async_over: AtomicUsize::new(async_over),
            chunk: AtomicUsize::new(chunk.max(1)),
            stalled_after_ms: AtomicU64::new(stalled_after.as_millis() as u64),
        }
    }

    pub fn async_over(&self) -> usize {
        self.async_over.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_async_over(&self, cases: usize) {
        self.async_over
            .store(cases, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn chunk(&self) -> usize {
        self.chunk.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_chunk(&self, moves: usize) {
        self.chunk
            .store(moves.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    pub fn stalled_after(&self) -> chrono::Duration {
        let ms = self
            .stalled_after_ms
            .load(std::sync::atomic::Ordering::Relaxed);
        chrono::Duration::milliseconds(ms as i64)
    }

    pub fn set_stalled_after(&self, after: std::time::Duration) {
        self.stalled_after_ms.store(
            after.as_millis() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
}
