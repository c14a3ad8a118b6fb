//! Custom case fields, by id: their type is fixed at creation, and deleting one
//! removes it from forms while its definition keeps labelling old values.

use domain::case_config::{self, FieldType, REQUIRABLE_ATTRIBUTES};
use domain::clock::Timestamp;
use domain::{Actor, FieldErrors};
use serde_json::{Value, json};
use store::Tx;
use store::case_config::FieldRow;
use store::row_locks::Row;

use super::editable::{Actions, EditableList};
use super::statuses::all_statuses;
use crate::error::{AppError, AppResult};

/// A custom field as clients see it.
#[derive(Debug, Clone)]
pub struct Field {
    pub row: FieldRow,
    pub field_type: FieldType,
    pub options: Vec<String>,
}

impl Field {
    pub(super) fn from_row(row: FieldRow) -> Field {
        Field {
            field_type: FieldType::parse(&row.field_type).unwrap_or(FieldType::Text),
            options: serde_json::from_str(&row.options).unwrap_or_default(),
            row,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FieldInput {
    pub key: Option<String>,
    pub label: Option<String>,
    pub field_type: Option<FieldType>,
    pub options: Option<Vec<String>>,
    pub required: Option<bool>,
}

/// The custom fields as an editable list.
pub struct CustomFields;

impl EditableList for CustomFields {
    type Item = Field;
    type Input = FieldInput;
    type DeleteWith = ();

    const KIND: &'static str = "case_field";
    const ACTIONS: Actions = Actions {
        created: "case_field.created",
        updated: "case_field.updated",
        deleted: "case_field.removed",
    };
    const LOCK: Row = Row::CaseField;

    fn id(item: &Field) -> &str {
        &item.row.id
    }

    fn version(item: &Field) -> i64 {
        item.row.version
    }

    fn audit_json(item: &Field) -> Value {
        json!({
            "key": item.row.key, "label": item.row.label, "type": item.field_type.key(),
            "options": item.options, "required": item.row.required,
            "removed": item.row.removed_at.is_some(),
        })
    }

    /// Live fields only: a removed one is gone for changes.
    async fn load(tx: &mut Tx, company_id: &str, id: &str) -> AppResult<Option<Field>> {
        Ok(store::case_config::field(tx, company_id, id)
            .await?
            .filter(|f| f.removed_at.is_none())
            .map(Field::from_row))
    }

    async fn new_item(
        _tx: &mut Tx,
        company_id: &str,
        input: FieldInput,
        at: Timestamp,
    ) -> AppResult<Field> {
        let field_type = input
            .field_type
            .ok_or_else(|| AppError::from(FieldErrors::single("type", "required")))?;
        let (label, options) = case_config::check_field(
            input.label.as_deref().unwrap_or_default(),
            field_type,
            &input.options.unwrap_or_default(),
        )?;
        let key = input
            .key
            .unwrap_or_else(|| case_config::key_from_name(&label));
        if !case_config::valid_key(&key) {
            return Err(FieldErrors::single("key", "invalid_key").into());
        }
        if REQUIRABLE_ATTRIBUTES.contains(&key.as_str()) {
            return Err(FieldErrors::single("key", "taken").into());
        }
        Ok(Field::from_row(FieldRow {
            id: domain::ids::new_id(),
            company_id: company_id.to_owned(),
            key,
            label,
            field_type: field_type.key().to_owned(),
            options: json!(options).to_string(),
            required: input.required.unwrap_or(false),
            removed_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }))
    }

    /// Label, options and the required flag change; the key and type never do (stored
    /// values depend on them).
    async fn apply(
        _tx: &mut Tx,
        _company_id: &str,
        before: &Field,
        input: FieldInput,
        at: Timestamp,
    ) -> AppResult<Field> {
        if input.key.as_deref().is_some_and(|k| k != before.row.key) {
            return Err(FieldErrors::single("key", "immutable").into());
        }
        if input.field_type.is_some_and(|t| t != before.field_type) {
            return Err(FieldErrors::single("type", "immutable").into());
        }
        let (label, options) = case_config::check_field(
            input.label.as_deref().unwrap_or(&before.row.label),
            before.field_type,
            input.options.as_deref().unwrap_or(&before.options),
        )?;
        let mut row = before.row.clone();
        row.label = label;
        row.options = json!(options).to_string();
        row.required = input.required.unwrap_or(before.row.required);
        row.updated_at = at;
        row.version = before.row.version + 1;
        Ok(Field::from_row(row))
    }

    async fn insert(
        tx: &mut Tx,
        _company_id: &str,
        item: &Field,
        _at: Timestamp,
    ) -> store::Result<()> {
        store::case_config::insert_field(tx, &item.row).await
    }

    fn taken(_error: store::StoreError) -> AppError {
        FieldErrors::single("key", "taken").into()
    }

    async fn update(
        tx: &mut Tx,
        _company_id: &str,
        item: &Field,
        version: i64,
        _at: Timestamp,
    ) -> AppResult<bool> {
        Ok(store::case_config::update_field(tx, &item.row, version).await?)
    }

    /// Removes a field from forms; its definition stays so old values keep their
    /// label. A field a status requires answers 409 naming the statuses.
    async fn remove(
        tx: &mut Tx,
        actor: &Actor,
        before: &Field,
        (): (),
        at: Timestamp,
    ) -> AppResult<Value> {
        let requiring: Vec<String> = all_statuses(tx, &actor.company_id)
            .await?
            .into_iter()
            .filter(|s| s.required_fields.contains(&before.row.key))
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        if !requiring.is_empty() {
            return Err(AppError::Conflict {
                code: "in_use",
                message: format!("required to enter the statuses {}", requiring.join(", ")),
            });
        }
        let mut row = before.row.clone();
        row.removed_at = Some(at);
        row.updated_at = at;
        if !store::case_config::update_field(tx, &row, before.row.version).await? {
            return Err(AppError::Stale);
        }
        Ok(Self::audit_json(before))
    }
}
