//! Translations (Fluent files under `locales/`) and the choice of language: the
//! user's setting, else the browser's `Accept-Language`, else English.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use domain::profile::Language;
pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

const EN: LanguageIdentifier = langid!("en");
const ES: LanguageIdentifier = langid!("es");
const TR: LanguageIdentifier = langid!("tr");

/// Translates message ids into one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Language);

impl Tr {
    pub fn choose(user_language: Option<&str>, headers: &HeaderMap) -> Self {
        let from_user = user_language.and_then(Language::parse);
        let from_browser = || {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        };
        Tr(from_user.or_else(from_browser).unwrap_or(Language::En))
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// The message `id`; a missing id shows itself rather than failing the page.
    pub fn t(&self, id: &str) -> String {
        self.try_t(id).unwrap_or_else(|| id.to_owned())
    }

    /// The message `id`, if there is one (to label codes that may have no message).
    pub fn try_t(&self, id: &str) -> Option<String> {
        let lang = match self.0 {
            Language::En => &EN,
            Language::Es => &ES,
            Language::Tr => &TR,
        };
        LOCALES.try_lookup(lang, id)
    }
}

impl Tr {
    /// The message `id` with its arguments (`{ $count }`, `{ $name }`), so a language can
    /// choose its plural forms; a missing id shows itself.
    pub fn t_args(&self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let lang = match self.0 {
            Language::En => &EN,
            Language::Es => &ES,
            Language::Tr => &TR,
        };
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(lang, id, &args)
            .unwrap_or_else(|| id.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ids(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|l| !l.starts_with([' ', '#', '.']) && l.contains(" ="))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn every_language_has_every_message() {
        // Sections keep their messages in their own files: read them all.
        let all = |lang: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut text = String::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    text.push_str(&std::fs::read_to_string(path).unwrap());
                    text.push('\n');
                }
            }
            ids(&text)
        };
        let (en, es, tr) = (all("en"), all("es"), all("tr"));
        assert!(en.len() > 20);
        assert_eq!(
            en.difference(&es).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in es"
        );
        assert_eq!(
            en.difference(&tr).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in tr"
        );
    }

    #[test]
    fn user_setting_beats_browser_which_beats_english() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, "tr-TR,tr;q=0.9".parse().unwrap());
        assert_eq!(Tr::choose(Some("es"), &headers).code(), "es");
        assert_eq!(Tr::choose(None, &headers).code(), "tr");
        assert_eq!(Tr::choose(None, &HeaderMap::new()).code(), "en");
        assert_eq!(Tr(Language::Es).t("nav-dashboard"), "Panel");
    }
}
