//! What makes a password acceptable: long enough, not absurdly long, not a common one.

use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 8;
/// Bounds the hashing work a single request can ask for.
pub const MAX_BYTES: usize = 1024;

/// The 10,000 most common passwords, lowercase (see `data/README.md`).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .collect()
});

/// Why a password was refused, as the short code the API reports in `fields`.
pub fn check(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_CHARS {
        return Err("too_short");
    }
    if password.len() > MAX_BYTES {
        return Err("too_long");
    }
    if COMMON.contains(password.to_lowercase().as_str()) {
        return Err("too_common");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_long_and_common_passwords() {
        assert_eq!(check("short"), Err("too_short"));
        assert_eq!(check(&"x".repeat(MAX_BYTES + 1)), Err("too_long"));
        assert_eq!(check("PASSWORD"), Err("too_common"));
        assert_eq!(check("12345678"), Err("too_common"));
        assert_eq!(check("correct-horse-battery-9"), Ok(()));
    }
}
