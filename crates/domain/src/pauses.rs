//! Pause reasons: codes a company configures for its agents' pauses, each with an
//! optional maximum, and how long a pause lasted against it.

use crate::FieldErrors;
use crate::clock::Timestamp;

/// The longest name of a pause reason.
pub const MAX_NAME: usize = 60;
/// The longest maximum a reason may set: a whole shift.
pub const MAX_MINUTES: i64 = 480;

/// A reason as a request asks for it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonFields {
    pub name: String,
    pub max_minutes: Option<i64>,
}

/// Checks a reason's name (trimmed, 1 to 60 characters) and maximum (1 to 480 minutes,
/// or none). Whether the name is free in the company is the caller's to ask.
pub fn check(name: &str, max_minutes: Option<i64>) -> Result<ReasonFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", "required");
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", "too_long");
    }
    if max_minutes.is_some_and(|m| !(1..=MAX_MINUTES).contains(&m)) {
        errors.add("max_minutes", "out_of_range");
    }
    errors.into_result()?;
    Ok(ReasonFields {
        name: name.to_owned(),
        max_minutes,
    })
}

/// Whether a pause begun at `since` has lasted longer than `max_minutes` by `at`.
pub fn over_max(since: Timestamp, at: Timestamp, max_minutes: Option<i64>) -> bool {
    max_minutes.is_some_and(|max| at - since > chrono::Duration::minutes(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_maximums_are_checked() {
        let ok = check("  Lunch ", Some(30)).unwrap();
        assert_eq!(ok.name, "Lunch");
        assert!(check("Break", None).is_ok());
        assert!(check(&"x".repeat(60), Some(480)).is_ok());
        let bad = check(" ", Some(0)).unwrap_err();
        assert_eq!(bad.0.get("name").map(String::as_str), Some("required"));
        assert_eq!(
            bad.0.get("max_minutes").map(String::as_str),
            Some("out_of_range")
        );
        let long = check(&"x".repeat(61), Some(481)).unwrap_err();
        assert_eq!(long.0.get("name").map(String::as_str), Some("too_long"));
        assert!(long.0.contains_key("max_minutes"));
    }

    #[test]
    fn a_pause_is_over_its_maximum_only_past_it() {
        let since = crate::clock::now();
        let at = since + chrono::Duration::minutes(30);
        assert!(!over_max(since, at, Some(30)));
        assert!(over_max(since, at + chrono::Duration::seconds(1), Some(30)));
        assert!(!over_max(since, at + chrono::Duration::days(1), None));
    }
}
