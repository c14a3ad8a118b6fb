//! `GET/PATCH /me`: the own personal profile.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn a_user_edits_language_and_time_zone_and_the_change_is_audited() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let response = app
        .patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "language": "tr", "timezone": "Europe/Istanbul" }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let user = response.json();
    assert_eq!(user["language"], "tr");
    assert_eq!(user["timezone"], "Europe/Istanbul");
    assert_eq!(user["version"], 2);

    let me = app.get("/api/v1/me").as_user(&admin).send().await.json();
    assert_eq!(me["user"]["language"], "tr");

    let mut tx = app.ctx.pool.read().await.unwrap();
    let actor_scope = app::sessions::resolve(&app.ctx, &admin.token)
        .await
        .unwrap()
        .unwrap()
        .scope();
    let entries = store::audit::for_object(&mut tx, &actor_scope, "user", &admin.user_id)
        .await
        .unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == "user.profile_updated")
        .expect("audited");
    assert!(entry.before.as_deref().unwrap().contains("\"en\""));
    assert!(entry.after.as_deref().unwrap().contains("Europe/Istanbul"));
    assert_eq!(entry.actor_id.as_deref(), Some(admin.user_id.as_str()));
}

#[tokio::test]
async fn invalid_values_are_refused_with_their_fields_and_change_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let response = app
        .patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "language": "fr", "timezone": "Mars/Olympus", "avatar": "javascript:alert(1)" }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &response.json()["error"]["fields"];
    assert_eq!(fields["language"], "unsupported");
    assert_eq!(fields["timezone"], "unknown");
    assert_eq!(fields["avatar"], "invalid");
    let me = app.get("/api/v1/me").as_user(&admin).send().await.json();
    assert_eq!(me["user"]["version"], 1);
}

#[tokio::test]
async fn account_details_cannot_be_edited_through_the_profile() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for body in [
        json!({ "role_id": "x" }),
        json!({ "name": "New" }),
        json!({ "active": false }),
    ] {
        let response = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&body)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}

#[tokio::test]
async fn a_stale_version_is_refused_with_412() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let first = app
        .patch("/api/v1/me")
        .as_user(&admin)
        .header("if-match", "1")
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let stale = app
        .patch("/api/v1/me")
        .as_user(&admin)
        .header("if-match", "\"1\"")
        .json(&json!({ "language": "tr" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.error_code(), "stale_version");
    let me = app.get("/api/v1/me").as_user(&admin).send().await.json();
    assert_eq!(me["user"]["language"], "es");

    let garbage = app
        .patch("/api/v1/me")
        .as_user(&admin)
        .header("if-match", "yesterday")
        .json(&json!({ "language": "tr" }))
        .send()
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn agents_keep_their_email_while_other_roles_may_change_theirs() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;

    let refused = app
        .patch("/api/v1/me")
        .as_user(&agent)
        .json(&json!({ "email": "new-agent@example.com" }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Repeating the current email is not a change.
    let same = app
        .patch("/api/v1/me")
        .as_user(&agent)
        .json(&json!({ "email": agent.email, "language": "es" }))
        .send()
        .await;
    assert_eq!(same.status, StatusCode::OK);

    let taken = app
        .patch("/api/v1/me")
        .as_user(&manager)
        .json(&json!({ "email": admin.email.to_uppercase() }))
        .send()
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);

    let moved = app
        .patch("/api/v1/me")
        .as_user(&manager)
        .json(&json!({ "email": "Manager.New@Example.com" }))
        .send()
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    app.login("manager.new@example.com", testkit::PASSWORD)
        .await;
}

#[tokio::test]
async fn concurrent_edits_of_one_version_let_exactly_one_through() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let edits = ["es", "tr", "en", "es"].map(|language| {
        app.patch("/api/v1/me")
            .as_user(&admin)
            .header("if-match", "1")
            .json(&json!({ "language": language }))
            .send()
    });
    let statuses: Vec<StatusCode> = futures_join_all(edits)
        .await
        .into_iter()
        .map(|r| r.status)
        .collect();
    let winners = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let stale = statuses
        .iter()
        .filter(|s| **s == StatusCode::PRECONDITION_FAILED)
        .count();
    assert_eq!((winners, stale), (1, 3), "{statuses:?}");
    let me = app.get("/api/v1/me").as_user(&admin).send().await.json();
    assert_eq!(me["user"]["version"], 2);
}

/// Runs the requests concurrently on the test's runtime.
async fn futures_join_all<F: std::future::Future>(futures: [F; 4]) -> Vec<F::Output> {
    let [a, b, c, d] = futures;
    let (a, b, c, d) = tokio::join!(a, b, c, d);
    vec![a, b, c, d]
}
