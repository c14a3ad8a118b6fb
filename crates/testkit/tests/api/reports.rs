//! Reports against figures worked out by hand on a small fixed center, for an Admin
//! and for a Supervisor whose group and queue are part of it; CSV export.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of as id};

fn ago(seconds: i64) -> String {
    (Utc::now() - Duration::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The center: a supervisor whose group holds agent A (not B) and who supervises
/// queue 1 (not 2); three cases, three attempts, a close, three platform calls.
struct Center {
    app: TestApp,
    admin: Session,
    supervisor: Session,
    a: Session,
    b: Session,
    group: String,
    queue1: String,
    queue2: String,
    case1: String,
    case2: String,
    case3: String,
}

async fn center() -> Center {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let a = app.user(&admin.company_id, Template::Agent).await;
    let b = app.user(&admin.company_id, Template::Agent).await;
    let group = id(&app.post_ok(&admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [a.user_id] })).await);
    let queue1 = id(&app.post_ok(&admin, "/api/v1/queues", json!({ "name": "Ventas", "service_level_seconds": 20, "supervisor_ids": [supervisor.user_id] })).await);
    let queue2 = id(&app
        .post_ok(
            &admin,
            "/api/v1/queues",
            json!({ "name": "Soporte", "service_level_seconds": 20 }),
        )
        .await);
    let campaign = id(&app
        .post_ok(
            &admin,
            "/api/v1/dialer-campaigns",
            json!({ "name": "Recobro", "queue_id": queue1 }),
        )
        .await);
    let case = |name: &str, holder: &str, extra: Value| {
        let mut body =
            json!({ "campaign_id": campaign, "customer": { "name": name }, "assignee_id": holder });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let overdue = (Utc::now() - Duration::days(45)).date_naive().to_string();
    let case1 = id(&app
        .post_ok(
            &admin,
            "/api/v1/cases",
            case(
                "Ana",
                &a.user_id,
                json!({ "area": "Norte", "amount": 100.0 }),
            ),
        )
        .await);
    let case2 = id(&app
        .post_ok(
            &admin,
            "/api/v1/cases",
            case("Bea", &b.user_id, json!({ "area": "Sur", "amount": 50.0 })),
        )
        .await);
    let case3 = id(&app.post_ok(&admin,
        "/api/v1/cases",
        case(
            "Cid",
            &a.user_id,
            json!({ "area": "Norte", "amount": 30.0, "status": "delinquent", "due_date": overdue }),
        ),
    )
    .await);
    for (who, case, result) in [
        (&a, &case1, "contacted"),
        (&a, &case1, "no_answer"),
        (&b, &case2, "contacted"),
    ] {
        app.post_ok(
            who,
            &format!("/api/v1/cases/{case}/attempts"),
            json!({ "channel": "call", "result": result }),
        )
        .await;
    }
    app.post_ok(
        &a,
        &format!("/api/v1/cases/{case1}/status"),
        json!({ "status": "closed" }),
    )
    .await;
    let calls = [
        // answered in 10 s, 100 s of talk, by A in queue 1
        json!({ "queue_id": queue1, "agent_id": a.user_id, "started_at": ago(900), "answered_at": ago(890), "ended_at": ago(790) }),
        // abandoned after 30 s in queue 1
        json!({ "queue_id": queue1, "started_at": ago(700), "ended_at": ago(670) }),
        // answered in 50 s, 60 s of talk, by B in queue 2
        json!({ "queue_id": queue2, "agent_id": b.user_id, "started_at": ago(600), "answered_at": ago(550), "ended_at": ago(490) }),
    ];
    for mut call in calls {
        call["channel"] = json!("call");
        call["direction"] = json!("inbound");
        app.post_ok(&admin, "/api/v1/interactions", call).await;
    }
    Center {
        app,
        admin,
        supervisor,
        a,
        b,
        group,
        queue1,
        queue2,
        case1,
        case2,
        case3,
    }
}

/// A report's JSON; `from` yesterday so that no figure falls off at midnight.
async fn report(c: &Center, who: &Session, name: &str, query: &str) -> Value {
    let from = (Utc::now() - Duration::days(1)).date_naive();
    let response = c
        .app
        .get(&format!("/api/v1/reports/{name}?from={from}&{query}"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{name}: {}",
        response.text()
    );
    response.json()
}

fn items(report: &Value) -> Vec<Value> {
    report["items"].as_array().unwrap().clone()
}

/// Numeric columns summed per value of `key` (an agent's days add up).
fn totals(rows: &[Value], key: &str, columns: &[&str]) -> BTreeMap<String, Vec<i64>> {
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for row in rows {
        let sums = out
            .entry(row[key].as_str().unwrap().to_owned())
            .or_insert_with(|| vec![0; columns.len()]);
        for (sum, column) in sums.iter_mut().zip(columns) {
            *sum += row[*column].as_i64().unwrap();
        }
    }
    out
}

const WORK: [&str; 5] = ["attempts", "contacts", "closes", "calls", "talk_seconds"];

#[tokio::test]
async fn operator_productivity_and_groups_add_up_what_each_agent_did() {
    let c = center().await;
    let all = items(&report(&c, &c.admin, "operator-productivity", "").await);
    // A: 2 attempts (1 reached), closed case 1, 2 attempt calls + 1 platform call of
    // 100 s; B: 1 attempt (reached), 1 attempt call + 1 platform call of 60 s.
    let expected: BTreeMap<String, Vec<i64>> = [
        (c.a.user_id.clone(), vec![2, 1, 1, 3, 100]),
        (c.b.user_id.clone(), vec![1, 1, 0, 2, 60]),
    ]
    .into();
    assert_eq!(totals(&all, "agent_id", &WORK), expected);
    assert!(
        all.iter()
            .all(|r| r["name"].is_string() && r["day"].is_string())
    );
    let mine = items(&report(&c, &c.supervisor, "operator-productivity", "").await);
    assert_eq!(
        totals(&mine, "agent_id", &WORK)
            .into_keys()
            .collect::<Vec<_>>(),
        vec![c.a.user_id.clone()],
        "a supervisor's agent table holds the agents of their groups"
    );
    let by_group = items(
        &report(
            &c,
            &c.admin,
            "operator-productivity",
            &format!("group_id={}", c.group),
        )
        .await,
    );
    assert_eq!(totals(&by_group, "agent_id", &WORK).len(), 1);
    for who in [&c.admin, &c.supervisor] {
        let groups = items(&report(&c, who, "groups", "").await);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0]["group_id"], json!(c.group));
        assert_eq!(groups[0]["agents"], 1);
        let figures: Vec<i64> = WORK
            .iter()
            .map(|k| groups[0][*k].as_i64().unwrap())
            .collect();
        assert_eq!(figures, vec![2, 1, 1, 3, 100]);
    }
    let denied = c
        .app
        .get("/api/v1/reports/groups")
        .as_user(&c.a)
        .send()
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_queue_report_offers_answers_abandons_and_measures_the_service_level() {
    let c = center().await;
    let rows = items(&report(&c, &c.admin, "queues", "").await);
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["queue_id"] == json!(id))
            .unwrap()
            .clone()
    };
    let first = row(&c.queue1);
    assert_eq!(
        (
            first["offered"].clone(),
            first["answered"].clone(),
            first["abandoned"].clone()
        ),
        (json!(2), json!(1), json!(1))
    );
    assert_eq!(first["service_level"], 50.0, "1 of 2 answered within 20 s");
    assert_eq!(first["average_wait_seconds"], 20, "(10 + 30) / 2");
    assert_eq!(first["average_talk_seconds"], 100);
    let second = row(&c.queue2);
    assert_eq!(second["service_level"], 0.0, "answered after 50 s");
    let theirs = items(&report(&c, &c.supervisor, "queues", "").await);
    assert_eq!(theirs.len(), 1, "a supervisor's queues only");
    assert_eq!(theirs[0]["queue_id"], json!(c.queue1));
    let tomorrow = (Utc::now() + Duration::days(1)).date_naive();
    let later = items(
        &report(
            &c,
            &c.admin,
            "queues",
            &format!("to={tomorrow}&queue_id={}", c.queue2),
        )
        .await,
    );
    assert_eq!(later.len(), 1);
}

#[tokio::test]
async fn the_call_log_and_contact_frequency_follow_scope() {
    let c = center().await;
    // 3 attempt calls and 3 platform calls.
    assert_eq!(items(&report(&c, &c.admin, "call-log", "").await).len(), 6);
    // A's 2 attempt calls and platform call, and the abandoned call of their queue.
    assert_eq!(
        items(&report(&c, &c.supervisor, "call-log", "").await).len(),
        4
    );
    let frequency = report(&c, &c.admin, "contact-frequency", "").await;
    let per_case: BTreeMap<String, (i64, i64)> = items(&frequency)
        .iter()
        .map(|r| {
            (
                r["case_id"].as_str().unwrap().to_owned(),
                (
                    r["attempts"].as_i64().unwrap(),
                    r["contacts"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(
        per_case,
        [(c.case1.clone(), (2, 1)), (c.case2.clone(), (1, 1))].into()
    );
    assert_eq!(
        frequency["distribution"],
        json!([{ "attempts": 1, "cases": 1 }, { "attempts": 2, "cases": 1 }])
    );
    let theirs = report(&c, &c.supervisor, "contact-frequency", "").await;
    assert_eq!(items(&theirs).len(), 1);
    assert_eq!(items(&theirs)[0]["case_id"], json!(c.case1));
}

#[tokio::test]
async fn case_reports_count_statuses_areas_and_critical_states() {
    let c = center().await;
    let statuses: BTreeMap<String, (i64, i64)> =
        items(&report(&c, &c.admin, "case-status-summary", "").await)
            .iter()
            .map(|r| {
                (
                    r["status"].as_str().unwrap().to_owned(),
                    (
                        r["cases"].as_i64().unwrap(),
                        r["assigned"].as_i64().unwrap(),
                    ),
                )
            })
            .collect();
    assert_eq!(statuses["active"], (1, 1));
    assert_eq!(statuses["closed"], (1, 1));
    assert_eq!(statuses["delinquent"], (1, 1));
    assert_eq!(statuses["withdrawn"], (0, 0));
    let areas = items(&report(&c, &c.admin, "area-performance", "").await);
    let norte = areas.iter().find(|r| r["area"] == "Norte").unwrap();
    // Case 1 was tried twice (reached once) and closed; case 3 was not worked.
    assert_eq!(
        [
            &norte["cases"],
            &norte["attempts"],
            &norte["contacts"],
            &norte["closed"]
        ],
        [&json!(1), &json!(2), &json!(1), &json!(1)]
    );
    assert_eq!(norte["contact_rate"], 50.0);
    assert_eq!(norte["closed_amount"], 100.0);
    let sur = areas.iter().find(|r| r["area"] == "Sur").unwrap();
    assert_eq!(sur["contact_rate"], 100.0);
    assert_eq!(sur["closed"], 0);
    let critical = report(&c, &c.admin, "critical-states", "days=1").await;
    assert_eq!(
        critical["summary"]["delinquent_by_age"],
        json!([
            { "bucket": "0_30", "cases": 0 },
            { "bucket": "31_60", "cases": 1 },
            { "bucket": "61_90", "cases": 0 },
            { "bucket": "over_90", "cases": 0 },
        ])
    );
    assert_eq!(
        critical["summary"]["untouched"], 0,
        "everything moved today"
    );
    let delinquent: Vec<Value> = items(&critical)
        .into_iter()
        .filter(|r| r["kind"] == "delinquent")
        .collect();
    assert_eq!(delinquent.len(), 1);
    assert_eq!(delinquent[0]["case_id"], json!(c.case3));
    assert_eq!(delinquent[0]["age_days"], 45);
    // The supervisor sees the cases of their agents: A holds cases 1 and 3.
    let theirs = items(&report(&c, &c.supervisor, "case-status-summary", "").await);
    let total: i64 = theirs.iter().map(|r| r["cases"].as_i64().unwrap()).sum();
    assert_eq!(total, 2);
    let bad = c
        .app
        .get("/api/v1/reports/critical-states?days=0")
        .as_user(&c.admin)
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let backwards = c
        .app
        .get("/api/v1/reports/queues?from=2026-11-10&to=2026-11-01")
        .as_user(&c.admin)
        .send()
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = c
        .app
        .get("/api/v1/reports/bogus")
        .as_user(&c.admin)
        .send()
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reports_export_as_csv_with_reports_export() {
    let c = center().await;
    let response = c
        .app
        .get("/api/v1/reports/queues?format=csv")
        .as_user(&c.admin)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    let text = response.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "queue_id,queue_name,name,offered,answered,abandoned,service_level,service_level_seconds,average_wait_seconds,average_talk_seconds"
        )
    );
    assert_eq!(lines.count(), 2);
    // A role that may read reports but not export them.
    let role = c.app.post_ok(&c.admin, "/api/v1/roles", json!({ "name": "Reader", "permissions": ["reports.view"], "scope": "all", "based_on": "manager" })).await;
    c.app
        .post_ok(
            &c.admin,
            &format!("/api/v1/roles/{}/users", id(&role)),
            json!({ "user_ids": [c.b.user_id] }),
        )
        .await;
    let json_ok = c
        .app
        .get("/api/v1/reports/queues")
        .as_user(&c.b)
        .send()
        .await;
    assert_eq!(json_ok.status, StatusCode::OK);
    let csv_denied = c
        .app
        .get("/api/v1/reports/queues?format=csv")
        .as_user(&c.b)
        .send()
        .await;
    assert_eq!(csv_denied.status, StatusCode::FORBIDDEN);
    let _ = (&c.case2, &c.queue2);
}

#[tokio::test]
async fn reports_keep_to_the_readers_projects_and_the_project_filter() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    app.enhanced_security(&admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let ours = id(&app
        .post_ok(&admin, "/api/v1/projects", json!({ "name": "Ours" }))
        .await);
    let theirs = id(&app
        .post_ok(&admin, "/api/v1/projects", json!({ "name": "Theirs" }))
        .await);
    for project in [&ours, &theirs] {
        app.post_ok(
            &admin,
            &format!("/api/v1/projects/{project}/members"),
            json!({ "user_id": agent.user_id }),
        )
        .await;
    }
    app.post_ok(
        &admin,
        &format!("/api/v1/projects/{ours}/members"),
        json!({ "user_id": manager.user_id }),
    )
    .await;
    // In each project: a group, a queue with one answered call, a campaign with a
    // delinquent case the agent tries once (ours) or twice (theirs).
    let overdue = (Utc::now() - Duration::days(40)).date_naive().to_string();
    for (project, tries) in [(&ours, 1), (&theirs, 2)] {
        let group = id(&app
            .post_ok(
                &admin,
                "/api/v1/groups",
                json!({ "name": format!("Floor {tries}"), "member_ids": [agent.user_id] }),
            )
            .await);
        app.post_ok(
            &admin,
            &format!("/api/v1/projects/{project}/members"),
            json!({ "group_id": group }),
        )
        .await;
        let queue = id(&app
            .post_ok(
                &admin,
                "/api/v1/queues",
                json!({ "name": format!("Queue {tries}"), "project_ids": [project] }),
            )
            .await);
        let campaign = id(&app.post_ok(&admin, "/api/v1/dialer-campaigns", json!({ "name": format!("Campaign {tries}"), "queue_id": queue, "project_ids": [project] })).await);
        let case = id(&app.post_ok(&admin, "/api/v1/cases", json!({ "campaign_id": campaign, "customer": { "name": "Ana" }, "assignee_id": agent.user_id, "area": format!("Area {tries}"), "status": "delinquent", "due_date": overdue })).await);
        for _ in 0..tries {
            app.post_ok(
                &agent,
                &format!("/api/v1/cases/{case}/attempts"),
                json!({ "channel": "visit", "result": "contacted" }),
            )
            .await;
        }
        app.post_ok(&admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "inbound", "queue_id": queue, "agent_id": agent.user_id, "started_at": ago(300), "answered_at": ago(290), "ended_at": ago(200) })).await;
    }
    let attempts =
        |rows: Vec<Value>| -> i64 { rows.iter().map(|r| r["attempts"].as_i64().unwrap()).sum() };
    let get = |who: &Session, path: String| {
        let app = &app;
        let who = who.clone();
        async move {
            let response = app.get(&path).as_user(&who).send().await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{path}: {}",
                response.text()
            );
            items(&response.json())
        }
    };
    assert_eq!(
        attempts(get(&admin, "/api/v1/reports/operator-productivity".into()).await),
        3
    );
    assert_eq!(
        attempts(get(&manager, "/api/v1/reports/operator-productivity".into()).await),
        1,
        "only the attempts of their project"
    );
    assert_eq!(
        attempts(
            get(
                &admin,
                format!("/api/v1/reports/operator-productivity?project_id={theirs}")
            )
            .await
        ),
        2
    );
    let queues = get(&manager, "/api/v1/reports/queues".into()).await;
    assert_eq!(queues.len(), 1);
    assert_eq!(queues[0]["name"], "Queue 1");
    assert_eq!(
        get(&manager, "/api/v1/reports/call-log".into()).await.len(),
        1
    );
    let statuses = get(&manager, "/api/v1/reports/case-status-summary".into()).await;
    let cases: i64 = statuses.iter().map(|r| r["cases"].as_i64().unwrap()).sum();
    assert_eq!(cases, 1, "the case of their project");
    let frequency = get(
        &admin,
        format!("/api/v1/reports/contact-frequency?project_id={ours}"),
    )
    .await;
    assert_eq!(frequency.len(), 1);
    assert_eq!(frequency[0]["attempts"], 1);
    let groups = get(&manager, "/api/v1/reports/groups".into()).await;
    assert_eq!(groups.len(), 1, "the group of their project");
    assert_eq!(groups[0]["name"], "Floor 1");
    let areas = get(&manager, "/api/v1/reports/area-performance".into()).await;
    assert_eq!(areas.len(), 1);
    assert_eq!(
        (areas[0]["area"].as_str(), areas[0]["attempts"].as_i64()),
        (Some("Area 1"), Some(1))
    );
    assert_eq!(
        get(&admin, "/api/v1/reports/area-performance".into())
            .await
            .len(),
        2
    );
    let delinquent = |rows: &[Value]| rows.iter().filter(|r| r["kind"] == "delinquent").count();
    assert_eq!(
        delinquent(&get(&manager, "/api/v1/reports/critical-states".into()).await),
        1
    );
    assert_eq!(
        delinquent(&get(&admin, "/api/v1/reports/critical-states".into()).await),
        2
    );
    assert_eq!(
        delinquent(
            &get(
                &admin,
                format!("/api/v1/reports/critical-states?project_id={theirs}")
            )
            .await
        ),
        1
    );
}
