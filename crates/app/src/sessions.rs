//! Turning a bearer token into the actor of a request, with the timeouts enforced.

use chrono::Duration;
use domain::Actor;
use domain::actor::ActingRole;
use domain::clock::{Timestamp, now};
use store::Tx;

use crate::Context;
use crate::actor_cache::Cached;
use crate::credentials::token_digest;
use crate::error::{AppError, AppResult};

/// Activity is written at most this often, so reads do not each cost a write.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// The actor a bearer token stands for — a session token, or an API token (`sbt_…`)
/// — or `None` when it is unknown, expired, idle too long, or its user is blocked.
/// A change to roles, permissions, memberships or the user takes effect on the user's
/// next request: a cached actor answers only while its company's access version has
/// not moved.
pub async fn resolve(ctx: &Context, token: &str) -> AppResult<Option<Actor>> {
    let digest = token_digest(token);
    let at = now();
    if let Some(cached) = ctx.actors.get(&digest) {
        if cached.in_time(at, ctx.auth.session_idle) {
            let version =
                store::companies::access_version(&ctx.pool, &cached.actor.company_id).await?;
            if version == Some(cached.access_version) {
                record_activity(ctx, &digest, &cached, at).await?;
                return Ok(Some(cached.actor));
            }
        }
        ctx.actors.forget(&digest);
    }
    let built = if token.starts_with(crate::api_tokens::PREFIX) {
        resolve_api_token(ctx, &digest).await?
    } else {
        resolve_session(ctx, &digest, at).await?
    };
    let Some(cached) = built else {
        return Ok(None);
    };
    record_activity(ctx, &digest, &cached, at).await?;
    let actor = cached.actor.clone();
    ctx.actors.put(digest, cached);
    Ok(Some(actor))
}

/// Writes the session's (or API token's) activity at most every [`TOUCH_EVERY`].
async fn record_activity(
    ctx: &Context,
    digest: &str,
    cached: &Cached,
    at: Timestamp,
) -> AppResult<()> {
    if cached
        .last_seen_at
        .is_some_and(|seen| at - seen <= TOUCH_EVERY)
    {
        return Ok(());
    }
    let mut tx = ctx.pool.write().await?;
    match (&cached.actor.session_id, &cached.actor.api_token_id) {
        (_, Some(token_id)) => store::api_tokens::touch(&mut tx, token_id, at).await?,
        (Some(session_id), None) => store::sessions::touch(&mut tx, session_id, at).await?,
        (None, None) => return Ok(()),
    }
    tx.commit().await?;
    ctx.actors.seen(digest, at);
    Ok(())
}

async fn resolve_session(ctx: &Context, digest: &str, at: Timestamp) -> AppResult<Option<Cached>> {
    let mut tx = ctx.pool.read().await?;
    let Some(session) = store::sessions::find_by_token_hash(&mut tx, digest).await? else {
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
    let role_id = user.role_id.clone();
    let actor = build_actor(
        &mut tx,
        user,
        &role_id,
        session.role_test_role_id.as_deref(),
        Some(session.id.clone()),
        None,
    )
    .await?;
    Ok(actor.map(|actor| Cached {
        actor,
        access_version: session.access_version,
        last_seen_at: Some(session.last_seen_at),
        expires_at: Some(session.expires_at),
    }))
}

/// An API token acts as the user who created it, with the token's role.
async fn resolve_api_token(ctx: &Context, digest: &str) -> AppResult<Option<Cached>> {
    let mut tx = ctx.pool.read().await?;
    let Some(row) = store::api_tokens::find_by_hash(&mut tx, digest).await? else {
        return Ok(None);
    };
    let Some(user) = store::users::get_for_session(&mut tx, &row.company_id, &row.user_id).await?
    else {
        return Ok(None);
    };
    let actor = build_actor(
        &mut tx,
        user,
        &row.role_id,
        None,
        None,
        Some(row.id.clone()),
    )
    .await?;
    Ok(actor.map(|actor| Cached {
        actor,
        access_version: row.access_version,
        last_seen_at: row.last_used_at,
        expires_at: None,
    }))
}

async fn build_actor(
    tx: &mut Tx,
    user: store::users::UserRow,
    role_id: &str,
    role_test_id: Option<&str>,
    session_id: Option<String>,
    api_token_id: Option<String>,
) -> AppResult<Option<Actor>> {
    if !user.active {
        return Ok(None);
    }
    let role = acting_role(tx, &user.company_id, role_id)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!("role {role_id} of user {} is missing", user.id))
        })?;
    let role_test = match role_test_id {
        Some(role_id) => acting_role(tx, &user.company_id, role_id).await?,
        None => None,
    };
    // Read on every request: membership and mode changes apply on the next one.
    let company = store::companies::get_by_id(tx, &user.company_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("company of user {} is missing", user.id)))?;
    let project_ids = store::projects::of_user(tx, &user.company_id, &user.id).await?;
    Ok(Some(Actor {
        enhanced_security: company.security_mode == "enhanced",
        project_ids,
        user_id: user.id,
        company_id: user.company_id,
        name: user.name,
        email: user.email,
        language: user.language,
        timezone: user.timezone,
        role,
        session_id,
        api_token_id,
        role_test,
    }))
}

/// The actor `user_id` would be on their own next request (own role, no role test),
/// or `None` when the user is blocked: what access explanations reason about.
pub async fn actor_for_user(
    tx: &mut Tx,
    company_id: &str,
    user_id: &str,
) -> AppResult<Option<Actor>> {
    let Some(user) = store::users::get_for_session(tx, company_id, user_id).await? else {
        return Ok(None);
    };
    let role_id = user.role_id.clone();
    build_actor(tx, user, &role_id, None, None, None).await
}

/// Ends one session (sign-out); an agent left without a session goes offline.
pub async fn end(ctx: &Context, session_id: &str) -> AppResult<()> {
    let mut tx = ctx.pool.write().await?;
    let session = store::sessions::find_by_id(&mut tx, session_id).await?;
    store::sessions::delete(&mut tx, session_id).await?;
    let signals = match session {
        Some(session) => {
            crate::live::offline_without_sessions(&mut tx, Some(&[session.user_id])).await?
        }
        None => Vec::new(),
    };
    crate::live::commit(ctx, tx, signals).await
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
    let role = match crate::roles::load(tx, company_id, role_id).await {
        Ok(role) => role,
        Err(AppError::NotFound) => return Ok(None),
        Err(error) => return Err(error),
    };
    Ok(Some(ActingRole {
        template: role.rank(),
        is_template: role.template.is_some(),
        scope: role.scope,
        permissions: role.permissions,
        id: role.row.id,
        name: role.row.name,
    }))
}

/// Deletes sessions past their lifetime or idle timeout (their agents go offline when
/// none is left), and sign-in failures too old to count; the server runs it periodically.
pub async fn sweep(ctx: &Context) -> AppResult<()> {
    let at = now();
    let mut tx = ctx.pool.write().await?;
    store::sessions::delete_stale(&mut tx, at, at - ctx.auth.session_idle).await?;
    store::sign_in_failures::delete_before(&mut tx, at - ctx.auth.throttle_window).await?;
    let signals = crate::live::offline_without_sessions(&mut tx, None).await?;
    crate::live::commit(ctx, tx, signals).await
}

/// The actor of a session as its next request will see it (after a role test starts
/// or ends).
pub async fn reload(ctx: &Context, session_id: &str, actor: &Actor) -> AppResult<Actor> {
    let mut tx = ctx.pool.read().await?;
    let session = store::sessions::find_by_id(&mut tx, session_id)
        .await?
        .filter(|s| s.user_id == actor.user_id)
        .ok_or(AppError::NotFound)?;
    let user = store::users::get_for_session(&mut tx, &session.company_id, &session.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let role_id = user.role_id.clone();
    build_actor(
        &mut tx,
        user,
        &role_id,
        session.role_test_role_id.as_deref(),
        Some(session.id.clone()),
        None,
    )
    .await?
    .ok_or(AppError::Unauthorized)
}
