//! Assignments and distributions over many cases: applied in chunks, each whole; over
//! the threshold a job (202) with progress and result, stored so that any server
//! process resumes it from its first move not yet applied.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use store::Sql;
use store::jobs::{JobMove, JobRow};
use testkit::{Session, TestApp};

/// Every case of the admin's company, id order.
async fn all_cases(app: &TestApp, admin: &Session) -> Vec<(String, i64, Option<String>)> {
    let mut tx = app.ctx.pool.read().await.unwrap();
    tx.fetch_all(
        Sql::new("SELECT id, version, assignee_id FROM cases WHERE company_id = ? ORDER BY id")
            .arg(admin.company_id.as_str()),
    )
    .await
    .unwrap()
}

/// The cases with an `assigned` history event, each with how many it has.
async fn assigned_events(app: &TestApp, admin: &Session) -> BTreeMap<String, i64> {
    let mut tx = app.ctx.pool.read().await.unwrap();
    let rows: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT case_id, COUNT(*) FROM case_events WHERE company_id = ? \
                 AND kind = 'assigned' GROUP BY case_id",
            )
            .arg(admin.company_id.as_str()),
        )
        .await
        .unwrap();
    rows.into_iter().collect()
}

/// The cases with a `case.assigned` audit entry, each with how many it has.
async fn assigned_audit(app: &TestApp, admin: &Session) -> BTreeMap<String, i64> {
    let mut tx = app.ctx.pool.read().await.unwrap();
    let rows: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT object_id, COUNT(*) FROM audit_log WHERE company_id = ? \
                 AND action = 'case.assigned' GROUP BY object_id",
            )
            .arg(admin.company_id.as_str()),
        )
        .await
        .unwrap();
    rows.into_iter().collect()
}

async fn job_json(app: &TestApp, who: &Session, id: &str) -> Value {
    let answer = app
        .get(&format!("/api/v1/jobs/{id}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

/// Polls the job until it ends (30 s at most).
async fn ended(app: &TestApp, who: &Session, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let job = job_json(app, who, id).await;
        if job["status"] == "done" || job["status"] == "failed" {
            return job;
        }
        assert!(Instant::now() < deadline, "the job did not end: {job}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn counts(value: &Value) -> BTreeMap<String, i64> {
    serde_json::from_value(value.clone()).unwrap()
}

/// Each operator's open cases, counted in the database.
async fn holders(app: &TestApp, admin: &Session) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for (_, _, holder) in all_cases(app, admin).await {
        if let Some(holder) = holder {
            *out.entry(holder).or_default() += 1;
        }
    }
    out
}

#[tokio::test]
async fn a_distribution_over_the_threshold_is_a_job_with_progress_and_result() {
    let app = TestApp::new().await;
    app.ctx.jobs.set_async_over(6);
    app.ctx.jobs.set_chunk(4);
    let admin = app.signup("Acme").await;
    let ops: Vec<Session> = vec![
        app.user(&admin.company_id, Template::Agent).await,
        app.user(&admin.company_id, Template::Agent).await,
    ];
    let operator_ids: Vec<&str> = ops.iter().map(|o| o.user_id.as_str()).collect();
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 17).await;
    let ids: Vec<String> = all_cases(&app, &admin)
        .await
        .into_iter()
        .map(|c| c.0)
        .collect();

    // Six cases: done at once, in two chunks.
    let done = app
        .post("/api/v1/cases/distribute")
        .as_user(&admin)
        .json(&json!({ "case_ids": ids[..6], "operator_ids": operator_ids }))
        .send()
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(counts(&done.json()["assigned"]).values().sum::<i64>(), 6);

    // Eleven more: a job.
    let started = app
        .post("/api/v1/cases/distribute")
        .as_user(&admin)
        .json(&json!({ "filter": { "assignee": "none" }, "operator_ids": operator_ids }))
        .send()
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    let job = started.json();
    assert_eq!(job["kind"], "distribution", "{job}");
    assert_eq!(job["total"], 11, "{job}");
    assert!(job["status"] == "queued" || job["status"] == "running");
    let job = ended(&app, &admin, job["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["processed"], 11, "{job}");
    assert_eq!(job["succeeded"], 11, "{job}");
    assert_eq!(counts(&job["result"]["assigned"]).values().sum::<i64>(), 11);
    let loads = counts(&job["result"]["loads"]);
    assert_eq!(loads, holders(&app, &admin).await, "{job}");
    assert!(loads.values().max().unwrap() - loads.values().min().unwrap() <= 1);

    // Every move whole: the holder, one history event, one audit entry.
    let events = assigned_events(&app, &admin).await;
    let audit = assigned_audit(&app, &admin).await;
    assert_eq!(events.len(), 17);
    assert!(events.values().all(|n| *n == 1), "{events:?}");
    assert_eq!(events, audit);

    // Someone who cannot assign cannot follow it; its starter's colleagues who can, may.
    let agent_view = app
        .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
        .as_user(&ops[0])
        .send()
        .await;
    assert_eq!(agent_view.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_assignment_over_the_threshold_is_a_job_and_its_result_counts_the_operator() {
    let app = TestApp::new().await;
    app.ctx.jobs.set_async_over(3);
    app.ctx.jobs.set_chunk(2);
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 7).await;
    let started = app
        .post("/api/v1/cases/assign")
        .as_user(&admin)
        .json(&json!({ "filter": {}, "assignee_id": ana.user_id }))
        .send()
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    assert_eq!(started.json()["kind"], "assignment");
    let job = ended(&app, &admin, started.json()["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["result"]["assigned"][&ana.user_id], 7, "{job}");
    assert_eq!(job["result"]["loads"][&ana.user_id], 7, "{job}");
    assert_eq!(holders(&app, &admin).await[&ana.user_id], 7);
    assert_eq!(assigned_audit(&app, &admin).await.len(), 7);

    // Three: at once, as before.
    let bob = app.user(&admin.company_id, Template::Agent).await;
    let ids: Vec<String> = all_cases(&app, &admin)
        .await
        .into_iter()
        .map(|c| c.0)
        .collect();
    let done = app
        .post("/api/v1/cases/assign")
        .as_user(&admin)
        .json(&json!({ "case_ids": ids[..3], "assignee_id": bob.user_id }))
        .send()
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["assigned"], 3);
}

/// The real threshold: 5,001 cases answer with a job, 5,000 at once.
#[tokio::test]
async fn over_five_thousand_cases_answer_202_and_five_thousand_200() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bob = app.user(&admin.company_id, Template::Agent).await;
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 5_001).await;
    let started = app
        .post("/api/v1/cases/distribute")
        .as_user(&admin)
        .json(&json!({ "filter": {}, "operator_ids": [ana.user_id, bob.user_id] }))
        .send()
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    let job = ended(&app, &admin, started.json()["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["succeeded"], 5_001);
    let ids: Vec<String> = all_cases(&app, &admin)
        .await
        .into_iter()
        .map(|c| c.0)
        .collect();
    let done = app
        .post("/api/v1/cases/assign")
        .as_user(&admin)
        .json(&json!({ "case_ids": ids[..5_000], "assignee_id": ana.user_id }))
        .send()
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["assigned"], 5_000);
    let held = all_cases(&app, &admin).await;
    assert!(
        held[..5_000]
            .iter()
            .all(|c| c.2.as_deref() == Some(ana.user_id.as_str()))
    );
}

/// A job as a stopped server would leave it: running, owned by a process that is gone,
/// silent for a while, with `moves` planned and none applied yet.
async fn left_job(app: &TestApp, admin: &Session, moves: &[JobMove]) -> String {
    let long_ago = domain::clock::now() - chrono::Duration::minutes(10);
    let job = JobRow {
        id: domain::ids::new_id(),
        company_id: admin.company_id.clone(),
        user_id: Some(admin.user_id.clone()),
        kind: "distribution".into(),
        status: "running".into(),
        total: moves.len() as i64,
        processed: 0,
        succeeded: 0,
        failed: 0,
        errors: "[]".into(),
        message: None,
        created_at: long_ago,
        updated_at: long_ago,
        finished_at: None,
        campaign_id: None,
        file_name: None,
        result: None,
        owner: Some("a-stopped-process".into()),
    };
    let mut tx = app.ctx.pool.write().await.unwrap();
    store::jobs::insert(&mut tx, &job).await.unwrap();
    store::jobs::insert_moves(&mut tx, &job.id, moves)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    job.id
}

fn planned(cases: &[(String, i64, Option<String>)], to: &str) -> Vec<JobMove> {
    cases
        .iter()
        .enumerate()
        .map(|(seq, (id, version, from))| JobMove {
            seq: seq as i64,
            case_id: id.clone(),
            version: *version,
            from_id: from.clone(),
            to_id: to.to_owned(),
            project_id: None,
            is_open: true,
        })
        .collect()
}

#[tokio::test]
async fn a_job_left_by_a_stopped_server_is_resumed_once_and_skips_cases_changed_since() {
    let app = TestApp::new().await;
    app.ctx.jobs.set_chunk(2);
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 5).await;
    let cases = all_cases(&app, &admin).await;
    let job_id = left_job(&app, &admin, &planned(&cases, &ana.user_id)).await;
    // One case changes after the plan: it keeps its holder.
    let edited = app
        .patch(&format!("/api/v1/cases/{}", cases[3].0))
        .as_user(&admin)
        .json(&json!({ "area": "North" }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());

    // Two sweeps at once (two processes on PostgreSQL): one takes the job up.
    let other = if app.db.is_postgres() {
        Some(app.second_process().await)
    } else {
        None
    };
    let other_ctx = other.as_ref().map_or(app.ctx.clone(), |o| o.ctx.clone());
    let (one, two) = tokio::join!(
        app::case_moves::resume_stalled(&app.ctx),
        app::case_moves::resume_stalled(&other_ctx)
    );
    assert_eq!(one.unwrap() + two.unwrap(), 1, "one process takes the job");
    let job = ended(&app, &admin, &job_id).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["processed"], 5, "{job}");
    assert_eq!(job["succeeded"], 4, "{job}");
    assert_eq!(job["failed"], 1, "{job}");
    assert!(job["message"].as_str().unwrap().contains("4 of 5"), "{job}");
    let now = all_cases(&app, &admin).await;
    let moved: BTreeSet<String> = now
        .iter()
        .filter(|c| c.2.as_deref() == Some(ana.user_id.as_str()))
        .map(|c| c.0.clone())
        .collect();
    assert_eq!(moved.len(), 4);
    assert!(!moved.contains(&cases[3].0));
    let events = assigned_events(&app, &admin).await;
    assert_eq!(events.keys().cloned().collect::<BTreeSet<_>>(), moved);
    assert_eq!(assigned_audit(&app, &admin).await, events);
    // Its plan is gone with it.
    let mut tx = app.ctx.pool.read().await.unwrap();
    assert!(
        store::jobs::moves(&mut tx, &job_id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_resumed_job_whose_starter_can_no_longer_assign_ends_saying_how_many_moved() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 3).await;
    let cases = all_cases(&app, &admin).await;
    let job_id = left_job(&app, &manager, &planned(&cases, &ana.user_id)).await;
    // The manager becomes an agent meanwhile.
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let demoted = app
        .patch(&format!("/api/v1/users/{}", manager.user_id))
        .as_user(&admin)
        .json(&json!({ "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(demoted.status, StatusCode::OK, "{}", demoted.text());
    assert_eq!(app::case_moves::resume_stalled(&app.ctx).await.unwrap(), 1);
    let mut job = JobRow::clone(&store_job(&app, &job_id).await);
    let deadline = Instant::now() + Duration::from_secs(10);
    while job.status == "running" && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        job = store_job(&app, &job_id).await;
    }
    assert_eq!(job.status, "failed", "{job:?}");
    assert!(
        job.message
            .as_deref()
            .unwrap()
            .contains("0 of 3 moves were applied"),
        "{job:?}"
    );
    assert!(assigned_events(&app, &admin).await.is_empty());
}

async fn store_job(app: &TestApp, id: &str) -> JobRow {
    let mut tx = app.ctx.pool.read().await.unwrap();
    store::jobs::by_id(&mut tx, id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_job_stopped_before_its_plan_was_stored_ends_having_moved_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", 2).await;
    let cases = all_cases(&app, &admin).await;
    let job_id = left_job(&app, &admin, &planned(&cases[..1], &ana.user_id)).await;
    let mut tx = app.ctx.pool.write().await.unwrap();
    tx.execute(Sql::new("UPDATE jobs SET status = 'queued' WHERE id = ?").arg(job_id.as_str()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app::case_moves::resume_stalled(&app.ctx).await.unwrap(), 1);
    let job = store_job(&app, &job_id).await;
    assert_eq!(job.status, "failed");
    assert!(job.message.unwrap().contains("no case was moved"));
    assert!(holders(&app, &admin).await.is_empty());
}

#[tokio::test]
async fn the_api_documents_the_job_of_a_large_assignment() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json").send().await.json();
    for path in ["/api/v1/cases/assign", "/api/v1/cases/distribute"] {
        let accepted = &doc["paths"][path]["post"]["responses"]["202"];
        assert!(
            accepted["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .is_some_and(|r| r.ends_with("/JobView")),
            "{path}: {accepted}"
        );
    }
    let job = &doc["components"]["schemas"]["JobView"]["properties"];
    for field in ["id", "kind", "status", "total", "processed", "result"] {
        assert!(job[field].is_object(), "JobView lacks {field}: {job}");
    }
}
