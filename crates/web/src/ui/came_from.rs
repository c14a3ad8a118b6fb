//! Where a reader came from, for a page's back link: the list, report or board that
//! opened it rather than one fixed page. Only paths of this site are taken, so a
//! crafted link cannot send the reader elsewhere.

use axum::http::{HeaderMap, header};

use super::layout::Page;

/// Longest path kept; a real list's filters fit well within it.
const LONGEST: usize = 1024;

/// `path` if it is a path of this site: one leading slash (not `//host`), no
/// backslash or control character.
pub fn local_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= LONGEST
        && !path.chars().any(|c| c == '\\' || c.is_control());
    ok.then_some(path)
}

/// The page that linked here, from the `Referer` of a same-host request, unless it
/// is `this` page itself (a form on it posted and came back).
pub fn referer(headers: &HeaderMap, this: &str) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let (_, rest) = referer.split_once("://")?;
    let path = rest.strip_prefix(host)?;
    let path = local_path(path)?;
    let own = path == this || path.starts_with(&format!("{this}?"));
    (!own).then(|| path.to_owned())
}

/// The back link's words for `path`: the section it belongs to, else "Back".
pub fn label(page: &Page, path: &str) -> String {
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    let id = [
        ("/my-cases", "nav-my-cases"),
        ("/cases", "nav-cases"),
        ("/reports", "nav-reports"),
        ("/live", "nav-live"),
    ]
    .iter()
    .find(|(prefix, _)| bare == *prefix || bare.starts_with(&format!("{prefix}/")))
    .map_or(
        if bare == "/" { "nav-home" } else { "cw-back" },
        |(_, id)| id,
    );
    page.t(id)
}

/// `&back=…` for a redirect back to the page, when a form carried where it came from.
pub fn query(back: Option<&str>) -> String {
    back.and_then(local_path)
        .map(|back| {
            let encoded = serde_urlencoded::to_string([("back", back)]).unwrap_or_default();
            format!("&{encoded}")
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_paths_are_taken() {
        assert_eq!(local_path("/my-cases?page=2"), Some("/my-cases?page=2"));
        for foreign in [
            "//evil.example/x",
            "https://evil.example/",
            "/\\evil",
            "x",
            "",
        ] {
            assert_eq!(local_path(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn the_referer_counts_only_from_the_same_host_and_another_page() {
        let headers = |referer: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, "sb.example:8080".parse().unwrap());
            h.insert(header::REFERER, referer.parse().unwrap());
            h
        };
        let this = "/cases/c1";
        assert_eq!(
            referer(
                &headers("http://sb.example:8080/reports/critical?from=x"),
                this
            ),
            Some("/reports/critical?from=x".to_owned())
        );
        assert_eq!(
            referer(&headers("http://other.example/reports"), this),
            None
        );
        assert_eq!(
            referer(&headers("http://sb.example:8080/cases/c1?logged=1"), this),
            None
        );
        assert_eq!(
            referer(&headers("http://sb.example:8080/cases/c10"), this),
            Some("/cases/c10".to_owned())
        );
    }

    #[test]
    fn a_redirect_carries_only_local_paths() {
        assert_eq!(
            query(Some("/cases?status=active&page=2")),
            "&back=%2Fcases%3Fstatus%3Dactive%26page%3D2"
        );
        assert_eq!(query(Some("//evil.example")), "");
        assert_eq!(query(None), "");
    }
}
