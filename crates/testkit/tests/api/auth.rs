//! Sign-up, sign-in, sign-out and throttling.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{AuthConfig, PASSWORD, TestApp, WebConfig, unique_email};

#[tokio::test]
async fn signup_creates_a_company_whose_first_user_is_an_admin() {
    let app = TestApp::new().await;
    let email = unique_email("ada");
    let response = app
        .post("/api/v1/signup")
        .json(&json!({ "company": "Acme Collections", "name": "Ada", "email": email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let body = response.json();
    assert_eq!(body["company"]["name"], "Acme Collections");
    assert_eq!(body["user"]["email"], email.as_str());
    assert!(body["user"].get("password_hash").is_none());
    let cookie = response
        .set_cookie_line("sb_session")
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP by default: {cookie}"
    );

    let me = app
        .get("/api/v1/me")
        .bearer(body["token"].as_str().unwrap())
        .send()
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["role"]["template"], true);
    assert_eq!(me["role"]["based_on"], "admin");
    assert_eq!(me["scope"], "all");
    assert_eq!(me["role_test"], serde_json::Value::Null);
    assert_eq!(me["projects"], json!([]));
    let granted = me["permissions"].as_array().unwrap().len();
    assert_eq!(
        granted,
        domain::permissions::CATALOG.len(),
        "admin holds every permission"
    );
}

#[tokio::test]
async fn signup_reports_every_invalid_field_and_creates_nothing() {
    let app = TestApp::new().await;
    let response = app
        .post("/api/v1/signup")
        .json(&json!({ "company": " ", "name": "", "email": "not-an-email", "password": "short" }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &response.json()["error"]["fields"];
    assert_eq!(fields["company"], "required");
    assert_eq!(fields["name"], "required");
    assert_eq!(fields["email"], "invalid");
    assert_eq!(fields["password"], "too_short");

    let common = app
        .post("/api/v1/signup")
        .json(&json!({ "company": "A", "name": "B", "email": unique_email("c"), "password": "password123" }))
        .send()
        .await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(common.json()["error"]["fields"]["password"], "too_common");
}

#[tokio::test]
async fn emails_are_unique_across_companies_ignoring_case() {
    let app = TestApp::new().await;
    let first = app.signup("First").await;
    let response = app
        .post("/api/v1/signup")
        .json(&json!({
            "company": "Second", "name": "Eve",
            "email": first.email.to_uppercase(), "password": PASSWORD,
        }))
        .send()
        .await;
    assert_eq!(response.status, StatusCode::CONFLICT);
    assert_eq!(response.error_code(), "email_taken");
    // The same email signs in whatever its case.
    app.login(&first.email.to_uppercase(), PASSWORD).await;
}

#[tokio::test]
async fn every_bad_credential_gets_the_same_401() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let mut tx = app.ctx.pool.write().await.unwrap();
    store::users::set_active(&mut tx, &admin.company_id, &agent.user_id, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let attempts = [
        (admin.email.as_str(), "wrong-password-1"),
        ("nobody@example.com", PASSWORD),
        (agent.email.as_str(), PASSWORD),
    ];
    let mut bodies = Vec::new();
    for (email, password) in attempts {
        let response = app
            .post("/api/v1/auth/login")
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{email}");
        bodies.push(response.text());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    // The blocked agent's open session ended too.
    let me = app.get("/api/v1/me").as_user(&agent).send().await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_sign_in_gets_a_new_token_and_logout_ends_only_that_one() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let second = app.login(&admin.email, PASSWORD).await;
    assert_ne!(second, admin.token);

    let out = app.post("/api/v1/auth/logout").bearer(&second).send().await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let removal = out.set_cookie_line("sb_session").unwrap_or_default();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(
        app.get("/api/v1/me").bearer(&second).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_session_cookie_works_like_a_bearer_token() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let me = app
        .get("/api/v1/me")
        .cookie(&format!("sb_session={}", admin.token))
        .send()
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let forged = app
        .get("/api/v1/me")
        .cookie("sb_session=sbs_forged")
        .send()
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_but_not_others() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let other = app.signup("Other").await;
    for _ in 0..5 {
        let response = app
            .post("/api/v1/auth/login")
            .json(&json!({ "email": admin.email, "password": "wrong-password-1" }))
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let throttled = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": admin.email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.error_code(), "too_many_attempts");
    assert!(throttled.header("retry-after").is_some());
    // An unknown email is throttled the same way, so 429 does not reveal accounts.
    for _ in 0..5 {
        app.post("/api/v1/auth/login")
            .json(&json!({ "email": "ghost@example.com", "password": "wrong-password-1" }))
            .send()
            .await;
    }
    let ghost = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": "ghost@example.com", "password": "wrong-password-1" }))
        .send()
        .await;
    assert_eq!(ghost.status, StatusCode::TOO_MANY_REQUESTS);
    app.login(&other.email, PASSWORD).await;
}

#[tokio::test]
async fn repeated_failures_from_one_address_throttle_that_address() {
    let auth = AuthConfig {
        max_failures_per_client: 3,
        ..AuthConfig::default()
    };
    let web = WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    };
    let app = TestApp::with_config(auth, web).await;
    let admin = app.signup("Acme").await;
    for i in 0..3 {
        let response = app
            .post("/api/v1/auth/login")
            .header("x-forwarded-for", "203.0.113.7")
            .json(&json!({ "email": format!("guess{i}@example.com"), "password": "x-wrong-pass" }))
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    let from_attacker = app
        .post("/api/v1/auth/login")
        .header("x-forwarded-for", "203.0.113.7")
        .json(&json!({ "email": admin.email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(from_attacker.status, StatusCode::TOO_MANY_REQUESTS);
    let from_elsewhere = app
        .post("/api/v1/auth/login")
        .header("x-forwarded-for", "198.51.100.2")
        .json(&json!({ "email": admin.email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(from_elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn secrets_are_stored_hashed() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let mut tx = app.ctx.pool.read().await.unwrap();
    let user = store::users::find_for_sign_in(&mut tx, &admin.email)
        .await
        .unwrap()
        .unwrap();
    let hash = user.password_hash.unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(PASSWORD));
    assert!(
        store::sessions::find_by_token_hash(&mut tx, &admin.token)
            .await
            .unwrap()
            .is_none()
    );
    let digest = app::credentials::token_digest(&admin.token);
    assert!(
        store::sessions::find_by_token_hash(&mut tx, &digest)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn secure_cookies_when_served_over_tls() {
    let web = WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    };
    let app = TestApp::with_config(AuthConfig::default(), web).await;
    let admin = app.signup("Acme").await;
    let response = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": admin.email, "password": PASSWORD }))
        .send()
        .await;
    assert!(
        response
            .set_cookie_line("sb_session")
            .unwrap()
            .contains("Secure")
    );
}
