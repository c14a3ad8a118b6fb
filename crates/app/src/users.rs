//! Users as administrators see them: the list, account details, invitations, bulk
//! edits within a supervisor's groups, blocking and password-reset links.

use std::collections::HashMap;

use domain::clock::now;
use domain::profile::{clean_name, is_plausible_email, normalize_email};
use domain::settings::{EffectiveSettings, Settings};
use domain::{Actor, DataScope, FieldErrors, Permission, Template};
use serde_json::json;
use store::Tx;
use store::sorting::Order;
use store::users::{UserFilter, UserRow, UserSkill, UserSort};

use crate::Context;
use crate::access::{check_grant, require};
use crate::audit::{self, Change};
use crate::auth::{TokenPurpose, issue_token};
use crate::error::{AppError, AppResult};
use crate::page::{Numbered, Page};
use crate::roles::RoleDetails;

/// A user with the memberships and skills the API shows.
#[derive(Debug, Clone)]
pub struct UserDetails {
    pub row: UserRow,
    pub group_ids: Vec<String>,
    pub skills: Vec<UserSkill>,
    /// Projects the user is a direct member of.
    pub project_ids: Vec<String>,
}

async fn with_details(
    tx: &mut Tx,
    company_id: &str,
    rows: Vec<UserRow>,
) -> AppResult<Vec<UserDetails>> {
    let ids: Vec<String> = rows.iter().map(|u| u.id.clone()).collect();
    let mut groups = store::users::group_ids_of(tx, company_id, &ids).await?;
    let mut skills = store::users::skills_of(tx, company_id, &ids).await?;
    let mut projects =
        store::projects::memberships(tx, company_id, store::projects::Member::User, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| UserDetails {
            project_ids: projects.remove(&row.id).unwrap_or_default(),
            group_ids: groups.remove(&row.id).unwrap_or_default(),
            skills: skills.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// The users the actor's scope reaches: managed scope sees only the active users of
/// the groups it supervises; totals count the same rows.
pub async fn list(
    ctx: &Context,
    actor: &Actor,
    filter: &UserFilter,
    after: Option<&str>,
    limit: i64,
    with_total: bool,
) -> AppResult<Page<UserDetails>> {
    require(actor, Permission::USERS_VIEW)?;
    let scope = actor.scope();
    let limit = crate::page::limit(limit);
    let mut tx = ctx.pool.read().await?;
    let rows = store::users::list(&mut tx, &scope, filter, after, limit + 1).await?;
    let (rows, next) = crate::page::split(rows, limit, |u| &u.id);
    let total = if with_total {
        Some(store::users::count(&mut tx, &scope, filter).await?)
    } else {
        None
    };
    let items = with_details(&mut tx, &actor.company_id, rows).await?;
    Ok(Page { items, next, total })
}

/// A numbered page of the users the actor's scope reaches, sorted in SQL; the total
/// counts the same rows.
pub async fn list_ordered(
    ctx: &Context,
    actor: &Actor,
    filter: &UserFilter,
    order: Order<UserSort>,
) -> AppResult<Numbered<UserDetails>> {
    require(actor, Permission::USERS_VIEW)?;
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let rows = store::users::list_ordered(&mut tx, &scope, filter, order).await?;
    let total = store::users::count(&mut tx, &scope, filter).await?;
    let items = with_details(&mut tx, &actor.company_id, rows).await?;
    Ok(Numbered { items, total })
}

pub async fn get(
    ctx: &Context,
    actor: &Actor,
    id: &str,
) -> AppResult<(UserDetails, EffectiveSettings)> {
    require(actor, Permission::USERS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let user = store::users::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let effective = effective_settings(&mut tx, &user).await?;
    let details = with_details(&mut tx, &actor.company_id, vec![user]).await?;
    let details = details.into_iter().next().ok_or(AppError::NotFound)?;
    Ok((details, effective))
}

/// Company general settings, overridden by the user's groups, overridden by the user.
async fn effective_settings(tx: &mut Tx, user: &UserRow) -> AppResult<EffectiveSettings> {
    let company = store::companies::get_by_id(tx, &user.company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let groups: Vec<Settings> = store::groups::settings_of_member(tx, &user.company_id, &user.id)
        .await?
        .iter()
        .map(|s| Settings::from_json(s))
        .collect();
    let own = Settings {
        softphone_outbound: user.softphone_outbound,
        ..Settings::default()
    };
    Ok(Settings::from_json(&company.settings)
        .overridden_by(&Settings::merge_groups(&groups))
        .overridden_by(&own)
        .resolve())
}

/// The rank a user has through their role.
async fn rank_of(tx: &mut Tx, user: &UserRow) -> AppResult<Option<Template>> {
    Ok(crate::roles::load(tx, &user.company_id, &user.role_id)
        .await?
        .rank())
}

/// One-by-one edits of account details: all-scope holders of `users.manage`, on users
/// whose rank theirs may edit, and on themselves (role and blocking excepted: callers
/// refuse those).
pub(crate) async fn check_may_edit(tx: &mut Tx, actor: &Actor, target: &UserRow) -> AppResult<()> {
    require(actor, Permission::USERS_MANAGE)?;
    if actor.effective_role().scope != DataScope::All {
        return Err(AppError::Forbidden(
            "supervisors edit their agents through bulk edits",
        ));
    }
    if target.id == actor.user_id {
        return Ok(());
    }
    let target_rank = rank_of(tx, target).await?;
    match (actor.rank(), target_rank) {
        (Some(mine), Some(theirs)) if mine.may_edit(theirs) => Ok(()),
        _ => Err(AppError::Forbidden(
            "your role may not edit users of this role",
        )),
    }
}

/// A role can be handed out only if its rank is below the actor's and it grants nothing
/// the actor lacks.
pub(crate) fn check_role_assignable(actor: &Actor, role: &RoleDetails) -> AppResult<()> {
    match (actor.rank(), role.rank()) {
        (Some(mine), Some(theirs)) if mine.may_edit(theirs) => {}
        _ => return Err(AppError::Forbidden("your role may not assign this role")),
    }
    check_grant(actor, &role.permissions, role.scope)
}

/// Every id must name a group of the actor's company; others are refused alike.
async fn check_groups(tx: &mut Tx, actor: &Actor, ids: &[String]) -> AppResult<Vec<String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let found = store::groups::visible(tx, &actor.scope().widened(), &ids).await?;
    if found.len() != ids.len() {
        return Err(FieldErrors::single("group_ids", "not_found").into());
    }
    Ok(ids)
}

/// Validates `[{skill_id, level}]`: skills of the company, levels 1 to 10.
async fn check_skills(
    tx: &mut Tx,
    actor: &Actor,
    skills: &[SkillLevel],
) -> AppResult<Vec<(String, i64)>> {
    let mut pairs: Vec<(String, i64)> = skills
        .iter()
        .map(|s| (s.skill_id.clone(), s.level))
        .collect();
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    if pairs.iter().any(|(_, level)| !(1..=10).contains(level)) {
        return Err(FieldErrors::single("skills", "level_out_of_range").into());
    }
    let ids: Vec<String> = pairs.iter().map(|(id, _)| id.clone()).collect();
    if store::skills::in_company(tx, &actor.company_id, &ids)
        .await?
        .len()
        != ids.len()
    {
        return Err(FieldErrors::single("skills", "not_found").into());
    }
    Ok(pairs)
}

#[derive(Debug, Clone)]
pub struct SkillLevel {
    pub skill_id: String,
    pub level: i64,
}

pub struct NewUserInput {
    pub name: String,
    pub email: String,
    pub role_id: String,
    pub group_ids: Vec<String>,
    /// Projects the new user joins; needs `projects.access`.
    pub project_ids: Vec<String>,
}

/// Creates a user who has no password yet and answers a one-time invitation token.
pub async fn create(
    ctx: &Context,
    actor: &Actor,
    input: NewUserInput,
) -> AppResult<(UserDetails, String)> {
    require(actor, Permission::USERS_MANAGE)?;
    if actor.effective_role().scope != DataScope::All {
        return Err(AppError::Forbidden("supervisors cannot create users"));
    }
    let mut errors = FieldErrors::new();
    let name = clean_name(&input.name);
    if name.is_none() {
        errors.add("name", "required");
    }
    if !is_plausible_email(&input.email) {
        errors.add("email", "invalid");
    }
    errors.into_result()?;
    let email = input.email.trim().to_owned();
    let email_key = normalize_email(&email);
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let role = crate::roles::load(&mut tx, &actor.company_id, &input.role_id)
        .await
        .map_err(|_| AppError::Invalid(FieldErrors::single("role_id", "not_found")))?;
    check_role_assignable(actor, &role)?;
    let group_ids = check_groups(&mut tx, actor, &input.group_ids).await?;
    if !input.project_ids.is_empty() {
        require(actor, Permission::PROJECTS_ACCESS)?;
    }
    let project_ids = crate::projects::check_placement(&mut tx, actor, &input.project_ids).await?;
    if store::users::email_key_taken(&mut tx, &email_key).await? {
        return Err(AppError::Conflict {
            code: "email_taken",
            message: "An account with this email already exists.".into(),
        });
    }
    let id = domain::ids::new_id();
    store::users::insert(
        &mut tx,
        &store::users::NewUser {
            id: &id,
            company_id: &actor.company_id,
            role_id: &role.row.id,
            name: name.as_deref().unwrap_or_default(),
            email: &email,
            email_key: &email_key,
            password_hash: None,
            language: &actor.language,
            timezone: &actor.timezone,
            now: at,
        },
    )
    .await?;
    store::users::set_groups(&mut tx, &actor.company_id, &id, &group_ids).await?;
    for project_id in &project_ids {
        store::projects::add_member(
            &mut tx,
            &actor.company_id,
            project_id,
            store::projects::Member::User,
            &id,
        )
        .await?;
    }
    store::users::set_invitation_pending(&mut tx, &actor.company_id, &id, true).await?;
    let token = issue_token(
        ctx,
        &mut tx,
        &actor.company_id,
        &id,
        TokenPurpose::Invite,
        at,
    )
    .await?;
    let created = details(&mut tx, &actor.company_id, &id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "user.created",
            "user",
            &id,
            None,
            Some(audit_json(&created)),
            at,
        )
        .in_projects(project_ids),
    )
    .await?;
    // The new user takes a seat: past the plan's, nothing of this is kept.
    crate::billing::ensure_seats(&mut tx, &actor.company_id).await?;
    tx.commit().await?;
    Ok((created, token))
}

async fn details(tx: &mut Tx, company_id: &str, id: &str) -> AppResult<UserDetails> {
    let row = store::users::get_for_session(tx, company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    with_details(tx, company_id, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

fn audit_json(user: &UserDetails) -> serde_json::Value {
    json!({
        "name": user.row.name, "email": user.row.email, "role_id": user.row.role_id,
        "active": user.row.active, "group_ids": user.group_ids, "project_ids": user.project_ids,
        "skills": user.skills.iter().map(|s| json!({"skill_id": s.skill_id, "level": s.level})).collect::<Vec<_>>(),
        "max_chats": user.row.max_chats, "extension": user.row.extension,
        "softphone_outbound": user.row.softphone_outbound, "notifications": user.row.notifications,
    })
}

/// Account details; absent fields stay. `softphone_outbound: Some(None)` clears the
/// user's override.
#[derive(Debug, Clone, Default)]
pub struct AccountPatch {
    pub name: Option<String>,
    pub role_id: Option<String>,
    pub group_ids: Option<Vec<String>>,
    pub skills: Option<Vec<SkillLevel>>,
    pub max_chats: Option<i64>,
    pub notifications: Option<serde_json::Value>,
    pub extension: Option<Option<String>>,
    pub softphone_outbound: Option<Option<bool>>,
    pub active: Option<bool>,
    /// Replaces the projects the user is a direct member of; needs `projects.access`.
    pub project_ids: Option<Vec<String>>,
}

const MAX_CHATS_LIMIT: i64 = 50;
/// Notification settings are a small object of switches, not a document store.
const MAX_NOTIFICATIONS: usize = 16 * 1024;

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    patch: AccountPatch,
    if_match: Option<i64>,
) -> AppResult<UserDetails> {
    require(actor, Permission::USERS_MANAGE)?;
    let at = now();
    let mut tx =
        crate::write_locking(ctx, store::row_locks::Row::User, &actor.company_id, id).await?;
    let target = store::users::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Repeating the current value (a form sends every field) is not a change.
    if target.id == actor.user_id && patch.role_id.as_ref().is_some_and(|r| *r != target.role_id) {
        return Err(AppError::Forbidden("nobody changes their own role"));
    }
    if target.id == actor.user_id && patch.active.is_some_and(|a| a != target.active) {
        return Err(AppError::Forbidden("nobody blocks or unblocks themselves"));
    }
    check_may_edit(&mut tx, actor, &target).await?;
    if if_match.is_some_and(|v| v != target.version) {
        return Err(AppError::Stale);
    }
    let before = details(&mut tx, &actor.company_id, id).await?;

    let mut errors = FieldErrors::new();
    let name = match patch.name {
        Some(name) => clean_name(&name).unwrap_or_else(|| {
            errors.add("name", "required");
            target.name.clone()
        }),
        None => target.name.clone(),
    };
    let max_chats = patch.max_chats.unwrap_or(target.max_chats);
    if !(0..=MAX_CHATS_LIMIT).contains(&max_chats) {
        errors.add("max_chats", "out_of_range");
    }
    let notifications = match &patch.notifications {
        Some(value) if value.is_object() && value.to_string().len() <= MAX_NOTIFICATIONS => {
            value.to_string()
        }
        Some(_) => {
            errors.add("notifications", "must_be_object");
            target.notifications.clone()
        }
        None => target.notifications.clone(),
    };
    let extension = match patch.extension {
        Some(Some(ext))
            if !ext.trim().chars().all(|c| c.is_ascii_digit())
                || ext.trim().is_empty()
                || ext.len() > 16 =>
        {
            errors.add("extension", "digits_only");
            None
        }
        Some(ext) => ext.map(|e| e.trim().to_owned()),
        None => target.extension.clone(),
    };
    errors.into_result()?;

    let role_id = match &patch.role_id {
        Some(role_id) if *role_id != target.role_id => {
            let role = crate::roles::load(&mut tx, &actor.company_id, role_id)
                .await
                .map_err(|_| AppError::Invalid(FieldErrors::single("role_id", "not_found")))?;
            check_role_assignable(actor, &role)?;
            role.row.id
        }
        _ => target.role_id.clone(),
    };
    let active = patch.active.unwrap_or(target.active);
    let change_row = store::users::AccountChange {
        name: &name,
        role_id: &role_id,
        max_chats,
        extension: extension.as_deref(),
        softphone_outbound: patch
            .softphone_outbound
            .unwrap_or(target.softphone_outbound),
        notifications: &notifications,
        active,
    };
    if !store::users::update_account(
        &mut tx,
        &actor.company_id,
        id,
        target.version,
        &change_row,
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    if let Some(group_ids) = &patch.group_ids {
        let group_ids = check_groups(&mut tx, actor, group_ids).await?;
        store::users::set_groups(&mut tx, &actor.company_id, id, &group_ids).await?;
    }
    if let Some(skills) = &patch.skills {
        let pairs = check_skills(&mut tx, actor, skills).await?;
        store::users::set_skills(&mut tx, &actor.company_id, id, &pairs).await?;
    }
    if let Some(project_ids) = &patch.project_ids
        && *project_ids != before.project_ids
    {
        crate::projects::set_memberships(
            &mut tx,
            actor,
            store::projects::Member::User,
            id,
            project_ids,
        )
        .await?;
    }
    let mut signals = Vec::new();
    if target.active && !active {
        // Blocked: every open session and API token of the user ends now.
        store::sessions::delete_for_user(&mut tx, id, None).await?;
        store::api_tokens::delete_for_user(&mut tx, id).await?;
        signals = crate::live::offline_without_sessions(&mut tx, Some(&[id.to_owned()])).await?;
    }
    let after = details(&mut tx, &actor.company_id, id).await?;
    let action = match (target.active, active) {
        (true, false) => "user.blocked",
        (false, true) => "user.unblocked",
        _ => "user.updated",
    };
    audit::record(
        &mut tx,
        Change::by(
            actor,
            action,
            "user",
            id,
            Some(audit_json(&before)),
            Some(audit_json(&after)),
            at,
        )
        .in_projects(before.project_ids.iter().chain(&after.project_ids).cloned()),
    )
    .await?;
    if !target.active && active {
        // Unblocked: the user takes a seat again, if the plan has one left.
        crate::billing::ensure_seats(&mut tx, &actor.company_id).await?;
    }
    crate::live::commit(ctx, tx, signals).await?;
    Ok(after)
}

/// What a bulk edit may set.
#[derive(Debug, Clone, Default)]
pub struct BulkSet {
    /// Replaces every skill of each user.
    pub skills: Option<Vec<SkillLevel>>,
    /// Gives or takes one skill, each user's other skills kept.
    pub one_skill: Option<OneSkill>,
    pub max_chats: Option<i64>,
    pub notifications: Option<serde_json::Value>,
}

/// One skill given at `level` to every user of a bulk edit, or taken away (`None`).
#[derive(Debug, Clone)]
pub struct OneSkill {
    pub skill_id: String,
    pub level: Option<i64>,
}

impl OneSkill {
    /// The skill as a pair [`check_skills`] validates (a removal checks level 1).
    fn as_level(&self) -> SkillLevel {
        SkillLevel {
            skill_id: self.skill_id.clone(),
            level: self.level.unwrap_or(1),
        }
    }
}

/// `user_id`'s skills with `one` given or taken, the others as they are.
async fn with_one_skill(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
    one: &OneSkill,
) -> AppResult<Vec<(String, i64)>> {
    let mut pairs: Vec<(String, i64)> =
        store::users::skills_of(tx, company_id, &[user_id.to_owned()])
            .await?
            .remove(user_id)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.skill_id != one.skill_id)
            .map(|s| (s.skill_id, s.level))
            .collect();
    if let Some(level) = one.level {
        pairs.push((one.skill_id.clone(), level));
    }
    Ok(pairs)
}

/// Sets skills, chat limits or notifications of many users at once. A supervisor
/// reaches only the agents of the groups they manage; others follow the edit
/// hierarchy. All or nothing: one user out of reach refuses the whole request.
pub async fn bulk(
    ctx: &Context,
    actor: &Actor,
    user_ids: &[String],
    set: BulkSet,
) -> AppResult<usize> {
    require(actor, Permission::USERS_MANAGE)?;
    if set
        .max_chats
        .is_some_and(|n| !(0..=MAX_CHATS_LIMIT).contains(&n))
    {
        return Err(FieldErrors::single("set.max_chats", "out_of_range").into());
    }
    if set
        .notifications
        .as_ref()
        .is_some_and(|v| !v.is_object() || v.to_string().len() > MAX_NOTIFICATIONS)
    {
        return Err(FieldErrors::single("set.notifications", "must_be_object").into());
    }
    let at = now();
    let mut ids = user_ids.to_vec();
    ids.sort();
    ids.dedup();
    // Every user checked first, without the writer: one out of reach changes nothing.
    let mut read = ctx.pool.read().await?;
    if let Some(skills) = &set.skills {
        check_skills(&mut read, actor, skills).await?;
    }
    if let Some(one) = &set.one_skill {
        check_skills(&mut read, actor, &[one.as_level()]).await?;
    }
    for id in &ids {
        bulk_editable(&mut read, actor, id).await?;
    }
    drop(read);
    // Then written a bounded part per transaction (checked again there), so that no
    // other write waits long behind thousands of users.
    let notifications = set.notifications.as_ref().map(|v| v.to_string());
    for part in ids.chunks(BULK_USERS_PER_TX) {
        let mut tx = ctx.pool.write().await?;
        let skills = match &set.skills {
            Some(skills) => Some(check_skills(&mut tx, actor, skills).await?),
            None => None,
        };
        if let Some(one) = &set.one_skill {
            check_skills(&mut tx, actor, &[one.as_level()]).await?;
        }
        let mut before = Vec::with_capacity(part.len());
        for id in part {
            bulk_editable(&mut tx, actor, id).await?;
            before.push(audit_json(&details(&mut tx, &actor.company_id, id).await?));
        }
        for id in part {
            store::users::set_bulk_fields(
                &mut tx,
                &actor.company_id,
                id,
                set.max_chats,
                notifications.as_deref(),
                at,
            )
            .await?;
            if let Some(pairs) = &skills {
                store::users::set_skills(&mut tx, &actor.company_id, id, pairs).await?;
            }
            if let Some(one) = &set.one_skill {
                let pairs = with_one_skill(&mut tx, &actor.company_id, id, one).await?;
                store::users::set_skills(&mut tx, &actor.company_id, id, &pairs).await?;
            }
        }
        for (id, before) in part.iter().zip(before) {
            let after = audit_json(&details(&mut tx, &actor.company_id, id).await?);
            audit::record(
                &mut tx,
                Change::by(
                    actor,
                    "user.bulk_updated",
                    "user",
                    id,
                    Some(before),
                    Some(after),
                    at,
                ),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(ids.len())
}

/// Users edited per transaction by a bulk edit: each costs about fifteen statements.
const BULK_USERS_PER_TX: usize = 100;

/// Fails unless the actor may bulk-edit user `id`.
async fn bulk_editable(tx: &mut Tx, actor: &Actor, id: &str) -> AppResult<()> {
    let user = store::users::get(tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rank = rank_of(tx, &user).await?;
    let allowed = match actor.effective_role().scope {
        // The visibility predicate already limited these to active members of the
        // supervisor's groups; only agents among them may be edited.
        DataScope::Managed => rank == Some(Template::Agent),
        DataScope::All => {
            user.id == actor.user_id
                || matches!((actor.rank(), rank), (Some(m), Some(t)) if m.may_edit(t))
        }
        DataScope::Own => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden("this user is out of your reach"))
    }
}

/// An account change applied to many users at once from the users list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAction {
    /// Moves every user to this role.
    Role(String),
    /// Adds every user to these groups, their other groups kept.
    AddGroups(Vec<String>),
    /// Takes every user out of these groups.
    RemoveGroups(Vec<String>),
    Block,
    Unblock,
}

impl AccountAction {
    /// The actions single-user edits refuse on oneself.
    fn refused_on_self(&self) -> bool {
        matches!(
            self,
            AccountAction::Role(_) | AccountAction::Block | AccountAction::Unblock
        )
    }
}

/// Why one user of a bulk account change was left as they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Absent, of another company, or outside the actor's scope: alike.
    NotFound,
    /// Nobody changes their own role or blocks themselves.
    OwnAccount,
    /// The actor's role may not edit users of this user's role.
    NotAllowed,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::NotFound => "not_found",
            Refused::OwnAccount => "own_account",
            Refused::NotAllowed => "not_allowed",
        }
    }
}

/// What a bulk account change did, user by user.
#[derive(Debug, Clone, Default)]
pub struct BulkOutcome {
    pub changed: Vec<String>,
    /// Users who already were as asked (e.g. blocking a blocked user).
    pub unchanged: Vec<String>,
    /// Users refused, with their name when the actor sees them.
    pub refused: Vec<(String, Option<String>, Refused)>,
}

/// Most users one bulk account change names: a page of the list is 50.
pub const BULK_ACCOUNT_MAX: usize = 500;

/// Changes role, groups or blocking of many users in one transaction, each user
/// under the rules of editing them one by one ([`update`]): users the actor may not
/// edit are refused and reported, the others changed. A request that cannot apply to
/// anyone (a role the actor may not grant, an unknown group) is refused whole, and so
/// is an unblocking past the plan's seats (which users would get the last seats is
/// not ours to pick).
pub async fn bulk_account(
    ctx: &Context,
    actor: &Actor,
    user_ids: &[String],
    action: AccountAction,
) -> AppResult<BulkOutcome> {
    require(actor, Permission::USERS_MANAGE)?;
    let mut ids = user_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(FieldErrors::single("user_ids", "required").into());
    }
    if ids.len() > BULK_ACCOUNT_MAX {
        return Err(FieldErrors::single("user_ids", "too_many").into());
    }
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let action = match action {
        AccountAction::Role(role_id) => {
            let role = crate::roles::load(&mut tx, &actor.company_id, &role_id)
                .await
                .map_err(|_| AppError::Invalid(FieldErrors::single("role_id", "not_found")))?;
            check_role_assignable(actor, &role)?;
            AccountAction::Role(role.row.id)
        }
        AccountAction::AddGroups(groups) | AccountAction::RemoveGroups(groups)
            if groups.is_empty() =>
        {
            return Err(FieldErrors::single("group_ids", "required").into());
        }
        AccountAction::AddGroups(groups) => {
            AccountAction::AddGroups(check_groups(&mut tx, actor, &groups).await?)
        }
        AccountAction::RemoveGroups(groups) => {
            AccountAction::RemoveGroups(check_groups(&mut tx, actor, &groups).await?)
        }
        other => other,
    };
    let mut outcome = BulkOutcome::default();
    let mut signals = Vec::new();
    let mut unblocked = false;
    for id in &ids {
        let Some(target) = store::users::get(&mut tx, &actor.scope(), id).await? else {
            outcome.refused.push((id.clone(), None, Refused::NotFound));
            continue;
        };
        if target.id == actor.user_id && action.refused_on_self() {
            outcome
                .refused
                .push((id.clone(), Some(target.name), Refused::OwnAccount));
            continue;
        }
        match check_may_edit(&mut tx, actor, &target).await {
            Ok(()) => {}
            Err(AppError::Forbidden(_)) => {
                outcome
                    .refused
                    .push((id.clone(), Some(target.name), Refused::NotAllowed));
                continue;
            }
            Err(other) => return Err(other),
        }
        let before = details(&mut tx, &actor.company_id, id).await?;
        let changed = match &action {
            AccountAction::Role(role_id) => {
                *role_id != target.role_id
                    && set_account(&mut tx, &target, role_id, target.active, at).await?
            }
            AccountAction::Block | AccountAction::Unblock => {
                let active = action == AccountAction::Unblock;
                active != target.active
                    && set_account(&mut tx, &target, &target.role_id, active, at).await?
            }
            AccountAction::AddGroups(groups) | AccountAction::RemoveGroups(groups) => {
                let mut next: Vec<String> = before.group_ids.clone();
                if matches!(action, AccountAction::AddGroups(_)) {
                    next.extend(groups.iter().cloned());
                } else {
                    next.retain(|g| !groups.contains(g));
                }
                next.sort();
                next.dedup();
                next != before.group_ids && {
                    store::users::set_groups(&mut tx, &actor.company_id, id, &next).await?;
                    true
                }
            }
        };
        if !changed {
            outcome.unchanged.push(id.clone());
            continue;
        }
        if action == AccountAction::Block {
            // Blocked: every open session and API token of the user ends now.
            store::sessions::delete_for_user(&mut tx, id, None).await?;
            store::api_tokens::delete_for_user(&mut tx, id).await?;
            signals.extend(
                crate::live::offline_without_sessions(&mut tx, Some(std::slice::from_ref(id)))
                    .await?,
            );
        }
        unblocked |= action == AccountAction::Unblock;
        let after = details(&mut tx, &actor.company_id, id).await?;
        let verb = match action {
            AccountAction::Block => "user.blocked",
            AccountAction::Unblock => "user.unblocked",
            _ => "user.updated",
        };
        audit::record(
            &mut tx,
            Change::by(
                actor,
                verb,
                "user",
                id,
                Some(audit_json(&before)),
                Some(audit_json(&after)),
                at,
            )
            .in_projects(before.project_ids.iter().chain(&after.project_ids).cloned()),
        )
        .await?;
        outcome.changed.push(id.clone());
    }
    // Naming only users the actor cannot see is asking about rows that do not exist
    // for them: 404, as for one missing user (another company's ids included).
    if outcome.changed.is_empty()
        && outcome.unchanged.is_empty()
        && outcome
            .refused
            .iter()
            .all(|(.., why)| *why == Refused::NotFound)
    {
        return Err(AppError::NotFound);
    }
    if unblocked {
        // Unblocked users take seats again: past the plan's, nothing of this is kept.
        crate::billing::ensure_seats(&mut tx, &actor.company_id).await?;
    }
    crate::live::commit(ctx, tx, signals).await?;
    Ok(outcome)
}

/// Writes a user's role and active flag, every other account detail as it is.
async fn set_account(
    tx: &mut Tx,
    target: &UserRow,
    role_id: &str,
    active: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<bool> {
    let change = store::users::AccountChange {
        name: &target.name,
        role_id,
        max_chats: target.max_chats,
        extension: target.extension.as_deref(),
        softphone_outbound: target.softphone_outbound,
        notifications: &target.notifications,
        active,
    };
    if !store::users::update_account(
        tx,
        &target.company_id,
        &target.id,
        target.version,
        &change,
        at,
    )
    .await?
    {
        return Err(AppError::Stale);
    }
    Ok(true)
}

/// A one-time password-reset token for a user the actor may edit; the administrator
/// never sets a password.
pub async fn password_reset(ctx: &Context, actor: &Actor, id: &str) -> AppResult<String> {
    token_for(
        ctx,
        actor,
        id,
        TokenPurpose::Reset,
        "user.password_reset_issued",
    )
    .await
}

/// A fresh invitation (the previous one stops working).
pub async fn resend_invitation(ctx: &Context, actor: &Actor, id: &str) -> AppResult<String> {
    token_for(ctx, actor, id, TokenPurpose::Invite, "user.invitation_sent").await
}

async fn token_for(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    purpose: TokenPurpose,
    action: &'static str,
) -> AppResult<String> {
    require(actor, Permission::USERS_MANAGE)?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let target = store::users::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_may_edit(&mut tx, actor, &target).await?;
    if purpose == TokenPurpose::Invite && !target.invitation_pending {
        return Err(AppError::Conflict {
            code: "invitation_accepted",
            message: "This user has already accepted the invitation.".into(),
        });
    }
    let token = issue_token(ctx, &mut tx, &actor.company_id, id, purpose, at).await?;
    audit::record(
        &mut tx,
        Change::by(actor, action, "user", id, None, None, at),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Withdraws a pending invitation: its link stops working.
pub async fn revoke_invitation(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::USERS_MANAGE)?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let target = store::users::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_may_edit(&mut tx, actor, &target).await?;
    if !target.invitation_pending {
        return Err(AppError::Conflict {
            code: "invitation_accepted",
            message: "This user has already accepted the invitation.".into(),
        });
    }
    // The user stays "invited" (no password yet); a new invitation can be sent later.
    store::tokens::revoke_open(&mut tx, id, "invite", at).await?;
    audit::record(
        &mut tx,
        Change::by(actor, "user.invitation_revoked", "user", id, None, None, at),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Names of users by id (members and supervisors shown on a group page), within the
/// actor's company, for readers of groups.
pub async fn names(
    ctx: &Context,
    actor: &Actor,
    ids: &[String],
) -> AppResult<HashMap<String, String>> {
    require(actor, Permission::GROUPS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let rows = store::users::visible(&mut tx, &actor.scope().widened(), ids).await?;
    Ok(rows.into_iter().map(|u| (u.id, u.name)).collect())
}

/// Names of the users among `ids` the actor sees on the users list, in name order:
/// what a confirmation of a bulk action names.
pub async fn visible_names(ctx: &Context, actor: &Actor, ids: &[String]) -> AppResult<Vec<String>> {
    require(actor, Permission::USERS_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let mut names: Vec<String> = store::users::visible(&mut tx, &actor.scope(), ids)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    Ok(names)
}
