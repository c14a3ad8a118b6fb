//! What the UI tests share: a signed-in browser's requests (the session and CSRF
//! cookies, the CSRF field of its forms), pieces of the HTML it gets, and the JSON
//! calls that set the scene.

use axum::http::StatusCode;
use serde_json::Value;
use testkit::{Session, TestApp, TestResponse};

/// The double-submit token: the same value as cookie and as form field.
pub const CSRF: &str = "csrf_ui_test";

pub fn cookies(session: &Session) -> String {
    format!("sb_session={}; sb_csrf={CSRF}", session.token)
}

pub async fn get(app: &TestApp, session: &Session, path: &str) -> TestResponse {
    app.get(path).cookie(&cookies(session)).send().await
}

/// A page's HTML; fails unless it answers 200.
pub async fn page(app: &TestApp, session: &Session, path: &str) -> String {
    let response = get(app, session, path).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        response.text()
    );
    response.text()
}

/// Posts a form, with the CSRF field.
pub async fn post(
    app: &TestApp,
    session: &Session,
    path: &str,
    pairs: &[(&str, &str)],
) -> TestResponse {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(pairs);
    app.post(path)
        .cookie(&cookies(session))
        .form(&all)
        .send()
        .await
}

/// Where a redirect sends the browser.
pub fn location(response: &TestResponse) -> String {
    response.header("location").unwrap_or_default().to_owned()
}

/// The part of `html` from `marker` up to the next `end`; fails without the marker.
pub fn section<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing in {html}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// A JSON POST that must succeed; its answer.
pub async fn api(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    app.post_ok(who, path, body).await
}

/// A JSON GET that must answer 200.
pub async fn api_get(app: &TestApp, who: &Session, path: &str) -> Value {
    let response = app.get(path).as_user(who).send().await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        response.text()
    );
    response.json()
}
