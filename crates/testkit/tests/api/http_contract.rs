//! API.md's conventions: the error shape, status codes, health, metrics and docs.

use axum::http::StatusCode;
use serde_json::json;
use testkit::{AuthConfig, TestApp, WebConfig};

#[tokio::test]
async fn malformed_json_is_400_and_wrong_shapes_are_422() {
    let app = TestApp::new().await;
    let malformed = app
        .post("/api/v1/auth/login")
        .raw("application/json", "{\"email\": ")
        .send()
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.error_code(), "bad_request");
    assert!(
        malformed.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Malformed JSON")
    );

    let trailing = app
        .post("/api/v1/auth/login")
        .raw(
            "application/json",
            "{\"email\": \"a\", \"password\": \"b\"} x",
        )
        .send()
        .await;
    assert_eq!(trailing.status, StatusCode::BAD_REQUEST);

    let missing = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": "a@b.co" }))
        .send()
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.error_code(), "validation_failed");
    assert!(missing.json()["error"]["fields"].is_object());

    let wrong_type = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": 42, "password": "x" }))
        .send()
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_type.json()["error"]["fields"]["email"].is_string(),
        "{}",
        wrong_type.text()
    );

    let not_json = app
        .post("/api/v1/auth/login")
        .raw("text/plain", "hello")
        .send()
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn oversize_bodies_are_413_and_change_nothing() {
    let app = TestApp::new().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let body = json!({ "company": huge, "name": "n", "email": "big@example.com", "password": "long-enough-pass-1" });
    let response = app.post("/api/v1/signup").json(&body).send().await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.error_code(), "payload_too_large");
    let login = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": "big@example.com", "password": "long-enough-pass-1" }))
        .send()
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_shape() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let missing = app
        .get("/api/v1/no-such-thing")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error_code(), "not_found");
    let anonymous = app.get("/api/v1/no-such-thing").send().await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);

    let wrong_method = app.delete("/api/v1/auth/login").send().await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.error_code(), "method_not_allowed");

    let page = app.get("/no-such-page").send().await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let response = app.get("/healthz").send().await;
    assert!(
        response
            .header("x-request-id")
            .is_some_and(|id| id.len() >= 32)
    );
    let echoed = app
        .get("/healthz")
        .header("x-request-id", "trace-me-1")
        .send()
        .await;
    assert_eq!(echoed.header("x-request-id"), Some("trace-me-1"));
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let health = app.get("/healthz").send().await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
    let ready = app.get("/readyz").send().await;
    assert_eq!(ready.status, StatusCode::OK);
    app.ctx.pool.close().await;
    let down = app.get("/readyz").send().await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_for_the_scraper_only() {
    let web = WebConfig {
        metrics_token: Some("scrape-secret".into()),
        ..WebConfig::default()
    };
    let app = TestApp::with_config(AuthConfig::default(), web).await;
    let admin = app.signup("Acme").await;
    app.get("/api/v1/me").as_user(&admin).send().await;
    app.get("/api/v1/me").send().await;

    assert_eq!(
        app.get("/metrics").send().await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/metrics").as_user(&admin).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    let metrics = app.get("/metrics").bearer("scrape-secret").send().await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.text();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/api/v1/me",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/me",status="401"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
}

#[tokio::test]
async fn the_api_describes_itself_and_its_docs_need_no_internet() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json").send().await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/signup",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/me/password",
        "/api/v1/tickets",
        "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/replies",
        "/healthz",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());

    let page = app.get("/api/docs").send().await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "{html}"
    );
    for asset in [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/htmx.min.js",
        "/static/app.css",
        "/static/docs.js",
    ] {
        assert!(html.contains(asset) || asset.contains("htmx") || asset.contains("app.css"));
        let file = app.get(asset).send().await;
        assert_eq!(file.status, StatusCode::OK, "{asset}");
        assert!(file.body.len() > 50, "{asset} is empty");
    }
    assert_eq!(
        app.get("/static/nope.js").send().await.status,
        StatusCode::NOT_FOUND
    );
}

/// Browsers fetch `/favicon.ico` on every site, whatever the page links: a 404 there
/// fills every server log and browser console.
#[tokio::test]
async fn the_favicon_is_served_and_linked_from_every_page() {
    let app = TestApp::new().await;
    let icon = app.get("/favicon.ico").send().await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header("content-type"), Some("image/x-icon"));
    assert_eq!(&icon.body[..4], &[0, 0, 1, 0], "an ICO header");
    let login = app.get("/login").send().await.text();
    assert!(
        login.contains("rel=\"icon\" href=\"/static/favicon.svg"),
        "{login}"
    );
    let svg = app.get("/static/favicon.svg").send().await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
}
