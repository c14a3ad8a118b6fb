//! Typed audit actions, written through `store::audit` inside the change's transaction.

use domain::clock::Timestamp;
use serde_json::Value;
use store::Tx;

use crate::error::AppResult;

/// One audited change. The action names are stable: clients filter on them.
pub struct Change<'a> {
    pub company_id: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'static str,
    pub object_kind: &'static str,
    pub object_id: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub at: Timestamp,
}

impl<'a> Change<'a> {
    /// A change made by `actor` to the object `kind`/`id`.
    pub fn by(
        actor: &'a domain::Actor,
        action: &'static str,
        object_kind: &'static str,
        object_id: &'a str,
        before: Option<Value>,
        after: Option<Value>,
        at: Timestamp,
    ) -> Self {
        Change {
            company_id: &actor.company_id,
            actor_id: Some(&actor.user_id),
            action,
            object_kind,
            object_id,
            before,
            after,
            at,
        }
    }
}

/// Records `change`; an error here aborts the caller's transaction, so a change is
/// never committed without its audit row.
pub async fn record(tx: &mut Tx, change: Change<'_>) -> AppResult<()> {
    store::audit::record(
        tx,
        &store::audit::NewEntry {
            company_id: change.company_id,
            actor_id: change.actor_id,
            action: change.action,
            object_kind: change.object_kind,
            object_id: change.object_id,
            project_ids: &[],
            before: change.before,
            after: change.after,
            at: change.at,
        },
    )
    .await?;
    Ok(())
}
