//! The live boards page and the workspace's "My state" form, driven as a browser drives
//! them (cookie session + CSRF field); states and calls come in through the JSON API.

use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, TestResponse};

use crate::browser::{CSRF, api, cookies, get, page, section};

async fn post_form(app: &TestApp, session: &Session, pairs: &[(&str, &str)]) -> TestResponse {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(pairs);
    app.post("/my-state")
        .cookie(&cookies(session))
        .form(&all)
        .send()
        .await
}

async fn set_state(app: &TestApp, who: &Session, body: Value) {
    let response = app
        .put("/api/v1/agents/me/state")
        .as_user(who)
        .json(&body)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

async fn profile(app: &TestApp, who: &Session, body: Value) {
    let response = app
        .patch("/api/v1/me")
        .as_user(who)
        .json(&body)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

/// The admin's board row of `agent`.
async fn board_row(app: &TestApp, admin: &Session, agent: &Session) -> Value {
    let response = app.get("/api/v1/live/agents").as_user(admin).send().await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agent_id"] == json!(agent.user_id))
        .cloned()
        .unwrap_or(Value::Null)
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

fn ago(seconds: i64) -> String {
    (Utc::now() - Duration::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An admin, a supervisor of the group "Floor" holding `ours`, and `theirs` outside it.
struct Floor {
    app: TestApp,
    admin: Session,
    supervisor: Session,
    ours: Session,
    theirs: Session,
}

async fn floor() -> Floor {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let ours = app.user(&admin.company_id, Template::Agent).await;
    let theirs = app.user(&admin.company_id, Template::Agent).await;
    api(
        &app,
        &admin,
        "/api/v1/groups",
        json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [ours.user_id] }),
    )
    .await;
    Floor {
        app,
        admin,
        supervisor,
        ours,
        theirs,
    }
}

#[tokio::test]
async fn the_board_shows_what_the_supervisor_sees_in_their_language_and_zone() {
    let Floor {
        app,
        admin,
        supervisor,
        ours,
        theirs,
    } = floor().await;
    set_state(
        &app,
        &ours,
        json!({ "state": "paused", "reason": "Lunch break" }),
    )
    .await;
    set_state(&app, &theirs, json!({ "state": "available" })).await;
    let watched = id(&api(
        &app,
        &admin,
        "/api/v1/queues",
        json!({ "name": "Ventas", "service_level_seconds": 20, "supervisor_ids": [supervisor.user_id] }),
    )
    .await);
    api(&app, &admin, "/api/v1/queues", json!({ "name": "Soporte" })).await;
    // One call waiting for a minute, one answered in 5 s, one abandoned: 50 % in time.
    // The board counts today's calls, in UTC and later in Tokyo (UTC+9).
    testkit::clear_of_midnight(110, &[9]).await;
    for (started, answered, ended) in [
        (ago(60), None, None),
        (ago(100), Some(ago(95)), Some(ago(80))),
        (ago(100), None, Some(ago(70))),
    ] {
        api(
            &app,
            &admin,
            "/api/v1/interactions",
            json!({ "channel": "call", "direction": "inbound", "queue_id": watched, "started_at": started, "answered_at": answered, "ended_at": ended }),
        )
        .await;
    }

    let html = page(&app, &supervisor, "/live").await;
    assert!(
        html.contains("href=\"/live\" aria-current=\"page\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"/static/live.js"),
        "the script keeps it current"
    );
    let row = section(&html, &format!("id=\"agent-{}\"", ours.user_id), "</tr>");
    assert!(row.contains("data-state=\"paused\">Paused</span>"), "{row}");
    assert!(
        row.contains("badge-wait") && row.contains("Lunch break"),
        "{row}"
    );
    assert!(row.contains(">Floor</td>"), "group names: {row}");
    assert!(row.contains("since ") && row.contains("UTC"), "{row}");
    assert!(
        !html.contains(&format!("agent-{}", theirs.user_id)),
        "an agent outside the supervisor's groups shows"
    );
    let queues = section(&html, "id=\"queues-table\"", "</table>");
    assert!(
        queues.contains(">Ventas</th>") && !queues.contains("Soporte"),
        "{queues}"
    );
    let queue = section(queues, &format!("id=\"queue-{watched}\""), "</tr>");
    for cell in [
        "data-cell=\"waiting\">1</td>",
        "data-cell=\"answered\">1</td>",
        "data-cell=\"abandoned\">1</td>",
        "data-cell=\"service-level\">50%</span>",
        "answered within 20 s",
    ] {
        assert!(queue.contains(cell), "{cell} missing in {queue}");
    }

    // The admin sees both agents.
    let all = page(&app, &admin, "/live").await;
    for agent in [&ours, &theirs] {
        assert!(all.contains(&format!("id=\"agent-{}\"", agent.user_id)));
    }

    profile(
        &app,
        &supervisor,
        json!({ "language": "es", "timezone": "Asia/Tokyo" }),
    )
    .await;
    let html = page(&app, &supervisor, "/live").await;
    assert!(html.contains("<html lang=\"es\""));
    let row = section(&html, &format!("id=\"agent-{}\"", ours.user_id), "</tr>");
    assert!(row.contains(">En pausa</span>"), "{row}");
    assert!(
        row.contains("desde las ") && row.contains("JST"),
        "the start in the user's zone: {row}"
    );
    // The script labels rows that arrive later from what the server put in the page.
    assert!(html.contains("Trabajo posterior a la llamada") && html.contains(">Agentes</h2>"));
    let queue = section(&html, &format!("id=\"queue-{watched}\""), "</tr>");
    assert!(queue.contains(">50\u{a0}%</span>"), "{queue}");

    profile(&app, &supervisor, json!({ "language": "tr" })).await;
    let html = page(&app, &supervisor, "/live").await;
    let row = section(&html, &format!("id=\"agent-{}\"", ours.user_id), "</tr>");
    assert!(row.contains(">Molada</span>"), "{row}");
    assert!(html.contains("Müsait") && html.contains("Çevrim dışı"));
    let queue = section(&html, &format!("id=\"queue-{watched}\""), "</tr>");
    assert!(queue.contains(">%50</span>"), "{queue}");
}

#[tokio::test]
async fn agents_cannot_open_the_board_but_find_their_state_form() {
    let Floor { app, ours, .. } = floor().await;
    let refused = get(&app, &ours, "/live").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let html = refused.text();
    assert!(html.contains("Not allowed"), "{html}");
    assert!(!html.contains("href=\"/live\""), "no menu entry: {html}");
    let workspace = page(&app, &ours, "/my-cases").await;
    let form = section(&workspace, "id=\"my-state\"", "</section>");
    for state in [
        "available",
        "on_call",
        "after_call_work",
        "offline",
        "paused",
    ] {
        assert!(
            form.contains(&format!("id=\"my-state-{state}\"")),
            "{state}: {form}"
        );
    }
    assert!(form.contains(&format!("name=\"csrf\" value=\"{CSRF}\"")));
}

#[tokio::test]
async fn my_state_sets_the_agents_own_state() {
    let Floor {
        app,
        admin,
        supervisor,
        ours,
        ..
    } = floor().await;
    let paused = post_form(&app, &ours, &[("state", "paused"), ("reason", "Training")]).await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER, "{}", paused.text());
    assert_eq!(paused.header("location"), Some("/my-cases?state=paused"));
    let row = board_row(&app, &admin, &ours).await;
    assert_eq!(row["state"], "paused");
    assert_eq!(row["pause_reason"], "Training");
    let html = page(&app, &ours, "/my-cases?state=paused").await;
    assert!(html.contains("Your state is now: Paused."), "{html}");
    // Read back later, the workspace shows the state in force and its reason.
    let later = page(&app, &ours, "/my-cases").await;
    assert!(
        later.contains("Your state: Paused (Training) since"),
        "{later}"
    );
    assert!(later.contains("id=\"my-state-available\" aria-pressed=\"false\""));

    // Any other state clears the reason; the supervisor's board shows the change.
    let back = post_form(&app, &ours, &[("state", "available"), ("reason", "")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text());
    let row = board_row(&app, &admin, &ours).await;
    assert_eq!(
        (row["state"].as_str(), row["pause_reason"].as_str()),
        (Some("available"), Some(""))
    );
    let board = page(&app, &supervisor, "/live").await;
    let shown = section(&board, &format!("id=\"agent-{}\"", ours.user_id), "</tr>");
    assert!(shown.contains(">Available</span>"), "{shown}");

    // Refusals change nothing: an unknown state, a reason too long, a form without its
    // token, a user who may not set a state.
    let unknown = post_form(&app, &ours, &[("state", "napping")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text().contains("id=\"my-state-alert\""));
    let long = "x".repeat(65);
    let too_long = post_form(&app, &ours, &[("state", "paused"), ("reason", &long)]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = too_long.text();
    assert!(html.contains("id=\"my-state-reason-error\""), "{html}");
    assert!(
        html.contains(&format!("value=\"{long}\"")),
        "the reason typed stays"
    );
    let forged = app
        .post("/my-state")
        .cookie(&cookies(&ours))
        .form(&[("csrf", "csrf_other"), ("state", "offline")])
        .send()
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(board_row(&app, &admin, &ours).await["state"], "available");
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let refused = post_form(&app, &owner, &[("state", "available")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(board_row(&app, &admin, &owner).await, Value::Null);
}

/// The workspace's form is the home's: the call states are the telephony platform's
/// (shown, not pressable) unless the company lets agents pick them.
#[tokio::test]
async fn workspace_offers_call_states_only_when_the_company_allows_them() {
    let Floor {
        app, admin, ours, ..
    } = floor().await;
    let html = page(&app, &ours, "/my-cases").await;
    let form = section(&html, "id=\"my-state\"", "</section>");
    for state in ["on_call", "after_call_work"] {
        assert!(
            form.contains(&format!(
                "id=\"my-state-{state}\" aria-pressed=\"false\" disabled"
            )),
            "{state}: {form}"
        );
    }
    assert!(
        form.contains("id=\"my-state-available\" aria-pressed=\"false\">"),
        "{form}"
    );
    assert!(form.contains("id=\"my-state-telephony\""), "{form}");
    let refused = post_form(&app, &ours, &[("state", "on_call")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("This state is set by the telephony platform."),
        "{}",
        refused.text()
    );

    let allowed = app
        .patch("/api/v1/company")
        .as_user(&admin)
        .json(&json!({ "settings": { "manual_call_states": true } }))
        .send()
        .await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.text());
    let html = page(&app, &ours, "/my-cases").await;
    let form = section(&html, "id=\"my-state\"", "</section>");
    for state in ["on_call", "after_call_work"] {
        assert!(
            form.contains(&format!("id=\"my-state-{state}\" aria-pressed=\"false\">")),
            "{state}: {form}"
        );
    }
    assert!(!form.contains("id=\"my-state-telephony\""), "{form}");
    let set = post_form(&app, &ours, &[("state", "on_call")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text());
    assert_eq!(board_row(&app, &admin, &ours).await["state"], "on_call");
}
