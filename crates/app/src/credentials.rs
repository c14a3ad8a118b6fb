//! Secrets: Argon2id password hashes and random bearer tokens stored as SHA-256 digests.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::Context;
use crate::config::AuthConfig;
use crate::error::{AppError, AppResult};

fn hasher(config: &AuthConfig) -> AppResult<Argon2<'static>> {
    let params = Params::new(config.argon2_memory_kib, config.argon2_iterations, 1, None)
        .map_err(|e| AppError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes off the async threads: Argon2 is deliberately slow.
pub async fn hash_password(config: &AuthConfig, password: String) -> AppResult<String> {
    let argon2 = hasher(config)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hashing task: {e}")))?
}

/// Checks a password against a stored hash; `None` (no such user or no password yet)
/// still costs one verification, against the context's decoy hash, so timing does not
/// reveal which accounts exist.
pub async fn verify_password(
    ctx: &Context,
    password: String,
    stored: Option<String>,
) -> AppResult<bool> {
    let argon2 = hasher(&ctx.auth)?;
    let known = stored.is_some();
    let stored = match stored {
        Some(hash) => hash,
        None => ctx
            .decoy_hash
            .get_or_try_init(|| hash_password(&ctx.auth, "decoy".to_owned()))
            .await?
            .clone(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| argon2.verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::Internal(format!("verification task: {e}")))?;
    Ok(known && matches)
}

/// A new 256-bit random token with a readable prefix, e.g. `sbs_…` for sessions.
pub fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored for a token: its SHA-256, hex. A leaked table grants nothing.
pub fn token_digest(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_digests_stable() {
        let a = new_token("sbs");
        let b = new_token("sbs");
        assert_ne!(a, b);
        assert!(a.starts_with("sbs_") && a.len() == 4 + 43);
        assert_eq!(token_digest("x"), token_digest("x"));
        assert_eq!(token_digest("x").len(), 64);
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let pool = store::Pool::connect("sqlite::memory:", Default::default())
            .await
            .unwrap();
        let ctx = Context::new(pool, AuthConfig::default());
        let hash = hash_password(&ctx.auth, "correct-horse-9".into())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        let right = verify_password(&ctx, "correct-horse-9".into(), Some(hash.clone()));
        assert!(right.await.unwrap());
        assert!(
            !verify_password(&ctx, "wrong".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!verify_password(&ctx, "decoy".into(), None).await.unwrap());
    }
}
