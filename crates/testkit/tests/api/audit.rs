//! The audit log: who did what, through which token or role test, chained and
//! verifiable.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::TestApp;

#[tokio::test]
async fn changes_are_logged_with_actor_token_and_role_test_and_filtered() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    app.patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "max_chats": 2 }))
        .send()
        .await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let token = app
        .post("/api/v1/api-tokens")
        .as_user(&admin)
        .json(&json!({ "name": "Sync", "role_id": agent_role }))
        .send()
        .await
        .json();
    let secret = token["secret"].as_str().unwrap();
    app.patch("/api/v1/me")
        .bearer(secret)
        .json(&json!({ "language": "tr" }))
        .send()
        .await;
    let manager_role = app
        .template_role_id(&admin.company_id, Template::Manager)
        .await;
    app.post("/api/v1/me/role-test")
        .as_user(&admin)
        .json(&json!({ "role_id": manager_role }))
        .send()
        .await;
    app.patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "timezone": "Europe/Madrid" }))
        .send()
        .await;
    app.delete("/api/v1/me/role-test")
        .as_user(&admin)
        .send()
        .await;

    let log = app
        .get("/api/v1/audit?limit=500")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(log.status, StatusCode::OK);
    let items = log.json()["items"].as_array().unwrap().clone();
    let find = |action: &str| -> Value {
        items
            .iter()
            .find(|e| e["action"] == action)
            .cloned()
            .unwrap_or_else(|| panic!("{action} missing"))
    };
    assert_eq!(find("company.created")["object_kind"], "company");
    let updated = find("user.updated");
    assert_eq!(updated["object_id"], agent.user_id.as_str());
    assert_eq!(updated["before"]["max_chats"], 3);
    assert_eq!(updated["after"]["max_chats"], 2);
    let through_token = items
        .iter()
        .find(|e| {
            e["action"] == "user.profile_updated"
                && e["before"]["language"] == "en"
                && e["after"]["language"] == "tr"
        })
        .unwrap();
    assert_eq!(through_token["api_token_id"], token["id"]);
    let under_test = items
        .iter()
        .find(|e| {
            e["action"] == "user.profile_updated" && e["after"]["timezone"] == "Europe/Madrid"
        })
        .unwrap();
    assert_eq!(under_test["role_test_id"], manager_role.as_str());
    // Newest first, each with a place in the chain.
    let seqs: Vec<i64> = items.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] == w[1] + 1), "{seqs:?}");

    let by_object = app
        .get(&format!(
            "/api/v1/audit?object_kind=user&object_id={}",
            agent.user_id
        ))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert!(
        by_object["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["object_id"] == agent.user_id.as_str())
    );
    let by_actor = app
        .get(&format!("/api/v1/audit?actor_id={}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(by_actor["items"], json!([]));
    let future = app
        .get("/api/v1/audit?from=2999-01-01T00:00:00Z")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(future["items"], json!([]));
    let bad_time = app
        .get("/api/v1/audit?from=yesterday")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad_time.status, StatusCode::BAD_REQUEST);

    // Other companies' entries never show.
    let other = app.signup("Other").await;
    let theirs = app.get("/api/v1/audit").as_user(&other).send().await.json();
    assert!(
        theirs["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["object_id"] != agent.user_id.as_str())
    );
}

#[tokio::test]
async fn concurrent_writers_extend_one_unbroken_chain() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let mut users = Vec::new();
    for _ in 0..4 {
        users.push(app.user(&admin.company_id, Template::Agent).await);
    }
    let edit = |u: &testkit::Session| {
        app.patch("/api/v1/me")
            .as_user(u)
            .json(&json!({ "language": "es" }))
            .send()
    };
    let (a, b, c, d) = tokio::join!(
        edit(&users[0]),
        edit(&users[1]),
        edit(&users[2]),
        edit(&users[3])
    );
    for response in [a, b, c, d] {
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    }

    let verification = app
        .get("/api/v1/audit/verify")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(verification["ok"], true, "{verification}");
    assert!(verification["checked"].as_i64().unwrap() >= 5);
    assert_eq!(verification["unchained"], 0);
}

#[tokio::test]
async fn verification_finds_the_first_tampered_entry() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for language in ["es", "tr", "en"] {
        app.patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
    }
    let clean = app
        .get("/api/v1/audit/verify")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(clean["ok"], true);
    assert_eq!(clean["checked"], 4);

    // An attacker with database access gets past the append-only trigger and edits one.
    let forged = r#"{"language":"xx"}"#;
    match &app.ctx.pool {
        store::Pool::Sqlite(pool, _) => {
            sqlx::query("DROP TRIGGER audit_log_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("UPDATE audit_log SET after = ? WHERE company_id = ? AND seq = 3")
                .bind(forged)
                .bind(&admin.company_id)
                .execute(pool)
                .await
                .unwrap();
        }
        store::Pool::Postgres(pool) => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("UPDATE audit_log SET after = $1 WHERE company_id = $2 AND seq = 3")
                .bind(forged)
                .bind(&admin.company_id)
                .execute(pool)
                .await
                .unwrap();
        }
    }
    let broken = app
        .get("/api/v1/audit/verify")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["first_broken"]["seq"], 3);
    assert_eq!(broken["checked"], 2);
}

#[tokio::test]
async fn the_audit_log_is_append_only_in_the_database() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let attempt = match &app.ctx.pool {
        store::Pool::Sqlite(pool, _) => {
            sqlx::query("UPDATE audit_log SET action = 'x' WHERE company_id = ?")
                .bind(&admin.company_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
        store::Pool::Postgres(pool) => {
            sqlx::query("UPDATE audit_log SET action = 'x' WHERE company_id = $1")
                .bind(&admin.company_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    };
    assert!(attempt.is_err(), "the trigger refuses updates");
}
