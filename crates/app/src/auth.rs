//! Sign-up, sign-in with throttling, sign-out, and one-time tokens for invitations
//! and password resets.

use domain::clock::{Timestamp, now};
use domain::profile::{Language, clean_name, is_plausible_email, normalize_email};
use domain::{FieldErrors, Template, password_policy};
use serde_json::json;
use store::users::UserRow;

use crate::Context;
use crate::audit::{self, Change};
use crate::credentials::{hash_password, new_token, token_digest, verify_password};
use crate::error::{AppError, AppResult};
use crate::sessions;

/// A new session: the user it belongs to and the token that carries it.
pub struct SignedIn {
    pub user: UserRow,
    pub session_id: String,
    pub token: String,
}

/// Sign-up fields. No `Debug`: it holds a password, which must never reach a log.
#[derive(Clone)]
pub struct SignupInput {
    pub company: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub language: Language,
}

/// Creates a company with its template roles and its first user, an Admin, signed in.
pub async fn signup(ctx: &Context, input: SignupInput, client: &str) -> AppResult<SignedIn> {
    let mut errors = FieldErrors::new();
    let company = clean_name(&input.company);
    let name = clean_name(&input.name);
    if company.is_none() {
        errors.add("company", "required");
    }
    if name.is_none() {
        errors.add("name", "required");
    }
    if !is_plausible_email(&input.email) {
        errors.add("email", "invalid");
    }
    if let Err(problem) = password_policy::check(&input.password) {
        errors.add("password", problem);
    }
    errors.into_result()?;
    let (Some(company), Some(name)) = (company, name) else {
        return Err(AppError::Internal("validated names vanished".into()));
    };
    let email = input.email.trim().to_owned();
    let email_key = normalize_email(&email);
    let hash = hash_password(&ctx.auth, input.password).await?;

    let at = now();
    let mut tx = ctx.pool.write().await?;
    if store::users::email_key_taken(&mut tx, &email_key).await? {
        return Err(email_taken());
    }
    let company_id = domain::ids::new_id();
    store::companies::insert(&mut tx, &company_id, &company, at).await?;
    store::roles::insert_templates(&mut tx, &company_id, at).await?;
    let admin = store::roles::template_role(&mut tx, &company_id, Template::Admin)
        .await?
        .ok_or_else(|| AppError::Internal("admin template missing".into()))?;
    let user_id = domain::ids::new_id();
    store::users::insert(
        &mut tx,
        &store::users::NewUser {
            id: &user_id,
            company_id: &company_id,
            role_id: &admin.id,
            name: &name,
            email: &email,
            email_key: &email_key,
            password_hash: Some(&hash),
            language: input.language.code(),
            timezone: "UTC",
            now: at,
        },
    )
    .await
    .map_err(|e| match e {
        store::StoreError::Unique(_) => email_taken(),
        other => other.into(),
    })?;
    audit::record(
        &mut tx,
        Change {
            api_token_id: None,
            role_test_id: None,
            company_id: &company_id,
            actor_id: Some(&user_id),
            action: "company.created",
            object_kind: "company",
            object_id: &company_id,
            before: None,
            after: Some(
                json!({ "name": company, "first_user": { "id": user_id, "email": email } }),
            ),
            at,
            project_ids: Vec::new(),
        },
    )
    .await?;
    let (session_id, token) =
        sessions::start(ctx, &mut tx, &user_id, &company_id, client, at).await?;
    let user = store::users::get_for_session(&mut tx, &company_id, &user_id)
        .await?
        .ok_or_else(|| AppError::Internal("new user vanished".into()))?;
    tx.commit().await?;
    Ok(SignedIn {
        user,
        session_id,
        token,
    })
}

fn email_taken() -> AppError {
    AppError::Conflict {
        code: "email_taken",
        message: "An account with this email already exists.".into(),
    }
}

/// Signs in with email and password. A wrong password, an unknown email and a blocked
/// user all answer `Unauthorized`; too many recent failures answer `Throttled` before
/// the password is even looked at.
pub async fn login(
    ctx: &Context,
    email: &str,
    password: &str,
    client: &str,
) -> AppResult<SignedIn> {
    let account_key = normalize_email(email);
    let client_key = if client.is_empty() { "unknown" } else { client };
    let at = now();
    let since = at - ctx.auth.throttle_window;

    let mut tx = ctx.pool.read().await?;
    let account_failures =
        store::sign_in_failures::count_for_account(&mut tx, &account_key, since).await?;
    let client_failures =
        store::sign_in_failures::count_for_client(&mut tx, client_key, since).await?;
    if account_failures >= ctx.auth.max_failures_per_account
        || client_failures >= ctx.auth.max_failures_per_client
    {
        return Err(AppError::Throttled {
            retry_after_seconds: ctx.auth.throttle_window.num_seconds(),
        });
    }
    let user = store::users::find_for_sign_in(&mut tx, &account_key).await?;
    drop(tx);

    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = verify_password(ctx, password.to_owned(), stored_hash).await?;
    let mut tx = ctx.pool.write().await?;
    match user {
        Some(user) if password_ok && user.active => {
            store::sign_in_failures::clear_account(&mut tx, &account_key).await?;
            let (session_id, token) =
                sessions::start(ctx, &mut tx, &user.id, &user.company_id, client_key, at).await?;
            tx.commit().await?;
            Ok(SignedIn {
                user,
                session_id,
                token,
            })
        }
        _ => {
            store::sign_in_failures::record(&mut tx, &account_key, client_key, at).await?;
            store::sign_in_failures::delete_before(&mut tx, at - ctx.auth.throttle_window * 4)
                .await?;
            tx.commit().await?;
            Err(AppError::Unauthorized)
        }
    }
}

/// What a one-time token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Invite,
    Reset,
}

impl TokenPurpose {
    fn key(self) -> &'static str {
        match self {
            TokenPurpose::Invite => "invite",
            TokenPurpose::Reset => "reset",
        }
    }
}

/// Issues a one-time token for a user inside the caller's transaction, voiding the
/// user's earlier open tokens of the same purpose; answers the secret, shown once.
pub async fn issue_token(
    ctx: &Context,
    tx: &mut store::Tx,
    company_id: &str,
    user_id: &str,
    purpose: TokenPurpose,
    at: Timestamp,
) -> AppResult<String> {
    let token = new_token(match purpose {
        TokenPurpose::Invite => "sbi",
        TokenPurpose::Reset => "sbr",
    });
    let ttl = match purpose {
        TokenPurpose::Invite => ctx.auth.invite_ttl,
        TokenPurpose::Reset => ctx.auth.reset_ttl,
    };
    store::tokens::revoke_open(tx, user_id, purpose.key(), at).await?;
    store::tokens::insert(
        tx,
        &store::tokens::NewToken {
            id: &domain::ids::new_id(),
            token_hash: &token_digest(&token),
            user_id,
            company_id,
            purpose: purpose.key(),
            now: at,
            expires_at: at + ttl,
        },
    )
    .await?;
    Ok(token)
}

/// Sets a password from an invitation or reset token, ends the user's other sessions
/// and signs them in. An unknown, used or expired token is refused like a bad field.
pub async fn redeem_token(
    ctx: &Context,
    purpose: TokenPurpose,
    token: &str,
    password: &str,
    client: &str,
) -> AppResult<SignedIn> {
    password_policy::check(password).map_err(|problem| FieldErrors::single("password", problem))?;
    let hash = hash_password(&ctx.auth, password.to_owned()).await?;
    let invalid = || AppError::Invalid(FieldErrors::single("token", "invalid_or_expired"));

    let at = now();
    let mut tx = ctx.pool.write().await?;
    let consumed = store::tokens::consume(&mut tx, &token_digest(token), purpose.key(), at)
        .await?
        .ok_or_else(invalid)?;
    let user = store::users::get_for_session(&mut tx, &consumed.company_id, &consumed.user_id)
        .await?
        .filter(|u| u.active)
        .ok_or_else(invalid)?;
    store::users::set_password_hash(&mut tx, &user.company_id, &user.id, &hash, at).await?;
    store::users::set_invitation_pending(&mut tx, &user.company_id, &user.id, false).await?;
    store::sessions::delete_for_user(&mut tx, &user.id, None).await?;
    audit::record(
        &mut tx,
        Change {
            api_token_id: None,
            role_test_id: None,
            company_id: &user.company_id,
            actor_id: Some(&user.id),
            action: match purpose {
                TokenPurpose::Invite => "user.invitation_accepted",
                TokenPurpose::Reset => "user.password_reset",
            },
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            at,
            project_ids: Vec::new(),
        },
    )
    .await?;
    let (session_id, token) =
        sessions::start(ctx, &mut tx, &user.id, &user.company_id, client, at).await?;
    let user = store::users::get_for_session(&mut tx, &user.company_id, &user.id)
        .await?
        .ok_or_else(|| AppError::Internal("user vanished".into()))?;
    tx.commit().await?;
    Ok(SignedIn {
        user,
        session_id,
        token,
    })
}

/// A reset token for the user with this email, for the installation's operator (the
/// `switchboard admin reset-link` command), who stands outside any company.
pub async fn issue_reset_for_email(ctx: &Context, email: &str) -> AppResult<String> {
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let user = store::users::find_for_sign_in(&mut tx, &normalize_email(email))
        .await?
        .ok_or(AppError::NotFound)?;
    let token = issue_token(
        ctx,
        &mut tx,
        &user.company_id,
        &user.id,
        TokenPurpose::Reset,
        at,
    )
    .await?;
    audit::record(
        &mut tx,
        Change {
            api_token_id: None,
            role_test_id: None,
            company_id: &user.company_id,
            actor_id: None,
            action: "user.password_reset_issued",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: Some(json!({ "by": "installation operator" })),
            at,
            project_ids: Vec::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}
