//! Roles: templates, custom roles, escalation, mass assignment, per-section access,
//! role tests and immediacy.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

async fn custom_role(app: &TestApp, admin: &Session, body: Value) -> Value {
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
async fn every_company_has_five_immutable_templates() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let roles = app.get("/api/v1/roles").as_user(&admin).send().await.json();
    let templates: Vec<&Value> = roles["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["template"] == true)
        .collect();
    let mut names: Vec<&str> = templates
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Admin", "Agent", "Manager", "Owner", "Supervisor"]);
    let supervisor = templates
        .iter()
        .find(|r| r["name"] == "Supervisor")
        .unwrap();
    assert_eq!(supervisor["scope"], "managed");
    let keys = supervisor["permissions"].as_array().unwrap();
    assert!(
        !keys
            .iter()
            .any(|k| k == "billing.manage" || k == "kpi.manage" || k == "security.manage")
    );

    let id = supervisor["id"].as_str().unwrap();
    let patch = app
        .patch(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .json(&json!({ "name": "Boss" }))
        .send()
        .await;
    assert_eq!(patch.status, StatusCode::CONFLICT);
    let delete = app
        .delete(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
    let access = app
        .put(&format!("/api/v1/sections/cases/access/{id}"))
        .as_user(&admin)
        .json(&json!({ "permissions": ["cases.view"] }))
        .send()
        .await;
    assert_eq!(access.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn custom_roles_are_created_edited_and_validated() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = custom_role(
        &app,
        &admin,
        json!({ "name": "Quality", "description": "QA", "permissions": ["calls.view", "recordings.listen"], "scope": "all", "based_on": "supervisor" }),
    )
    .await;
    assert_eq!(role["template"], false);
    assert_eq!(role["based_on"], "supervisor");
    assert_eq!(
        role["permissions"],
        json!(["calls.view", "recordings.listen"])
    );

    let id = role["id"].as_str().unwrap();
    let edited = app
        .patch(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .header("if-match", &role["version"].to_string())
        .json(&json!({ "permissions": ["calls.view"] }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(edited.json()["name"], "Quality");
    assert_eq!(edited.json()["permissions"], json!(["calls.view"]));
    let stale = app
        .patch(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .header("if-match", &role["version"].to_string())
        .json(&json!({ "name": "Late" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    let bad = app
        .post("/api/v1/roles")
        .as_user(&admin)
        .json(&json!({ "name": "", "permissions": ["cases.fly"], "scope": "galaxy", "based_on": "emperor" }))
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &bad.json()["error"]["fields"];
    for field in ["name", "permissions", "scope", "based_on"] {
        assert!(fields[field].is_string(), "{field}: {fields}");
    }
}

#[tokio::test]
async fn nobody_grants_what_they_do_not_hold() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    // A role manager who lacks billing: they may build roles, but not with billing.
    let builder_role = custom_role(
        &app,
        &admin,
        json!({ "name": "Role builder", "permissions": ["roles.view", "roles.manage", "cases.view"], "scope": "all", "based_on": "manager" }),
    )
    .await;
    let builder = app.user(&admin.company_id, Template::Agent).await;
    let assigned = app
        .post(&format!(
            "/api/v1/roles/{}/users",
            builder_role["id"].as_str().unwrap()
        ))
        .as_user(&admin)
        .json(&json!({ "user_ids": [builder.user_id] }))
        .send()
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());

    let escalate = app
        .post("/api/v1/roles")
        .as_user(&builder)
        .json(&json!({ "name": "Sneaky", "permissions": ["cases.view", "billing.manage"], "scope": "all" }))
        .send()
        .await;
    assert_eq!(escalate.status, StatusCode::FORBIDDEN);
    assert_eq!(escalate.error_code(), "permission_not_held");
    assert_eq!(
        escalate.json()["error"]["permissions"],
        json!(["billing.manage"])
    );

    let fine = app
        .post("/api/v1/roles")
        .as_user(&builder)
        .json(&json!({ "name": "Viewer", "permissions": ["cases.view"], "scope": "own" }))
        .send()
        .await;
    assert_eq!(fine.status, StatusCode::CREATED);
    // Editing their own role up is the same escalation.
    let own = app
        .patch(&format!(
            "/api/v1/roles/{}",
            builder_role["id"].as_str().unwrap()
        ))
        .as_user(&builder)
        .json(
            &json!({ "permissions": ["roles.view", "roles.manage", "cases.view", "users.manage"] }),
        )
        .send()
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_role_in_use_is_deleted_only_after_its_users_move() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = custom_role(
        &app,
        &admin,
        json!({ "name": "Temp", "permissions": ["cases.view"], "scope": "own" }),
    )
    .await;
    let id = role["id"].as_str().unwrap();
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    let assigned = app
        .post(&format!("/api/v1/roles/{id}/users"))
        .as_user(&admin)
        .json(&json!({ "user_ids": [agent.user_id, other.user_id] }))
        .send()
        .await;
    assert_eq!(assigned.json()["assigned"], 2);
    let refused = app
        .delete(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "role_in_use");
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains('2')
    );

    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    app.post(&format!("/api/v1/roles/{agent_role}/users"))
        .as_user(&admin)
        .json(&json!({ "user_ids": [agent.user_id, other.user_id] }))
        .send()
        .await;
    let deleted = app
        .delete(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn mass_assignment_is_all_or_nothing_and_follows_the_hierarchy() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let other_admin = app.user(&admin.company_id, Template::Admin).await;
    let supervisor_role = app
        .template_role_id(&admin.company_id, Template::Supervisor)
        .await;

    // Another Admin is out of reach, so nobody in the list moves.
    let mixed = app
        .post(&format!("/api/v1/roles/{supervisor_role}/users"))
        .as_user(&admin)
        .json(&json!({ "user_ids": [agent.user_id, other_admin.user_id] }))
        .send()
        .await;
    assert_eq!(mixed.status, StatusCode::FORBIDDEN);
    let unchanged = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_ne!(unchanged["role_id"], supervisor_role.as_str());

    // Nobody changes their own role, even through mass assignment.
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let own = app
        .post(&format!("/api/v1/roles/{admin_role}/users"))
        .as_user(&admin)
        .json(&json!({ "user_ids": [admin.user_id] }))
        .send()
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // A Manager cannot hand out roles (no roles.manage).
    let by_manager = app
        .post(&format!("/api/v1/roles/{supervisor_role}/users"))
        .as_user(&manager)
        .json(&json!({ "user_ids": [agent.user_id] }))
        .send()
        .await;
    assert_eq!(by_manager.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn per_section_access_edits_the_same_role_data() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = custom_role(
        &app,
        &admin,
        json!({ "name": "Ops", "permissions": ["calls.view"], "scope": "all" }),
    )
    .await;
    let id = role["id"].as_str().unwrap();
    let access = app
        .get("/api/v1/sections/cases/access")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(access.status, StatusCode::OK);
    let rows = access.json();
    let ops = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"]["id"] == id)
        .unwrap();
    assert_eq!(ops["permissions"], json!([]));
    let admin_row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"]["name"] == "Admin")
        .unwrap();
    assert!(admin_row["permissions"].as_array().unwrap().len() >= 5);

    let set = app
        .put(&format!("/api/v1/sections/cases/access/{id}"))
        .as_user(&admin)
        .json(&json!({ "permissions": ["cases.view", "cases.edit"] }))
        .send()
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let role = app
        .get(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        role["permissions"],
        json!(["calls.view", "cases.edit", "cases.view"])
    );

    let wrong_section = app
        .put(&format!("/api/v1/sections/cases/access/{id}"))
        .as_user(&admin)
        .json(&json!({ "permissions": ["users.view"] }))
        .send()
        .await;
    assert_eq!(wrong_section.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .get("/api/v1/sections/nowhere/access")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let catalog = app
        .get("/api/v1/permissions")
        .as_user(&admin)
        .send()
        .await
        .json();
    let keys: Vec<&str> = catalog
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    for key in [
        "cases.assign",
        "roles.test",
        "api_tokens.manage",
        "queues.manage",
        "tags.view",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    let sections = app
        .get("/api/v1/sections")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert!(
        sections
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "cases")
    );
}

#[tokio::test]
async fn a_role_test_acts_with_exactly_that_role_until_it_ends() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let started = app
        .post("/api/v1/me/role-test")
        .as_user(&admin)
        .json(&json!({ "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text());
    let me = started.json();
    assert_eq!(me["role_test"]["role"]["id"], agent_role.as_str());
    assert_eq!(me["scope"], "own");
    assert!(
        !me["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "roles.view")
    );

    assert_eq!(
        app.get("/api/v1/roles").as_user(&admin).send().await.status,
        StatusCode::FORBIDDEN
    );
    // Another session of the same user is not affected.
    let other = app.login(&admin.email, testkit::PASSWORD).await;
    assert_eq!(
        app.get("/api/v1/roles").bearer(&other).send().await.status,
        StatusCode::OK
    );

    let ended = app
        .delete("/api/v1/me/role-test")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(ended.json()["role_test"], Value::Null);
    assert_eq!(
        app.get("/api/v1/roles").as_user(&admin).send().await.status,
        StatusCode::OK
    );

    // Sign-out ends a test with the session.
    app.post("/api/v1/me/role-test")
        .as_user(&admin)
        .json(&json!({ "role_id": agent_role }))
        .send()
        .await;
    app.post("/api/v1/auth/logout").as_user(&admin).send().await;
    let fresh = app.login(&admin.email, testkit::PASSWORD).await;
    let me = app.get("/api/v1/me").bearer(&fresh).send().await.json();
    assert_eq!(me["role_test"], Value::Null);
}

#[tokio::test]
async fn only_holders_of_roles_test_test_and_never_above_their_own_role() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let refused = app
        .post("/api/v1/me/role-test")
        .as_user(&manager)
        .json(&json!({ "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let tester_role = custom_role(
        &app,
        &admin,
        json!({ "name": "Tester", "permissions": ["roles.view", "roles.test", "cases.view"], "scope": "all", "based_on": "manager" }),
    )
    .await;
    let tester = app.user(&admin.company_id, Template::Agent).await;
    app.post(&format!(
        "/api/v1/roles/{}/users",
        tester_role["id"].as_str().unwrap()
    ))
    .as_user(&admin)
    .json(&json!({ "user_ids": [tester.user_id] }))
    .send()
    .await;
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let above = app
        .post("/api/v1/me/role-test")
        .as_user(&tester)
        .json(&json!({ "role_id": admin_role }))
        .send()
        .await;
    assert_eq!(above.status, StatusCode::FORBIDDEN);
    assert_eq!(above.error_code(), "permission_not_held");
}

#[tokio::test]
async fn role_and_permission_changes_apply_on_the_next_request() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = custom_role(
        &app,
        &admin,
        json!({ "name": "Lead", "permissions": ["users.view"], "scope": "all" }),
    )
    .await;
    let id = role["id"].as_str().unwrap();
    let user = app.user(&admin.company_id, Template::Agent).await;
    assert_eq!(
        app.get("/api/v1/users").as_user(&user).send().await.status,
        StatusCode::FORBIDDEN
    );

    app.post(&format!("/api/v1/roles/{id}/users"))
        .as_user(&admin)
        .json(&json!({ "user_ids": [user.user_id] }))
        .send()
        .await;
    assert_eq!(
        app.get("/api/v1/users").as_user(&user).send().await.status,
        StatusCode::OK
    );

    app.patch(&format!("/api/v1/roles/{id}"))
        .as_user(&admin)
        .json(&json!({ "permissions": [] }))
        .send()
        .await;
    assert_eq!(
        app.get("/api/v1/users").as_user(&user).send().await.status,
        StatusCode::FORBIDDEN
    );
}
