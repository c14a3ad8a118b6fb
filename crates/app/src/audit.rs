//! The audit log: typed changes written in the change's own transaction and chained
//! per company (each entry holds the SHA-256 of its predecessor), reading and
//! verification of the chain.

use std::collections::HashMap;

use chrono::SecondsFormat;
use domain::clock::Timestamp;
use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use serde_json::Value;
use sha2::{Digest, Sha256};
use store::Tx;
use store::audit::{AuditFilter, EntryRow, NewEntry};

use crate::Context;
use crate::access::require;
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// One audited change. The action names are stable: clients filter on them.
pub struct Change<'a> {
    pub company_id: &'a str,
    pub actor_id: Option<&'a str>,
    pub api_token_id: Option<&'a str>,
    pub role_test_id: Option<&'a str>,
    pub action: &'static str,
    pub object_kind: &'static str,
    pub object_id: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub at: Timestamp,
    /// The projects the object belongs to (before or after the change).
    pub project_ids: Vec<String>,
}

impl<'a> Change<'a> {
    /// The same change, filed under `projects` (sorted and de-duplicated).
    pub fn in_projects(mut self, projects: impl IntoIterator<Item = String>) -> Self {
        self.project_ids.extend(projects);
        self.project_ids.sort();
        self.project_ids.dedup();
        self
    }

    /// A change made by `actor` (through an API token or under a role test, if so) to
    /// the object `kind`/`id`.
    pub fn by(
        actor: &'a Actor,
        action: &'static str,
        object_kind: &'static str,
        object_id: &'a str,
        before: Option<Value>,
        after: Option<Value>,
        at: Timestamp,
    ) -> Self {
        Change {
            company_id: &actor.company_id,
            actor_id: Some(&actor.user_id),
            api_token_id: actor.api_token_id.as_deref(),
            role_test_id: actor.role_test.as_ref().map(|r| r.id.as_str()),
            action,
            object_kind,
            object_id,
            before,
            after,
            at,
            project_ids: Vec::new(),
        }
    }
}

/// SHA-256, hex, over an unambiguous encoding (a JSON array) of every field of an
/// entry but its own hash.
fn link_hash(entry: &NewEntry) -> String {
    let fields = serde_json::json!([
        entry.prev_hash,
        entry.seq,
        entry.company_id,
        entry.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        entry.actor_id,
        entry.api_token_id,
        entry.role_test_id,
        entry.action,
        entry.object_kind,
        entry.object_id,
        entry.project_ids,
        entry.before,
        entry.after,
    ]);
    let digest = Sha256::digest(fields.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A change's values as stored: JSON text.
struct Encoded {
    project_ids: String,
    before: Option<String>,
    after: Option<String>,
}

impl Encoded {
    fn of(change: &Change) -> Encoded {
        Encoded {
            project_ids: serde_json::to_string(&change.project_ids).unwrap_or_else(|_| "[]".into()),
            before: change.before.as_ref().map(Value::to_string),
            after: change.after.as_ref().map(Value::to_string),
        }
    }

    /// The entry of `change` at `seq`, linked after `prev_hash`.
    fn entry<'a>(
        &'a self,
        change: &'a Change,
        seq: i64,
        prev_hash: &'a str,
        hash: &'a str,
    ) -> NewEntry<'a> {
        NewEntry {
            company_id: change.company_id,
            seq,
            at: change.at,
            actor_id: change.actor_id,
            api_token_id: change.api_token_id,
            role_test_id: change.role_test_id,
            action: change.action,
            object_kind: change.object_kind,
            object_id: change.object_id,
            project_ids: &self.project_ids,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
            prev_hash,
            hash,
        }
    }
}

/// Records `change` as the next link of its company's chain; an error here aborts the
/// caller's transaction, so a change is never committed without its audit entry.
pub async fn record(tx: &mut Tx, change: Change<'_>) -> AppResult<()> {
    record_many(tx, vec![change]).await
}

/// Records changes of one company as consecutive links, in a few statements: bulk
/// actions (a distribution of thousands of cases) audit every item without a round
/// trip each.
pub async fn record_many(tx: &mut Tx, changes: Vec<Change<'_>>) -> AppResult<()> {
    let Some(first) = changes.first() else {
        return Ok(());
    };
    let company_id = first.company_id;
    if changes.iter().any(|c| c.company_id != company_id) {
        return Err(AppError::Internal("one audit batch, one company".into()));
    }
    let (first_seq, first_prev) = store::audit::next_links(tx, company_id, changes.len() as i64)
        .await?
        .ok_or_else(|| AppError::Internal("audit for a missing company".into()))?;
    let encoded: Vec<Encoded> = changes.iter().map(Encoded::of).collect();
    // Each link hashes its predecessor's hash.
    let mut hashes: Vec<String> = Vec::with_capacity(changes.len());
    for (i, (change, values)) in changes.iter().zip(&encoded).enumerate() {
        let prev = hashes.last().unwrap_or(&first_prev);
        let hash = link_hash(&values.entry(change, first_seq + i as i64, prev, ""));
        hashes.push(hash);
    }
    let entries: Vec<NewEntry> = changes
        .iter()
        .zip(&encoded)
        .enumerate()
        .map(|(i, (change, values))| {
            let prev = if i == 0 { &first_prev } else { &hashes[i - 1] };
            values.entry(change, first_seq + i as i64, prev, &hashes[i])
        })
        .collect();
    store::audit::insert_many(tx, &entries).await?;
    Ok(())
}

/// The actor's company's audit log, newest first.
pub async fn list(
    ctx: &Context,
    actor: &Actor,
    filter: &AuditFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<Page<EntryRow>> {
    require(actor, Permission::AUDIT_VIEW)?;
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let rows = store::audit::list(&mut tx, &actor.scope(), filter, cursor, limit + 1).await?;
    let (items, next) = crate::page::split(rows, limit, |e| &e.id);
    Ok(Page {
        items,
        next,
        total: None,
    })
}

/// The ids an entry's states mention: the values of its top-level keys ending in `_id`
/// or `_ids` (`role_id`, `member_ids`…), which the reader would rather see as names.
pub fn mentioned_ids(entry: &EntryRow) -> Vec<String> {
    let mut ids = Vec::new();
    for raw in [entry.before.as_deref(), entry.after.as_deref()]
        .into_iter()
        .flatten()
    {
        let Ok(Value::Object(state)) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        for (key, value) in state {
            match value {
                Value::String(id) if key.ends_with("_id") => ids.push(id),
                Value::Array(items) if key.ends_with("_ids") => ids.extend(
                    items
                        .into_iter()
                        .filter_map(|item| item.as_str().map(str::to_owned)),
                ),
                _ => {}
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The names of what the entries mention by id — users, groups, roles and
/// configuration objects — each read under the reader's visibility, so an entry never
/// names a row its reader could not open (those stay ids).
pub async fn names_mentioned(
    ctx: &Context,
    actor: &Actor,
    entries: &[EntryRow],
) -> AppResult<HashMap<String, String>> {
    require(actor, Permission::AUDIT_VIEW)?;
    let mut ids: Vec<String> = entries.iter().flat_map(mentioned_ids).collect();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    if ids.is_empty() {
        return Ok(names);
    }
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    names.extend(store::names::users(&mut tx, &scope, &ids).await?);
    names.extend(store::names::groups(&mut tx, &scope, &ids).await?);
    names.extend(store::names::roles(&mut tx, &scope, &ids).await?);
    for kind in ObjectKind::ALL {
        let left: Vec<String> = ids
            .iter()
            .filter(|id| !names.contains_key(*id))
            .cloned()
            .collect();
        if left.is_empty() {
            break;
        }
        names.extend(store::names::objects(&mut tx, &scope, kind, &left).await?);
    }
    Ok(names)
}

/// The outcome of re-computing a company's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Chained entries checked.
    pub checked: i64,
    /// The first entry whose link does not hold: its sequence number and id.
    pub first_broken: Option<(i64, String)>,
    /// Entries written before the chain existed, which no link covers.
    pub unchained: i64,
}

/// Re-computes every link of the actor's company's chain, in batches.
pub async fn verify(ctx: &Context, actor: &Actor) -> AppResult<Verification> {
    require(actor, Permission::AUDIT_VIEW)?;
    const BATCH: i64 = 1000;
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let unchained = store::audit::count_unchained(&mut tx, &scope).await?;
    let mut prev_hash = String::new();
    let mut expected_seq = 1;
    let mut checked = 0;
    loop {
        let batch = store::audit::chain(&mut tx, &scope, expected_seq - 1, BATCH).await?;
        if batch.is_empty() {
            break;
        }
        for entry in &batch {
            let seq = entry.seq.unwrap_or_default();
            let link = NewEntry {
                company_id: &entry.company_id,
                seq,
                at: entry.at,
                actor_id: entry.actor_id.as_deref(),
                api_token_id: entry.api_token_id.as_deref(),
                role_test_id: entry.role_test_id.as_deref(),
                action: &entry.action,
                object_kind: &entry.object_kind,
                object_id: &entry.object_id,
                project_ids: &entry.project_ids,
                before: entry.before.as_deref(),
                after: entry.after.as_deref(),
                prev_hash: &prev_hash,
                hash: "",
            };
            let intact = seq == expected_seq
                && entry.prev_hash.as_deref() == Some(prev_hash.as_str())
                && entry.hash.as_deref() == Some(link_hash(&link).as_str());
            if !intact {
                return Ok(Verification {
                    checked,
                    first_broken: Some((seq, entry.id.clone())),
                    unchained,
                });
            }
            prev_hash = entry.hash.clone().unwrap_or_default();
            expected_seq += 1;
            checked += 1;
        }
    }
    Ok(Verification {
        checked,
        first_broken: None,
        unchained,
    })
}
