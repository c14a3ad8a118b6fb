//! The actors of recent requests, kept in memory by their token's digest so a request
//! costs one small read instead of rebuilding its actor (session, user, role,
//! permissions, company, projects).
//!
//! An entry holds while its company's access version (migration 0019: triggers move it
//! on every change an actor is built from, in any process) is the one it was built at;
//! every request reads that number, so a change applies on the next request, whichever
//! process made it. Expiry and idleness are checked against the entry's own times: an
//! entry that looks idle is rebuilt from the database, which knows of activity seen by
//! other processes.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Duration;
use domain::Actor;
use domain::clock::Timestamp;

/// Enough for every signed-in user of a large installation; past it, the cache starts
/// afresh rather than tracking which entry is oldest.
const MAX_ENTRIES: usize = 50_000;

#[derive(Clone)]
pub(crate) struct Cached {
    pub actor: Actor,
    pub access_version: i64,
    /// When the session (or API token use) was last recorded as active.
    pub last_seen_at: Option<Timestamp>,
    /// Sessions end then; API tokens do not expire.
    pub expires_at: Option<Timestamp>,
}

impl Cached {
    /// Whether the entry may answer at `at`, timeouts aside from the version.
    pub fn in_time(&self, at: Timestamp, idle: Duration) -> bool {
        let idle_ok = match (self.expires_at, self.last_seen_at) {
            (Some(_), Some(seen)) => seen > at - idle,
            (Some(_), None) => false,
            (None, _) => true,
        };
        idle_ok && self.expires_at.is_none_or(|end| end > at)
    }
}

#[derive(Default)]
pub struct ActorCache {
    entries: Mutex<HashMap<String, Cached>>,
}

impl ActorCache {
    pub(crate) fn get(&self, digest: &str) -> Option<Cached> {
        self.lock().get(digest).cloned()
    }

    pub(crate) fn put(&self, digest: String, entry: Cached) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&digest) {
            entries.clear();
        }
        entries.insert(digest, entry);
    }

    pub(crate) fn forget(&self, digest: &str) {
        self.lock().remove(digest);
    }

    /// Records activity written to the database for the entry.
    pub(crate) fn seen(&self, digest: &str, at: Timestamp) {
        if let Some(entry) = self.lock().get_mut(digest) {
            entry.last_seen_at = Some(at);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Cached>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
