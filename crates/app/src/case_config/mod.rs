//! Case configuration (`case_config.manage`): statuses with the fields they require,
//! reasons, custom fields and contact-attempt results (dispositions). Everyone who
//! works cases reads it. The four are editable lists sharing one create / update /
//! delete flow ([`editable`]); the functions here are what the API and pages call.

pub mod editable;
mod fields;
mod reasons;
mod results;
mod statuses;

use domain::{Actor, FieldErrors, Permission};
use store::case_config::ReasonRow;

pub use editable::EditableList;
pub use fields::{CustomFields, Field, FieldInput};
pub(crate) use reasons::reason_refusal;
pub use reasons::{ReasonInput, Reasons};
pub use results::{Disposition, DispositionInput, Results};
pub(crate) use results::{all_dispositions, disposition_for_attempt};
pub(crate) use statuses::all_statuses;
pub use statuses::{Status, StatusInput, Statuses};

use crate::Context;
use crate::error::{AppError, AppResult};

/// Reading the configuration: anyone who sees cases, or configures them.
fn require_read(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::CASES_VIEW) || actor.can(Permission::CASE_CONFIG_MANAGE) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Permission::CASES_VIEW.key()))
    }
}

fn clean_name(name: &str) -> AppResult<String> {
    domain::profile::clean_name(name).ok_or_else(|| FieldErrors::single("name", "required").into())
}

pub async fn statuses(ctx: &Context, actor: &Actor) -> AppResult<Vec<Status>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    all_statuses(&mut tx, &actor.company_id).await
}

pub async fn reasons(ctx: &Context, actor: &Actor) -> AppResult<Vec<ReasonRow>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    Ok(store::case_config::reasons(&mut tx, &actor.company_id).await?)
}

/// Custom fields; removed ones (still labelling old values) only when asked.
pub async fn fields(ctx: &Context, actor: &Actor, with_removed: bool) -> AppResult<Vec<Field>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    Ok(
        store::case_config::fields(&mut tx, &actor.company_id, with_removed)
            .await?
            .into_iter()
            .map(Field::from_row)
            .collect(),
    )
}

pub async fn dispositions(ctx: &Context, actor: &Actor) -> AppResult<Vec<Disposition>> {
    require_read(actor)?;
    let mut tx = ctx.pool.read().await?;
    all_dispositions(&mut tx, &actor.company_id).await
}

// The calls the API, the pages and the demo make, each one flow of `editable`.

pub async fn create_status(ctx: &Context, actor: &Actor, input: StatusInput) -> AppResult<Status> {
    editable::create::<Statuses>(ctx, actor, input).await
}

pub async fn update_status(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    input: StatusInput,
    expected_version: Option<i64>,
) -> AppResult<Status> {
    editable::update::<Statuses>(ctx, actor, key, input, expected_version).await
}

/// Cases in the status move to `move_to` first (see [`Statuses`]).
pub async fn delete_status(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    move_to: Option<&str>,
) -> AppResult<()> {
    editable::delete::<Statuses>(ctx, actor, key, move_to.map(str::to_owned)).await
}

pub async fn create_reason(
    ctx: &Context,
    actor: &Actor,
    input: ReasonInput,
) -> AppResult<ReasonRow> {
    editable::create::<Reasons>(ctx, actor, input).await
}

pub async fn update_reason(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: ReasonInput,
    expected_version: Option<i64>,
) -> AppResult<ReasonRow> {
    editable::update::<Reasons>(ctx, actor, id, input, expected_version).await
}

pub async fn delete_reason(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    editable::delete::<Reasons>(ctx, actor, id, ()).await
}

pub async fn create_field(ctx: &Context, actor: &Actor, input: FieldInput) -> AppResult<Field> {
    editable::create::<CustomFields>(ctx, actor, input).await
}

pub async fn update_field(
    ctx: &Context,
    actor: &Actor,
    id: &str,
    input: FieldInput,
    expected_version: Option<i64>,
) -> AppResult<Field> {
    editable::update::<CustomFields>(ctx, actor, id, input, expected_version).await
}

/// Removes the field from forms (see [`CustomFields`]).
pub async fn delete_field(ctx: &Context, actor: &Actor, id: &str) -> AppResult<()> {
    editable::delete::<CustomFields>(ctx, actor, id, ()).await
}

pub async fn create_disposition(
    ctx: &Context,
    actor: &Actor,
    input: DispositionInput,
) -> AppResult<Disposition> {
    editable::create::<Results>(ctx, actor, input).await
}

pub async fn update_disposition(
    ctx: &Context,
    actor: &Actor,
    key: &str,
    input: DispositionInput,
    expected_version: Option<i64>,
) -> AppResult<Disposition> {
    editable::update::<Results>(ctx, actor, key, input, expected_version).await
}

pub async fn delete_disposition(ctx: &Context, actor: &Actor, key: &str) -> AppResult<()> {
    editable::delete::<Results>(ctx, actor, key, ()).await
}
