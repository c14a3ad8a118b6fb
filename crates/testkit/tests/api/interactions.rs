//! The call and chat log: ingestion from the telephony platform (idempotent on its
//! external id, projects from queue or campaign), progress with versions, calls from
//! contact attempts, and what each scope reads.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of as id};

async fn queue(app: &TestApp, admin: &Session, body: Value) -> String {
    let mut body = body;
    body["name"] = json!(testkit::unique_email("queue"));
    id(&app.post_ok(admin, "/api/v1/queues", body).await)
}

fn call(external_id: &str) -> Value {
    json!({
        "channel": "call", "direction": "inbound", "from": "+34 600 111 222", "to": "900 100 100",
        "started_at": "2026-11-02T09:00:00Z", "answered_at": "2026-11-02T09:00:12Z",
        "ended_at": "2026-11-02T09:03:12Z", "disposition": "contacted",
        "recording_url": "https://recordings.example.com/1.mp3", "external_id": external_id,
    })
}

/// The ids of the log as `who` reads it with `query`, and its total.
async fn log(app: &TestApp, who: &Session, query: &str) -> (Vec<String>, i64) {
    let page = app
        .get(&format!(
            "/api/v1/interactions?count=true&limit=500&{query}"
        ))
        .as_user(who)
        .send()
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    let ids = page["items"].as_array().unwrap().iter().map(id).collect();
    (ids, page["total"].as_i64().unwrap())
}

#[tokio::test]
async fn a_retried_webhook_adds_nothing_and_the_project_comes_from_the_queue() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    app.enhanced_security(&admin).await;
    let project = id(&app
        .post_ok(&admin, "/api/v1/projects", json!({ "name": "Collections" }))
        .await);
    let queue = queue(&app, &admin, json!({ "project_ids": [project] })).await;
    let mut body = call("pbx-1");
    body["queue_id"] = json!(queue);
    let first = app
        .post("/api/v1/interactions")
        .as_user(&admin)
        .json(&body)
        .send()
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let first = first.json();
    assert_eq!(first["project_id"], json!(project));
    assert_eq!(first["duration"], 192);
    assert_eq!(first["wait_seconds"], 12);
    assert_eq!(first["talk_seconds"], 180);
    assert_eq!(first["from"], "+34 600 111 222");
    let again = app
        .post("/api/v1/interactions")
        .as_user(&admin)
        .json(&body)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["id"], first["id"]);
    // Two deliveries at once still store one.
    let mut racing = call("pbx-2");
    racing["queue_id"] = json!(queue);
    let (a, b) = tokio::join!(
        app.post("/api/v1/interactions")
            .as_user(&admin)
            .json(&racing)
            .send(),
        app.post("/api/v1/interactions")
            .as_user(&admin)
            .json(&racing)
            .send(),
    );
    let mut codes = [a.status.as_u16(), b.status.as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [200, 201], "{} {}", a.text(), b.text());
    assert_eq!(a.json()["id"], b.json()["id"]);
    assert_eq!(log(&app, &admin, "").await.1, 2);
}

#[tokio::test]
async fn bad_interactions_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let other = app.signup("Elsewhere").await;
    let foreign_queue = queue(&app, &other, json!({})).await;
    let cases = [
        (json!({ "ended_at": "2026-11-02T08:00:00Z" }), "ended_at"),
        (
            json!({ "answered_at": "2026-11-02T08:59:00Z" }),
            "answered_at",
        ),
        (json!({ "queue_id": foreign_queue }), "queue_id"),
        (json!({ "agent_id": other.user_id }), "agent_id"),
        (json!({ "recording_url": "ftp://x" }), "recording_url"),
        (json!({ "disposition": "x".repeat(65) }), "disposition"),
    ];
    for (change, field) in cases {
        let mut body = call("bad");
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = app
            .post("/api/v1/interactions")
            .as_user(&admin)
            .json(&body)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(
            response.json()["error"]["fields"][field].is_string(),
            "{field}: {}",
            response.text()
        );
    }
    let mut unknown_channel = call("bad");
    unknown_channel["channel"] = json!("fax");
    let response = app
        .post("/api/v1/interactions")
        .as_user(&admin)
        .json(&unknown_channel)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(log(&app, &admin, "").await.1, 0);
    // Only the platform's role records calls.
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let response = app
        .post("/api/v1/interactions")
        .as_user(&agent)
        .json(&call("x"))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn each_scope_reads_its_part_of_the_log() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    app.post_ok(&admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [mine.user_id] })).await;
    let supervised = queue(
        &app,
        &admin,
        json!({ "supervisor_ids": [supervisor.user_id] }),
    )
    .await;
    let record = |agent: &str, queue: Option<&str>, n: u32| {
        let mut body = call(&format!("scope-{n}"));
        body["agent_id"] = json!(agent);
        body["queue_id"] = json!(queue);
        body
    };
    let by_mine = id(&app
        .post_ok(
            &admin,
            "/api/v1/interactions",
            record(&mine.user_id, None, 1),
        )
        .await);
    let in_queue = id(&app
        .post_ok(
            &admin,
            "/api/v1/interactions",
            record(&other.user_id, Some(&supervised), 2),
        )
        .await);
    let elsewhere = id(&app
        .post_ok(
            &admin,
            "/api/v1/interactions",
            record(&other.user_id, None, 3),
        )
        .await);
    let mut all = vec![by_mine.clone(), in_queue.clone(), elsewhere.clone()];
    all.sort();
    let sorted = |(mut ids, total): (Vec<String>, i64)| {
        ids.sort();
        (ids, total)
    };
    assert_eq!(sorted(log(&app, &admin, "").await), (all.clone(), 3));
    let mut managed = vec![by_mine.clone(), in_queue.clone()];
    managed.sort();
    assert_eq!(
        sorted(log(&app, &supervisor, "").await),
        (managed, 2),
        "their agents' calls and their queues' calls"
    );
    assert_eq!(
        sorted(log(&app, &mine, "").await),
        (all, 3),
        "agents review everyone's calls (calls.view_all)"
    );
    // Without calls.view_all, an own-scope role reads its own calls only.
    let role = app.post_ok(&admin, "/api/v1/roles", json!({ "name": "Own calls", "permissions": ["calls.view"], "scope": "own", "based_on": "agent" })).await;
    app.post_ok(
        &admin,
        &format!("/api/v1/roles/{}/users", id(&role)),
        json!({ "user_ids": [other.user_id] }),
    )
    .await;
    assert_eq!(log(&app, &other, "").await.1, 2);
    let hidden = app
        .get(&format!("/api/v1/interactions/{by_mine}"))
        .as_user(&other)
        .send()
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let own = app
        .get(&format!("/api/v1/interactions/{elsewhere}"))
        .as_user(&other)
        .send()
        .await
        .json();
    assert_eq!(own["recording_url"], "", "no recordings.listen, no link");
    let shown = app
        .get(&format!("/api/v1/interactions/{elsewhere}"))
        .as_user(&mine)
        .send()
        .await
        .json();
    assert_eq!(
        shown["recording_url"],
        "https://recordings.example.com/1.mp3"
    );
    // Filters.
    assert_eq!(
        log(&app, &admin, &format!("agent_id={}", other.user_id))
            .await
            .1,
        2
    );
    assert_eq!(
        log(&app, &admin, &format!("queue_id={supervised}")).await.0,
        vec![in_queue]
    );
    assert_eq!(log(&app, &admin, "channel=chat").await.1, 0);
    assert_eq!(
        log(&app, &admin, "from=2026-11-02&to=2026-11-02").await.1,
        3
    );
    assert_eq!(log(&app, &admin, "from=2026-11-03").await.1, 0);
    assert_eq!(log(&app, &admin, "to=2026-11-02T09:00:00Z").await.1, 0);
    let bad = app
        .get("/api/v1/interactions?from=tomorrow")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn projects_hide_the_calls_of_other_projects() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    app.enhanced_security(&admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let ours = id(&app
        .post_ok(&admin, "/api/v1/projects", json!({ "name": "Ours" }))
        .await);
    let theirs = id(&app
        .post_ok(&admin, "/api/v1/projects", json!({ "name": "Theirs" }))
        .await);
    app.post_ok(
        &admin,
        &format!("/api/v1/projects/{ours}/members"),
        json!({ "user_id": manager.user_id }),
    )
    .await;
    let mut seen = call("p-1");
    seen["queue_id"] = json!(queue(&app, &admin, json!({ "project_ids": [ours] })).await);
    let mut unseen = call("p-2");
    unseen["queue_id"] = json!(queue(&app, &admin, json!({ "project_ids": [theirs] })).await);
    let seen = id(&app.post_ok(&admin, "/api/v1/interactions", seen).await);
    let unseen = id(&app.post_ok(&admin, "/api/v1/interactions", unseen).await);
    assert_eq!(log(&app, &manager, "").await, (vec![seen], 1));
    let response = app
        .get(&format!("/api/v1/interactions/{unseen}"))
        .as_user(&manager)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(log(&app, &admin, "").await.1, 2);
    assert_eq!(
        log(&app, &admin, &format!("project_id={theirs}")).await.0,
        vec![unseen]
    );
}

#[tokio::test]
async fn a_call_goes_on_as_it_is_answered_and_ends() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let mut ringing = call("live-1");
    ringing["answered_at"] = Value::Null;
    ringing["ended_at"] = Value::Null;
    let ringing = app.post_ok(&admin, "/api/v1/interactions", ringing).await;
    assert_eq!(ringing["duration"], Value::Null);
    let path = format!("/api/v1/interactions/{}", id(&ringing));
    let answered = app
        .patch(&path)
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "answered_at": "2026-11-02T09:00:30Z", "agent_id": agent.user_id }))
        .send()
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text());
    assert_eq!(answered.json()["wait_seconds"], 30);
    let stale = app
        .patch(&path)
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "ended_at": "2026-11-02T09:01:00Z" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let before_answer = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "ended_at": "2026-11-02T09:00:20Z" }))
        .send()
        .await;
    assert_eq!(before_answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ended = app
        .patch(&path)
        .as_user(&admin)
        .header("if-match", "2")
        .json(&json!({ "ended_at": "2026-11-02T09:02:00Z", "disposition": "promise_to_pay" }))
        .send()
        .await
        .json();
    assert_eq!(ended["talk_seconds"], 90);
    assert_eq!(ended["duration"], 120);
    assert_eq!(ended["agent_id"], json!(agent.user_id));
    assert_eq!(ended["version"], 3);
}

#[tokio::test]
async fn a_call_attempt_joins_the_log_and_a_visit_does_not() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let queue = queue(&app, &admin, json!({})).await;
    let campaign = id(&app
        .post_ok(
            &admin,
            "/api/v1/dialer-campaigns",
            json!({ "name": "Recobro", "queue_id": queue }),
        )
        .await);
    let case = id(&app.post_ok(&admin, "/api/v1/cases", json!({ "campaign_id": campaign, "customer": { "name": "Ana", "phones": ["+34 600 000 009"] }, "assignee_id": agent.user_id })).await);
    for (channel, result) in [
        ("call", "contacted"),
        ("visit", "no_answer"),
        ("chat", "no_answer"),
    ] {
        app.post_ok(
            &agent,
            &format!("/api/v1/cases/{case}/attempts"),
            json!({ "channel": channel, "result": result }),
        )
        .await;
    }
    let page = app
        .get(&format!("/api/v1/interactions?case_id={case}&agent_id=me"))
        .as_user(&agent)
        .send()
        .await
        .json();
    let items = page["items"].as_array().unwrap();
    let channels: Vec<&str> = items
        .iter()
        .map(|i| i["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels.len(), 2, "{page}");
    assert!(channels.contains(&"call") && channels.contains(&"chat"));
    let call = items.iter().find(|i| i["channel"] == "call").unwrap();
    assert_eq!(call["direction"], "outbound");
    assert_eq!(call["to"], "+34600000009");
    assert_eq!(call["campaign_id"], json!(campaign));
    assert_eq!(call["disposition"], "contacted");
    assert!(call["answered_at"].is_string(), "contacted: reached");
    let chat = items.iter().find(|i| i["channel"] == "chat").unwrap();
    assert!(chat["answered_at"].is_null(), "no answer: not reached");
}

#[tokio::test]
async fn an_attempt_claims_the_call_the_platform_posted_so_it_counts_once() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let queue = queue(&app, &admin, json!({})).await;
    let campaign = id(&app
        .post_ok(
            &admin,
            "/api/v1/dialer-campaigns",
            json!({ "name": "Recobro", "queue_id": queue }),
        )
        .await);
    let case = |name: &'static str| {
        let app = &app;
        let admin = &admin;
        let body = json!({ "campaign_id": campaign, "customer": { "name": name }, "assignee_id": agent.user_id });
        async move { id(&app.post_ok(admin, "/api/v1/cases", body).await) }
    };
    let (ana, bea) = (case("Ana").await, case("Bea").await);
    let mut posted = call("pbx-claimed");
    posted["direction"] = json!("outbound");
    posted["campaign_id"] = json!(campaign);
    posted["agent_id"] = json!(agent.user_id);
    let posted = id(&app.post_ok(&admin, "/api/v1/interactions", posted).await);
    let attempt = |case: &str, channel: &str, interaction: &str| {
        app.post(&format!("/api/v1/cases/{case}/attempts"))
            .as_user(&agent)
            .json(&json!({ "channel": channel, "result": "contacted", "interaction_id": interaction }))
            .send()
    };
    let claimed = attempt(&ana, "call", &posted).await;
    assert_eq!(claimed.status, StatusCode::CREATED, "{}", claimed.text());
    let (ids, total) = log(&app, &admin, &format!("case_id={ana}")).await;
    assert_eq!(
        (ids, total),
        (vec![posted.clone()], 1),
        "the platform's call, linked"
    );
    assert_eq!(log(&app, &admin, "").await.1, 1, "and no second one");
    for (case, channel, interaction, problem) in [
        (&bea, "call", posted.as_str(), "other_case"),
        (&ana, "chat", posted.as_str(), "other_channel"),
        (&ana, "call", "nope", "not_found"),
        (&ana, "visit", posted.as_str(), "only_calls_and_chats"),
    ] {
        let refused = attempt(case, channel, interaction).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{problem}"
        );
        assert_eq!(refused.json()["error"]["fields"]["interaction_id"], problem);
    }
    let history = app
        .get(&format!("/api/v1/cases/{ana}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    let attempts = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attempt")
        .count();
    assert_eq!(attempts, 1, "the refused attempts left nothing");
}
