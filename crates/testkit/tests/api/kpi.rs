//! KPI targets over the API (the set, its checks, who may read and replace it, the
//! audit), the caller's day against the most specific target, the dashboard's
//! figures against targets and the operator's home, as pages.

use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat, Utc};
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, clear_of_midnight, id_of as id};

use crate::browser::{api_get, get, page, post, section};

async fn put_targets(app: &TestApp, who: &Session, items: Value) -> testkit::TestResponse {
    app.put("/api/v1/kpi-targets")
        .as_user(who)
        .json(&json!({ "items": items }))
        .send()
        .await
}

fn ago(seconds: i64) -> String {
    (Utc::now() - Duration::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn from_now(seconds: i64) -> String {
    ago(-seconds)
}

struct Floor {
    app: TestApp,
    admin: Session,
    /// In the group `group`.
    ana: Session,
    /// In no group.
    bea: Session,
    group: String,
    campaign: String,
}

async fn floor() -> Floor {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bea = app.user(&admin.company_id, Template::Agent).await;
    let group = id(&app
        .post_ok(
            &admin,
            "/api/v1/groups",
            json!({ "name": "Mañana", "member_ids": [ana.user_id] }),
        )
        .await);
    let campaign = app.campaign(&admin, json!([])).await;
    Floor {
        app,
        admin,
        ana,
        bea,
        group,
        campaign,
    }
}

async fn case_for(f: &Floor, who: &Session, name: &str, phone: &str) -> String {
    id(&f
        .app
        .post_ok(
            &f.admin,
            "/api/v1/cases",
            json!({ "campaign_id": f.campaign, "customer": { "name": name, "phones": [phone] }, "assignee_id": who.user_id }),
        )
        .await)
}

#[tokio::test]
async fn targets_are_replaced_as_a_set_checked_item_by_item_and_audited() {
    let f = floor().await;
    let app = &f.app;
    let other = app.signup("Elsewhere").await;
    let stranger = app.user(&other.company_id, Template::Agent).await;
    let set = json!([
        { "metric": "closes_per_day", "scope": "company", "target": 5 },
        { "metric": "closes_per_day", "scope": "group", "scope_id": f.group, "target": 3 },
        { "metric": "contacts_per_hour", "scope": "user", "scope_id": f.ana.user_id, "target": 2.5 },
        { "metric": "service_level", "scope": "company", "target": 80 },
    ]);
    let saved = put_targets(app, &f.admin, set).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["items"].as_array().unwrap().len(), 4);
    let listed = api_get(app, &f.admin, "/api/v1/kpi-targets").await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let company = items
        .iter()
        .find(|i| i["metric"] == "closes_per_day" && i["scope"] == "company")
        .unwrap();
    assert_eq!(company["target"], 5.0);
    assert!(company.get("scope_id").is_none(), "{company}");
    assert!(items.iter().any(|i| i["scope"] == "user"
        && i["scope_id"] == json!(f.ana.user_id)
        && i["target"] == 2.5));

    // Each bad item is named by its place; nothing changes.
    for (item, field, problem) in [
        (
            json!({ "metric": "happiness", "scope": "company", "target": 1 }),
            "items[1].metric",
            "unknown",
        ),
        (
            json!({ "metric": "closes_per_day", "scope": "group", "target": 1 }),
            "items[1].scope_id",
            "required",
        ),
        (
            json!({ "metric": "closes_per_day", "scope": "user", "scope_id": stranger.user_id, "target": 1 }),
            "items[1].scope_id",
            "not_found",
        ),
        (
            json!({ "metric": "closes_per_day", "scope": "group", "scope_id": f.group, "target": -1 }),
            "items[1].target",
            "negative",
        ),
        (
            json!({ "metric": "service_level", "scope": "group", "scope_id": f.group, "target": 90 }),
            "items[1].scope",
            "company_only",
        ),
        (
            json!({ "metric": "service_level", "scope": "company", "target": 120 }),
            "items[1].target",
            "too_large",
        ),
        (
            json!({ "metric": "closes_per_day", "scope": "team", "target": 1 }),
            "items[1].scope",
            "unknown",
        ),
        (
            json!({ "metric": "closes_per_day", "scope": "company", "target": 9 }),
            "items[1].metric",
            "duplicate",
        ),
    ] {
        let refused = put_targets(
            app,
            &f.admin,
            json!([{ "metric": "closes_per_day", "scope": "company", "target": 4 }, item]),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.text()
        );
        let body = refused.json();
        assert_eq!(body["error"]["fields"][field], problem, "{body}");
    }
    assert_eq!(api_get(app, &f.admin, "/api/v1/kpi-targets").await, listed);

    // Agents neither read nor set them; another company sees none of these.
    let agent_get = app.get("/api/v1/kpi-targets").as_user(&f.ana).send().await;
    assert_eq!(agent_get.status, StatusCode::FORBIDDEN);
    let agent_put = put_targets(app, &f.ana, json!([])).await;
    assert_eq!(agent_put.status, StatusCode::FORBIDDEN);
    assert_eq!(
        api_get(app, &other, "/api/v1/kpi-targets").await["items"],
        json!([])
    );

    // The change is audited with what was before and after.
    let saved = put_targets(
        app,
        &f.admin,
        json!([{ "metric": "average_handle_time", "scope": "company", "target": 240 }]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let audit = api_get(app, &f.admin, "/api/v1/audit?object_kind=company").await;
    let entry = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["action"] == "kpi_targets.replaced"
                && e["after"].as_array().is_some_and(|a| a.len() == 1)
        })
        .unwrap_or_else(|| panic!("{audit}"));
    assert_eq!(entry["before"].as_array().unwrap().len(), 4);
    assert_eq!(entry["after"][0]["metric"], "average_handle_time");
}

#[tokio::test]
async fn an_operators_day_is_held_against_the_most_specific_target() {
    clear_of_midnight(300, &[]).await;
    let f = floor().await;
    let app = &f.app;
    let saved = put_targets(
        app,
        &f.admin,
        json!([
            { "metric": "closes_per_day", "scope": "company", "target": 2 },
            { "metric": "closes_per_day", "scope": "group", "scope_id": f.group, "target": 1 },
            { "metric": "contacts_per_hour", "scope": "company", "target": 5 },
            { "metric": "contacts_per_hour", "scope": "user", "scope_id": f.ana.user_id, "target": 1 },
            { "metric": "average_handle_time", "scope": "company", "target": 60 },
        ]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let first = case_for(&f, &f.ana, "Carla Díaz", "+34 600 111 222").await;
    let second = case_for(&f, &f.ana, "Dario Gil", "600 333 444").await;
    for _ in 0..2 {
        app.post_ok(
            &f.ana,
            &format!("/api/v1/cases/{first}/attempts"),
            json!({ "channel": "call", "result": "contacted" }),
        )
        .await;
    }
    app.post_ok(
        &f.ana,
        &format!("/api/v1/cases/{second}/status"),
        json!({ "status": "closed" }),
    )
    .await;
    // 100 s of talk on one call.
    app.post_ok(
        &f.admin,
        "/api/v1/interactions",
        json!({ "channel": "call", "direction": "inbound", "agent_id": f.ana.user_id, "started_at": ago(200), "answered_at": ago(190), "ended_at": ago(90) }),
    )
    .await;

    let mine = api_get(app, &f.ana, "/api/v1/me/kpi").await;
    assert_eq!(
        (
            mine["attempts"].as_i64(),
            mine["contacts"].as_i64(),
            mine["closes"].as_i64()
        ),
        (Some(2), Some(2), Some(1)),
        "{mine}"
    );
    let item = |body: &Value, metric: &str| {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["metric"] == metric)
            .cloned()
            .unwrap()
    };
    // Her own target beats the company's; 2 contacts in under an hour count as 2/h.
    assert_eq!(
        item(&mine, "contacts_per_hour"),
        json!({ "metric": "contacts_per_hour", "actual": 2.0, "target": 1.0, "verdict": "on_target" })
    );
    // Her group's beats the company's.
    assert_eq!(
        item(&mine, "closes_per_day"),
        json!({ "metric": "closes_per_day", "actual": 1.0, "target": 1.0, "verdict": "on_target" })
    );
    // Lower is better: 100 s against 60 s is below target.
    assert_eq!(
        item(&mine, "average_handle_time"),
        json!({ "metric": "average_handle_time", "actual": 100.0, "target": 60.0, "verdict": "below" })
    );
    // Bea has no group and no own target: the company's apply; nothing done yet.
    let hers = api_get(app, &f.bea, "/api/v1/me/kpi").await;
    assert_eq!(
        item(&hers, "closes_per_day"),
        json!({ "metric": "closes_per_day", "actual": 0.0, "target": 2.0, "verdict": "below" })
    );
    assert_eq!(
        item(&hers, "average_handle_time"),
        json!({ "metric": "average_handle_time", "actual": null, "target": 60.0, "verdict": null })
    );

    // The dashboard shows the same figures against the same targets.
    let html = page(app, &f.admin, "/").await;
    let operators = section(&html, "id=\"dashboard-operators\"", "</table>");
    assert!(operators.contains("2.0<span class=\"kpi-target\"> / 1.0</span> <span class=\"badge badge-ok\">On target</span>"), "{operators}");
    assert!(operators.contains("1:40<span class=\"kpi-target\"> / 1:00</span> <span class=\"badge badge-off\">Below target</span>"), "{operators}");
}

#[tokio::test]
async fn the_dashboard_labels_its_figures_in_the_chart_order_and_the_readers_language() {
    let f = floor().await;
    let app = &f.app;
    let html = page(app, &f.admin, "/").await;
    let totals = section(&html, "id=\"dashboard-totals\"", "</table>");
    for label in ["Day", "Attempts", "Contacts"] {
        assert!(
            totals.contains(&format!("<th scope=\"col\" class=\"num\">{label}</th>"))
                || totals.contains(&format!(">{label}</th>")),
            "{label}: {totals}"
        );
    }
    let yesterday = totals.find(">Yesterday</th>").unwrap();
    let today = totals.find(">Today</th>").unwrap();
    assert!(yesterday < today, "as the chart: yesterday, then today");
    assert!(!html.contains("Yesterday: "), "no unlabeled pair left");
    let es = app
        .patch("/api/v1/me")
        .as_user(&f.admin)
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    assert_eq!(es.status, StatusCode::OK);
    let html = page(app, &f.admin, "/").await;
    let totals = section(&html, "id=\"dashboard-totals\"", "</table>");
    for label in [">Ayer</th>", ">Hoy</th>", ">Día</th>"] {
        assert!(totals.contains(label), "{label}: {totals}");
    }
    assert!(
        html.contains("href=\"/kpi\""),
        "the menu leads to the targets"
    );
    let kpi = page(app, &f.admin, "/kpi").await;
    assert!(
        kpi.contains("Objetivos KPI") && kpi.contains("Contactos por hora"),
        "{kpi}"
    );
}

#[tokio::test]
async fn the_kpi_page_saves_the_set_and_shows_problems_beside_their_row() {
    let f = floor().await;
    let app = &f.app;
    let group = format!("group:{}", f.group);
    let saved = post(
        app,
        &f.admin,
        "/kpi",
        &[
            ("metric", "closes_per_day"),
            ("whom", "company"),
            ("target", "4"),
            ("metric", "contacts_per_hour"),
            ("whom", &group),
            ("target", "7,5"),
            ("metric", ""),
            ("whom", "company"),
            ("target", ""),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let listed = api_get(app, &f.admin, "/api/v1/kpi-targets").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "{listed}");
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["target"] == 7.5)
    );
    let html = page(app, &f.admin, "/kpi").await;
    assert!(html.contains("value=\"7.5\""), "{html}");
    let refused = post(
        app,
        &f.admin,
        "/kpi",
        &[
            ("metric", "closes_per_day"),
            ("whom", "company"),
            ("target", "-2"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let row = section(&refused.text(), "id=\"kpi-row-0\"", "</tr>").to_owned();
    assert!(row.contains("Enter a number of 0 or more."), "{row}");
    assert_eq!(
        api_get(app, &f.admin, "/api/v1/kpi-targets").await,
        listed,
        "nothing changed"
    );
    // An operator has no such page.
    assert_eq!(get(app, &f.ana, "/kpi").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_operators_home_is_their_day() {
    let f = floor().await;
    let app = &f.app;
    let late = case_for(&f, &f.ana, "Carla Díaz", "+34 600 111 222").await;
    let soon = case_for(&f, &f.ana, "Dario Gil", "600 333 444").await;
    let later = case_for(&f, &f.ana, "Elena Ruiz", "600 555 666").await;
    for (case, at) in [
        (&late, ago(3600)),
        (&soon, from_now(300)),
        (&later, from_now(86_400)),
    ] {
        app.post_ok(
            &f.ana,
            &format!("/api/v1/cases/{case}/attempts"),
            json!({ "channel": "call", "result": "no_answer", "next_contact_at": at }),
        )
        .await;
    }
    put_targets(
        app,
        &f.admin,
        json!([{ "metric": "closes_per_day", "scope": "company", "target": 3 }]),
    )
    .await;

    let html = page(app, &f.ana, "/").await;
    assert!(html.contains("<h1>My day</h1>"), "{html}");
    assert!(!html.contains("id=\"dashboard\""));
    let due = section(&html, "id=\"home-due-list\"", "</ul>");
    assert!(
        due.find("Carla Díaz").unwrap() < due.find("Dario Gil").unwrap(),
        "late first: {due}"
    );
    assert!(due.contains(&format!("href=\"/cases/{late}\"")), "{due}");
    assert_eq!(
        due.matches("callback-late").count(),
        1,
        "only the hour-old one is late: {due}"
    );
    assert!(due.contains("href=\"tel:+34600111222\""), "{due}");
    let next = section(&html, "id=\"home-next-list\"", "</ul>");
    assert!(
        next.contains("Elena Ruiz") && !next.contains("callback-late"),
        "{next}"
    );
    let statuses = section(&html, "id=\"home-status-list\"", "</ul>");
    assert!(
        statuses.contains("href=\"/my-cases?status=active\""),
        "{statuses}"
    );
    assert!(
        statuses.contains("<span class=\"count\">3</span>"),
        "{statuses}"
    );
    let today = section(&html, "id=\"home-today\"", "</section>");
    assert!(today.contains("id=\"home-attempts\">3<"), "{today}");
    let closes = section(today, "id=\"home-kpi-closes_per_day\"", "</tr>");
    assert!(
        closes.contains("Below target") && closes.contains(">3<"),
        "{closes}"
    );

    // No state yet; the call states are the telephony platform's.
    let state = section(&html, "id=\"home-state\"", "</section>");
    assert!(
        state.contains("id=\"home-state-on_call\" aria-pressed=\"false\" disabled"),
        "{state}"
    );
    let set = post(app, &f.ana, "/home/state", &[("state", "available")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let html = page(app, &f.ana, "/?state=available").await;
    let state = section(&html, "id=\"home-state\"", "</section>");
    assert!(
        state
            .contains("id=\"home-state-available\" aria-pressed=\"true\" class=\"button-current\""),
        "{state}"
    );
    let refused = post(app, &f.ana, "/home/state", &[("state", "on_call")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("This state is set by the telephony platform.")
    );
    let api = app
        .put("/api/v1/agents/me/state")
        .as_user(&f.ana)
        .json(&json!({ "state": "after_call_work" }))
        .send()
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["error"]["fields"]["state"], "set_by_telephony");
    // The company may allow it.
    let allowed = app
        .patch("/api/v1/company")
        .as_user(&f.admin)
        .json(&json!({ "settings": { "manual_call_states": true } }))
        .send()
        .await;
    assert_eq!(allowed.status, StatusCode::OK);
    let set = post(app, &f.ana, "/home/state", &[("state", "on_call")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let html = page(app, &f.ana, "/").await;
    let state = section(&html, "id=\"home-state\"", "</section>");
    assert!(
        state.contains("id=\"home-state-on_call\" aria-pressed=\"true\" class=\"button-current\">"),
        "{state}"
    );

    // In Turkish.
    app.patch("/api/v1/me")
        .as_user(&f.ana)
        .json(&json!({ "language": "tr" }))
        .send()
        .await;
    let html = page(app, &f.ana, "/").await;
    assert!(
        html.contains("<h1>Günüm</h1>") && html.contains("Gecikmiş"),
        "{html}"
    );
}
