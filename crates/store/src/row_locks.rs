//! Locking the row a write is about to read and change, so concurrent writes to it line
//! up instead of the later one finding its version moved (412 to a client that sent no
//! `If-Match`).
//!
//! On PostgreSQL two transactions may read the same version; the first conditional
//! update wins and the second touches no row. Locking the row before the read makes
//! the second wait and read the first one's result. SQLite needs nothing: a write
//! transaction holds the only writer from its start.

use crate::{Backend, Result, Sql, Tx};

/// The rows a use-case can lock, by what it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Case,
    Object,
    User,
    Company,
    Group,
    Project,
    Role,
    Skill,
    PauseReason,
    Ticket,
    CaseReason,
    CaseField,
    /// Keyed by its `key`, not an id.
    CaseStatus,
    /// Keyed by its `key`, not an id.
    CaseDisposition,
}

impl Row {
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            Row::Case => ("cases", "id"),
            Row::Object => ("objects", "id"),
            Row::User => ("users", "id"),
            Row::Company => ("companies", "id"),
            Row::Group => ("groups", "id"),
            Row::Project => ("projects", "id"),
            Row::Role => ("roles", "id"),
            Row::Skill => ("skills", "id"),
            Row::PauseReason => ("pause_reasons", "id"),
            Row::Ticket => ("tickets", "id"),
            Row::CaseReason => ("case_reasons", "id"),
            Row::CaseField => ("case_fields", "id"),
            Row::CaseStatus => ("case_statuses", "key"),
            Row::CaseDisposition => ("case_dispositions", "key"),
        }
    }
}

/// Locks `key`'s row of `company_id` until the transaction ends, whether or not the
/// caller may see it (the read that follows decides that; a lock reveals nothing).
/// Missing rows lock nothing.
pub async fn lock(tx: &mut Tx, row: Row, company_id: &str, key: &str) -> Result<()> {
    if tx.backend() == Backend::Sqlite {
        return Ok(());
    }
    let (table, column) = row.table_and_key();
    let company = if row == Row::Company {
        "id"
    } else {
        "company_id"
    };
    tx.execute(
        Sql::new(&format!(
            "SELECT 1 FROM {table} WHERE {column} = ? AND {company} = ? FOR UPDATE"
        ))
        .arg(key)
        .arg(company_id),
    )
    .await?;
    Ok(())
}
