//! The company's plan and usage (`GET /billing`, the CSV statement), the seat limit on
//! creating and unblocking users, the operator's plan command, and the billing page.

use axum::http::StatusCode;
use domain::Template;
use domain::billing::Seats;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of, unique_email};

use crate::browser::{get, page, post};

/// A call of `agent` (if any) that started at `start` (RFC 3339) and talked `talk` seconds.
async fn call(app: &TestApp, admin: &Session, agent: Option<&str>, start: &str, talk: i64) {
    let start: chrono::DateTime<chrono::Utc> = start.parse().unwrap();
    let answered = start + chrono::Duration::seconds(5);
    let ended = answered + chrono::Duration::seconds(talk);
    app.post_ok(
        admin,
        "/api/v1/interactions",
        json!({ "channel": "call", "direction": "inbound", "agent_id": agent,
                "started_at": start, "answered_at": answered, "ended_at": ended }),
    )
    .await;
}

async fn billing(app: &TestApp, who: &Session, query: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/billing{query}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

async fn user_count(app: &TestApp, admin: &Session) -> i64 {
    let list = app
        .get("/api/v1/users?count=true&limit=1")
        .as_user(admin)
        .send()
        .await
        .json();
    list["total"].as_i64().unwrap()
}

#[tokio::test]
async fn usage_counts_the_months_interactions_talk_cases_and_active_users() {
    testkit::clear_of_midnight(120, &[]).await;
    let app = TestApp::new().await;
    let admin = app.signup("Billing Co").await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let worker = app.user(&admin.company_id, Template::Agent).await;
    let caller = app.user(&admin.company_id, Template::Agent).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let other = app.signup("Elsewhere Ltd").await;

    // March 2025: two calls of `caller` (120 s and 61 s), one nobody took (30 s); one
    // on each side of the month that must not count; another company's call.
    call(
        &app,
        &admin,
        Some(&caller.user_id),
        "2025-03-10T09:00:00Z",
        120,
    )
    .await;
    call(
        &app,
        &admin,
        Some(&caller.user_id),
        "2025-03-31T23:58:00Z",
        61,
    )
    .await;
    call(&app, &admin, None, "2025-03-01T00:00:00Z", 30).await;
    call(
        &app,
        &admin,
        Some(&caller.user_id),
        "2025-02-28T23:59:59Z",
        600,
    )
    .await;
    call(
        &app,
        &admin,
        Some(&caller.user_id),
        "2025-04-01T00:00:00Z",
        600,
    )
    .await;
    call(&app, &other, None, "2025-03-15T10:00:00Z", 300).await;

    // This month: two cases, an attempt by `worker` (by SMS: no call), a call of 60 s.
    let campaign = app.campaign(&admin, json!([])).await;
    let case = app
        .post_ok(
            &admin,
            "/api/v1/cases",
            json!({ "campaign_id": campaign, "customer": { "name": "Ana" }, "assignee_id": worker.user_id }),
        )
        .await;
    app.post_ok(
        &admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": "Bea" } }),
    )
    .await;
    app.post_ok(
        &worker,
        &format!("/api/v1/cases/{}/attempts", id_of(&case)),
        json!({ "channel": "sms", "result": "no_answer" }),
    )
    .await;
    let now = chrono::Utc::now() - chrono::Duration::seconds(70);
    call(&app, &admin, Some(&worker.user_id), &now.to_rfc3339(), 60).await;

    let current = billing(&app, &owner, "").await;
    assert_eq!(
        current["plan"],
        json!({ "name": "Standard", "seats": null })
    );
    assert_eq!(current["seats_used"], 5, "{current}");
    let usage = &current["usage"];
    assert_eq!(
        usage["month"],
        chrono::Utc::now().format("%Y-%m").to_string()
    );
    assert_eq!(usage["interactions"], 1, "{current}");
    assert_eq!(usage["talk_minutes"], 1);
    assert_eq!(usage["cases"], 2);
    // The admin (audited changes) and the worker (an attempt, a call); not the caller
    // (calls in March only) nor the owner or the manager (no change).
    assert_eq!(usage["active_users"], 2, "{current}");

    let march = billing(&app, &owner, "?month=2025-03").await;
    let usage = &march["usage"];
    assert_eq!(usage["month"], "2025-03");
    assert_eq!(usage["from"], "2025-03-01T00:00:00Z");
    assert_eq!(usage["to"], "2025-04-01T00:00:00Z");
    assert_eq!(usage["interactions"], 3, "{march}");
    assert_eq!(usage["talk_seconds"], 211);
    assert_eq!(usage["talk_minutes"], 4, "every started minute");
    assert_eq!(usage["cases"], 0);
    assert_eq!(usage["active_users"], 1, "the caller: {march}");
    assert_eq!(march["seats_used"], 5, "seats are counted now");

    let theirs = billing(&app, &other, "?month=2025-03").await;
    assert_eq!(theirs["usage"]["interactions"], 1);
    assert_eq!(theirs["seats_used"], 1);

    for bad in ["2025-13", "March", "2025-3"] {
        let response = app
            .get(&format!("/api/v1/billing?month={bad}"))
            .as_user(&owner)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    for who in [&worker, &manager] {
        for path in ["/api/v1/billing", "/api/v1/billing/statement.csv"] {
            let response = app.get(path).as_user(who).send().await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(response.error_code(), "forbidden");
        }
    }

    let statement = app
        .get("/api/v1/billing/statement.csv?month=2025-03")
        .as_user(&owner)
        .send()
        .await;
    assert_eq!(statement.status, StatusCode::OK);
    assert_eq!(
        statement.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        statement
            .header("content-disposition")
            .unwrap()
            .contains("statement-2025-03.csv")
    );
    let text = statement.text();
    let lines: Vec<&str> = text.lines().collect();
    for expected in [
        "section,item,value",
        "month,,2025-03",
        "plan,name,Standard",
        "plan,seats,unlimited",
        "seats,used,5",
        "usage,active_users,1",
        "usage,interactions,3",
        "usage,talk_minutes,4",
        "usage,cases,0",
        "user,name,email,active_in_month,interactions,talk_minutes,holds_seat",
        &format!("{},Test Agent,{},yes,2,4,yes", caller.user_id, caller.email),
        &format!("{},Test Agent,{},no,0,0,yes", worker.user_id, worker.email),
    ] {
        assert!(lines.contains(&expected), "{expected} missing in\n{text}");
    }
    // One line per user holding a seat: the five of the company, no one else's.
    assert_eq!(lines.len(), 10 + 5, "{text}");
}

#[tokio::test]
async fn creating_or_unblocking_past_the_seats_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Seats Co").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    // Two seats, both taken.
    let change = app::billing::set_plan(&app.ctx, &admin.company_id, "Team", Seats::Limited(2))
        .await
        .unwrap();
    assert!(!change.over_limit());
    assert_eq!(change.seats_used, 2);

    let before = user_count(&app, &admin).await;
    let email = unique_email("late");
    let refused = app
        .post("/api/v1/users")
        .as_user(&admin)
        .json(&json!({ "name": "Late", "email": email, "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    assert_eq!(refused.error_code(), "seat_limit");
    assert_eq!(user_count(&app, &admin).await, before, "nobody was created");
    let audit = app.get("/api/v1/audit").as_user(&admin).send().await.json();
    assert!(
        !audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.created"),
        "{audit}"
    );

    // Blocking frees a seat; the next user takes it; unblocking then finds none.
    let blocked = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(blocked.status, StatusCode::OK, "{}", blocked.text());
    app.post_ok(
        &admin,
        "/api/v1/users",
        json!({ "name": "Late", "email": email, "role_id": agent_role }),
    )
    .await;
    let unblock = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "active": true, "max_chats": 7 }))
        .send()
        .await;
    assert_eq!(unblock.status, StatusCode::CONFLICT, "{}", unblock.text());
    assert_eq!(unblock.error_code(), "seat_limit");
    let still = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(still["active"], false);
    assert_ne!(
        still["max_chats"], 7,
        "nothing of the refused change is kept"
    );
    // Edits of active users go on.
    let edit = app
        .patch(&format!("/api/v1/users/{}", admin.user_id))
        .as_user(&admin)
        .json(&json!({ "max_chats": 5 }))
        .send()
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text());

    // Fewer seats than in use: accepted, said so; the users keep working.
    let change = app::billing::set_plan(&app.ctx, "seats co", "Solo", Seats::Limited(1))
        .await
        .unwrap();
    assert!(change.over_limit());
    assert_eq!(change.before.name, "Team");
    assert_eq!(change.seats_used, 2);
    let owner_view = billing(&app, &admin, "").await;
    assert_eq!(owner_view["plan"], json!({ "name": "Solo", "seats": 1 }));
    assert_eq!(owner_view["seats_used"], 2);

    // Unlimited again: the unblock goes through.
    app::billing::set_plan(&app.ctx, &admin.company_id, "Solo", Seats::Unlimited)
        .await
        .unwrap();
    let unblock = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "active": true }))
        .send()
        .await;
    assert_eq!(unblock.status, StatusCode::OK, "{}", unblock.text());
}

#[tokio::test]
async fn the_operators_plan_command_finds_the_company_and_is_audited() {
    let app = TestApp::new().await;
    let admin = app.signup("Plan Co").await;
    let twin_name = unique_email("Twin");
    let twin = app.signup(&twin_name).await;
    app.signup(&twin_name).await;

    let change = app::billing::set_plan(&app.ctx, &admin.company_id, " Pro ", Seats::Limited(25))
        .await
        .unwrap();
    assert_eq!(change.company_name, "Plan Co");
    assert_eq!(change.before.seats, Seats::Unlimited);
    assert_eq!(change.after.name, "Pro");
    assert_eq!(change.after.seats, Seats::Limited(25));

    let audit = app
        .get("/api/v1/audit?object_kind=company")
        .as_user(&admin)
        .send()
        .await
        .json();
    let entry = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "company.plan_set")
        .unwrap_or_else(|| panic!("{audit}"))
        .clone();
    assert_eq!(entry["actor_id"], Value::Null);
    assert_eq!(
        entry["before"],
        json!({ "name": "Standard", "seats": null })
    );
    assert_eq!(entry["after"]["name"], "Pro");
    assert_eq!(entry["after"]["seats"], 25);
    assert_eq!(entry["after"]["by"], "installation operator");
    let verify = app
        .get("/api/v1/audit/verify")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(verify["ok"], true, "{verify}");

    let ambiguous = app::billing::set_plan(&app.ctx, &twin_name, "Pro", Seats::Unlimited).await;
    assert!(
        matches!(&ambiguous, Err(app::AppError::Conflict { code: "ambiguous", message }) if message.contains(&twin.company_id)),
        "{ambiguous:?}"
    );
    let missing = app::billing::set_plan(&app.ctx, "No Such Co", "Pro", Seats::Unlimited).await;
    assert!(matches!(missing, Err(app::AppError::NotFound)));
    let unnamed = app::billing::set_plan(&app.ctx, &admin.company_id, "  ", Seats::Unlimited).await;
    assert!(matches!(unnamed, Err(app::AppError::Invalid(_))));
    assert_eq!(
        billing(&app, &admin, "").await["plan"],
        json!({ "name": "Pro", "seats": 25 })
    );
}

#[tokio::test]
async fn the_billing_page_shows_plan_seats_and_usage_to_billing_managers_only() {
    let app = TestApp::new().await;
    let admin = app.signup("Page Co").await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    call(&app, &admin, None, "2025-03-10T09:00:00Z", 90).await;

    let html = page(&app, &owner, "/billing").await;
    assert!(
        html.contains("href=\"/billing\" aria-current=\"page\""),
        "{html}"
    );
    assert!(html.contains(">Billing</a>"));
    assert!(html.contains("id=\"plan-name\">Standard<"), "{html}");
    assert!(html.contains("id=\"seats\">3 (unlimited)<"), "{html}");
    assert!(!html.contains("id=\"seats-bar\""), "no bar without a limit");
    assert!(html.contains("href=\"/api/v1/billing/statement.csv?month="));

    let march = page(&app, &owner, "/billing?month=2025-03").await;
    assert!(march.contains("id=\"usage-month\">March 2025<"), "{march}");
    assert!(march.contains("id=\"usage-interactions\">1<"), "{march}");
    assert!(march.contains("id=\"usage-talk-minutes\">2<"), "{march}");
    assert!(
        march.contains("id=\"billing-next\""),
        "a past month has a next"
    );
    assert!(march.contains("href=\"/billing?month=2025-02\""));

    app::billing::set_plan(&app.ctx, &admin.company_id, "Team", Seats::Limited(3))
        .await
        .unwrap();
    let full = page(&app, &owner, "/billing").await;
    assert!(full.contains("id=\"seats\">3 of 3<"), "{full}");
    assert!(full.contains("<meter id=\"seats-bar\""), "{full}");
    assert!(!full.contains("id=\"seats-over\""));

    let bad = get(&app, &owner, "/billing?month=someday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("YYYY-MM"));

    // A manager has no billing: no menu entry, and the page says so.
    let home = page(&app, &manager, "/").await;
    assert!(!home.contains("href=\"/billing\""));
    assert_eq!(
        get(&app, &manager, "/billing").await.status,
        StatusCode::FORBIDDEN
    );

    // The users page says why a new user is refused, in the admin's language.
    app.patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let refused = post(
        &app,
        &admin,
        "/users",
        &[
            ("name", "Late"),
            ("email", &unique_email("late")),
            ("role_id", &agent_role),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .text()
            .contains("Todos los puestos del plan de la empresa están ocupados"),
        "{}",
        refused.text()
    );
    let es = page(&app, &admin, "/billing?month=2025-03").await;
    assert!(es.contains(">Facturación</a>"));
    assert!(es.contains("id=\"usage-month\">marzo de 2025<"), "{es}");
    assert!(es.contains("id=\"seats\">3 de 3<"), "{es}");
}
