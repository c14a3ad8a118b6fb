//! Cases: visibility by project and scope, status changes that require fields,
//! attempts and callbacks, versions, assignment, even distribution and the audit of
//! closed cases.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

async fn post(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    app.post_ok(who, path, body).await
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// A campaign (through a queue), and a case in it for `assignee`.
async fn campaign(app: &TestApp, admin: &Session, project_ids: Value) -> String {
    let queue = post(
        app,
        admin,
        "/api/v1/queues",
        json!({ "name": testkit::unique_email("q"), "project_ids": project_ids }),
    )
    .await;
    id(&post(
        app,
        admin,
        "/api/v1/dialer-campaigns",
        json!({ "name": testkit::unique_email("c"), "queue_id": id(&queue), "project_ids": project_ids }),
    )
    .await)
}

async fn case(
    app: &TestApp,
    admin: &Session,
    campaign: &str,
    name: &str,
    assignee: Option<&str>,
) -> String {
    id(&post(
        app,
        admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": name, "document": "X-1", "phones": ["+34 600 000 001"] }, "assignee_id": assignee }),
    )
    .await)
}

async fn listed(app: &TestApp, who: &Session, query: &str) -> (Vec<String>, i64) {
    let page = app
        .get(&format!("/api/v1/cases?count=true&limit=500&{query}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    let ids = page["items"].as_array().unwrap().iter().map(id).collect();
    (ids, page["total"].as_i64().unwrap())
}

#[tokio::test]
async fn each_role_sees_the_cases_its_scope_reaches() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    post(&app, &admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [mine.user_id] })).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let a = case(&app, &admin, &campaign, "Ana", Some(&mine.user_id)).await;
    let b = case(&app, &admin, &campaign, "Bruno", Some(&other.user_id)).await;
    let c = case(&app, &admin, &campaign, "Carla", None).await;
    assert_eq!(listed(&app, &admin, "").await.1, 3);
    assert_eq!(
        listed(&app, &supervisor, "").await,
        (vec![a.clone()], 1),
        "the agents of their groups"
    );
    assert_eq!(
        listed(&app, &mine, "").await,
        (vec![a.clone()], 1),
        "their own"
    );
    for hidden in [&b, &c] {
        let response = app
            .get(&format!("/api/v1/cases/{hidden}"))
            .as_user(&mine)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        listed(&app, &admin, "assignee=none").await,
        (vec![c.clone()], 1)
    );
    assert_eq!(
        listed(&app, &admin, "q=600000001").await.1,
        3,
        "search by phone"
    );
    assert_eq!(
        listed(&app, &admin, "q=BRU").await,
        (vec![b.clone()], 1),
        "search by name"
    );
    // An operator's new case is theirs.
    let own = post(
        &app,
        &mine,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": "Dora" } }),
    )
    .await;
    assert_eq!(own["assignee_id"], mine.user_id);
}

#[tokio::test]
async fn projects_hide_cases_and_decide_who_may_take_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let p1 = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let p2 = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "Telco" })).await);
    app.enhanced_security(&admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    join_project(&app, &admin, &p2, &manager).await;
    join_project(&app, &admin, &p1, &agent).await;
    let bank = campaign(&app, &admin, json!([p1])).await;
    let case_id = case(&app, &admin, &bank, "Ana", None).await;
    let created = app
        .get(&format!("/api/v1/cases/{case_id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(created["project_id"], p1, "the campaign's project");
    assert_eq!(listed(&app, &manager, "").await.1, 0);
    assert_eq!(
        app.get(&format!("/api/v1/cases/{case_id}"))
            .as_user(&manager)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .post("/api/v1/cases/assign")
        .as_user(&admin)
        .json(&json!({ "case_ids": [case_id], "assignee_id": manager.user_id }))
        .send()
        .await;
    assert_eq!(
        refused.json()["error"]["fields"]["assignee_id"],
        "cannot_see_case"
    );
    let assigned = post(
        &app,
        &admin,
        "/api/v1/cases/assign",
        json!({ "case_ids": [case_id], "assignee_id": agent.user_id }),
    )
    .await;
    assert_eq!(assigned["assigned"], 1);
    assert_eq!(listed(&app, &agent, "").await.1, 1);
}

#[tokio::test]
async fn a_status_that_needs_fields_refuses_without_them_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    post(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "promised_amount", "label": "Promised amount", "type": "number" }),
    )
    .await;
    let reason = id(&post(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Paid in full" }),
    )
    .await);
    app.patch("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .json(&json!({ "required_fields": ["reason_id", "promised_amount"] }))
        .send()
        .await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let case_id = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let path = format!("/api/v1/cases/{case_id}");
    let refused = app
        .post(&format!("{path}/status"))
        .as_user(&agent)
        .json(&json!({ "status": "closed" }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_code(), "missing_fields");
    assert_eq!(
        refused.json()["error"]["missing"],
        json!(["reason_id", "promised_amount"])
    );
    let unchanged = app.get(&path).as_user(&agent).send().await.json();
    assert_eq!(
        (unchanged["status"].as_str(), unchanged["version"].as_i64()),
        (Some("active"), Some(1))
    );
    let wrong_type = app
        .post(&format!("{path}/status"))
        .as_user(&agent)
        .json(&json!({ "status": "closed", "reason_id": reason, "fields": { "promised_amount": "lots" } }))
        .send()
        .await;
    assert_eq!(
        wrong_type.json()["error"]["fields"]["fields.promised_amount"],
        "invalid_value"
    );
    let closed = app
        .post(&format!("{path}/status"))
        .as_user(&agent)
        .json(&json!({ "status": "closed", "reason_id": reason, "fields": { "promised_amount": 120.5 } }))
        .send()
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text());
    let closed = closed.json();
    assert_eq!(
        (closed["status"].as_str(), closed["open"].as_bool()),
        (Some("closed"), Some(false))
    );
    assert!(closed["closed_at"].is_string());
    // What the status requires cannot be taken away afterwards.
    let cleared = app
        .patch(&path)
        .as_user(&agent)
        .json(&json!({ "fields": { "promised_amount": null } }))
        .send()
        .await;
    assert_eq!(cleared.error_code(), "missing_fields");
    let history = app.get(&path).as_user(&agent).send().await.json()["history"].clone();
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["created", "status"]);
    assert_eq!(history[1]["data"]["from"], "active");
    assert_eq!(history[1]["data"]["reason_id"], reason);
}

#[tokio::test]
async fn edits_carry_versions_and_attempts_set_callbacks() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let case_id = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let path = format!("/api/v1/cases/{case_id}");
    let edited = app
        .patch(&path)
        .as_user(&agent)
        .header("If-Match", "1")
        .json(&json!({ "amount": 1250.75, "due_date": "2026-12-31", "priority": "high", "area": "North" }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    assert_eq!(edited.json()["amount"], 1250.75);
    assert_eq!(edited.json()["version"], 2);
    let stale = app
        .patch(&path)
        .as_user(&agent)
        .header("If-Match", "1")
        .json(&json!({ "area": "South" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let bad = app
        .patch(&path)
        .as_user(&agent)
        .json(&json!({ "amount": 1.234, "due_date": "tomorrow" }))
        .send()
        .await;
    let fields = bad.json()["error"]["fields"].clone();
    assert!(fields.get("amount").is_some() && fields.get("due_date").is_some());

    let past = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
    let attempt = app
        .post(&format!("{path}/attempts"))
        .as_user(&agent)
        .json(&json!({ "channel": "call", "result": "callback_requested", "notes": "Call after lunch", "next_contact_at": past }))
        .send()
        .await;
    assert_eq!(attempt.status, StatusCode::CREATED, "{}", attempt.text());
    assert_eq!(
        listed(&app, &agent, "callback_due=true&assignee=me")
            .await
            .1,
        1
    );
    let later = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        json!({ "channel": "sms", "result": "no_answer", "next_contact_at": later }),
    )
    .await;
    assert_eq!(
        listed(&app, &agent, "callback_due=true&assignee=me")
            .await
            .1,
        0,
        "not due yet"
    );
    let history = app.get(&path).as_user(&agent).send().await.json()["history"].clone();
    let attempts: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attempt")
        .collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["data"]["notes"], "Call after lunch");
    assert_eq!(attempts[0]["actor_id"], agent.user_id);

    post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        json!({ "channel": "call", "result": "callback_requested", "next_contact_at": past }),
    )
    .await;
    assert_eq!(
        listed(&app, &agent, "callback_due=true&assignee=me")
            .await
            .1,
        1
    );
    let closed = post(
        &app,
        &agent,
        &format!("{path}/status"),
        json!({ "status": "closed" }),
    )
    .await;
    assert_eq!(
        closed["next_contact_at"],
        Value::Null,
        "a closed case has no callback"
    );
    assert_eq!(
        listed(&app, &agent, "callback_due=true&assignee=me")
            .await
            .1,
        0
    );
}

#[tokio::test]
async fn distribution_evens_open_loads_and_every_move_is_recorded() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ops: Vec<Session> = vec![
        app.user(&admin.company_id, Template::Agent).await,
        app.user(&admin.company_id, Template::Agent).await,
        app.user(&admin.company_id, Template::Agent).await,
    ];
    let campaign = campaign(&app, &admin, json!([])).await;
    for i in 0..4 {
        case(
            &app,
            &admin,
            &campaign,
            &format!("Held {i}"),
            Some(&ops[0].user_id),
        )
        .await;
    }
    let mut fresh = Vec::new();
    for i in 0..30 {
        fresh.push(case(&app, &admin, &campaign, &format!("New {i}"), None).await);
    }
    let operator_ids: Vec<&str> = ops.iter().map(|o| o.user_id.as_str()).collect();
    let preview = post(
        &app,
        &admin,
        "/api/v1/cases/distribute",
        json!({ "filter": { "assignee": "none" }, "operator_ids": operator_ids, "dry_run": true }),
    )
    .await;
    let loads: Vec<i64> = operator_ids
        .iter()
        .map(|o| preview["loads"][o].as_i64().unwrap())
        .collect();
    assert_eq!(loads.iter().sum::<i64>(), 34);
    assert!(
        loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1,
        "{preview}"
    );
    assert_eq!(
        listed(&app, &admin, "assignee=none").await.1,
        30,
        "a preview changes nothing"
    );
    let done = post(
        &app,
        &admin,
        "/api/v1/cases/distribute",
        json!({ "case_ids": fresh, "operator_ids": operator_ids }),
    )
    .await;
    assert_eq!(done["assigned"], preview["assigned"]);
    for (op, session) in operator_ids.iter().zip(&ops) {
        assert_eq!(
            listed(&app, session, "open=true").await.1,
            done["loads"][op].as_i64().unwrap()
        );
    }
    let audit = app
        .get("/api/v1/audit?object_kind=case&limit=500")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(audit["items"].as_array().unwrap().len(), 30);
    let one = app
        .get(&format!("/api/v1/cases/{}", fresh[0]))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(one["history"][1]["kind"], "assigned");
    assert!(one["history"][1]["data"]["from"].is_null());
}

#[tokio::test]
async fn a_distribution_counts_only_the_load_its_distributor_sees() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bob = app.user(&admin.company_id, Template::Agent).await;
    let default = app.enhanced_security(&admin).await;
    let north = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "North" })).await);
    let south = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "South" })).await);
    leave_project(&app, &admin, &default, &manager).await;
    for (project, user) in [
        (&north, &manager),
        (&north, &ana),
        (&south, &ana),
        (&north, &bob),
    ] {
        join_project(&app, &admin, project, user).await;
    }
    let north_line = campaign(&app, &admin, json!([north])).await;
    let south_line = campaign(&app, &admin, json!([south])).await;
    // Ana holds one case the manager sees and three in South, which they do not.
    case(&app, &admin, &north_line, "Seen", Some(&ana.user_id)).await;
    for n in 0..3 {
        case(
            &app,
            &admin,
            &south_line,
            &format!("Unseen {n}"),
            Some(&ana.user_id),
        )
        .await;
    }
    for n in 0..2 {
        case(&app, &admin, &north_line, &format!("New {n}"), None).await;
    }

    let preview = post(
        &app,
        &manager,
        "/api/v1/cases/distribute",
        json!({ "filter": { "assignee": "none" }, "operator_ids": [ana.user_id, bob.user_id],
                "dry_run": true }),
    )
    .await;
    let load = |who: &Session| preview["loads"][&who.user_id].as_i64().unwrap();
    assert_eq!(
        load(&ana) + load(&bob),
        3,
        "Ana's South cases neither show nor weigh: {preview}"
    );
    assert_eq!(preview["assigned"][&bob.user_id], 1, "{preview}");
    let html = app
        .get("/cases/reassign")
        .as_user(&manager)
        .send()
        .await
        .text();
    let offered = html
        .split(&format!("for=\"operator-{}\"", ana.user_id))
        .nth(1)
        .and_then(|rest| rest.split("</label>").next())
        .unwrap_or_default();
    assert!(offered.contains(">1 open<"), "{offered}");
    // The Admin, who sees every project, weighs all four.
    let whole = post(
        &app,
        &admin,
        "/api/v1/cases/distribute",
        json!({ "filter": { "assignee": "none" }, "operator_ids": [ana.user_id, bob.user_id],
                "dry_run": true }),
    )
    .await;
    assert_eq!(whole["loads"][&ana.user_id], 4, "{whole}");
}

#[tokio::test]
async fn two_simultaneous_assignments_never_lose_one_silently() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let a = app.user(&admin.company_id, Template::Agent).await;
    let b = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let case_id = case(&app, &admin, &campaign, "Ana", None).await;
    let assign = |to: String| {
        let admin = admin.clone();
        let case_id = case_id.clone();
        let app = &app;
        async move {
            app.post("/api/v1/cases/assign")
                .as_user(&admin)
                .json(&json!({ "case_ids": [case_id], "assignee_id": to }))
                .send()
                .await
                .status
        }
    };
    let (one, two) = tokio::join!(assign(a.user_id.clone()), assign(b.user_id.clone()));
    let succeeded = [one, two].iter().filter(|s| **s == StatusCode::OK).count();
    assert!(succeeded >= 1);
    for status in [one, two] {
        assert!(
            status == StatusCode::OK || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let history = app
        .get(&format!("/api/v1/cases/{case_id}"))
        .as_user(&admin)
        .send()
        .await
        .json()["history"]
        .clone();
    let moves = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "assigned")
        .count();
    assert_eq!(
        moves, succeeded,
        "every acknowledged assignment is in the history"
    );
}

#[tokio::test]
async fn closed_cases_are_validated_or_returned_to_their_operator() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let case_id = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let path = format!("/api/v1/cases/{case_id}");
    let open = app
        .post(&format!("{path}/audit"))
        .as_user(&admin)
        .json(&json!({ "verdict": "validated" }))
        .send()
        .await;
    assert_eq!(open.status, StatusCode::CONFLICT);
    post(
        &app,
        &agent,
        &format!("{path}/status"),
        json!({ "status": "closed" }),
    )
    .await;
    let no_comment = app
        .post(&format!("{path}/audit"))
        .as_user(&admin)
        .json(&json!({ "verdict": "returned" }))
        .send()
        .await;
    assert_eq!(no_comment.json()["error"]["fields"]["comment"], "required");
    let returned = post(
        &app,
        &admin,
        &format!("{path}/audit"),
        json!({ "verdict": "returned", "comment": "The promise date is missing" }),
    )
    .await;
    assert_eq!(
        (returned["status"].as_str(), returned["open"].as_bool()),
        (Some("active"), Some(true))
    );
    assert_eq!(returned["assignee_id"], agent.user_id);
    assert_eq!(returned["audit_verdict"], "returned");
    assert_eq!(
        listed(&app, &agent, "status=active").await.1,
        1,
        "back with its operator"
    );
    assert_eq!(listed(&app, &admin, "audit_pending=true").await.1, 0);
    post(
        &app,
        &agent,
        &format!("{path}/status"),
        json!({ "status": "closed" }),
    )
    .await;
    assert_eq!(
        listed(&app, &admin, "audit_pending=true").await.0,
        std::slice::from_ref(&case_id),
        "closed again: back in the audit queue"
    );
    post(
        &app,
        &admin,
        &format!("{path}/audit"),
        json!({ "verdict": "validated" }),
    )
    .await;
    assert_eq!(listed(&app, &admin, "audit_pending=true").await.1, 0);
    assert_eq!(listed(&app, &admin, "audit_pending=false").await.1, 1);
    let refused = app
        .post(&format!("{path}/audit"))
        .as_user(&agent)
        .json(&json!({ "verdict": "validated" }))
        .send()
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "operators do not audit"
    );
}

/// Uploads `csv` into the campaign; answers the job it started.
async fn start_import(app: &TestApp, who: &Session, campaign: &str, csv: String) -> Value {
    let started = app
        .post(&format!("/api/v1/cases/import?campaign_id={campaign}"))
        .as_user(who)
        .raw("text/csv", csv)
        .send()
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    let job = started.json();
    assert_eq!(job["campaign_id"], campaign, "{job}");
    job
}

async fn finished_job(app: &TestApp, who: &Session, id: &str) -> Value {
    for _ in 0..200 {
        let job = app
            .get(&format!("/api/v1/jobs/{id}"))
            .as_user(who)
            .send()
            .await
            .json();
        if job["status"] == "done" || job["status"] == "failed" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("job {id} did not finish");
}

#[tokio::test]
async fn a_csv_import_lands_valid_rows_and_reports_the_rest_by_line() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    post(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "contract", "label": "Contract", "type": "text" }),
    )
    .await;
    let campaign = campaign(&app, &admin, json!([])).await;
    // In enhanced security, so the operator's searches read terms by project.
    app.enhanced_security(&admin).await;
    let csv = format!(
        "name,document,phones,amount,due_date,priority,status,assignee_email,fields.contract\n\
         Ana Gómez,X-1,+34 600 000 001;+34 600 000 002,120.50,2026-12-31,high,active,{},C-9\n\
         Bruno,X-2,,abc,,,,,\n\
         \"Carla, Jr.\",X-3,,,,,,,\n\
         Dora,X-4,,,,,paused,,\n\
         ,X-5,,,,,,,\n\
         Eva,X-6,,,,,closed,,\n\
         ,X-7,,abc,31/12/2026,someday,,,\n",
        agent.email
    );
    app.patch("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .json(&json!({ "required_fields": ["contract"] }))
        .send()
        .await;
    let started = start_import(&app, &admin, &campaign, csv).await;
    assert_eq!(started["total"], 7);
    let job = finished_job(&app, &admin, started["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(
        (
            job["processed"].as_i64(),
            job["succeeded"].as_i64(),
            job["failed"].as_i64()
        ),
        (Some(7), Some(2), Some(5))
    );
    let rows: Vec<i64> = job["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["row"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, [3, 5, 6, 7, 8], "{job}");
    assert_eq!(job["errors"][0]["reason"], "amount: not a number");
    let problems: Vec<&Value> = job["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["problems"])
        .collect();
    assert_eq!(
        problems,
        [
            &json!([{ "field": "amount", "code": "not_a_number" }]),
            &json!([{ "field": "status", "code": "unknown", "value": "paused" }]),
            &json!([{ "field": "customer.name", "code": "required" }]),
            &json!([{ "field": "contract", "code": "required_for_status", "value": "closed" }]),
            // Every problem of a row, not only the first.
            &json!([
                { "field": "amount", "code": "not_a_number" },
                { "field": "priority", "code": "unknown", "value": "someday" },
                { "field": "customer.name", "code": "required" },
                { "field": "due_date", "code": "invalid_date" },
            ]),
        ],
        "{job}"
    );
    let (ids, total) = listed(&app, &admin, "").await;
    assert_eq!(total, 2);
    let ana = app
        .get(&format!("/api/v1/cases/{}", ids[0]))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        ana["customer"]["phones"],
        json!(["+34600000001", "+34600000002"])
    );
    assert_eq!(ana["amount"], 120.5);
    assert_eq!(ana["priority"], "high");
    assert_eq!(ana["assignee_id"], agent.user_id);
    assert_eq!(ana["fields"]["contract"], "C-9");
    assert_eq!(ana["campaign_id"], campaign);
    assert_eq!(ana["history"][0]["data"]["import"], true);
    assert_eq!(
        listed(&app, &admin, "q=carla").await.1,
        1,
        "quoted commas are one value"
    );
    // Imported cases are found like any other: by a folded name word, the
    // document, the national part of a phone.
    for q in ["gomez", "x-1", "600000002"] {
        assert_eq!(
            listed(&app, &admin, &format!("q={q}")).await.0,
            [ids[0].clone()],
            "q={q}"
        );
    }
    assert_eq!(
        listed(&app, &agent, "q=gomez").await.0,
        [ids[0].clone()],
        "the operator, limited to Default, finds it too: its terms carry its project"
    );

    let unknown = app
        .post(&format!("/api/v1/cases/import?campaign_id={campaign}"))
        .as_user(&admin)
        .raw("text/csv", "name,colour\nAna,red\n")
        .send()
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json_body = app
        .post(&format!("/api/v1/cases/import?campaign_id={campaign}"))
        .as_user(&admin)
        .json(&json!({ "name": "Ana" }))
        .send()
        .await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_export_streams_the_filtered_visible_cases_as_csv() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    post(&app, &admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [agent.user_id] })).await;
    post(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "contract", "label": "Contract", "type": "text" }),
    )
    .await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let mine = case(
        &app,
        &admin,
        &campaign,
        "Ana, the first",
        Some(&agent.user_id),
    )
    .await;
    app.patch(&format!("/api/v1/cases/{mine}"))
        .as_user(&admin)
        .json(&json!({ "fields": { "contract": "C-1" }, "amount": 99.9 }))
        .send()
        .await;
    for i in 0..3 {
        case(&app, &admin, &campaign, &format!("Other {i}"), None).await;
    }
    let all = app.get("/api/v1/cases/export").as_user(&admin).send().await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.header("content-type").unwrap().starts_with("text/csv"));
    let text = all.text();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("id,status,assignee_id,name") && header.ends_with(",fields.contract")
    );
    assert_eq!(lines.count(), 4);
    assert!(text.contains("\"Ana, the first\"") && text.contains("99.90") && text.contains(",C-1"));
    let scoped = app
        .get("/api/v1/cases/export")
        .as_user(&supervisor)
        .send()
        .await
        .text();
    assert_eq!(
        scoped.lines().count(),
        2,
        "the supervisor's agents' cases only"
    );
    let filtered = app
        .get("/api/v1/cases/export?assignee=none")
        .as_user(&admin)
        .send()
        .await
        .text();
    assert_eq!(filtered.lines().count(), 4);
    assert_eq!(
        app.get("/api/v1/cases/export")
            .as_user(&agent)
            .send()
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn lists_sort_by_due_date_and_priority_across_pages() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let specs = [
        ("A", Some("2026-03-01"), "low"),
        ("B", None, "urgent"),
        ("C", Some("2026-01-15"), "normal"),
        ("D", Some("2026-03-01"), "urgent"),
        ("E", Some("2025-12-31"), "high"),
    ];
    for (name, due, priority) in specs {
        post(
            &app,
            &admin,
            "/api/v1/cases",
            json!({ "campaign_id": campaign, "customer": { "name": name }, "due_date": due, "priority": priority }),
        )
        .await;
    }
    let names = |sort: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let mut out = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let mut url = format!("/api/v1/cases?limit=2&sort={sort}");
                if let Some(c) = &cursor {
                    url.push_str(&format!("&cursor={c}"));
                }
                let page = app.get(&url).as_user(&admin).send().await.json();
                for item in page["items"].as_array().unwrap() {
                    out.push(item["customer"]["name"].as_str().unwrap().to_owned());
                }
                match page["next"].as_str() {
                    Some(next) => cursor = Some(next.replace('|', "%7C")),
                    None => return out,
                }
            }
        }
    };
    assert_eq!(
        names("due_date").await,
        ["E", "C", "A", "D", "B"],
        "no due date last"
    );
    assert_eq!(names("-due_date").await, ["D", "A", "C", "E", "B"]);
    assert_eq!(
        names("-priority").await,
        ["D", "B", "E", "C", "A"],
        "ties: newest first"
    );
    assert_eq!(names("-created").await, ["E", "D", "C", "B", "A"]);
    let bad = app
        .get("/api/v1/cases?sort=colour")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let cursor = app
        .get("/api/v1/cases?sort=due_date&cursor=nonsense")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(cursor.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn attempt_results_are_the_company_dispositions() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let results = app
        .get("/api/v1/case-dispositions")
        .as_user(&agent)
        .send()
        .await
        .json();
    let keys: Vec<&str> = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"promise_to_pay") && keys.contains(&"wrong_number"));

    let paid = post(
        &app,
        &admin,
        "/api/v1/case-dispositions",
        json!({ "name": "Paid in full", "reached": true }),
    )
    .await;
    assert_eq!(paid["key"], "paid_in_full");
    let campaign = campaign(&app, &admin, json!([])).await;
    let case = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let attempts = format!("/api/v1/cases/{case}/attempts");
    let attempt = |result: &'static str| {
        let app = &app;
        let agent = &agent;
        let attempts = &attempts;
        async move {
            app.post(attempts)
                .as_user(agent)
                .json(&json!({ "channel": "call", "result": result }))
                .send()
                .await
        }
    };
    assert_eq!(attempt("paid_in_full").await.status, StatusCode::CREATED);
    let unknown = attempt("teleported").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.json()["error"]["fields"]["result"],
        "unknown_result"
    );
    let no_date = attempt("callback_requested").await;
    assert_eq!(no_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_date.json()["error"]["fields"]
            .get("next_contact_at")
            .is_some()
    );

    // A used result cannot be deleted, only retired; retired ones are refused.
    let used = app
        .delete("/api/v1/case-dispositions/paid_in_full")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(used.status, StatusCode::CONFLICT);
    assert_eq!(used.json()["error"]["code"], "in_use");
    let retired = app
        .patch("/api/v1/case-dispositions/busy")
        .as_user(&admin)
        .header("If-Match", "0")
        .json(&json!({ "active": false, "name": "Line busy" }))
        .send()
        .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text());
    assert_eq!(retired.json()["version"], 1);
    let refused = attempt("busy").await;
    assert_eq!(refused.json()["error"]["fields"]["result"], "retired");
    let builtin = app
        .delete("/api/v1/case-dispositions/busy")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(builtin.json()["error"]["code"], "builtin_disposition");
    post(
        &app,
        &admin,
        "/api/v1/case-dispositions",
        json!({ "name": "Unused" }),
    )
    .await;
    let gone = app
        .delete("/api/v1/case-dispositions/unused")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);

    // Whether a result counts as reaching the customer is recorded with the attempt.
    let history = app
        .get(&format!("/api/v1/cases/{case}"))
        .as_user(&agent)
        .send()
        .await
        .json()["history"]
        .clone();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["data"]["result"] == "paid_in_full"),
        "{history}"
    );
}

/// Imports write in bulk (COPY on PostgreSQL, whose text format gives tabs, line
/// breaks and backslashes a meaning): values holding them come back as written.
#[tokio::test]
async fn imported_text_keeps_tabs_line_breaks_and_backslashes() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let description = "line one\n\tindented \\N and C:\\dir\\ \r end";
    let csv = format!("name,description,area\n\"Ana \\ Tabs\",\"{description}\",\"\\N\"\n");
    let started = start_import(&app, &admin, &campaign, csv).await;
    let job = finished_job(&app, &admin, started["id"].as_str().unwrap()).await;
    assert_eq!(job["succeeded"], 1, "{job}");
    let (ids, _) = listed(&app, &admin, "q=tabs").await;
    let case = app
        .get(&format!("/api/v1/cases/{}", ids[0]))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(case["customer"]["name"], "Ana \\ Tabs");
    assert_eq!(case["description"], description);
    assert_eq!(case["area"], "\\N", "a backslash-N is text, not NULL");
    assert_eq!(case["history"][0]["data"]["import"], true);
}

#[tokio::test]
async fn search_finds_names_without_accents_documents_and_phone_prefixes() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let ayse = id(&post(
        &app,
        &admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": "Ayşe Yılmaz", "document": "12.345.678-Z", "phones": ["+90 532 111 22 33"] } }),
    )
    .await);
    let jose = id(&post(
        &app,
        &admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": "José García Yilmaz", "phones": ["+34 600 123 456"] } }),
    )
    .await);
    for (query, expected) in [
        ("ayse", vec![ayse.clone()]),
        ("YILMAZ", vec![ayse.clone(), jose.clone()]),
        ("yil gar", vec![jose.clone()]),
        ("12345678", vec![ayse.clone()]),
        ("532 111", vec![ayse.clone()]),
        ("+34 600 12", vec![jose.clone()]),
        ("600123456", vec![jose.clone()]),
        ("garcía", vec![jose.clone()]),
        ("nobody", vec![]),
    ] {
        let q: String = query.replace('+', "%2B").replace(' ', "+");
        assert_eq!(
            listed(&app, &admin, &format!("q={q}")).await,
            (expected.clone(), expected.len() as i64),
            "{query}"
        );
    }
    // Edited customer data is found by its new terms only.
    let edited = app
        .patch(&format!("/api/v1/cases/{jose}"))
        .as_user(&admin)
        .json(&json!({ "customer": { "name": "José Pérez", "phones": ["+34 600 123 456"] } }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    assert_eq!(listed(&app, &admin, "q=garcia").await.1, 0);
    assert_eq!(listed(&app, &admin, "q=perez").await.0, [jose]);
}

/// Every page of a text search for `q` as `who` reads it, `limit` cases at a time
/// (ids in list order), and the total each page answered.
async fn searched_in_pages(
    app: &TestApp,
    who: &Session,
    q: &str,
    limit: usize,
) -> (Vec<String>, Vec<i64>) {
    let (mut ids, mut totals) = (Vec::new(), Vec::new());
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("/api/v1/cases?count=true&limit={limit}&q={q}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&url).as_user(who).send().await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let page = page.json();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit, "{page}");
        ids.extend(items.iter().map(id));
        totals.push(page["total"].as_i64().unwrap());
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return (ids, totals),
        }
    }
}

/// A company in enhanced security with projects Bank and Telco, a campaign in each,
/// and a Manager in Bank only: its Admin, the Manager and the two campaigns.
async fn bank_and_telco(app: &TestApp) -> (Session, Session, String, String) {
    let admin = app.signup("Acme").await;
    let bank = id(&post(app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let telco = id(&post(app, &admin, "/api/v1/projects", json!({ "name": "Telco" })).await);
    app.enhanced_security(&admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    join_project(app, &admin, &bank, &manager).await;
    let in_bank = campaign(app, &admin, json!([bank])).await;
    let in_telco = campaign(app, &admin, json!([telco])).await;
    (admin, manager, in_bank, in_telco)
}

#[tokio::test]
async fn a_search_of_several_words_finds_the_cases_with_every_word_whichever_is_rarest() {
    let app = TestApp::new().await;
    let (admin, manager, in_bank, in_telco) = bank_and_telco(&app).await;
    let customer = |campaign: String, name: String, document: String| {
        let (app, admin) = (&app, &admin);
        async move {
            id(&post(
                app,
                admin,
                "/api/v1/cases",
                json!({ "campaign_id": campaign, "customer": { "name": name, "document": document } }),
            )
            .await)
        }
    };
    // "cliente" is the common word: every Bank case but one has it; "gomez" half of
    // them; "rara" and the document "77.123-K" one or two.
    let mut clientes = Vec::new();
    for n in 1..=12 {
        let name = if n % 2 == 0 {
            format!("Cliente {n} Gómez")
        } else {
            format!("Cliente {n}")
        };
        clientes.push(customer(in_bank.clone(), name, format!("D-{n}")).await);
    }
    let gomez_rara = customer(in_bank.clone(), "Gómez Rara".into(), "77.123-K".into()).await;
    let cliente_rara = customer(in_bank.clone(), "Cliente Rara".into(), "77.124-K".into()).await;
    let hidden_rara = customer(in_telco.clone(), "Cliente Rara".into(), "77.125-K".into()).await;
    let hidden_10 = customer(
        in_telco.clone(),
        "Cliente 10 Gómez".into(),
        "77.123-K".into(),
    )
    .await;
    let gomez: Vec<String> = clientes.iter().skip(1).step_by(2).cloned().collect();

    let expectations: Vec<(&str, Vec<String>, Vec<String>)> = vec![
        // a common and a rare word, in either order
        (
            "cliente+rara",
            vec![cliente_rara.clone()],
            vec![cliente_rara.clone(), hidden_rara.clone()],
        ),
        (
            "RARA+cliente",
            vec![cliente_rara.clone()],
            vec![cliente_rara.clone(), hidden_rara.clone()],
        ),
        // a name and a document: the document is a prefix, the name a whole word
        (
            "gomez+77.123",
            vec![gomez_rara.clone()],
            vec![gomez_rara.clone(), hidden_10.clone()],
        ),
        (
            "77123+rar",
            vec![gomez_rara.clone()],
            vec![gomez_rara.clone()],
        ),
        // every token begins some term: "1" begins 1, 10, 11 and 12
        (
            "cliente+1",
            vec![
                clientes[0].clone(),
                clientes[9].clone(),
                clientes[10].clone(),
                clientes[11].clone(),
            ],
            vec![
                clientes[0].clone(),
                clientes[9].clone(),
                clientes[10].clone(),
                clientes[11].clone(),
                hidden_10.clone(),
            ],
        ),
        // two common words, one a prefix
        (
            "cli+gómez",
            gomez.clone(),
            [gomez.clone(), vec![hidden_10.clone()]].concat(),
        ),
        (
            "gomez+gomez+cliente",
            gomez.clone(),
            [gomez.clone(), vec![hidden_10.clone()]].concat(),
        ),
        // a word nobody has, beside a common one
        ("cliente+nadie", vec![], vec![]),
        ("cliente+rara+12", vec![], vec![]),
    ];
    for (q, for_manager, for_admin) in expectations {
        for (who, expected) in [(&manager, for_manager), (&admin, for_admin)] {
            let (ids, totals) = searched_in_pages(&app, who, q, 2).await;
            assert_eq!(
                ids, expected,
                "q={q}: every case with every word, in order, once"
            );
            assert!(
                totals.iter().all(|t| *t == expected.len() as i64),
                "q={q}: every page's total is {}: {totals:?}",
                expected.len()
            );
            assert_eq!(
                totals.len(),
                expected.len().div_ceil(2).max(1),
                "q={q}: pages"
            );
        }
    }
    // The workspace's status tabs count the same cases.
    let mut tx = app.ctx.pool.read().await.unwrap();
    let actor = app::sessions::actor_for_user(&mut tx, &admin.company_id, &manager.user_id)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    let filter = store::cases::CaseFilter {
        text: Some("gomez cliente".into()),
        ..Default::default()
    };
    let tabs = app::cases::counts_by_status(&app.ctx, &actor, &filter)
        .await
        .unwrap();
    assert_eq!(
        tabs.iter().map(|(_, n)| n).sum::<i64>(),
        gomez.len() as i64,
        "{tabs:?}"
    );
}

#[tokio::test]
async fn a_search_of_two_common_words_finds_the_cases_with_both() {
    let app = TestApp::new().await;
    let (admin, manager, in_bank, in_telco) = bank_and_telco(&app).await;
    // Hundreds of cases with each word, so that neither is rare and the search
    // intersects both words' terms: "Ana" 466, "Gómez" 467, both 233.
    let names = ["Ana Rivas", "Luis Gómez", "Ana Gómez"];
    let mut csv = String::from("name,document\n");
    for i in 0..700 {
        csv.push_str(&format!("{},D-{i}\n", names[i % 3]));
    }
    let started = start_import(&app, &admin, &in_bank, csv).await;
    let job = finished_job(&app, &admin, started["id"].as_str().unwrap()).await;
    assert_eq!(job["succeeded"], 700, "{job}");
    let hidden = case(&app, &admin, &in_telco, "Ana Gómez", None).await;
    // Every Bank case, in list order, and its name.
    let mut bank_cases: Vec<(String, String)> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = "/api/v1/cases?limit=200".to_owned();
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&url).as_user(&manager).send().await.json();
        for item in page["items"].as_array().unwrap() {
            let name = item["customer"]["name"].as_str().unwrap().to_owned();
            bank_cases.push((id(item), name));
        }
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(bank_cases.len(), 700);
    let named = |name: &str| -> Vec<String> {
        bank_cases
            .iter()
            .filter(|(_, n)| n == name)
            .map(|(id, _)| id.clone())
            .collect()
    };
    let both = named("Ana Gómez");
    assert_eq!(both.len(), 233);
    for q in ["ana+gomez", "GÓMEZ+ana", "an+gom+ana"] {
        let (ids, totals) = searched_in_pages(&app, &manager, q, 50).await;
        assert_eq!(ids, both, "q={q}");
        assert!(totals.iter().all(|t| *t == 233), "q={q}: {totals:?}");
        assert_eq!(totals.len(), 5, "q={q}");
        let (ids, totals) = searched_in_pages(&app, &admin, q, 500).await;
        assert_eq!(ids, [both.clone(), vec![hidden.clone()]].concat(), "q={q}");
        assert_eq!(totals, [234], "q={q}");
    }
    // A third word, missing or rare, beside the two common ones.
    assert_eq!(
        searched_in_pages(&app, &manager, "ana+gomez+rivas", 50).await,
        (vec![], vec![0])
    );
    let rivas_or_not = named("Ana Rivas");
    assert_eq!(
        searched_in_pages(&app, &manager, "rivas+ana", 500).await,
        (rivas_or_not.clone(), vec![rivas_or_not.len() as i64])
    );
}

#[tokio::test]
async fn assignee_filters_tell_anyone_from_nobody_and_one_operator() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let ben = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let to_ana = case(&app, &admin, &campaign, "Uno", Some(&ana.user_id)).await;
    let to_ben = case(&app, &admin, &campaign, "Dos", Some(&ben.user_id)).await;
    let nobody = case(&app, &admin, &campaign, "Tres", None).await;
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    let (any, total) = listed(&app, &admin, "assignee=any").await;
    assert_eq!(sorted(any), sorted(vec![to_ana.clone(), to_ben]));
    assert_eq!(total, 2);
    assert_eq!(listed(&app, &admin, "assignee=none").await.0, [nobody]);
    let one = format!("assignee={}", ana.user_id);
    assert_eq!(listed(&app, &admin, &one).await.0, [to_ana]);
}

#[tokio::test]
async fn an_import_a_stopped_server_left_running_is_closed_at_start_up_with_its_cases_searchable() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let id = case(&app, &admin, &campaign, "Zulema Quintana", None).await;
    assert_eq!(listed(&app, &admin, "q=quintana").await.1, 1);
    // What a server stopping mid-import leaves: a running job, untouched for minutes,
    // and a case written without its search terms.
    let job_id = "0190000000007000800000000000job1";
    stalled_import(&app, &admin, job_id).await;
    let mut tx = app.ctx.pool.write().await.unwrap();
    tx.execute(store::Sql::new("DELETE FROM case_terms WHERE case_id = ?").arg(id.as_str()))
        .await
        .unwrap();
    tx.execute(
        store::Sql::new("INSERT INTO case_terms_pending (job_id, case_id) VALUES (?, ?)")
            .arg(job_id)
            .arg(id.as_str()),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(listed(&app, &admin, "q=quintana").await.1, 0);

    assert_eq!(
        app::case_import::recover_stalled(&app.ctx).await.unwrap(),
        1
    );
    let job = app
        .get(&format!("/api/v1/jobs/{job_id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(job["status"], "failed", "{job}");
    assert!(job["finished_at"].is_string(), "{job}");
    for q in ["quintana", "zulema", "x-1", "600000001"] {
        assert_eq!(
            listed(&app, &admin, &format!("q={q}")).await.0,
            std::slice::from_ref(&id),
            "q={q}"
        );
    }
    assert_eq!(
        app::case_import::recover_stalled(&app.ctx).await.unwrap(),
        0,
        "a closed job stays closed"
    );
}

/// An import job as a server that stopped left it: running, no sign of life for ten
/// minutes.
async fn stalled_import(app: &TestApp, admin: &Session, job_id: &str) {
    let stale = chrono::Utc::now() - chrono::Duration::minutes(10);
    let mut tx = app.ctx.pool.write().await.unwrap();
    tx.execute(
        store::Sql::new(
            "INSERT INTO jobs (id, company_id, user_id, kind, status, total, created_at, updated_at) \
             VALUES (?, ?, ?, 'case_import', 'running', 10, ?, ?)",
        )
        .arg(job_id)
        .arg(admin.company_id.as_str())
        .arg(admin.user_id.as_str())
        .arg(stale)
        .arg(stale),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn job(app: &TestApp, admin: &Session, job_id: &str) -> store::jobs::JobRow {
    let mut tx = app.ctx.pool.read().await.unwrap();
    store::jobs::get(&mut tx, &admin.company_id, job_id)
        .await
        .unwrap()
        .unwrap()
}

/// Polls until `done` holds of the job, for at most 10 s.
async fn job_until(
    app: &TestApp,
    admin: &Session,
    job_id: &str,
    done: impl Fn(&store::jobs::JobRow) -> bool,
) -> store::jobs::JobRow {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let row = job(app, admin, job_id).await;
        if done(&row) || std::time::Instant::now() > deadline {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_running_server_closes_the_imports_of_a_stopped_one_and_their_worker_cannot_reopen_them()
{
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let left = "0190000000007000800000000000job2";
    stalled_import(&app, &admin, left).await;
    let sweeper = tokio::spawn(app::case_import::recover_stalled_every(
        app.ctx.clone(),
        std::time::Duration::from_millis(50),
    ));
    let closed = job_until(&app, &admin, left, |j| j.status != "running").await;
    sweeper.abort();
    assert_eq!(closed.status, "failed", "{closed:?}");
    assert!(closed.finished_at.is_some());

    // Its worker, cut off for minutes, comes back: it can neither save nor beat.
    let mut reopened = closed.clone();
    reopened.status = "running".into();
    reopened.processed = 5;
    let mut tx = app.ctx.pool.write().await.unwrap();
    assert!(
        !store::jobs::save_progress(&mut tx, &reopened)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let heartbeat = app::case_import::keep_alive(
        app.ctx.clone(),
        left.to_owned(),
        std::time::Duration::from_millis(10),
    );
    tokio::time::timeout(std::time::Duration::from_secs(10), heartbeat)
        .await
        .expect("the heartbeat of a closed job stops by itself");
    let after = job(&app, &admin, left).await;
    assert_eq!(
        (after.status.as_str(), after.processed, after.updated_at),
        ("failed", 0, closed.updated_at)
    );
}

#[tokio::test]
async fn an_import_whose_worker_is_alive_is_not_closed_however_long_its_step() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let working = "0190000000007000800000000000job3";
    stalled_import(&app, &admin, working).await;
    let stale = job(&app, &admin, working).await.updated_at;
    let heartbeat = tokio::spawn(app::case_import::keep_alive(
        app.ctx.clone(),
        working.to_owned(),
        std::time::Duration::from_millis(10),
    ));
    let beaten = job_until(&app, &admin, working, |j| j.updated_at > stale).await;
    heartbeat.abort();
    assert!(beaten.updated_at > stale, "{beaten:?}");
    assert_eq!(
        app::case_import::recover_stalled(&app.ctx).await.unwrap(),
        0
    );
    assert_eq!(job(&app, &admin, working).await.status, "running");
}

/// What `who` lists (ids and total), checked against a text search for `q`: the
/// search reads the terms index, not the cases, and must find the same ones.
async fn listed_and_found(app: &TestApp, who: &Session, q: &str) -> (Vec<String>, i64) {
    let listed_all = listed(app, who, "").await;
    assert_eq!(
        listed(app, who, &format!("q={q}")).await,
        listed_all,
        "q={q}"
    );
    listed_all
}

#[tokio::test]
async fn cases_follow_their_campaign_into_default_and_between_projects() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    // Created before projects exist: the case is in no project.
    let campaign = campaign(&app, &admin, json!([])).await;
    let olga = case(&app, &admin, &campaign, "Olga Prieto", Some(&agent.user_id)).await;
    assert_eq!(
        listed(&app, &agent, "").await.0,
        std::slice::from_ref(&olga)
    );

    let default = app.enhanced_security(&admin).await;
    // Text search reads terms that carry the case's project: they move with it.
    assert_eq!(
        listed_and_found(&app, &agent, "prieto").await.0,
        std::slice::from_ref(&olga),
        "the case joined Default with its campaign, where its operator is"
    );

    let north = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "North" })).await);
    leave_project(&app, &admin, &default, &manager).await;
    join_project(&app, &admin, &north, &manager).await;
    assert_eq!(listed(&app, &manager, "").await.1, 0);

    let moved = app
        .post(&format!("/api/v1/projects/{north}/objects"))
        .as_user(&admin)
        .json(&json!({ "kind": "dialer-campaigns", "id": campaign, "move": true }))
        .send()
        .await;
    assert!(moved.status.is_success(), "{}", moved.text());
    assert_eq!(
        listed_and_found(&app, &manager, "prieto").await.0,
        std::slice::from_ref(&olga)
    );
    assert_eq!(
        listed_and_found(&app, &agent, "prieto").await.1,
        0,
        "its operator is not in North"
    );
    assert_eq!(
        app.get(&format!("/api/v1/cases/{olga}"))
            .as_user(&agent)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Back through the object's own form: the case follows again.
    let back = app
        .patch(&format!("/api/v1/dialer-campaigns/{campaign}"))
        .as_user(&admin)
        .json(&json!({ "project_ids": [default] }))
        .send()
        .await;
    assert!(back.status.is_success(), "{}", back.text());
    assert_eq!(
        listed_and_found(&app, &agent, "prieto").await.0,
        std::slice::from_ref(&olga)
    );
    assert_eq!(listed_and_found(&app, &manager, "prieto").await.1, 0);
}

#[tokio::test]
async fn deleting_its_campaign_or_its_project_leaves_a_case_without_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let project = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let campaign = campaign(&app, &admin, json!([project])).await;
    let ana = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let read = |who: &Session| app.get(&format!("/api/v1/cases/{ana}")).as_user(who).send();
    assert_eq!(read(&admin).await.json()["campaign_id"], campaign);

    let deleted = app
        .delete(&format!("/api/v1/dialer-campaigns/{campaign}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    let after = read(&admin).await.json();
    assert_eq!(after["campaign_id"], Value::Null);
    assert_eq!(after["project_id"], project, "it keeps its project");

    let deleted = app
        .delete(&format!("/api/v1/projects/{project}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    assert_eq!(read(&admin).await.json()["project_id"], Value::Null);
    assert_eq!(
        listed(&app, &agent, "").await.0,
        std::slice::from_ref(&ana),
        "in no project, its operator still works it"
    );

    // A new case can't name the deleted campaign.
    let refused = app
        .post("/api/v1/cases")
        .as_user(&admin)
        .json(&json!({ "campaign_id": campaign, "customer": { "name": "Bea" } }))
        .send()
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
}

/// Makes `user` a member of the project.
async fn join_project(app: &TestApp, admin: &Session, project: &str, user: &Session) {
    let path = format!("/api/v1/projects/{project}/members");
    post(app, admin, &path, json!({ "user_id": user.user_id })).await;
}

/// Takes `user` out of the project (as enhanced security put everyone in Default).
async fn leave_project(app: &TestApp, admin: &Session, project: &str, user: &Session) {
    let removed = app
        .delete(&format!(
            "/api/v1/projects/{project}/members/user/{}",
            user.user_id
        ))
        .as_user(admin)
        .send()
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text());
}

/// A write transaction of the test's own, and a copy of case `id` under a new id to
/// write in it (as an import would).
async fn copy_in_a_writer(
    app: &TestApp,
    admin: &Session,
    id: &str,
) -> (store::Tx, store::cases::CaseRow) {
    let mut tx = app.ctx.pool.write().await.unwrap();
    let actor = app::sessions::actor_for_user(&mut tx, &admin.company_id, &admin.user_id)
        .await
        .unwrap()
        .unwrap();
    let mut copy = store::cases::get(&mut tx, &actor.scope(), id)
        .await
        .unwrap()
        .unwrap();
    copy.id = domain::ids::new_id();
    (tx, copy)
}

/// Runs `action` while `tx` commits 300 ms later; answers what the action answered and
/// whether the commit had happened when it did (it waited for `tx`).
async fn after_a_commit<T>(tx: store::Tx, action: impl Future<Output = T>) -> (T, bool) {
    let committed = std::sync::atomic::AtomicBool::new(false);
    let act = async {
        let out = action.await;
        (out, committed.load(std::sync::atomic::Ordering::SeqCst))
    };
    let commit = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        tx.commit().await.unwrap();
        committed.store(true, std::sync::atomic::Ordering::SeqCst);
    };
    tokio::join!(act, commit).0
}

#[tokio::test]
async fn a_campaign_deleted_while_cases_are_written_into_it_is_cleared_from_them_too() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let first = case(&app, &admin, &campaign, "Ana", None).await;
    let (mut tx, second) = copy_in_a_writer(&app, &admin, &first).await;
    // As an import batch does: the cases written, not yet committed.
    store::cases::insert_many_unindexed(&mut tx, std::slice::from_ref(&second))
        .await
        .unwrap();

    let delete = app
        .delete(&format!("/api/v1/dialer-campaigns/{campaign}"))
        .as_user(&admin)
        .send();
    let (deleted, after_commit) = after_a_commit(tx, delete).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    assert!(
        after_commit,
        "the deletion waits for the cases being written"
    );
    for id in [&first, &second.id] {
        let case = app
            .get(&format!("/api/v1/cases/{id}"))
            .as_user(&admin)
            .send()
            .await
            .json();
        assert_eq!(case["campaign_id"], Value::Null, "{case}");
    }
}

#[tokio::test]
async fn a_retired_reason_stays_where_it_was_given_and_is_not_given_again() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let ana = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let bea = case(&app, &admin, &campaign, "Bea", Some(&agent.user_id)).await;
    let reason = post(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Moved abroad" }),
    )
    .await;
    assert_eq!(reason["active"], true);
    let reason = id(&reason);
    let status = |case: &str, body: Value| {
        app.post(&format!("/api/v1/cases/{case}/status"))
            .as_user(&agent)
            .json(&body)
            .send()
    };
    let attempt = |case: &str| {
        app.post(&format!("/api/v1/cases/{case}/attempts"))
            .as_user(&agent)
            .json(&json!({ "channel": "call", "result": "no_answer", "reason_id": reason }))
            .send()
    };
    let given = status(&ana, json!({ "status": "suspended", "reason_id": reason })).await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.text());
    assert_eq!(attempt(&ana).await.status, StatusCode::CREATED);

    let in_use = app
        .delete(&format!("/api/v1/case-reasons/{reason}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    let retired = app
        .patch(&format!("/api/v1/case-reasons/{reason}"))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text());
    assert_eq!(retired.json()["active"], false);
    assert_eq!(
        retired.json()["name"],
        "Moved abroad",
        "nothing else changes"
    );
    let listed = app
        .get("/api/v1/case-reasons")
        .as_user(&agent)
        .send()
        .await
        .json();
    assert_eq!(
        listed["items"][0]["active"], false,
        "still listed, to name it"
    );

    // Not given anew, to another case or in an attempt…
    for refused in [
        status(&bea, json!({ "status": "suspended", "reason_id": reason })).await,
        attempt(&ana).await,
    ] {
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["error"]["fields"]["reason_id"], "retired");
    }
    // …but the case that has it keeps it through a change of status.
    let kept = status(&ana, json!({ "status": "active", "reason_id": reason })).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text());
    assert_eq!(kept.json()["reason_id"], reason);

    let back = app
        .patch(&format!("/api/v1/case-reasons/{reason}"))
        .as_user(&admin)
        .json(&json!({ "active": true }))
        .send()
        .await;
    assert_eq!(back.json()["active"], true);
    assert_eq!(attempt(&bea).await.status, StatusCode::CREATED);
    let audit = app
        .get(&format!("/api/v1/audit?object_id={reason}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    let retiring = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["after"]["active"] == false)
        .cloned();
    assert!(
        retiring.is_some_and(|e| e["before"]["active"] == true),
        "{audit}"
    );
}

#[tokio::test]
async fn a_campaign_moved_while_it_imports_takes_every_imported_case_along() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let north = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "North" })).await);
    let south = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "South" })).await);
    app.enhanced_security(&admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    join_project(&app, &admin, &south, &manager).await;
    let campaign = campaign(&app, &admin, json!([north])).await;
    let rows = 2000;
    let csv: String = std::iter::once("name,document\n".to_owned())
        .chain((0..rows).map(|i| format!("Rosa{i} Quintanilla,D-{i}\n")))
        .collect();

    let started = start_import(&app, &admin, &campaign, csv).await;
    // Whenever the move lands (before, during or after the job), the cases and their
    // search terms end up where the campaign is.
    let moved = app
        .post(&format!("/api/v1/projects/{south}/objects"))
        .as_user(&admin)
        .json(&json!({ "kind": "dialer-campaigns", "id": campaign, "move": true }))
        .send()
        .await;
    assert!(moved.status.is_success(), "{}", moved.text());
    let job = finished_job(&app, &admin, started["id"].as_str().unwrap()).await;
    assert_eq!(job["succeeded"], rows, "{job}");
    assert_eq!(
        listed_and_found(&app, &manager, "quintanilla").await.1,
        rows
    );
}

#[tokio::test]
async fn enhanced_security_waits_for_an_import_finishing_and_takes_its_cases_terms_along() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let first = case(&app, &admin, &campaign, "Olga Prieto", Some(&agent.user_id)).await;
    let (mut tx, second) = copy_in_a_writer(&app, &admin, &first).await;
    // As an import's last transaction does: the campaign held, then a case and its search
    // terms written where the campaign was (no project), not yet committed.
    store::row_locks::lock(
        &mut tx,
        store::row_locks::Row::Object,
        &admin.company_id,
        &campaign,
    )
    .await
    .unwrap();
    let written = std::slice::from_ref(&second);
    store::cases::insert_many_unindexed(&mut tx, written)
        .await
        .unwrap();
    store::cases::insert_terms(&mut tx, store::cases::term_rows(written))
        .await
        .unwrap();

    let (_, after_commit) = after_a_commit(tx, app.enhanced_security(&admin)).await;
    assert!(after_commit, "the switch waits for the campaign's holder");
    let mut found = listed_and_found(&app, &agent, "prieto").await.0;
    found.sort();
    let mut both = vec![first, second.id];
    both.sort();
    assert_eq!(
        found, both,
        "both cases, and their terms, joined Default, where their operator is"
    );
}

#[tokio::test]
async fn when_enhanced_security_starts_a_case_whose_campaign_was_deleted_keeps_its_project_or_joins_default()
 {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let bank = id(&post(&app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let placed = campaign(&app, &admin, json!([bank])).await;
    let loose = campaign(&app, &admin, json!([])).await;
    let ana = case(&app, &admin, &placed, "Ana Prieto", Some(&agent.user_id)).await;
    let bea = case(&app, &admin, &loose, "Bea Prieto", Some(&agent.user_id)).await;
    for campaign in [&placed, &loose] {
        let deleted = app
            .delete(&format!("/api/v1/dialer-campaigns/{campaign}"))
            .as_user(&admin)
            .send()
            .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    }

    let default = app.enhanced_security(&admin).await;
    let project_of = |case: String| {
        let app = &app;
        let admin = &admin;
        async move {
            app.get(&format!("/api/v1/cases/{case}"))
                .as_user(admin)
                .send()
                .await
                .json()["project_id"]
                .clone()
        }
    };
    assert_eq!(project_of(ana.clone()).await, bank, "it stays in Bank");
    assert_eq!(
        project_of(bea.clone()).await,
        default,
        "in no project, it joins Default as everything does"
    );
    assert_eq!(
        listed_and_found(&app, &agent, "prieto").await.0,
        [bea],
        "its operator, in Default and not in Bank, works and finds Bea only"
    );
}

/// Writes that did not ask for a version check line up: none answers 412, none is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_simultaneous_attempts_without_if_match_all_land() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin, json!([])).await;
    let case_id = case(&app, &admin, &campaign, "Ana", Some(&agent.user_id)).await;
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..20 {
        let (app, agent, case_id) = (app.clone(), agent.clone(), case_id.clone());
        attempts.spawn(async move {
            let answer = app
                .post(&format!("/api/v1/cases/{case_id}/attempts"))
                .as_user(&agent)
                .json(&json!({ "channel": "call", "result": "no_answer", "notes": format!("try {n}") }))
                .send()
                .await;
            (answer.status, answer.text())
        });
    }
    while let Some(answer) = attempts.join_next().await {
        let (status, text) = answer.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{text}");
    }
    let case = app
        .get(&format!("/api/v1/cases/{case_id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    let logged = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attempt")
        .count();
    assert_eq!(logged, 20, "every attempt is in the history");
    assert_eq!(case["version"], 21);
}
