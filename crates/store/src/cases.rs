//! Cases, their history events and contact attempts.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Utc};
use domain::{DataScope, Scope};

use crate::db::Arg;
use crate::{Backend, Result, Sql, StoreError, Tx, visibility};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseRow {
    pub id: String,
    pub company_id: String,
    pub project_id: Option<String>,
    pub campaign_id: Option<String>,
    pub crm_form_id: Option<String>,
    pub status: String,
    pub is_open: bool,
    pub reason_id: Option<String>,
    pub assignee_id: Option<String>,
    pub customer_name: String,
    pub customer_document: String,
    pub customer_phones: String,
    pub customer_email: String,
    pub customer_address: String,
    pub search: String,
    pub area: String,
    pub amount_cents: Option<i64>,
    pub due_date: Option<String>,
    pub priority: i64,
    pub description: String,
    pub fields: String,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub audit_verdict: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl CaseRow {
    /// A new case of `company_id` in `status`, created `at`, with nothing else known
    /// yet: no source, holder or customer data, normal priority, version 1.
    pub fn new(
        id: String,
        company_id: &str,
        status: &str,
        is_open: bool,
        at: DateTime<Utc>,
    ) -> CaseRow {
        CaseRow {
            id,
            company_id: company_id.to_owned(),
            project_id: None,
            campaign_id: None,
            crm_form_id: None,
            status: status.to_owned(),
            is_open,
            reason_id: None,
            assignee_id: None,
            customer_name: String::new(),
            customer_document: String::new(),
            customer_phones: "[]".into(),
            customer_email: String::new(),
            customer_address: String::new(),
            search: String::new(),
            area: String::new(),
            amount_cents: None,
            due_date: None,
            priority: domain::cases::Priority::Normal.rank(),
            description: String::new(),
            fields: "{}".into(),
            next_contact_at: None,
            audit_verdict: None,
            version: 1,
            created_at: at,
            updated_at: at,
            closed_at: None,
        }
    }
}

const INSERT_COLUMNS: [&str; 27] = [
    "id",
    "company_id",
    "project_id",
    "campaign_id",
    "crm_form_id",
    "status",
    "is_open",
    "reason_id",
    "assignee_id",
    "customer_name",
    "customer_document",
    "customer_phones",
    "customer_email",
    "customer_address",
    "search",
    "area",
    "amount_cents",
    "due_date",
    "priority",
    "description",
    "fields",
    "next_contact_at",
    "audit_verdict",
    "version",
    "created_at",
    "updated_at",
    "closed_at",
];

fn values(c: &CaseRow) -> Vec<Arg> {
    vec![
        c.id.as_str().into(),
        c.company_id.as_str().into(),
        c.project_id.as_deref().into(),
        c.campaign_id.as_deref().into(),
        c.crm_form_id.as_deref().into(),
        c.status.as_str().into(),
        c.is_open.into(),
        c.reason_id.as_deref().into(),
        c.assignee_id.as_deref().into(),
        c.customer_name.as_str().into(),
        c.customer_document.as_str().into(),
        c.customer_phones.as_str().into(),
        c.customer_email.as_str().into(),
        c.customer_address.as_str().into(),
        c.search.as_str().into(),
        c.area.as_str().into(),
        c.amount_cents.into(),
        c.due_date.as_deref().into(),
        c.priority.into(),
        c.description.as_str().into(),
        c.fields.as_str().into(),
        c.next_contact_at.into(),
        c.audit_verdict.as_deref().into(),
        c.version.into(),
        c.created_at.into(),
        c.updated_at.into(),
        c.closed_at.into(),
    ]
}

pub async fn insert(tx: &mut Tx, c: &CaseRow) -> Result<()> {
    insert_many_unindexed(tx, std::slice::from_ref(c)).await?;
    insert_terms(tx, terms(c)).await
}

/// Inserts many cases without their search terms: a bulk load that writes the terms
/// afterwards, all at once and in key order ([`insert_terms`], or
/// [`insert_pending_terms`] then [`flush_pending_terms`]).
pub async fn insert_many_unindexed(tx: &mut Tx, rows: &[CaseRow]) -> Result<u64> {
    hold_sources(tx, rows).await?;
    crate::bulk::insert(
        tx,
        "cases",
        &INSERT_COLUMNS,
        rows.iter().map(values).collect(),
    )
    .await
}

/// Checks that the campaigns, CRM forms and projects new cases come through exist and,
/// on PostgreSQL, holds them until the transaction ends: there no foreign key checks
/// them (migration 0016), and a deletion, which clears them from cases once it has
/// removed the row, must wait for these cases to be committed first. One statement per
/// table for a whole batch, where the keys cost a trigger per row.
async fn hold_sources(tx: &mut Tx, rows: &[CaseRow]) -> Result<()> {
    let distinct = |ids: Vec<&str>| -> Vec<String> {
        let mut ids: Vec<String> = ids.into_iter().map(str::to_owned).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let objects = distinct(
        rows.iter()
            .flat_map(|c| [c.campaign_id.as_deref(), c.crm_form_id.as_deref()])
            .flatten()
            .collect(),
    );
    let projects = distinct(
        rows.iter()
            .filter_map(|c| c.project_id.as_deref())
            .collect(),
    );
    let lock = match tx.backend() {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR KEY SHARE",
    };
    let sources = [
        ("objects", "campaign or CRM form", objects),
        ("projects", "project", projects),
    ];
    for (table, what, ids) in sources {
        if ids.is_empty() {
            continue;
        }
        let found: Vec<(String,)> = tx
            .fetch_all(
                Sql::new(&format!("SELECT id FROM {table} WHERE id IN ("))
                    .push_list(ids.iter().map(String::as_str))
                    .push(&format!("){lock}")),
            )
            .await?;
        if found.len() != ids.len() {
            return Err(StoreError::ForeignKey(format!(
                "a {what} of new cases was deleted"
            )));
        }
    }
    Ok(())
}

/// The search-term rows of cases, for [`insert_terms`].
pub fn term_rows(rows: &[CaseRow]) -> Vec<Vec<Arg>> {
    rows.iter().flat_map(terms).collect()
}

/// Writes search-term rows in key order, so each leaf of the terms index is visited
/// once rather than once per term.
pub async fn insert_terms(tx: &mut Tx, mut terms: Vec<Vec<Arg>>) -> Result<()> {
    terms.sort_unstable_by(|a, b| term_key(a).cmp(&term_key(b)));
    crate::bulk::insert(tx, "case_terms", &TERM_COLUMNS, terms).await?;
    Ok(())
}

const TERM_COLUMNS: [&str; 4] = ["company_id", "term", "case_id", "project_id"];

/// The search terms of a batch of new cases of one company and project, held compactly
/// in the terms index's key order. A bulk load makes one run per batch as it prepares
/// the batch, then writes many runs together with [`insert_term_runs`]: merged, they
/// reach the index in key order and each of its pages is written once. (Writing a
/// 1,000,000-row import's 7 million terms by sorting them in SQL took 74 s on SQLite.)
pub struct TermRun {
    company_id: String,
    project_id: Option<String>,
    /// The cases' ids and terms, one after another.
    text: String,
    /// Where each case's id lies in `text`.
    case_ids: Vec<(u32, u32)>,
    /// Each term's place in `text` and its case's index, sorted by (term, case id).
    terms: Vec<(u32, u32, u32)>,
}

impl TermRun {
    /// The terms of `rows`, cases of `company_id` and `project_id`.
    pub fn of(company_id: &str, project_id: Option<&str>, rows: &[CaseRow]) -> Result<TermRun> {
        let too_big = |_| crate::StoreError::Corrupt("a batch of search terms over 4 GB".into());
        let mut run = TermRun {
            company_id: company_id.to_owned(),
            project_id: project_id.map(str::to_owned),
            text: String::new(),
            case_ids: Vec::with_capacity(rows.len()),
            terms: Vec::new(),
        };
        for (case, row) in rows.iter().enumerate() {
            debug_assert_eq!(row.company_id, company_id);
            let case = u32::try_from(case).map_err(too_big)?;
            let start = u32::try_from(run.text.len()).map_err(too_big)?;
            run.text.push_str(&row.id);
            run.case_ids
                .push((start, u32::try_from(run.text.len()).map_err(too_big)?));
            for term in row.search.split(' ').filter(|t| !t.is_empty()) {
                let start = u32::try_from(run.text.len()).map_err(too_big)?;
                run.text.push_str(term);
                let end = u32::try_from(run.text.len()).map_err(too_big)?;
                run.terms.push((start, end, case));
            }
        }
        let mut terms = std::mem::take(&mut run.terms);
        terms.sort_unstable_by(|a, b| run.key(a).cmp(&run.key(b)));
        terms.dedup_by(|a, b| run.key(a) == run.key(b));
        run.terms = terms;
        Ok(run)
    }

    /// The run's cases are now in `project_id` (their campaign moved since).
    pub fn move_to(&mut self, project_id: Option<&str>) {
        self.project_id = project_id.map(str::to_owned);
    }

    /// How many terms the run holds.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// (company, term, case id): the key order of the terms index.
    fn key(&self, &(start, end, case): &(u32, u32, u32)) -> (&str, &str, &str) {
        let (id_start, id_end) = self.case_ids[case as usize];
        (
            &self.company_id,
            &self.text[start as usize..end as usize],
            &self.text[id_start as usize..id_end as usize],
        )
    }
}

/// Merged terms written per statement on SQLite.
const TERMS_PER_WRITE: usize = 100_000;

/// The terms of many runs, written merged into the index's key order a bounded part at
/// a time, each part in a transaction of the caller's.
pub struct TermWriter<'a> {
    merged: std::iter::Peekable<Merged<'a>>,
    /// The project the runs' cases are in now, if it moved since the runs were made.
    project_id: Option<Option<String>>,
}

impl<'a> TermWriter<'a> {
    pub fn new(runs: &'a [TermRun]) -> Self {
        TermWriter {
            merged: Merged::new(runs).peekable(),
            project_id: None,
        }
    }

    /// The terms not yet written are written in `project_id` (their cases moved).
    pub fn move_to(&mut self, project_id: Option<&str>) {
        self.project_id = Some(project_id.map(str::to_owned));
    }

    pub fn is_done(&mut self) -> bool {
        self.merged.peek().is_none()
    }

    /// Writes the next `limit` terms at most; answers how many.
    pub async fn write(&mut self, tx: &mut Tx, limit: usize) -> Result<u64> {
        let moved: Option<Option<&str>> = self.project_id.as_ref().map(|p| p.as_deref());
        let part: Vec<TermItem<'_>> = self
            .merged
            .by_ref()
            .take(limit)
            .map(|(c, t, id, p)| (c, t, id, moved.unwrap_or(p)))
            .collect();
        write_terms(tx, part).await
    }
}

type TermItem<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

/// Writes terms already in key order: (company, term, case id, project).
async fn write_terms(tx: &mut Tx, part: Vec<TermItem<'_>>) -> Result<u64> {
    if tx.backend() == Backend::Postgres {
        let chunks = crate::bulk::copy_chunks(
            part.iter(),
            |out, &(company_id, term, case_id, project_id)| {
                let values = [Some(company_id), Some(term), Some(case_id), project_id];
                crate::bulk::push_copy_row(out, values, crate::bulk::push_copy_text);
            },
        );
        let statement = format!("COPY case_terms ({}) FROM STDIN", TERM_COLUMNS.join(", "));
        return Ok(tx.copy_in(&statement, chunks).await?.unwrap_or(0));
    }
    // SQLite: consecutive terms of one company and project, as one JSON array per
    // statement. Binding four values per term instead made a 1,000,000-row import
    // 5–9 s slower (49.8 and 48.6 s against 45.1 and 39.5).
    let mut written = 0;
    let mut rest = &part[..];
    while let Some(&(company_id, _, _, project_id)) = rest.first() {
        let same = rest
            .iter()
            .take(TERMS_PER_WRITE)
            .take_while(|t| (t.0, t.3) == (company_id, project_id))
            .count();
        let group: Vec<(&str, &str)> = rest[..same].iter().map(|t| (t.1, t.2)).collect();
        rest = &rest[same..];
        let json =
            serde_json::to_string(&group).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
        written += tx
            .execute(
                Sql::new(
                    "INSERT INTO case_terms (company_id, term, case_id, project_id) \
                     SELECT ?, value ->> 0, value ->> 1, ? FROM json_each(?)",
                )
                .arg(company_id)
                .arg(project_id)
                .arg(json),
            )
            .await?;
    }
    Ok(written)
}

/// The terms of many runs in key order: (company, term, case id, project).
struct Merged<'a> {
    runs: &'a [TermRun],
    next: Vec<usize>,
    heads: BinaryHeap<Reverse<(TermKey<'a>, usize)>>,
}

type TermKey<'a> = (&'a str, &'a str, &'a str);

impl<'a> Merged<'a> {
    fn new(runs: &'a [TermRun]) -> Self {
        let heads = runs
            .iter()
            .enumerate()
            .filter_map(|(i, run)| run.terms.first().map(|t| Reverse((run.key(t), i))))
            .collect();
        Merged {
            runs,
            next: vec![0; runs.len()],
            heads,
        }
    }
}

impl<'a> Iterator for Merged<'a> {
    type Item = (&'a str, &'a str, &'a str, Option<&'a str>);

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse(((company_id, term, case_id), i)) = self.heads.pop()?;
        let run = &self.runs[i];
        self.next[i] += 1;
        if let Some(t) = run.terms.get(self.next[i]) {
            self.heads.push(Reverse((run.key(t), i)));
        }
        Some((company_id, term, case_id, run.project_id.as_deref()))
    }
}

/// Forgets at most `limit` pending terms of job `job_id` (they were written another
/// way); answers how many it forgot: call again until none.
pub async fn clear_pending_terms(tx: &mut Tx, job_id: &str, limit: i64) -> Result<u64> {
    tx.execute(
        Sql::new(
            "DELETE FROM case_terms_pending WHERE job_id = ? AND case_id IN \
             (SELECT case_id FROM case_terms_pending WHERE job_id = ? ORDER BY case_id LIMIT ?)",
        )
        .arg(job_id)
        .arg(job_id)
        .arg(limit),
    )
    .await
}

/// Notes `rows` as cases of job `job_id` whose search terms are still to be written
/// (by [`flush_pending_terms`]).
pub async fn insert_pending_terms(tx: &mut Tx, job_id: &str, rows: &[CaseRow]) -> Result<()> {
    let pending = rows
        .iter()
        .map(|c| vec![job_id.into(), c.id.as_str().into()])
        .collect();
    crate::bulk::insert(tx, "case_terms_pending", &["job_id", "case_id"], pending).await?;
    Ok(())
}

/// Writes the search terms of at most `limit` of the cases job `job_id` left pending,
/// split from their search text by the database as [`terms`] splits it, and forgets
/// them: what an import the server stopped in the middle of still owes its stored
/// cases. Terms already written (the job stopped while writing its terms) stay as
/// they are. Answers how many cases it did: call again, a transaction each, until none.
pub async fn flush_pending_terms(tx: &mut Tx, job_id: &str, limit: i64) -> Result<u64> {
    let pending: Vec<(String,)> = tx
        .fetch_all(
            Sql::new(
                "SELECT case_id FROM case_terms_pending WHERE job_id = ? ORDER BY case_id LIMIT ?",
            )
            .arg(job_id)
            .arg(limit),
        )
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids = || pending.iter().map(|(id,)| id.as_str());
    let split = match tx.backend() {
        Backend::Sqlite => Sql::new(
            "WITH RECURSIVE split (company_id, case_id, project_id, term, rest) AS ( \
                 SELECT c.company_id, c.id, c.project_id, '', c.search || ' ' \
                 FROM cases c WHERE c.id IN (",
        )
        .push_list(ids())
        .push(
            ") UNION ALL \
                 SELECT company_id, case_id, project_id, substr(rest, 1, instr(rest, ' ') - 1), \
                        substr(rest, instr(rest, ' ') + 1) \
                 FROM split WHERE rest <> '') \
             INSERT INTO case_terms (company_id, term, case_id, project_id) \
             SELECT DISTINCT company_id, term, case_id, project_id FROM split WHERE term <> '' \
             ORDER BY company_id, term, case_id ON CONFLICT DO NOTHING",
        ),
        Backend::Postgres => Sql::new(
            "INSERT INTO case_terms (company_id, term, case_id, project_id) \
             SELECT DISTINCT c.company_id, t.term COLLATE \"C\", c.id, c.project_id \
             FROM cases c \
             CROSS JOIN LATERAL unnest(string_to_array(c.search, ' ')) AS t (term) \
             WHERE c.id IN (",
        )
        .push_list(ids())
        .push(") AND t.term <> '' ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING"),
    };
    tx.execute(split).await?;
    tx.execute(
        Sql::new("DELETE FROM case_terms_pending WHERE job_id = ? AND case_id IN (")
            .arg(job_id)
            .push_list(ids())
            .push(")"),
    )
    .await?;
    Ok(pending.len() as u64)
}

/// The jobs, other than `open`, that left cases with their search terms still pending:
/// closed while their terms were being written, by a process that stopped before
/// writing them all.
pub async fn jobs_with_pending_terms(tx: &mut Tx) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(Sql::new(
            "SELECT j.id FROM jobs j WHERE j.kind = 'case_import' \
             AND j.status NOT IN ('queued', 'running') \
             AND EXISTS (SELECT 1 FROM case_terms_pending p WHERE p.job_id = j.id)",
        ))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

fn term_key(row: &[Arg]) -> [Option<&str>; 3] {
    fn text(arg: &Arg) -> Option<&str> {
        match arg {
            Arg::Text(text) => text.as_deref(),
            _ => None,
        }
    }
    [text(&row[0]), text(&row[1]), text(&row[2])]
}

/// The search index rows of a case: one per term of its `search` text.
fn terms(c: &CaseRow) -> Vec<Vec<Arg>> {
    c.search
        .split(' ')
        .filter(|t| !t.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|term| {
            vec![
                c.company_id.as_str().into(),
                term.into(),
                c.id.as_str().into(),
                c.project_id.as_deref().into(),
            ]
        })
        .collect()
}

/// Saves every mutable column of `c` over `before` if the case is still at
/// `before.version` (the version moves on), and its search terms if they changed.
/// `false` when another writer got there first.
pub async fn update(tx: &mut Tx, before: &CaseRow, c: &CaseRow) -> Result<bool> {
    let expected_version = before.version;
    let changed = tx
        .execute(
            Sql::new(
                "UPDATE cases SET status = ?, is_open = ?, reason_id = ?, assignee_id = ?, \
                 customer_name = ?, customer_document = ?, customer_phones = ?, customer_email = ?, \
                 customer_address = ?, search = ?, area = ?, amount_cents = ?, due_date = ?, priority = ?, \
                 description = ?, fields = ?, next_contact_at = ?, audit_verdict = ?, \
                 version = version + 1, updated_at = ?, closed_at = ? WHERE id = ? AND version = ?",
            )
            .arg(&c.status)
            .arg(c.is_open)
            .arg(c.reason_id.as_deref())
            .arg(c.assignee_id.as_deref())
            .arg(&c.customer_name)
            .arg(&c.customer_document)
            .arg(&c.customer_phones)
            .arg(&c.customer_email)
            .arg(&c.customer_address)
            .arg(&c.search)
            .arg(&c.area)
            .arg(c.amount_cents)
            .arg(c.due_date.as_deref())
            .arg(c.priority)
            .arg(&c.description)
            .arg(&c.fields)
            .arg(c.next_contact_at)
            .arg(c.audit_verdict.as_deref())
            .arg(c.updated_at)
            .arg(c.closed_at)
            .arg(&c.id)
            .arg(expected_version),
        )
        .await?;
    if changed == 1 && before.search != c.search {
        delete_terms(tx, c, &before.search).await?;
        insert_terms(tx, terms(c)).await?;
    }
    Ok(changed == 1)
}

/// Puts cases in the project their campaign (or else CRM form) is in now, after
/// objects moved between projects or joined Default: the cases of `source` only, or
/// of the whole company. Cases whose source was deleted keep their project. Rows
/// already there are left alone; the search terms of the moved cases carry their new
/// project.
pub async fn follow_source(tx: &mut Tx, company_id: &str, source: Option<&str>) -> Result<u64> {
    const PROJECT_OF_SOURCE: &str = "(SELECT MIN(po.project_id) FROM project_objects po \
         WHERE po.object_id = COALESCE(cases.campaign_id, cases.crm_form_id))";
    let of_source = |sql: Sql| match source {
        Some(source) => sql
            .push(" AND (campaign_id = ? OR (campaign_id IS NULL AND crm_form_id = ?))")
            .arg(source)
            .arg(source),
        None => sql,
    };
    let moved = tx
        .execute(of_source(
            Sql::new(&format!(
                "UPDATE cases SET project_id = {PROJECT_OF_SOURCE} \
                 WHERE company_id = ? AND COALESCE(campaign_id, crm_form_id) IS NOT NULL \
                 AND project_id IS DISTINCT FROM {PROJECT_OF_SOURCE}"
            ))
            .arg(company_id),
        ))
        .await?;
    if moved > 0 {
        reproject_terms(tx, of_source(Sql::new("")), company_id).await?;
    }
    Ok(moved)
}

/// Puts the company's cases that are in no project and have no campaign or CRM form
/// to follow (theirs was deleted) in `project_id`: Default, when enhanced security
/// starts and everything must be in a project.
pub async fn adopt_unplaced(tx: &mut Tx, company_id: &str, project_id: &str) -> Result<u64> {
    let adopted = tx
        .execute(
            Sql::new(
                "UPDATE cases SET project_id = ? WHERE company_id = ? AND project_id IS NULL \
                 AND campaign_id IS NULL AND crm_form_id IS NULL",
            )
            .arg(project_id)
            .arg(company_id),
        )
        .await?;
    if adopted > 0 {
        reproject_terms(tx, Sql::new(""), company_id).await?;
    }
    Ok(adopted)
}

/// Gives the search terms of the company's cases matching `cases` (a condition on the
/// case, `c`, starting with ` AND`, or nothing) their case's project. A rare
/// administrative move: one pass over the company's terms (they have no index by
/// case) beats looking each moved case's terms up by its search text.
async fn reproject_terms(tx: &mut Tx, cases: Sql, company_id: &str) -> Result<()> {
    tx.execute(
        Sql::new(
            "UPDATE case_terms SET project_id = c.project_id FROM cases c \
             WHERE c.id = case_terms.case_id AND case_terms.company_id = ? \
             AND case_terms.project_id IS DISTINCT FROM c.project_id",
        )
        .arg(company_id)
        .extend(cases),
    )
    .await?;
    Ok(())
}

/// Clears a deleted campaign or CRM form from its cases, which keep their project. Run
/// after the object's row is deleted, so that cases written meanwhile by a transaction
/// holding it ([`hold_sources`]) have been committed and are cleared too.
pub async fn forget_source(tx: &mut Tx, company_id: &str, object_id: &str) -> Result<u64> {
    let mut cleared = 0;
    for column in ["campaign_id", "crm_form_id"] {
        cleared += tx
            .execute(
                Sql::new(&format!(
                    "UPDATE cases SET {column} = NULL WHERE company_id = ? AND {column} = ?"
                ))
                .arg(company_id)
                .arg(object_id),
            )
            .await?;
    }
    Ok(cleared)
}

/// Clears a deleted project from its cases, which then sit in no project (visible only
/// where projects do not limit); run after the project's row is deleted, as
/// [`forget_source`].
pub async fn forget_project(tx: &mut Tx, company_id: &str, project_id: &str) -> Result<u64> {
    tx.execute(
        Sql::new("UPDATE cases SET project_id = NULL WHERE company_id = ? AND project_id = ?")
            .arg(company_id)
            .arg(project_id),
    )
    .await
}

/// Cases of every company after `after` in id order: the start-up pass that gives
/// cases stored before search terms existed their terms.
pub async fn all_after(tx: &mut Tx, after: &str, limit: i64) -> Result<Vec<CaseRow>> {
    tx.fetch_all(
        Sql::new("SELECT c.* FROM cases c WHERE c.id > ? ORDER BY c.id LIMIT ?")
            .arg(after)
            .arg(limit),
    )
    .await
}

/// Saves a case's search text and rebuilds its terms; `old_search` is the text stored
/// until now.
pub async fn reindex(tx: &mut Tx, c: &CaseRow, old_search: &str) -> Result<()> {
    tx.execute(
        Sql::new("UPDATE cases SET search = ? WHERE id = ?")
            .arg(&c.search)
            .arg(&c.id),
    )
    .await?;
    delete_terms(tx, c, old_search).await?;
    insert_terms(tx, terms(c)).await?;
    Ok(())
}

/// Removes the terms of `c` that `search` (its stored text) gave it, by primary key:
/// the terms table has no index by case, whose scattered inserts cost bulk loads most
/// of their time (migration 0011).
async fn delete_terms(tx: &mut Tx, c: &CaseRow, search: &str) -> Result<()> {
    let sql = Sql::new("DELETE FROM case_terms WHERE company_id = ? AND case_id = ? AND term IN (")
        .arg(&c.company_id)
        .arg(&c.id)
        .push_list(search.split(' ').filter(|t| !t.is_empty()))
        .push(")");
    tx.execute(sql).await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Option<CaseRow>> {
    tx.fetch_optional(visibility::cases(
        Sql::new("SELECT c.* FROM cases c WHERE c.id = ?").arg(id),
        scope,
    ))
    .await
}

/// Which of `ids` the scope sees.
pub async fn visible(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<Vec<CaseRow>> {
    tx.fetch_all(visibility::cases(
        Sql::new("SELECT c.* FROM cases c WHERE c.id IN (")
            .push_list(ids.iter())
            .push(")"),
        scope,
    ))
    .await
}

/// How lists narrow cases.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<String>,
    /// `Some(None)`: unassigned cases.
    pub assignee: Option<Option<String>>,
    /// `Some(true)`: cases someone holds (whoever); `Some(false)`: nobody's.
    pub assigned: Option<bool>,
    pub open: Option<bool>,
    pub area: Option<String>,
    pub campaign_id: Option<String>,
    pub project_id: Option<String>,
    pub priority: Option<i64>,
    pub due_before: Option<String>,
    pub due_after: Option<String>,
    /// Callbacks due at or before this moment.
    pub callback_due: Option<DateTime<Utc>>,
    /// Text in the customer's name, document or phones: each of its tokens must begin
    /// a search term of the case (`domain::search`).
    pub text: Option<String>,
    /// `Some(true)`: closed cases nobody has audited yet (the audit queue).
    pub audit_pending: Option<bool>,
}

async fn filtered(tx: &mut Tx, select: &str, scope: &Scope, filter: &CaseFilter) -> Result<Sql> {
    let text = text_plan(tx, scope.company_id(), scope.projects(), filter).await?;
    Ok(narrowed(
        visibility::cases(Sql::new(select).push(" WHERE 1 = 1"), scope),
        scope.company_id(),
        scope.projects(),
        filter,
        &text,
    ))
}

/// Up to this many projects, a text search reads only the terms of the user's
/// projects: few cases match, and they are fetched one by one. A user in more projects
/// sees most matches, and the newest page is found sooner by walking the company's
/// cases newest first; filtering the terms there too makes the planners expect few
/// matches and fetch thousands (PostgreSQL: 5 ms → 45 ms for 50 of 60 projects).
/// The same threshold decides whether projects lead the plans of time-ranged reports.
const TERMS_BY_PROJECT_UP_TO: usize = crate::visibility::PROJECT_LED_UP_TO;

/// The text search counts each token's term range up to this many terms (a bounded
/// read of the terms index) to tell the rare tokens from the common ones.
const SELECTIVE_UP_TO: i64 = 5000;

/// A leading range of at most this many terms yields few enough cases to fetch each and
/// check the other tokens on it; past it, the ranges of every token under
/// [`SELECTIVE_UP_TO`] are intersected in the terms index first.
const FEW_TERMS: i64 = 300;

/// The term range a query token reads: the terms it begins, in the company (and, for a
/// user in few projects, in the user's projects).
fn term_range(mut sql: Sql, company_id: &str, projects: Option<&[String]>, token: &str) -> Sql {
    // `\u{10FFFF}` sorts after every continuation, so the range is "begins with".
    sql = sql
        .push(" WHERE t.company_id = ? AND t.term >= ? AND t.term < ?")
        .arg(company_id)
        .arg(token)
        .arg(format!("{token}\u{10FFFF}"));
    if let Some(projects) = projects.filter(|p| p.len() <= TERMS_BY_PROJECT_UP_TO) {
        sql = sql
            .push(" AND t.project_id IN (")
            .push_list(projects.iter())
            .push(")");
    }
    sql
}

/// How a text search reads: the cases whose terms begin every one of `driving` (term
/// ranges of the terms index, intersected), each checked for the tokens `checked`.
#[derive(Debug)]
struct TextPlan {
    driving: Vec<String>,
    checked: Vec<String>,
    backend: Backend,
}

/// Plans the filter's text search from its most selective tokens: each token's term
/// range is counted up to [`SELECTIVE_UP_TO`]; the rarest leads, and when even it
/// holds more than [`FEW_TERMS`] terms (two common words: "maría garcía") the ranges of
/// every token under the bound are intersected with it. The other tokens are checked
/// on each case the driving ranges yield, so a common word ("cliente", 100,000 cases)
/// beside a rare one ("10000") costs what the rare one alone costs.
async fn text_plan(
    tx: &mut Tx,
    company_id: &str,
    projects: Option<&[String]>,
    filter: &CaseFilter,
) -> Result<TextPlan> {
    let mut tokens = filter
        .text
        .as_deref()
        .map(domain::search::query_tokens)
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    tokens.retain(|t| seen.insert(t.clone()));
    if tokens.len() < 2 {
        return Ok(TextPlan {
            driving: tokens,
            checked: Vec::new(),
            backend: tx.backend(),
        });
    }
    let mut counted = Vec::with_capacity(tokens.len());
    let mut empty = false;
    for (i, token) in tokens.into_iter().enumerate() {
        if empty {
            // an empty range leads already: the others need no count
            counted.push((i64::MAX, Reverse(token.len()), i, token));
            continue;
        }
        let sql = term_range(
            Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM case_terms t"),
            company_id,
            projects,
            &token,
        )
        .push(" LIMIT ?) s")
        .arg(SELECTIVE_UP_TO);
        let n = tx.fetch_count(sql).await?;
        empty = n == 0;
        counted.push((n, Reverse(token.len()), i, token));
    }
    counted.sort();
    let intersect = counted[0].0 > FEW_TERMS;
    let mut plan = TextPlan {
        driving: Vec::new(),
        checked: Vec::new(),
        backend: tx.backend(),
    };
    for (k, (n, _, _, token)) in counted.into_iter().enumerate() {
        if k == 0 || (intersect && n < SELECTIVE_UP_TO) {
            plan.driving.push(token);
        } else {
            plan.checked.push(token);
        }
    }
    Ok(plan)
}

/// `projects`: the scope's projects when they limit it, repeated inside the text
/// search for narrow users (visibility still applies on the cases themselves).
/// `text`: the filter's text as [`text_plan`] plans it.
fn narrowed(
    mut sql: Sql,
    company_id: &str,
    projects: Option<&[String]>,
    filter: &CaseFilter,
    text: &TextPlan,
) -> Sql {
    if let Some(status) = &filter.status {
        sql = sql.push(" AND c.status = ?").arg(status);
    }
    match &filter.assignee {
        Some(Some(id)) => sql = sql.push(" AND c.assignee_id = ?").arg(id),
        Some(None) => sql = sql.push(" AND c.assignee_id IS NULL"),
        None => {}
    }
    match filter.assigned {
        Some(true) => sql = sql.push(" AND c.assignee_id IS NOT NULL"),
        Some(false) => sql = sql.push(" AND c.assignee_id IS NULL"),
        None => {}
    }
    if let Some(open) = filter.open {
        sql = sql.push(" AND c.is_open = ?").arg(open);
    }
    if let Some(area) = &filter.area {
        sql = sql.push(" AND c.area = ?").arg(area);
    }
    if let Some(campaign) = &filter.campaign_id {
        sql = sql.push(" AND c.campaign_id = ?").arg(campaign);
    }
    if let Some(project) = &filter.project_id {
        sql = sql.push(" AND c.project_id = ?").arg(project);
    }
    if let Some(priority) = filter.priority {
        sql = sql.push(" AND c.priority = ?").arg(priority);
    }
    if let Some(before) = &filter.due_before {
        sql = sql.push(" AND c.due_date <= ?").arg(before);
    }
    if let Some(after) = &filter.due_after {
        sql = sql.push(" AND c.due_date >= ?").arg(after);
    }
    if let Some(at) = filter.callback_due {
        sql = sql.push(" AND c.next_contact_at <= ?").arg(at);
    }
    match filter.audit_pending {
        Some(true) => {
            sql = sql
                .push(" AND c.is_open = ? AND c.audit_verdict IS NULL")
                .arg(false);
        }
        Some(false) => sql = sql.push(" AND c.audit_verdict IS NOT NULL"),
        None => {}
    }
    if text.driving.is_empty() {
        return sql;
    }
    // The most selective tokens' term ranges yield the candidate cases. An
    // intersection yields few, but PostgreSQL expects as many as its larger range and
    // walks the company's cases in id order to merge them (47 ms for 109 cases of two
    // names at 100,000 cases): as an array, they are fetched by id.
    let as_array = text.driving.len() > 1 && text.backend == Backend::Postgres;
    sql = sql.push(if as_array {
        " AND c.id = ANY(ARRAY("
    } else {
        " AND c.id IN ("
    });
    for (k, token) in text.driving.iter().enumerate() {
        if k > 0 {
            sql = sql.push(" INTERSECT ");
        }
        sql = term_range(
            sql.push("SELECT t.case_id FROM case_terms t"),
            company_id,
            projects,
            token,
        );
    }
    sql = sql.push(if as_array { "))" } else { ")" });
    // ...and every other token must begin a term of the candidate too: the case's
    // `search` holds its terms, space-separated, so that is a match of " token" in
    // " search" on the row the list reads anyway (the terms index, keyed by term,
    // cannot look a case's terms up).
    for token in &text.checked {
        sql = sql
            .push(" AND (' ' || c.search) LIKE ? ESCAPE '\\'")
            .arg(format!("% {}%", crate::db::escape_like(token)));
    }
    sql
}

/// The orders lists come in; every one ends with the id, so pages never skip or repeat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Creation order (ids are time-ordered).
    #[default]
    Created,
    CreatedDesc,
    /// Soonest due first; cases without a due date last.
    DueDate,
    DueDateDesc,
    Priority,
    PriorityDesc,
}

impl CaseSort {
    pub fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "created" => CaseSort::Created,
            "-created" => CaseSort::CreatedDesc,
            "due_date" => CaseSort::DueDate,
            "-due_date" => CaseSort::DueDateDesc,
            "priority" => CaseSort::Priority,
            "-priority" => CaseSort::PriorityDesc,
            _ => return None,
        })
    }

    fn descending(self) -> bool {
        matches!(
            self,
            CaseSort::CreatedDesc | CaseSort::DueDateDesc | CaseSort::PriorityDesc
        )
    }

    /// The sort expression before the id, if any.
    fn key(self) -> Option<&'static str> {
        match self {
            CaseSort::Created | CaseSort::CreatedDesc => None,
            // NULLs sort last either way
            CaseSort::DueDate => Some("COALESCE(c.due_date, '9999-12-31')"),
            CaseSort::DueDateDesc => Some("COALESCE(c.due_date, '0000-01-01')"),
            CaseSort::Priority | CaseSort::PriorityDesc => Some("c.priority"),
        }
    }

    /// The cursor that resumes after `row`: `value|id`, or the id alone.
    pub fn cursor(self, row: &CaseRow) -> String {
        match self {
            CaseSort::Created | CaseSort::CreatedDesc => row.id.clone(),
            CaseSort::DueDate => format!(
                "{}|{}",
                row.due_date.as_deref().unwrap_or("9999-12-31"),
                row.id
            ),
            CaseSort::DueDateDesc => format!(
                "{}|{}",
                row.due_date.as_deref().unwrap_or("0000-01-01"),
                row.id
            ),
            CaseSort::Priority | CaseSort::PriorityDesc => format!("{}|{}", row.priority, row.id),
        }
    }
}

/// Where a page starts: after this sort value and id.
fn after_cursor(sql: Sql, sort: CaseSort, cursor: &str) -> Option<Sql> {
    let cmp = if sort.descending() { "<" } else { ">" };
    match sort.key() {
        None => Some(sql.push(&format!(" AND c.id {cmp} ?")).arg(cursor)),
        Some(key) => {
            let (value, id) = cursor.split_once('|')?;
            let clause = format!(" AND ({key} {cmp} ? OR ({key} = ? AND c.id {cmp} ?))");
            Some(
                if matches!(sort, CaseSort::Priority | CaseSort::PriorityDesc) {
                    let value: i64 = value.parse().ok()?;
                    sql.push(&clause).arg(value).arg(value).arg(id)
                } else {
                    sql.push(&clause).arg(value).arg(value).arg(id)
                },
            )
        }
    }
}

/// A page of the cases the scope sees in `sort` order, after the cursor `after`;
/// `None` when the cursor does not parse.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    filter: &CaseFilter,
    sort: CaseSort,
    after: Option<&str>,
    limit: i64,
) -> Result<Option<Vec<CaseRow>>> {
    let sql = filtered(tx, "SELECT c.* FROM cases c", scope, filter).await?;
    page(tx, sql, sort, after, limit).await
}

/// The benchmarks' baseline: the first page `list` reads for a company, with none
/// of the project and scope predicates of visibility. Never for answering a request.
pub async fn list_unscoped(
    tx: &mut Tx,
    company_id: &str,
    filter: &CaseFilter,
    sort: CaseSort,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let text = text_plan(tx, company_id, None, filter).await?;
    let sql = narrowed(
        Sql::new("SELECT c.* FROM cases c WHERE c.company_id = ?").arg(company_id),
        company_id,
        None,
        filter,
        &text,
    );
    Ok(page(tx, sql, sort, None, limit).await?.unwrap_or_default())
}

async fn page(
    tx: &mut Tx,
    mut sql: Sql,
    sort: CaseSort,
    after: Option<&str>,
    limit: i64,
) -> Result<Option<Vec<CaseRow>>> {
    if let Some(after) = after {
        match after_cursor(sql, sort, after) {
            Some(resumed) => sql = resumed,
            None => return Ok(None),
        }
    }
    let direction = if sort.descending() { "DESC" } else { "ASC" };
    let order = match sort.key() {
        Some(key) => format!(" ORDER BY {key} {direction}, c.id {direction} LIMIT ?"),
        None => format!(" ORDER BY c.id {direction} LIMIT ?"),
    };
    Ok(Some(tx.fetch_all(sql.push(&order).arg(limit)).await?))
}

pub async fn count(tx: &mut Tx, scope: &Scope, filter: &CaseFilter) -> Result<i64> {
    let sql = filtered(tx, "SELECT COUNT(*) FROM cases c", scope, filter).await?;
    tx.fetch_count(sql).await
}

/// How many visible cases matching a filter sit in each status (the workspace tabs).
pub async fn count_by_status(
    tx: &mut Tx,
    scope: &Scope,
    filter: &CaseFilter,
) -> Result<Vec<(String, i64)>> {
    let sql = filtered(tx, "SELECT c.status, COUNT(*) FROM cases c", scope, filter).await?;
    tx.fetch_all(sql.push(" GROUP BY c.status")).await
}

/// What assignment needs to know of a case: who holds it, at which version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Holding {
    pub id: String,
    pub version: i64,
    pub assignee_id: Option<String>,
    pub project_id: Option<String>,
    pub is_open: bool,
}

const HOLDING: &str = "SELECT c.id, c.version, c.assignee_id, c.project_id, c.is_open FROM cases c";

/// The holdings of every visible case matching a filter (assign-by-filter) in id
/// order, at most `cap`.
pub async fn holdings_matching(
    tx: &mut Tx,
    scope: &Scope,
    filter: &CaseFilter,
    cap: i64,
) -> Result<Vec<Holding>> {
    let sql = filtered(tx, HOLDING, scope, filter).await?;
    tx.fetch_all(sql.push(" ORDER BY c.id LIMIT ?").arg(cap))
        .await
}

/// The holdings of those of `ids` the scope sees.
pub async fn holdings_visible(tx: &mut Tx, scope: &Scope, ids: &[String]) -> Result<Vec<Holding>> {
    tx.fetch_all(visibility::cases(
        Sql::new(HOLDING)
            .push(" WHERE c.id IN (")
            .push_list(ids.iter())
            .push(")"),
        scope,
    ))
    .await
}

/// The open cases each of `user_ids` holds among those `scope` sees (a case the reader
/// may not see neither shows nor counts).
pub async fn open_loads(
    tx: &mut Tx,
    scope: &Scope,
    user_ids: &[String],
) -> Result<HashMap<String, i64>> {
    let sees_all = scope.projects().is_none() && scope.data_scope() == DataScope::All;
    let sql = if sees_all {
        // The company narrows the users, not the cases: a case is only ever held by a
        // user of its company, and so the count reads the index by assignee alone
        // instead of each case's row (100,000 open cases: about 200 ms less).
        Sql::new(
            "SELECT c.assignee_id, COUNT(*) FROM cases c WHERE c.is_open = ? AND c.assignee_id IN \
             (SELECT id FROM users WHERE company_id = ? AND id IN (",
        )
        .arg(true)
        .arg(scope.company_id())
        .push_list(user_ids.iter())
        .push("))")
    } else {
        visibility::cases(
            Sql::new("SELECT c.assignee_id, COUNT(*) FROM cases c WHERE c.is_open = ?")
                .arg(true)
                .push(" AND c.assignee_id IN (")
                .push_list(user_ids.iter())
                .push(")"),
            scope,
        )
    };
    let rows: Vec<(String, i64)> = tx.fetch_all(sql.push(" GROUP BY c.assignee_id")).await?;
    Ok(rows.into_iter().collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub case_id: String,
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub kind: String,
    pub data: String,
}

pub async fn insert_event(tx: &mut Tx, company_id: &str, event: &EventRow) -> Result<()> {
    tx.execute(
        Sql::new(
            "INSERT INTO case_events (id, company_id, case_id, at, actor_id, kind, data) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .arg(&event.id)
        .arg(company_id)
        .arg(&event.case_id)
        .arg(event.at)
        .arg(event.actor_id.as_deref())
        .arg(&event.kind)
        .arg(&event.data),
    )
    .await?;
    Ok(())
}

const EVENT_COLUMNS: [&str; 7] = [
    "id",
    "company_id",
    "case_id",
    "at",
    "actor_id",
    "kind",
    "data",
];

/// Appends many history events in a few statements.
pub async fn insert_events(tx: &mut Tx, company_id: &str, events: &[EventRow]) -> Result<()> {
    let rows = events
        .iter()
        .map(|e| {
            vec![
                Arg::from(&e.id),
                company_id.into(),
                (&e.case_id).into(),
                e.at.into(),
                e.actor_id.as_deref().into(),
                (&e.kind).into(),
                (&e.data).into(),
            ]
        })
        .collect();
    crate::bulk::insert(tx, "case_events", &EVENT_COLUMNS, rows).await?;
    Ok(())
}

/// A case that changes hands: it is moved only if still at `version`.
pub struct Reassignment<'a> {
    pub id: &'a str,
    pub version: i64,
    pub to: &'a str,
}

/// Moves many cases to new assignees, a few thousand per statement; answers the ids of
/// those still at their expected versions (and so moved).
pub async fn reassign_many(
    tx: &mut Tx,
    company_id: &str,
    moves: &[Reassignment<'_>],
    at: DateTime<Utc>,
) -> Result<Vec<String>> {
    let mut moved = Vec::with_capacity(moves.len());
    for chunk in moves.chunks(crate::bulk::MAX_VALUES_PER_STATEMENT / 3) {
        let mut sql = Sql::new("WITH m (id, version, assignee) AS (VALUES ");
        for (i, m) in chunk.iter().enumerate() {
            sql = sql
                .push(if i == 0 { "(?, ?, ?)" } else { ", (?, ?, ?)" })
                .arg(m.id)
                .arg(m.version)
                .arg(m.to);
        }
        sql = sql
            .push(
                // `|| ''` keeps SQLite from driving the join by the company index
                // (scanning `m` for each of the company's cases); it must look cases
                // up by id, one per move.
                ") UPDATE cases SET assignee_id = m.assignee, version = cases.version + 1, \
                 updated_at = ? FROM m WHERE cases.company_id || '' = ? AND cases.id = m.id \
                 AND cases.version = m.version RETURNING cases.id",
            )
            .arg(at)
            .arg(company_id);
        let ids: Vec<(String,)> = tx.fetch_all(sql).await?;
        moved.extend(ids.into_iter().map(|(id,)| id));
    }
    Ok(moved)
}

/// A case's history, oldest first.
pub async fn events(tx: &mut Tx, case_id: &str) -> Result<Vec<EventRow>> {
    tx.fetch_all(
        Sql::new(
            "SELECT id, case_id, at, actor_id, kind, data FROM case_events WHERE case_id = ? ORDER BY id",
        )
        .arg(case_id),
    )
    .await
}

pub struct NewAttempt<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub case_id: &'a str,
    pub project_id: Option<&'a str>,
    pub agent_id: &'a str,
    pub at: DateTime<Utc>,
    pub channel: &'a str,
    pub result: &'a str,
    pub reached: bool,
    pub reason_id: Option<&'a str>,
    pub notes: &'a str,
    pub next_contact_at: Option<DateTime<Utc>>,
}

pub async fn insert_attempt(tx: &mut Tx, a: &NewAttempt<'_>) -> Result<()> {
    insert_attempts(tx, std::slice::from_ref(a)).await
}

/// Inserts many attempts in a few statements (generated datasets).
pub async fn insert_attempts(tx: &mut Tx, attempts: &[NewAttempt<'_>]) -> Result<()> {
    let rows = attempts
        .iter()
        .map(|a| {
            vec![
                Arg::from(a.id),
                a.company_id.into(),
                a.case_id.into(),
                a.project_id.into(),
                a.agent_id.into(),
                a.at.into(),
                a.channel.into(),
                a.result.into(),
                a.reached.into(),
                a.reason_id.into(),
                a.notes.into(),
                a.next_contact_at.into(),
            ]
        })
        .collect();
    crate::bulk::insert(
        tx,
        "case_attempts",
        &[
            "id",
            "company_id",
            "case_id",
            "project_id",
            "agent_id",
            "at",
            "channel",
            "result",
            "reached",
            "reason_id",
            "notes",
            "next_contact_at",
        ],
        rows,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, search: &str) -> CaseRow {
        CaseRow {
            search: search.into(),
            ..CaseRow::new(id.into(), "co", "active", true, DateTime::UNIX_EPOCH)
        }
    }

    #[test]
    fn runs_merge_into_the_index_key_order_without_repeats() {
        let first = [case("c1", "perez ana 600 ana"), case("c3", "lopez  ana")];
        let second = [case("c2", "ana perez"), case("c0", "zoe")];
        let runs = [
            TermRun::of("co", Some("p1"), &first).unwrap(),
            TermRun::of("co", Some("p2"), &second).unwrap(),
        ];
        assert_eq!(runs.iter().map(TermRun::len).sum::<usize>(), 8);
        let merged: Vec<(&str, &str, Option<&str>)> = Merged::new(&runs)
            .map(|(company, term, case, project)| {
                assert_eq!(company, "co");
                (term, case, project)
            })
            .collect();
        assert_eq!(
            merged,
            [
                ("600", "c1", Some("p1")),
                ("ana", "c1", Some("p1")),
                ("ana", "c2", Some("p2")),
                ("ana", "c3", Some("p1")),
                ("lopez", "c3", Some("p1")),
                ("perez", "c1", Some("p1")),
                ("perez", "c2", Some("p2")),
                ("zoe", "c0", Some("p2")),
            ]
        );
    }
}
