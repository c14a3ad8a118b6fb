//! The administrator's case pages: status lists, Reassign, audit queue, import and export.
//! Driven as a browser drives them (cookie session + CSRF field); data comes in and is
//! checked through the JSON API.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, TestResponse};

use crate::browser::{CSRF, api, api_get, cookies, get, location, page, post, section};

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// A dialer campaign (through a queue) cases can come through.
async fn campaign(app: &TestApp, admin: &Session, name: &str, projects: Value) -> String {
    let queue = api(
        app,
        admin,
        "/api/v1/queues",
        json!({ "name": testkit::unique_email("q"), "project_ids": projects }),
    )
    .await;
    id(&api(
        app,
        admin,
        "/api/v1/dialer-campaigns",
        json!({ "name": name, "queue_id": id(&queue), "project_ids": projects }),
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

/// The assignee of each case, as the API tells.
async fn assignees(app: &TestApp, admin: &Session, ids: &[String]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for case_id in ids {
        let case = api_get(app, admin, &format!("/api/v1/cases/{case_id}")).await;
        out.push(case["assignee_id"].as_str().map(str::to_owned));
    }
    out
}

/// How many open cases `user` holds.
async fn open_load(app: &TestApp, admin: &Session, user: &str) -> i64 {
    api_get(
        app,
        admin,
        &format!("/api/v1/cases?assignee={user}&open=true&count=true"),
    )
    .await["total"]
        .as_i64()
        .unwrap()
}

fn tab_count(html: &str, tab: &str) -> String {
    let tab = section(html, &format!("id=\"tab-{tab}\""), "</a>");
    let count = section(tab, "class=\"count\">", "</span>");
    count.trim_start_matches("class=\"count\">").to_owned()
}

/// The value of `attribute` of the tag holding `marker`, unescaped as a browser would.
fn attribute(html: &str, marker: &str, attribute: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing in {html}"));
    let start = html[..at].rfind('<').unwrap_or(0);
    let tag = &html[start..at + html[at..].find('>').unwrap_or(html.len() - at)];
    tag.split(&format!(" {attribute}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {attribute} in {tag}"))
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_lists_count_every_status_and_the_filter_narrows_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bob = app.user(&admin.company_id, Template::Agent).await;
    let spring = campaign(&app, &admin, "Spring arrears", json!([])).await;
    let autumn = campaign(&app, &admin, "Autumn arrears", json!([])).await;
    let a = Some(ana.user_id.as_str());
    let b = Some(bob.user_id.as_str());
    let first = case(
        &app,
        &admin,
        &spring,
        "Alicia",
        a,
        json!({ "priority": "high", "amount": 99.5 }),
    )
    .await;
    case(&app, &admin, &spring, "Berta", b, json!({})).await;
    case(&app, &admin, &autumn, "Celia", None, json!({})).await;
    case(
        &app,
        &admin,
        &spring,
        "Dario",
        a,
        json!({ "status": "suspended" }),
    )
    .await;
    case(
        &app,
        &admin,
        &autumn,
        "Elena",
        None,
        json!({ "status": "delinquent" }),
    )
    .await;
    case(
        &app,
        &admin,
        &autumn,
        "Fabio",
        b,
        json!({ "status": "closed" }),
    )
    .await;

    let html = page(&app, &admin, "/cases").await;
    for (tab, count) in [
        ("active", "3"),
        ("assigned", "3"),
        ("suspended", "1"),
        ("closed", "1"),
        ("delinquent", "1"),
        ("withdrawn", "0"),
    ] {
        assert_eq!(tab_count(&html, tab), count, "{tab}");
    }
    let tabs = section(&html, "id=\"status-tabs\"", "</ul>");
    let order: Vec<usize> = [
        "tab-active",
        "tab-assigned",
        "tab-suspended",
        "tab-closed",
        "tab-delinquent",
        "tab-withdrawn",
    ]
    .iter()
    .map(|t| tabs.find(t).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{tabs}");
    assert!(html.contains("id=\"tab-active\" aria-current=\"page\""));
    let table = section(&html, "id=\"cases-table\"", "</table>");
    for name in ["Alicia", "Berta", "Celia"] {
        assert!(table.contains(&format!(">{name}</a>")), "{name}: {table}");
    }
    assert!(!table.contains("Dario") && !table.contains("Fabio"));
    assert!(table.contains(&format!("href=\"/cases/{first}\"")));
    assert!(table.contains("99.50") && table.contains("High") && table.contains("Test Agent"));
    assert!(html.contains("id=\"section-reassign\"") && html.contains("id=\"section-audit\""));

    // Assigned: open cases with an operator, whatever their status.
    let assigned = page(&app, &admin, "/cases?view=assigned").await;
    let table = section(&assigned, "id=\"cases-table\"", "</table>");
    for name in ["Alicia", "Berta", "Dario"] {
        assert!(table.contains(&format!(">{name}</a>")), "{name}: {table}");
    }
    for name in ["Celia", "Elena", "Fabio"] {
        assert!(!table.contains(name), "{name}: {table}");
    }
    assert!(assigned.contains("id=\"tab-assigned\" aria-current=\"page\""));

    // One operator's cases: the counts and the list narrow, the export link follows.
    let mine = page(&app, &admin, &format!("/cases?assignee={}", ana.user_id)).await;
    assert_eq!(tab_count(&mine, "active"), "1");
    assert_eq!(tab_count(&mine, "assigned"), "2");
    assert_eq!(tab_count(&mine, "suspended"), "1");
    assert_eq!(tab_count(&mine, "closed"), "0");
    let table = section(&mine, "id=\"cases-table\"", "</table>");
    assert!(table.contains(">Alicia</a>") && !table.contains("Berta"));
    let export = attribute(&mine, "id=\"export-csv\"", "href");
    assert!(
        export.starts_with("/api/v1/cases/export?")
            && export.contains("status=active")
            && export.contains(&format!("assignee={}", ana.user_id)),
        "{export}"
    );
    let csv = app.get(&export).as_user(&admin).send().await;
    assert_eq!(csv.status, StatusCode::OK);
    let csv = csv.text();
    assert!(csv.contains("Alicia") && !csv.contains("Berta") && !csv.contains("Dario"));

    let by_campaign = page(&app, &admin, &format!("/cases?campaign_id={autumn}")).await;
    assert_eq!(tab_count(&by_campaign, "active"), "1");
    assert_eq!(tab_count(&by_campaign, "delinquent"), "1");
    assert_eq!(
        tab_count(&by_campaign, "assigned"),
        "0",
        "Fabio's case is closed"
    );
    let unassigned = page(&app, &admin, "/cases?assignee=none").await;
    assert_eq!(tab_count(&unassigned, "active"), "1");
    assert_eq!(tab_count(&unassigned, "assigned"), "0");
    let urgent = page(&app, &admin, "/cases?priority=high&q=ali").await;
    assert_eq!(tab_count(&urgent, "active"), "1");
    assert!(urgent.contains(">Alicia</a>"));
    let nobody = page(&app, &admin, "/cases?q=zzz").await;
    assert!(nobody.contains("id=\"cases-none\"") && nobody.contains("No case matches"));
    let closed = page(&app, &admin, "/cases?status=closed").await;
    assert!(closed.contains(">Fabio</a>") && !closed.contains(">Alicia</a>"));
}

#[tokio::test]
async fn the_lists_page_through_fifty_at_a_time() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    for n in 0..78 {
        // Every third case is unassigned: the Assigned view pages over the other 52.
        let assignee = (n % 3 != 0).then_some(agent.user_id.as_str());
        case(
            &app,
            &admin,
            &spring,
            &format!("Customer{n:02}"),
            assignee,
            json!({}),
        )
        .await;
    }
    let shown = |html: &str| -> Vec<String> {
        (0..78)
            .map(|n| format!(">Customer{n:02}</a>"))
            .filter(|name| html.contains(name.as_str()))
            .collect()
    };
    let first = page(&app, &admin, "/cases").await;
    let second = page(&app, &admin, &attribute(&first, "id=\"next-page\"", "href")).await;
    assert!(!second.contains("id=\"next-page\""));
    let (a, b) = (shown(&first), shown(&second));
    assert_eq!((a.len(), b.len()), (50, 28));
    assert!(b.iter().all(|name| !a.contains(name)));

    let first = page(&app, &admin, "/cases?view=assigned").await;
    assert_eq!(tab_count(&first, "assigned"), "52");
    let href = attribute(&first, "id=\"next-page\"", "href");
    assert!(href.contains("view=assigned"), "{href}");
    let second = page(&app, &admin, &href).await;
    assert!(!second.contains("id=\"next-page\""));
    let (a, b) = (shown(&first), shown(&second));
    assert_eq!((a.len(), b.len()), (50, 2));
    assert!(b.iter().all(|name| !a.contains(name)));
    assert!(
        ["Customer00", "Customer03", "Customer75"]
            .iter()
            .all(|name| !first.contains(name) && !second.contains(name)),
        "unassigned cases are not in Assigned"
    );
}

#[tokio::test]
async fn operators_cannot_open_the_administrators_pages() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    for path in [
        "/cases",
        "/cases/reassign",
        "/cases/audit-queue",
        "/cases/import",
        "/cases/import/sample.csv",
    ] {
        let response = get(&app, &agent, path).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{path}");
    }
    let html = page(&app, &agent, "/my-cases").await;
    assert!(!html.contains("href=\"/cases\""), "no menu entry");
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    let case_id = case(&app, &admin, &spring, "Ana", None, json!({})).await;
    let refused = post(
        &app,
        &agent,
        "/cases/reassign",
        &[
            ("action", "assign"),
            ("case_ids", &case_id),
            ("assignee_id", &agent.user_id),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        assignees(&app, &admin, std::slice::from_ref(&case_id)).await,
        [None]
    );

    let upload = upload(&app, &agent, CSRF, &spring, "name\nAna\n").await;
    assert_eq!(upload.status, StatusCode::FORBIDDEN);

    // A supervisor reassigns but neither audits nor imports.
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let html = page(&app, &supervisor, "/cases").await;
    assert!(html.contains("id=\"section-reassign\"") && !html.contains("id=\"section-import\""));
    assert_eq!(
        get(&app, &supervisor, "/cases/import").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn reassign_gives_the_ticked_cases_to_one_operator() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let bank = id(&api(&app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let telco = id(&api(&app, &admin, "/api/v1/projects", json!({ "name": "Telco" })).await);
    app.enhanced_security(&admin).await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bob = app.user(&admin.company_id, Template::Agent).await;
    api(
        &app,
        &admin,
        &format!("/api/v1/projects/{bank}/members"),
        json!({ "user_id": ana.user_id }),
    )
    .await;
    api(
        &app,
        &admin,
        &format!("/api/v1/projects/{telco}/members"),
        json!({ "user_id": bob.user_id }),
    )
    .await;
    let loans = campaign(&app, &admin, "Loans", json!([bank])).await;
    let lines = campaign(&app, &admin, "Lines", json!([telco])).await;
    let c1 = case(&app, &admin, &loans, "Alicia", None, json!({})).await;
    let c2 = case(&app, &admin, &loans, "Berta", None, json!({})).await;
    let c3 = case(&app, &admin, &loans, "Celia", None, json!({})).await;
    let c4 = case(&app, &admin, &lines, "Dario", None, json!({})).await;

    let html = page(&app, &admin, "/cases/reassign").await;
    let table = section(&html, "id=\"reassign-table\"", "</table>");
    for case_id in [&c1, &c2, &c3, &c4] {
        assert!(table.contains(&format!("name=\"case_ids\" value=\"{case_id}\"")));
    }
    let choices = section(&html, "id=\"assignee-id\"", "</select>");
    assert!(choices.contains(&ana.user_id) && choices.contains(&bob.user_id));
    assert!(html.contains("All 4 cases matching the filter"));

    let assigned = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("status", "open"),
            ("scope", "ticked"),
            ("case_ids", &c1),
            ("case_ids", &c2),
            ("assignee_id", &ana.user_id),
            ("action", "assign"),
        ],
    )
    .await;
    assert_eq!(
        assigned.status,
        StatusCode::SEE_OTHER,
        "{}",
        assigned.text()
    );
    let to = location(&assigned);
    assert!(
        to.starts_with("/cases/reassign?") && to.contains("assigned=2"),
        "{to}"
    );
    let html = page(&app, &admin, &to).await;
    assert!(html.contains("2 cases were assigned."), "{html}");
    let ana_id = Some(ana.user_id.clone());
    assert_eq!(
        assignees(&app, &admin, &[c1.clone(), c2.clone(), c3.clone()]).await,
        [ana_id.clone(), ana_id.clone(), None]
    );

    // Nothing ticked, no operator: both are said, next to their controls.
    let empty = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("scope", "ticked"),
            ("assignee_id", ""),
            ("action", "assign"),
        ],
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = empty.text();
    assert!(html.contains("id=\"case_ids-error\"") && html.contains("Tick at least one case"));
    assert!(html.contains("id=\"assignee_id-error\"") && html.contains("Choose the operator."));

    // An operator outside a case's project is refused readably and nothing moves.
    let refused = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("scope", "ticked"),
            ("case_ids", &c3),
            ("case_ids", &c4),
            ("assignee_id", &bob.user_id),
            ("action", "assign"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(
        html.contains("This operator cannot see all of the chosen cases"),
        "{html}"
    );
    let ticked = section(&html, &format!("value=\"{c3}\""), ">");
    assert!(ticked.contains("checked"), "the choice stays: {ticked}");
    assert_eq!(
        assignees(&app, &admin, &[c3.clone(), c4.clone()]).await,
        [None, None]
    );

    // All the cases matching a filter: the Lines campaign's one.
    let all = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("campaign_id", &lines),
            ("status", "open"),
            ("scope", "all"),
            ("assignee_id", &bob.user_id),
            ("action", "assign"),
        ],
    )
    .await;
    assert_eq!(all.status, StatusCode::SEE_OTHER, "{}", all.text());
    assert!(location(&all).contains("assigned=1"));
    assert_eq!(
        assignees(&app, &admin, &[c3, c4]).await,
        [None, Some(bob.user_id.clone())]
    );
}

#[tokio::test]
async fn the_lists_and_reassign_filter_by_area_due_dates_and_callbacks_due() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    let north_jan = json!({ "area": "Norte", "due_date": "2026-01-10" });
    let alba = case(&app, &admin, &spring, "Alba", None, north_jan).await;
    let south_feb = json!({ "area": "Sur", "due_date": "2026-02-10" });
    let berta = case(&app, &admin, &spring, "Berta", None, south_feb).await;
    let north_mar = json!({ "area": "Norte", "due_date": "2026-03-10" });
    let clara = case(&app, &admin, &spring, "Clara", None, north_mar).await;
    // Clara's callback fell due a minute ago; Berta's is tomorrow.
    let mut tx = app.ctx.pool.write().await.unwrap();
    let now = chrono::Utc::now();
    for (id, at) in [
        (&clara, now - chrono::Duration::minutes(1)),
        (&berta, now + chrono::Duration::days(1)),
    ] {
        tx.execute(
            store::Sql::new("UPDATE cases SET next_contact_at = ? WHERE id = ?")
                .arg(at)
                .arg(id.as_str()),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let listed = |query: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let html = page(app, admin, &format!("/cases?{query}")).await;
            let table = section(&html, "id=\"cases-table\"", "</table>").to_owned();
            ["Alba", "Berta", "Clara"]
                .into_iter()
                .filter(|name| table.contains(&format!(">{name}<")))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed("area=Norte").await, ["Alba", "Clara"]);
    assert_eq!(
        listed("due_after=2026-02-01&due_before=2026-03-10").await,
        ["Berta", "Clara"],
        "both ends included"
    );
    assert_eq!(listed("callbacks=1").await, ["Clara"]);
    assert_eq!(listed("area=Norte&due_before=2026-02-01").await, ["Alba"]);
    assert_eq!(
        listed("due_before=someday").await,
        ["Alba", "Berta", "Clara"],
        "what is not a date filters nothing"
    );
    let html = page(&app, &admin, "/cases?area=Norte&callbacks=1").await;
    assert_eq!(attribute(&html, "id=\"filter-area\"", "value"), "Norte");
    assert!(html.contains(
        "id=\"filter-callbacks\" name=\"callbacks\" type=\"checkbox\" value=\"1\" checked"
    ));
    let export = attribute(&html, "id=\"export-csv\"", "href");
    assert!(
        export.contains("area=Norte") && export.contains("callbacks=1"),
        "{export}"
    );

    // Reassign carries them: everything in Norte goes to Ana, Berta stays unassigned.
    let done = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("status", "open"),
            ("area", "Norte"),
            ("scope", "all"),
            ("assignee_id", &ana.user_id),
            ("action", "assign"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let ana_id = Some(ana.user_id.clone());
    assert_eq!(
        assignees(&app, &admin, &[alba, berta, clara]).await,
        [ana_id.clone(), None, ana_id]
    );
}

#[tokio::test]
async fn a_distribution_is_previewed_first_then_spreads_the_cases_evenly() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ops = [
        app.user(&admin.company_id, Template::Agent).await,
        app.user(&admin.company_id, Template::Agent).await,
        app.user(&admin.company_id, Template::Agent).await,
    ];
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    // The first operator already holds three open cases.
    for n in 0..3 {
        case(
            &app,
            &admin,
            &spring,
            &format!("Held{n}"),
            Some(&ops[0].user_id),
            json!({}),
        )
        .await;
    }
    let mut fresh = Vec::new();
    for n in 0..9 {
        fresh.push(case(&app, &admin, &spring, &format!("New{n}"), None, json!({})).await);
    }
    // Each operator is offered with the open cases they hold.
    let offered = |html: &str, op: &Session| {
        section(
            html,
            &format!("for=\"operator-{}\"", op.user_id),
            "</label>",
        )
        .split("operator-load\">")
        .nth(1)
        .unwrap_or_default()
        .split('<')
        .next()
        .unwrap_or_default()
        .to_owned()
    };
    let before = page(&app, &admin, "/cases/reassign").await;
    assert_eq!(offered(&before, &ops[0]), "3 open");
    assert_eq!(offered(&before, &ops[1]), "0 open");
    let mut form: Vec<(&str, &str)> =
        vec![("assignee", "none"), ("status", "open"), ("scope", "all")];
    for op in &ops {
        form.push(("operator_ids", &op.user_id));
    }
    let mut preview_form = form.clone();
    preview_form.push(("action", "preview"));
    let preview = post(&app, &admin, "/cases/reassign", &preview_form).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let html = preview.text();
    assert!(html.contains("9 cases would be distributed"), "{html}");
    let row = |op: &Session| {
        let row = section(&html, &format!("id=\"preview-{}\"", op.user_id), "</tr>");
        let cell = |class: &str| {
            section(row, &format!("class=\"num {class}\">"), "</td>")
                .trim_start_matches(&format!("class=\"num {class}\">"))
                .to_owned()
        };
        (cell("preview-received"), cell("preview-load"))
    };
    // Loads end even: 3 + 9 cases over three operators is four each.
    assert_eq!(row(&ops[0]), ("1".to_owned(), "4".to_owned()));
    assert_eq!(row(&ops[1]), ("4".to_owned(), "4".to_owned()));
    assert_eq!(row(&ops[2]), ("4".to_owned(), "4".to_owned()));
    assert!(
        assignees(&app, &admin, &fresh)
            .await
            .iter()
            .all(Option::is_none),
        "a preview changes nothing"
    );

    // The preview's Confirm posts the same choice again.
    let confirm = section(&html, "id=\"confirm-form\"", "</form>");
    for (name, value) in &form {
        assert!(
            confirm.contains(&format!("name=\"{name}\" value=\"{value}\"")),
            "{name}={value} carried: {confirm}"
        );
    }
    let mut confirm_form = form.clone();
    confirm_form.push(("action", "confirm"));
    let done = post(&app, &admin, "/cases/reassign", &confirm_form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let to = location(&done);
    assert!(to.contains("distributed=9"), "{to}");
    assert!(
        page(&app, &admin, &to)
            .await
            .contains("9 cases were distributed.")
    );
    let mut loads = Vec::new();
    for op in &ops {
        loads.push(open_load(&app, &admin, &op.user_id).await);
    }
    assert_eq!(loads, [4, 4, 4]);
    let after = page(&app, &admin, "/cases/reassign").await;
    for op in &ops {
        assert_eq!(offered(&after, op), "4 open");
    }

    // No operator ticked: said, nothing previewed.
    let none = post(
        &app,
        &admin,
        "/cases/reassign",
        &[("scope", "all"), ("action", "preview")],
    )
    .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.text().contains("Tick at least one operator."));
}

#[tokio::test]
async fn the_audit_queue_validates_and_returns_closed_cases() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    let me = Some(agent.user_id.as_str());
    let good = case(&app, &admin, &spring, "Alicia", me, json!({})).await;
    let bad = case(&app, &admin, &spring, "Berta", me, json!({})).await;
    case(&app, &admin, &spring, "Celia", me, json!({})).await;
    for case_id in [&good, &bad] {
        api(
            &app,
            &agent,
            &format!("/api/v1/cases/{case_id}/status"),
            json!({ "status": "closed" }),
        )
        .await;
    }

    let html = page(&app, &admin, "/cases/audit-queue").await;
    let table = section(&html, "id=\"audit-table\"", "</table>");
    assert!(table.contains(">Alicia</a>") && table.contains(">Berta</a>"));
    assert!(!table.contains("Celia"), "open cases are not audited");
    assert!(html.contains("Cases awaiting audit: 2"));
    assert!(table.contains(&format!("action=\"/cases/{good}/audit-verdict\"")));

    let validated = post(
        &app,
        &admin,
        &format!("/cases/{good}/audit-verdict"),
        &[("verdict", "validated")],
    )
    .await;
    assert_eq!(
        validated.status,
        StatusCode::SEE_OTHER,
        "{}",
        validated.text()
    );
    assert_eq!(location(&validated), "/cases/audit-queue?done=validated");
    let html = page(&app, &admin, &location(&validated)).await;
    assert!(html.contains("The case was validated."));
    assert!(!html.contains(">Alicia</a>") && html.contains(">Berta</a>"));
    let audited = api_get(&app, &admin, &format!("/api/v1/cases/{good}")).await;
    assert_eq!(audited["audit_verdict"], "validated");

    // Returning needs a comment: the form opens again with the problem at the field.
    let refused = post(
        &app,
        &admin,
        &format!("/cases/{bad}/audit-verdict"),
        &[("verdict", "returned"), ("comment", "  ")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(
        html.contains(&format!("id=\"comment-{bad}-error\"")) && html.contains("Say why"),
        "{html}"
    );
    assert!(html.contains("<details class=\"confirm-panel\" open>"));

    let returned = post(
        &app,
        &admin,
        &format!("/cases/{bad}/audit-verdict"),
        &[
            ("verdict", "returned"),
            ("comment", "The promise date is missing"),
        ],
    )
    .await;
    assert_eq!(
        returned.status,
        StatusCode::SEE_OTHER,
        "{}",
        returned.text()
    );
    let html = page(&app, &admin, &location(&returned)).await;
    assert!(html.contains("The case was returned to its operator."));
    assert!(html.contains("id=\"audit-none\""));
    let back = api_get(&app, &admin, &format!("/api/v1/cases/{bad}")).await;
    assert_eq!(
        (back["status"].as_str(), back["audit_verdict"].as_str()),
        (Some("active"), Some("returned"))
    );
    assert_eq!(back["assignee_id"], agent.user_id);

    // An open case is not audited; an unknown one is not found.
    let open = post(
        &app,
        &admin,
        &format!("/cases/{bad}/audit-verdict"),
        &[("verdict", "validated")],
    )
    .await;
    assert_eq!(open.status, StatusCode::CONFLICT);
    assert!(open.text().contains("This case is open again"));
    let missing = post(
        &app,
        &admin,
        &format!("/cases/{}/audit-verdict", domain::ids::new_id()),
        &[("verdict", "validated")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let agent_refused = post(
        &app,
        &agent,
        &format!("/cases/{bad}/audit-verdict"),
        &[("verdict", "validated")],
    )
    .await;
    assert_eq!(agent_refused.status, StatusCode::FORBIDDEN);
}

/// A `multipart/form-data` body as a browser sends the import form.
fn multipart(csrf: &str, campaign_id: &str, csv: &str) -> (String, String) {
    let boundary = "----switchboardTestBoundary7MA4YWxkTrZu0gW";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"campaign_id\"\r\n\r\n{campaign_id}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cases.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    who: &Session,
    csrf: &str,
    campaign_id: &str,
    csv: &str,
) -> TestResponse {
    let (content_type, body) = multipart(csrf, campaign_id, csv);
    app.post("/cases/import")
        .cookie(&cookies(who))
        .raw(&content_type, body)
        .send()
        .await
}

#[tokio::test]
async fn the_sample_file_has_the_companys_columns_and_imports_as_it_is() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let spring = campaign(&app, &admin, "Spring", json!([])).await;
    api(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "contract", "label": "Contract", "type": "text" }),
    )
    .await;
    let html = page(&app, &admin, "/cases/import").await;
    assert_eq!(
        attribute(&html, "id=\"import-sample\"", "href"),
        "/cases/import/sample.csv"
    );

    let sample = get(&app, &admin, "/cases/import/sample.csv").await;
    assert_eq!(sample.status, StatusCode::OK);
    assert!(
        sample
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    assert!(
        sample
            .header("content-disposition")
            .unwrap_or_default()
            .contains("cases-sample.csv")
    );
    let csv = sample.text();
    assert_eq!(
        csv.lines().next().unwrap(),
        "name,document,phones,email,address,area,amount,due_date,priority,description,status,\
         assignee_email,fields.contract"
    );
    let started = upload(&app, &admin, CSRF, &spring, &csv).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let job_id = location(&started)
        .trim_start_matches("/cases/jobs/")
        .to_owned();
    let mut job = Value::Null;
    for _ in 0..200 {
        job = api_get(&app, &admin, &format!("/api/v1/jobs/{job_id}")).await;
        if job["status"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(
        (&job["succeeded"], &job["failed"]),
        (&json!(2), &json!(0)),
        "{job}"
    );
}

#[tokio::test]
async fn an_import_starts_a_job_whose_page_shows_progress_and_row_errors() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let spring = campaign(&app, &admin, "Spring arrears", json!([])).await;

    let html = page(&app, &admin, "/cases/import").await;
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let select = section(&html, "id=\"import-campaign\"", "</select>");
    assert!(select.contains(&format!("value=\"{spring}\"")) && select.contains("Spring arrears"));
    assert!(html.contains("id=\"recent-imports-none\""));

    let csv = "name,document,amount,status,priority,due_date\n\
               Ana Gómez,X-1,120.50,,high,\n\
               Bruno,X-2,abc,,,\n\
               Carla,X-3,,paused,,\n\
               Dora,X-4,,,,\n\
               Eva,X-5,,closed,,\n\
               ,X-6,abc,,someday,31/12/2026\n";
    app.patch("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .json(&json!({ "required_fields": ["reason_id"] }))
        .send()
        .await;
    let started = upload(&app, &admin, CSRF, &spring, csv).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let to = location(&started);
    let job_id = to.strip_prefix("/cases/jobs/").unwrap().to_owned();

    let mut html = String::new();
    for _ in 0..200 {
        html = page(&app, &admin, &to).await;
        if html.contains("data-running=\"false\"") {
            break;
        }
        assert!(
            html.contains("/static/case_import.js"),
            "a running job follows itself"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(html.contains("data-running=\"false\""), "{html}");
    assert!(html.contains(&format!("data-job-url=\"/api/v1/jobs/{job_id}\"")));
    assert!(
        html.contains("<progress id=\"job-progress\" max=\"6\" value=\"6\""),
        "{html}"
    );
    assert!(html.contains("id=\"job-succeeded\">2<") && html.contains("id=\"job-failed\">4<"));
    assert!(html.contains(">Finished</span>"));
    assert!(
        !html.contains("/static/case_import.js"),
        "a finished job stops polling"
    );
    // The import page lists it among the latest, leading back to it.
    let listed = page(&app, &admin, "/cases/import").await;
    let recent = section(&listed, "id=\"recent-imports-table\"", "</table>");
    assert!(
        recent.contains(&format!("href=\"/cases/jobs/{job_id}\"")),
        "{recent}"
    );
    assert!(
        recent.contains(">Finished</span>") && recent.contains(">6 / 6<"),
        "{recent}"
    );
    assert!(
        recent.contains("Spring arrears") && recent.contains(">cases.csv<"),
        "{recent}"
    );
    assert!(
        html.contains("id=\"job-campaign\">Spring arrears<")
            && html.contains("id=\"job-file\">cases.csv<")
    );
    let errors = section(&html, "id=\"job-errors\"", "</table>");
    assert!(
        errors.contains(">3</th>") && errors.contains("amount: not a number"),
        "{errors}"
    );
    assert!(
        errors.contains(">4</th>") && errors.contains("status: no status paused"),
        "{errors}"
    );
    assert!(
        errors.contains(">6</th>")
            && errors.contains("The status needs fields the row lacks: reason_id"),
        "{errors}"
    );
    // Every problem of a row, each in words rather than its code.
    assert!(
        errors.contains(
            ">7</th>\n      <td>amount: not a number; priority: no priority someday; \
             name: This field is required.; due_date: Give a date like 2026-12-31.<"
        ),
        "{errors}"
    );
    // Said from the problems the job lists, in the reader's language.
    let language = |language: &'static str| {
        app.patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
    };
    language("tr").await;
    let html = page(&app, &admin, &to).await;
    let errors = section(&html, "id=\"job-errors\"", "</table>");
    assert!(
        errors.contains("amount: sayı değil")
            && errors.contains("status: paused diye bir durum yok")
            && errors.contains("Durum, satırda eksik olan alanları gerektiriyor: reason_id"),
        "{errors}"
    );
    language("en").await;
    let imported = api_get(&app, &admin, "/api/v1/cases?count=true").await;
    assert_eq!(imported["total"], 2);

    // The script the page includes is served.
    let script = app.get("/static/case_import.js").send().await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.text().contains("job-progress"));

    // A file the import cannot take is refused on the form, readably.
    let unknown = upload(&app, &admin, CSRF, &spring, "name,colour\nAna,red\n").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = unknown.text();
    assert!(
        html.contains("id=\"file-error\"") && html.contains("does not know: colour"),
        "{html}"
    );
    let no_campaign = upload(&app, &admin, CSRF, "", "name\nAna\n").await;
    assert_eq!(no_campaign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_campaign.text().contains("Choose the campaign."));
    let forged = upload(&app, &admin, "another-token", &spring, "name\nAna\n").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        api_get(&app, &admin, "/api/v1/cases?count=true").await["total"],
        2,
        "refused uploads import nothing"
    );

    // Another company's job is not found.
    let other = app.signup("Other").await;
    assert_eq!(get(&app, &other, &to).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pages_speak_spanish_and_turkish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let spring = campaign(&app, &admin, "Primavera", json!([])).await;
    case(&app, &admin, &spring, "Alicia", None, json!({})).await;
    // The user's own setting decides (it beats the browser's).
    let in_language = |path: &'static str, language: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let set = app
                .patch("/api/v1/me")
                .as_user(admin)
                .json(&json!({ "language": language }))
                .send()
                .await;
            assert_eq!(set.status, StatusCode::OK, "{}", set.text());
            page(app, admin, path).await
        }
    };
    let html = in_language("/cases", "es").await;
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains(">Asignados <span") && html.contains("Exportar CSV"));
    assert!(html.contains("Cualquier campaña") && html.contains("Reasignar casos"));
    let html = in_language("/cases/reassign", "es").await;
    assert!(html.contains("Repartir de forma equilibrada") && html.contains("Los 1 casos"));
    assert!(html.contains("Buscar un operador") && html.contains("0 abiertos"));
    let html = in_language("/cases/audit-queue", "es").await;
    assert!(html.contains("Ningún caso cerrado espera auditoría."));
    let html = in_language("/cases/import", "es").await;
    assert!(html.contains("Iniciar la importación"));
    let html = in_language("/cases", "tr").await;
    assert!(html.contains(">Atanmış <span") && html.contains("CSV olarak dışa aktar"));
}

#[tokio::test]
async fn a_role_that_assigns_cases_without_seeing_users_still_picks_operators_by_name() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let dispatcher = app.user(&admin.company_id, Template::Agent).await;
    let role = api(
        &app,
        &admin,
        "/api/v1/roles",
        json!({ "name": "Dispatcher", "permissions": ["cases.view", "cases.assign"], "scope": "all", "based_on": "manager" }),
    )
    .await;
    api(
        &app,
        &admin,
        &format!("/api/v1/roles/{}/users", id(&role)),
        json!({ "user_ids": [dispatcher.user_id] }),
    )
    .await;
    let loans = campaign(&app, &admin, "Loans", json!([])).await;
    case(
        &app,
        &admin,
        &loans,
        "Alicia",
        Some(&agent.user_id),
        json!({}),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/users")
            .as_user(&dispatcher)
            .send()
            .await
            .status,
        StatusCode::FORBIDDEN,
        "no users.view"
    );

    let html = page(&app, &dispatcher, "/cases/reassign").await;
    let choices = section(&html, "id=\"assignee-id\"", "</select>");
    assert!(
        choices.contains(&format!("value=\"{}\"", agent.user_id)) && choices.contains("Test Agent"),
        "{choices}"
    );
    let table = section(&html, "id=\"reassign-table\"", "</table>");
    assert!(table.contains("Test Agent"), "the holder is named: {table}");
}

#[tokio::test]
async fn a_distribution_over_the_threshold_shows_its_job_progress_on_the_reassign_page() {
    let app = TestApp::new().await;
    app.ctx.jobs.set_async_over(3);
    app.ctx.jobs.set_chunk(2);
    let admin = app.signup("Acme").await;
    let ana = app.user(&admin.company_id, Template::Agent).await;
    let bob = app.user(&admin.company_id, Template::Agent).await;
    let loans = campaign(&app, &admin, "Loans", json!([])).await;
    app.import_cases(&admin, &loans, "Case", 5).await;
    let confirmed = post(
        &app,
        &admin,
        "/cases/reassign",
        &[
            ("status", "open"),
            ("scope", "all"),
            ("operator_ids", &ana.user_id),
            ("operator_ids", &bob.user_id),
            ("action", "confirm"),
        ],
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.text()
    );
    let to = location(&confirmed);
    assert!(to.contains("job="), "{to}");
    let job_id = to.split("job=").nth(1).unwrap().split('&').next().unwrap();
    // The page follows the job as the import page does, then shows how it ended.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let html = loop {
        let html = page(&app, &admin, &to).await;
        let card = section(&html, "id=\"job\"", "</section>");
        assert!(
            card.contains(&format!("data-job-url=\"/api/v1/jobs/{job_id}\"")),
            "{card}"
        );
        assert!(card.contains("id=\"job-progress\""), "{card}");
        if card.contains("data-running=\"false\"") {
            break html;
        }
        assert!(html.contains("/static/case_import.js"));
        assert!(std::time::Instant::now() < deadline, "{card}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let card = section(&html, "id=\"job\"", "</section>");
    assert!(card.contains("Distribution in progress"), "{card}");
    assert!(
        card.contains("<span id=\"job-processed\">5</span>"),
        "{card}"
    );
    assert!(card.contains("id=\"job-succeeded\">5<"), "{card}");
    // In Spanish and Turkish too.
    for (lang, title, moved) in [
        ("es", "Distribución en curso", "Movidos"),
        ("tr", "Dağıtım sürüyor", "Taşınan"),
    ] {
        let changed = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": lang }))
            .send()
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
        let html = page(&app, &admin, &to).await;
        let card = section(&html, "id=\"job\"", "</section>");
        assert!(card.contains(title) && card.contains(moved), "{card}");
    }
}
