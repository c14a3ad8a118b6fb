//! One editable list of the case configuration, and the create / update / delete
//! flows the four kinds (statuses, reasons, fields, results) share: permission →
//! write transaction (the row locked) → before → version check → change → audit →
//! commit.

use std::future::Future;

use domain::clock::Timestamp;
use domain::{Actor, Permission};
use serde_json::Value;
use store::Tx;
use store::row_locks::Row;

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// The audit actions of one kind: `case_reason.created` and so on.
pub struct Actions {
    pub created: &'static str,
    pub updated: &'static str,
    /// `…deleted`, or `…removed` for what stays stored.
    pub deleted: &'static str,
}

/// A kind of case configuration the flows below create, change and delete. The
/// hooks answer futures that are `Send`, so the flows run inside axum handlers.
pub trait EditableList {
    /// One entry as clients see it.
    type Item: Send + Sync;
    /// What a create or update asks for; what it leaves out stays as it is.
    type Input: Send;
    /// What a delete is told besides the entry (where a status's cases go).
    type DeleteWith: Send;

    /// The audit object kind.
    const KIND: &'static str;
    const ACTIONS: Actions;
    /// The row lock an update or delete takes first.
    const LOCK: Row;

    fn id(item: &Self::Item) -> &str;
    /// 0 for a built-in never edited: its first edit stores it.
    fn version(item: &Self::Item) -> i64;
    /// What the audit keeps of an entry, before and after.
    fn audit_json(item: &Self::Item) -> Value;

    /// The company's entry `id`, if it has one (built-ins as shipped included).
    fn load(
        tx: &mut Tx,
        company_id: &str,
        id: &str,
    ) -> impl Future<Output = AppResult<Option<Self::Item>>> + Send;

    /// A new entry from `input`, checked, not stored yet.
    fn new_item(
        tx: &mut Tx,
        company_id: &str,
        input: Self::Input,
        at: Timestamp,
    ) -> impl Future<Output = AppResult<Self::Item>> + Send;

    /// `before` changed as `input` asks, checked, its version the next; not stored yet.
    fn apply(
        tx: &mut Tx,
        company_id: &str,
        before: &Self::Item,
        input: Self::Input,
        at: Timestamp,
    ) -> impl Future<Output = AppResult<Self::Item>> + Send;

    /// Stores a new entry (or a built-in's first edit).
    fn insert(
        tx: &mut Tx,
        company_id: &str,
        item: &Self::Item,
        at: Timestamp,
    ) -> impl Future<Output = store::Result<()>> + Send;

    /// What a unique constraint hit on insert means for this kind.
    fn taken(error: store::StoreError) -> AppError {
        error.into()
    }

    /// Saves an entry still at `version`; `false` when it is not.
    fn update(
        tx: &mut Tx,
        company_id: &str,
        item: &Self::Item,
        version: i64,
        at: Timestamp,
    ) -> impl Future<Output = AppResult<bool>> + Send;

    /// Refuses or deletes `before` (and what hangs on it); answers what the audit
    /// keeps as its state before.
    fn remove(
        tx: &mut Tx,
        actor: &Actor,
        before: &Self::Item,
        with: Self::DeleteWith,
        at: Timestamp,
    ) -> impl Future<Output = AppResult<Value>> + Send;
}

/// Creates an entry of kind `K`.
pub async fn create<K: EditableList>(
    ctx: &Context,
    actor: &Actor,
    input: K::Input,
) -> AppResult<K::Item> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let item = K::new_item(&mut tx, &actor.company_id, input, at).await?;
    K::insert(&mut tx, &actor.company_id, &item, at)
        .await
        .map_err(|e| match e {
            store::StoreError::Unique(_) => K::taken(e),
            other => other.into(),
        })?;
    let change = Change::by(
        actor,
        K::ACTIONS.created,
        K::KIND,
        K::id(&item),
        None,
        Some(K::audit_json(&item)),
        at,
    );
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(item)
}

/// Changes entry `id` of kind `K`, if still at `expected_version` when one is given.
pub async fn update<K: EditableList>(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: K::Input,
    expected_version: Option<i64>,
) -> AppResult<K::Item> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let company_id = actor.company_id.as_str();
    let mut tx = crate::write_locking(ctx, K::LOCK, company_id, id).await?;
    let before = K::load(&mut tx, company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = K::version(&before);
    if expected_version.is_some_and(|v| v != version) {
        return Err(AppError::Stale);
    }
    let after = K::apply(&mut tx, company_id, &before, input, at).await?;
    if version == 0 {
        // A built-in's first edit stores it; a racing first edit lost.
        K::insert(&mut tx, company_id, &after, at)
            .await
            .map_err(|e| match e {
                store::StoreError::Unique(_) => AppError::Stale,
                other => other.into(),
            })?;
    } else if !K::update(&mut tx, company_id, &after, version, at).await? {
        return Err(AppError::Stale);
    }
    let change = Change::by(
        actor,
        K::ACTIONS.updated,
        K::KIND,
        id,
        Some(K::audit_json(&before)),
        Some(K::audit_json(&after)),
        at,
    );
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes (or removes from use) entry `id` of kind `K`.
pub async fn delete<K: EditableList>(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    with: K::DeleteWith,
) -> AppResult<()> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = crate::write_locking(ctx, K::LOCK, &actor.company_id, id).await?;
    let before = K::load(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let state = K::remove(&mut tx, actor, &before, with, at).await?;
    let change = Change::by(
        actor,
        K::ACTIONS.deleted,
        K::KIND,
        id,
        Some(state),
        None,
        at,
    );
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(())
}
