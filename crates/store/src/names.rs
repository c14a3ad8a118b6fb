//! The names of rows a report or board mentions by id, each read under the reader's
//! visibility: a row the reader may not see answers no name, so a report never leaks
//! the name of a user, group, queue or case the reader could not open.

use std::collections::HashMap;

use domain::Scope;
use domain::objects::ObjectKind;

use crate::{Result, Sql, Tx, visibility};

/// Ids per query, well under both databases' limits on bound values.
const CHUNK: usize = 500;

/// The distinct ids of `ids`, without empty ones.
fn distinct(ids: &[String]) -> Vec<&String> {
    let mut ids: Vec<&String> = ids.iter().filter(|id| !id.is_empty()).collect();
    ids.sort();
    ids.dedup();
    ids
}

async fn read(
    tx: &mut Tx,
    ids: &[String],
    query: impl Fn(Vec<&String>) -> Sql,
) -> Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    for chunk in distinct(ids).chunks(CHUNK) {
        let rows: Vec<(String, String)> = tx.fetch_all(query(chunk.to_vec())).await?;
        names.extend(rows);
    }
    Ok(names)
}

/// The names of the users of `ids` the scope sees (`store::visibility::users`).
pub async fn users(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<HashMap<String, String>> {
    read(tx, ids, |chunk| {
        visibility::users(
            Sql::new("SELECT u.id, u.name FROM users u WHERE u.id IN (")
                .push_list(chunk)
                .push(")"),
            scope,
        )
    })
    .await
}

/// The names of the groups of `ids` the scope sees.
pub async fn groups(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<HashMap<String, String>> {
    read(tx, ids, |chunk| {
        visibility::groups(
            Sql::new("SELECT g.id, g.name FROM groups g WHERE g.id IN (")
                .push_list(chunk)
                .push(")"),
            scope,
        )
    })
    .await
}

/// The names of the configuration objects of `kind` and `ids` the scope sees.
pub async fn objects(
    tx: &mut Tx,
    scope: &Scope,
    kind: ObjectKind,
    ids: &[String],
) -> Result<HashMap<String, String>> {
    read(tx, ids, |chunk| {
        visibility::objects(
            Sql::new("SELECT o.id, o.name FROM objects o WHERE o.id IN (")
                .push_list(chunk)
                .push(")"),
            scope,
            kind,
        )
    })
    .await
}

/// The customer names of the cases of `ids` the scope sees.
pub async fn case_customers(
    tx: &mut Tx,
    scope: &Scope,
    ids: &[String],
) -> Result<HashMap<String, String>> {
    read(tx, ids, |chunk| {
        visibility::cases(
            Sql::new("SELECT c.id, c.customer_name FROM cases c WHERE c.id IN (")
                .push_list(chunk)
                .push(")"),
            scope,
        )
    })
    .await
}

/// The names of the roles of `ids` in the scope's company (roles are the company's
/// configuration: whoever reads its audit log may know what they are called).
pub async fn roles(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<HashMap<String, String>> {
    read(tx, ids, |chunk| {
        Sql::new("SELECT id, name FROM roles WHERE company_id = ?")
            .arg(scope.company_id())
            .push(" AND id IN (")
            .push_list(chunk)
            .push(")")
    })
    .await
}
