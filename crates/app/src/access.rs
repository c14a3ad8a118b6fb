//! Permission checks shared by the use-cases.

use domain::{Actor, Permission};

use crate::error::{AppError, AppResult};

/// Refuses with 403 unless the actor's role in force holds `permission`.
pub fn require(actor: &Actor, permission: Permission) -> AppResult<()> {
    if actor.can(permission) {
        Ok(())
    } else {
        Err(AppError::Forbidden(permission.key()))
    }
}
