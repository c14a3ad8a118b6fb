//! Users: identity, credentials and the personal profile.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

use domain::Scope;

use crate::sorting::{Order, SortColumn};
use crate::{Result, Sql, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub company_id: String,
    pub role_id: String,
    pub name: String,
    pub email: String,
    pub email_key: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub language: String,
    pub timezone: String,
    pub avatar: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub max_chats: i64,
    pub extension: Option<String>,
    pub softphone_outbound: Option<bool>,
    pub notifications: String,
    pub invitation_pending: bool,
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub role_id: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub password_hash: Option<&'a str>,
    pub language: &'a str,
    pub timezone: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO users (id, company_id, role_id, name, email, email_key, password_hash, \
             language, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(user.id)
        .arg(user.company_id)
        .arg(user.role_id)
        .arg(user.name)
        .arg(user.email)
        .arg(user.email_key)
        .arg(user.password_hash)
        .arg(user.language)
        .arg(user.timezone)
        .arg(user.now)
        .arg(user.now),
    )
    .await?;
    Ok(())
}

/// The account an email signs in to, in any company. Authentication only: it runs
/// before there is an actor.
pub async fn find_for_sign_in(tx: &mut Tx, email_key: &str) -> Result<Option<UserRow>> {
    tx.fetch_optional(Sql::new("SELECT * FROM users WHERE email_key = ?").arg(email_key))
        .await
}

/// The user behind a session or token, which already names the company.
pub async fn get_for_session(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<UserRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM users WHERE id = ? AND company_id = ?")
            .arg(id)
            .arg(company_id),
    )
    .await
}

/// The actor's own user row.
pub async fn get_self(tx: &mut Tx, scope: &Scope) -> Result<Option<UserRow>> {
    get_for_session(tx, scope.company_id(), scope.user_id()).await
}

pub async fn email_key_taken(tx: &mut Tx, email_key: &str) -> Result<bool> {
    let n = tx
        .fetch_count(Sql::new("SELECT COUNT(*) FROM users WHERE email_key = ?").arg(email_key))
        .await?;
    Ok(n > 0)
}

/// The personal profile fields a user edits on themselves.
pub struct ProfileChange<'a> {
    pub email: &'a str,
    pub email_key: &'a str,
    pub language: &'a str,
    pub timezone: &'a str,
    pub avatar: Option<&'a str>,
}

/// Writes the actor's own profile if it is still at `version`; answers whether it was.
pub async fn update_own_profile(
    tx: &mut Tx,
    scope: &Scope,
    version: i64,
    change: &ProfileChange<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET email = ?, email_key = ?, language = ?, timezone = ?, avatar = ?, \
                 version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ? AND version = ?",
            )
            .arg(change.email)
            .arg(change.email_key)
            .arg(change.language)
            .arg(change.timezone)
            .arg(change.avatar)
            .arg(now)
            .arg(scope.user_id())
            .arg(scope.company_id())
            .arg(version),
        )
        .await?;
    Ok(touched == 1)
}

/// Sets a password hash. Callers have proved the right to: the current password, or
/// a one-time token naming this user.
pub async fn set_password_hash(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ?",
            )
            .arg(hash)
            .arg(now)
            .arg(user_id)
            .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Blocks or unblocks a user of the given company (the demo loader and, later, admins).
pub async fn set_active(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    active: bool,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET active = ?, version = version + 1 WHERE id = ? AND company_id = ?",
            )
            .arg(active)
            .arg(user_id)
            .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Filters of the users list; `None` leaves a filter out.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub group_id: Option<String>,
    pub role_id: Option<String>,
    pub active: Option<bool>,
    /// Matches name or email, case-insensitively.
    pub text: Option<String>,
    /// Leaves out the direct members of this project (the candidates to add).
    pub not_in_project: Option<String>,
}

fn filtered(select: &str, scope: &Scope, filter: &UserFilter) -> Sql {
    let mut sql = visibility::users(Sql::new(select).push(" WHERE 1 = 1"), scope);
    if let Some(group_id) = &filter.group_id {
        sql = sql
            .push(" AND u.id IN (SELECT user_id FROM group_members WHERE group_id = ?)")
            .arg(group_id);
    }
    if let Some(role_id) = &filter.role_id {
        sql = sql.push(" AND u.role_id = ?").arg(role_id);
    }
    if let Some(project_id) = &filter.not_in_project {
        sql = sql
            .push(" AND u.id NOT IN (SELECT pu.user_id FROM project_users pu WHERE pu.project_id = ?)")
            .arg(project_id);
    }
    if let Some(active) = filter.active {
        sql = sql.push(" AND u.active = ?").arg(active);
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let pattern = format!("%{}%", crate::db::escape_like(&text.to_lowercase()));
        sql = sql
            .push(" AND (LOWER(u.name) LIKE ? ESCAPE '\\' OR u.email_key LIKE ? ESCAPE '\\')")
            .arg(pattern.clone())
            .arg(pattern);
    }
    sql
}

/// A page of the users the scope sees, in creation order after `after`.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    filter: &UserFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<UserRow>> {
    let mut sql = filtered("SELECT u.* FROM users u", scope, filter);
    if let Some(after) = after {
        sql = sql.push(" AND u.id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY u.id LIMIT ?").arg(limit))
        .await
}

/// The columns the users list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSort {
    Name,
    Email,
    Role,
    Groups,
    Status,
}

impl SortColumn for UserSort {
    fn key(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Email => "email",
            UserSort::Role => "role",
            UserSort::Groups => "groups",
            UserSort::Status => "status",
        }
    }

    fn expr(self) -> &'static str {
        match self {
            UserSort::Name => "LOWER(u.name)",
            UserSort::Email => "u.email_key",
            UserSort::Role => "(SELECT LOWER(r.name) FROM roles r WHERE r.id = u.role_id)",
            UserSort::Groups => "(SELECT COUNT(*) FROM group_members gm WHERE gm.user_id = u.id)",
            // Blocked, then invited, then active.
            UserSort::Status => {
                "(CASE WHEN u.active = FALSE THEN 0 WHEN u.invitation_pending = TRUE THEN 1 ELSE 2 END)"
            }
        }
    }

    fn all() -> &'static [Self] {
        &[
            UserSort::Name,
            UserSort::Email,
            UserSort::Role,
            UserSort::Groups,
            UserSort::Status,
        ]
    }
}

/// One page of the users the scope sees, ordered in SQL.
pub async fn list_ordered(
    tx: &mut Tx,
    scope: &Scope,
    filter: &UserFilter,
    order: Order<UserSort>,
) -> Result<Vec<UserRow>> {
    let sql = filtered("SELECT u.* FROM users u", scope, filter);
    tx.fetch_all(order.apply(sql, "u.id")).await
}

pub async fn count(tx: &mut Tx, scope: &Scope, filter: &UserFilter) -> Result<i64> {
    tx.fetch_count(filtered("SELECT COUNT(*) FROM users u", scope, filter))
        .await
}

/// One user, if the scope sees it.
pub async fn get(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Option<UserRow>> {
    let sql = visibility::users(
        Sql::new("SELECT u.* FROM users u WHERE u.id = ?").arg(id),
        scope,
    );
    tx.fetch_optional(sql).await
}

/// Users of the scope's company by id, whatever the data scope: for checking that ids in
/// a request exist in the tenant before the caller's own rules decide.
pub async fn in_company(tx: &mut Tx, company_id: &str, ids: &[String]) -> Result<Vec<UserRow>> {
    tx.fetch_all(
        Sql::new("SELECT * FROM users WHERE company_id = ? AND id IN (")
            .arg(company_id)
            .push_list(ids.iter())
            .push(")"),
    )
    .await
}

/// Account details an administrator edits.
pub struct AccountChange<'a> {
    pub name: &'a str,
    pub role_id: &'a str,
    pub max_chats: i64,
    pub extension: Option<&'a str>,
    pub softphone_outbound: Option<bool>,
    pub notifications: &'a str,
    pub active: bool,
}

/// Writes account details if the row is still at `version`.
pub async fn update_account(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    version: i64,
    change: &AccountChange<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE users SET name = ?, role_id = ?, max_chats = ?, extension = ?, \
                 softphone_outbound = ?, notifications = ?, active = ?, version = version + 1, \
                 updated_at = ? WHERE id = ? AND company_id = ? AND version = ?",
            )
            .arg(change.name)
            .arg(change.role_id)
            .arg(change.max_chats)
            .arg(change.extension)
            .arg(change.softphone_outbound)
            .arg(change.notifications)
            .arg(change.active)
            .arg(now)
            .arg(id)
            .arg(company_id)
            .arg(version),
        )
        .await?;
    Ok(touched == 1)
}

pub async fn set_invitation_pending(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    pending: bool,
) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE users SET invitation_pending = ? WHERE id = ? AND company_id = ?")
            .arg(pending)
            .arg(id)
            .arg(company_id),
    )
    .await?;
    Ok(())
}

/// Moves users of a company to a role.
pub async fn set_role(
    tx: &mut Tx,
    company_id: &str,
    ids: &[String],
    role_id: &str,
    now: DateTime<Utc>,
) -> Result<u64> {
    tx.execute(
        Sql::new("UPDATE users SET role_id = ?, version = version + 1, updated_at = ? WHERE company_id = ? AND id IN (")
            .arg(role_id)
            .arg(now)
            .arg(company_id)
            .push_list(ids.iter())
            .push(")"),
    )
    .await
}

pub async fn count_with_role(tx: &mut Tx, company_id: &str, role_id: &str) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM users WHERE company_id = ? AND role_id = ?")
            .arg(company_id)
            .arg(role_id),
    )
    .await
}

/// The groups each of `user_ids` belongs to.
pub async fn group_ids_of(
    tx: &mut Tx,
    company_id: &str,
    user_ids: &[String],
) -> Result<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = tx
        .fetch_all(
            Sql::new(
                "SELECT user_id, group_id FROM group_members WHERE company_id = ? AND user_id IN (",
            )
            .arg(company_id)
            .push_list(user_ids.iter())
            .push(") ORDER BY group_id"),
        )
        .await?;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (user_id, group_id) in rows {
        map.entry(user_id).or_default().push(group_id);
    }
    Ok(map)
}

/// Replaces a user's group memberships.
pub async fn set_groups(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    group_ids: &[String],
) -> Result<()> {
    tx.execute(
        Sql::new("DELETE FROM group_members WHERE user_id = ? AND company_id = ?")
            .arg(user_id)
            .arg(company_id),
    )
    .await?;
    for group_id in group_ids {
        tx.execute(
            Sql::new("INSERT INTO group_members (company_id, group_id, user_id) VALUES (?, ?, ?)")
                .arg(company_id)
                .arg(group_id)
                .arg(user_id),
        )
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserSkill {
    pub user_id: String,
    pub skill_id: String,
    pub level: i64,
}

pub async fn skills_of(
    tx: &mut Tx,
    company_id: &str,
    user_ids: &[String],
) -> Result<HashMap<String, Vec<UserSkill>>> {
    let rows: Vec<UserSkill> = tx
        .fetch_all(
            Sql::new("SELECT user_id, skill_id, level FROM user_skills WHERE company_id = ? AND user_id IN (")
                .arg(company_id)
                .push_list(user_ids.iter())
                .push(") ORDER BY skill_id"),
        )
        .await?;
    let mut map: HashMap<String, Vec<UserSkill>> = HashMap::new();
    for row in rows {
        map.entry(row.user_id.clone()).or_default().push(row);
    }
    Ok(map)
}

/// Replaces a user's skills with `(skill_id, level)` pairs.
pub async fn set_skills(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    skills: &[(String, i64)],
) -> Result<()> {
    tx.execute(
        Sql::new("DELETE FROM user_skills WHERE user_id = ? AND company_id = ?")
            .arg(user_id)
            .arg(company_id),
    )
    .await?;
    for (skill_id, level) in skills {
        tx.execute(
            Sql::new("INSERT INTO user_skills (company_id, user_id, skill_id, level) VALUES (?, ?, ?, ?)")
                .arg(company_id)
                .arg(user_id)
                .arg(skill_id)
                .arg(*level),
        )
        .await?;
    }
    Ok(())
}

/// Sets chat limit, skills-independent fields of a bulk edit.
pub async fn set_bulk_fields(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    max_chats: Option<i64>,
    notifications: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "UPDATE users SET max_chats = COALESCE(?, max_chats), \
             notifications = COALESCE(?, notifications), version = version + 1, updated_at = ? \
             WHERE id = ? AND company_id = ?",
        )
        .arg(max_chats)
        .arg(notifications)
        .arg(now)
        .arg(user_id)
        .arg(company_id),
    )
    .await?;
    Ok(())
}

/// Which of `ids` name users the scope sees: every user id a request names is
/// checked through this.
pub async fn visible(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<Vec<UserRow>> {
    tx.fetch_all(visibility::users(
        Sql::new("SELECT u.* FROM users u WHERE u.id IN (")
            .push_list(ids.iter())
            .push(")"),
        scope,
    ))
    .await
}

/// A user of the company by email (case-insensitive), for imports naming assignees.
pub async fn find_by_email(
    tx: &mut Tx,
    company_id: &str,
    email_key: &str,
) -> Result<Option<UserRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM users WHERE company_id = ? AND email_key = ?")
            .arg(company_id)
            .arg(email_key),
    )
    .await
}
