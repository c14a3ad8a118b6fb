//! Configuration objects of every kind: CRUD with validation, the visibility of the
//! ids they name, their place in projects, and the in-use rules.

use domain::objects::{self, ObjectKind, Prepared, Reference, Target};
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Value, json};
use store::Tx;
use store::objects::{NewObject, ObjectRow};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// An object as the API shows it.
#[derive(Debug, Clone)]
pub struct ObjectDetails {
    pub kind: ObjectKind,
    pub row: ObjectRow,
    /// The kind's fields, write-only secrets left out.
    pub fields: Value,
    pub project_ids: Vec<String>,
    /// Lists only: how many numbers the list holds.
    pub entry_count: Option<i64>,
}

impl ObjectDetails {
    /// What the audit log keeps of the object.
    pub fn audit_json(&self) -> Value {
        json!({
            "name": self.row.name,
            "fields": self.fields,
            "project_ids": self.project_ids,
        })
    }
}

async fn details(
    tx: &mut Tx,
    company_id: &str,
    kind: ObjectKind,
    rows: Vec<ObjectRow>,
) -> AppResult<Vec<ObjectDetails>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut projects = store::objects::project_ids(tx, company_id, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let stored: Value = serde_json::from_str(&row.data).unwrap_or_default();
        let entry_count = if kind == ObjectKind::Lists {
            Some(store::objects::entry_count(tx, &row.id).await?)
        } else {
            None
        };
        out.push(ObjectDetails {
            kind,
            fields: objects::public_fields(kind, &stored),
            project_ids: projects.remove(&row.id).unwrap_or_default(),
            entry_count,
            row,
        });
    }
    Ok(out)
}

pub async fn list(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    q: Option<&str>,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<ObjectDetails>> {
    require(actor, kind.view_permission())?;
    let scope = actor.scope();
    let limit = crate::page::limit(limit);
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let mut tx = ctx.pool.read().await?;
    let rows = store::objects::list(&mut tx, &scope, kind, q, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |o| &o.id);
    let total = if with_total {
        Some(store::objects::count(&mut tx, &scope, kind, q).await?)
    } else {
        None
    };
    let items = details(&mut tx, &actor.company_id, kind, rows).await?;
    Ok(Page { items, next, total })
}

/// A numbered page of the objects of `kind` the actor sees, sorted in SQL.
pub async fn list_ordered(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    q: Option<&str>,
    order: store::sorting::Order<store::objects::ObjectSort>,
) -> AppResult<crate::page::Numbered<ObjectDetails>> {
    require(actor, kind.view_permission())?;
    let scope = actor.scope();
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let mut tx = ctx.pool.read().await?;
    let rows = store::objects::list_ordered(&mut tx, &scope, kind, q, order).await?;
    let total = store::objects::count(&mut tx, &scope, kind, q).await?;
    let items = details(&mut tx, &actor.company_id, kind, rows).await?;
    Ok(crate::page::Numbered { items, total })
}

/// The objects of `kind` the actor sees that are not in the project yet (the picker
/// of a project page), by name, and how many there are.
pub async fn not_in_project(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    q: Option<&str>,
    project_id: &str,
    limit: i64,
) -> AppResult<crate::page::Numbered<ObjectDetails>> {
    require(actor, kind.view_permission())?;
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let mut tx = ctx.pool.read().await?;
    let (rows, total) = store::objects::not_in_project(
        &mut tx,
        &actor.scope(),
        kind,
        q,
        project_id,
        crate::page::limit(limit),
    )
    .await?;
    let items = details(&mut tx, &actor.company_id, kind, rows).await?;
    Ok(crate::page::Numbered { items, total })
}

pub async fn get(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
) -> AppResult<ObjectDetails> {
    require(actor, kind.view_permission())?;
    let mut tx = ctx.pool.read().await?;
    load(&mut tx, actor, kind, id).await
}

async fn load(tx: &mut Tx, actor: &Actor, kind: ObjectKind, id: &str) -> AppResult<ObjectDetails> {
    let row = store::objects::get(tx, &actor.scope(), kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(details(tx, &actor.company_id, kind, vec![row])
        .await?
        .remove(0))
}

/// The projects one object is in.
pub(crate) async fn placements(
    tx: &mut Tx,
    company_id: &str,
    object_id: &str,
) -> AppResult<Vec<String>> {
    Ok(
        store::objects::project_ids(tx, company_id, std::slice::from_ref(&object_id.to_owned()))
            .await?
            .remove(object_id)
            .unwrap_or_default(),
    )
}

/// Every id the fields name must be something the actor sees, of the right kind.
/// Ids already stored (`kept`) pass: an edit of a queue's name must not fail because
/// its schedule now sits in a project the editor is not in.
async fn check_references(
    tx: &mut Tx,
    actor: &Actor,
    prepared: &Prepared,
    kept: &[Reference],
) -> AppResult<()> {
    let scope = actor.scope().widened();
    let mut errors = FieldErrors::new();
    for reference in prepared.references.iter().filter(|r| !kept.contains(r)) {
        let ids = std::slice::from_ref(&reference.id);
        let found = match reference.target {
            Target::User => !store::users::visible(tx, &scope, ids).await?.is_empty(),
            Target::Skill => !store::skills::in_company(tx, &actor.company_id, ids)
                .await?
                .is_empty(),
            Target::Object(kind) => !store::objects::visible(tx, &scope, kind, ids)
                .await?
                .is_empty(),
            Target::DncList => {
                let lists = store::objects::visible(tx, &scope, ObjectKind::Lists, ids).await?;
                let is_dnc = |list: &ObjectRow| {
                    serde_json::from_str::<Value>(&list.data)
                        .is_ok_and(|data| data["kind"] == "dnc")
                };
                match lists.first() {
                    Some(list) if !is_dnc(list) => {
                        errors.add(reference.field, "not_a_dnc_list");
                        true
                    }
                    found => found.is_some(),
                }
            }
        };
        if !found {
            errors.add(reference.field, "not_found");
        }
    }
    Ok(errors.into_result()?)
}

/// The projects a new or edited object goes in, checked: each one the actor can place
/// things in, one only for single-project kinds, at least one in enhanced security.
async fn check_projects(
    tx: &mut Tx,
    actor: &Actor,
    kind: ObjectKind,
    requested: &[String],
) -> AppResult<Vec<String>> {
    let mut ids = requested.to_vec();
    ids.sort();
    ids.dedup();
    if !kind.project_bound() {
        return if ids.is_empty() {
            Ok(ids)
        } else {
            Err(FieldErrors::single("project_ids", "not_project_bound").into())
        };
    }
    if ids.is_empty() && actor.enhanced_security {
        return Err(FieldErrors::single("project_ids", "required").into());
    }
    if kind.single_project() && ids.len() > 1 {
        return Err(FieldErrors::single("project_ids", "single_project").into());
    }
    crate::projects::check_placement(tx, actor, &ids).await
}

/// A unique-key clash reported on the field the kind is unique by.
fn taken(kind: ObjectKind) -> impl Fn(store::StoreError) -> AppError {
    move |error| match error {
        store::StoreError::Unique(_) => FieldErrors::single(kind.unique_field(), "taken").into(),
        other => other.into(),
    }
}

pub(crate) async fn save_links(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    prepared: &Prepared,
) -> AppResult<()> {
    let links: Vec<(&str, &str)> = prepared
        .references
        .iter()
        .map(|r| (r.field, r.id.as_str()))
        .collect();
    store::objects::set_links(tx, company_id, id, &links).await?;
    Ok(())
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    fields: Value,
    project_ids: Vec<String>,
) -> AppResult<ObjectDetails> {
    require(actor, kind.manage_permission())?;
    let prepared = objects::prepare(kind, fields)?;
    let at = domain::clock::now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    check_references(&mut tx, actor, &prepared, &[]).await?;
    let project_ids = check_projects(&mut tx, actor, kind, &project_ids).await?;
    store::objects::insert(
        &mut tx,
        NewObject {
            id: &id,
            company_id: &actor.company_id,
            kind,
            name: &prepared.name,
            unique_key: &prepared.unique_key,
            data: &prepared.data.to_string(),
            at,
        },
    )
    .await
    .map_err(taken(kind))?;
    save_links(&mut tx, &actor.company_id, &id, &prepared).await?;
    for project_id in &project_ids {
        store::projects::add_object(&mut tx, &actor.company_id, project_id, kind, &id).await?;
    }
    let created = load(&mut tx, actor, kind, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "object.created",
            kind.audit_kind(),
            &id,
            None,
            Some(created.audit_json()),
            at,
        )
        .in_projects(created.project_ids.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// The permission needed, beyond managing the kind, to edit an object others rely
/// on (SPEC §2: a Manager edits tags no script uses and DNC lists no campaign links).
fn in_use_permission(kind: ObjectKind, used: bool) -> Option<Permission> {
    match kind {
        ObjectKind::Tags if used => Some(Permission::TAGS_MANAGE_IN_USE),
        ObjectKind::Lists if used => Some(Permission::LISTS_MANAGE_LINKED),
        _ => None,
    }
}

async fn require_free_or_allowed(
    tx: &mut Tx,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
) -> AppResult<()> {
    let used = !store::objects::used_by(tx, &actor.company_id, id)
        .await?
        .is_empty();
    match in_use_permission(kind, used) {
        Some(permission) if !actor.can(permission) => {
            Err(AppError::NotHeld(vec![permission.key()]))
        }
        _ => Ok(()),
    }
}

/// Applies the fields given over the stored ones. `project_ids`, when given, replaces
/// the object's projects among those the actor reaches (needs `projects.manage`).
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
    changes: Value,
    project_ids: Option<Vec<String>>,
    expected_version: Option<i64>,
) -> AppResult<ObjectDetails> {
    require(actor, kind.manage_permission())?;
    if project_ids.is_some() {
        require(actor, Permission::PROJECTS_MANAGE)?;
    }
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Object, &actor.company_id, id).await?;
    let before = load(&mut tx, actor, kind, id).await?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    require_free_or_allowed(&mut tx, actor, kind, id).await?;
    let stored: Value = serde_json::from_str(&before.row.data).unwrap_or_default();
    let prepared = objects::prepare(kind, objects::merge(&stored, changes))?;
    let kept = objects::prepare(kind, stored.clone()).map_or_else(|_| Vec::new(), |p| p.references);
    check_references(&mut tx, actor, &prepared, &kept).await?;
    if kind == ObjectKind::Lists
        && stored["kind"] == "dnc"
        && prepared.data["kind"] != "dnc"
        && !store::objects::used_by(&mut tx, &actor.company_id, id)
            .await?
            .is_empty()
    {
        return Err(FieldErrors::single("kind", "linked_to_campaign").into());
    }
    let saved = store::objects::update(
        &mut tx,
        id,
        before.row.version,
        &prepared.name,
        &prepared.unique_key,
        &prepared.data.to_string(),
        at,
    )
    .await
    .map_err(taken(kind))?;
    if !saved {
        return Err(AppError::Stale);
    }
    save_links(&mut tx, &actor.company_id, id, &prepared).await?;
    if let Some(requested) = project_ids {
        let reachable = |p: &String| actor.scope().projects().is_none_or(|mine| mine.contains(p));
        // Projects the actor cannot see keep the object: nobody edits what they cannot see.
        let mut wanted: Vec<String> = before
            .project_ids
            .iter()
            .filter(|p| !reachable(p))
            .cloned()
            .collect();
        wanted.extend(check_projects(&mut tx, actor, kind, &requested).await?);
        wanted.sort();
        wanted.dedup();
        if kind.single_project() && wanted.len() > 1 {
            return Err(FieldErrors::single("project_ids", "single_project").into());
        }
        for project_id in before.project_ids.iter().filter(|p| !wanted.contains(p)) {
            store::projects::remove_object(&mut tx, project_id, id).await?;
        }
        for project_id in wanted.iter().filter(|p| !before.project_ids.contains(p)) {
            store::projects::add_object(&mut tx, &actor.company_id, project_id, kind, id).await?;
        }
        crate::cases::follow_moved_source(&mut tx, &actor.company_id, kind, id).await?;
    }
    let after = load(&mut tx, actor, kind, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "object.updated",
            kind.audit_kind(),
            id,
            Some(before.audit_json()),
            Some(after.audit_json()),
            at,
        )
        .in_projects(before.project_ids.iter().chain(&after.project_ids).cloned()),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes an object nothing uses; 409 naming the users otherwise.
pub async fn delete(ctx: &Context, actor: &Actor, kind: ObjectKind, id: &str) -> AppResult<()> {
    require(actor, kind.manage_permission())?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let before = load(&mut tx, actor, kind, id).await?;
    let users = store::objects::used_by(&mut tx, &actor.company_id, id).await?;
    if !users.is_empty() {
        let named: Vec<String> = users
            .iter()
            .map(|u| {
                let kind = ObjectKind::parse(&u.kind).map_or(u.kind.as_str(), |k| k.audit_kind());
                format!("{kind} \"{}\" ({})", u.name, u.field)
            })
            .collect();
        return Err(AppError::Conflict {
            code: "in_use",
            message: format!("in use by {}", named.join(", ")),
        });
    }
    store::objects::delete(&mut tx, id).await?;
    store::cases::forget_source(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "object.deleted",
            kind.audit_kind(),
            id,
            Some(before.audit_json()),
            None,
            at,
        )
        .in_projects(before.project_ids.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One number of a list.
#[derive(Debug, Clone)]
pub struct ListEntry {
    pub phone: String,
    pub note: String,
    pub added_at: domain::clock::Timestamp,
}

pub async fn entries(
    ctx: &Context,
    actor: &Actor,
    list_id: &str,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Page<ListEntry>> {
    require(actor, Permission::LISTS_VIEW)?;
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let list = load(&mut tx, actor, ObjectKind::Lists, list_id).await?;
    let rows = store::objects::entries(&mut tx, &list.row.id, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |e| &e.phone);
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| ListEntry {
                phone: r.phone,
                note: r.note,
                added_at: r.added_at,
            })
            .collect(),
        next,
        total: list.entry_count,
    })
}

/// The outcome of adding numbers: rows are 1-based positions in the request.
#[derive(Debug, Clone, Default)]
pub struct EntriesAdded {
    pub added: usize,
    pub already_listed: usize,
    pub invalid: Vec<(usize, String)>,
}

/// The most numbers one request adds; larger files go in several requests.
pub const MAX_ENTRIES_PER_REQUEST: usize = 50_000;

/// Adds numbers (each with an optional note) to a list, all in one transaction;
/// numbers that do not parse are reported by row and skipped.
pub async fn add_entries(
    ctx: &Context,
    actor: &Actor,
    list_id: &str,
    numbers: Vec<(String, String)>,
) -> AppResult<EntriesAdded> {
    require(actor, Permission::LISTS_MANAGE)?;
    if numbers.len() > MAX_ENTRIES_PER_REQUEST {
        return Err(FieldErrors::single("entries", "too_many").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let list = load(&mut tx, actor, ObjectKind::Lists, list_id).await?;
    require_free_or_allowed(&mut tx, actor, ObjectKind::Lists, list_id).await?;
    let mut outcome = EntriesAdded::default();
    for (row, (raw, note)) in numbers.into_iter().enumerate() {
        let Some(phone) = objects::phone::normalize(&raw) else {
            outcome.invalid.push((row + 1, raw));
            continue;
        };
        let note: String = note.trim().chars().take(200).collect();
        if store::objects::add_entry(&mut tx, &actor.company_id, list_id, &phone, &note, at).await?
        {
            outcome.added += 1;
        } else {
            outcome.already_listed += 1;
        }
    }
    if outcome.added > 0 {
        audit::record(
            &mut tx,
            Change::by(
                actor,
                "list.entries_added",
                ObjectKind::Lists.audit_kind(),
                list_id,
                None,
                Some(json!({ "added": outcome.added })),
                at,
            )
            .in_projects(list.project_ids.clone()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

pub async fn remove_entry(ctx: &Context, actor: &Actor, list_id: &str, raw: &str) -> AppResult<()> {
    require(actor, Permission::LISTS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let list = load(&mut tx, actor, ObjectKind::Lists, list_id).await?;
    require_free_or_allowed(&mut tx, actor, ObjectKind::Lists, list_id).await?;
    let phone = objects::phone::normalize(raw).ok_or(AppError::NotFound)?;
    if !store::objects::remove_entry(&mut tx, list_id, &phone).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "list.entry_removed",
            ObjectKind::Lists.audit_kind(),
            list_id,
            Some(json!({ "phone": phone })),
            None,
            at,
        )
        .in_projects(list.project_ids),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
