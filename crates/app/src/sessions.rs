//! Turning a bearer token into the actor of a request, with the timeouts enforced.

use chrono::Duration;
use domain::actor::ActingRole;
use domain::clock::{Timestamp, now};
use domain::{Actor, DataScope, PermissionSet, Template};
use store::Tx;
use store::roles::RoleRow;

use crate::Context;
use crate::credentials::token_digest;
use crate::error::{AppError, AppResult};

/// Activity is written at most this often, so reads do not each cost a write.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// The actor a session token stands for, or `None` when the token is unknown, expired,
/// idle too long, or its user is blocked. Roles and permissions are read fresh on every
/// request, so a change takes effect on the user's next request.
pub async fn resolve(ctx: &Context, token: &str) -> AppResult<Option<Actor>> {
    let at = now();
    let mut tx = ctx.pool.read().await?;
    let Some(session) = store::sessions::find_by_token_hash(&mut tx, &token_digest(token)).await?
    else {
        return Ok(None);
    };
    if session.expires_at <= at || session.last_seen_at <= at - ctx.auth.session_idle {
        drop(tx);
        end(ctx, &session.id).await?;
        return Ok(None);
    }
    let Some(user) =
        store::users::get_for_session(&mut tx, &session.company_id, &session.user_id).await?
    else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    let role = acting_role(&mut tx, &user.company_id, &user.role_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("user {} has no role", user.id)))?;
    let role_test = match &session.role_test_role_id {
        Some(role_id) => acting_role(&mut tx, &user.company_id, role_id).await?,
        None => None,
    };
    drop(tx);
    if at - session.last_seen_at > TOUCH_EVERY {
        let mut tx = ctx.pool.write().await?;
        store::sessions::touch(&mut tx, &session.id, at).await?;
        tx.commit().await?;
    }
    Ok(Some(Actor {
        user_id: user.id,
        company_id: user.company_id,
        name: user.name,
        email: user.email,
        language: user.language,
        timezone: user.timezone,
        role,
        session_id: Some(session.id),
        role_test,
    }))
}

/// Ends one session (sign-out).
pub async fn end(ctx: &Context, session_id: &str) -> AppResult<()> {
    let mut tx = ctx.pool.write().await?;
    store::sessions::delete(&mut tx, session_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Starts a session for a user inside the caller's transaction; answers the token,
/// which exists nowhere else from now on.
pub async fn start(
    ctx: &Context,
    tx: &mut Tx,
    user_id: &str,
    company_id: &str,
    client: &str,
    at: Timestamp,
) -> AppResult<(String, String)> {
    let token = crate::credentials::new_token("sbs");
    let id = domain::ids::new_id();
    store::sessions::insert(
        tx,
        &store::sessions::NewSession {
            id: &id,
            token_hash: &token_digest(&token),
            user_id,
            company_id,
            client,
            now: at,
            expires_at: at + ctx.auth.session_lifetime,
        },
    )
    .await?;
    Ok((id, token))
}

/// A role as it applies to a request: templates take their permissions from code.
pub async fn acting_role(
    tx: &mut Tx,
    company_id: &str,
    role_id: &str,
) -> AppResult<Option<ActingRole>> {
    let Some(row) = store::roles::get_in_company(tx, company_id, role_id).await? else {
        return Ok(None);
    };
    let template = row.template.as_deref().and_then(Template::parse);
    let permissions = match template {
        Some(template) => template.permissions(),
        None => {
            let keys = store::roles::permission_keys(tx, &row.id).await?;
            PermissionSet::from_keys(keys.iter().map(String::as_str))
        }
    };
    Ok(Some(to_acting_role(row, template, permissions)))
}

fn to_acting_role(
    row: RoleRow,
    template: Option<Template>,
    permissions: PermissionSet,
) -> ActingRole {
    ActingRole {
        id: row.id,
        name: row.name,
        template: template.or_else(|| row.based_on.as_deref().and_then(Template::parse)),
        is_template: template.is_some(),
        permissions,
        scope: DataScope::parse(&row.scope).unwrap_or(DataScope::Own),
    }
}

/// Deletes sessions past their lifetime or idle timeout, and sign-in failures too old
/// to count; the server runs it periodically.
pub async fn sweep(ctx: &Context) -> AppResult<()> {
    let at = now();
    let mut tx = ctx.pool.write().await?;
    store::sessions::delete_stale(&mut tx, at, at - ctx.auth.session_idle).await?;
    store::sign_in_failures::delete_before(&mut tx, at - ctx.auth.throttle_window).await?;
    tx.commit().await?;
    Ok(())
}
