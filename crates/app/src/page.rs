//! Keyset pagination: stores fetch one row more than the page holds, which tells
//! whether another page follows.

/// Most items one page lists.
pub const MAX: i64 = 500;

/// The limit a caller asked for, kept within 1..=MAX.
pub fn limit(asked: i64) -> i64 {
    asked.clamp(1, MAX)
}

/// A page of items, the cursor of the next page, and the total when asked for.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
    pub total: Option<i64>,
}

/// Cuts the `limit + 1` fetched rows to `limit`; the last kept row's id is the cursor.
pub fn split<T>(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> &str) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|row| id(row).to_owned());
        (rows, next)
    } else {
        (rows, None)
    }
}

/// One numbered page of a list sorted by a column, and how many rows the reader sees
/// in all (the same visibility predicate counts them).
pub struct Numbered<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// The order of page `number` (from 1) of `per_page` rows by `column`.
pub fn numbered<C>(
    column: C,
    descending: bool,
    number: i64,
    per_page: i64,
) -> store::sorting::Order<C> {
    let limit = limit(per_page);
    store::sorting::Order {
        column,
        descending,
        offset: (number.max(1) - 1).saturating_mul(limit),
        limit,
    }
}
