//! Contact-attempt results (dispositions), keyed by `key`: the built-ins (stored on
//! their first edit) and the company's own; retired rather than deleted once used.

use domain::case_config::{self, BUILTIN_DISPOSITIONS};
use domain::clock::Timestamp;
use domain::{Actor, FieldErrors};
use serde_json::{Value, json};
use store::Tx;
use store::case_config::DispositionRow;
use store::row_locks::Row;

use super::clean_name;
use super::editable::{Actions, EditableList};
use crate::error::{AppError, AppResult};

/// A contact-attempt result as clients see it; its id is its key.
#[derive(Debug, Clone)]
pub struct Disposition {
    pub key: String,
    pub name: String,
    pub builtin: bool,
    pub reached: bool,
    pub needs_next_contact: bool,
    pub active: bool,
    pub version: i64,
}

impl Disposition {
    fn from_row(row: &DispositionRow) -> Disposition {
        Disposition {
            key: row.key.clone(),
            name: row.name.clone(),
            builtin: row.builtin,
            reached: row.reached,
            needs_next_contact: row.needs_next_contact,
            active: row.active,
            version: row.version,
        }
    }

    fn row(&self, company_id: &str, at: Timestamp) -> DispositionRow {
        DispositionRow {
            company_id: company_id.to_owned(),
            key: self.key.clone(),
            name: self.name.clone(),
            builtin: self.builtin,
            reached: self.reached,
            needs_next_contact: self.needs_next_contact,
            active: self.active,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }
}

/// Built-ins first (as stored, or as shipped), then custom ones in creation order.
pub(crate) async fn all_dispositions(tx: &mut Tx, company_id: &str) -> AppResult<Vec<Disposition>> {
    let rows = store::case_config::dispositions(tx, company_id).await?;
    let mut out: Vec<Disposition> = BUILTIN_DISPOSITIONS
        .iter()
        .map(|b| match rows.iter().find(|r| r.key == b.key) {
            Some(row) => Disposition::from_row(row),
            None => Disposition {
                key: b.key.to_owned(),
                name: b.name.to_owned(),
                builtin: true,
                reached: b.reached,
                needs_next_contact: b.needs_next_contact,
                active: true,
                version: 0,
            },
        })
        .collect();
    out.extend(
        rows.iter()
            .filter(|r| !r.builtin)
            .map(Disposition::from_row),
    );
    Ok(out)
}

async fn find_disposition(
    tx: &mut Tx,
    company_id: &str,
    key: &str,
) -> AppResult<Option<Disposition>> {
    Ok(all_dispositions(tx, company_id)
        .await?
        .into_iter()
        .find(|d| d.key == key))
}

#[derive(Debug, Clone, Default)]
pub struct DispositionInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub reached: Option<bool>,
    pub needs_next_contact: Option<bool>,
    pub active: Option<bool>,
}

/// The contact-attempt results as an editable list.
pub struct Results;

impl EditableList for Results {
    type Item = Disposition;
    type Input = DispositionInput;
    type DeleteWith = ();

    const KIND: &'static str = "case_disposition";
    const ACTIONS: Actions = Actions {
        created: "case_disposition.created",
        updated: "case_disposition.updated",
        deleted: "case_disposition.deleted",
    };
    const LOCK: Row = Row::CaseDisposition;

    fn id(item: &Disposition) -> &str {
        &item.key
    }

    fn version(item: &Disposition) -> i64 {
        item.version
    }

    fn audit_json(item: &Disposition) -> Value {
        json!({ "name": item.name, "reached": item.reached,
                "needs_next_contact": item.needs_next_contact, "active": item.active })
    }

    async fn load(tx: &mut Tx, company_id: &str, key: &str) -> AppResult<Option<Disposition>> {
        find_disposition(tx, company_id, key).await
    }

    async fn new_item(
        tx: &mut Tx,
        company_id: &str,
        input: DispositionInput,
        _at: Timestamp,
    ) -> AppResult<Disposition> {
        let name = clean_name(input.name.as_deref().unwrap_or_default())?;
        let key = input
            .key
            .clone()
            .unwrap_or_else(|| case_config::key_from_name(&name));
        if !case_config::valid_key(&key) {
            return Err(FieldErrors::single("key", "invalid_key").into());
        }
        if find_disposition(tx, company_id, &key).await?.is_some() {
            return Err(FieldErrors::single("key", "taken").into());
        }
        Ok(Disposition {
            key,
            name,
            builtin: false,
            reached: input.reached.unwrap_or(false),
            needs_next_contact: input.needs_next_contact.unwrap_or(false),
            active: input.active.unwrap_or(true),
            version: 1,
        })
    }

    /// Renames a result, retires or restores it, or changes what it counts as.
    async fn apply(
        _tx: &mut Tx,
        _company_id: &str,
        before: &Disposition,
        input: DispositionInput,
        _at: Timestamp,
    ) -> AppResult<Disposition> {
        if input.key.as_deref().is_some_and(|k| k != before.key) {
            return Err(FieldErrors::single("key", "immutable").into());
        }
        Ok(Disposition {
            name: match &input.name {
                Some(name) => clean_name(name)?,
                None => before.name.clone(),
            },
            reached: input.reached.unwrap_or(before.reached),
            needs_next_contact: input
                .needs_next_contact
                .unwrap_or(before.needs_next_contact),
            active: input.active.unwrap_or(before.active),
            version: before.version + 1,
            ..before.clone()
        })
    }

    async fn insert(
        tx: &mut Tx,
        company_id: &str,
        item: &Disposition,
        at: Timestamp,
    ) -> store::Result<()> {
        store::case_config::insert_disposition(tx, &item.row(company_id, at)).await
    }

    fn taken(_error: store::StoreError) -> AppError {
        FieldErrors::single("key", "taken").into()
    }

    async fn update(
        tx: &mut Tx,
        company_id: &str,
        item: &Disposition,
        version: i64,
        at: Timestamp,
    ) -> AppResult<bool> {
        let row = item.row(company_id, at);
        Ok(store::case_config::update_disposition(tx, &row, version).await?)
    }

    /// Custom results no attempt has used; built-ins and used ones answer 409 (retire
    /// them instead, so old attempts keep their meaning).
    async fn remove(
        tx: &mut Tx,
        actor: &Actor,
        before: &Disposition,
        (): (),
        _at: Timestamp,
    ) -> AppResult<Value> {
        if before.builtin {
            return Err(AppError::Conflict {
                code: "builtin_disposition",
                message: format!(
                    "\"{}\" is built in: rename or retire it instead",
                    before.name
                ),
            });
        }
        if store::case_config::disposition_in_use(tx, &actor.company_id, &before.key).await? {
            return Err(AppError::Conflict {
                code: "in_use",
                message: format!(
                    "contact attempts have the result \"{}\": retire it instead",
                    before.name
                ),
            });
        }
        store::case_config::delete_disposition(tx, &actor.company_id, &before.key).await?;
        Ok(Self::audit_json(before))
    }
}

/// The active disposition an attempt names, or the field error to answer.
pub(crate) async fn disposition_for_attempt(
    tx: &mut Tx,
    company_id: &str,
    key: &str,
) -> AppResult<Disposition> {
    match find_disposition(tx, company_id, key).await? {
        Some(d) if d.active => Ok(d),
        Some(_) => Err(FieldErrors::single("result", "retired").into()),
        None => Err(FieldErrors::single("result", "unknown_result").into()),
    }
}
