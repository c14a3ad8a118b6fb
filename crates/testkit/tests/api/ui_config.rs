//! The company settings, projects, configuration and audit pages, driven as a browser
//! drives them (cookie session + CSRF field).

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{Session, TestApp};

use crate::browser::{api_get, get, location, post};

async fn my_name(app: &TestApp, session: &Session) -> String {
    let me = api_get(app, session, "/api/v1/me").await;
    me["user"]["name"].as_str().unwrap().to_owned()
}

/// Creates a queue through the form and answers its id.
async fn create_queue(app: &TestApp, admin: &Session, name: &str) -> String {
    let created = post(
        app,
        admin,
        "/config/queues",
        &[
            ("name", name),
            ("strategy", "ring_all"),
            ("schedule_id", ""),
            ("service_level_seconds", "25"),
            ("service_level_target", "80"),
            ("max_wait_seconds", "300"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let to = location(&created);
    to.strip_prefix("/config/queues/")
        .and_then(|rest| rest.strip_suffix("?created=1"))
        .unwrap_or_else(|| panic!("unexpected redirect {to}"))
        .to_owned()
}

#[tokio::test]
async fn switching_to_enhanced_security_needs_the_confirmation_and_creates_default() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let settings = get(&app, &admin, "/settings").await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.text());
    let html = settings.text();
    assert!(html.contains("id=\"switch-mode\"") && html.contains("“Default”"));
    assert!(html.contains(">Company settings</a>") && html.contains(">Projects</a>"));

    // Without the confirmation nothing changes.
    let refused = post(
        &app,
        &admin,
        "/settings/security",
        &[("security_mode", "enhanced")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let projects = api_get(&app, &admin, "/api/v1/projects").await;
    assert_eq!(projects["items"].as_array().unwrap().len(), 0);

    let switched = post(
        &app,
        &admin,
        "/settings/security",
        &[("security_mode", "enhanced"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(
        switched.status,
        StatusCode::SEE_OTHER,
        "{}",
        switched.text()
    );
    assert_eq!(location(&switched), "/settings?saved=1");
    let projects = api_get(&app, &admin, "/api/v1/projects").await;
    let names: Vec<&str> = projects["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Default"]);
    let html = get(&app, &admin, "/settings").await.text();
    assert!(html.contains("Enhanced: projects also decide"), "{html}");
    let tiles = get(&app, &admin, "/projects").await.text();
    assert!(tiles.contains("id=\"project-tiles\"") && tiles.contains(">Default</a>"));
    let default_id = projects["items"][0]["id"].as_str().unwrap();
    let project = get(&app, &admin, &format!("/projects/{default_id}")).await;
    assert_eq!(project.status, StatusCode::OK, "{}", project.text());
    assert!(project.text().contains(&my_name(&app, &admin).await));

    // Renaming the company and its general settings are their own form.
    let renamed = post(
        &app,
        &admin,
        "/settings",
        &[("name", "Acme Calls"), ("softphone_outbound", "on")],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text());
    let html = get(&app, &admin, "/settings").await.text();
    assert!(html.contains("value=\"Acme Calls\""));
    assert!(html.contains(
        "name=\"softphone_outbound\" aria-describedby=\"company-softphone-hint\" checked"
    ));
    let company = app
        .get("/api/v1/company")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(company["settings"]["softphone_outbound"], true);
    let off = post(&app, &admin, "/settings", &[("name", "Acme Calls")]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    let company = app
        .get("/api/v1/company")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(company["settings"]["softphone_outbound"], false);
}

#[tokio::test]
async fn a_queue_is_created_through_its_form_and_shows_who_can_see_it() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let list = get(&app, &admin, "/config/queues").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    assert!(list.text().contains("id=\"create-object\""));

    // A problem comes back next to the form, with what was typed.
    let refused = post(
        &app,
        &admin,
        "/config/queues",
        &[
            ("name", ""),
            ("strategy", "ring_all"),
            ("service_level_seconds", "soon"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("class=\"field-error\""));

    let id = create_queue(&app, &admin, "Sales line").await;
    let stored = api_get(&app, &admin, &format!("/api/v1/queues/{id}")).await;
    assert_eq!(stored["name"], "Sales line");
    assert_eq!(stored["strategy"], "ring_all");
    assert_eq!(stored["service_level_seconds"], 25);

    let page = get(&app, &admin, &format!("/config/queues/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    let who = html
        .split("id=\"who-can-see\"")
        .nth(1)
        .expect("who section");
    assert!(who.contains(&my_name(&app, &admin).await), "{who}");
    assert!(who.contains("simple security"));
    assert!(
        get(&app, &admin, "/config/queues?q=Sales")
            .await
            .text()
            .contains(">Sales line</a>")
    );
    assert!(
        !get(&app, &admin, "/config/queues?q=zzz")
            .await
            .text()
            .contains(">Sales line</a>")
    );

    // An agent without queues.view is refused; an unknown kind does not exist.
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let agent_page = get(&app, &agent, &format!("/config/queues/{id}")).await;
    assert!(matches!(
        agent_page.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    assert_eq!(
        get(&app, &admin, "/config/nothing").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_list_takes_numbers_from_its_page() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let created = post(
        &app,
        &admin,
        "/config/lists",
        &[
            ("name", "Do not call"),
            ("kind", "dnc"),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let path = location(&created).replace("?created=1", "");
    let added = post(
        &app,
        &admin,
        &format!("{path}/entries"),
        &[("numbers", "+14155550100, moved away\nnot a number\n")],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text());
    let html = added.text();
    assert!(html.contains("id=\"entries-outcome\"") && html.contains("not a number"));
    assert!(get(&app, &admin, &path).await.text().contains("moved away"));
}

#[tokio::test]
async fn the_audit_page_shows_what_an_edit_changed() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let id = create_queue(&app, &admin, "Support").await;
    let version = api_get(&app, &admin, &format!("/api/v1/queues/{id}")).await["version"]
        .as_i64()
        .unwrap()
        .to_string();
    let saved = post(
        &app,
        &admin,
        &format!("/config/queues/{id}"),
        &[
            ("version", &version),
            ("name", "Support plus"),
            ("strategy", "round_robin"),
            ("schedule_id", ""),
            ("service_level_seconds", "25"),
            ("service_level_target", "80"),
            ("max_wait_seconds", "300"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());

    let audit = get(&app, &admin, &format!("/audit?object_id={id}")).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text());
    let html = audit.text();
    // Actions by their names, not their codes (`object.updated`).
    assert!(
        html.contains(">Changed<") && html.contains(">Created<"),
        "{html}"
    );
    assert!(!html.contains("object.updated"));
    let table = html
        .split("class=\"table diff-table\"")
        .nth(1)
        .expect("a diff");
    assert!(
        table.contains("Support plus") && table.contains(">Support<"),
        "{table}"
    );
    let verified = get(&app, &admin, "/audit?verify=1").await.text();
    assert!(verified.contains("id=\"verify-result\"") && verified.contains("The chain holds"));

    let agent = app.user(&admin.company_id, Template::Agent).await;
    assert_eq!(
        get(&app, &agent, "/audit").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_pages_speak_spanish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    app.patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    let settings = get(&app, &admin, "/settings").await.text();
    assert!(settings.contains("<html lang=\"es\""));
    assert!(settings.contains("Modo de seguridad") && settings.contains(">Proyectos</a>"));
    let queues = get(&app, &admin, "/config/queues").await.text();
    assert!(queues.contains("Estrategia de distribución"), "{queues}");
}

#[tokio::test]
async fn project_members_and_objects_are_edited_on_its_page() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let created = post(
        &app,
        &admin,
        "/projects",
        &[("name", "North"), ("description", "")],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let path = location(&created).replace("?created=1", "");
    let added = post(
        &app,
        &admin,
        &format!("{path}/members"),
        &[("member", "user"), ("member_id", &agent.user_id)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    let queue = create_queue(&app, &admin, "North line").await;
    let object = format!("queues:{queue}");
    let placed = post(
        &app,
        &admin,
        &format!("{path}/objects"),
        &[("object", &object)],
    )
    .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.text());
    let html = get(&app, &admin, &path).await.text();
    assert!(html.contains("id=\"project-objects-queues\"") && html.contains(">North line</a>"));
    // Members show their projects on hover, also while the picker is filtered.
    assert!(html.contains("title=\"Projects: North\""), "{html}");
    let filtered = get(&app, &admin, &format!("{path}?user_q=nobody-matches"))
        .await
        .text();
    assert!(filtered.contains("title=\"Projects: North\""));
    let project_id = path.trim_start_matches("/projects/");
    let stored = api_get(&app, &admin, &format!("/api/v1/queues/{queue}")).await;
    assert_eq!(stored["project_ids"], json!([project_id]));

    let removed = post(
        &app,
        &admin,
        &format!("{path}/members/remove"),
        &[("member", "user"), ("member_id", &agent.user_id)],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text());
    let html = get(&app, &admin, &path).await.text();
    let members = html.split("id=\"project-user-list\"").nth(1).unwrap();
    let members = members.split("</ul>").next().unwrap();
    assert!(!members.contains("member_id"), "{members}");
}

#[tokio::test]
async fn every_kind_has_its_pages_and_nested_fields_are_edited_as_json() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let index = get(&app, &admin, "/config").await;
    assert_eq!(index.status, StatusCode::OK);
    for key in [
        "queues",
        "schedules",
        "sip-providers",
        "call-scripts",
        "dialer-campaigns",
        "lists",
        "notification-templates",
        "crm-forms",
        "ip-phones",
        "tags",
    ] {
        assert!(
            index.text().contains(&format!("href=\"/config/{key}\"")),
            "{key}"
        );
        let page = get(&app, &admin, &format!("/config/{key}")).await;
        assert_eq!(page.status, StatusCode::OK, "{key}: {}", page.text());
        assert!(page.text().contains("id=\"create-object\""), "{key}");
    }

    // A JSON problem is shown at its place, and what was typed stays.
    let refused = post(
        &app,
        &admin,
        "/config/schedules",
        &[
            ("name", "Office hours"),
            ("timezone", "Europe/Madrid"),
            (
                "windows",
                r#"[{"day": "mon", "start": "09:00", "end": "nine"}]"#,
            ),
            ("holidays", "[]"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(html.contains("windows[0].end"), "{html}");
    assert!(html.contains("nine"));
    let created = post(
        &app,
        &admin,
        "/config/schedules",
        &[
            ("name", "Office hours"),
            ("timezone", "Europe/Madrid"),
            (
                "windows",
                r#"[{"day": "mon", "start": "09:00", "end": "17:00"}]"#,
            ),
            ("holidays", "not json"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(created.text().contains("This is not valid JSON."));
    let created = post(
        &app,
        &admin,
        "/config/schedules",
        &[
            ("name", "Office hours"),
            ("timezone", "Europe/Madrid"),
            (
                "windows",
                r#"[{"day": "mon", "start": "09:00", "end": "17:00"}]"#,
            ),
            ("holidays", ""),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let path = location(&created).replace("?created=1", "");
    let html = get(&app, &admin, &path).await.text();
    assert!(html.contains("17:00") && html.contains("Europe/Madrid"));

    // The queue form offers the schedule by name.
    let queues = get(&app, &admin, "/config/queues").await.text();
    assert!(queues.contains(">Office hours</option>"));
}
