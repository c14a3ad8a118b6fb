//! Case statuses, keyed by `key`: the built-ins (stored on their first edit) and the
//! company's own, with the fields a case needs to enter them.

use domain::case_config::{self, BUILTIN_STATUSES, REQUIRABLE_ATTRIBUTES, builtin_status};
use domain::clock::Timestamp;
use domain::{Actor, FieldErrors};
use serde_json::{Value, json};
use store::Tx;
use store::case_config::StatusRow;
use store::row_locks::Row;

use super::clean_name;
use super::editable::{Actions, EditableList};
use crate::error::{AppError, AppResult};

/// A status as clients see it; its id is its key.
#[derive(Debug, Clone)]
pub struct Status {
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub open: bool,
    pub required_fields: Vec<String>,
    pub version: i64,
}

impl Status {
    fn from_row(row: &StatusRow) -> Status {
        Status {
            key: row.key.clone(),
            name: row.name.clone(),
            builtin: row.builtin,
            open: row.is_open,
            required_fields: serde_json::from_str(&row.required_fields).unwrap_or_default(),
            version: row.version,
        }
    }

    fn row(&self, company_id: &str, at: Timestamp) -> StatusRow {
        StatusRow {
            company_id: company_id.to_owned(),
            key: self.key.clone(),
            name: self.name.clone(),
            builtin: self.builtin,
            is_open: self.open,
            required_fields: json!(self.required_fields).to_string(),
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }
}

/// Built-ins first (as stored, or as shipped), then custom statuses in creation order.
pub(crate) async fn all_statuses(tx: &mut Tx, company_id: &str) -> AppResult<Vec<Status>> {
    let rows = store::case_config::statuses(tx, company_id).await?;
    let mut out: Vec<Status> = BUILTIN_STATUSES
        .iter()
        .map(|b| match rows.iter().find(|r| r.key == b.key) {
            Some(row) => Status::from_row(row),
            None => Status {
                key: b.key.to_owned(),
                name: b.name.to_owned(),
                builtin: true,
                open: b.open,
                required_fields: Vec::new(),
                version: 0,
            },
        })
        .collect();
    out.extend(rows.iter().filter(|r| !r.builtin).map(Status::from_row));
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct StatusInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub open: Option<bool>,
    pub required_fields: Option<Vec<String>>,
}

/// Required fields name live custom fields or requirable case attributes.
async fn check_required(tx: &mut Tx, company_id: &str, keys: &[String]) -> AppResult<Vec<String>> {
    let fields = store::case_config::fields(tx, company_id, false).await?;
    let mut out: Vec<String> = Vec::new();
    for key in keys {
        let known =
            REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) || fields.iter().any(|f| f.key == *key);
        if !known {
            return Err(FieldErrors::single("required_fields", "unknown_field").into());
        }
        if !out.contains(key) {
            out.push(key.clone());
        }
    }
    Ok(out)
}

/// The statuses as an editable list. Deleting one takes where its cases go.
pub struct Statuses;

impl EditableList for Statuses {
    type Item = Status;
    type Input = StatusInput;
    type DeleteWith = Option<String>;

    const KIND: &'static str = "case_status";
    const ACTIONS: Actions = Actions {
        created: "case_status.created",
        updated: "case_status.updated",
        deleted: "case_status.deleted",
    };
    const LOCK: Row = Row::CaseStatus;

    fn id(item: &Status) -> &str {
        &item.key
    }

    fn version(item: &Status) -> i64 {
        item.version
    }

    fn audit_json(item: &Status) -> Value {
        json!({ "name": item.name, "open": item.open, "required_fields": item.required_fields })
    }

    async fn load(tx: &mut Tx, company_id: &str, key: &str) -> AppResult<Option<Status>> {
        Ok(all_statuses(tx, company_id)
            .await?
            .into_iter()
            .find(|s| s.key == key))
    }

    async fn new_item(
        tx: &mut Tx,
        company_id: &str,
        input: StatusInput,
        _at: Timestamp,
    ) -> AppResult<Status> {
        let name = clean_name(input.name.as_deref().unwrap_or_default())?;
        let key = input
            .key
            .clone()
            .unwrap_or_else(|| case_config::key_from_name(&name));
        if !case_config::valid_key(&key) {
            return Err(FieldErrors::single("key", "invalid_key").into());
        }
        if builtin_status(&key).is_some()
            || store::case_config::status(tx, company_id, &key)
                .await?
                .is_some()
        {
            return Err(FieldErrors::single("key", "taken").into());
        }
        let keys = input.required_fields.unwrap_or_default();
        Ok(Status {
            key,
            name,
            builtin: false,
            open: input.open.unwrap_or(true),
            required_fields: check_required(tx, company_id, &keys).await?,
            version: 1,
        })
    }

    /// Renames a status, changes what it requires, or (custom ones) whether it is open.
    async fn apply(
        tx: &mut Tx,
        company_id: &str,
        before: &Status,
        input: StatusInput,
        _at: Timestamp,
    ) -> AppResult<Status> {
        if input.key.as_deref().is_some_and(|k| k != before.key) {
            return Err(FieldErrors::single("key", "immutable").into());
        }
        if before.builtin && input.open.is_some_and(|open| open != before.open) {
            return Err(FieldErrors::single("open", "fixed_for_builtin").into());
        }
        let name = match &input.name {
            Some(name) => clean_name(name)?,
            None => before.name.clone(),
        };
        let required_fields = match &input.required_fields {
            Some(keys) => check_required(tx, company_id, keys).await?,
            None => before.required_fields.clone(),
        };
        Ok(Status {
            name,
            open: input.open.unwrap_or(before.open),
            required_fields,
            version: before.version + 1,
            ..before.clone()
        })
    }

    async fn insert(
        tx: &mut Tx,
        company_id: &str,
        item: &Status,
        at: Timestamp,
    ) -> store::Result<()> {
        store::case_config::insert_status(tx, &item.row(company_id, at)).await
    }

    async fn update(
        tx: &mut Tx,
        company_id: &str,
        item: &Status,
        version: i64,
        at: Timestamp,
    ) -> AppResult<bool> {
        let row = item.row(company_id, at);
        Ok(store::case_config::update_status(tx, &row, version).await?)
    }

    /// Custom statuses only; built-ins answer 409. Cases in the status (visible to the
    /// actor or not: a status is the company's) would be left pointing at nothing, so
    /// they move to `move_to` first — a status just as open or closed, so nothing is
    /// closed or reopened on the way — each with a history entry; without one, 409
    /// `in_use`.
    async fn remove(
        tx: &mut Tx,
        actor: &Actor,
        before: &Status,
        move_to: Option<String>,
        at: Timestamp,
    ) -> AppResult<Value> {
        if before.builtin {
            return Err(AppError::Conflict {
                code: "builtin_status",
                message: format!("\"{}\" is built in: rename it instead", before.name),
            });
        }
        let moved = match move_to.as_deref().filter(|k| !k.is_empty()) {
            Some(to) => move_cases(tx, actor, before, to, at).await?,
            None if store::case_config::status_in_use(tx, &actor.company_id, &before.key)
                .await? =>
            {
                return Err(AppError::Conflict {
                    code: "in_use",
                    message: format!(
                        "cases are in the status \"{}\": name a status to move them to (move_to)",
                        before.name
                    ),
                });
            }
            None => 0,
        };
        store::case_config::delete_status(tx, &actor.company_id, &before.key).await?;
        let mut deleted = Self::audit_json(before);
        deleted["cases_moved_to"] = json!(move_to);
        deleted["cases_moved"] = json!(moved);
        Ok(deleted)
    }
}

/// Moves the cases of status `from` to `to`, each with a history entry; answers how
/// many moved.
async fn move_cases(
    tx: &mut Tx,
    actor: &Actor,
    from: &Status,
    to: &str,
    at: Timestamp,
) -> AppResult<usize> {
    let statuses = all_statuses(tx, &actor.company_id).await?;
    let target = statuses
        .iter()
        .find(|s| s.key == to && s.key != from.key)
        .ok_or_else(|| AppError::from(FieldErrors::single("move_to", "unknown_status")))?;
    if target.open != from.open {
        return Err(FieldErrors::single("move_to", "open_differs").into());
    }
    let ids =
        store::case_config::move_cases_of_status(tx, &actor.company_id, &from.key, to, at).await?;
    let data = json!({ "from": from.key, "to": to, "status_deleted": true });
    let events: Vec<_> = ids
        .iter()
        .map(|id| crate::cases::event(id, actor, "status", data.clone(), at))
        .collect();
    store::cases::insert_events(tx, &actor.company_id, &events).await?;
    Ok(ids.len())
}
