//! API tokens for integrations: each carries a role; the secret is shown once.

use domain::clock::now;
use domain::{Actor, FieldErrors, Permission};
use serde_json::json;
use store::api_tokens::ApiTokenRow;

use crate::Context;
use crate::access::{check_grant, require};
use crate::audit::{self, Change};
use crate::credentials::{new_token, token_digest};
use crate::error::{AppError, AppResult};

/// Secrets start with this, which is how a bearer token is told from a session's.
pub const PREFIX: &str = "sbt_";

pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<ApiTokenRow>> {
    require(actor, Permission::API_TOKENS_MANAGE)?;
    let mut tx = ctx.pool.read().await?;
    Ok(store::api_tokens::list(&mut tx, &actor.scope()).await?)
}

/// Creates a token acting as the actor with `role_id`, which may not exceed the
/// actor's own permissions; answers the row and the secret.
pub async fn create(
    ctx: &Context,
    actor: &Actor,
    name: &str,
    role_id: &str,
) -> AppResult<(ApiTokenRow, String)> {
    require(actor, Permission::API_TOKENS_MANAGE)?;
    let name = domain::profile::clean_name(name)
        .ok_or_else(|| AppError::Invalid(FieldErrors::single("name", "required")))?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let role = crate::roles::load(&mut tx, &actor.company_id, role_id)
        .await
        .map_err(|_| AppError::Invalid(FieldErrors::single("role_id", "not_found")))?;
    check_grant(actor, &role.permissions, role.scope)?;
    let secret = new_token(PREFIX.trim_end_matches('_'));
    let id = domain::ids::new_id();
    store::api_tokens::insert(
        &mut tx,
        &store::api_tokens::NewApiToken {
            id: &id,
            company_id: &actor.company_id,
            name: &name,
            role_id,
            user_id: &actor.user_id,
            token_hash: &token_digest(&secret),
            now: at,
        },
    )
    .await?;
    let row = store::api_tokens::get(&mut tx, &actor.scope(), &id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "api_token.created",
            "api_token",
            &id,
            None,
            Some(json!({ "name": name, "role_id": role_id })),
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((row, secret))
}

/// Revokes a token; requests carrying it fail from now on.
pub async fn revoke(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    require(actor, Permission::API_TOKENS_MANAGE)?;
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let row = store::api_tokens::get(&mut tx, &actor.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::api_tokens::delete(&mut tx, &actor.company_id, id).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "api_token.revoked",
            "api_token",
            id,
            Some(json!({ "name": row.name, "role_id": row.role_id })),
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
