//! The company's own settings and its security mode (SPEC §3).

use domain::settings::Settings;
use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::companies::CompanyRow;

use crate::Context;
use crate::access::require;
use crate::audit::{self, Change};
use crate::error::{AppError, AppResult};

/// The project every user and object joins when enhanced security is switched on.
pub const DEFAULT_PROJECT: &str = "Default";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityMode {
    Simple,
    Enhanced,
}

impl SecurityMode {
    pub fn key(self) -> &'static str {
        match self {
            SecurityMode::Simple => "simple",
            SecurityMode::Enhanced => "enhanced",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "simple" => Some(SecurityMode::Simple),
            "enhanced" => Some(SecurityMode::Enhanced),
            _ => None,
        }
    }
}

/// Every signed-in user reads their company's name, mode and general settings.
pub async fn get(ctx: &Context, actor: &Actor) -> AppResult<CompanyRow> {
    let mut tx = ctx.pool.read().await?;
    store::companies::get(&mut tx, &actor.scope())
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default)]
pub struct CompanyInput {
    pub name: Option<String>,
    pub security_mode: Option<SecurityMode>,
    pub settings: Option<Settings>,
}

fn audit_json(company: &CompanyRow) -> serde_json::Value {
    json!({
        "name": company.name,
        "security_mode": company.security_mode,
        "settings": Settings::from_json(&company.settings),
    })
}

/// Name and general settings need `company.settings`; the security mode needs
/// `security.manage`. Switching to enhanced puts every user, group and object in the
/// project Default in the same transaction; switching back keeps projects but stops
/// enforcing them.
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    input: CompanyInput,
    expected_version: Option<i64>,
) -> AppResult<CompanyRow> {
    if input.name.is_some() || input.settings.is_some() {
        require(actor, Permission::COMPANY_SETTINGS)?;
    }
    if input.security_mode.is_some() {
        require(actor, Permission::SECURITY_MANAGE)?;
    }
    let at = domain::clock::now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::Company,
        &actor.company_id,
        &actor.company_id,
    )
    .await?;
    let before = store::companies::get(&mut tx, &actor.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale);
    }
    let name = match &input.name {
        Some(name) => domain::profile::clean_name(name)
            .ok_or_else(|| AppError::from(FieldErrors::single("name", "required")))?,
        None => before.name.clone(),
    };
    let settings = input
        .settings
        .as_ref()
        .map_or_else(|| before.settings.clone(), Settings::to_json);
    let mode: &str = match input.security_mode {
        Some(mode) => mode.key(),
        None => &before.security_mode,
    };
    if !store::companies::update(&mut tx, &before, &name, mode, &settings, at).await? {
        return Err(AppError::Stale);
    }
    let mut default_project = None;
    if before.security_mode != "enhanced" && mode == "enhanced" {
        let project_id =
            match store::projects::find_by_name(&mut tx, &actor.company_id, DEFAULT_PROJECT).await?
            {
                Some(existing) => existing.id,
                None => {
                    let id = domain::ids::new_id();
                    store::projects::insert(
                        &mut tx,
                        &actor.company_id,
                        &id,
                        DEFAULT_PROJECT,
                        "",
                        at,
                    )
                    .await?;
                    audit::record(
                        &mut tx,
                        Change::by(
                            actor,
                            "project.created",
                            "project",
                            &id,
                            None,
                            Some(json!({ "name": DEFAULT_PROJECT, "description": "" })),
                            at,
                        )
                        .in_projects([id.clone()]),
                    )
                    .await?;
                    id
                }
            };
        // Placing a campaign checks it by foreign key, which waits for an import's last
        // transaction holding it (`store::row_locks::lock`): the re-projection below then
        // sees that job's cases and terms, and jobs finishing later see the new project.
        store::projects::adopt_everything(&mut tx, &actor.company_id, &project_id).await?;
        store::cases::follow_source(&mut tx, &actor.company_id, None).await?;
        store::cases::adopt_unplaced(&mut tx, &actor.company_id, &project_id).await?;
        default_project = Some(project_id);
    }
    let after = store::companies::get(&mut tx, &actor.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut after_json = audit_json(&after);
    if let Some(project_id) = &default_project {
        after_json["default_project_id"] = json!(project_id);
    }
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "company.updated",
            "company",
            &actor.company_id,
            Some(audit_json(&before)),
            Some(after_json),
            at,
        )
        .in_projects(default_project),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
