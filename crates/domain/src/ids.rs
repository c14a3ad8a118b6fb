//! Opaque identifiers: time-ordered UUIDv7 rendered as lowercase hex without dashes.

/// A new opaque, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
