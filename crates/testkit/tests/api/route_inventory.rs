//! Every route that is not deliberately public refuses anonymous callers: API routes
//! with 401, pages by sending the browser to sign in. New routes join automatically
//! (the API's from the OpenAPI document, pages from `web::pages()`).

use axum::http::{Method, StatusCode};
use domain::Template;
use testkit::TestApp;

use crate::browser::{cookies, get};

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
    let pages: Vec<(&str, &str)> = web::pages()
        .into_iter()
        .filter(|p| p.public)
        .map(|p| (p.method, p.path))
        .collect();
    assert_eq!(
        pages, PUBLIC_PAGES,
        "public pages changed: decide on purpose"
    );
}

#[tokio::test]
async fn every_protected_page_sends_anonymous_browsers_to_sign_in() {
    let app = TestApp::new().await;
    let pages = web::pages();
    assert!(pages.len() > 50, "only {} pages found", pages.len());
    for web::PageRoute { method, path, .. } in pages.into_iter().filter(|p| !p.public) {
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

#[tokio::test]
async fn every_form_refuses_a_post_without_its_csrf_token() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let roles_before = app.get("/api/v1/roles").as_user(&admin).send().await.json();
    let posts = web::pages()
        .into_iter()
        .filter(|p| !p.public && p.method == "POST");
    let mut checked = 0;
    for web::PageRoute { path, .. } in posts {
        let path = concrete(path);
        for (what, form) in [
            ("without the field", vec![("name", "x")]),
            (
                "with another token",
                vec![("csrf", "csrf_other"), ("name", "x")],
            ),
        ] {
            let call = app.post(&path).cookie(&cookies(&admin));
            let call = if UPLOADS.contains(&path.as_str()) {
                let (content_type, body) = multipart(&form);
                call.raw(&content_type, body)
            } else {
                call.form(&form)
            };
            let response = call.send().await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{path} {what}");
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} forms found");
    let roles_after = app.get("/api/v1/roles").as_user(&admin).send().await.json();
    assert_eq!(roles_before, roles_after, "nothing was created");
}

/// Forms that upload a file, sent as `multipart/form-data`.
const UPLOADS: &[&str] = &["/cases/import"];

fn multipart(fields: &[(&str, &str)]) -> (String, String) {
    let boundary = "inventory-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Every page answers every template role with a page, a refusal or "not found" (an
/// unknown id), never a server error; and the menu only links to pages that open.
#[tokio::test]
async fn every_page_answers_every_role_without_a_server_error() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let gets: Vec<&str> = web::pages()
        .into_iter()
        .filter(|p| !p.public && p.method == "GET")
        .map(|p| p.path)
        .collect();
    for template in Template::ALL {
        let user = app.user(&admin.company_id, template).await;
        for path in &gets {
            let response = get(&app, &user, &concrete(path)).await;
            let status = response.status;
            assert!(
                [StatusCode::OK, StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&status),
                "{template:?} GET {path}: {status}"
            );
        }
        let home = get(&app, &user, "/").await.text();
        let links = menu_links(&home);
        assert!(links.len() >= 3, "{template:?}'s menu: {links:?}");
        for href in links {
            let status = get(&app, &user, &href).await.status;
            assert_eq!(
                status,
                StatusCode::OK,
                "{template:?}'s menu links to {href}"
            );
        }
    }
}

/// The hrefs of the page's menu.
fn menu_links(html: &str) -> Vec<String> {
    let menu = html
        .split("<nav id=\"menu\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("a menu");
    menu.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}
