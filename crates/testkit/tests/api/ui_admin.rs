//! The administration pages: roles, users, groups, API tokens and per-section access,
//! driven as a browser drives them (cookie session + CSRF field).

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, unique_email};

use crate::browser::{get, location, post};

async fn api_role(app: &TestApp, admin: &Session, body: Value) -> Value {
    let response = app
        .post("/api/v1/roles")
        .as_user(admin)
        .json(&body)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

#[tokio::test]
async fn every_admin_page_renders_for_an_admin() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let group = app
        .post("/api/v1/groups")
        .as_user(&admin)
        .json(&json!({ "name": "Night shift", "member_ids": [agent.user_id] }))
        .send()
        .await
        .json();
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let pages = [
        "/roles".to_owned(),
        format!("/roles/{agent_role}"),
        format!(
            "/roles/{agent_role}?group_id={}",
            group["id"].as_str().unwrap()
        ),
        "/users".to_owned(),
        "/users?q=test&active=yes".to_owned(),
        format!("/users/{}", agent.user_id),
        format!("/users/{}", admin.user_id),
        "/groups".to_owned(),
        format!("/groups/{}", group["id"].as_str().unwrap()),
        "/api-tokens".to_owned(),
    ];
    for path in &pages {
        let response = get(&app, &admin, path).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{path}: {}",
            response.text()
        );
        let html = response.text();
        assert!(html.contains("<nav id=\"menu\""), "{path}");
        for entry in [">Users</a>", ">Groups</a>", ">Roles</a>", ">API tokens</a>"] {
            assert!(html.contains(entry), "{path} menu lacks {entry}");
        }
    }
    let roles = get(&app, &admin, "/roles").await.text();
    assert!(roles.contains("Who can access this section"));
    assert!(roles.contains("name=\"based_on\""));
    let editor = get(&app, &admin, &format!("/roles/{agent_role}"))
        .await
        .text();
    assert!(editor.contains("role=\"switch\""));
    assert!(editor.contains("id=\"test-role\""));
    assert!(editor.contains("disabled"), "template roles are read-only");
    let users = get(&app, &admin, "/users").await.text();
    assert!(
        users.contains("Night shift"),
        "groups are named in the list"
    );
    let me = get(&app, &admin, &format!("/users/{}", admin.user_id))
        .await
        .text();
    assert!(
        !me.contains("id=\"save-user\""),
        "nobody edits their own account"
    );
    let other = get(&app, &admin, &format!("/users/{}", agent.user_id))
        .await
        .text();
    assert!(other.contains("id=\"save-user\"") && other.contains("id=\"send-reset\""));
    assert_eq!(
        get(&app, &admin, &format!("/roles/{}", domain::ids::new_id()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_agent_gets_a_403_page_and_a_short_menu() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    for path in ["/roles", "/users", "/groups", "/api-tokens"] {
        let response = get(&app, &agent, path).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{path}");
        let html = response.text();
        assert!(html.contains("Not allowed"), "{path}: {html}");
        assert!(!html.contains(">Roles</a>") && !html.contains(">Users</a>"));
    }
    let forged = post(
        &app,
        &agent,
        "/roles",
        &[("name", "Mine"), ("based_on", "agent"), ("scope", "own")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.text().contains("alert-error") || forged.text().contains("Not allowed"));
}

#[tokio::test]
async fn the_role_editor_creates_saves_and_assigns() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;

    let created = post(
        &app,
        &admin,
        "/roles",
        &[
            ("name", "Team lead"),
            ("description", "Leads a team"),
            ("based_on", "agent"),
            ("scope", "own"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let target = location(&created);
    assert!(target.starts_with("/roles/") && target.ends_with("?created=1"));
    let id = target
        .trim_start_matches("/roles/")
        .trim_end_matches("?created=1")
        .to_owned();
    let role = app
        .get(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert!(
        role["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("workspace.use")),
        "a new role starts with its template's permissions: {role}"
    );
    let version = role["version"].to_string();

    let saved = post(
        &app,
        &admin,
        &format!("/roles/{id}"),
        &[
            ("version", &version),
            ("name", "Team lead"),
            ("description", "Leads a team"),
            ("scope", "own"),
            ("permissions", "users.view"),
            ("permissions", "cases.view"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    assert_eq!(location(&saved), format!("/roles/{id}?saved=1"));
    let role = app
        .get(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(role["permissions"], json!(["cases.view", "users.view"]));

    // The version the form carried is stale now.
    let stale = post(
        &app,
        &admin,
        &format!("/roles/{id}"),
        &[("version", &version), ("name", "Other"), ("scope", "own")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(stale.text().contains("alert-error"));

    let invalid = post(
        &app,
        &admin,
        &format!("/roles/{id}"),
        &[
            ("name", " "),
            ("scope", "own"),
            ("permissions", "users.view"),
        ],
    )
    .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.text().contains("id=\"name-error\""));

    let assigned = post(
        &app,
        &admin,
        &format!("/roles/{id}/users"),
        &[("user_ids", &agent.user_id), ("group_id", "")],
    )
    .await;
    assert_eq!(
        assigned.status,
        StatusCode::SEE_OTHER,
        "{}",
        assigned.text()
    );
    let agent_now = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(agent_now["role_id"], json!(id));
    let editor = get(&app, &admin, &location(&assigned)).await.text();
    assert!(
        editor.contains("The role was given to 1 users."),
        "{editor}"
    );

    let in_use = post(
        &app,
        &admin,
        &format!("/roles/{id}/delete"),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert!(in_use.text().contains("alert-error"));

    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let template = post(
        &app,
        &admin,
        &format!("/roles/{agent_role}"),
        &[("name", "Mine"), ("scope", "own")],
    )
    .await;
    assert_eq!(template.status, StatusCode::CONFLICT);
    assert!(template.text().contains("Template roles cannot be changed"));
}

#[tokio::test]
async fn a_role_test_shows_a_banner_and_shrinks_the_menu_until_it_ends() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = api_role(
        &app,
        &admin,
        json!({ "name": "Viewer", "permissions": ["users.view"], "scope": "own", "based_on": "agent" }),
    )
    .await;
    let id = role["id"].as_str().unwrap();
    let started = post(&app, &admin, "/role-test", &[("role_id", id)]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let home = get(&app, &admin, "/").await.text();
    assert!(home.contains("class=\"role-test-banner\""), "{home}");
    assert!(home.contains("<strong>Viewer</strong>"));
    assert!(home.contains(">Users</a>") && !home.contains(">Roles</a>"));
    assert_eq!(
        get(&app, &admin, "/roles").await.status,
        StatusCode::FORBIDDEN
    );

    let ended = post(&app, &admin, "/role-test/end", &[]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    // Back where the test was started: the page of the role tested.
    assert_eq!(location(&ended), format!("/roles/{id}"));
    let ended_again = post(&app, &admin, "/role-test/end", &[]).await;
    assert_eq!(location(&ended_again), "/");
    let home = get(&app, &admin, "/").await.text();
    assert!(!home.contains("role-test-banner") && home.contains(">Roles</a>"));
}

#[tokio::test]
async fn invitations_and_reset_links_are_shown_once() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let email = unique_email("invitee");
    let invited = post(
        &app,
        &admin,
        "/users",
        &[
            ("name", "Grace"),
            ("email", &email),
            ("role_id", &agent_role),
        ],
    )
    .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.text());
    let html = invited.text();
    assert!(html.contains("/accept-invite?token="), "{html}");
    assert!(html.contains("Grace"));
    let list = get(&app, &admin, "/users").await.text();
    assert!(!list.contains("/accept-invite?token="));
    assert!(list.contains("Invited"));

    let again = post(
        &app,
        &admin,
        "/users",
        &[
            ("name", "Grace"),
            ("email", &email),
            ("role_id", &agent_role),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("id=\"email-error\""));

    let users = app
        .get(&format!(
            "/api/v1/users?q={}",
            email.split('@').next().unwrap()
        ))
        .as_user(&admin)
        .send()
        .await
        .json();
    let id = users["items"][0]["id"].as_str().unwrap().to_owned();
    let reset = post(&app, &admin, &format!("/users/{id}/password-reset"), &[]).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(reset.text().contains("/reset?token="));
    let resent = post(&app, &admin, &format!("/users/{id}/invitation"), &[]).await;
    assert_eq!(resent.status, StatusCode::OK);
    assert!(resent.text().contains("/accept-invite?token="));
    let withdrawn = post(
        &app,
        &admin,
        &format!("/users/{id}/invitation/withdraw"),
        &[],
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn account_details_groups_and_tokens_are_saved_from_their_pages() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;

    let created = post(
        &app,
        &admin,
        "/groups",
        &[("name", "Day shift"), ("softphone_outbound", "yes")],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let group_id = location(&created)
        .trim_start_matches("/groups/")
        .trim_end_matches("?created=1")
        .to_owned();
    let saved = post(
        &app,
        &admin,
        &format!("/groups/{group_id}"),
        &[
            ("version", "1"),
            ("people_shown", "1"),
            ("name", "Day shift"),
            ("supervisor_ids", &admin.user_id),
            ("member_ids", &agent.user_id),
            ("softphone_outbound", "inherit"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let group = app
        .get(&format!("/api/v1/groups/{group_id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(group["member_ids"], json!([agent.user_id]));

    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    let version = user["version"].to_string();
    let account = post(
        &app,
        &admin,
        &format!("/users/{}", agent.user_id),
        &[
            ("version", &version),
            ("name", "Ana Agent"),
            ("role_id", user["role_id"].as_str().unwrap()),
            ("groups_shown", "1"),
            ("group_ids", &group_id),
            ("max_chats", "4"),
            ("extension", "204"),
            ("softphone_outbound", "no"),
            ("active", "1"),
        ],
    )
    .await;
    assert_eq!(account.status, StatusCode::SEE_OTHER, "{}", account.text());
    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(user["name"], "Ana Agent");
    assert_eq!(user["max_chats"], 4);
    assert_eq!(user["extension"], "204");
    let bad = post(
        &app,
        &admin,
        &format!("/users/{}", agent.user_id),
        &[
            ("name", "Ana"),
            ("max_chats", "lots"),
            ("softphone_outbound", "inherit"),
            ("active", "1"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("id=\"max_chats-error\""));

    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let token = post(
        &app,
        &admin,
        "/api-tokens",
        &[("name", "CRM sync"), ("role_id", &agent_role)],
    )
    .await;
    assert_eq!(token.status, StatusCode::OK, "{}", token.text());
    let html = token.text();
    let start = html.find("sbt_").expect("the secret is shown");
    let secret: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert_eq!(
        app.get("/api/v1/me").bearer(&secret).send().await.status,
        StatusCode::OK
    );
    let tokens = get(&app, &admin, "/api-tokens").await.text();
    assert!(tokens.contains("CRM sync") && !tokens.contains(&secret));
}

#[tokio::test]
async fn who_can_access_edits_roles_from_the_sections_side() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = api_role(
        &app,
        &admin,
        json!({ "name": "Helper", "permissions": ["cases.view"], "scope": "own", "based_on": "agent" }),
    )
    .await;
    let id = role["id"].as_str().unwrap();
    let saved = post(
        &app,
        &admin,
        &format!("/sections/users/access/{id}"),
        &[("permissions", "users.view")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/users?access=saved#access");
    let role = app
        .get(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(role["permissions"], json!(["cases.view", "users.view"]));
    let page = get(&app, &admin, "/users?access=saved").await.text();
    assert!(
        page.contains("Access was saved.")
            && page.contains("<details class=\"access card\" id=\"access\" open>")
    );

    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let template = post(
        &app,
        &admin,
        &format!("/sections/users/access/{agent_role}"),
        &[("permissions", "users.view")],
    )
    .await;
    assert_eq!(location(&template), "/users?access=template_role#access");
    let unknown = post(&app, &admin, &format!("/sections/billing/access/{id}"), &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_speak_spanish_and_turkish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for (language, roles_label, users_label) in [
        ("es", ">Roles</a>", ">Usuarios</a>"),
        ("tr", ">Roller</a>", ">Kullanıcılar</a>"),
    ] {
        app.patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        let html = get(&app, &admin, "/roles").await.text();
        assert!(
            html.contains(roles_label) && html.contains(users_label),
            "{language}"
        );
        let agent_role = app
            .template_role_id(&admin.company_id, Template::Agent)
            .await;
        let editor = get(&app, &admin, &format!("/roles/{agent_role}"))
            .await
            .text();
        assert!(editor.contains(&format!("<html lang=\"{language}\"")));
        assert!(
            !editor.contains(">perm-") && !editor.contains(">section-"),
            "{language}"
        );
    }
}
