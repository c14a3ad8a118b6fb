//! Roles and their permissions. Template roles are rows too (users reference them),
//! but their permissions come from the domain's code, not from `role_permissions`.

use chrono::{DateTime, Utc};
use domain::{Template, ids::new_id};

use crate::sorting::{Order, SortColumn};
use crate::{Result, Sql, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub description: String,
    pub template: Option<String>,
    pub based_on: Option<String>,
    pub scope: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Creates the five template roles of a new company.
pub async fn insert_templates(tx: &mut Tx, company_id: &str, now: DateTime<Utc>) -> Result<()> {
    for template in Template::ALL {
        tx.execute(
            Sql::new(
                "INSERT INTO roles (id, company_id, name, description, template, based_on, scope, \
                 created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .arg(new_id())
            .arg(company_id)
            .arg(template.name())
            .arg(template.description())
            .arg(template.key())
            .arg(template.key())
            .arg(template.scope().key())
            .arg(now)
            .arg(now),
        )
        .await?;
    }
    Ok(())
}

/// The template role of a company, for sign-up and the demo loader.
pub async fn template_role(
    tx: &mut Tx,
    company_id: &str,
    template: Template,
) -> Result<Option<RoleRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM roles WHERE company_id = ? AND template = ?")
            .arg(company_id)
            .arg(template.key()),
    )
    .await
}

/// A role of the given company, for building the actor of a session.
pub async fn get_in_company(tx: &mut Tx, company_id: &str, id: &str) -> Result<Option<RoleRow>> {
    tx.fetch_optional(
        Sql::new("SELECT * FROM roles WHERE id = ? AND company_id = ?")
            .arg(id)
            .arg(company_id),
    )
    .await
}

/// The roles of the actor's company: templates first, then custom roles by name.
pub async fn list(tx: &mut Tx, scope: &domain::Scope) -> Result<Vec<RoleRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT * FROM roles WHERE company_id = ? \
             ORDER BY CASE WHEN template IS NULL THEN 1 ELSE 0 END, name, id",
        )
        .arg(scope.company_id()),
    )
    .await
}

/// The columns the roles list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleSort {
    /// Templates first, then custom roles, each by name: the list's own order.
    Kind,
    Name,
    Scope,
    Users,
}

impl SortColumn for RoleSort {
    fn key(self) -> &'static str {
        match self {
            RoleSort::Kind => "kind",
            RoleSort::Name => "name",
            RoleSort::Scope => "scope",
            RoleSort::Users => "users",
        }
    }

    fn expr(self) -> &'static str {
        match self {
            RoleSort::Kind => {
                "((CASE WHEN r.template IS NULL THEN '1' ELSE '0' END) || LOWER(r.name))"
            }
            RoleSort::Name => "LOWER(r.name)",
            RoleSort::Scope => "r.scope",
            RoleSort::Users => "(SELECT COUNT(*) FROM users u WHERE u.role_id = r.id)",
        }
    }

    fn all() -> &'static [Self] {
        &[
            RoleSort::Kind,
            RoleSort::Name,
            RoleSort::Scope,
            RoleSort::Users,
        ]
    }
}

/// One page of the roles of the actor's company, ordered in SQL.
pub async fn list_ordered(
    tx: &mut Tx,
    scope: &domain::Scope,
    order: Order<RoleSort>,
) -> Result<Vec<RoleRow>> {
    let sql = Sql::new("SELECT r.* FROM roles r WHERE r.company_id = ?").arg(scope.company_id());
    tx.fetch_all(order.apply(sql, "r.id")).await
}

pub async fn count(tx: &mut Tx, scope: &domain::Scope) -> Result<i64> {
    tx.fetch_count(
        Sql::new("SELECT COUNT(*) FROM roles WHERE company_id = ?").arg(scope.company_id()),
    )
    .await
}

pub async fn get(tx: &mut Tx, scope: &domain::Scope, id: &str) -> Result<Option<RoleRow>> {
    get_in_company(tx, scope.company_id(), id).await
}

/// The stored permissions of many roles at once.
pub async fn permission_keys_of(
    tx: &mut Tx,
    role_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = tx
        .fetch_all(
            Sql::new("SELECT role_id, permission FROM role_permissions WHERE role_id IN (")
                .push_list(role_ids.iter())
                .push(") ORDER BY permission"),
        )
        .await?;
    let mut map: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (role_id, key) in rows {
        map.entry(role_id).or_default().push(key);
    }
    Ok(map)
}

pub struct RoleFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub based_on: &'a str,
    pub scope: &'a str,
}

pub async fn insert_custom(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    fields: &RoleFields<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO roles (id, company_id, name, description, based_on, scope, created_at, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(id)
        .arg(company_id)
        .arg(fields.name)
        .arg(fields.description)
        .arg(fields.based_on)
        .arg(fields.scope)
        .arg(now)
        .arg(now),
    )
    .await?;
    Ok(())
}

/// Updates a custom role (never a template) if it is still at `version`.
pub async fn update_custom(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    version: i64,
    fields: &RoleFields<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new(
                "UPDATE roles SET name = ?, description = ?, based_on = ?, scope = ?, \
                 version = version + 1, updated_at = ? \
                 WHERE id = ? AND company_id = ? AND version = ? AND template IS NULL",
            )
            .arg(fields.name)
            .arg(fields.description)
            .arg(fields.based_on)
            .arg(fields.scope)
            .arg(now)
            .arg(id)
            .arg(company_id)
            .arg(version),
        )
        .await?;
    Ok(touched == 1)
}

pub async fn set_permissions(tx: &mut Tx, role_id: &str, keys: &[&str]) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM role_permissions WHERE role_id = ?").arg(role_id))
        .await?;
    for key in keys {
        tx.execute(
            Sql::new("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)")
                .arg(role_id)
                .arg(*key),
        )
        .await?;
    }
    Ok(())
}

pub async fn delete_custom(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool> {
    let touched = tx
        .execute(
            Sql::new("DELETE FROM roles WHERE id = ? AND company_id = ? AND template IS NULL")
                .arg(id)
                .arg(company_id),
        )
        .await?;
    Ok(touched == 1)
}

/// Bumps a role's version after a change made from the section side.
pub async fn touch(tx: &mut Tx, company_id: &str, id: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE roles SET version = version + 1, updated_at = ? WHERE id = ? AND company_id = ?")
            .arg(now)
            .arg(id)
            .arg(company_id),
    )
    .await?;
    Ok(())
}
