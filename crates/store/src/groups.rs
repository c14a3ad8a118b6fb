//! Groups of agents, their supervisors and members, and their settings overrides.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::Scope;

use crate::sorting::{Order, SortColumn};
use crate::{Result, Sql, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GroupRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub settings: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    name: &str,
    settings: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new("INSERT INTO groups (id, company_id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
            .arg(id)
            .arg(company_id)
            .arg(name)
            .arg(settings)
            .arg(now)
            .arg(now),
    )
    .await?;
    Ok(())
}

pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<GroupRow>> {
    let mut sql = visibility::groups(Sql::new("SELECT g.* FROM groups g WHERE 1 = 1"), scope);
    if let Some(after) = after {
        sql = sql.push(" AND g.id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY g.id LIMIT ?").arg(limit))
        .await
}

/// The columns the groups list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSort {
    Name,
    Members,
    Supervisors,
}

impl SortColumn for GroupSort {
    fn key(self) -> &'static str {
        match self {
            GroupSort::Name => "name",
            GroupSort::Members => "members",
            GroupSort::Supervisors => "supervisors",
        }
    }

    fn expr(self) -> &'static str {
        match self {
            GroupSort::Name => "LOWER(g.name)",
            GroupSort::Members => "(SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)",
            GroupSort::Supervisors => {
                "(SELECT COUNT(*) FROM group_supervisors s WHERE s.group_id = g.id)"
            }
        }
    }

    fn all() -> &'static [Self] {
        &[GroupSort::Name, GroupSort::Members, GroupSort::Supervisors]
    }
}

/// One page of the groups the scope sees, ordered in SQL.
pub async fn list_ordered(
    tx: &mut Tx,
    scope: &Scope,
    order: Order<GroupSort>,
) -> Result<Vec<GroupRow>> {
    let sql = visibility::groups(Sql::new("SELECT g.* FROM groups g WHERE 1 = 1"), scope);
    tx.fetch_all(order.apply(sql, "g.id")).await
}

pub async fn count(tx: &mut Tx, scope: &Scope) -> Result<i64> {
    tx.fetch_count(visibility::groups(
        Sql::new("SELECT COUNT(*) FROM groups g WHERE 1 = 1"),
        scope,
    ))
    .await
}

pub async fn get(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Option<GroupRow>> {
    tx.fetch_optional(visibility::groups(
        Sql::new("SELECT g.* FROM groups g WHERE g.id = ?").arg(id),
        scope,
    ))
    .await
}

/// Groups of a company by id, for checking the ids a request names.
pub async fn in_company(tx: &mut Tx, company_id: &str, ids: &[String]) -> Result<Vec<GroupRow>> {
    tx.fetch_all(
        Sql::new("SELECT * FROM groups WHERE company_id = ? AND id IN (")
            .arg(company_id)
            .push_list(ids.iter())
            .push(")"),
    )
    .await
}

pub async fn update(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    version: i64,
    name: &str,
    settings: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE groups SET name = ?, settings = ?, version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ? AND version = ?",
            )
            .arg(name)
            .arg(settings)
            .arg(now)
            .arg(id)
            .arg(company_id)
            .arg(version),
        )
        .await?;
    Ok(touched == 1)
}

pub async fn delete(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new("DELETE FROM groups WHERE id = ? AND company_id = ?")
                .arg(id)
                .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Which table a group's people are in.
#[derive(Debug, Clone, Copy)]
pub enum Membership {
    Members,
    Supervisors,
}

impl Membership {
    fn table(self) -> &'static str {
        match self {
            Membership::Members => "group_members",
            Membership::Supervisors => "group_supervisors",
        }
    }
}

/// The user ids of each group's members or supervisors.
pub async fn people(
    tx: &mut Tx,
    company_id: &str,
    group_ids: &[String],
    which: Membership,
) -> Result<HashMap<String, Vec<String>>> {
    let sql = Sql::new(&format!(
        "SELECT group_id, user_id FROM {} WHERE company_id = ? AND group_id IN (",
        which.table()
    ))
    .arg(company_id)
    .push_list(group_ids.iter())
    .push(") ORDER BY user_id");
    let rows: Vec<(String, String)> = tx.fetch_all(sql).await?;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (group_id, user_id) in rows {
        map.entry(group_id).or_default().push(user_id);
    }
    Ok(map)
}

/// Replaces a group's members or supervisors.
pub async fn set_people(
    tx: &mut Tx,
    company_id: &str,
    group_id: &str,
    which: Membership,
    user_ids: &[String],
) -> Result<()> {
    tx.execute(
        Sql::new(&format!(
            "DELETE FROM {} WHERE group_id = ? AND company_id = ?",
            which.table()
        ))
        .arg(group_id)
        .arg(company_id),
    )
    .await?;
    for user_id in user_ids {
        tx.execute(
            Sql::new(&format!(
                "INSERT INTO {} (company_id, group_id, user_id) VALUES (?, ?, ?)",
                which.table()
            ))
            .arg(company_id)
            .arg(group_id)
            .arg(user_id),
        )
        .await?;
    }
    Ok(())
}

/// The settings overrides of the groups a user belongs to.
pub async fn settings_of_member(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT g.settings FROM groups g JOIN group_members m ON m.group_id = g.id \
                 WHERE m.user_id = ? AND g.company_id = ? ORDER BY g.id",
            )
            .arg(user_id)
            .arg(company_id),
        )
        .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// Which of `ids` name groups the scope sees.
pub async fn visible(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<Vec<GroupRow>> {
    tx.fetch_all(visibility::groups(
        Sql::new("SELECT g.* FROM groups g WHERE g.id IN (")
            .push_list(ids.iter())
            .push(")"),
        scope,
    ))
    .await
}
