//! Data changes the SQL migrations leave to the application, carried out once at
//! start-up, after the schema migrations and before serving.

use store::data_migrations;

use crate::Context;
use crate::error::AppResult;

const CASE_SEARCH_TERMS: &str = "case_search_terms";
const BATCH: i64 = 2_000;

/// Runs whatever is pending; answers how many rows changed.
pub async fn run_pending(ctx: &Context) -> AppResult<u64> {
    let mut tx = ctx.pool.read().await?;
    if !data_migrations::pending(&mut tx, CASE_SEARCH_TERMS).await? {
        return Ok(0);
    }
    drop(tx);
    let changed = case_search_terms(ctx).await?;
    let mut tx = ctx.pool.write().await?;
    data_migrations::done(&mut tx, CASE_SEARCH_TERMS, domain::clock::now()).await?;
    tx.commit().await?;
    Ok(changed)
}

/// Gives cases stored before migration 0009 their search terms, a batch per
/// transaction; running it again redoes the same work, so a crash midway is harmless.
async fn case_search_terms(ctx: &Context) -> AppResult<u64> {
    let mut after = String::new();
    let mut changed = 0;
    loop {
        let mut tx = ctx.pool.write().await?;
        let rows = store::cases::all_after(&mut tx, &after, BATCH).await?;
        let Some(last) = rows.last() else {
            return Ok(changed);
        };
        after = last.id.clone();
        for mut row in rows {
            let old_search = std::mem::take(&mut row.search);
            let phones: Vec<String> =
                serde_json::from_str(&row.customer_phones).unwrap_or_default();
            row.search = domain::search::terms(&row.customer_name, &row.customer_document, &phones)
                .join(" ");
            store::cases::reindex(&mut tx, &row, &old_search).await?;
            changed += 1;
        }
        tx.commit().await?;
    }
}
