//! The SQL predicates that decide which tenant rows an actor sees. Every list, count
//! and single-row read of users and groups goes through these.

use domain::{DataScope, Scope};

use crate::Sql;

/// Appends ` AND <users visible to scope>` for a query over `users` aliased `u`.
/// Managed scope sees the active users of the groups it supervises; own scope itself.
pub fn users(sql: Sql, scope: &Scope) -> Sql {
    let sql = sql.push(" AND u.company_id = ?").arg(scope.company_id());
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(
                " AND u.active = ? AND u.id IN (SELECT gm.user_id FROM group_members gm \
                 JOIN group_supervisors gs ON gs.group_id = gm.group_id WHERE gs.user_id = ?)",
            )
            .arg(true)
            .arg(scope.user_id()),
        DataScope::Own => sql.push(" AND u.id = ?").arg(scope.user_id()),
    }
}

/// Appends ` AND <groups visible to scope>` for a query over `groups` aliased `g`:
/// managed scope sees the groups it supervises, own scope the groups it belongs to.
pub fn groups(sql: Sql, scope: &Scope) -> Sql {
    let sql = sql.push(" AND g.company_id = ?").arg(scope.company_id());
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(" AND g.id IN (SELECT group_id FROM group_supervisors WHERE user_id = ?)")
            .arg(scope.user_id()),
        DataScope::Own => sql
            .push(" AND g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)")
            .arg(scope.user_id()),
    }
}
