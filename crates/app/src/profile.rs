//! The personal profile: every user edits only their own.

use domain::clock::now;
use domain::profile::{Language, is_plausible_email, is_valid_timezone, normalize_email};
use domain::{Actor, FieldErrors, password_policy};
use serde_json::json;
use store::users::UserRow;

use crate::Context;
use crate::audit::{self, Change};
use crate::credentials::{hash_password, verify_password};
use crate::error::{AppError, AppResult};

/// The actor's own user row.
pub async fn me(ctx: &Context, actor: &Actor) -> AppResult<UserRow> {
    let mut tx = ctx.pool.read().await?;
    store::users::get_self(&mut tx, &actor.scope())
        .await?
        .ok_or(AppError::NotFound)
}

/// Fields absent from the request stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    /// An image URL; an empty string removes the avatar.
    pub avatar: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub email: Option<String>,
}

const MAX_AVATAR_URL: usize = 2048;

/// Edits the actor's own personal profile. `if_match` is the version the client saw;
/// without it the change still applies only to the row it was validated against.
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    input: ProfileInput,
    if_match: Option<i64>,
) -> AppResult<UserRow> {
    let scope = actor.scope();
    let at = now();
    let mut tx = crate::write_locking(
        ctx,
        store::row_locks::Row::User,
        &actor.company_id,
        &actor.user_id,
    )
    .await?;
    let current = store::users::get_self(&mut tx, &scope)
        .await?
        .ok_or(AppError::NotFound)?;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(AppError::Stale);
    }

    let mut errors = FieldErrors::new();
    let language = match input.language.as_deref() {
        None => current.language.clone(),
        Some(code) => Language::parse(code).map_or_else(
            || {
                errors.add("language", "unsupported");
                current.language.clone()
            },
            |l| l.code().to_owned(),
        ),
    };
    let timezone = match input.timezone {
        Some(zone) if !is_valid_timezone(&zone) => {
            errors.add("timezone", "unknown");
            current.timezone.clone()
        }
        Some(zone) => zone,
        None => current.timezone.clone(),
    };
    let avatar = match input.avatar {
        Some(url) if url.trim().is_empty() => None,
        Some(url) if url.len() > MAX_AVATAR_URL || !is_image_url(&url) => {
            errors.add("avatar", "invalid");
            current.avatar.clone()
        }
        Some(url) => Some(url.trim().to_owned()),
        None => current.avatar.clone(),
    };
    let email = match input.email {
        Some(email)
            if normalize_email(&email) != current.email_key || email.trim() != current.email =>
        {
            if !actor.may_change_own_email() {
                return Err(AppError::Forbidden("agents may not change their own email"));
            }
            if !is_plausible_email(&email) {
                errors.add("email", "invalid");
            }
            email.trim().to_owned()
        }
        _ => current.email.clone(),
    };
    errors.into_result()?;

    let email_key = normalize_email(&email);
    if email_key != current.email_key && store::users::email_key_taken(&mut tx, &email_key).await? {
        return Err(AppError::Conflict {
            code: "email_taken",
            message: "An account with this email already exists.".into(),
        });
    }
    let change = store::users::ProfileChange {
        email: &email,
        email_key: &email_key,
        language: &language,
        timezone: &timezone,
        avatar: avatar.as_deref(),
    };
    if !store::users::update_own_profile(&mut tx, &scope, current.version, &change, at).await? {
        return Err(AppError::Stale);
    }
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "user.profile_updated",
            "user",
            &actor.user_id,
            Some(profile_json(&current)),
            Some(json!({
                "email": email, "language": language, "timezone": timezone, "avatar": avatar,
            })),
            at,
        ),
    )
    .await?;
    let updated = store::users::get_self(&mut tx, &scope)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(updated)
}

fn is_image_url(url: &str) -> bool {
    let url = url.trim();
    (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
        && !url.contains(char::is_whitespace)
}

fn profile_json(user: &UserRow) -> serde_json::Value {
    json!({
        "email": user.email, "language": user.language,
        "timezone": user.timezone, "avatar": user.avatar,
    })
}

/// Changes the actor's password after checking the current one, and ends every other
/// session of theirs: whoever else held one is out.
pub async fn change_password(
    ctx: &Context,
    actor: &Actor,
    current_password: &str,
    new_password: &str,
) -> AppResult<()> {
    let scope = actor.scope();
    let user = me(ctx, actor).await?;
    if !verify_password(ctx, current_password.to_owned(), user.password_hash.clone()).await? {
        return Err(FieldErrors::single("current", "incorrect").into());
    }
    password_policy::check(new_password).map_err(|problem| FieldErrors::single("new", problem))?;
    let hash = hash_password(&ctx.auth, new_password.to_owned()).await?;

    let at = now();
    let mut tx = ctx.pool.write().await?;
    if !store::users::set_password_hash(&mut tx, scope.company_id(), scope.user_id(), &hash, at)
        .await?
    {
        return Err(AppError::NotFound);
    }
    store::sessions::delete_for_user(&mut tx, scope.user_id(), actor.session_id.as_deref()).await?;
    audit::record(
        &mut tx,
        Change::by(
            actor,
            "user.password_changed",
            "user",
            &actor.user_id,
            None,
            None,
            at,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
