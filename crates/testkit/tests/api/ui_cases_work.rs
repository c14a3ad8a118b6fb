//! The operator's workspace (my cases, callbacks due) and the case page with its
//! attempt, status and edit forms, driven as a browser drives them (cookie session +
//! CSRF field); data comes in through the JSON API.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

use crate::browser::{api, api_get, cookies, get, location, page, post, section};

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// A dialer campaign (through a queue) cases can come through.
async fn campaign(app: &TestApp, admin: &Session) -> String {
    let queue = api(
        app,
        admin,
        "/api/v1/queues",
        json!({ "name": testkit::unique_email("q") }),
    )
    .await;
    id(&api(
        app,
        admin,
        "/api/v1/dialer-campaigns",
        json!({ "name": testkit::unique_email("c"), "queue_id": id(&queue) }),
    )
    .await)
}

async fn case(
    app: &TestApp,
    admin: &Session,
    campaign: &str,
    name: &str,
    assignee: Option<&str>,
    extra: Value,
) -> String {
    let mut body = json!({
        "campaign_id": campaign,
        "customer": { "name": name, "document": format!("DOC-{name}"), "phones": ["+34 600 000 001"] },
        "assignee_id": assignee,
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    id(&api(app, admin, "/api/v1/cases", body).await)
}

fn tab_count(html: &str, status: &str) -> String {
    let tab = section(html, &format!("id=\"tab-{status}\""), "</a>");
    let count = section(tab, "class=\"count\">", "</span>");
    count.trim_start_matches("class=\"count\">").to_owned()
}

#[tokio::test]
async fn tabs_count_only_the_operators_own_cases_and_callbacks_due_come_first() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let me = Some(agent.user_id.as_str());
    let ana = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        me,
        json!({ "amount": 1250.5, "area": "North" }),
    )
    .await;
    let bruno = case(&app, &admin, &campaign, "Bruno", me, json!({})).await;
    case(
        &app,
        &admin,
        &campaign,
        "Carla",
        me,
        json!({ "status": "suspended" }),
    )
    .await;
    case(
        &app,
        &admin,
        &campaign,
        "Dora",
        Some(&other.user_id),
        json!({}),
    )
    .await;
    case(&app, &admin, &campaign, "Elena", None, json!({})).await;

    let html = page(&app, &agent, "/my-cases").await;
    assert_eq!(tab_count(&html, "active"), "2");
    assert_eq!(tab_count(&html, "suspended"), "1");
    assert_eq!(tab_count(&html, "closed"), "0");
    assert!(
        html.contains("id=\"tab-active\" aria-current=\"page\""),
        "{html}"
    );
    let table = section(&html, "id=\"my-cases-table\"", "</table>");
    assert!(table.contains(">Ana</a>") && table.contains(">Bruno</a>"));
    assert!(table.contains("1250.50") && table.contains("North"));
    assert!(table.contains(&format!("href=\"/cases/{ana}\"")));
    for hidden in ["Carla", "Dora", "Elena"] {
        assert!(!html.contains(hidden), "{hidden} shows");
    }
    assert!(html.contains("id=\"callbacks-none\""));

    let suspended = page(&app, &agent, "/my-cases?status=suspended").await;
    assert!(suspended.contains(">Carla</a>") && !suspended.contains(">Ana</a>"));

    let searched = page(&app, &agent, "/my-cases?q=bru").await;
    assert!(searched.contains(">Bruno</a>") && !searched.contains(">Ana</a>"));
    assert_eq!(tab_count(&searched, "active"), "1");

    // A callback that fell due shows at the top; one still to come does not.
    let past = (chrono::Utc::now() - chrono::Duration::minutes(90)).to_rfc3339();
    let later = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    api(
        &app,
        &agent,
        &format!("/api/v1/cases/{ana}/attempts"),
        json!({ "channel": "call", "result": "callback_requested", "next_contact_at": past }),
    )
    .await;
    api(
        &app,
        &agent,
        &format!("/api/v1/cases/{bruno}/attempts"),
        json!({ "channel": "call", "result": "callback_requested", "next_contact_at": later }),
    )
    .await;
    let html = page(&app, &agent, "/my-cases").await;
    let panel = section(&html, "id=\"callbacks\"", "</section>");
    assert!(panel.contains(">Ana</a>"), "{panel}");
    assert!(!panel.contains(">Bruno</a>"), "{panel}");
    assert!(panel.contains("UTC"), "in the user's time zone: {panel}");
    // 1 h 30 min, or 31 if the minute turned meanwhile.
    let late = section(panel, "callback-late\">", "</span>");
    assert!(
        late.contains(">1 h 3") && late.ends_with(" min late"),
        "{late}"
    );
}

#[tokio::test]
async fn the_next_page_continues_where_the_first_ended() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    for n in 0..52 {
        case(
            &app,
            &admin,
            &campaign,
            &format!("Customer{n:02}"),
            Some(&agent.user_id),
            json!({}),
        )
        .await;
    }
    let first = page(&app, &agent, "/my-cases").await;
    assert_eq!(tab_count(&first, "active"), "52");
    let next = section(&first, "class=\"pager\"", "</p>");
    let href = next
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&#38;", "&");
    let second = page(&app, &agent, &href).await;
    assert!(!second.contains("id=\"next-page\""));
    let shown = |html: &str| -> Vec<String> {
        (0..52)
            .map(|n| format!(">Customer{n:02}</a>"))
            .filter(|name| html.contains(name.as_str()))
            .collect()
    };
    let (a, b) = (shown(&first), shown(&second));
    assert_eq!((a.len(), b.len()), (50, 2));
    assert!(b.iter().all(|name| !a.contains(name)));
}

#[tokio::test]
async fn the_case_page_shows_the_history_and_logs_attempts() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    app.patch("/api/v1/me")
        .as_user(&agent)
        .json(&json!({ "timezone": "Europe/Madrid" }))
        .send()
        .await;
    let campaign = campaign(&app, &admin).await;
    let case_id = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        None,
        json!({ "description": "Owes two instalments" }),
    )
    .await;
    api(
        &app,
        &admin,
        "/api/v1/cases/assign",
        json!({ "case_ids": [case_id], "assignee_id": agent.user_id }),
    )
    .await;
    let path = format!("/cases/{case_id}");

    let html = page(&app, &agent, &path).await;
    assert!(html.contains("<h1>Ana</h1>") && html.contains("DOC-Ana"));
    assert!(html.contains("Owes two instalments"));
    let history = section(&html, "id=\"case-history\"", "</ol>");
    assert!(
        history.contains("Case created") && history.contains("Assigned"),
        "{history}"
    );
    assert!(
        history.find("Assigned") < history.find("Case created"),
        "newest first: {history}"
    );
    assert!(
        history.contains("Test Agent"),
        "names instead of ids: {history}"
    );
    let result = section(&html, "id=\"attempt-result\"", "</select>");
    assert!(
        result.contains(">Contacted</option>") && result.contains(">Callback requested</option>")
    );
    assert!(html.contains("for=\"attempt-next-contact-at\"") && html.contains("Europe/Madrid"));

    let logged = post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        &[
            ("version", "2"),
            ("channel", "sms"),
            ("result", "contacted"),
            ("reason_id", ""),
            ("notes", "Promised to pay on Friday"),
            ("next_contact_at", ""),
        ],
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text());
    assert_eq!(location(&logged), format!("{path}?logged=1"));
    let api_case = api_get(&app, &agent, &format!("/api/v1/cases/{case_id}")).await;
    let attempt = api_case["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "attempt")
        .cloned()
        .unwrap();
    assert_eq!(attempt["data"]["channel"], "sms");
    assert_eq!(attempt["data"]["notes"], "Promised to pay on Friday");
    let html = page(&app, &agent, &format!("{path}?logged=1")).await;
    assert!(html.contains("The contact attempt was logged."));
    let history = section(&html, "id=\"case-history\"", "</ol>");
    assert!(
        history.contains("Contact attempt")
            && history.contains("SMS")
            && history.contains("Promised to pay on Friday")
    );

    // A result that promises a callback needs its date; the form keeps what was typed.
    let refused = post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        &[
            ("channel", "call"),
            ("result", "callback_requested"),
            ("notes", "Call after lunch"),
            ("next_contact_at", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(
        html.contains("id=\"attempt-next-contact-at-error\""),
        "{html}"
    );
    assert!(html.contains("needs the date and time of the next contact"));
    assert!(html.contains(">Call after lunch</textarea>"));

    // The date and time are read in the user's time zone.
    let called = post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        &[
            ("channel", "call"),
            ("result", "callback_requested"),
            ("next_contact_at", "2030-07-01T09:30"),
        ],
    )
    .await;
    assert_eq!(called.status, StatusCode::SEE_OTHER, "{}", called.text());
    let api_case = api_get(&app, &agent, &format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(api_case["next_contact_at"], "2030-07-01T07:30:00Z");
    let html = page(&app, &agent, &path).await;
    assert!(html.contains("2030-07-01 09:30 CEST"), "{html}");
}

#[tokio::test]
async fn a_status_needing_fields_refuses_without_them_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    api(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "promised_amount", "label": "Promised amount", "type": "number" }),
    )
    .await;
    let patched = app
        .patch("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .json(&json!({ "required_fields": ["promised_amount", "due_date"] }))
        .send()
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    let campaign = campaign(&app, &admin).await;
    let case_id = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    let path = format!("/cases/{case_id}");
    let api_path = format!("/api/v1/cases/{case_id}");

    let html = page(&app, &agent, &path).await;
    let form = section(&html, "id=\"status-form\"", "</form>");
    assert!(form.contains("name=\"fields.promised_amount\"") && form.contains("name=\"due_date\""));
    assert!(form.contains("data-required-by=\"closed\""));
    let requirements = section(form, "id=\"status-requirements\"", "</dl>");
    assert!(
        requirements.contains("<dt>Closed</dt><dd>Promised amount, Due date</dd>"),
        "{requirements}"
    );
    assert!(html.contains("src=\"/static/case_status.js"));

    let refused = post(
        &app,
        &agent,
        &format!("{path}/status"),
        &[
            ("version", "1"),
            ("status", "closed"),
            ("reason_id", ""),
            ("fields.promised_amount", ""),
            ("due_date", ""),
        ],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    let html = refused.text();
    assert!(
        html.contains("These fields are required for this status: Promised amount, Due date."),
        "{html}"
    );
    assert!(
        html.contains("id=\"status-fields-promised-amount-error\"")
            && html.contains("id=\"status-due-date-error\"")
    );

    // Half of it is still nothing: the due date given is not saved either.
    let half = post(
        &app,
        &agent,
        &format!("{path}/status"),
        &[
            ("version", "1"),
            ("status", "closed"),
            ("due_date", "2026-12-31"),
        ],
    )
    .await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        half.text()
            .contains("id=\"status-fields-promised-amount-error\"")
    );
    assert!(!half.text().contains("id=\"status-due-date-error\""));
    let unchanged = api_get(&app, &agent, &api_path).await;
    assert_eq!(
        (unchanged["status"].as_str(), unchanged["version"].as_i64()),
        (Some("active"), Some(1))
    );
    assert!(unchanged["due_date"].is_null());

    let closed = post(
        &app,
        &agent,
        &format!("{path}/status"),
        &[
            ("version", "1"),
            ("status", "closed"),
            ("fields.promised_amount", "120,5"),
            ("due_date", "2026-12-31"),
        ],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text());
    assert_eq!(location(&closed), format!("{path}?moved=1"));
    let after = api_get(&app, &agent, &api_path).await;
    assert_eq!(after["status"], "closed");
    assert_eq!(after["fields"]["promised_amount"], 120.5);
    assert_eq!(after["due_date"], "2026-12-31");
    let html = page(&app, &agent, &format!("{path}?moved=1")).await;
    assert!(html.contains("The status was changed."));
    let history = section(&html, "id=\"case-history\"", "</ol>");
    assert!(
        history.contains("Status changed") && history.contains("Active → Closed"),
        "{history}"
    );

    // A form from before the change is refused whole.
    let stale = post(
        &app,
        &agent,
        &format!("{path}/status"),
        &[("version", "1"), ("status", "active")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(stale.text().contains("Someone changed this meanwhile"));
    assert_eq!(api_get(&app, &agent, &api_path).await["status"], "closed");
}

#[tokio::test]
async fn the_edit_form_saves_the_case_data_with_its_version() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let case_id = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    let path = format!("/cases/{case_id}");
    let form: Vec<(&str, &str)> = vec![
        ("version", "1"),
        ("customer.name", "Ana Ruiz"),
        ("customer.document", "DOC-Ana"),
        ("customer.email", "ana@example.com"),
        ("customer.phones", "+34 600 000 001\n+34 600 000 002"),
        ("customer.address", "Calle Mayor 1"),
        ("area", "North"),
        ("amount", "99.90"),
        ("due_date", "2026-11-30"),
        ("priority", "high"),
        ("description", "Second instalment"),
    ];
    let saved = post(&app, &agent, &path, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let after = api_get(&app, &agent, &format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(after["customer"]["name"], "Ana Ruiz");
    assert_eq!(after["customer"]["phones"].as_array().unwrap().len(), 2);
    assert_eq!(
        (after["amount"].as_f64(), after["priority"].as_str()),
        (Some(99.9), Some("high"))
    );
    assert_eq!(after["version"], 2);

    let stale = post(&app, &agent, &path, &form).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(stale.text().contains("Someone changed this meanwhile"));
    let bad = post(
        &app,
        &agent,
        &path,
        &[("version", "2"), ("amount", "1.234")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("id=\"edit-amount-error\""));
    assert!(
        bad.text()
            .contains("<details class=\"card case-edit\" id=\"edit\" open>")
    );
    assert_eq!(
        api_get(&app, &agent, &format!("/api/v1/cases/{case_id}")).await["version"],
        2
    );
}

#[tokio::test]
async fn another_operators_case_is_not_found() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let theirs = case(
        &app,
        &admin,
        &campaign,
        "Bruno",
        Some(&other.user_id),
        json!({}),
    )
    .await;
    let path = format!("/cases/{theirs}");
    assert_eq!(get(&app, &agent, &path).await.status, StatusCode::NOT_FOUND);
    for (to, pairs) in [
        (
            format!("{path}/attempts"),
            vec![("channel", "call"), ("result", "contacted")],
        ),
        (format!("{path}/status"), vec![("status", "closed")]),
        (path.clone(), vec![("area", "South")]),
    ] {
        let response = post(&app, &agent, &to, &pairs).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{to}");
    }
    assert_eq!(
        get(&app, &agent, "/cases/nope").await.status,
        StatusCode::NOT_FOUND
    );
    let untouched = api_get(&app, &other, &format!("/api/v1/cases/{theirs}")).await;
    assert_eq!(untouched["version"], 1);
    // Their own operator and the administrator open it; only the administrator sees
    // campaigns, so only they read its name.
    assert!(
        !page(&app, &other, &path)
            .await
            .contains("id=\"fact-campaign\"")
    );
    assert!(
        page(&app, &admin, &path)
            .await
            .contains("id=\"fact-campaign\"")
    );
}

#[tokio::test]
async fn the_workspace_speaks_spanish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let changed = app
        .patch("/api/v1/me")
        .as_user(&agent)
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    let campaign = campaign(&app, &admin).await;
    let case_id = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        Some(&agent.user_id),
        json!({ "priority": "urgent" }),
    )
    .await;
    let html = page(&app, &agent, "/my-cases").await;
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("Rellamadas pendientes") && html.contains("Mis casos"));
    assert!(html.contains("Urgente") && html.contains("Próximo contacto"));
    // Built-in statuses and results read in Spanish until an administrator renames them.
    assert!(
        html.contains(">Activo <") && html.contains(">Moroso <"),
        "{html}"
    );
    let renamed = app
        .patch("/api/v1/case-statuses/suspended")
        .as_user(&admin)
        .json(&json!({ "name": "En pausa" }))
        .send()
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    let html = page(&app, &agent, "/my-cases").await;
    assert!(html.contains(">En pausa <") && !html.contains(">Suspendido <"));
    let html = page(&app, &agent, &format!("/cases/{case_id}")).await;
    assert!(html.contains("Registrar un intento de contacto") && html.contains("Historial"));
    assert!(html.contains(">Llamada</option>") && html.contains("Caso creado"));
    assert!(html.contains(">No contesta</option>"), "{html}");
    let refused = post(
        &app,
        &agent,
        &format!("/cases/{case_id}/attempts"),
        &[("channel", "call"), ("result", "")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("Este campo es obligatorio."),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn a_retired_reason_is_offered_only_to_the_case_that_has_it() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let abroad = id(&api(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Moved abroad" }),
    )
    .await);
    let jobless = id(&api(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Lost job" }),
    )
    .await);
    let ana = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    let bea = case(
        &app,
        &admin,
        &campaign,
        "Bea",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    api(
        &app,
        &agent,
        &format!("/api/v1/cases/{ana}/status"),
        json!({ "status": "suspended", "reason_id": abroad }),
    )
    .await;
    let retired = app
        .patch(&format!("/api/v1/case-reasons/{abroad}"))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text());

    let offered = |html: &str, select: &str, reason: &str| {
        section(html, &format!("id=\"{select}\""), "</select>")
            .contains(&format!("value=\"{reason}\""))
    };
    let html = page(&app, &agent, &format!("/cases/{ana}")).await;
    assert!(
        offered(&html, "status-reason-id", &abroad),
        "the case keeps its own"
    );
    assert!(!offered(&html, "attempt-reason-id", &abroad));
    assert!(offered(&html, "attempt-reason-id", &jobless));
    let html = page(&app, &agent, &format!("/cases/{bea}")).await;
    for select in ["status-reason-id", "attempt-reason-id"] {
        assert!(!offered(&html, select, &abroad), "{select}");
        assert!(offered(&html, select, &jobless), "{select}");
    }
    // A case gives it, so the configuration page refuses to delete it, and says why.
    let refused = post(
        &app,
        &admin,
        &format!("/case-config/reasons/{abroad}/delete"),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.text().contains("retire it instead"),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn an_attempt_takes_the_call_the_telephone_system_recorded_instead_of_a_second_one() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let ana = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    let bea = case(
        &app,
        &admin,
        &campaign,
        "Bea",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    let ago = |minutes: i64| (chrono::Utc::now() - chrono::Duration::minutes(minutes)).to_rfc3339();
    let call = id(&api(
        &app,
        &admin,
        "/api/v1/interactions",
        json!({ "channel": "call", "direction": "outbound", "to": "+34600000001", "agent_id": agent.user_id, "started_at": ago(5), "answered_at": ago(5), "ended_at": ago(3) }),
    )
    .await);
    // Someone else's call, and one too old, are not offered.
    let other = app.user(&admin.company_id, Template::Agent).await;
    api(&app, &admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "outbound", "agent_id": other.user_id, "started_at": ago(5) })).await;
    api(&app, &admin, "/api/v1/interactions", json!({ "channel": "call", "direction": "outbound", "agent_id": agent.user_id, "started_at": ago(60 * 13) })).await;

    let html = page(&app, &agent, &format!("/cases/{ana}")).await;
    let choices = section(&html, "id=\"attempt-interaction-id\"", "</select>");
    assert_eq!(choices.matches("<option").count(), 2, "{choices}");
    assert!(
        choices.contains(&format!("value=\"{call}\""))
            && choices.contains("outgoing · +34600000001 · 2:00"),
        "{choices}"
    );
    let logged = post(
        &app,
        &agent,
        &format!("/cases/{ana}/attempts"),
        &[
            ("channel", "call"),
            ("result", "no_answer"),
            ("interaction_id", &call),
        ],
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text());
    let linked = api_get(&app, &admin, &format!("/api/v1/interactions/{call}")).await;
    assert_eq!(linked["case_id"], ana);
    let mine = api_get(
        &app,
        &admin,
        &format!("/api/v1/interactions?agent_id={}&count=true", agent.user_id),
    )
    .await;
    assert_eq!(mine["total"], 2, "no second record of the call: {mine}");

    // Tied to Ana's case, it is no longer offered to Bea's, and refused there.
    let html = page(&app, &agent, &format!("/cases/{bea}")).await;
    assert!(!html.contains(&format!("value=\"{call}\"")));
    let refused = post(
        &app,
        &agent,
        &format!("/cases/{bea}/attempts"),
        &[
            ("channel", "call"),
            ("result", "no_answer"),
            ("interaction_id", &call),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("belongs to another case"),
        "{}",
        refused.text()
    );
}

/// Phones dial from the list and the case page, a due date that has passed says so,
/// and the case page's back link leads to the page it was opened from, also after one
/// of its forms posted; never to another site.
#[tokio::test]
async fn the_case_page_dials_marks_overdue_and_goes_back_where_it_came_from() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let campaign = campaign(&app, &admin).await;
    let mine = Some(agent.user_id.as_str());
    let late = case(
        &app,
        &admin,
        &campaign,
        "Ana",
        mine,
        json!({ "due_date": "2020-01-31" }),
    )
    .await;
    case(
        &app,
        &admin,
        &campaign,
        "Bruno",
        mine,
        json!({ "due_date": "2999-01-31" }),
    )
    .await;

    let list = page(&app, &agent, "/my-cases").await;
    let table = section(&list, "id=\"my-cases-table\"", "</table>");
    let ana = section(table, ">Ana<", "</tr>");
    assert!(ana.contains("href=\"tel:+34600000001\""), "{ana}");
    assert!(
        ana.contains("class=\"badge badge-wait overdue\">Overdue<"),
        "{ana}"
    );
    assert!(!section(table, ">Bruno<", "</tr>").contains("overdue"));

    let path = format!("/cases/{late}");
    let crumb = |html: &str| section(html, "class=\"breadcrumb\"", "</p>").to_owned();
    let html = page(&app, &agent, &path).await;
    assert!(
        crumb(&html).contains("href=\"/my-cases\">My cases<"),
        "{}",
        crumb(&html)
    );
    assert!(section(&html, "id=\"fact-phones\"", "</dd>").contains("href=\"tel:+34600000001\""));
    assert!(section(&html, "id=\"fact-due-date\"", "</dd>").contains("Overdue"));

    let opened_from = |referer: &'static str| {
        app.get(&path)
            .cookie(&cookies(&agent))
            .header("host", "sb.test")
            .header("referer", referer)
            .send()
    };
    let html = opened_from("http://sb.test/my-cases?status=active&q=An")
        .await
        .text();
    let filtered = "href=\"/my-cases?status=active&#38;q=An\">My cases<";
    assert!(crumb(&html).contains(filtered), "{}", crumb(&html));
    let form = section(&html, "id=\"attempt-form\"", "</form>");
    assert!(form.contains("name=\"back\" value=\"/my-cases?status=active&#38;q=An\""));
    let html = opened_from("http://evil.example/my-cases?status=active")
        .await
        .text();
    assert!(
        crumb(&html).contains("href=\"/my-cases\""),
        "another site's page is ignored"
    );

    let logged = post(
        &app,
        &agent,
        &format!("{path}/attempts"),
        &[
            ("version", "1"),
            ("channel", "sms"),
            ("result", "no_answer"),
            ("back", "/my-cases?status=active&q=An"),
        ],
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text());
    let after = page(&app, &agent, &location(&logged)).await;
    assert!(crumb(&after).contains(filtered), "{}", crumb(&after));

    let crafted = page(&app, &agent, &format!("{path}?back=//evil.example/x")).await;
    assert!(
        crumb(&crafted).contains("href=\"/my-cases\""),
        "{}",
        crumb(&crafted)
    );
    let report = page(&app, &agent, &format!("{path}?back=%2Freports%2Fcritical")).await;
    assert!(
        crumb(&report).contains("href=\"/reports/critical\">"),
        "{}",
        crumb(&report)
    );
}
