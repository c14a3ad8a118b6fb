//! Roles and their permissions. Template roles are rows too (users reference them),
//! but their permissions come from the domain's code, not from `role_permissions`.

use chrono::{DateTime, Utc};
use domain::{Template, ids::new_id};

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

/// The stored permission keys of a custom role.
pub async fn permission_keys(tx: &mut Tx, role_id: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT permission FROM role_permissions WHERE role_id = ? ORDER BY permission",
            )
            .arg(role_id),
        )
        .await?;
    Ok(rows.into_iter().map(|(key,)| key).collect())
}
