//! Personal profile values: languages, time zones, emails and names.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
    Tr,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Es, Language::Tr];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Tr => "tr",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The first supported language in an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranges: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
                Some((quality, tag))
            })
            .filter(|(q, _)| *q > 0.0)
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.into_iter().find_map(|(_, tag)| {
            let primary = tag.split('-').next()?.to_ascii_lowercase();
            Self::parse(&primary)
        })
    }
}

pub fn is_valid_timezone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// Emails are compared case-insensitively across the installation.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately simple check: one `@`, something on each side, a dot in the domain,
/// no spaces. Real verification is the invitation mail reaching its owner.
pub fn is_plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

/// Names of people and companies: trimmed, 1..=120 characters.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= 120).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(
            Language::from_accept_language("de-DE,es;q=0.8,en;q=0.5"),
            Some(Language::Es)
        );
        assert_eq!(Language::from_accept_language("tr-TR"), Some(Language::Tr));
        assert_eq!(Language::from_accept_language("fr, de"), None);
        assert_eq!(
            Language::from_accept_language("es;q=0, en"),
            Some(Language::En)
        );
    }

    #[test]
    fn emails_and_zones() {
        assert!(is_plausible_email("ana@example.com"));
        assert!(!is_plausible_email("ana@example"));
        assert!(!is_plausible_email("ana example@x.com"));
        assert_eq!(normalize_email(" Ana@Example.COM "), "ana@example.com");
        assert!(is_valid_timezone("Europe/Istanbul"));
        assert!(!is_valid_timezone("Mars/Olympus"));
    }
}
