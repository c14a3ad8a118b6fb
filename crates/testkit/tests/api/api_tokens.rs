//! API tokens: shown once, stored hashed, acting with their role, revoked at once.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn a_token_acts_with_its_role_and_dies_when_revoked() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let created = app
        .post("/api/v1/api-tokens")
        .as_user(&admin)
        .json(&json!({ "name": "Dialer", "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let body = created.json();
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("sbt_"));

    let listed = app.get("/api/v1/api-tokens").as_user(&admin).send().await;
    assert!(!listed.text().contains(&secret), "the secret is shown once");
    let mut tx = app.ctx.pool.read().await.unwrap();
    assert!(
        store::api_tokens::find_by_hash(&mut tx, &secret)
            .await
            .unwrap()
            .is_none(),
        "stored hashed"
    );
    drop(tx);

    let me = app.get("/api/v1/me").bearer(&secret).send().await.json();
    assert_eq!(me["role"]["id"], agent_role.as_str());
    assert_eq!(
        app.get("/api/v1/roles").bearer(&secret).send().await.status,
        StatusCode::FORBIDDEN
    );

    let id = body["id"].as_str().unwrap();
    let revoked = app
        .delete(&format!("/api/v1/api-tokens/{id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me").bearer(&secret).send().await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_token_never_carries_more_than_its_creator_holds() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let creator_role = app
        .post("/api/v1/roles")
        .as_user(&admin)
        .json(&json!({ "name": "Integrator", "permissions": ["api_tokens.manage", "cases.view"], "scope": "all", "based_on": "manager" }))
        .send()
        .await
        .json();
    let creator = app.user(&admin.company_id, Template::Agent).await;
    app.post(&format!(
        "/api/v1/roles/{}/users",
        creator_role["id"].as_str().unwrap()
    ))
    .as_user(&admin)
    .json(&json!({ "user_ids": [creator.user_id] }))
    .send()
    .await;
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let refused = app
        .post("/api/v1/api-tokens")
        .as_user(&creator)
        .json(&json!({ "name": "Root", "role_id": admin_role }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.error_code(), "permission_not_held");
}

#[tokio::test]
async fn a_role_carried_by_a_token_is_not_deleted_under_it() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = app
        .post("/api/v1/roles")
        .as_user(&admin)
        .json(&json!({ "name": "Feed", "permissions": ["cases.view"], "scope": "own" }))
        .send()
        .await
        .json();
    let role_id = role["id"].as_str().unwrap();
    let token = app
        .post("/api/v1/api-tokens")
        .as_user(&admin)
        .json(&json!({ "name": "Feed", "role_id": role_id }))
        .send()
        .await
        .json();
    let refused = app
        .delete(&format!("/api/v1/roles/{role_id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "role_in_use");
    app.delete(&format!(
        "/api/v1/api-tokens/{}",
        token["id"].as_str().unwrap()
    ))
    .as_user(&admin)
    .send()
    .await;
    let deleted = app
        .delete(&format!("/api/v1/roles/{role_id}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}
