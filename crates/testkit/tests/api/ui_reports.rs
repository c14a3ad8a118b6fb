//! The dashboard and the report pages as a browser gets them: figures of the viewer's
//! scope, translated tables, chart data that cannot break out of its script element.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{TestApp, id_of as id};

use crate::browser::{get, page};

/// The text of the element with `id` (up to its first tag).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    rest[open..open + close].trim()
}

#[tokio::test]
async fn the_dashboard_shows_todays_contacts_and_callbacks_of_the_viewers_scope() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let queue = id(&app
        .post_ok(&admin, "/api/v1/queues", json!({ "name": "Ventas" }))
        .await);
    let campaign = id(&app
        .post_ok(
            &admin,
            "/api/v1/dialer-campaigns",
            json!({ "name": "Recobro", "queue_id": queue }),
        )
        .await);
    let case = id(&app.post_ok(&admin, "/api/v1/cases", json!({ "campaign_id": campaign, "customer": { "name": "Ana" }, "assignee_id": agent.user_id })).await);
    let html = page(&app, &admin, "/").await;
    assert!(html.contains("id=\"dashboard\""));
    assert_eq!(text_of(&html, "contacts-today"), "0");
    assert_eq!(text_of(&html, "callbacks-due"), "0");
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339();
    app.post_ok(
        &agent,
        &format!("/api/v1/cases/{case}/attempts"),
        json!({ "channel": "call", "result": "contacted", "next_contact_at": soon }),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let html = page(&app, &admin, "/").await;
    assert_eq!(text_of(&html, "contacts-today"), "1");
    assert_eq!(text_of(&html, "callbacks-due"), "1");
    assert!(
        html.contains("id=\"dashboard-operators\""),
        "the operator's work today"
    );
    assert!(html.contains("/static/vendor/chart.umd.min.js"));
    // Agents have no dashboard: their home page has none.
    let home = page(&app, &agent, "/").await;
    assert!(!home.contains("id=\"dashboard\""));
}

#[tokio::test]
async fn report_pages_list_chart_and_translate_within_scope() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let hostile = "</script><script>alert(1)</script>";
    let queue = id(&app
        .post_ok(&admin, "/api/v1/queues", json!({ "name": hostile }))
        .await);
    app.post_ok(&admin, "/api/v1/queues", json!({ "name": "Soporte" }))
        .await;
    app.post_ok(&admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "inbound", "queue_id": queue, "started_at": "2026-11-02T09:00:00Z", "answered_at": "2026-11-02T09:00:05Z", "ended_at": "2026-11-02T09:01:00Z" })).await;
    let index = page(&app, &admin, "/reports").await;
    for key in [
        "call-log",
        "operator-productivity",
        "contact-frequency",
        "critical-states",
        "area-performance",
        "case-status-summary",
        "groups",
        "queues",
    ] {
        assert!(index.contains(&format!("href=\"/reports/{key}\"")), "{key}");
    }
    let html = page(
        &app,
        &admin,
        "/reports/queues?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert!(html.contains("id=\"report-table\""));
    assert!(html.contains("id=\"report-chart\""));
    assert!(html.contains("id=\"report-csv\""));
    assert!(
        !html.contains(hostile),
        "a name cannot close the chart's script element"
    );
    assert!(html.contains("\\u003c/script\\u003e"));
    // The supervisor supervises no queue: the table stays empty for them.
    let theirs = page(
        &app,
        &supervisor,
        "/reports/queues?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert!(theirs.contains("id=\"report-empty\""));
    let speak = |language: &'static str| {
        app.patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
    };
    assert_eq!(speak("es").await.status, StatusCode::OK);
    let es = page(
        &app,
        &admin,
        "/reports/queues?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert!(es.contains("Nivel de servicio (%)"));
    speak("tr").await;
    let tr = page(&app, &admin, "/reports/operator-productivity").await;
    assert!(tr.contains("Temsilci verimliliği"));
    speak("en").await;
    let backwards = page(
        &app,
        &admin,
        "/reports/queues?from=2026-11-30&to=2026-11-01",
    )
    .await;
    assert!(backwards.contains("alert-error"));
    let denied = get(&app, &agent, "/reports/queues").await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let missing = get(&app, &admin, "/reports/bogus").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
