//! The actor of a request comes from a cache; every change it is built from still
//! applies on the very next request, made in this process or (PostgreSQL) another.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{Session, TestApp};

/// The server processes to try: where the change is made, where it must show. On
/// SQLite, which runs in one process, both are the same.
async fn processes() -> (TestApp, Option<TestApp>) {
    let app = TestApp::new().await;
    let other = if app.db.is_postgres() {
        Some(app.second_process().await)
    } else {
        None
    };
    (app, other)
}

async fn status(app: &TestApp, who: &Session, path: &str) -> StatusCode {
    app.get(path).as_user(who).send().await.status
}

/// Reads `path` a few times so the reader's actor is cached in `app`.
async fn warm(app: &TestApp, who: &Session, path: &str, expect: StatusCode) {
    for _ in 0..3 {
        assert_eq!(status(app, who, path).await, expect, "{path}");
    }
}

#[tokio::test]
async fn role_project_blocking_and_sign_out_apply_on_the_next_request_in_every_process() {
    let (app, other) = processes().await;
    // Changes are made through `app`; requests are read through `reader`.
    let reader = other.as_ref().unwrap_or(&app);
    let admin = app.signup("Acme").await;

    // A role change.
    let user = app.user(&admin.company_id, Template::Agent).await;
    let role = app
        .post_ok(
            &admin,
            "/api/v1/roles",
            json!({ "name": "Lead", "permissions": ["users.view"], "scope": "all" }),
        )
        .await;
    let role_id = role["id"].as_str().unwrap();
    warm(reader, &user, "/api/v1/users", StatusCode::FORBIDDEN).await;
    app.post_ok(
        &admin,
        &format!("/api/v1/roles/{role_id}/users"),
        json!({ "user_ids": [user.user_id] }),
    )
    .await;
    assert_eq!(status(reader, &user, "/api/v1/users").await, StatusCode::OK);
    warm(reader, &user, "/api/v1/users", StatusCode::OK).await;
    let emptied = app
        .patch(&format!("/api/v1/roles/{role_id}"))
        .as_user(&admin)
        .json(&json!({ "permissions": [] }))
        .send()
        .await;
    assert_eq!(emptied.status, StatusCode::OK, "{}", emptied.text());
    assert_eq!(
        status(reader, &user, "/api/v1/users").await,
        StatusCode::FORBIDDEN
    );

    // A project change: the manager leaves the only project that holds the queue.
    // Switching security on puts everyone in Default.
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let default = app.enhanced_security(&admin).await;
    let queue = app
        .post_ok(
            &admin,
            "/api/v1/queues",
            json!({ "name": "Sales", "project_ids": [default] }),
        )
        .await;
    let queue_path = format!("/api/v1/queues/{}", queue["id"].as_str().unwrap());
    warm(reader, &manager, &queue_path, StatusCode::OK).await;
    let left = app
        .delete(&format!(
            "/api/v1/projects/{default}/members/user/{}",
            manager.user_id
        ))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(left.status, StatusCode::NO_CONTENT, "{}", left.text());
    assert_eq!(
        status(reader, &manager, &queue_path).await,
        StatusCode::NOT_FOUND
    );

    // Blocking.
    warm(reader, &manager, "/api/v1/me", StatusCode::OK).await;
    let blocked = app
        .patch(&format!("/api/v1/users/{}", manager.user_id))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(blocked.status, StatusCode::OK, "{}", blocked.text());
    assert_eq!(
        status(reader, &manager, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED
    );

    // Signing out in one process ends the session in the other.
    warm(reader, &admin, "/api/v1/me", StatusCode::OK).await;
    let out = app.post("/api/v1/auth/logout").as_user(&admin).send().await;
    assert!(out.status.is_success(), "{}", out.status);
    assert_eq!(
        status(reader, &admin, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_revoked_api_token_stops_on_the_next_request_in_every_process() {
    let (app, other) = processes().await;
    let reader = other.as_ref().unwrap_or(&app);
    let admin = app.signup("Acme").await;
    let role_id = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let created = app
        .post_ok(
            &admin,
            "/api/v1/api-tokens",
            json!({ "name": "CRM", "role_id": role_id }),
        )
        .await;
    let token = created["secret"].as_str().unwrap();
    let token_id = created["id"].as_str().unwrap();
    for _ in 0..3 {
        let me = reader.get("/api/v1/me").bearer(token).send().await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    }
    let revoked = app
        .delete(&format!("/api/v1/api-tokens/{token_id}"))
        .as_user(&admin)
        .send()
        .await;
    assert!(revoked.status.is_success(), "{}", revoked.status);
    assert_eq!(
        reader.get("/api/v1/me").bearer(token).send().await.status,
        StatusCode::UNAUTHORIZED
    );
}
