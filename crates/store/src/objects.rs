//! Configuration objects of every kind, the references their fields hold, and the
//! entries of phone-number lists.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::Scope;
use domain::objects::ObjectKind;

use crate::sorting::{Order, SortColumn};
use crate::{Result, Sql, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ObjectRow {
    pub id: String,
    pub company_id: String,
    pub kind: String,
    pub name: String,
    pub unique_key: String,
    pub data: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewObject<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub kind: ObjectKind,
    pub name: &'a str,
    pub unique_key: &'a str,
    pub data: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, object: NewObject<'_>) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO objects (id, company_id, kind, name, unique_key, data, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(object.id)
        .arg(object.company_id)
        .arg(object.kind.key())
        .arg(object.name)
        .arg(object.unique_key)
        .arg(object.data)
        .arg(object.at)
        .arg(object.at),
    )
    .await?;
    Ok(())
}

/// Replaces the fields of an object still at `version`; `false` when another writer
/// got there first.
pub async fn update(
    tx: &mut Tx,
    id: &str,
    version: i64,
    name: &str,
    unique_key: &str,
    data: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE objects SET name = ?, unique_key = ?, data = ?, version = version + 1, \
                 updated_at = ? WHERE id = ? AND version = ?",
            )
            .arg(name)
            .arg(unique_key)
            .arg(data)
            .arg(at)
            .arg(id)
            .arg(version),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn delete(tx: &mut Tx, id: &str) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM objects WHERE id = ?").arg(id))
        .await?;
    Ok(())
}

/// A page of the objects of `kind` the scope sees, by id, optionally matching `q` in
/// the name.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    q: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<ObjectRow>> {
    let mut sql = filtered(
        Sql::new("SELECT o.* FROM objects o WHERE 1 = 1"),
        scope,
        kind,
        q,
    );
    if let Some(after) = after {
        sql = sql.push(" AND o.id > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY o.id LIMIT ?").arg(limit))
        .await
}

/// The columns object lists sort by (every kind has a name and a last change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectSort {
    Name,
    Created,
    Updated,
}

impl SortColumn for ObjectSort {
    fn key(self) -> &'static str {
        match self {
            ObjectSort::Name => "name",
            ObjectSort::Created => "created",
            ObjectSort::Updated => "updated",
        }
    }

    fn expr(self) -> &'static str {
        match self {
            ObjectSort::Name => "LOWER(o.name)",
            ObjectSort::Created => "o.created_at",
            ObjectSort::Updated => "o.updated_at",
        }
    }

    fn all() -> &'static [Self] {
        &[ObjectSort::Name, ObjectSort::Created, ObjectSort::Updated]
    }
}

/// One page of the objects of `kind` the scope sees, ordered in SQL.
pub async fn list_ordered(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    q: Option<&str>,
    order: Order<ObjectSort>,
) -> Result<Vec<ObjectRow>> {
    let sql = filtered(
        Sql::new("SELECT o.* FROM objects o WHERE 1 = 1"),
        scope,
        kind,
        q,
    );
    tx.fetch_all(order.apply(sql, "o.id")).await
}

/// Objects of `kind` the scope sees that are not in `project_id` (the candidates to
/// add), by name, with how many there are in all.
pub async fn not_in_project(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    q: Option<&str>,
    project_id: &str,
    limit: i64,
) -> Result<(Vec<ObjectRow>, i64)> {
    let outside = |select: &str| {
        filtered(Sql::new(select), scope, kind, q)
            .push(" AND o.id NOT IN (SELECT po.object_id FROM project_objects po WHERE po.project_id = ?)")
            .arg(project_id)
    };
    let rows = tx
        .fetch_all(
            outside("SELECT o.* FROM objects o WHERE 1 = 1")
                .push(" ORDER BY LOWER(o.name), o.id LIMIT ?")
                .arg(limit),
        )
        .await?;
    let total = tx
        .fetch_count(outside("SELECT COUNT(*) FROM objects o WHERE 1 = 1"))
        .await?;
    Ok((rows, total))
}

pub async fn count(tx: &mut Tx, scope: &Scope, kind: ObjectKind, q: Option<&str>) -> Result<i64> {
    tx.fetch_count(filtered(
        Sql::new("SELECT COUNT(*) FROM objects o WHERE 1 = 1"),
        scope,
        kind,
        q,
    ))
    .await
}

fn filtered(sql: Sql, scope: &Scope, kind: ObjectKind, q: Option<&str>) -> Sql {
    let sql = visibility::objects(sql, scope, kind);
    match q {
        Some(q) => sql
            .push(" AND o.unique_key LIKE ? ESCAPE '\\'")
            .arg(format!("%{}%", crate::db::escape_like(&q.to_lowercase()))),
        None => sql,
    }
}

pub async fn get(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    id: &str,
) -> Result<Option<ObjectRow>> {
    tx.fetch_optional(visibility::objects(
        Sql::new("SELECT o.* FROM objects o WHERE o.id = ?").arg(id),
        scope,
        kind,
    ))
    .await
}

/// Any object of the company by id, whatever its kind, ignoring projects: for rules
/// that must see past the actor's visibility (is this id taken by something hidden?).
pub async fn get_in_company(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<ObjectRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM objects WHERE company_id = ? AND id = ?")
            .arg(company_id)
            .arg(id),
    )
    .await
}

/// Which of `ids` name objects of `kind` the scope sees.
pub async fn visible(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    ids: &[String],
) -> Result<Vec<ObjectRow>> {
    tx.fetch_all(visibility::objects(
        Sql::new("SELECT o.* FROM objects o WHERE o.id IN (")
            .push_list(ids.iter())
            .push(")"),
        scope,
        kind,
    ))
    .await
}

/// Replaces the references an object's fields hold.
pub async fn set_links(
    tx: &mut Tx,
    company_id: &str,
    from_id: &str,
    links: &[(&str, &str)],
) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM object_links WHERE from_id = ?").arg(from_id))
        .await?;
    for (field, to_id) in links {
        tx.execute(
            Sql::new(
                "INSERT INTO object_links (company_id, from_id, field, to_id) VALUES (?, ?, ?, ?) \
                 ON CONFLICT DO NOTHING",
            )
            .arg(company_id)
            .arg(from_id)
            .arg(*field)
            .arg(*to_id),
        )
        .await?;
    }
    Ok(())
}

/// An object that holds a reference to another, and in which field.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UsedBy {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub field: String,
}

/// Every object whose fields name `to_id`, whether or not the actor sees it: a
/// deletion must not leave a hidden campaign pointing nowhere.
pub async fn used_by(tx: &mut Tx, company_id: &str, to_id: &str) -> Result<Vec<UsedBy>> {
    tx.fetch_all(
        Sql::new(
            "SELECT o.id, o.kind, o.name, l.field FROM object_links l \
             JOIN objects o ON o.id = l.from_id \
             WHERE l.company_id = ? AND l.to_id = ? ORDER BY o.kind, o.name",
        )
        .arg(company_id)
        .arg(to_id),
    )
    .await
}

/// Drops every reference to `to_id` (a deleted user or skill) from the link table;
/// the JSON fields keep the id until the object is next saved, which then refuses it.
pub async fn unlink(tx: &mut Tx, company_id: &str, to_id: &str) -> Result<()> {
    tx.execute(
        Sql::new("DELETE FROM object_links WHERE company_id = ? AND to_id = ?")
            .arg(company_id)
            .arg(to_id),
    )
    .await?;
    Ok(())
}

/// The projects of each object, by object id, sorted.
pub async fn project_ids(
    tx: &mut Tx,
    company_id: &str,
    object_ids: &[String],
) -> Result<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = tx
        .fetch_all(
            Sql::new(
                "SELECT object_id, project_id FROM project_objects WHERE company_id = ? AND object_id IN (",
            )
            .arg(company_id)
            .push_list(object_ids.iter())
            .push(") ORDER BY project_id"),
        )
        .await?;
    let mut by_object: HashMap<String, Vec<String>> = HashMap::new();
    for (object_id, project_id) in rows {
        by_object.entry(object_id).or_default().push(project_id);
    }
    Ok(by_object)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListEntryRow {
    pub phone: String,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

/// Adds a number to a list; `false` when it was already there.
pub async fn add_entry(
    tx: &mut Tx,
    company_id: &str,
    list_id: &str,
    phone: &str,
    note: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let added = tx
        .execute(
            Sql::new(
                "INSERT INTO list_entries (company_id, list_id, phone, note, added_at) \
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .arg(company_id)
            .arg(list_id)
            .arg(phone)
            .arg(note)
            .arg(at),
        )
        .await?;
    Ok(added == 1)
}

pub async fn remove_entry(tx: &mut Tx, list_id: &str, phone: &str) -> Result<bool> {
    let removed = tx
        .execute(
            Sql::new("DELETE FROM list_entries WHERE list_id = ? AND phone = ?")
                .arg(list_id)
                .arg(phone),
        )
        .await?;
    Ok(removed == 1)
}

pub async fn entries(
    tx: &mut Tx,
    list_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<ListEntryRow>> {
    let mut sql =
        Sql::new("SELECT phone, note, added_at FROM list_entries WHERE list_id = ?").arg(list_id);
    if let Some(after) = after {
        sql = sql.push(" AND phone > ?").arg(after);
    }
    tx.fetch_all(sql.push(" ORDER BY phone LIMIT ?").arg(limit))
        .await
}

pub async fn entry_count(tx: &mut Tx, list_id: &str) -> Result<i64> {
    tx.fetch_count(Sql::new("SELECT COUNT(*) FROM list_entries WHERE list_id = ?").arg(list_id))
        .await
}
