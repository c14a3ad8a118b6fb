//! Live monitoring: agents' states, the agent and queue boards by scope, and the event
//! stream filtered at every event, across server processes on PostgreSQL.

use std::time::Duration;

use axum::http::StatusCode;
use chrono::{Duration as Span, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use testkit::{EventStream, Session, TestApp, id_of as id};

async fn set_state(app: &TestApp, who: &Session, agent: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .put(&format!("/api/v1/agents/{agent}/state"))
        .as_user(who)
        .json(&body)
        .send()
        .await;
    let status = response.status;
    (
        status,
        if status.is_success() {
            response.json()
        } else {
            Value::Null
        },
    )
}

async fn board(app: &TestApp, who: &Session, which: &str) -> Vec<Value> {
    let response = app
        .get(&format!("/api/v1/live/{which}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()["items"].as_array().unwrap().clone()
}

fn agent_ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["agent_id"].as_str().unwrap().to_owned())
        .collect()
}

/// An admin, a supervisor of a group holding `ours`, and `theirs` outside it.
struct Floor {
    app: TestApp,
    admin: Session,
    supervisor: Session,
    ours: Session,
    theirs: Session,
    group: String,
}

async fn floor(app: TestApp) -> Floor {
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let ours = app.user(&admin.company_id, Template::Agent).await;
    let theirs = app.user(&admin.company_id, Template::Agent).await;
    let group = id(&app.post_ok(&admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [ours.user_id] })).await);
    // These agents pick "On a call" themselves, as if no telephony platform were connected.
    let allowed = app
        .patch("/api/v1/company")
        .as_user(&admin)
        .json(&json!({ "settings": { "manual_call_states": true } }))
        .send()
        .await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.text());
    Floor {
        app,
        admin,
        supervisor,
        ours,
        theirs,
        group,
    }
}

#[tokio::test]
async fn agents_set_their_state_and_supervisors_watch_their_groups() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    let (status, row) = set_state(app, &f.ours, "me", json!({ "state": "available" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(row["state"], "available");
    assert_eq!(row["group_ids"], json!([f.group]));
    let since = row["since"].clone();
    let (_, again) = set_state(app, &f.ours, "me", json!({ "state": "available" })).await;
    assert_eq!(again["since"], since, "the same state keeps its start");
    set_state(
        app,
        &f.theirs,
        "me",
        json!({ "state": "paused", "reason": "Training" }),
    )
    .await;
    assert_eq!(
        agent_ids(&board(app, &f.supervisor, "agents").await),
        vec![f.ours.user_id.clone()]
    );
    let all = board(app, &f.admin, "agents").await;
    assert_eq!(all.len(), 2);
    let paused = all
        .iter()
        .find(|r| r["agent_id"] == json!(f.theirs.user_id))
        .unwrap();
    assert_eq!(paused["pause_reason"], "Training");
    // Agents set only their own state; supervisors that of the agents they see.
    let (status, _) = set_state(
        app,
        &f.ours,
        &f.theirs.user_id,
        json!({ "state": "offline" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, row) = set_state(
        app,
        &f.supervisor,
        &f.ours.user_id,
        json!({ "state": "after_call_work", "reason": "ignored" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(row["pause_reason"], "", "only a pause has a reason");
    let (status, _) = set_state(
        app,
        &f.supervisor,
        &f.theirs.user_id,
        json!({ "state": "available" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = set_state(app, &f.ours, "me", json!({ "state": "napping" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let forbidden = app.get("/api/v1/live/agents").as_user(&f.ours).send().await;
    assert_eq!(
        forbidden.status,
        StatusCode::FORBIDDEN,
        "agents do not watch the boards"
    );
}

#[tokio::test]
async fn the_last_session_ending_puts_an_agent_offline() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    let second = app.login(&f.ours.email, testkit::PASSWORD).await;
    set_state(app, &f.ours, "me", json!({ "state": "available" })).await;
    let logout = app
        .post("/api/v1/auth/logout")
        .as_user(&f.ours)
        .send()
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let state = |rows: Vec<Value>| rows[0]["state"].as_str().unwrap().to_owned();
    assert_eq!(
        state(board(app, &f.supervisor, "agents").await),
        "available",
        "a session is left"
    );
    app.post("/api/v1/auth/logout").bearer(&second).send().await;
    assert_eq!(state(board(app, &f.supervisor, "agents").await), "offline");
}

fn ago(seconds: i64) -> String {
    (Utc::now() - Span::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[tokio::test]
async fn the_queue_board_counts_waiting_answered_abandoned_and_the_service_level() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    let watched = id(&app.post_ok(&f.admin, "/api/v1/queues", json!({ "name": "Ventas", "service_level_seconds": 20, "supervisor_ids": [f.supervisor.user_id] })).await);
    let other = id(&app
        .post_ok(&f.admin, "/api/v1/queues", json!({ "name": "Soporte" }))
        .await);
    // The board counts today's calls.
    testkit::clear_of_midnight(110, &[]).await;
    let calls = [
        // waiting for a minute, and for 10 seconds
        (ago(60), None, None),
        (ago(10), None, None),
        // answered in 5 s, answered in 40 s, abandoned after 30 s
        (ago(100), Some(ago(95)), Some(ago(80))),
        (ago(100), Some(ago(60)), Some(ago(50))),
        (ago(100), None, Some(ago(70))),
    ];
    for (started, answered, ended) in calls {
        app.post_ok(&f.admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "inbound", "queue_id": watched, "started_at": started, "answered_at": answered, "ended_at": ended })).await;
    }
    // Outbound calls through the queue are not offered to it.
    app.post_ok(&f.admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "outbound", "queue_id": watched, "started_at": ago(60) })).await;
    let rows = board(app, &f.admin, "queues").await;
    assert_eq!(rows.len(), 2);
    let row = rows
        .iter()
        .find(|r| r["queue_id"] == json!(watched))
        .unwrap();
    assert_eq!(row["waiting"], 2);
    let longest = row["longest_wait_seconds"].as_i64().unwrap();
    assert!((60..70).contains(&longest), "{longest}");
    assert_eq!(row["answered"], 2);
    assert_eq!(row["abandoned"], 1);
    assert_eq!(
        row["service_level"], 33.3,
        "1 of 3 offered answered within 20 s"
    );
    let quiet = rows.iter().find(|r| r["queue_id"] == json!(other)).unwrap();
    assert_eq!(quiet["service_level"], Value::Null);
    // A supervisor watches the queues they supervise.
    let theirs: Vec<Value> = board(app, &f.supervisor, "queues").await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["queue_id"], json!(watched));
}

async fn open(app: &TestApp, who: &Session) -> EventStream {
    app.get("/api/v1/live/stream")
        .as_user(who)
        .open_stream()
        .await
}

/// The agent rows among `events`, by agent id and state.
fn agent_events(events: &[(String, Value)]) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|(kind, _)| kind == "agent")
        .map(|(_, row)| {
            (
                row["agent_id"].as_str().unwrap().to_owned(),
                row["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const QUIET: Duration = Duration::from_millis(300);

#[tokio::test]
async fn the_stream_sends_only_what_the_viewer_may_see_at_each_event() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    set_state(app, &f.ours, "me", json!({ "state": "available" })).await;
    let mut stream = open(app, &f.supervisor).await;
    let header = |name: &str| stream.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("content-type"), Some("text/event-stream"));
    assert_eq!(header("cache-control"), Some("no-cache"));
    assert_eq!(
        header("x-accel-buffering"),
        Some("no"),
        "no proxy holds events back"
    );
    let snapshot = stream.drain(QUIET).await;
    assert_eq!(
        agent_events(&snapshot),
        vec![(f.ours.user_id.clone(), "available".to_owned())],
        "the board as it is first"
    );
    set_state(app, &f.ours, "me", json!({ "state": "on_call" })).await;
    set_state(app, &f.theirs, "me", json!({ "state": "available" })).await;
    assert_eq!(
        agent_events(&stream.drain(QUIET).await),
        vec![(f.ours.user_id.clone(), "on_call".to_owned())],
        "not the agent outside their groups"
    );
    // The agent leaves the supervisor's group: the change itself starts the boards
    // over without them, and their rows stop.
    let group = format!("/api/v1/groups/{}", f.group);
    let removed = app
        .patch(&group)
        .as_user(&f.admin)
        .json(&json!({ "member_ids": [] }))
        .send()
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text());
    let events = stream.drain(QUIET).await;
    assert!(events.iter().any(|(kind, _)| kind == "reset"), "{events:?}");
    assert_eq!(
        agent_events(&events),
        Vec::<(String, String)>::new(),
        "{events:?}"
    );
    set_state(app, &f.ours, "me", json!({ "state": "paused" })).await;
    assert_eq!(
        agent_events(&stream.drain(QUIET).await),
        Vec::<(String, String)>::new(),
        "nothing of them after"
    );
    // Losing live.view ends the stream.
    let role = app.post_ok(&f.admin, "/api/v1/roles", json!({ "name": "Blind", "permissions": ["cases.view"], "scope": "managed", "based_on": "supervisor" })).await;
    app.post_ok(
        &f.admin,
        &format!("/api/v1/roles/{}/users", id(&role)),
        json!({ "user_ids": [f.supervisor.user_id] }),
    )
    .await;
    set_state(app, &f.theirs, "me", json!({ "state": "paused" })).await;
    let events = stream.drain(QUIET).await;
    assert_eq!(
        events.last().map(|(kind, _)| kind.as_str()),
        Some("closed"),
        "{events:?}"
    );
    assert!(stream.next().await.is_none(), "the stream ends");
}

#[tokio::test]
async fn the_stream_carries_queue_figures_as_calls_arrive() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    let queue = id(&app
        .post_ok(
            &f.admin,
            "/api/v1/queues",
            json!({ "name": "Ventas", "supervisor_ids": [f.supervisor.user_id] }),
        )
        .await);
    let mut stream = open(app, &f.supervisor).await;
    stream.drain(QUIET).await;
    app.post_ok(&f.admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "inbound", "queue_id": queue, "started_at": ago(5) })).await;
    let events = stream.drain(QUIET).await;
    let queues: Vec<&Value> = events
        .iter()
        .filter(|(k, _)| k == "queue")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(queues.len(), 1, "{events:?}");
    assert_eq!(queues[0]["waiting"], 1);
}

#[tokio::test]
async fn signals_reach_the_viewers_of_every_server_process() {
    let first = TestApp::new().await;
    if !first.db.is_postgres() {
        // SQLite serves from one process.
        return;
    }
    let second = first.second_process().await;
    let f = floor(first).await;
    let mut stream = open(&second, &f.supervisor).await;
    stream.drain(QUIET).await;
    set_state(&f.app, &f.ours, "me", json!({ "state": "available" })).await;
    let events = stream.drain(Duration::from_secs(1)).await;
    assert_eq!(
        agent_events(&events),
        vec![(f.ours.user_id.clone(), "available".to_owned())]
    );
}

#[tokio::test]
async fn streams_that_share_an_event_still_see_only_their_own_rows() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    // Two streams of the supervisor share each reading; the admin's is another scope.
    let mut first = open(app, &f.supervisor).await;
    let mut second = open(app, &f.supervisor).await;
    let mut admin = open(app, &f.admin).await;
    for stream in [&mut first, &mut second, &mut admin] {
        stream.drain(QUIET).await;
    }
    set_state(app, &f.theirs, "me", json!({ "state": "available" })).await;
    set_state(app, &f.ours, "me", json!({ "state": "on_call" })).await;
    let ours = vec![(f.ours.user_id.clone(), "on_call".to_owned())];
    assert_eq!(agent_events(&first.drain(QUIET).await), ours);
    assert_eq!(agent_events(&second.drain(QUIET).await), ours);
    assert_eq!(
        agent_events(&admin.drain(QUIET).await),
        vec![
            (f.theirs.user_id.clone(), "available".to_owned()),
            (f.ours.user_id.clone(), "on_call".to_owned()),
        ]
    );
}

#[tokio::test]
async fn a_signal_for_a_row_the_stream_already_shows_sends_nothing() {
    let f = floor(TestApp::new().await).await;
    let app = &f.app;
    set_state(app, &f.ours, "me", json!({ "state": "available" })).await;
    let ctx = &app.ctx;
    let actor = app::sessions::resolve(ctx, &f.admin.token)
        .await
        .unwrap()
        .unwrap();
    let mut viewer = app::live::Viewer::open(ctx, f.admin.token.clone(), actor)
        .await
        .unwrap();
    let first = viewer.snapshot(ctx).await.unwrap();
    assert!(
        first
            .iter()
            .any(|u| matches!(u, app::live::Update::Agent(a) if a.row.agent_id == f.ours.user_id))
    );
    let signal = || {
        app::live::Event::new(app::live::Signal::agent(
            &f.admin.company_id,
            &f.ours.user_id,
        ))
    };
    // What PostgreSQL's relay can deliver late: the signal of the change the board
    // was read after.
    assert!(viewer.updates(ctx, &signal()).await.unwrap().is_empty());

    set_state(
        app,
        &f.ours,
        "me",
        json!({ "state": "paused", "reason": "Break" }),
    )
    .await;
    let updates = viewer.updates(ctx, &signal()).await.unwrap();
    assert!(
        matches!(updates.as_slice(), [app::live::Update::Agent(a)] if a.row.state == "paused"),
        "{updates:?}"
    );
    assert!(viewer.updates(ctx, &signal()).await.unwrap().is_empty());
}
