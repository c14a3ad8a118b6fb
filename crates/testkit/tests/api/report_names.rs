//! Reports name what their rows are about beside the ids (JSON and CSV), without
//! telling the name of a user or case the reader may not see; they sort by any of
//! their columns and page.

use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of as id};

fn ago(seconds: i64) -> String {
    (Utc::now() - Duration::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A supervisor who supervises queue "Ventas" and the group of agent A, but not agent
/// B; calls of both agents in that queue, each about a case of its agent.
struct Center {
    app: TestApp,
    admin: Session,
    supervisor: Session,
    a: Session,
    b: Session,
    queue: String,
    campaign: String,
    group: String,
    case_a: String,
    case_b: String,
}

async fn center() -> Center {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let a = app.user(&admin.company_id, Template::Agent).await;
    let b = app.user(&admin.company_id, Template::Agent).await;
    for (who, name) in [(&a, "Alba Arias"), (&b, "Bruno Bravo")] {
        let renamed = app
            .patch(&format!("/api/v1/users/{}", who.user_id))
            .as_user(&admin)
            .json(&json!({ "name": name }))
            .send()
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    }
    let group = id(&app.post_ok(&admin, "/api/v1/groups", json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [a.user_id] })).await);
    let queue = id(&app.post_ok(&admin, "/api/v1/queues", json!({ "name": "Ventas", "service_level_seconds": 20, "supervisor_ids": [supervisor.user_id] })).await);
    let campaign = id(&app
        .post_ok(
            &admin,
            "/api/v1/dialer-campaigns",
            json!({ "name": "Recobro", "queue_id": queue }),
        )
        .await);
    let case = |name: &str, holder: &str| json!({ "campaign_id": campaign, "customer": { "name": name }, "assignee_id": holder, "status": "delinquent", "due_date": "2024-01-15" });
    let case_a = id(&app
        .post_ok(&admin, "/api/v1/cases", case("Ana Alvarez", &a.user_id))
        .await);
    let case_b = id(&app
        .post_ok(&admin, "/api/v1/cases", case("Bea Blanco", &b.user_id))
        .await);
    // Three calls of each agent, at different lengths, each about their case.
    for (n, (agent, case)) in [(&a, &case_a), (&b, &case_b)]
        .into_iter()
        .cycle()
        .take(6)
        .enumerate()
    {
        let start = 3000 - 100 * n as i64;
        app.post_ok(
            &admin,
            "/api/v1/interactions",
            json!({
                "channel": "call", "direction": "inbound", "queue_id": queue,
                "campaign_id": campaign, "agent_id": agent.user_id, "case_id": case,
                "started_at": ago(start), "answered_at": ago(start - 5),
                "ended_at": ago(start - 5 - 10 * (n as i64 + 1)),
            }),
        )
        .await;
    }
    Center {
        app,
        admin,
        supervisor,
        a,
        b,
        queue,
        campaign,
        group,
        case_a,
        case_b,
    }
}

async fn get(c: &Center, who: &Session, path: &str) -> (StatusCode, String) {
    let from = (Utc::now() - Duration::days(1)).date_naive();
    let sep = if path.contains('?') { '&' } else { '?' };
    let response = c
        .app
        .get(&format!("/api/v1/reports/{path}{sep}from={from}"))
        .as_user(who)
        .send()
        .await;
    (response.status, response.text())
}

async fn report(c: &Center, who: &Session, path: &str) -> Value {
    let (status, body) = get(c, who, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn items(report: &Value) -> Vec<Value> {
    report["items"].as_array().unwrap().clone()
}

/// The CSV's rows as maps of its header to each cell (these reports hold no quoted
/// cells).
fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            assert!(!line.contains('"'), "{line}");
            header
                .iter()
                .map(|h| (*h).to_owned())
                .zip(line.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The name of the user signed in as `who`.
async fn name_of(c: &Center, who: &Session) -> String {
    let user = c
        .app
        .get(&format!("/api/v1/users/{}", who.user_id))
        .as_user(&c.admin)
        .send()
        .await
        .json();
    user["name"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn report_rows_carry_names_beside_ids_in_json_and_csv() {
    let c = center().await;
    let log = items(&report(&c, &c.admin, "call-log").await);
    assert_eq!(log.len(), 6);
    for row in &log {
        assert_eq!(row["queue_id"], json!(c.queue));
        assert_eq!(row["queue_name"], json!("Ventas"));
        assert_eq!(row["campaign_id"], json!(c.campaign));
        assert_eq!(row["campaign_name"], json!("Recobro"));
        let (agent, customer) = if row["agent_id"] == json!(c.a.user_id) {
            (&c.a, "Ana Alvarez")
        } else {
            (&c.b, "Bea Blanco")
        };
        assert_eq!(row["agent_id"], json!(agent.user_id));
        assert_eq!(row["agent_name"], json!(name_of(&c, agent).await));
        assert_eq!(row["customer_name"], json!(customer));
        assert!(row["case_id"] == json!(c.case_a) || row["case_id"] == json!(c.case_b));
    }
    let (status, text) = get(&c, &c.admin, "call-log?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("queue_id,queue_name,campaign_id,campaign_name,agent_id,agent_name,case_id,customer_name"),
        "{header}"
    );
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["queue_name"] == "Ventas"
        && (r["customer_name"] == "Ana Alvarez" || r["customer_name"] == "Bea Blanco")
        && !r["agent_name"].is_empty()));

    let groups = items(&report(&c, &c.admin, "groups").await);
    assert_eq!(groups[0]["group_id"], json!(c.group));
    assert_eq!(groups[0]["group_name"], json!("Floor"));
    let queues = items(&report(&c, &c.admin, "queues").await);
    assert_eq!(queues[0]["queue_name"], json!("Ventas"));
    let productivity = items(&report(&c, &c.admin, "operator-productivity").await);
    assert!(productivity.iter().all(|r| r["agent_name"].is_string()));
    let critical = items(&report(&c, &c.admin, "critical-states").await);
    let delinquent: Vec<&Value> = critical
        .iter()
        .filter(|r| r["kind"] == json!("delinquent"))
        .collect();
    assert_eq!(delinquent.len(), 2);
    for row in delinquent {
        let holder = if row["case_id"] == json!(c.case_a) {
            &c.a
        } else {
            &c.b
        };
        assert_eq!(row["assignee_id"], json!(holder.user_id));
        assert_eq!(row["assignee_name"], json!(name_of(&c, holder).await));
    }
    let (_, text) = get(&c, &c.admin, "groups?format=csv").await;
    assert!(text.starts_with("group_id,group_name,name,"), "{text}");
    assert_eq!(csv_rows(&text)[0]["group_name"], "Floor");
}

#[tokio::test]
async fn a_name_the_reader_may_not_see_stays_out_of_the_report() {
    let c = center().await;
    let (name_a, name_b) = (name_of(&c, &c.a).await, name_of(&c, &c.b).await);
    assert_ne!(name_a, name_b);
    // The supervisor sees every call of the queue they supervise, B's too, but not
    // user B (not in their group) nor B's case: the ids stay, the names do not.
    let log = items(&report(&c, &c.supervisor, "call-log").await);
    assert_eq!(log.len(), 6, "the calls of the supervised queue");
    let (of_a, of_b): (Vec<&Value>, Vec<&Value>) = log
        .iter()
        .partition(|r| r["agent_id"] == json!(c.a.user_id));
    assert_eq!((of_a.len(), of_b.len()), (3, 3));
    for row in &of_a {
        assert_eq!(row["agent_name"], json!(name_a));
        assert_eq!(row["customer_name"], json!("Ana Alvarez"));
    }
    for row in &of_b {
        assert_eq!(row["agent_id"], json!(c.b.user_id));
        assert_eq!(row["agent_name"], Value::Null, "B is not theirs to see");
        assert_eq!(row["case_id"], json!(c.case_b));
        assert_eq!(row["customer_name"], Value::Null, "nor is B's case");
        assert_eq!(row["queue_name"], json!("Ventas"));
    }
    let (_, text) = get(&c, &c.supervisor, "call-log?format=csv").await;
    assert!(!text.contains("Bea Blanco"), "{text}");
    assert!(!text.contains(&name_b), "{text}");
    assert!(text.contains("Ana Alvarez"));
    // The report page shows neither.
    let from = (Utc::now() - Duration::days(1)).date_naive();
    let html = crate::browser::page(
        &c.app,
        &c.supervisor,
        &format!("/reports/call-log?from={from}"),
    )
    .await;
    assert!(!html.contains("Bea Blanco"));
    assert!(!html.contains(&name_b));
    assert!(html.contains("Ana Alvarez"));
    assert!(
        html.contains(&format!("href=\"/cases/{}\"", c.case_a)),
        "the customer links to the case"
    );
}

/// The values of `column` in the rows.
fn column(rows: &[Value], column: &str) -> Vec<Value> {
    rows.iter().map(|r| r[column].clone()).collect()
}

#[tokio::test]
async fn reports_sort_by_their_columns_and_page() {
    let c = center().await;
    let talk = |rows: &[Value]| -> Vec<i64> {
        rows.iter()
            .map(|r| r["talk_seconds"].as_i64().unwrap())
            .collect()
    };
    let up = items(&report(&c, &c.admin, "call-log?sort=talk_seconds").await);
    assert_eq!(talk(&up), vec![10, 20, 30, 40, 50, 60]);
    let down = report(&c, &c.admin, "call-log?sort=talk_seconds&dir=desc").await;
    assert_eq!(talk(&items(&down)), vec![60, 50, 40, 30, 20, 10]);
    assert_eq!(down["total"], json!(6));

    // Ties keep the report's own order (newest first), whichever way.
    let newest_first = column(
        &items(&report(&c, &c.admin, "call-log").await),
        "interaction_id",
    );
    let by_agent = items(&report(&c, &c.admin, "call-log?sort=agent_name").await);
    let names = column(&by_agent, "agent_name");
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.as_str().unwrap().to_lowercase());
    assert_eq!(names, sorted);
    for half in by_agent.chunks(3) {
        let ids = column(half, "interaction_id");
        let order: Vec<usize> = ids
            .iter()
            .map(|id| newest_first.iter().position(|n| n == id).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "stable: {order:?}");
    }

    // Pages of 4: rows 1–4, then 5–6, then none; the total counts them all.
    let first = report(&c, &c.admin, "call-log?sort=talk_seconds&page=1&per_page=4").await;
    assert_eq!(talk(&items(&first)), vec![10, 20, 30, 40]);
    assert_eq!(
        (
            first["total"].clone(),
            first["page"].clone(),
            first["per_page"].clone()
        ),
        (json!(6), json!(1), json!(4))
    );
    let second = report(&c, &c.admin, "call-log?sort=talk_seconds&page=2&per_page=4").await;
    assert_eq!(talk(&items(&second)), vec![50, 60]);
    let third = report(&c, &c.admin, "call-log?sort=talk_seconds&page=3&per_page=4").await;
    assert!(items(&third).is_empty());
    // `page` alone pages by 50.
    let only = report(&c, &c.admin, "call-log?page=1").await;
    assert_eq!(
        (items(&only).len(), only["per_page"].clone()),
        (6, json!(50))
    );

    // The CSV holds every row, in the order asked for.
    let (_, text) = get(
        &c,
        &c.admin,
        "call-log?format=csv&sort=talk_seconds&dir=desc",
    )
    .await;
    let rows = csv_rows(&text);
    let csv_talk: Vec<String> = rows.iter().map(|r| r["talk_seconds"].clone()).collect();
    assert_eq!(csv_talk, ["60", "50", "40", "30", "20", "10"]);

    // Other reports sort too: groups by name, queues by a figure.
    let by_name = items(&report(&c, &c.admin, "critical-states?sort=customer_name&dir=desc").await);
    let names: Vec<Value> = column(&by_name, "customer_name");
    assert_eq!(names.first(), Some(&json!("Bea Blanco")));

    // Only the report's columns; a direction is asc or desc; pages within bounds.
    for (query, status) in [
        (
            "call-log?sort=password_hash",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("groups?sort=talk", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "call-log?sort=talk_seconds&dir=sideways",
            StatusCode::BAD_REQUEST,
        ),
        ("call-log?page=0", StatusCode::BAD_REQUEST),
        ("call-log?per_page=501", StatusCode::BAD_REQUEST),
    ] {
        let (got, body) = get(&c, &c.admin, query).await;
        assert_eq!(got, status, "{query}: {body}");
    }
    let (_, body) = get(&c, &c.admin, "call-log?sort=nope").await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"]["fields"]["sort"],
        json!("unknown_column")
    );
}

#[tokio::test]
async fn the_report_page_sorts_pages_and_names_codes_in_the_readers_language() {
    let c = center().await;
    let from = (Utc::now() - Duration::days(1)).date_naive();
    for (language, inbound, delinquent, kind) in [
        ("es", "Entrante", "Moroso", "report-kind-delinquent"),
        ("tr", "Gelen", "Gecikmiş", "report-kind-delinquent"),
    ] {
        let changed = c
            .app
            .patch("/api/v1/me")
            .as_user(&c.admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
        let html =
            crate::browser::page(&c.app, &c.admin, &format!("/reports/call-log?from={from}")).await;
        assert!(
            html.contains(&format!(">{inbound}<")),
            "{language}: direction named"
        );
        assert!(!html.contains(">inbound<"), "{language}: no raw direction");
        assert!(
            html.contains(&format!("href=\"/users/{}\"", c.a.user_id)),
            "agents link to their page"
        );
        assert!(html.contains(">Ana Alvarez</a>"));
        assert!(
            !html.contains(&format!(">{}<", c.a.user_id)),
            "no raw agent id shown"
        );
        let html = crate::browser::page(
            &c.app,
            &c.admin,
            &format!("/reports/critical-states?from={from}"),
        )
        .await;
        assert!(
            !html.contains(">delinquent<"),
            "{language}: no raw status or kind"
        );
        if !delinquent.is_empty() {
            assert!(
                html.contains(&format!(">{delinquent}<")),
                "{language}: {delinquent}"
            );
        }
        assert!(
            !html.contains(&format!(">{kind}<")),
            "every kind has its message"
        );
    }
    // Sorting links and pages.
    let html = crate::browser::page(
        &c.app,
        &c.admin,
        &format!("/reports/call-log?from={from}&sort=talk_seconds&dir=asc"),
    )
    .await;
    assert!(html.contains("aria-sort=\"ascending\""));
    assert!(
        html.contains("sort=talk_seconds&#38;dir=desc")
            || html.contains("sort=talk_seconds&amp;dir=desc"),
        "the sorted header turns the order round"
    );
    let _ = (&c.b, &c.case_b);
}

#[tokio::test]
async fn the_audit_page_names_actions_kinds_and_fields_in_spanish_and_turkish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let manager_role = app
        .template_role_id(&admin.company_id, Template::Manager)
        .await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let token = app
        .post_ok(
            &admin,
            "/api/v1/api-tokens",
            json!({ "name": "Dialer", "role_id": agent_role }),
        )
        .await;
    let revoked = app
        .delete(&format!("/api/v1/api-tokens/{}", id(&token)))
        .as_user(&admin)
        .send()
        .await;
    assert!(revoked.status.is_success(), "{}", revoked.text());
    let changed = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "role_id": manager_role }))
        .send()
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    for (language, revoked, kind, role) in [
        ("es", "Token de API revocado", "Token de API", "Rol"),
        ("tr", "API anahtarı iptal edildi", "API anahtarı", "Rol"),
    ] {
        let set = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        assert_eq!(set.status, StatusCode::OK);
        let html = crate::browser::page(&app, &admin, "/audit").await;
        assert!(
            html.contains(&format!("<strong>{revoked}</strong>")),
            "{language}: the action"
        );
        assert!(html.contains(&format!("· {kind} ")), "{language}: the kind");
        assert!(
            html.contains(">Dialer</a>") || html.contains("Dialer"),
            "the token by its name"
        );
        assert!(
            html.contains(&format!("<th scope=\"row\">{role}</th>")),
            "{language}: role_id"
        );
        for code in [
            "api_token.revoked",
            "api_token.created",
            "user.updated",
            ">role_id<",
            manager_role.as_str(),
        ] {
            assert!(!html.contains(code), "{language}: {code} is shown raw");
        }
    }
    // The roles the change moved between, by name, on the page and beside the ids in
    // the JSON.
    let names = |entries: &serde_json::Value| {
        entries["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "user.updated")
            .expect("the role change")["names"]
            .clone()
    };
    let log = app
        .get(&format!("/api/v1/audit?object_id={}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    let names = names(&log);
    assert_eq!(names[&manager_role], "Manager", "{names}");
    assert_eq!(names[&agent_role], "Agent", "{names}");
    let html = crate::browser::page(&app, &admin, "/audit").await;
    let row = html
        .split("<th scope=\"row\">Rol</th>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the role row");
    assert!(row.contains("Agent") && row.contains("Manager"), "{row}");
}
