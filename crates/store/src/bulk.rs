//! Many rows in few statements, for the dataset generator and imports: one
//! `INSERT … VALUES (…), (…)` per chunk keeps round trips and parsing out of the way.

use crate::db::Arg;
use crate::{Result, Sql, Tx};

/// Both backends accept at least 32,766 bound values per statement (SQLite's limit;
/// PostgreSQL's is 65,535); stay well below.
pub const MAX_VALUES_PER_STATEMENT: usize = 30_000;

/// Inserts `rows` (each holding one value per column, in order) into `table`.
pub async fn insert(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Arg>>,
) -> Result<u64> {
    let per_statement = (MAX_VALUES_PER_STATEMENT / columns.len().max(1)).max(1);
    let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let placeholders = format!("({})", vec!["?"; columns.len()].join(", "));
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(&head);
        for (i, row) in rows.by_ref().take(per_statement).enumerate() {
            debug_assert_eq!(row.len(), columns.len(), "{table}: one value per column");
            if i > 0 {
                sql = sql.push(", ");
            }
            sql = sql.push(&placeholders);
            for value in row {
                sql = sql.arg(value);
            }
        }
        inserted += tx.execute(sql).await?;
    }
    Ok(inserted)
}
