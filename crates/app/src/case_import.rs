//! CSV import of cases into a campaign, as a background job with progress: valid rows
//! land in batches, each row whole or not at all; invalid rows are reported by line.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use domain::case_config::FieldType;
use domain::cases::{Customer, Priority};
use domain::objects::ObjectKind;
use domain::{Actor, FieldErrors, Permission};
use serde_json::{Map, Value, json};
use store::Tx;
use store::cases::{CaseRow, TermRun};
use store::jobs::JobRow;
use store::row_locks::Row;
use tokio::sync::mpsc;

use crate::Context;
use crate::access::require;
use crate::case_config::Status;
use crate::cases::{CaseInput, Takers};
use crate::error::{AppError, AppResult};
use domain::cases::FieldSpec;

/// The most a CSV file may hold (about a million rows), however it is uploaded.
pub const MAX_BYTES: usize = 512 * 1024 * 1024;
/// Rows written per transaction (in a few multi-row statements): on SQLite, about
/// 60 ms of the only writer, so no other request waits long behind a batch
/// (docs/BENCHMARKS.md, import).
const BATCH: usize = 2_000;
/// Search terms written per transaction once merged (on SQLite about 50 ms).
const TERMS_PER_TX: usize = 40_000;
/// Pending marks of cases forgotten, or (recovering a stopped import) whose terms are
/// written, per transaction.
const PENDING_PER_TX: i64 = 5_000;
/// Rows whose search terms wait aside (in memory, and as pending rows should the
/// server stop) before going into the index together: a batch's terms land all over
/// the index, so writing many batches' at once, merged into key order, writes each of
/// its pages once instead of once per batch (a 1,000,000-row import took 85 s writing
/// terms per batch). Until then the cases are listed but not found by text search.
const TERMS_EVERY: usize = 1_000_000;
/// A running job's worker marks it alive this often, between its batches' progress,
/// so a long step (the terms' merge) does not look like a stopped server.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// A job with no sign of life for this long is one a stopped server left behind; every
/// server process closes such jobs (at start-up and then every [`SWEEP_EVERY`]).
const STALLED_AFTER_MINUTES: i64 = 2;
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);
/// Row errors kept on the job (all are counted).
const KEPT_ERRORS: usize = 1_000;

/// The columns an import understands; `fields.<key>` names a custom field.
pub const COLUMNS: &[&str] = &[
    "name",
    "document",
    "phones",
    "email",
    "address",
    "area",
    "amount",
    "due_date",
    "priority",
    "description",
    "status",
    "assignee_email",
];

fn reader(csv: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv)
}

/// Checks the header against the known columns and counts the data rows.
fn inspect(csv: &[u8], specs: &[FieldSpec]) -> AppResult<(Vec<String>, i64)> {
    let mut reader = reader(csv);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| AppError::from(FieldErrors::single("csv", &format!("unreadable: {e}"))))?
        .iter()
        .map(|h| h.trim().to_lowercase().replace("customer_name", "name"))
        .collect();
    if !headers.iter().any(|h| h == "name") {
        return Err(FieldErrors::single("csv", "missing_name_column").into());
    }
    for header in &headers {
        let custom = header
            .strip_prefix("fields.")
            .is_some_and(|key| specs.iter().any(|s| s.key == key));
        if !custom && !COLUMNS.contains(&header.as_str()) {
            return Err(FieldErrors::single("csv", &format!("unknown_column: {header}")).into());
        }
    }
    let mut total = 0;
    let mut record = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| AppError::from(FieldErrors::single("csv", &format!("unreadable: {e}"))))?
    {
        total += 1;
    }
    Ok((headers, total))
}

/// Starts importing `csv` (an uploaded file's, if it has a name) into the campaign;
/// answers the job to follow.
pub async fn start(
    ctx: &Context,
    actor: &Actor,
    campaign_id: &str,
    csv: Bytes,
    file_name: Option<&str>,
) -> AppResult<JobRow> {
    require(actor, Permission::CASES_IMPORT)?;
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let ids = [campaign_id.to_owned()];
    if store::objects::visible(&mut tx, &actor.scope(), ObjectKind::DialerCampaigns, &ids)
        .await?
        .is_empty()
    {
        return Err(FieldErrors::single("campaign_id", "not_found").into());
    }
    let specs = crate::cases::field_specs(&mut tx, &actor.company_id).await?;
    let (headers, total) = inspect(&csv, &specs)?;
    let job = JobRow {
        id: domain::ids::new_id(),
        company_id: actor.company_id.clone(),
        user_id: Some(actor.user_id.clone()),
        kind: "case_import".into(),
        status: "queued".into(),
        total,
        processed: 0,
        succeeded: 0,
        failed: 0,
        errors: "[]".into(),
        message: None,
        created_at: at,
        updated_at: at,
        finished_at: None,
        campaign_id: Some(campaign_id.to_owned()),
        file_name: file_name
            .map(|name| name.trim().chars().take(255).collect::<String>())
            .filter(|name| !name.is_empty()),
        result: None,
        owner: None,
    };
    store::jobs::insert(&mut tx, &job).await?;
    tx.commit().await?;
    let run = Arc::new(Run {
        ctx: ctx.clone(),
        actor: actor.clone(),
        campaign_id: campaign_id.to_owned(),
        headers,
    });
    let mut running = job.clone();
    tokio::spawn(async move {
        let alive = tokio::spawn(keep_alive(run.ctx.clone(), running.id.clone(), HEARTBEAT));
        let outcome = Arc::clone(&run).run(&mut running, csv).await;
        alive.abort();
        if let Err(error) = outcome {
            tracing::error!(job = %running.id, %error, "case import failed");
            running.status = "failed".into();
            running.message = Some(
                "the import stopped on a server error; rows reported as processed are stored"
                    .into(),
            );
            running.finished_at = Some(domain::clock::now());
            // Closed first, then its stored cases made searchable a part at a time (a
            // sweep finishes that should this process stop meanwhile).
            if let Ok(mut tx) = run.ctx.pool.write().await
                && store::jobs::save_progress(&mut tx, &running)
                    .await
                    .is_ok_and(|saved| saved)
                && tx.commit().await.is_ok()
                && let Err(error) = flush_pending(&run.ctx, &running.id).await
            {
                tracing::warn!(job = %running.id, %error, "cannot index a failed import's cases");
            }
        }
    });
    Ok(job)
}

/// Closes the imports a stopped server left running: what they stored stays, made
/// searchable, and the job says it stopped. Answers how many it closed; another
/// process closing the same jobs at the same time closes each once.
pub async fn recover_stalled(ctx: &Context) -> AppResult<usize> {
    let now = domain::clock::now();
    let before = now - chrono::Duration::minutes(STALLED_AFTER_MINUTES);
    // Looked for first without the writer's lock, which every sweep would otherwise
    // take (on SQLite, waiting behind any import's batch) to find nothing.
    flush_left_behind(ctx).await?;
    let mut read = ctx.pool.read().await?;
    let stalled = store::jobs::stalled(&mut read, "case_import", before).await?;
    drop(read);
    if stalled.is_empty() {
        return Ok(0);
    }
    let mut closed = 0;
    for job in &stalled {
        // Closed first: a worker that comes back can no longer save, and of two
        // processes sweeping at once the second finds it closed.
        let mut tx = ctx.pool.write().await?;
        if store::jobs::close_stalled(&mut tx, &job.id, before, SERVER_STOPPED, now).await? {
            tx.commit().await?;
            flush_pending(ctx, &job.id).await?;
            closed += 1;
        }
    }
    Ok(closed)
}

/// Makes the stored cases of closed imports searchable where a process stopped before
/// it had (between closing the job and the last of its terms).
async fn flush_left_behind(ctx: &Context) -> AppResult<()> {
    let mut read = ctx.pool.read().await?;
    let left = store::cases::jobs_with_pending_terms(&mut read).await?;
    drop(read);
    for job_id in left {
        flush_pending(ctx, &job_id).await?;
    }
    Ok(())
}

/// Writes the search terms of the job's pending cases, a bounded part per transaction.
async fn flush_pending(ctx: &Context, job_id: &str) -> AppResult<()> {
    loop {
        let mut tx = ctx.pool.write().await?;
        let done = store::cases::flush_pending_terms(&mut tx, job_id, PENDING_PER_TX).await?;
        tx.commit().await?;
        if done == 0 {
            return Ok(());
        }
    }
}

/// What a job closed as stalled says.
const SERVER_STOPPED: &str =
    "the server stopped during the import; rows reported as processed are stored";

/// Runs [`recover_stalled`] every `every`, for as long as the server runs: with several
/// server processes, the imports of one that stopped are closed by the others.
pub async fn recover_stalled_every(ctx: Context, every: Duration) {
    let mut tick = ticks(every);
    loop {
        tick.tick().await;
        match recover_stalled(&ctx).await {
            Ok(0) => {}
            Ok(jobs) => tracing::warn!(jobs, "imports left running by a stopped server closed"),
            Err(error) => tracing::warn!(%error, "cannot close stalled imports"),
        }
    }
}

/// Ticks every `every`, the first one after `every`; a late tick delays the next.
fn ticks(every: Duration) -> tokio::time::Interval {
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick
}

/// Marks the job alive every `every` until aborted or the job is closed.
pub async fn keep_alive(ctx: Context, job_id: String, every: Duration) {
    let mut tick = ticks(every);
    loop {
        tick.tick().await;
        let beat = async {
            let mut tx = ctx.pool.write().await?;
            let open = store::jobs::beat(&mut tx, &job_id, domain::clock::now()).await?;
            tx.commit().await?;
            AppResult::Ok(open)
        };
        match beat.await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => tracing::warn!(job = %job_id, %error, "import heartbeat failed"),
        }
    }
}

/// Saves the job's progress in `tx`, or fails if the job was closed as stalled
/// meanwhile (the worker was cut off for minutes): `tx`, not committed, then writes
/// nothing the job's report does not count.
async fn save(tx: &mut Tx, job: &JobRow) -> AppResult<()> {
    if store::jobs::save_progress(tx, job).await? {
        Ok(())
    } else {
        Err(AppError::Conflict {
            code: "job_closed",
            message: "the import was closed as stalled by another server process".into(),
        })
    }
}

struct Run {
    ctx: Context,
    actor: Actor,
    campaign_id: String,
    headers: Vec<String>,
}

/// What one import needs to know once, not per row.
struct Setup {
    project_id: Option<String>,
    specs: Vec<FieldSpec>,
    statuses: Vec<Status>,
    takers: Takers,
    assignees: HashMap<String, Option<String>>,
}

/// One batch read and checked, ready to be written.
struct Prepared {
    cases: Vec<CaseRow>,
    processed: i64,
    failed: i64,
    /// Refused rows, as `{row, reason, problems}`.
    errors: Vec<Value>,
    /// The search terms of `cases`, sorted here on the reader's core.
    terms: TermRun,
}

impl Run {
    /// Two stages on the two cores: one task reads and checks the rows of the next
    /// batch while this one writes the last, a batch ahead at most.
    async fn run(self: Arc<Self>, job: &mut JobRow, csv: Bytes) -> AppResult<()> {
        let (sender, mut batches) = mpsc::channel::<AppResult<Prepared>>(1);
        let reader = tokio::spawn(Arc::clone(&self).prepare_all(csv, sender));
        job.status = "running".into();
        let mut errors: Vec<Value> = Vec::new();
        let mut unindexed: Vec<TermRun> = Vec::new();
        let mut unindexed_rows = 0;
        // The project the cases went into: the campaign's when the job began.
        let mut imported_into: Option<Option<String>> = None;
        // The project the terms go into: the campaign's as last seen.
        let mut terms_into: Option<Option<String>> = None;
        while let Some(batch) = batches.recv().await {
            let batch = batch?;
            if let Some(case) = batch.cases.first() {
                imported_into.get_or_insert_with(|| case.project_id.clone());
                terms_into.get_or_insert_with(|| case.project_id.clone());
            }
            if unindexed_rows >= TERMS_EVERY {
                self.write_terms(job, &unindexed, &mut terms_into).await?;
                unindexed.clear();
                unindexed_rows = 0;
            }
            let at = domain::clock::now();
            let mut tx = self.ctx.pool.write().await?;
            store::cases::insert_many_unindexed(&mut tx, &batch.cases).await?;
            store::cases::insert_pending_terms(&mut tx, &job.id, &batch.cases).await?;
            unindexed.push(batch.terms);
            unindexed_rows += batch.cases.len();
            let events: Vec<_> = batch
                .cases
                .iter()
                .map(|row| {
                    let data = json!({ "status": row.status, "assignee_id": row.assignee_id, "import": true });
                    crate::cases::event(&row.id, &self.actor, "created", data, at)
                })
                .collect();
            store::cases::insert_events(&mut tx, &self.actor.company_id, &events).await?;
            job.processed += batch.processed;
            job.failed += batch.failed;
            job.succeeded += batch.processed - batch.failed;
            let room = KEPT_ERRORS.saturating_sub(errors.len());
            errors.extend(batch.errors.into_iter().take(room));
            job.errors = Value::Array(errors.clone()).to_string();
            job.updated_at = at;
            save(&mut tx, job).await?;
            tx.commit().await?;
        }
        // The channel closes when the reader is done or has failed (after sending why).
        reader
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        self.write_terms(job, &unindexed, &mut terms_into).await?;
        let at = domain::clock::now();
        job.status = "done".into();
        job.updated_at = at;
        job.finished_at = Some(at);
        let mut tx = self.ctx.pool.write().await?;
        // A campaign moved to another project during the job: its move put the cases
        // then stored in the new project, but not those written since. Held, the
        // campaign can't move again before this commits.
        let now_in = self.campaign_project(&mut tx).await?;
        if imported_into.is_some_and(|project| project != now_in) {
            let company_id = &self.actor.company_id;
            store::cases::follow_source(&mut tx, company_id, Some(&self.campaign_id)).await?;
        }
        save(&mut tx, job).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The campaign's project now, held (it can't move) until `tx` ends.
    async fn campaign_project(&self, tx: &mut Tx) -> AppResult<Option<String>> {
        let company_id = &self.actor.company_id;
        store::row_locks::lock(tx, Row::Object, company_id, &self.campaign_id).await?;
        Ok(
            crate::objects::placements(tx, company_id, &self.campaign_id)
                .await?
                .into_iter()
                .next(),
        )
    }

    /// Writes the terms gathered so far merged into key order, a bounded part per
    /// transaction, then forgets the pending marks they stood for (so, should the
    /// server stop meanwhile, the recovery writes the cases' terms again, keeping those
    /// already written). Each part checks the campaign's project: if it moved since
    /// `terms_into`, the terms go to the new one and the cases stored and terms
    /// written so far follow.
    async fn write_terms(
        &self,
        job: &JobRow,
        runs: &[TermRun],
        terms_into: &mut Option<Option<String>>,
    ) -> AppResult<()> {
        let mut writer = store::cases::TermWriter::new(runs);
        let company_id = &self.actor.company_id;
        loop {
            let mut tx = self.ctx.pool.write().await?;
            let now_in = self.campaign_project(&mut tx).await?;
            if let Some(into) = terms_into
                && *into != now_in
            {
                writer.move_to(now_in.as_deref());
                store::cases::follow_source(&mut tx, company_id, Some(&self.campaign_id)).await?;
                *into = now_in;
            }
            writer.write(&mut tx, TERMS_PER_TX).await?;
            alive(&mut tx, &job.id).await?;
            tx.commit().await?;
            if writer.is_done() {
                break;
            }
        }
        loop {
            let mut tx = self.ctx.pool.write().await?;
            let forgotten =
                store::cases::clear_pending_terms(&mut tx, &job.id, PENDING_PER_TX).await?;
            alive(&mut tx, &job.id).await?;
            tx.commit().await?;
            if forgotten == 0 {
                return Ok(());
            }
        }
    }

    /// Reads the rows batch by batch and sends each batch on; stops at the end of the
    /// file, on an error (sent on) or when the writer has gone.
    async fn prepare_all(self: Arc<Self>, csv: Bytes, batches: mpsc::Sender<AppResult<Prepared>>) {
        let mut setup = match self.setup().await {
            Ok(setup) => setup,
            Err(error) => {
                let _ = batches.send(Err(error)).await;
                return;
            }
        };
        let mut reader = reader(&csv);
        let mut records = reader.records();
        let mut line = 1;
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            for record in records.by_ref().take(BATCH) {
                line += 1;
                batch.push((line, record));
            }
            if batch.is_empty() {
                return;
            }
            let prepared = self.prepare(&mut setup, batch).await;
            let failed = prepared.is_err();
            if batches.send(prepared).await.is_err() || failed {
                return;
            }
        }
    }

    async fn setup(&self) -> AppResult<Setup> {
        let actor = &self.actor;
        let mut tx = self.ctx.pool.read().await?;
        Ok(Setup {
            project_id: crate::objects::placements(&mut tx, &actor.company_id, &self.campaign_id)
                .await?
                .into_iter()
                .next(),
            specs: crate::cases::field_specs(&mut tx, &actor.company_id).await?,
            statuses: crate::case_config::all_statuses(&mut tx, &actor.company_id).await?,
            takers: Takers::new(&actor.company_id),
            assignees: HashMap::new(),
        })
    }

    async fn prepare(
        &self,
        setup: &mut Setup,
        batch: Vec<(usize, csv::Result<csv::StringRecord>)>,
    ) -> AppResult<Prepared> {
        let at = domain::clock::now();
        // Reads only what the cache of assignees lacks; the writes happen in the
        // writer's transaction.
        let mut tx = self.ctx.pool.read().await?;
        let mut cases = Vec::with_capacity(batch.len());
        let (mut processed, mut failed, mut errors) = (0, 0, Vec::new());
        for (line, record) in batch {
            processed += 1;
            let outcome = match record {
                Ok(record) => self.import_row(&mut tx, setup, &record, at).await?,
                Err(e) => Err(Refusal::unreadable(&e)),
            };
            match outcome {
                Ok(case) => cases.push(case),
                Err(refusal) => {
                    failed += 1;
                    if errors.len() < KEPT_ERRORS {
                        errors.push(refusal.to_json(line));
                    }
                }
            }
        }
        Ok(Prepared {
            terms: TermRun::of(&self.actor.company_id, setup.project_id.as_deref(), &cases)?,
            cases,
            processed,
            failed,
            errors,
        })
    }

    /// One row made a case, written with its batch; `Ok(Err(why))` when the row is
    /// refused.
    async fn import_row(
        &self,
        tx: &mut Tx,
        setup: &mut Setup,
        record: &csv::StringRecord,
        at: domain::clock::Timestamp,
    ) -> AppResult<Result<CaseRow, Refusal>> {
        let actor = &self.actor;
        let value = |column: &str| -> Option<&str> {
            self.headers
                .iter()
                .position(|h| h == column)
                .and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
        };
        // Every problem of the row is named, not only the first: whoever fixes the file
        // fixes it once.
        let mut refusal = Refusal::default();
        let status_key = value("status").unwrap_or("active");
        let status = setup.statuses.iter().find(|s| s.key == status_key).cloned();
        if status.is_none() {
            refusal.add("status", "unknown", Some(status_key));
        }
        let amount = match value("amount").map(str::parse::<f64>) {
            Some(Ok(amount)) => Some(Some(amount)),
            Some(Err(_)) => {
                refusal.add("amount", "not_a_number", None);
                None
            }
            None => None,
        };
        let priority = match value("priority") {
            Some(p) => match serde_json::from_value::<Priority>(json!(p)) {
                Ok(priority) => Some(priority),
                Err(_) => {
                    refusal.add("priority", "unknown", Some(p));
                    None
                }
            },
            None => None,
        };
        let mut fields = Map::new();
        for spec in &setup.specs {
            let field = format!("fields.{}", spec.key);
            if let Some(raw) = value(&field) {
                let parsed = match spec.field_type {
                    FieldType::Number => match raw.parse::<f64>() {
                        Ok(n) => json!(n),
                        Err(_) => {
                            refusal.add(&field, "not_a_number", None);
                            continue;
                        }
                    },
                    _ => json!(raw),
                };
                fields.insert(spec.key.clone(), parsed);
            }
        }
        let input = CaseInput {
            customer: Some(Customer {
                name: value("name").unwrap_or_default().to_owned(),
                document: value("document").unwrap_or_default().to_owned(),
                phones: value("phones")
                    .map(|p| p.split([';', '|']).map(str::to_owned).collect())
                    .unwrap_or_default(),
                email: value("email").unwrap_or_default().to_owned(),
                address: value("address").unwrap_or_default().to_owned(),
            }),
            area: value("area").map(str::to_owned),
            amount,
            due_date: value("due_date").map(|d| Some(d.to_owned())),
            priority,
            description: value("description").map(str::to_owned),
            fields: (!fields.is_empty()).then_some(fields),
            reason_id: None,
        };
        // An unknown status still has the rest of the row checked, against the
        // default status; the row is refused anyway.
        let checked_as = status.as_ref().or_else(|| setup.statuses.first());
        let Some(checked_as) = checked_as else {
            return Ok(Err(refusal));
        };
        let mut row = crate::cases::blank(
            &actor.company_id,
            setup.project_id.clone(),
            Some(self.campaign_id.clone()),
            None,
            checked_as,
            at,
        );
        match crate::cases::apply(tx, actor, &mut row, input, &setup.specs).await {
            Ok(()) => {}
            Err(AppError::Invalid(errors)) => refusal.invalid(&errors),
            Err(other) => return Err(other),
        }
        if let Some(email) = value("assignee_email") {
            let key = domain::profile::normalize_email(email);
            if !setup.assignees.contains_key(&key) {
                let user = store::users::find_by_email(tx, &actor.company_id, &key).await?;
                setup.assignees.insert(key.clone(), user.map(|u| u.id));
            }
            match setup.assignees.get(&key).cloned() {
                Some(Some(user_id)) => {
                    setup.takers.load(tx, &user_id).await?;
                    if setup.takers.may_take(&user_id, row.project_id.as_deref()) {
                        row.assignee_id = Some(user_id);
                    } else {
                        refusal.add("assignee_email", "cannot_see_case", Some(email));
                    }
                }
                _ => refusal.add("assignee_email", "not_found", Some(email)),
            }
        }
        if let Some(status) = &status {
            match crate::cases::require_fields(&row, &setup.specs, status) {
                Ok(()) => {}
                Err(AppError::MissingFields(keys)) => refusal.missing_fields(&status.key, &keys),
                Err(other) => return Err(other),
            }
        }
        if !refusal.problems.is_empty() {
            return Ok(Err(refusal));
        }
        Ok(Ok(row))
    }
}

/// Marks the job alive in `tx`, or fails if it was closed as stalled meanwhile: `tx`,
/// not committed, then writes nothing.
async fn alive(tx: &mut Tx, job_id: &str) -> AppResult<()> {
    if store::jobs::beat(tx, job_id, domain::clock::now()).await? {
        Ok(())
    } else {
        Err(AppError::Conflict {
            code: "job_closed",
            message: "the import was closed as stalled by another server process".into(),
        })
    }
}

/// Why a row was refused: in `reason`, an English sentence per problem; in
/// `problems`, each column at fault with a code (and the value, where it names one)
/// for clients to say it in their own words.
#[derive(Default)]
struct Refusal {
    reasons: Vec<String>,
    problems: Vec<Value>,
}

impl Refusal {
    /// One more column at fault; the English reason says it as earlier versions did.
    fn add(&mut self, field: &str, code: &str, value: Option<&str>) {
        let value_text = value.unwrap_or_default();
        self.reasons.push(match code {
            "not_a_number" => format!("{field}: not a number"),
            "unknown" => format!("{field}: unknown {field} {value_text}"),
            "not_found" => format!("{field}: no user {value_text}"),
            "cannot_see_case" => format!("{field}: {value_text} cannot see the campaign's cases"),
            other => format!("{field}: {other}"),
        });
        self.problems.push(problem(field, code, value));
    }

    /// A row the CSV reader could not read; the reason carries why.
    fn unreadable(error: &csv::Error) -> Self {
        Refusal {
            reasons: vec![format!("unreadable: {error}")],
            problems: vec![problem("row", "unreadable", None)],
        }
    }

    /// What the case's own validation refused, its codes as a 422 gives them.
    fn invalid(&mut self, errors: &FieldErrors) {
        for (field, code) in &errors.0 {
            self.reasons.push(format!("{field}: {code}"));
            self.problems.push(problem(field, code, None));
        }
    }

    fn missing_fields(&mut self, status: &str, keys: &[String]) {
        self.reasons.push(format!(
            "missing fields for status {status}: {}",
            keys.join(", ")
        ));
        self.problems.extend(
            keys.iter()
                .map(|key| problem(key, "required_for_status", Some(status))),
        );
    }

    fn to_json(&self, row: usize) -> Value {
        json!({ "row": row, "reason": self.reasons.join("; "), "problems": self.problems })
    }
}

fn problem(field: &str, code: &str, value: Option<&str>) -> Value {
    match value {
        Some(value) => json!({ "field": field, "code": code, "value": value }),
        None => json!({ "field": field, "code": code }),
    }
}

/// A CSV file to start from: every column an import reads, with the company's custom
/// fields, and two rows it would import (one complete, one with the name alone).
pub async fn sample(ctx: &Context, actor: &Actor) -> AppResult<String> {
    require(actor, Permission::CASES_IMPORT)?;
    let mut tx = ctx.pool.read().await?;
    let specs = crate::cases::field_specs(&mut tx, &actor.company_id).await?;
    drop(tx);
    let mut header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    header.extend(specs.iter().map(|s| format!("fields.{}", s.key)));
    let complete = [
        "Ana Gómez",
        "12345678Z",
        "+34600000001;+34910000001",
        "ana.gomez@example.com",
        "Calle Mayor 1, Madrid",
        "Norte",
        "120.50",
        "2026-12-31",
        "high",
        "Second reminder sent",
        "",
        "",
    ];
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, row: Vec<&str>| {
        writer
            .write_record(&row)
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    write(&mut writer, header.iter().map(String::as_str).collect())?;
    let blanks = vec![""; specs.len()];
    write(&mut writer, [&complete[..], &blanks].concat())?;
    let mut named = vec![""; header.len()];
    named[0] = "Bruno Díaz";
    write(&mut writer, named)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// The company's latest imports, newest first, for those who import.
pub async fn recent(ctx: &Context, actor: &Actor, limit: i64) -> AppResult<Vec<JobRow>> {
    require(actor, Permission::CASES_IMPORT)?;
    let mut tx = ctx.pool.read().await?;
    Ok(store::jobs::recent(&mut tx, &actor.company_id, "case_import", limit).await?)
}

/// A job of the actor's company: its creator, or anyone who imports, may follow it.
pub async fn job(ctx: &Context, actor: &Actor, id: &str) -> AppResult<JobRow> {
    let mut tx = ctx.pool.read().await?;
    let job = store::jobs::get(&mut tx, &actor.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = job.user_id.as_deref() == Some(actor.user_id.as_str());
    if !mine && !actor.can(Permission::CASES_IMPORT) {
        return Err(AppError::NotFound);
    }
    Ok(job)
}
