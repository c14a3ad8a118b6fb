//! What would follow an action that cannot be undone — deleting a role, a project, an
//! object, a group, a skill, a case status, reason, field or result, revoking an API
//! token, retiring a reason or result — counted before anything changes, so the page
//! that asks "are you sure?" can say it. Each answer needs the permission of the action
//! itself, and counts rows through the same visibility predicates as the lists.
//!
//! `blocked_by` style fields repeat what the action itself would refuse (a role users
//! still hold, a status that is built in), so the page can say so before the click.

use domain::objects::ObjectKind;
use domain::{Actor, Permission};
use store::Tx;
use store::cases::CaseFilter;
use store::users::UserFilter;

use crate::Context;
use crate::access::require;
use crate::error::{AppError, AppResult};

/// Deleting a custom role.
#[derive(Debug, Clone)]
pub struct RoleDeletion {
    pub name: String,
    /// A template role cannot be deleted at all.
    pub template: bool,
    /// Users holding the role (as the roles list counts them).
    pub users: i64,
    /// API tokens carrying the role.
    pub api_tokens: i64,
}

pub async fn role_deletion(ctx: &Context, actor: &Actor, id: &str) -> AppResult<RoleDeletion> {
    require(actor, Permission::ROLES_MANAGE)?;
    let mut tx = ctx.pool.read().await?;
    let role = crate::roles::load(&mut tx, &actor.company_id, id).await?;
    Ok(RoleDeletion {
        name: role.row.name.clone(),
        template: role.template.is_some(),
        users: store::users::count_with_role(&mut tx, &actor.company_id, id).await?,
        api_tokens: store::api_tokens::count_with_role(&mut tx, &actor.company_id, id).await?,
    })
}

/// Deleting a project.
#[derive(Debug, Clone)]
pub struct ProjectDeletion {
    pub name: String,
    pub users: i64,
    pub groups: i64,
    pub objects: i64,
    /// Visible cases of the project: they leave every project.
    pub cases: i64,
    /// Whether projects limit what people see (enhanced security).
    pub enhanced: bool,
    /// In enhanced security, the visible active users who see every project
    /// (`projects.view_all`): the only ones who will still see those cases.
    pub view_all_users: i64,
    /// Objects in no other project: in enhanced security the deletion is refused.
    pub stranded: Vec<(String, String)>,
}

pub async fn project_deletion(
    ctx: &Context,
    actor: &Actor,
    id: &str,
) -> AppResult<ProjectDeletion> {
    require(actor, Permission::PROJECTS_MANAGE)?;
    let project = crate::projects::get(ctx, actor, id).await?;
    if let Some(mine) = actor.scope().projects()
        && !mine.contains(&project.row.id)
    {
        return Err(AppError::NotFound);
    }
    let scope = actor.scope();
    let mut tx = ctx.pool.read().await?;
    let filter = CaseFilter {
        project_id: Some(id.to_owned()),
        ..CaseFilter::default()
    };
    let cases = store::cases::count(&mut tx, &scope, &filter).await?;
    let (view_all_users, stranded) = if actor.enhanced_security {
        let stranded = store::projects::only_here(&mut tx, id)
            .await?
            .into_iter()
            .map(|o| (o.kind, o.name))
            .collect();
        (view_all_users(&mut tx, actor).await?, stranded)
    } else {
        (0, Vec::new())
    };
    Ok(ProjectDeletion {
        name: project.row.name.clone(),
        users: project.counts.users,
        groups: project.counts.groups,
        objects: project.counts.objects.values().sum(),
        cases,
        enhanced: actor.enhanced_security,
        view_all_users,
        stranded,
    })
}

/// Visible active users whose role sees every project.
async fn view_all_users(tx: &mut Tx, actor: &Actor) -> AppResult<i64> {
    let ids: Vec<String> = store::roles::list(tx, &actor.scope())
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let scope = actor.scope();
    let mut total = 0;
    for id in ids {
        let role = crate::roles::load(tx, &actor.company_id, &id).await?;
        if !role.permissions.has(Permission::PROJECTS_VIEW_ALL) {
            continue;
        }
        let filter = UserFilter {
            role_id: Some(id),
            active: Some(true),
            ..UserFilter::default()
        };
        total += store::users::count(tx, &scope, &filter).await?;
    }
    Ok(total)
}

/// Deleting a configuration object (`/{kind}/{id}`).
#[derive(Debug, Clone)]
pub struct ObjectDeletion {
    pub name: String,
    /// Objects naming it, as (kind key, name): while any does, deletion is refused.
    pub used_by: Vec<(String, String)>,
    /// Visible cases that came in through it (a campaign or CRM form): they keep
    /// their project but lose their source.
    pub cases: i64,
    pub projects: usize,
}

pub async fn object_deletion(
    ctx: &Context,
    actor: &Actor,
    kind: ObjectKind,
    id: &str,
) -> AppResult<ObjectDeletion> {
    require(actor, kind.manage_permission())?;
    let object = crate::objects::get(ctx, actor, kind, id).await?;
    let mut tx = ctx.pool.read().await?;
    let used_by = store::objects::used_by(&mut tx, &actor.company_id, id)
        .await?
        .into_iter()
        .map(|u| (u.kind, u.name))
        .collect();
    let cases = store::usage::cases_from_source(&mut tx, &actor.scope(), id).await?;
    Ok(ObjectDeletion {
        name: object.row.name.clone(),
        used_by,
        cases,
        projects: object.project_ids.len(),
    })
}

/// Deleting a group.
#[derive(Debug, Clone)]
pub struct GroupDeletion {
    pub name: String,
    pub members: usize,
    pub supervisors: usize,
    /// Projects the group is a member of: its members lose the access it gave.
    pub projects: usize,
}

pub async fn group_deletion(ctx: &Context, actor: &Actor, id: &str) -> AppResult<GroupDeletion> {
    require(actor, Permission::GROUPS_MANAGE)?;
    let (group, _) = crate::groups::get(ctx, actor, id).await?;
    Ok(GroupDeletion {
        name: group.row.name.clone(),
        members: group.member_ids.len(),
        supervisors: group.supervisor_ids.len(),
        projects: group.project_ids.len(),
    })
}

/// Deleting a skill.
#[derive(Debug, Clone)]
pub struct SkillDeletion {
    pub name: String,
    /// Visible users holding it: they lose it.
    pub users: i64,
    /// Queues routing by it (names): while any does, deletion is refused.
    pub queues: Vec<String>,
}

pub async fn skill_deletion(ctx: &Context, actor: &Actor, id: &str) -> AppResult<SkillDeletion> {
    require(actor, Permission::SKILLS_MANAGE)?;
    let skill = crate::skills::get(ctx, actor, id).await?;
    let mut tx = ctx.pool.read().await?;
    let queues = store::objects::used_by(&mut tx, &actor.company_id, id)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    Ok(SkillDeletion {
        name: skill.row.name.clone(),
        users: store::usage::users_with_skill(&mut tx, &actor.scope(), id).await?,
        queues,
    })
}

/// Deleting a case status.
#[derive(Debug, Clone)]
pub struct StatusDeletion {
    pub name: String,
    pub builtin: bool,
    /// Visible cases in the status.
    pub cases: i64,
    /// Whether any case of the company is in it (the actor may not see them all): they
    /// must move to another status first.
    pub in_use: bool,
    /// The statuses they may move to, as (key, name): as open or closed as this one.
    pub move_targets: Vec<(String, String)>,
}

pub async fn status_deletion(ctx: &Context, actor: &Actor, key: &str) -> AppResult<StatusDeletion> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let statuses = crate::case_config::statuses(ctx, actor).await?;
    let status = statuses
        .iter()
        .find(|s| s.key == key)
        .ok_or(AppError::NotFound)?;
    let mut tx = ctx.pool.read().await?;
    let filter = CaseFilter {
        status: Some(key.to_owned()),
        ..CaseFilter::default()
    };
    Ok(StatusDeletion {
        name: status.name.clone(),
        builtin: status.builtin,
        cases: store::cases::count(&mut tx, &actor.scope(), &filter).await?,
        in_use: store::case_config::status_in_use(&mut tx, &actor.company_id, key).await?,
        move_targets: statuses
            .iter()
            .filter(|s| s.key != key && s.open == status.open)
            .map(|s| (s.key.clone(), s.name.clone()))
            .collect(),
    })
}

/// Deleting or retiring a case reason.
#[derive(Debug, Clone)]
pub struct ReasonUse {
    pub name: String,
    pub active: bool,
    /// Visible cases giving the reason.
    pub cases: i64,
    /// Contact attempts on visible cases giving it.
    pub attempts: i64,
    /// Whether any case or attempt of the company gives it (visible or not): then it
    /// cannot be deleted, only retired.
    pub in_use: bool,
}

pub async fn reason_use(ctx: &Context, actor: &Actor, id: &str) -> AppResult<ReasonUse> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let mut tx = ctx.pool.read().await?;
    let reason = store::case_config::reason(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = actor.scope();
    Ok(ReasonUse {
        cases: store::usage::cases_with_reason(&mut tx, &scope, id).await?,
        attempts: store::usage::attempts_with_reason(&mut tx, &scope, id).await?,
        in_use: store::case_config::reason_in_use(&mut tx, &actor.company_id, id).await?,
        name: reason.name,
        active: reason.active,
    })
}

/// Removing a custom field from the forms.
#[derive(Debug, Clone)]
pub struct FieldRemoval {
    pub label: String,
    /// Statuses requiring it (names): while any does, removal is refused.
    pub required_by: Vec<String>,
    /// Visible cases holding a value for it: the values stay, labelled.
    pub cases: i64,
}

pub async fn field_removal(ctx: &Context, actor: &Actor, id: &str) -> AppResult<FieldRemoval> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let field = crate::case_config::fields(ctx, actor, false)
        .await?
        .into_iter()
        .find(|f| f.row.id == id)
        .ok_or(AppError::NotFound)?;
    let required_by = crate::case_config::statuses(ctx, actor)
        .await?
        .into_iter()
        .filter(|s| s.required_fields.contains(&field.row.key))
        .map(|s| s.name)
        .collect();
    let mut tx = ctx.pool.read().await?;
    Ok(FieldRemoval {
        cases: store::usage::cases_with_field(&mut tx, &actor.scope(), &field.row.key).await?,
        label: field.row.label,
        required_by,
    })
}

/// Deleting or retiring a contact-attempt result.
#[derive(Debug, Clone)]
pub struct ResultUse {
    pub name: String,
    pub builtin: bool,
    pub active: bool,
    /// Contact attempts on visible cases that ended with it.
    pub attempts: i64,
    /// Whether any attempt of the company has it: then it can only be retired.
    pub in_use: bool,
}

pub async fn result_use(ctx: &Context, actor: &Actor, key: &str) -> AppResult<ResultUse> {
    require(actor, Permission::CASE_CONFIG_MANAGE)?;
    let result = crate::case_config::dispositions(ctx, actor)
        .await?
        .into_iter()
        .find(|d| d.key == key)
        .ok_or(AppError::NotFound)?;
    let mut tx = ctx.pool.read().await?;
    Ok(ResultUse {
        attempts: store::usage::attempts_with_result(&mut tx, &actor.scope(), key).await?,
        in_use: store::case_config::disposition_in_use(&mut tx, &actor.company_id, key).await?,
        name: result.name,
        builtin: result.builtin,
        active: result.active,
    })
}

/// Revoking an API token: it stops working at once.
#[derive(Debug, Clone)]
pub struct TokenRevocation {
    pub name: String,
    pub role_id: String,
    pub last_used_at: Option<domain::clock::Timestamp>,
}

pub async fn token_revocation(
    ctx: &Context,
    actor: &Actor,
    id: &str,
) -> AppResult<TokenRevocation> {
    require(actor, Permission::API_TOKENS_MANAGE)?;
    let mut tx = ctx.pool.read().await?;
    let row = store::api_tokens::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(TokenRevocation {
        name: row.name,
        role_id: row.role_id,
        last_used_at: row.last_used_at,
    })
}
