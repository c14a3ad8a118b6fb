//! Callbacks an operator promised: their open cases with a next contact set.

use domain::Scope;

use crate::cases::CaseRow;
use crate::{Result, Sql, Tx, visibility};

/// The open cases of `assignee_id` the scope sees that have a callback, the earliest
/// first (late ones lead).
pub async fn of_assignee(
    tx: &mut Tx,
    scope: &Scope,
    assignee_id: &str,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let sql = visibility::cases(Sql::new("SELECT c.* FROM cases c WHERE 1 = 1"), scope)
        .push(" AND c.assignee_id = ? AND c.is_open = ? AND c.next_contact_at IS NOT NULL")
        .arg(assignee_id)
        .arg(true)
        .push(" ORDER BY c.next_contact_at, c.id LIMIT ?")
        .arg(limit);
    tx.fetch_all(sql).await
}
