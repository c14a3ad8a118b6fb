//! Pause reasons: configured by company administrators, picked by agents when they
//! pause, shown on the live board against their maximum, and reported as pause time by
//! reason per operator and per group.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use store::agent_states::PauseReason;
use testkit::{Session, TestApp, TestResponse};

use crate::browser::{api, api_get, location, page, post, section};

async fn create(app: &TestApp, who: &Session, body: Value) -> TestResponse {
    app.post("/api/v1/pause-reasons")
        .as_user(who)
        .json(&body)
        .send()
        .await
}

async fn patch(app: &TestApp, who: &Session, id: &str, body: Value) -> TestResponse {
    app.patch(&format!("/api/v1/pause-reasons/{id}"))
        .as_user(who)
        .json(&body)
        .send()
        .await
}

async fn set_state(app: &TestApp, who: &Session, agent: &str, body: Value) -> TestResponse {
    app.put(&format!("/api/v1/agents/{agent}/state"))
        .as_user(who)
        .json(&body)
        .send()
        .await
}

fn field(response: &TestResponse, name: &str) -> String {
    response.json()["error"]["fields"][name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The admin's live board row of `agent`.
async fn board_row(app: &TestApp, admin: &Session, agent: &Session) -> Value {
    api_get(app, admin, "/api/v1/live/agents").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agent_id"] == json!(agent.user_id))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn administrators_configure_reasons_with_checked_names_and_maximums() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;

    let lunch = create(
        &app,
        &admin,
        json!({ "name": " Lunch ", "max_minutes": 30 }),
    )
    .await;
    assert_eq!(lunch.status, StatusCode::CREATED, "{}", lunch.text());
    let lunch = lunch.json();
    assert_eq!(
        (lunch["name"].clone(), lunch["max_minutes"].clone()),
        (json!("Lunch"), json!(30))
    );
    let brk = api(
        &app,
        &admin,
        "/api/v1/pause-reasons",
        json!({ "name": "Break" }),
    )
    .await;
    assert_eq!(brk["max_minutes"], Value::Null);

    // Refusals name the field.
    let cases = [
        (json!({ "name": "LUNCH" }), "name", "taken"),
        (json!({ "name": "   " }), "name", "required"),
        (json!({ "name": "x".repeat(61) }), "name", "too_long"),
        (
            json!({ "name": "Nap", "max_minutes": 0 }),
            "max_minutes",
            "out_of_range",
        ),
        (
            json!({ "name": "Nap", "max_minutes": 481 }),
            "max_minutes",
            "out_of_range",
        ),
    ];
    for (body, name, code) in cases {
        let refused = create(&app, &admin, body.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(field(&refused, name), code, "{body}: {}", refused.text());
    }
    assert!(
        create(
            &app,
            &admin,
            json!({ "name": "x".repeat(60), "max_minutes": 480 })
        )
        .await
        .status
            == StatusCode::CREATED
    );
    let stray = create(&app, &admin, json!({ "name": "Nap", "company_id": "x" })).await;
    assert_eq!(stray.status, StatusCode::UNPROCESSABLE_ENTITY);
    let malformed = app
        .post("/api/v1/pause-reasons")
        .as_user(&admin)
        .raw("application/json", "{\"name\":")
        .send()
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

    // Everyone who pauses or watches reads them, by name; only administrators write.
    for who in [&admin, &agent, &supervisor] {
        let list = api_get(&app, who, "/api/v1/pause-reasons").await;
        assert_eq!(names(&list)[..2], ["Break".to_owned(), "Lunch".to_owned()]);
    }
    for who in [&agent, &supervisor] {
        assert_eq!(
            create(&app, who, json!({ "name": "Nap" })).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            patch(&app, who, &id(&lunch), json!({ "name": "Nap" }))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let delete = app
            .delete(&format!("/api/v1/pause-reasons/{}", id(&lunch)))
            .as_user(who)
            .send()
            .await;
        assert_eq!(delete.status, StatusCode::FORBIDDEN);
    }

    // A change keeps what it does not name; null removes the maximum; a stale version
    // is 412; a renaming onto another reason's name is refused.
    let renamed = patch(&app, &admin, &id(&lunch), json!({ "name": "Long lunch" })).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(
        (
            renamed.json()["max_minutes"].clone(),
            renamed.json()["version"].clone()
        ),
        (json!(30), json!(2))
    );
    let stale = app
        .patch(&format!("/api/v1/pause-reasons/{}", id(&lunch)))
        .as_user(&admin)
        .header("If-Match", "1")
        .json(&json!({ "max_minutes": 45 }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let unlimited = app
        .patch(&format!("/api/v1/pause-reasons/{}", id(&lunch)))
        .as_user(&admin)
        .header("If-Match", "2")
        .json(&json!({ "max_minutes": null }))
        .send()
        .await;
    assert_eq!(unlimited.status, StatusCode::OK, "{}", unlimited.text());
    assert_eq!(unlimited.json()["max_minutes"], Value::Null);
    assert_eq!(unlimited.json()["name"], "Long lunch");
    let clash = patch(&app, &admin, &id(&lunch), json!({ "name": "break" })).await;
    assert_eq!(field(&clash, "name"), "taken");

    // Another company's administrator finds nothing.
    let other = app.signup("Elsewhere").await;
    assert_eq!(
        patch(&app, &other, &id(&lunch), json!({ "name": "Mine" }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let theirs = app
        .delete(&format!("/api/v1/pause-reasons/{}", id(&lunch)))
        .as_user(&other)
        .send()
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert!(
        !names(&api_get(&app, &other, "/api/v1/pause-reasons").await).contains(&"Break".to_owned())
    );

    // Deleting retires: gone from the list, 404 afterwards, its name free again.
    let deleted = app
        .delete(&format!("/api/v1/pause-reasons/{}", id(&brk)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(
        !names(&api_get(&app, &admin, "/api/v1/pause-reasons").await).contains(&"Break".to_owned())
    );
    assert_eq!(
        patch(&app, &admin, &id(&brk), json!({ "name": "Back" }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        create(&app, &admin, json!({ "name": "Break" }))
            .await
            .status,
        StatusCode::CREATED
    );

    // Every change is audited.
    let audit = api_get(
        &app,
        &admin,
        "/api/v1/audit?object_kind=pause_reason&limit=100",
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "pause_reason.created",
        "pause_reason.updated",
        "pause_reason.deleted",
    ] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
    let deletion = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "pause_reason.deleted")
        .unwrap();
    assert_eq!(deletion["object_id"], json!(id(&brk)));
    assert_eq!(deletion["before"]["name"], "Break");
}

#[tokio::test]
async fn a_pause_names_a_configured_reason_once_the_company_has_any() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    api(&app, &admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [agent.user_id] })).await;

    // Without configured reasons, the free text still works.
    let free = set_state(
        &app,
        &agent,
        "me",
        json!({ "state": "paused", "reason": "Doctor" }),
    )
    .await;
    assert_eq!(free.status, StatusCode::OK, "{}", free.text());
    assert_eq!(
        (
            free.json()["pause_reason"].clone(),
            free.json()["pause_reason_id"].clone()
        ),
        (json!("Doctor"), Value::Null)
    );

    let lunch = api(
        &app,
        &admin,
        "/api/v1/pause-reasons",
        json!({ "name": "Lunch", "max_minutes": 30 }),
    )
    .await;
    let other = app.signup("Elsewhere").await;
    let foreign = api(
        &app,
        &other,
        "/api/v1/pause-reasons",
        json!({ "name": "Siesta" }),
    )
    .await;

    let required = set_state(
        &app,
        &agent,
        "me",
        json!({ "state": "paused", "reason": "Doctor" }),
    )
    .await;
    assert_eq!(required.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&required, "pause_reason_id"), "required");
    for unknown in ["nope".to_owned(), id(&foreign)] {
        let refused = set_state(
            &app,
            &agent,
            "me",
            json!({ "state": "paused", "pause_reason_id": unknown }),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field(&refused, "pause_reason_id"), "unknown");
    }
    assert_eq!(
        board_row(&app, &admin, &agent).await["pause_reason"],
        "Doctor",
        "refusals change nothing"
    );

    let paused = set_state(
        &app,
        &agent,
        "me",
        json!({ "state": "paused", "pause_reason_id": id(&lunch) }),
    )
    .await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text());
    let row = board_row(&app, &admin, &agent).await;
    assert_eq!(row["state"], "paused");
    assert_eq!(row["pause_reason"], "Lunch");
    assert_eq!(row["pause_reason_id"], json!(id(&lunch)));
    assert_eq!(row["max_minutes"], 30);
    assert_eq!(row["over_max"], false);
    // A rename shows on the board at once.
    api_patch(&app, &admin, &id(&lunch), json!({ "name": "Lunch break" })).await;
    assert_eq!(
        board_row(&app, &admin, &agent).await["pause_reason"],
        "Lunch break"
    );

    // Other states clear the reason.
    let back = set_state(
        &app,
        &agent,
        "me",
        json!({ "state": "available", "pause_reason_id": id(&lunch) }),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK);
    let row = board_row(&app, &admin, &agent).await;
    assert_eq!(
        (
            row["pause_reason"].clone(),
            row["pause_reason_id"].clone(),
            row["max_minutes"].clone()
        ),
        (json!(""), Value::Null, Value::Null)
    );

    // A supervisor (or the telephony platform) may pause an agent without a reason.
    let by_supervisor = set_state(
        &app,
        &supervisor,
        &agent.user_id,
        json!({ "state": "paused" }),
    )
    .await;
    assert_eq!(
        by_supervisor.status,
        StatusCode::OK,
        "{}",
        by_supervisor.text()
    );
    assert_eq!(by_supervisor.json()["pause_reason_id"], Value::Null);

    // A pause longer than its reason's maximum is marked.
    let since = Utc::now() - Duration::minutes(31);
    let mut tx = app.ctx.pool.write().await.unwrap();
    store::agent_states::set(
        &mut tx,
        &admin.company_id,
        &agent.user_id,
        "paused",
        &reason(&lunch, "Lunch break", Some(30)),
        since,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let row = board_row(&app, &admin, &agent).await;
    assert_eq!(
        (row["pause_reason"].clone(), row["over_max"].clone()),
        (json!("Lunch break"), json!(true))
    );
}

async fn api_patch(app: &TestApp, who: &Session, id: &str, body: Value) -> Value {
    let response = patch(app, who, id, body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

fn reason(row: &Value, label: &str, max: Option<i64>) -> PauseReason {
    PauseReason {
        id: Some(id(row)),
        label: label.to_owned(),
        max_minutes: max,
    }
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Sets `user`'s state at `when`, as the app does (the period in force ends there).
async fn state_at(
    app: &TestApp,
    company: &str,
    user: &str,
    state: &str,
    why: &PauseReason,
    when: DateTime<Utc>,
) {
    let mut tx = app.ctx.pool.write().await.unwrap();
    assert!(
        store::agent_states::set(&mut tx, company, user, state, why, when)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
}

async fn report(app: &TestApp, who: &Session, name: &str, query: &str) -> Vec<Value> {
    let response = app
        .get(&format!("/api/v1/reports/{name}?{query}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{name}: {}",
        response.text()
    );
    response.json()["items"].as_array().unwrap().clone()
}

fn figures(rows: &[Value], key: &str) -> Vec<(String, String, i64, i64, i64)> {
    let mut out: Vec<(String, String, i64, i64, i64)> = rows
        .iter()
        .map(|r| {
            (
                r[key].as_str().unwrap_or_default().to_owned(),
                r["pause_reason"].as_str().unwrap().to_owned(),
                r["pauses"].as_i64().unwrap(),
                r["pause_seconds"].as_i64().unwrap(),
                r["over_max_count"].as_i64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn pause_time_is_reported_by_reason_per_operator_and_group() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let ours = app.user(&admin.company_id, Template::Agent).await;
    let theirs = app.user(&admin.company_id, Template::Agent).await;
    let floor = api(&app, &admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [ours.user_id] })).await;
    let lunch = api(
        &app,
        &admin,
        "/api/v1/pause-reasons",
        json!({ "name": "Lunch", "max_minutes": 30 }),
    )
    .await;
    let brk = api(
        &app,
        &admin,
        "/api/v1/pause-reasons",
        json!({ "name": "Break" }),
    )
    .await;
    let company = admin.company_id.clone();
    let none = PauseReason::default();
    // Whole seconds, so that the range's bounds fall exactly on the minutes below.
    let t0 = DateTime::from_timestamp((Utc::now() - Duration::days(2)).timestamp(), 0).unwrap();
    let m = Duration::minutes;

    // ours: lunch 40 min (over its 30), a break of 10 min 7 s, lunch 20 min;
    // theirs: lunch 15 min.
    state_at(&app, &company, &ours.user_id, "available", &none, t0).await;
    state_at(
        &app,
        &company,
        &ours.user_id,
        "paused",
        &reason(&lunch, "Lunch", Some(30)),
        t0 + m(10),
    )
    .await;
    state_at(
        &app,
        &company,
        &ours.user_id,
        "available",
        &none,
        t0 + m(50),
    )
    .await;
    state_at(
        &app,
        &company,
        &ours.user_id,
        "paused",
        &reason(&brk, "Break", None),
        t0 + m(60),
    )
    .await;
    state_at(
        &app,
        &company,
        &ours.user_id,
        "available",
        &none,
        t0 + m(70) + Duration::seconds(7),
    )
    .await;
    state_at(
        &app,
        &company,
        &ours.user_id,
        "paused",
        &reason(&lunch, "Lunch", Some(30)),
        t0 + m(100),
    )
    .await;
    state_at(&app, &company, &ours.user_id, "offline", &none, t0 + m(120)).await;
    state_at(
        &app,
        &company,
        &theirs.user_id,
        "paused",
        &reason(&lunch, "Lunch", Some(30)),
        t0 + m(5),
    )
    .await;
    state_at(
        &app,
        &company,
        &theirs.user_id,
        "offline",
        &none,
        t0 + m(20),
    )
    .await;

    let whole = format!("from={}&to={}", at(t0 - m(60)), at(t0 + m(180)));
    let rows = report(&app, &admin, "pauses", &whole).await;
    assert_eq!(figures(&rows, "agent_id"), {
        let mut want = vec![
            (ours.user_id.clone(), "Break".to_owned(), 1, 607, 0),
            (ours.user_id.clone(), "Lunch".to_owned(), 2, 3600, 1),
            (theirs.user_id.clone(), "Lunch".to_owned(), 1, 900, 0),
        ];
        want.sort();
        want
    });
    let named = rows
        .iter()
        .find(|r| r["agent_id"] == json!(ours.user_id))
        .unwrap();
    assert!(
        named["agent_name"].as_str().is_some_and(|n| !n.is_empty()),
        "{named}"
    );
    assert!(rows.iter().all(|r| r["pause_reason_id"].is_string()));

    // Only the part of a pause within the range counts; the maximum is the pause's own.
    let clipped = format!("from={}&to={}", at(t0 + m(40)), at(t0 + m(110)));
    assert_eq!(
        figures(&report(&app, &admin, "pauses", &clipped).await, "agent_id"),
        vec![
            (ours.user_id.clone(), "Break".to_owned(), 1, 607, 0),
            (ours.user_id.clone(), "Lunch".to_owned(), 2, 1200, 1),
        ]
    );

    // A supervisor sees their groups' agents only; the group filter narrows alike.
    let supervised = report(&app, &supervisor, "pauses", &whole).await;
    assert!(
        supervised
            .iter()
            .all(|r| r["agent_id"] == json!(ours.user_id)),
        "{supervised:?}"
    );
    assert_eq!(supervised.len(), 2);
    let grouped = report(
        &app,
        &admin,
        "pauses",
        &format!("{whole}&group_id={}", id(&floor)),
    )
    .await;
    assert_eq!(grouped.len(), 2);

    // Per group: the Floor's agents, by reason.
    let groups = report(&app, &supervisor, "pauses-by-group", &whole).await;
    assert_eq!(
        figures(&groups, "group_id"),
        vec![
            (id(&floor), "Break".to_owned(), 1, 607, 0),
            (id(&floor), "Lunch".to_owned(), 2, 3600, 1),
        ]
    );
    assert!(
        groups
            .iter()
            .all(|r| r["group_name"] == "Floor" && r["agents"] == 1)
    );

    // A retired reason keeps its name in the report; an agent sees only themself.
    let gone = app
        .delete(&format!("/api/v1/pause-reasons/{}", id(&brk)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let rows = report(&app, &admin, "pauses", &whole).await;
    assert!(rows.iter().any(|r| r["pause_reason"] == "Break"));
    let refused = app
        .get(&format!("/api/v1/reports/pauses?{whole}"))
        .as_user(&ours)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // CSV carries the names beside the ids.
    let csv = app
        .get(&format!("/api/v1/reports/pauses?format=csv&{whole}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    assert!(
        text.starts_with(
            "agent_id,agent_name,pause_reason_id,pause_reason,pauses,pause_seconds,over_max_count"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn the_page_configures_reasons_and_the_home_offers_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;

    let refused = crate::browser::get(&app, &agent, "/pause-reasons").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let html = page(&app, &admin, "/pause-reasons").await;
    assert!(html.contains("href=\"/pause-reasons\""), "a menu entry");
    assert!(html.contains("id=\"pause-reasons-none\""));

    // Without reasons, the home's pause takes free text.
    let home = page(&app, &agent, "/").await;
    assert!(section(&home, "id=\"home-state\"", "</section>").contains("id=\"home-state-reason\""));

    let bad = post(
        &app,
        &admin,
        "/pause-reasons",
        &[("name", "Lunch"), ("max_minutes", "999")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("id=\"max_minutes-error\""),
        "{}",
        bad.text()
    );
    let made = post(
        &app,
        &admin,
        "/pause-reasons",
        &[("name", "Lunch"), ("max_minutes", "30")],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());
    assert_eq!(location(&made), "/pause-reasons?done=created");
    let list = api_get(&app, &admin, "/api/v1/pause-reasons").await;
    let lunch = list["items"][0].clone();
    assert_eq!(
        (lunch["name"].clone(), lunch["max_minutes"].clone()),
        (json!("Lunch"), json!(30))
    );
    let html = page(&app, &admin, "/pause-reasons?done=created").await;
    assert!(html.contains("The pause reason was created."));
    assert!(html.contains(&format!("id=\"pause-reason-max-{}\" name=\"max_minutes\" type=\"number\" min=\"1\" max=\"480\" value=\"30\"", id(&lunch))), "{html}");
    let saved = post(
        &app,
        &admin,
        &format!("/pause-reasons/{}", id(&lunch)),
        &[("name", "Lunch"), ("max_minutes", ""), ("version", "1")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    assert_eq!(
        api_get(&app, &admin, "/api/v1/pause-reasons").await["items"][0]["max_minutes"],
        Value::Null
    );

    // The home offers one button per reason; pressing it pauses with it.
    let home = page(&app, &agent, "/").await;
    let form = section(&home, "id=\"home-state\"", "</section>");
    assert!(!form.contains("id=\"home-state-reason\""), "{form}");
    assert!(
        form.contains(&format!(
            "name=\"pause_reason_id\" value=\"{}\"",
            id(&lunch)
        )),
        "{form}"
    );
    let paused = post(
        &app,
        &agent,
        "/home/state",
        &[("state", "paused"), ("pause_reason_id", &id(&lunch))],
    )
    .await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER, "{}", paused.text());
    let row = board_row(&app, &admin, &agent).await;
    assert_eq!(row["pause_reason_id"], json!(id(&lunch)));
    let home = page(&app, &agent, "/").await;
    assert!(
        home.contains(&format!(
            "id=\"home-state-pause-{}\" aria-pressed=\"true\"",
            id(&lunch)
        )),
        "{home}"
    );
    // The workspace offers the same; a pause without a reason is refused there.
    let workspace = page(&app, &agent, "/my-cases").await;
    assert!(workspace.contains(&format!("id=\"my-state-pause-{}\"", id(&lunch))));
    let without = post(&app, &agent, "/my-state", &[("state", "paused")]).await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(without.text().contains("id=\"my-state-alert\""));

    // The live board names the reason.
    let board = page(&app, &admin, "/live").await;
    let line = section(&board, &format!("id=\"agent-{}\"", agent.user_id), "</tr>");
    assert!(line.contains("data-cell=\"reason\">Lunch</span>"), "{line}");

    // Deleting asks first, then retires.
    let asked = post(
        &app,
        &admin,
        &format!("/pause-reasons/{}/delete", id(&lunch)),
        &[],
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    let text = asked.text();
    assert!(text.contains("Delete the pause reason “Lunch”?"), "{text}");
    assert!(text.contains("1 agent is paused with it now"), "{text}");
    assert_eq!(
        api_get(&app, &admin, "/api/v1/pause-reasons").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let done = post(
        &app,
        &admin,
        &format!("/pause-reasons/{}/delete", id(&lunch)),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        api_get(&app, &admin, "/api/v1/pause-reasons").await["items"],
        json!([])
    );
}
