//! The server-rendered pages: forms with CSRF protection, language choice, the menu.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::{PASSWORD, TestApp, TestResponse, unique_email};

/// A browser's CSRF cookie value, as the sign-in page hands it out.
async fn csrf_token(app: &TestApp) -> String {
    let page = app.get("/login").send().await;
    let cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("sb_csrf="))
        .expect("csrf cookie");
    cookie.trim_start_matches("sb_csrf=").to_owned()
}

fn session_cookie(response: &TestResponse) -> String {
    response
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("sb_session="))
        .expect("session cookie")
}

#[tokio::test]
async fn signing_up_in_the_browser_lands_on_the_dashboard() {
    let app = TestApp::new().await;
    let csrf = csrf_token(&app).await;
    let email = unique_email("ui");
    let response = app
        .post("/signup")
        .cookie(&format!("sb_csrf={csrf}"))
        .form(&[
            ("csrf", &csrf),
            ("company", "Acme"),
            ("name", "Ada"),
            ("email", &email),
            ("password", PASSWORD),
        ])
        .send()
        .await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{}",
        response.text()
    );
    assert_eq!(response.header("location"), Some("/"));
    let session = session_cookie(&response);

    let home = app
        .get("/")
        .cookie(&format!("{session}; sb_csrf={csrf}"))
        .send()
        .await;
    assert_eq!(home.status, StatusCode::OK);
    let html = home.text();
    assert!(html.contains("<nav id=\"menu\""), "{html}");
    assert!(html.contains(">Dashboard</a>"), "{html}");
    assert!(html.contains("id=\"sign-out\""));
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let csrf = csrf_token(&app).await;
    let no_field = app
        .post("/login")
        .cookie(&format!("sb_csrf={csrf}"))
        .form(&[("email", &admin.email), ("password", PASSWORD)])
        .send()
        .await;
    assert_eq!(no_field.status, StatusCode::FORBIDDEN);
    let no_cookie = app
        .post("/login")
        .form(&[
            ("csrf", &csrf),
            ("email", &admin.email),
            ("password", PASSWORD),
        ])
        .send()
        .await;
    assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
    let mismatched = app
        .post("/profile")
        .cookie(&format!("sb_session={}; sb_csrf={csrf}", admin.token))
        .form(&[("csrf", "csrf_other"), ("language", "es")])
        .send()
        .await;
    assert_eq!(mismatched.status, StatusCode::FORBIDDEN);
    let me = app.get("/api/v1/me").as_user(&admin).send().await.json();
    assert_eq!(me["user"]["language"], "en");
}

#[tokio::test]
async fn a_wrong_password_shows_an_error_on_the_sign_in_page() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let csrf = csrf_token(&app).await;
    let response = app
        .post("/login")
        .cookie(&format!("sb_csrf={csrf}"))
        .form(&[
            ("csrf", &csrf),
            ("email", &admin.email),
            ("password", "not-the-one-1"),
        ])
        .send()
        .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("alert-error"));
    assert!(
        response
            .cookies()
            .iter()
            .all(|c| !c.starts_with("sb_session="))
    );

    let ok = app
        .post("/login")
        .cookie(&format!("sb_csrf={csrf}"))
        .form(&[
            ("csrf", &csrf),
            ("email", &admin.email),
            ("password", PASSWORD),
            ("next", "/profile"),
        ])
        .send()
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.header("location"), Some("/profile"));
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let csrf = csrf_token(&app).await;
    let out = app
        .post("/logout")
        .cookie(&format!("sb_session={}; sb_csrf={csrf}", admin.token))
        .form(&[("csrf", &csrf)])
        .send()
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.header("location").unwrap().starts_with("/login"));
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn pages_speak_the_users_language_then_the_browsers_then_english() {
    let app = TestApp::new().await;
    let login_es = app
        .get("/login")
        .header("accept-language", "es-ES,es;q=0.9")
        .send()
        .await
        .text();
    assert!(login_es.contains("<html lang=\"es\""));
    let login_tr = app
        .get("/login")
        .header("accept-language", "tr")
        .send()
        .await
        .text();
    assert!(login_tr.contains("<html lang=\"tr\""));
    let login_en = app
        .get("/login")
        .header("accept-language", "de")
        .send()
        .await
        .text();
    assert!(login_en.contains("<html lang=\"en\"") && login_en.contains("Sign in"));
    assert_ne!(login_es, login_en);

    let admin = app.signup("Acme").await;
    app.patch("/api/v1/me")
        .as_user(&admin)
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    let home = app
        .get("/")
        .cookie(&format!("sb_session={}", admin.token))
        .header("accept-language", "tr")
        .send()
        .await
        .text();
    assert!(
        home.contains("<html lang=\"es\"") && home.contains(">Panel</a>"),
        "{home}"
    );
    assert!(
        home.contains("Administrador"),
        "template role names are translated"
    );
}

#[tokio::test]
async fn the_menu_shows_only_what_the_role_may_open() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let html = app
        .get("/")
        .cookie(&format!("sb_session={}", owner.token))
        .send()
        .await
        .text();
    assert!(!html.contains(">Dashboard</a>"), "{html}");
    assert!(html.contains(">Home</a>") && html.contains(">My profile</a>"));
}

#[tokio::test]
async fn the_profile_page_saves_and_shows_times_in_the_users_zone() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let csrf = csrf_token(&app).await;
    let cookies = format!("sb_session={}; sb_csrf={csrf}", admin.token);
    let saved = app
        .post("/profile")
        .cookie(&cookies)
        .form(&[
            ("csrf", &csrf),
            ("version", "1"),
            ("language", "tr"),
            ("timezone", "Asia/Tokyo"),
            ("email", &admin.email),
            ("avatar", ""),
        ])
        .send()
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let page = app
        .get("/profile?saved=profile")
        .cookie(&cookies)
        .send()
        .await
        .text();
    assert!(page.contains("<html lang=\"tr\""));
    assert!(
        page.contains("JST"),
        "member-since in the user's zone: {page}"
    );
    assert!(page.contains("<option value=\"Asia/Tokyo\" selected>"));

    let stale = app
        .post("/profile")
        .cookie(&cookies)
        .form(&[
            ("csrf", &csrf),
            ("version", "1"),
            ("language", "en"),
            ("timezone", "UTC"),
        ])
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(stale.text().contains("alert-error"));
}

#[tokio::test]
async fn user_content_is_escaped() {
    let app = TestApp::new().await;
    let email = unique_email("xss");
    let signup = app
        .post("/api/v1/signup")
        .json(&json!({ "company": "Evil", "name": "<script>alert(1)</script>", "email": email, "password": PASSWORD }))
        .send()
        .await;
    let token = signup.json()["token"].as_str().unwrap().to_owned();
    let html = app
        .get("/")
        .cookie(&format!("sb_session={token}"))
        .send()
        .await
        .text();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );
}

#[tokio::test]
async fn cookie_sessions_cannot_be_ridden_by_cross_site_posts_to_the_api() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let csrf = csrf_token(&app).await;
    let cookie = format!("sb_session={}; sb_csrf={csrf}", admin.token);
    // What a cross-site form could send: a bodiless or form-encoded post with the cookie.
    let forged = app.post("/api/v1/auth/logout").cookie(&cookie).send().await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let form = app
        .post("/api/v1/auth/logout")
        .cookie(&cookie)
        .form(&[("x", "y")])
        .send()
        .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/me").as_user(&admin).send().await.status,
        StatusCode::OK
    );
    // The page's own scripts send the token header; JSON bodies need no token.
    let with_header = app
        .post("/api/v1/auth/logout")
        .cookie(&cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await;
    assert_eq!(with_header.status, StatusCode::NO_CONTENT);
    let admin2 = app.login(&admin.email, PASSWORD).await;
    let json_body = app
        .patch("/api/v1/me")
        .cookie(&format!("sb_session={admin2}"))
        .json(&json!({ "language": "es" }))
        .send()
        .await;
    assert_eq!(json_body.status, StatusCode::OK);
}
