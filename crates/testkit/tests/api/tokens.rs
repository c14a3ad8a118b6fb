//! One-time tokens: invitations and password resets.

use app::auth::TokenPurpose;
use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{AuthConfig, PASSWORD, TestApp, WebConfig};

const NEW_PASSWORD: &str = "fresh-and-unusual-42";

#[tokio::test]
async fn an_invitation_sets_the_password_once() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let token = app.issue_token(&agent, TokenPurpose::Invite).await;

    let accepted = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": token, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
    let session = accepted.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/api/v1/me").bearer(&session).send().await.status,
        StatusCode::OK
    );
    app.login(&agent.email, NEW_PASSWORD).await;

    let reused = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": token, "password": "another-fine-secret-1" }))
        .send()
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reused.json()["error"]["fields"]["token"],
        "invalid_or_expired"
    );
    app.login(&agent.email, NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_reset_token_is_single_use_and_ends_every_session() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let token = app.issue_token(&admin, TokenPurpose::Reset).await;

    // An invitation endpoint does not take a reset token.
    let wrong_kind = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": token, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(wrong_kind.status, StatusCode::UNPROCESSABLE_ENTITY);

    let reset = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": token, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.text());
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    app.login(&admin.email, NEW_PASSWORD).await;

    let again = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": token, "password": "another-fine-secret-1" }))
        .send()
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn expired_unknown_and_superseded_tokens_are_refused() {
    let auth = AuthConfig {
        reset_ttl: chrono::Duration::seconds(-1),
        ..AuthConfig::default()
    };
    let app = TestApp::with_config(auth, WebConfig::default()).await;
    let admin = app.signup("Acme").await;
    let expired = app.issue_token(&admin, TokenPurpose::Reset).await;
    for token in [expired.as_str(), "sbr_made-up"] {
        let response = app
            .post("/api/v1/auth/reset")
            .json(&json!({ "token": token, "password": NEW_PASSWORD }))
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{token}");
    }
    app.login(&admin.email, PASSWORD).await;

    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let older = app.issue_token(&admin, TokenPurpose::Reset).await;
    let newer = app.issue_token(&admin, TokenPurpose::Reset).await;
    let with_older = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": older, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(with_older.status, StatusCode::UNPROCESSABLE_ENTITY);
    let with_newer = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": newer, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(with_newer.status, StatusCode::OK);
}

#[tokio::test]
async fn a_weak_password_does_not_use_up_the_token() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let token = app.issue_token(&admin, TokenPurpose::Reset).await;
    let weak = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": token, "password": "iloveyou" }))
        .send()
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json()["error"]["fields"]["password"], "too_common");
    let good = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": token, "password": NEW_PASSWORD }))
        .send()
        .await;
    assert_eq!(good.status, StatusCode::OK);
}
