//! Groups and the settings cascade.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn groups_hold_supervisors_members_and_settings_that_cascade() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let created = app
        .post("/api/v1/groups")
        .as_user(&admin)
        .json(&json!({ "name": "Collections", "supervisor_ids": [supervisor.user_id], "member_ids": [agent.user_id], "settings": { "softphone_outbound": true } }))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_owned();

    let group = app
        .get(&format!("/api/v1/groups/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(group["supervisor_ids"], json!([supervisor.user_id]));
    assert_eq!(group["member_ids"], json!([agent.user_id]));
    assert_eq!(group["effective_settings"]["softphone_outbound"], true);

    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        user["effective_settings"]["softphone_outbound"], true,
        "group overrides company"
    );
    app.patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "softphone_outbound": false }))
        .send()
        .await;
    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        user["effective_settings"]["softphone_outbound"], false,
        "user overrides group"
    );
    app.patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "softphone_outbound": null }))
        .send()
        .await;
    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(user["softphone_outbound"], serde_json::Value::Null);
    assert_eq!(user["effective_settings"]["softphone_outbound"], true);

    // The supervisor sees the groups they manage, and only those.
    app.post("/api/v1/groups")
        .as_user(&admin)
        .json(&json!({ "name": "Other" }))
        .send()
        .await;
    let seen = app
        .get("/api/v1/groups?count=true")
        .as_user(&supervisor)
        .send()
        .await
        .json();
    assert_eq!(seen["total"], 1);
    assert_eq!(seen["items"][0]["id"], id.as_str());

    let renamed = app
        .patch(&format!("/api/v1/groups/{id}"))
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "name": "Collections East", "member_ids": [] }))
        .send()
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.json()["member_ids"], json!([]));
    let stale = app
        .patch(&format!("/api/v1/groups/{id}"))
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "name": "Late" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let bad = app
        .post("/api/v1/groups")
        .as_user(&admin)
        .json(&json!({ "name": "X", "settings": { "fly": true } }))
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(
        app.delete(&format!("/api/v1/groups/{id}"))
            .as_user(&admin)
            .send()
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/api/v1/groups/{id}"))
            .as_user(&admin)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
