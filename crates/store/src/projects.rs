//! Projects (enhanced security): their member users and groups, and the objects they
//! hold.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::objects::ObjectKind;

use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub description: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "p.id, p.company_id, p.name, p.description, p.version, p.created_at, p.updated_at";

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    name: &str,
    description: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO projects (id, company_id, name, name_key, description, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(id)
        .arg(company_id)
        .arg(name)
        .arg(name.to_lowercase())
        .arg(description)
        .arg(at)
        .arg(at),
    )
    .await?;
    Ok(())
}

/// Renames or re-describes a project still at `version`; `false` if it moved on.
pub async fn update(
    tx: &mut Tx,
    id: &str,
    version: i64,
    name: &str,
    description: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE projects SET name = ?, name_key = ?, description = ?, version = version + 1, \
                 updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(name)
            .arg(name.to_lowercase())
            .arg(description)
            .arg(at)
            .arg(id)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

/// Marks a project changed (a member or object came or went) so its version moves.
pub async fn touch(tx: &mut Tx, id: &str, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE projects SET version = version + 1, updated_at = ? WHERE id = ?")
            .arg(at)
            .arg(id),
    )
    .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM projects WHERE id = ?").arg(id))
        .await?;
    Ok(())
}

/// Every project of the company: tiles are listed to whoever may see projects at all.
pub async fn list(
    tx: &mut Tx,
    company_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<ProjectRow>> {
    let mut sql = Sql::new(&format!(
        "SELECT {COLUMNS} FROM projects p WHERE p.company_id = ?"
    ))
    .arg(company_id);
    if let Some(after) = after {
        sql = sql.push(" AND p.id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY p.id LIMIT ?").arg(limit))
        .await
}

pub async fn count(tx: &mut Tx, company_id: &str) -> Result<i64> {
    tx.fetch_count(Sql::new("SELECT COUNT(*) FROM projects WHERE company_id = ?").arg(company_id))
        .await
}

pub async fn get(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<ProjectRow>> {
    tx.fetch_optional(
        Sql::new(&format!(
            "SELECT {COLUMNS} FROM projects p WHERE p.company_id = ? AND p.id = ?"
        ))
        .arg(company_id)
        .arg(id),
    )
    .await
}

pub async fn find_by_name(tx: &mut Tx, company_id: &str, name: &str) -> Result<Option<ProjectRow>> {
    tx.fetch_optional(
        Sql::new(&format!(
            "SELECT {COLUMNS} FROM projects p WHERE p.company_id = ? AND p.name_key = ?"
        ))
        .arg(company_id)
        .arg(name.to_lowercase()),
    )
    .await
}

/// Projects of the company among `ids`.
pub async fn in_company(tx: &mut Tx, company_id: &str, ids: &[String]) -> Result<Vec<ProjectRow>> {
    tx.fetch_all(
        Sql::new(&format!(
            "SELECT {COLUMNS} FROM projects p WHERE p.company_id = ? AND p.id IN ("
        ))
        .arg(company_id)
        .push_list(ids.iter())
        .push(")"),
    )
    .await
}

/// The projects a user belongs to, directly or through any of their groups, sorted.
pub async fn of_user(tx: &mut Tx, company_id: &str, user_id: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT project_id FROM project_users WHERE company_id = ? AND user_id = ? \
                 UNION SELECT pg.project_id FROM project_groups pg \
                 JOIN group_members gm ON gm.group_id = pg.group_id \
                 WHERE pg.company_id = ? AND gm.user_id = ? ORDER BY 1",
            )
            .arg(company_id)
            .arg(user_id)
            .arg(company_id)
            .arg(user_id),
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Users or groups as project members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    User,
    Group,
}

impl Member {
    fn table(self) -> &'static str {
        match self {
            Member::User => "project_users",
            Member::Group => "project_groups",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Member::User => "user_id",
            Member::Group => "group_id",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Member::User => "users",
            Member::Group => "groups",
        }
    }
}

/// Adds a member; `false` when already there.
pub async fn add_member(
    tx: &mut Tx,
    company_id: &str,
    project_id: &str,
    member: Member,
    id: &str,
) -> Result<bool> {
    let added = tx
        .execute(
            Sql::new(&format!(
                "INSERT INTO {} (company_id, project_id, {}) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                member.table(),
                member.column()
            ))
            .arg(company_id)
            .arg(project_id)
            .arg(id),
        )
        .await?;
    Ok(added == 1)
}

pub async fn remove_member(
    tx: &mut Tx,
    project_id: &str,
    member: Member,
    id: &str,
) -> Result<bool> {
    let removed = tx
        .execute(
            Sql::new(&format!(
                "DELETE FROM {} WHERE project_id = ? AND {} = ?",
                member.table(),
                member.column()
            ))
            .arg(project_id)
            .arg(id),
        )
        .await?;
    Ok(removed == 1)
}

/// A member or object of a project, named.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Named {
    pub project_id: String,
    pub id: String,
    pub name: String,
}

/// The members of each of `project_ids`, by project, sorted by name.
pub async fn members(
    tx: &mut Tx,
    project_ids: &[String],
    member: Member,
) -> Result<HashMap<String, Vec<Named>>> {
    let rows: Vec<Named> = tx
        .fetch_all(
            Sql::new(&format!(
                "SELECT m.project_id, x.id, x.name FROM {} m JOIN {} x ON x.id = m.{} \
                 WHERE m.project_id IN (",
                member.table(),
                member.source(),
                member.column()
            ))
            .push_list(project_ids.iter())
            .push(") ORDER BY x.name, x.id"),
        )
        .await?;
    let mut by_project: HashMap<String, Vec<Named>> = HashMap::new();
    for row in rows {
        by_project
            .entry(row.project_id.clone())
            .or_default()
            .push(row);
    }
    Ok(by_project)
}

/// The projects each of `ids` (users or groups) is a direct member of.
pub async fn memberships(
    tx: &mut Tx,
    company_id: &str,
    member: Member,
    ids: &[String],
) -> Result<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = tx
        .fetch_all(
            Sql::new(&format!(
                "SELECT {}, project_id FROM {} WHERE company_id = ? AND {} IN (",
                member.column(),
                member.table(),
                member.column()
            ))
            .arg(company_id)
            .push_list(ids.iter())
            .push(") ORDER BY project_id"),
        )
        .await?;
    let mut by_member: HashMap<String, Vec<String>> = HashMap::new();
    for (id, project_id) in rows {
        by_member.entry(id).or_default().push(project_id);
    }
    Ok(by_member)
}

/// Puts an object in a project. A single-project kind already elsewhere breaks the
/// `project_objects_single` index: the caller reports that as a conflict.
pub async fn add_object(
    tx: &mut Tx,
    company_id: &str,
    project_id: &str,
    kind: ObjectKind,
    object_id: &str,
) -> Result<bool> {
    let added = tx
        .execute(
            Sql::new(
                "INSERT INTO project_objects (company_id, project_id, object_id, kind, single_project) \
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, object_id) DO NOTHING",
            )
            .arg(company_id)
            .arg(project_id)
            .arg(object_id)
            .arg(kind.key())
            .arg(kind.single_project()),
        )
        .await?;
    Ok(added == 1)
}

pub async fn remove_object(tx: &mut Tx, project_id: &str, object_id: &str) -> Result<bool> {
    let removed = tx
        .execute(
            Sql::new("DELETE FROM project_objects WHERE project_id = ? AND object_id = ?")
                .arg(project_id)
                .arg(object_id),
        )
        .await?;
    Ok(removed == 1)
}

/// A project's object with its kind.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectObject {
    pub kind: String,
    pub id: String,
    pub name: String,
}

/// The objects of a project, by kind and name, a page at a time.
pub async fn objects(
    tx: &mut Tx,
    project_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<ProjectObject>> {
    let mut sql = Sql::new(
        "SELECT po.kind, o.id, o.name FROM project_objects po JOIN objects o ON o.id = po.object_id \
         WHERE po.project_id = ?",
    )
    .arg(project_id);
    if let Some(after) = after {
        sql = sql.push(" AND o.id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY o.id LIMIT ?").arg(limit))
        .await
}

/// Objects of `project_id` that are in no other project: removing the project would
/// leave them outside every project.
pub async fn only_here(tx: &mut Tx, project_id: &str) -> Result<Vec<ProjectObject>> {
    tx.fetch_all(
        Sql::new(
            "SELECT po.kind, o.id, o.name FROM project_objects po JOIN objects o ON o.id = po.object_id \
             WHERE po.project_id = ? AND NOT EXISTS (SELECT 1 FROM project_objects other \
             WHERE other.object_id = po.object_id AND other.project_id <> po.project_id) \
             ORDER BY o.kind, o.name",
        )
        .arg(project_id),
    )
    .await
}

/// How many of each thing a project holds, for its tile.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub users: i64,
    pub groups: i64,
    /// Objects by kind key.
    pub objects: HashMap<String, i64>,
}

pub async fn counts(tx: &mut Tx, project_ids: &[String]) -> Result<HashMap<String, Counts>> {
    let mut by_project: HashMap<String, Counts> = HashMap::new();
    for member in [Member::User, Member::Group] {
        let rows: Vec<(String, i64)> = tx
            .fetch_all(
                Sql::new(&format!(
                    "SELECT project_id, COUNT(*) FROM {} WHERE project_id IN (",
                    member.table()
                ))
                .push_list(project_ids.iter())
                .push(") GROUP BY project_id"),
            )
            .await?;
        for (project_id, n) in rows {
            let counts = by_project.entry(project_id).or_default();
            match member {
                Member::User => counts.users = n,
                Member::Group => counts.groups = n,
            }
        }
    }
    let rows: Vec<(String, String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT project_id, kind, COUNT(*) FROM project_objects WHERE project_id IN (",
            )
            .push_list(project_ids.iter())
            .push(") GROUP BY project_id, kind"),
        )
        .await?;
    for (project_id, kind, n) in rows {
        by_project
            .entry(project_id)
            .or_default()
            .objects
            .insert(kind, n);
    }
    Ok(by_project)
}

/// Puts every user and group of the company in `project_id`, and every project-bound
/// object that is in no project yet (the switch to enhanced security).
pub async fn adopt_everything(tx: &mut Tx, company_id: &str, project_id: &str) -> Result<()> {
    for member in [Member::User, Member::Group] {
        tx.execute(
            Sql::new(&format!(
                "INSERT INTO {} (company_id, project_id, {}) SELECT company_id, ?, id FROM {} \
                 WHERE company_id = ? ON CONFLICT DO NOTHING",
                member.table(),
                member.column(),
                member.source()
            ))
            .arg(project_id)
            .arg(company_id),
        )
        .await?;
    }
    let single: Vec<&str> = ObjectKind::ALL
        .into_iter()
        .filter(|k| k.single_project())
        .map(ObjectKind::key)
        .collect();
    let bound: Vec<&str> = ObjectKind::ALL
        .into_iter()
        .filter(|k| k.project_bound())
        .map(ObjectKind::key)
        .collect();
    tx.execute(
        Sql::new(
            "INSERT INTO project_objects (company_id, project_id, object_id, kind, single_project) \
             SELECT o.company_id, ?, o.id, o.kind, o.kind IN (",
        )
        .arg(project_id)
        .push_list(single)
        .push(") FROM objects o WHERE o.company_id = ? AND o.kind IN (")
        .arg(company_id)
        .push_list(bound)
        .push(") AND NOT EXISTS (SELECT 1 FROM project_objects po WHERE po.object_id = o.id)"),
    )
    .await?;
    Ok(())
}

/// A user's membership of a project, direct or through a group, with names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub user_id: String,
    pub project_id: String,
    pub project_name: String,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
}

/// Every way each of `user_ids` belongs to a project.
pub async fn memberships_of_users(
    tx: &mut Tx,
    company_id: &str,
    user_ids: &[String],
) -> Result<Vec<MembershipRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT pu.user_id, p.id AS project_id, p.name AS project_name, \
             CAST(NULL AS TEXT) AS group_id, CAST(NULL AS TEXT) AS group_name \
             FROM project_users pu JOIN projects p ON p.id = pu.project_id \
             WHERE pu.company_id = ? AND pu.user_id IN (",
        )
        .arg(company_id)
        .push_list(user_ids.iter())
        .push(
            ") UNION ALL SELECT gm.user_id, p.id, p.name, g.id, g.name \
             FROM group_members gm JOIN project_groups pg ON pg.group_id = gm.group_id \
             JOIN projects p ON p.id = pg.project_id JOIN groups g ON g.id = gm.group_id \
             WHERE gm.company_id = ? AND gm.user_id IN (",
        )
        .arg(company_id)
        .push_list(user_ids.iter())
        .push(") ORDER BY 1, 3, 5"),
    )
    .await
}
