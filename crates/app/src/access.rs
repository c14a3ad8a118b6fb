//! Permission checks shared by the use-cases.

use domain::{Actor, DataScope, Permission, PermissionSet};

use crate::error::{AppError, AppResult};

/// Nobody hands out — in a role, a role assignment or an API token — a permission or a
/// data scope they do not hold themselves.
pub fn check_grant(actor: &Actor, permissions: &PermissionSet, scope: DataScope) -> AppResult<()> {
    actor.holds_all(permissions, scope).map_err(|missing| {
        if missing.is_empty() {
            AppError::Forbidden("that reaches wider than your own data scope")
        } else {
            AppError::NotHeld(missing.into_iter().map(Permission::key).collect())
        }
    })
}

/// Refuses with 403 unless the actor's role in force holds `permission`.
pub fn require(actor: &Actor, permission: Permission) -> AppResult<()> {
    if actor.can(permission) {
        Ok(())
    } else {
        Err(AppError::Forbidden(permission.key()))
    }
}
