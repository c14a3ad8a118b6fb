//! Every route that is not deliberately public refuses anonymous callers: API routes
//! with 401, pages by sending the browser to sign in. New routes join automatically
//! (the API's from the OpenAPI document, pages from `web::pages()`).

use axum::http::{Method, StatusCode};
use testkit::TestApp;

/// The only API routes anyone may call. Adding one here is a security decision.
const PUBLIC_API: &[(&str, &str)] = &[
    ("POST", "/api/v1/signup"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/accept-invite"),
    ("POST", "/api/v1/auth/reset"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
];

const PUBLIC_PAGES: &[(&str, &str)] = &[
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/accept-invite"),
    ("POST", "/accept-invite"),
    ("GET", "/reset"),
    ("POST", "/reset"),
];

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|part| {
            if part.starts_with('{') {
                domain::ids::new_id()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_non_public_api_route_answers_401_to_anonymous_callers() {
    let app = TestApp::new().await;
    let doc = serde_json::to_value(web::openapi()).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            if PUBLIC_API.contains(&(method.as_str(), path.as_str())) {
                continue;
            }
            let call = app
                .call(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &concrete(path),
                )
                .json(&serde_json::json!({}));
            let response = call.send().await;
            assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            assert_eq!(response.error_code(), "unauthorized", "{method} {path}");
            // A forged token is no better than none.
            let forged = app
                .call(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &concrete(path),
                )
                .bearer("sbs_forged")
                .json(&serde_json::json!({}))
                .send()
                .await;
            assert_eq!(
                forged.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} forged"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} protected routes found");
}

#[tokio::test]
async fn every_public_route_is_listed_on_purpose() {
    let doc = serde_json::to_value(web::openapi()).unwrap();
    for (method, path) in PUBLIC_API {
        let item = &doc["paths"][*path][method.to_lowercase()];
        assert!(
            item.is_object(),
            "{method} {path} is not in the API any more"
        );
    }
    let pages: Vec<(&str, &str)> = web::pages().filter(|p| p.2).map(|p| (p.0, p.1)).collect();
    assert_eq!(
        pages, PUBLIC_PAGES,
        "public pages changed: decide on purpose"
    );
}

#[tokio::test]
async fn every_protected_page_sends_anonymous_browsers_to_sign_in() {
    let app = TestApp::new().await;
    for (method, path, public) in web::pages() {
        if *public {
            continue;
        }
        let response = app
            .call(Method::from_bytes(method.as_bytes()).unwrap(), path)
            .form(&[("csrf", "x")])
            .send()
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{method} {path}");
        let location = response.header("location").unwrap_or_default();
        assert!(
            location.starts_with("/login"),
            "{method} {path} -> {location}"
        );
    }
}
