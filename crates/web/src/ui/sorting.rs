//! Column headers that sort a table and the pager under it, shared by the reports and
//! the lists made for hundreds of rows: every link keeps the page's filters.

use super::common;
use super::layout::Page;

/// A column header: a link that orders the table by it (again: the other way).
pub struct Header {
    pub label: String,
    pub href: String,
    /// `ascending` or `descending` on the column the rows are ordered by.
    pub sorted: Option<&'static str>,
    /// " ▲" or " ▼" on that column.
    pub arrow: &'static str,
    /// Extra classes of the cell (`hide-narrow`).
    pub class: &'static str,
}

/// "Rows 51–100 of 230" and links to the neighbouring pages.
#[derive(Default)]
pub struct Pager {
    pub shown: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// The order a list page was asked for: `?sort=&dir=asc|desc&page=`.
pub struct Sorted<'a> {
    path: &'a str,
    /// The filters every link keeps.
    filters: Vec<(&'a str, String)>,
    /// The column ordered by, when one was asked for and is known.
    pub column: Option<String>,
    pub descending: bool,
    /// From 1.
    pub page: usize,
}

impl<'a> Sorted<'a> {
    /// `sort` is kept only if `known` accepts it: an old link falls back to the list's
    /// own order instead of failing.
    pub fn new(
        path: &'a str,
        filters: Vec<(&'a str, String)>,
        sort: Option<&str>,
        dir: Option<&str>,
        page: Option<&str>,
        known: impl Fn(&str) -> bool,
    ) -> Self {
        Sorted {
            path,
            filters,
            column: sort
                .map(str::trim)
                .filter(|c| !c.is_empty() && known(c))
                .map(str::to_owned),
            descending: dir == Some("desc"),
            page: page
                .and_then(|p| p.trim().parse::<usize>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The page number for an offset, within what an `i64` holds.
    pub fn page_i64(&self) -> i64 {
        i64::try_from(self.page).unwrap_or(i64::MAX)
    }

    /// The path with the filters and `extra`.
    pub fn link(&self, extra: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> =
            self.filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.extend_from_slice(extra);
        common::with_query(self.path, &pairs)
    }

    /// The path with the filters and the current order, on page 1: what a form on the
    /// page goes back to.
    pub fn here(&self) -> String {
        let mut extra = self.sort_pairs();
        let page = self.page.to_string();
        if self.page > 1 {
            extra.push(("page", &page));
        }
        self.link(&extra)
    }

    /// Another path (an export) with the filters and the current order.
    pub fn with_path(&self, path: &str) -> String {
        let mut pairs: Vec<(&str, &str)> =
            self.filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.extend(self.sort_pairs());
        common::with_query(path, &pairs)
    }

    fn sort_pairs(&self) -> Vec<(&str, &str)> {
        match &self.column {
            Some(column) => vec![
                ("sort", column.as_str()),
                ("dir", if self.descending { "desc" } else { "asc" }),
            ],
            None => Vec::new(),
        }
    }

    /// The header of `column`: ascending first, descending when clicked again.
    pub fn header(&self, label: String, column: &str) -> Header {
        let current = self.column.as_deref() == Some(column);
        let dir = if current && !self.descending {
            "desc"
        } else {
            "asc"
        };
        Header {
            label,
            href: self.link(&[("sort", column), ("dir", dir)]),
            sorted: current.then_some(if self.descending {
                "descending"
            } else {
                "ascending"
            }),
            arrow: match (current, self.descending) {
                (false, _) => "",
                (true, false) => " ▲",
                (true, true) => " ▼",
            },
            class: "",
        }
    }

    /// The pager of a page showing `rows` rows of `total`, `per_page` a page.
    pub fn pager(&self, page: &Page, rows: usize, total: usize, per_page: usize) -> Pager {
        let mut pager = Pager::default();
        if total > 0 && rows > 0 {
            let first = (self.page - 1) * per_page + 1;
            let last = first + rows - 1;
            pager.shown = page
                .t("report-rows-shown")
                .replace("{first}", &first.min(total).to_string())
                .replace("{last}", &last.to_string())
                .replace("{total}", &total.to_string());
        }
        let to_page = |n: usize| {
            let n = n.to_string();
            let mut pairs = self.sort_pairs();
            pairs.push(("page", &n));
            self.link(&pairs)
        };
        pager.previous = (self.page > 1).then(|| to_page(self.page - 1));
        pager.next = (self.page.saturating_mul(per_page) < total).then(|| to_page(self.page + 1));
        pager
    }
}

impl Header {
    /// The same header with classes on its cell.
    pub fn with_class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }
}
