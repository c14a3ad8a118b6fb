//! Case reasons, by id: given to cases and contact attempts; retired (`active`
//! false) rather than deleted once given.

use domain::clock::Timestamp;
use domain::{Actor, FieldErrors};
use serde_json::{Value, json};
use store::Tx;
use store::case_config::ReasonRow;
use store::row_locks::Row;

use super::clean_name;
use super::editable::{Actions, EditableList};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Default)]
pub struct ReasonInput {
    pub name: Option<String>,
    pub description: Option<String>,
    /// `false` retires the reason: no longer offered, kept where it was given.
    pub active: Option<bool>,
}

fn clean_description(text: Option<&str>, current: &str) -> AppResult<String> {
    let text = text.map_or_else(|| current.to_owned(), |t| t.trim().to_owned());
    if text.chars().count() > 2000 {
        return Err(FieldErrors::single("description", "too_long").into());
    }
    Ok(text)
}

fn name_taken(error: store::StoreError) -> AppError {
    match error {
        store::StoreError::Unique(_) => FieldErrors::single("name", "taken").into(),
        other => other.into(),
    }
}

/// The reasons as an editable list.
pub struct Reasons;

impl EditableList for Reasons {
    type Item = ReasonRow;
    type Input = ReasonInput;
    type DeleteWith = ();

    const KIND: &'static str = "case_reason";
    const ACTIONS: Actions = Actions {
        created: "case_reason.created",
        updated: "case_reason.updated",
        deleted: "case_reason.deleted",
    };
    const LOCK: Row = Row::CaseReason;

    fn id(item: &ReasonRow) -> &str {
        &item.id
    }

    fn version(item: &ReasonRow) -> i64 {
        item.version
    }

    fn audit_json(row: &ReasonRow) -> Value {
        json!({ "name": row.name, "description": row.description, "active": row.active })
    }

    async fn load(tx: &mut Tx, company_id: &str, id: &str) -> AppResult<Option<ReasonRow>> {
        Ok(store::case_config::reason(tx, company_id, id).await?)
    }

    async fn new_item(
        _tx: &mut Tx,
        company_id: &str,
        input: ReasonInput,
        at: Timestamp,
    ) -> AppResult<ReasonRow> {
        Ok(ReasonRow {
            id: domain::ids::new_id(),
            company_id: company_id.to_owned(),
            name: clean_name(input.name.as_deref().unwrap_or_default())?,
            description: clean_description(input.description.as_deref(), "")?,
            active: input.active.unwrap_or(true),
            version: 1,
            created_at: at,
            updated_at: at,
        })
    }

    async fn apply(
        _tx: &mut Tx,
        _company_id: &str,
        before: &ReasonRow,
        input: ReasonInput,
        at: Timestamp,
    ) -> AppResult<ReasonRow> {
        let mut row = before.clone();
        if let Some(name) = &input.name {
            row.name = clean_name(name)?;
        }
        row.description = clean_description(input.description.as_deref(), &before.description)?;
        row.active = input.active.unwrap_or(before.active);
        row.updated_at = at;
        row.version = before.version + 1;
        Ok(row)
    }

    async fn insert(
        tx: &mut Tx,
        _company_id: &str,
        row: &ReasonRow,
        _at: Timestamp,
    ) -> store::Result<()> {
        store::case_config::insert_reason(tx, row).await
    }

    fn taken(error: store::StoreError) -> AppError {
        name_taken(error)
    }

    async fn update(
        tx: &mut Tx,
        _company_id: &str,
        row: &ReasonRow,
        version: i64,
        _at: Timestamp,
    ) -> AppResult<bool> {
        store::case_config::update_reason(tx, row, version)
            .await
            .map_err(name_taken)
    }

    async fn remove(
        tx: &mut Tx,
        actor: &Actor,
        before: &ReasonRow,
        (): (),
        _at: Timestamp,
    ) -> AppResult<Value> {
        // Deleting would quietly empty the reason of every case and attempt that gave it.
        if store::case_config::reason_in_use(tx, &actor.company_id, &before.id).await? {
            return Err(AppError::Conflict {
                code: "in_use",
                message: format!(
                    "cases or contact attempts have the reason \"{}\": retire it instead",
                    before.name
                ),
            });
        }
        store::case_config::delete_reason(tx, &before.id).await?;
        Ok(Self::audit_json(before))
    }
}

/// Why reason `id` cannot be given anew to a case or an attempt: `not_found` when the
/// company has none by that id, `retired` when it is no longer offered.
pub(crate) async fn reason_refusal(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
) -> AppResult<Option<&'static str>> {
    Ok(
        match store::case_config::reason(tx, company_id, id).await? {
            None => Some("not_found"),
            Some(reason) if !reason.active => Some("retired"),
            Some(_) => None,
        },
    )
}
