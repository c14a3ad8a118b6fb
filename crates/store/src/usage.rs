//! How many visible rows use a configuration item: what a confirmation says will follow
//! a deletion. Counts go through the same visibility predicates as the lists.

use domain::Scope;

use crate::db::escape_like;
use crate::{Result, Sql, Tx, visibility};

/// Visible cases whose reason is `reason_id`.
pub async fn cases_with_reason(tx: &mut Tx, scope: &Scope, reason_id: &str) -> Result<i64> {
    let sql = Sql::new("SELECT COUNT(*) FROM cases c WHERE c.reason_id = ?").arg(reason_id);
    tx.fetch_count(visibility::cases(sql, scope)).await
}

/// Contact attempts on visible cases that gave reason `reason_id`.
pub async fn attempts_with_reason(tx: &mut Tx, scope: &Scope, reason_id: &str) -> Result<i64> {
    let sql = Sql::new(
        "SELECT COUNT(*) FROM case_attempts a JOIN cases c ON c.id = a.case_id \
         WHERE a.company_id = ? AND a.reason_id = ?",
    )
    .arg(scope.company_id())
    .arg(reason_id);
    tx.fetch_count(visibility::cases(sql, scope)).await
}

/// Contact attempts on visible cases that ended with result `key`.
pub async fn attempts_with_result(tx: &mut Tx, scope: &Scope, key: &str) -> Result<i64> {
    let sql = Sql::new(
        "SELECT COUNT(*) FROM case_attempts a JOIN cases c ON c.id = a.case_id \
         WHERE a.company_id = ? AND a.result = ?",
    )
    .arg(scope.company_id())
    .arg(key);
    tx.fetch_count(visibility::cases(sql, scope)).await
}

/// Visible cases holding a value for the custom field `key` (their `fields` object
/// names it).
pub async fn cases_with_field(tx: &mut Tx, scope: &Scope, key: &str) -> Result<i64> {
    let pattern = format!("%{}%", escape_like(&format!("\"{key}\":")));
    let sql =
        Sql::new("SELECT COUNT(*) FROM cases c WHERE c.fields LIKE ? ESCAPE '\\'").arg(pattern);
    tx.fetch_count(visibility::cases(sql, scope)).await
}

/// Visible cases that came in through the campaign or CRM form `object_id`.
pub async fn cases_from_source(tx: &mut Tx, scope: &Scope, object_id: &str) -> Result<i64> {
    let sql =
        Sql::new("SELECT COUNT(*) FROM cases c WHERE (c.campaign_id = ? OR c.crm_form_id = ?)")
            .arg(object_id)
            .arg(object_id);
    tx.fetch_count(visibility::cases(sql, scope)).await
}

/// Visible users holding skill `skill_id`.
pub async fn users_with_skill(tx: &mut Tx, scope: &Scope, skill_id: &str) -> Result<i64> {
    let sql = Sql::new(
        "SELECT COUNT(*) FROM users u WHERE u.id IN \
         (SELECT us.user_id FROM user_skills us WHERE us.skill_id = ?)",
    )
    .arg(skill_id);
    tx.fetch_count(visibility::users(sql, scope)).await
}
