//! Projects (enhanced security): tiles, members (users and groups) and objects, with
//! the four project permissions of SPEC §3.

use std::collections::HashMap;

use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Value, json};
use store::Tx;
use store::projects::{Counts, Member, Named, ProjectObject, ProjectRow};

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};
use crate::page::Page;

/// A project's tile, and for those who may look inside, its members.
#[derive(Debug, Clone)]
pub struct ProjectDetails {
    pub row: ProjectRow,
    pub counts: Counts,
    /// `None` for holders of `projects.list` alone: they see the tile, nothing inside.
    pub users: Option<Vec<Named>>,
    pub groups: Option<Vec<Named>>,
}

impl ProjectDetails {
    fn audit_json(&self) -> Value {
        json!({ "name": self.row.name, "description": self.row.description })
    }
}

/// Who sees the tiles: any of the four project permissions.
fn require_any(actor: &Actor) -> AppResult<()> {
    let any = [
        Permission::PROJECTS_LIST,
        Permission::PROJECTS_ACCESS,
        Permission::PROJECTS_MANAGE,
        Permission::PROJECTS_VIEW_ALL,
    ]
    .into_iter()
    .any(|p| actor.can(p));
    if any {
        Ok(())
    } else {
        Err(AppError::Forbidden(Permission::PROJECTS_LIST.key()))
    }
}

/// Whether the actor may look inside projects (members; objects need more).
fn sees_inside(actor: &Actor) -> bool {
    actor.can(Permission::PROJECTS_ACCESS)
        || actor.can(Permission::PROJECTS_MANAGE)
        || actor.can(Permission::PROJECTS_VIEW_ALL)
}

async fn details(
    tx: &mut Tx,
    actor: &Actor,
    rows: Vec<ProjectRow>,
) -> AppResult<Vec<ProjectDetails>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut counts = store::projects::counts(tx, &ids).await?;
    let inside = sees_inside(actor);
    let (mut users, mut groups) = if inside {
        (
            store::projects::members(tx, &ids, Member::User).await?,
            store::projects::members(tx, &ids, Member::Group).await?,
        )
    } else {
        (HashMap::new(), HashMap::new())
    };
    Ok(rows
        .into_iter()
        .map(|row| ProjectDetails {
            counts: counts.remove(&row.id).unwrap_or_default(),
            users: inside.then(|| users.remove(&row.id).unwrap_or_default()),
            groups: inside.then(|| groups.remove(&row.id).unwrap_or_default()),
            row,
        })
        .collect())
}

pub async fn list(
    ctx: &Context,
    actor: &Actor,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<ProjectDetails>> {
    require_any(actor)?;
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let rows = store::projects::list(&mut tx, &actor.company_id, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |p| &p.id);
    let total = if with_total {
        Some(store::projects::count(&mut tx, &actor.company_id).await?)
    } else {
        None
    };
    let items = details(&mut tx, actor, rows).await?;
    Ok(Page { items, next, total })
}

pub async fn get(ctx: &Context, actor: &Actor, id: &str) -> AppResult<ProjectDetails> {
    require_any(actor)?;
    let mut tx = ctx.pool.read().await?;
    load(&mut tx, actor, id).await
}

async fn load(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<ProjectDetails> {
    let row = store::projects::get(tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(details(tx, actor, vec![row]).await?.remove(0))
}

/// A project the actor may change: outside view-all, only their own projects.
async fn load_for_change(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<ProjectDetails> {
    let project = load(tx, actor, id).await?;
    if let Some(mine) = actor.scope().projects()
        && !mine.contains(&project.row.id)
    {
        return Err(AppError::NotFound);
    }
    Ok(project)
}

#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub name: Option<String>,
    pub description: Option<String>,
}

fn clean(input: &ProjectInput, current: Option<&ProjectRow>) -> AppResult<(String, String)> {
    let mut errors = FieldErrors::new();
    let name = match (&input.name, current) {
        (Some(name), _) => domain::profile::clean_name(name).unwrap_or_else(|| {
            errors.add("name", "required");
            String::new()
        }),
        (None, Some(current)) => current.name.clone(),
        (None, None) => {
            errors.add("name", "required");
            String::new()
        }
    };
    let description = input
        .description
        .as_deref()
        .map(str::trim)
        .map(str::to_owned)
        .or_else(|| current.map(|c| c.description.clone()))
        .unwrap_or_default();
    if description.chars().count() > 1000 {
        errors.add("description", "too_long");
    }
    errors.into_result()?;
    Ok((name, description))
}

fn name_taken(error: store::StoreError) -> AppError {
    match error {
        store::StoreError::Unique(_) => FieldErrors::single("name", "taken").into(),
        other => other.into(),
    }
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    input: ProjectInput,
) -> AppResult<ProjectDetails> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    let (name, description) = clean(&input, None)?;
    let at = domain::clock::now();
    let id = domain::ids::new_id();
    let mut tx = ctx.pool.write().await?;
    store::projects::insert(&mut tx, &actor.company_id, &id, &name, &description, at)
        .await
        .map_err(name_taken)?;
    // The creator joins, so a restricted creator does not lose sight of it at once.
    if actor.scope().projects().is_some() {
        store::projects::add_member(
            &mut tx,
            &actor.company_id,
            &id,
            Member::User,
            &actor.user_id,
        )
        .await?;
    }
    let created = load(&mut tx, actor, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "project.created",
            "project",
            &id,
            None,
            Some(created.audit_json()),
            at,
        )
        .in_projects([id.clone()]),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: ProjectInput,
    expected_version: Option<i64>,
) -> AppResult<ProjectDetails> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::Project, &actor.company_id, id).await?;
    let before = load_for_change(&mut tx, actor, id).await?;
    if expected_version.is_some_and(|v| v != before.row.version) {
        return Err(AppError::Stale);
    }
    let (name, description) = clean(&input, Some(&before.row))?;
    if !store::projects::update(&mut tx, id, before.row.version, &name, &description, at)
        .await
        .map_err(name_taken)?
    {
        return Err(AppError::Stale);
    }
    let after = load(&mut tx, actor, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "project.updated",
            "project",
            id,
            Some(before.audit_json()),
            Some(after.audit_json()),
            at,
        )
        .in_projects([id.to_owned()]),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

fn describe(objects: &[ProjectObject]) -> String {
    objects
        .iter()
        .take(10)
        .map(|o| format!("{} \"{}\"", o.kind, o.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Deletes a project. In enhanced security an object must stay in some project, so a
/// project holding the last placement of any object answers 409 naming them.
pub async fn delete(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let before = load_for_change(&mut tx, actor, id).await?;
    if actor.enhanced_security {
        let stranded = store::projects::only_here(&mut tx, id).await?;
        if !stranded.is_empty() {
            return Err(AppError::Conflict {
                code: "project_not_empty",
                message: format!(
                    "these objects are in no other project: {}",
                    describe(&stranded)
                ),
            });
        }
    }
    store::projects::delete(&mut tx, id).await?;
    store::cases::forget_project(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "project.deleted",
            "project",
            id,
            Some(before.audit_json()),
            None,
            at,
        )
        .in_projects([id.to_owned()]),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a user or a group as a member (`projects.access`).
pub async fn add_member(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    member: Member,
    member_id: &str,
) -> AppResult<ProjectDetails> {
    add_members(ctx, actor, project_id, member, &[member_id.to_owned()]).await
}

/// Adds many users or groups as members at once, in one transaction: one id the
/// actor cannot see refuses them all (it names no one the actor may add). Each
/// addition is audited as when added alone; members already in stay as they are.
pub async fn add_members(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    member: Member,
    member_ids: &[String],
) -> AppResult<ProjectDetails> {
    require(actor, Permission::PROJECTS_ACCESS)?;
    let field = match member {
        Member::User => "user_id",
        Member::Group => "group_id",
    };
    let mut ids = member_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(FieldErrors::single(field, "required").into());
    }
    if ids.len() > MAX_AT_ONCE {
        return Err(FieldErrors::single(field, "too_many").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    load_for_change(&mut tx, actor, project_id).await?;
    let scope = actor.scope().widened();
    let found = match member {
        Member::User => store::users::visible(&mut tx, &scope, &ids).await?.len(),
        Member::Group => store::groups::visible(&mut tx, &scope, &ids).await?.len(),
    };
    if found != ids.len() {
        return Err(FieldErrors::single(field, "not_found").into());
    }
    let mut touched = false;
    for member_id in &ids {
        if store::projects::add_member(&mut tx, &actor.company_id, project_id, member, member_id)
            .await?
        {
            touched = true;
            audit::record(
                &mut tx,
                Change::by(
                    actor,
                    "project.member_added",
                    "project",
                    project_id,
                    None,
                    Some(json!({ field: member_id })),
                    at,
                )
                .in_projects([project_id.to_owned()]),
            )
            .await?;
        }
    }
    if touched {
        store::projects::touch(&mut tx, project_id, at).await?;
    }
    let after = load(&mut tx, actor, project_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Most members or objects one request adds or removes.
pub const MAX_AT_ONCE: usize = 500;

pub async fn remove_member(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    member: Member,
    member_id: &str,
) -> AppResult<()> {
    remove_members(ctx, actor, project_id, member, &[member_id.to_owned()]).await
}

/// Takes many users or groups out of the project in one transaction; one that is not
/// a member answers 404 and nothing changes.
pub async fn remove_members(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    member: Member,
    member_ids: &[String],
) -> AppResult<()> {
    require(actor, Permission::PROJECTS_ACCESS)?;
    let mut ids = member_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(FieldErrors::single("member_id", "required").into());
    }
    if ids.len() > MAX_AT_ONCE {
        return Err(FieldErrors::single("member_id", "too_many").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    load_for_change(&mut tx, actor, project_id).await?;
    let field = match member {
        Member::User => "user_id",
        Member::Group => "group_id",
    };
    for member_id in &ids {
        if !store::projects::remove_member(&mut tx, project_id, member, member_id).await? {
            return Err(AppError::NotFound);
        }
        audit::record(
            &mut tx,
            Change::by(
                actor,
                "project.member_removed",
                "project",
                project_id,
                Some(json!({ field: member_id })),
                None,
                at,
            )
            .in_projects([project_id.to_owned()]),
        )
        .await?;
    }
    store::projects::touch(&mut tx, project_id, at).await?;
    tx.commit().await?;
    Ok(())
}

fn require_objects_view(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::PROJECTS_MANAGE) || actor.can(Permission::PROJECTS_VIEW_ALL) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Permission::PROJECTS_MANAGE.key()))
    }
}

/// The objects of a project (`projects.manage` or `projects.view_all`).
pub async fn objects(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Page<ProjectObject>> {
    require_objects_view(actor)?;
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    load_for_change(&mut tx, actor, project_id).await?;
    let rows = store::projects::objects(&mut tx, project_id, after, limit + 1).await?;
    let (items, next) = crate::page::split(rows, limit, |o| &o.id);
    Ok(Page {
        items,
        next,
        total: None,
    })
}

/// Puts a visible object in the project. A single-project object already elsewhere
/// answers 409, unless `move_here` asks to take it out of its current project.
pub async fn add_object(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    kind: ObjectKind,
    object_id: &str,
    move_here: bool,
) -> AppResult<()> {
    add_objects(
        ctx,
        actor,
        project_id,
        &[(kind, object_id.to_owned())],
        move_here,
    )
    .await
}

/// Puts many objects in the project in one transaction, each as [`add_object`] does
/// and audited alike; one refused (invisible, or single-project and elsewhere without
/// `move_here`) refuses them all.
pub async fn add_objects(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    objects: &[(ObjectKind, String)],
    move_here: bool,
) -> AppResult<()> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    if objects.is_empty() {
        return Err(FieldErrors::single("object", "required").into());
    }
    if objects.len() > MAX_AT_ONCE {
        return Err(FieldErrors::single("object", "too_many").into());
    }
    if objects.iter().any(|(kind, _)| !kind.project_bound()) {
        return Err(FieldErrors::single("kind", "not_project_bound").into());
    }
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    load_for_change(&mut tx, actor, project_id).await?;
    let mut touched = false;
    for (kind, object_id) in objects {
        touched |=
            place_object(&mut tx, actor, project_id, *kind, object_id, move_here, at).await?;
    }
    if touched {
        store::projects::touch(&mut tx, project_id, at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Places one object in the project inside the caller's transaction; `false` when it
/// already was there.
async fn place_object(
    tx: &mut Tx,
    actor: &Actor,
    project_id: &str,
    kind: ObjectKind,
    object_id: &str,
    move_here: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<bool> {
    let object = store::objects::get(tx, &actor.scope(), kind, object_id)
        .await?
        .ok_or_else(|| AppError::from(FieldErrors::single("id", "not_found")))?;
    let current = crate::objects::placements(tx, &actor.company_id, &object.id).await?;
    if current.iter().any(|p| p == project_id) {
        return Ok(false);
    }
    if kind.single_project() && !current.is_empty() {
        if !move_here {
            let elsewhere = store::projects::get(tx, &actor.company_id, &current[0])
                .await?
                .map_or_else(|| current[0].clone(), |p| p.name);
            return Err(AppError::Conflict {
                code: "single_project",
                message: format!(
                    "a {} belongs to exactly one project and is in \"{elsewhere}\"; send \"move\": true to move it",
                    kind.audit_kind()
                ),
            });
        }
        for other in &current {
            store::projects::remove_object(tx, other, object_id).await?;
        }
    }
    store::projects::add_object(tx, &actor.company_id, project_id, kind, object_id).await?;
    crate::cases::follow_moved_source(tx, &actor.company_id, kind, object_id).await?;
    let mut after = current.clone();
    if kind.single_project() {
        after.clear();
    }
    after.push(project_id.to_owned());
    audit::record(
        tx,
        Change::by(
            actor,
            "project.object_added",
            kind.audit_kind(),
            object_id,
            Some(json!({ "project_ids": current })),
            Some(json!({ "project_ids": after })),
            at,
        )
        .in_projects(current.iter().chain(&after).cloned()),
    )
    .await?;
    Ok(true)
}

/// Takes an object out of the project; in enhanced security never its last one.
pub async fn remove_object(
    ctx: &Context,
    actor: &Actor,
    project_id: &str,
    kind: ObjectKind,
    object_id: &str,
) -> AppResult<()> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    load_for_change(&mut tx, actor, project_id).await?;
    let object = store::objects::get(&mut tx, &actor.scope(), kind, object_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = crate::objects::placements(&mut tx, &actor.company_id, &object.id).await?;
    if !current.iter().any(|p| p == project_id) {
        return Err(AppError::NotFound);
    }
    if actor.enhanced_security && current.len() == 1 {
        return Err(AppError::Conflict {
            code: "last_project",
            message: "in enhanced security every object stays in at least one project; \
                      add it to another project first"
                .into(),
        });
    }
    store::projects::remove_object(&mut tx, project_id, object_id).await?;
    crate::cases::follow_moved_source(&mut tx, &actor.company_id, kind, object_id).await?;
    store::projects::touch(&mut tx, project_id, at).await?;
    let after: Vec<&String> = current.iter().filter(|p| *p != project_id).collect();
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "project.object_removed",
            kind.audit_kind(),
            object_id,
            Some(json!({ "project_ids": current })),
            Some(json!({ "project_ids": after })),
            at,
        )
        .in_projects(current.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the project ids a request places something in: projects of the company
/// that the actor reaches (all of them with `projects.view_all` or in simple
/// security; else their own). Sorted and de-duplicated.
pub async fn check_placement(tx: &mut Tx, actor: &Actor, ids: &[String]) -> AppResult<Vec<String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    let known = store::projects::in_company(tx, &actor.company_id, &ids).await?;
    let scope = actor.scope();
    let reachable = |id: &String| scope.projects().is_none_or(|mine| mine.contains(id));
    if known.len() != ids.len() || !ids.iter().all(reachable) {
        return Err(FieldErrors::single("project_ids", "not_found").into());
    }
    Ok(ids)
}

/// Replaces the projects a user or group is a direct member of, among the projects
/// the actor reaches (memberships they cannot see stay). Needs `projects.access`.
pub async fn set_memberships(
    tx: &mut Tx,
    actor: &Actor,
    member: Member,
    member_id: &str,
    requested: &[String],
) -> AppResult<Vec<String>> {
    require(actor, Permission::PROJECTS_ACCESS)?;
    let wanted = check_placement(tx, actor, requested).await?;
    let current =
        store::projects::memberships(tx, &actor.company_id, member, &[member_id.to_owned()])
            .await?
            .remove(member_id)
            .unwrap_or_default();
    let scope = actor.scope();
    let reachable = |id: &String| scope.projects().is_none_or(|mine| mine.contains(id));
    let at = domain::clock::now();
    for project_id in current
        .iter()
        .filter(|p| reachable(p) && !wanted.contains(p))
    {
        store::projects::remove_member(tx, project_id, member, member_id).await?;
        store::projects::touch(tx, project_id, at).await?;
    }
    for project_id in wanted.iter().filter(|p| !current.contains(p)) {
        store::projects::add_member(tx, &actor.company_id, project_id, member, member_id).await?;
        store::projects::touch(tx, project_id, at).await?;
    }
    Ok(
        store::projects::memberships(tx, &actor.company_id, member, &[member_id.to_owned()])
            .await?
            .remove(member_id)
            .unwrap_or_default(),
    )
}
