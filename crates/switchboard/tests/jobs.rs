//! A distribution job in a real server process killed (SIGKILL) mid-way: every move
//! it made is whole (the case's holder, its history event and its audit entry, counted
//! by the job), and a server started again resumes the job and completes it. On the
//! suite's database (SQLite, or PostgreSQL with TEST_DB=postgres).

// Tests stop at the first surprise; an unwrap is the shortest way to say so.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use domain::Template;
use serde_json::{Value, json};
use store::Sql;
use store::jobs::JobRow;
use testkit::{Session, TestApp, TestDb};

/// Moves per transaction in the servers of this test: small, so the job lasts long
/// enough to be killed in the middle.
const CHUNK: &str = "20";
const CASES: usize = 2_000;

/// A server process on a free port, killed (SIGKILL) on drop.
struct Server {
    child: std::process::Child,
    listen: String,
}

impl Server {
    fn start(database: &str) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["serve", "--listen", &listen, "--database", database])
            .env("SWITCHBOARD_JOB_OVER", "100")
            .env("SWITCHBOARD_JOB_CHUNK", CHUNK)
            .env("SWITCHBOARD_JOB_STALLED_AFTER", "2")
            .env("SWITCHBOARD_JOB_SWEEP", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, listen };
        let started = Instant::now();
        while TcpStream::connect(&server.listen).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "no server");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// One HTTP/1.1 exchange as `who`; answers the status and the JSON body.
    fn post(&self, who: &Session, path: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        let mut stream = TcpStream::connect(&self.listen).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            who.token,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        let status = text[9..12].parse().unwrap();
        let json = text
            .split_once("\r\n\r\n")
            .and_then(|(_, body)| serde_json::from_str(body).ok())
            .unwrap_or(Value::Null);
        (status, json)
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn job(app: &TestApp, id: &str) -> JobRow {
    let mut tx = app.ctx.pool.read().await.unwrap();
    store::jobs::by_id(&mut tx, id).await.unwrap().unwrap()
}

/// What the database holds of the moves: the cases with a holder, those with an
/// `assigned` history event (with how many), those with a `case.assigned` audit entry.
struct Moves {
    held: BTreeMap<String, String>,
    events: BTreeMap<String, i64>,
    audit: BTreeMap<String, i64>,
}

async fn moves(app: &TestApp, admin: &Session) -> Moves {
    let company = admin.company_id.as_str();
    let mut tx = app.ctx.pool.read().await.unwrap();
    let held: Vec<(String, String)> = tx
        .fetch_all(
            Sql::new(
                "SELECT id, assignee_id FROM cases WHERE company_id = ? \
                 AND assignee_id IS NOT NULL",
            )
            .arg(company),
        )
        .await
        .unwrap();
    let events: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT case_id, COUNT(*) FROM case_events WHERE company_id = ? \
                 AND kind = 'assigned' GROUP BY case_id",
            )
            .arg(company),
        )
        .await
        .unwrap();
    let audit: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT object_id, COUNT(*) FROM audit_log WHERE company_id = ? \
                 AND action = 'case.assigned' GROUP BY object_id",
            )
            .arg(company),
        )
        .await
        .unwrap();
    Moves {
        held: held.into_iter().collect(),
        events: events.into_iter().collect(),
        audit: audit.into_iter().collect(),
    }
}

/// Every move whole: a case has a holder exactly when it has one history event and one
/// audit entry of its assignment; answers how many cases moved.
fn whole(moves: &Moves) -> usize {
    let held: BTreeSet<&String> = moves.held.keys().collect();
    let events: BTreeSet<&String> = moves.events.keys().collect();
    let audit: BTreeSet<&String> = moves.audit.keys().collect();
    assert_eq!(held, events, "holders and history events differ");
    assert_eq!(held, audit, "holders and audit entries differ");
    assert!(moves.events.values().all(|n| *n == 1));
    assert!(moves.audit.values().all(|n| *n == 1));
    held.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distribution_killed_mid_way_leaves_whole_moves_and_a_new_server_completes_it() {
    let db = TestDb::new().await;
    let app = TestApp::sharing(&db).await;
    // What a server does at start-up, done before there are cases to look at.
    app::data_migrations::run_pending(&app.ctx).await.unwrap();
    let admin = app.signup("Acme").await;
    let mut operators = Vec::new();
    for _ in 0..3 {
        operators.push(app.user(&admin.company_id, Template::Agent).await.user_id);
    }
    let campaign = app.campaign(&admin, json!([])).await;
    app.import_cases(&admin, &campaign, "Case", CASES).await;

    let server = Server::start(&db.url);
    let (status, started) = server.post(
        &admin,
        "/api/v1/cases/distribute",
        &json!({ "filter": {}, "operator_ids": operators }),
    );
    assert_eq!(status, 202, "{started}");
    let id = started["id"].as_str().unwrap().to_owned();
    // Killed once a few chunks are in, well before the end.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let row = job(&app, &id).await;
        assert_ne!(
            row.status, "done",
            "the job ended before it could be killed"
        );
        if row.processed >= 60 {
            break;
        }
        assert!(Instant::now() < deadline, "the job did not start: {row:?}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();

    let stopped = job(&app, &id).await;
    assert_eq!(stopped.status, "running", "{stopped:?}");
    assert!(stopped.processed < CASES as i64, "{stopped:?}");
    assert_eq!(stopped.failed, 0, "{stopped:?}");
    let moved = whole(&moves(&app, &admin).await);
    assert_eq!(moved as i64, stopped.processed, "{stopped:?}");
    assert_eq!(moved as i64, stopped.succeeded, "{stopped:?}");

    // Another server takes the job up once it has been silent long enough.
    let _server = Server::start(&db.url);
    let deadline = Instant::now() + Duration::from_secs(120);
    let done = loop {
        let row = job(&app, &id).await;
        if row.status != "running" {
            break row;
        }
        assert!(
            Instant::now() < deadline,
            "the job was not resumed: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(done.status, "done", "{done:?}");
    assert_eq!(done.processed, CASES as i64);
    assert_eq!(done.succeeded, CASES as i64);
    let after = moves(&app, &admin).await;
    assert_eq!(whole(&after), CASES);
    let result = app::case_moves::result_of(&done).unwrap();
    let mut loads: BTreeMap<String, i64> = BTreeMap::new();
    for holder in after.held.values() {
        *loads.entry(holder.clone()).or_default() += 1;
    }
    assert_eq!(result.loads, loads);
    assert_eq!(result.assigned, loads);
    let spread = loads.values().max().unwrap() - loads.values().min().unwrap();
    assert!(spread <= 1, "{loads:?}");
}
