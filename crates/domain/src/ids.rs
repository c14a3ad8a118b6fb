//! Opaque identifiers: time-ordered UUIDv7 rendered as lowercase hex without dashes.

/// A new opaque, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// A time-ordered id for a row created at `at` (generated datasets with a history).
pub fn id_at(at: chrono::DateTime<chrono::Utc>) -> String {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        millis / 1000,
        (millis % 1000) as u32 * 1_000_000,
    );
    uuid::Uuid::new_v7(ts).simple().to_string()
}
