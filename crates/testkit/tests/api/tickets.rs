//! Support tickets: an operator reports a problem, the company's administrators answer
//! and close; both see the thread, nobody else does.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, TestResponse};

async fn open(app: &TestApp, who: &Session, subject: &str) -> Value {
    let created = app
        .post("/api/v1/tickets")
        .as_user(who)
        .json(&json!({ "subject": subject, "body": "The softphone has no tone.", "page": "/my-cases?status=active" }))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    created.json()
}

async fn reply(app: &TestApp, who: &Session, id: &str, body: &str) -> TestResponse {
    app.post(&format!("/api/v1/tickets/{id}/replies"))
        .as_user(who)
        .json(&json!({ "body": body }))
        .send()
        .await
}

async fn close(app: &TestApp, who: &Session, id: &str) -> TestResponse {
    app.patch(&format!("/api/v1/tickets/{id}"))
        .as_user(who)
        .json(&json!({ "status": "closed" }))
        .send()
        .await
}

fn ok(response: TestResponse, expected: StatusCode) -> Value {
    assert_eq!(response.status, expected, "{}", response.text());
    response.json()
}

async fn listed(app: &TestApp, who: &Session, query: &str) -> Vec<String> {
    ok(
        app.get(&format!("/api/v1/tickets{query}"))
            .as_user(who)
            .send()
            .await,
        StatusCode::OK,
    )["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_operators_ticket_is_answered_reopened_and_closed_with_every_step_audited() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;

    let ticket = open(&app, &agent, "  No dial tone  ").await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    assert_eq!(ticket["subject"], "No dial tone");
    assert_eq!(ticket["status"], "open");
    assert_eq!(ticket["page"], "/my-cases?status=active");
    assert_eq!(ticket["author_id"], agent.user_id.as_str());
    assert_eq!(ticket["author_name"], "Test Agent");
    assert_eq!(ticket["replies"], json!([]));
    assert!(ticket["created_at"].is_string() && ticket["updated_at"].is_string());

    // The administrators (Admin and Manager hold company.settings) see it.
    assert_eq!(listed(&app, &admin, "").await, vec![id.clone()]);
    assert_eq!(listed(&app, &manager, "").await, vec![id.clone()]);

    let answered = ok(
        reply(&app, &admin, &id, "Restart the softphone, please.").await,
        StatusCode::CREATED,
    );
    assert_eq!(answered["status"], "answered");
    assert_eq!(answered["version"], 2);
    let replies = answered["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["author_id"], admin.user_id.as_str());
    assert_eq!(replies[0]["author_name"], "Acme Admin");
    assert_eq!(replies[0]["body"], "Restart the softphone, please.");
    assert!(replies[0]["at"].is_string() && replies[0]["id"].is_string());

    // The author sees the answer and writes back: open again.
    let seen = ok(
        app.get(&format!("/api/v1/tickets/{id}"))
            .as_user(&agent)
            .send()
            .await,
        StatusCode::OK,
    );
    assert_eq!(seen["status"], "answered");
    assert_eq!(seen["replies"][0]["body"], "Restart the softphone, please.");
    let reopened = ok(
        reply(&app, &agent, &id, "Still nothing.").await,
        StatusCode::CREATED,
    );
    assert_eq!(reopened["status"], "open");
    assert_eq!(reopened["replies"][1]["author_name"], "Test Agent");

    // A manager closes it; a reply reopens a closed ticket, and its author closes it.
    let closed = ok(close(&app, &manager, &id).await, StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    let after_close = ok(
        reply(&app, &agent, &id, "It came back.").await,
        StatusCode::CREATED,
    );
    assert_eq!(after_close["status"], "open");
    let closed = ok(close(&app, &agent, &id).await, StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    let version = closed["version"].as_i64().unwrap();
    // Closing a closed ticket changes nothing.
    let again = ok(close(&app, &admin, &id).await, StatusCode::OK);
    assert_eq!(again["version"].as_i64().unwrap(), version);

    let audit = ok(
        app.get(&format!("/api/v1/audit?object_kind=ticket&object_id={id}"))
            .as_user(&admin)
            .send()
            .await,
        StatusCode::OK,
    );
    let mut entries: Vec<(String, Value, Value)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["before"]["status"].clone(),
                e["after"]["status"].clone(),
            )
        })
        .collect();
    entries.reverse();
    let step = |action: &str, before: Value, after: &str| (action.to_owned(), before, json!(after));
    assert_eq!(
        entries,
        vec![
            step("ticket.created", Value::Null, "open"),
            step("ticket.replied", json!("open"), "answered"),
            step("ticket.replied", json!("answered"), "open"),
            step("ticket.status_changed", json!("open"), "closed"),
            step("ticket.replied", json!("closed"), "open"),
            step("ticket.status_changed", json!("open"), "closed"),
        ]
    );
    let actors: Vec<Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor_id"].clone())
        .collect();
    assert_eq!(actors[0], json!(agent.user_id));
    assert_eq!(actors[2], json!(manager.user_id));
}

#[tokio::test]
async fn only_the_author_and_the_companys_administrators_reach_a_ticket() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let colleague = app.user(&admin.company_id, Template::Agent).await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let stranger = app.signup("Elsewhere").await;

    let id = open(&app, &agent, "Mine").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs = open(&app, &colleague, "Theirs").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let elsewhere = open(&app, &stranger, "Other company").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Another operator, a supervisor (not an administrator) and another company's
    // Admin: the ticket does not exist for them.
    for who in [&colleague, &supervisor, &stranger] {
        let path = format!("/api/v1/tickets/{id}");
        assert_eq!(
            app.get(&path).as_user(who).send().await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            reply(&app, who, &id, "me too").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(close(&app, who, &id).await.status, StatusCode::NOT_FOUND);
        assert!(!listed(&app, who, "").await.contains(&id));
    }
    assert_eq!(listed(&app, &agent, "").await, vec![id.clone()]);
    assert_eq!(listed(&app, &colleague, "").await, vec![theirs.clone()]);
    assert_eq!(listed(&app, &stranger, "").await, vec![elsewhere.clone()]);
    assert_eq!(listed(&app, &admin, "").await, vec![theirs, id.clone()]);
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{elsewhere}"))
            .as_user(&admin)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The Owner holds company.settings: an administrator, who does not open tickets.
    assert_eq!(listed(&app, &owner, "").await.len(), 2);
    let refused = app
        .post("/api/v1/tickets")
        .as_user(&owner)
        .json(&json!({ "subject": "s", "body": "b" }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Neither opening nor administering: 403 on the list.
    let role = app
        .post_ok(
            &admin,
            "/api/v1/roles",
            json!({ "name": "Viewer", "permissions": ["users.view"], "scope": "all", "based_on": "agent" }),
        )
        .await;
    let viewer = app.user(&admin.company_id, Template::Agent).await;
    app.post_ok(
        &admin,
        &format!("/api/v1/roles/{}/users", role["id"].as_str().unwrap()),
        json!({ "user_ids": [viewer.user_id] }),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/tickets")
            .as_user(&viewer)
            .send()
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Losing tickets.create hides even the own tickets.
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{id}"))
            .as_user(&viewer)
            .send()
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn tickets_and_replies_are_validated() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let post = |body: Value| {
        let app = &app;
        let agent = &agent;
        async move {
            app.post("/api/v1/tickets")
                .as_user(agent)
                .json(&body)
                .send()
                .await
        }
    };

    let empty = post(json!({ "subject": " ", "body": "" })).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &empty.json()["error"]["fields"];
    assert_eq!(fields["subject"], "required");
    assert_eq!(fields["body"], "required");
    let long = post(json!({ "subject": "x".repeat(201), "body": "y".repeat(10_001) })).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.json()["error"]["fields"]["subject"], "too_long");
    assert_eq!(long.json()["error"]["fields"]["body"], "too_long");
    let elsewhere =
        post(json!({ "subject": "s", "body": "b", "page": "https://evil.example/" })).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(elsewhere.json()["error"]["fields"]["page"], "invalid");
    let stray = post(json!({ "subject": "s", "body": "b", "status": "closed" })).await;
    assert_eq!(
        stray.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stray.text()
    );
    let malformed = app
        .post("/api/v1/tickets")
        .as_user(&agent)
        .raw("application/json", "{\"subject\": ")
        .send()
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        listed(&app, &admin, "").await.len(),
        0,
        "nothing was opened"
    );

    let id = open(&app, &agent, "Valid").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let blank = reply(&app, &admin, &id, "   ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.json()["error"]["fields"]["body"], "required");
    for status in ["open", "answered", "pending"] {
        let refused = app
            .patch(&format!("/api/v1/tickets/{id}"))
            .as_user(&admin)
            .json(&json!({ "status": status }))
            .send()
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{status}");
        assert!(refused.json()["error"]["fields"]["status"].is_string());
    }
    let stale = app
        .patch(&format!("/api/v1/tickets/{id}"))
        .as_user(&admin)
        .header("if-match", "7")
        .json(&json!({ "status": "closed" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let current = app
        .patch(&format!("/api/v1/tickets/{id}"))
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "status": "closed" }))
        .send()
        .await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.text());
    let ticket = ok(
        app.get(&format!("/api/v1/tickets/{id}"))
            .as_user(&agent)
            .send()
            .await,
        StatusCode::OK,
    );
    assert_eq!(ticket["replies"], json!([]), "refused replies left nothing");
}

#[tokio::test]
async fn lists_filter_by_status_and_page_newest_first() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            open(&app, &agent, &format!("Problem {n}")).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ok(
        reply(&app, &admin, &ids[1], "Answer").await,
        StatusCode::CREATED,
    );
    ok(close(&app, &admin, &ids[3]).await, StatusCode::OK);

    let newest_first: Vec<String> = ids.iter().rev().cloned().collect();
    assert_eq!(listed(&app, &admin, "").await, newest_first);
    assert_eq!(
        listed(&app, &agent, "?status=open").await,
        vec![ids[4].clone(), ids[2].clone(), ids[0].clone()]
    );
    assert_eq!(
        listed(&app, &agent, "?status=answered").await,
        vec![ids[1].clone()]
    );
    assert_eq!(
        listed(&app, &admin, "?status=closed").await,
        vec![ids[3].clone()]
    );

    let first = ok(
        app.get("/api/v1/tickets?limit=2&count=true")
            .as_user(&admin)
            .send()
            .await,
        StatusCode::OK,
    );
    assert_eq!(first["total"], 5);
    let mut seen: Vec<String> = Vec::new();
    let mut page = first;
    loop {
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned()),
        );
        let Some(next) = page["next"].as_str() else {
            break;
        };
        page = ok(
            app.get(&format!(
                "/api/v1/tickets?limit=2&cursor={}",
                urlencoding(next)
            ))
            .as_user(&admin)
            .send()
            .await,
            StatusCode::OK,
        );
    }
    assert_eq!(seen, newest_first);
    let counted = ok(
        app.get("/api/v1/tickets?status=open&count=true")
            .as_user(&agent)
            .send()
            .await,
        StatusCode::OK,
    );
    assert_eq!(counted["total"], 3);

    let bad = app
        .get("/api/v1/tickets?status=pending")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad_cursor = app
        .get("/api/v1/tickets?cursor=nonsense")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad_cursor.status, StatusCode::UNPROCESSABLE_ENTITY);
}

fn urlencoding(text: &str) -> String {
    text.replace('+', "%2B")
        .replace(':', "%3A")
        .replace('|', "%7C")
}
