//! Orders and pages for the lists made for hundreds of rows (users, groups, roles,
//! objects): a whitelisted column per list, never text from a request, and an offset.

use crate::Sql;

/// A column a list may be ordered by: the SQL expression it sorts on comes from code.
pub trait SortColumn: Copy + 'static {
    /// The list's key for the column, as links and the API name it.
    fn key(self) -> &'static str;
    /// The SQL expression ordered on.
    fn expr(self) -> &'static str;
    /// Every column, for parsing a key.
    fn all() -> &'static [Self];

    fn parse(key: &str) -> Option<Self> {
        Self::all().iter().copied().find(|c| c.key() == key)
    }
}

/// An order over one column, and which page of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order<C> {
    pub column: C,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

impl<C: SortColumn> Order<C> {
    /// Appends ` ORDER BY <column>, <id> LIMIT ? OFFSET ?`: the id breaks ties, so pages
    /// never skip or repeat rows that sort equal.
    pub fn apply(self, sql: Sql, id: &str) -> Sql {
        let dir = if self.descending { "DESC" } else { "ASC" };
        sql.push(&format!(
            " ORDER BY {} {dir}, {id} {dir} LIMIT ? OFFSET ?",
            self.column.expr()
        ))
        .arg(self.limit)
        .arg(self.offset.max(0))
    }
}
