//! Session lifetimes and what ends a session.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;
use testkit::{AuthConfig, PASSWORD, TestApp, WebConfig};

#[tokio::test]
async fn an_idle_session_ends() {
    let auth = AuthConfig {
        session_idle: chrono::Duration::milliseconds(800),
        ..AuthConfig::default()
    };
    let app = TestApp::with_config(auth, WebConfig::default()).await;
    let admin = app.signup("Acme").await;
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_busy() {
    let auth = AuthConfig {
        session_lifetime: chrono::Duration::milliseconds(900),
        ..AuthConfig::default()
    };
    let app = TestApp::with_config(auth, WebConfig::default()).await;
    let admin = app.signup("Acme").await;
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/v1/me").as_user(&admin).send().await.status,
            StatusCode::OK
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let elsewhere = app.login(&admin.email, PASSWORD).await;
    let new_password = "a-much-better-secret-7";

    let changed = app
        .put("/api/v1/me/password")
        .as_user(&admin)
        .json(&json!({ "current": PASSWORD, "new": new_password }))
        .send()
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text());
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/me").bearer(&elsewhere).send().await.status,
        StatusCode::UNAUTHORIZED
    );

    let old = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": admin.email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.login(&admin.email, new_password).await;
}

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_a_good_new_one() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let other = app.login(&admin.email, PASSWORD).await;

    let wrong = app
        .put("/api/v1/me/password")
        .as_user(&admin)
        .json(&json!({ "current": "not-it-at-all", "new": "a-much-better-secret-7" }))
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["error"]["fields"]["current"], "incorrect");

    let weak = app
        .put("/api/v1/me/password")
        .as_user(&admin)
        .json(&json!({ "current": PASSWORD, "new": "qwerty123" }))
        .send()
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json()["error"]["fields"]["new"], "too_common");
    // Nothing changed: the other session lives and the old password works.
    assert_eq!(
        app.get("/api/v1/me").bearer(&other).send().await.status,
        StatusCode::OK
    );
    app.login(&admin.email, PASSWORD).await;
}
