//! Projects and enhanced security: the Default project, visibility in every list and
//! get, single-project kinds, the four project permissions, access explanations and
//! the audit log by project.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

async fn post(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    let response = app.post(path).as_user(who).json(&body).send().await;
    assert!(
        response.status.is_success(),
        "{path}: {} {}",
        response.status,
        response.text()
    );
    if response.status == StatusCode::NO_CONTENT {
        Value::Null
    } else {
        response.json()
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

async fn enhanced(app: &TestApp, admin: &Session) -> Value {
    let response = app
        .patch("/api/v1/company")
        .as_user(admin)
        .json(&json!({ "security_mode": "enhanced" }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

async fn ids(app: &TestApp, who: &Session, path: &str) -> (Vec<String>, i64) {
    let sep = if path.contains('?') { '&' } else { '?' };
    let page = app
        .get(&format!("{path}{sep}count=true&limit=500"))
        .as_user(who)
        .send()
        .await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text());
    let page = page.json();
    let mut ids: Vec<String> = page["items"].as_array().unwrap().iter().map(id).collect();
    ids.sort();
    (ids, page["total"].as_i64().unwrap())
}

#[tokio::test]
async fn switching_to_enhanced_puts_everything_in_default_in_one_step() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let group = post(
        &app,
        &admin,
        "/api/v1/groups",
        json!({ "name": "Floor", "member_ids": [agent.user_id] }),
    )
    .await;
    let queue = post(&app, &admin, "/api/v1/queues", json!({ "name": "Sales" })).await;
    let tag = post(&app, &admin, "/api/v1/tags", json!({ "name": "VIP" })).await;
    let company = enhanced(&app, &admin).await;
    assert_eq!(company["security_mode"], "enhanced");

    let projects = app
        .get("/api/v1/projects")
        .as_user(&admin)
        .send()
        .await
        .json();
    let items = projects["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let default = &items[0];
    assert_eq!(default["name"], "Default");
    assert_eq!(default["counts"]["users"], 2);
    assert_eq!(default["counts"]["groups"], 1);
    assert_eq!(
        default["counts"]["objects"],
        json!({ "queues": 1 }),
        "tags stay company-wide"
    );
    let queue_now = app
        .get(&format!("/api/v1/queues/{}", id(&queue)))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(queue_now["project_ids"], json!([id(default)]));
    let tag_now = app
        .get(&format!("/api/v1/tags/{}", id(&tag)))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(tag_now["project_ids"], json!([]));
    let me = app.get("/api/v1/me").as_user(&agent).send().await.json();
    assert_eq!(me["security_mode"], "enhanced");
    assert_eq!(me["projects"], json!([id(default)]));
    let group_now = app
        .get(&format!("/api/v1/groups/{}", id(&group)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(group_now.status, StatusCode::OK);

    let audit = app
        .get("/api/v1/audit?object_kind=company")
        .as_user(&admin)
        .send()
        .await
        .json();
    let entry = &audit["items"][0];
    assert_eq!(entry["before"]["security_mode"], "simple");
    assert_eq!(entry["after"]["security_mode"], "enhanced");
    assert_eq!(entry["project_ids"], json!([id(default)]));

    // Only security.manage switches modes.
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let refused = app
        .patch("/api/v1/company")
        .as_user(&manager)
        .json(&json!({ "security_mode": "simple" }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app
        .patch("/api/v1/company")
        .as_user(&admin)
        .json(&json!({ "security_mode": "paranoid" }))
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Admin (view_all), a manager in project A directly, a manager in project B through
/// a group, and queues in A and B.
struct TwoProjects {
    app: TestApp,
    admin: Session,
    in_a: Session,
    in_b: Session,
    a: String,
    b: String,
    group: String,
    queue_a: String,
    queue_b: String,
}

async fn two_projects() -> TwoProjects {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let in_a = app.user(&admin.company_id, Template::Manager).await;
    let in_b = app.user(&admin.company_id, Template::Manager).await;
    let a = id(&post(
        &app,
        &admin,
        "/api/v1/projects",
        json!({ "name": "Bank A", "description": "Collections for A" }),
    )
    .await);
    let b = id(&post(
        &app,
        &admin,
        "/api/v1/projects",
        json!({ "name": "Telco B" }),
    )
    .await);
    // Default took everyone; narrow the two managers to their projects.
    let default = app.enhanced_security(&admin).await;
    for user in [&in_a, &in_b] {
        let removed = app
            .delete(&format!(
                "/api/v1/projects/{default}/members/user/{}",
                user.user_id
            ))
            .as_user(&admin)
            .send()
            .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
    }
    post(
        &app,
        &admin,
        &format!("/api/v1/projects/{a}/members"),
        json!({ "user_id": in_a.user_id }),
    )
    .await;
    let group = id(&post(
        &app,
        &admin,
        "/api/v1/groups",
        json!({ "name": "Team B", "member_ids": [in_b.user_id], "project_ids": [b] }),
    )
    .await);
    post(
        &app,
        &admin,
        &format!("/api/v1/projects/{b}/members"),
        json!({ "group_id": group }),
    )
    .await;
    let queue_a = id(&post(
        &app,
        &admin,
        "/api/v1/queues",
        json!({ "name": "Queue A", "project_ids": [a] }),
    )
    .await);
    let queue_b = id(&post(
        &app,
        &admin,
        "/api/v1/queues",
        json!({ "name": "Queue B", "project_ids": [b] }),
    )
    .await);
    TwoProjects {
        app,
        admin,
        in_a,
        in_b,
        a,
        b,
        group,
        queue_a,
        queue_b,
    }
}

#[tokio::test]
async fn each_user_sees_the_rows_of_their_projects_only() {
    let w = two_projects().await;
    let app = &w.app;
    let (admin_sees, admin_total) = ids(app, &w.admin, "/api/v1/queues").await;
    assert_eq!(admin_total, 2, "projects.view_all sees every row");
    assert_eq!(admin_sees.len(), 2);
    assert_eq!(
        ids(app, &w.in_a, "/api/v1/queues").await,
        (vec![w.queue_a.clone()], 1)
    );
    assert_eq!(
        ids(app, &w.in_b, "/api/v1/queues").await,
        (vec![w.queue_b.clone()], 1),
        "membership through a group counts"
    );
    for (who, hidden) in [(&w.in_a, &w.queue_b), (&w.in_b, &w.queue_a)] {
        let path = format!("/api/v1/queues/{hidden}");
        assert_eq!(
            app.get(&path).as_user(who).send().await.status,
            StatusCode::NOT_FOUND
        );
        let edit = app
            .patch(&path)
            .as_user(who)
            .json(&json!({ "name": "Mine now" }))
            .send()
            .await;
        assert_eq!(edit.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.delete(&path).as_user(who).send().await.status,
            StatusCode::NOT_FOUND
        );
        let searched = app
            .get("/api/v1/queues?q=queue&count=true")
            .as_user(who)
            .send()
            .await
            .json();
        assert_eq!(searched["total"], 1);
    }
    // Users: a manager sees the users who share a project, and themself.
    let (users_a, _) = ids(app, &w.in_a, "/api/v1/users").await;
    assert!(users_a.contains(&w.in_a.user_id));
    assert!(!users_a.contains(&w.in_b.user_id));
    assert_eq!(
        app.get(&format!("/api/v1/users/{}", w.in_b.user_id))
            .as_user(&w.in_a)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let (groups_a, _) = ids(app, &w.in_a, "/api/v1/groups").await;
    assert!(!groups_a.contains(&w.group));

    // Foreign ids in bodies are checked against the same visibility.
    let campaign = app
        .post("/api/v1/dialer-campaigns")
        .as_user(&w.in_a)
        .json(&json!({ "name": "Spring", "queue_id": w.queue_b, "project_ids": [w.a] }))
        .send()
        .await;
    assert_eq!(campaign.json()["error"]["fields"]["queue_id"], "not_found");
    let elsewhere = app
        .post("/api/v1/schedules")
        .as_user(&w.in_a)
        .json(&json!({ "name": "Nights", "project_ids": [w.b] }))
        .send()
        .await;
    assert_eq!(
        elsewhere.json()["error"]["fields"]["project_ids"],
        "not_found"
    );
    let nowhere = app
        .post("/api/v1/schedules")
        .as_user(&w.in_a)
        .json(&json!({ "name": "Nights" }))
        .send()
        .await;
    assert_eq!(nowhere.json()["error"]["fields"]["project_ids"], "required");
    let group = app
        .post("/api/v1/groups")
        .as_user(&w.in_a)
        .json(&json!({ "name": "Mixed", "member_ids": [w.in_b.user_id] }))
        .send()
        .await;
    assert_eq!(group.json()["error"]["fields"]["member_ids"], "not_found");

    // Membership changes apply on the next request; switching back stops enforcing.
    let removed = app
        .delete(&format!(
            "/api/v1/projects/{}/members/group/{}",
            w.b, w.group
        ))
        .as_user(&w.admin)
        .send()
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(ids(app, &w.in_b, "/api/v1/queues").await.1, 0);
    let simple = app
        .patch("/api/v1/company")
        .as_user(&w.admin)
        .json(&json!({ "security_mode": "simple" }))
        .send()
        .await;
    assert_eq!(simple.status, StatusCode::OK);
    assert_eq!(ids(app, &w.in_b, "/api/v1/queues").await.1, 2);
    let tiles = app
        .get("/api/v1/projects?count=true")
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(tiles["total"], 3, "projects are kept");
}

#[tokio::test]
async fn single_project_kinds_live_in_exactly_one_project() {
    let w = two_projects().await;
    let app = &w.app;
    let two = app
        .post("/api/v1/queues")
        .as_user(&w.admin)
        .json(&json!({ "name": "Both", "project_ids": [w.a, w.b] }))
        .send()
        .await;
    assert_eq!(
        two.json()["error"]["fields"]["project_ids"],
        "single_project"
    );
    let objects_b = format!("/api/v1/projects/{}/objects", w.b);
    let conflict = app
        .post(&objects_b)
        .as_user(&w.admin)
        .json(&json!({ "kind": "queues", "id": w.queue_a }))
        .send()
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.error_code(), "single_project");
    assert!(conflict.text().contains("Bank A"));
    let moved = app
        .post(&objects_b)
        .as_user(&w.admin)
        .json(&json!({ "kind": "queues", "id": w.queue_a, "move": true }))
        .send()
        .await;
    assert_eq!(moved.status, StatusCode::NO_CONTENT);
    assert_eq!(
        ids(app, &w.in_a, "/api/v1/queues").await.1,
        0,
        "moved out of A"
    );
    let listed = app.get(&objects_b).as_user(&w.admin).send().await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed["items"][0]["kind"], "queues");

    // Multi-project kinds go in several; the last project cannot be taken away.
    let schedule = id(&post(
        app,
        &w.admin,
        "/api/v1/schedules",
        json!({ "name": "Office", "project_ids": [w.a, w.b] }),
    )
    .await);
    let out_of_a = format!("/api/v1/projects/{}/objects/schedules/{schedule}", w.a);
    assert_eq!(
        app.delete(&out_of_a).as_user(&w.admin).send().await.status,
        StatusCode::NO_CONTENT
    );
    let last = app
        .delete(&format!(
            "/api/v1/projects/{}/objects/schedules/{schedule}",
            w.b
        ))
        .as_user(&w.admin)
        .send()
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert_eq!(last.error_code(), "last_project");
    let delete_b = app
        .delete(&format!("/api/v1/projects/{}", w.b))
        .as_user(&w.admin)
        .send()
        .await;
    assert_eq!(delete_b.status, StatusCode::CONFLICT);
    assert_eq!(delete_b.error_code(), "project_not_empty");
    // PATCH project_ids replaces the placement (projects.manage).
    let patched = app
        .patch(&format!("/api/v1/schedules/{schedule}"))
        .as_user(&w.admin)
        .json(&json!({ "project_ids": [w.a] }))
        .send()
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    assert_eq!(patched.json()["project_ids"], json!([w.a]));
    let manager_move = app
        .patch(&format!("/api/v1/schedules/{schedule}"))
        .as_user(&w.in_a)
        .json(&json!({ "project_ids": [w.a] }))
        .send()
        .await;
    assert_eq!(
        manager_move.status,
        StatusCode::FORBIDDEN,
        "moving needs projects.manage"
    );
}

#[tokio::test]
async fn project_permissions_are_exactly_the_four_of_the_spec() {
    let w = two_projects().await;
    let app = &w.app;
    let role = post(
        app,
        &w.admin,
        "/api/v1/roles",
        json!({ "name": "Tiles only", "permissions": ["projects.list"], "scope": "own", "based_on": "agent" }),
    )
    .await;
    let viewer = app.user(&w.admin.company_id, Template::Agent).await;
    post(
        app,
        &w.admin,
        &format!("/api/v1/roles/{}/users", id(&role)),
        json!({ "user_ids": [viewer.user_id] }),
    )
    .await;
    let tiles = app
        .get("/api/v1/projects")
        .as_user(&viewer)
        .send()
        .await
        .json();
    let tile = tiles["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Bank A")
        .unwrap()
        .clone();
    assert_eq!(tile["description"], "Collections for A");
    assert_eq!(tile["counts"]["objects"]["queues"], 1);
    assert!(
        tile.get("users").is_none() && tile.get("groups").is_none(),
        "nothing inside"
    );
    let inside = app
        .get(&format!("/api/v1/projects/{}/objects", w.a))
        .as_user(&viewer)
        .send()
        .await;
    assert_eq!(inside.status, StatusCode::FORBIDDEN);
    let add = app
        .post(&format!("/api/v1/projects/{}/members", w.a))
        .as_user(&viewer)
        .json(&json!({ "user_id": viewer.user_id }))
        .send()
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN);

    // projects.access edits members (of the projects one is in) but not objects.
    let members = app
        .get(&format!("/api/v1/projects/{}", w.a))
        .as_user(&w.in_a)
        .send()
        .await
        .json();
    assert_eq!(members["users"].as_array().unwrap().len(), 1);
    let joined = app
        .post(&format!("/api/v1/projects/{}/members", w.a))
        .as_user(&w.in_a)
        .json(&json!({ "group_id": w.group }))
        .send()
        .await;
    assert_eq!(
        joined.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a group the manager cannot see"
    );
    let foreign_project = app
        .post(&format!("/api/v1/projects/{}/members", w.b))
        .as_user(&w.in_a)
        .json(&json!({ "user_id": w.in_a.user_id }))
        .send()
        .await;
    assert_eq!(
        foreign_project.status,
        StatusCode::NOT_FOUND,
        "not their project"
    );
    let objects = app
        .post(&format!("/api/v1/projects/{}/objects", w.a))
        .as_user(&w.in_a)
        .json(&json!({ "kind": "queues", "id": w.queue_a }))
        .send()
        .await;
    assert_eq!(
        objects.status,
        StatusCode::FORBIDDEN,
        "objects need projects.manage"
    );
}

#[tokio::test]
async fn access_explanations_say_why_step_by_step() {
    let w = two_projects().await;
    let app = &w.app;
    let explain = |user: &str, queue: &str| {
        format!("/api/v1/access/explain?user_id={user}&kind=queues&id={queue}")
    };
    let through_group = app
        .get(&explain(&w.in_b.user_id, &w.queue_b))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(through_group["allowed"], true);
    assert_eq!(through_group["via"][0]["group_name"], "Team B");
    let steps: Vec<&str> = through_group["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["check"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["account", "permission", "scope", "projects"]);
    let outside = app
        .get(&explain(&w.in_b.user_id, &w.queue_a))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(outside["allowed"], false);
    assert_eq!(outside["steps"][3]["passed"], false);
    let agent = app.user(&w.admin.company_id, Template::Agent).await;
    let no_permission = app
        .get(&explain(&agent.user_id, &w.queue_a))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(no_permission["steps"][1]["passed"], false);

    let who = app
        .get(&format!("/api/v1/access/who?kind=queues&id={}", w.queue_b))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    let names: Vec<String> = who["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["user_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&w.admin.user_id) && names.contains(&w.in_b.user_id));
    assert!(!names.contains(&w.in_a.user_id) && !names.contains(&agent.user_id));
    // The explanation agrees with what the user actually gets.
    for (user, session) in [(&w.in_a.user_id, &w.in_a), (&w.in_b.user_id, &w.in_b)] {
        for queue in [&w.queue_a, &w.queue_b] {
            let allowed = app
                .get(&explain(user, queue))
                .as_user(&w.admin)
                .send()
                .await
                .json()["allowed"]
                == true;
            let status = app
                .get(&format!("/api/v1/queues/{queue}"))
                .as_user(session)
                .send()
                .await
                .status;
            assert_eq!(allowed, status == StatusCode::OK);
        }
    }
    // Asking about an object one cannot see answers 404.
    let hidden = app
        .get(&explain(&w.in_a.user_id, &w.queue_b))
        .as_user(&w.in_a)
        .send()
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_audit_log_files_changes_under_their_projects() {
    let w = two_projects().await;
    let app = &w.app;
    let by_project = app
        .get(&format!(
            "/api/v1/audit?project_id={}&object_kind=queue",
            w.b
        ))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    let entries = by_project["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["object_id"], w.queue_b);
    assert_eq!(entries[0]["action"], "object.created");
    assert_eq!(entries[0]["project_ids"], json!([w.b]));
    // A restricted reader sees entries of their projects and of none, never others'.
    let seen = app
        .get("/api/v1/audit?object_kind=queue&limit=500")
        .as_user(&w.in_a)
        .send()
        .await
        .json();
    let objects: Vec<&str> = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["object_id"].as_str().unwrap())
        .collect();
    assert_eq!(objects, [w.queue_a.as_str()]);
    let verify = app
        .get("/api/v1/audit/verify")
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(verify["ok"], true, "{verify}");
}

#[tokio::test]
async fn a_users_projects_are_edited_with_their_account_and_apply_on_the_next_request() {
    let w = two_projects().await;
    let app = &w.app;
    let user_path = format!("/api/v1/users/{}", w.in_a.user_id);
    let moved = app
        .patch(&user_path)
        .as_user(&w.admin)
        .json(&json!({ "project_ids": [w.b] }))
        .send()
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(moved.json()["project_ids"], json!([w.b]));
    let me = app.get("/api/v1/me").as_user(&w.in_a).send().await.json();
    assert_eq!(me["projects"], json!([w.b]));
    assert_eq!(
        ids(app, &w.in_a, "/api/v1/queues").await,
        (vec![w.queue_b.clone()], 1)
    );
    let filed = app
        .get(&format!(
            "/api/v1/audit?project_id={}&object_id={}",
            w.a, w.in_a.user_id
        ))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(
        filed["items"][0]["action"], "user.updated",
        "filed under the project left too"
    );
    // A manager cannot hand out a project they are not in (any more).
    let agent = app.user(&w.admin.company_id, Template::Agent).await;
    post(
        app,
        &w.admin,
        &format!("/api/v1/projects/{}/members", w.b),
        json!({ "user_id": agent.user_id }),
    )
    .await;
    let refused = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&w.in_a)
        .json(&json!({ "project_ids": [w.a, w.b] }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["error"]["fields"]["project_ids"],
        "not_found"
    );
}

#[tokio::test]
async fn two_simultaneous_placements_of_a_queue_never_both_land() {
    let w = two_projects().await;
    let app = &w.app;
    let queue = post(
        app,
        &w.admin,
        "/api/v1/queues",
        json!({ "name": "Contested", "project_ids": [w.a] }),
    )
    .await;
    let c = id(&post(
        app,
        &w.admin,
        "/api/v1/projects",
        json!({ "name": "Third" }),
    )
    .await);
    let d = id(&post(
        app,
        &w.admin,
        "/api/v1/projects",
        json!({ "name": "Fourth" }),
    )
    .await);
    // Take it out of A first (simple mode allows none), then race two placements.
    app.patch("/api/v1/company")
        .as_user(&w.admin)
        .json(&json!({ "security_mode": "simple" }))
        .send()
        .await;
    let out = app
        .delete(&format!(
            "/api/v1/projects/{}/objects/queues/{}",
            w.a,
            id(&queue)
        ))
        .as_user(&w.admin)
        .send()
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let place = |project: String| {
        let queue = id(&queue);
        let admin = w.admin.clone();
        async move {
            app.post(&format!("/api/v1/projects/{project}/objects"))
                .as_user(&admin)
                .json(&json!({ "kind": "queues", "id": queue }))
                .send()
                .await
                .status
        }
    };
    let (one, two) = tokio::join!(place(c.clone()), place(d.clone()));
    let landed = [one, two]
        .iter()
        .filter(|s| **s == StatusCode::NO_CONTENT)
        .count();
    assert_eq!(landed, 1, "{one} {two}");
    assert!([one, two].contains(&StatusCode::CONFLICT));
    let now = app
        .get(&format!("/api/v1/queues/{}", id(&queue)))
        .as_user(&w.admin)
        .send()
        .await
        .json();
    assert_eq!(now["project_ids"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_edit_keeps_references_the_editor_no_longer_sees_but_cannot_add_them() {
    let w = two_projects().await;
    let app = &w.app;
    let schedule = id(&post(
        app,
        &w.admin,
        "/api/v1/schedules",
        json!({ "name": "Office", "project_ids": [w.a] }),
    )
    .await);
    let queue = id(&post(
        app,
        &w.in_a,
        "/api/v1/queues",
        json!({ "name": "Inbound A", "schedule_id": schedule, "project_ids": [w.a] }),
    )
    .await);
    let moved = app
        .patch(&format!("/api/v1/schedules/{schedule}"))
        .as_user(&w.admin)
        .json(&json!({ "project_ids": [w.b] }))
        .send()
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    let renamed = app
        .patch(&format!("/api/v1/queues/{queue}"))
        .as_user(&w.in_a)
        .json(&json!({ "name": "Inbound A1" }))
        .send()
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(renamed.json()["schedule_id"], schedule);
    let other = id(&post(
        app,
        &w.admin,
        "/api/v1/schedules",
        json!({ "name": "Nights", "project_ids": [w.b] }),
    )
    .await);
    let refused = app
        .patch(&format!("/api/v1/queues/{queue}"))
        .as_user(&w.in_a)
        .json(&json!({ "schedule_id": other }))
        .send()
        .await;
    assert_eq!(
        refused.json()["error"]["fields"]["schedule_id"],
        "not_found"
    );
}
