//! Test support: `TestApp` runs the real router in-process on a fresh database —
//! SQLite by default, PostgreSQL with `TEST_DB=postgres` and `TEST_DATABASE_URL`.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use domain::Template;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub use app::AuthConfig;
pub use web::WebConfig;

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    sqlite_dir: Option<PathBuf>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let name = format!("sbtest_{}", domain::ids::new_id());
        if std::env::var("TEST_DB").as_deref() == Ok("postgres") {
            let admin = std::env::var("TEST_DATABASE_URL")
                .expect("TEST_DB=postgres needs TEST_DATABASE_URL (postgres://…/postgres)");
            let url = store::db::create_postgres_database(&admin, &name)
                .await
                .expect("create the test database");
            TestDb {
                url,
                sqlite_dir: None,
            }
        } else {
            let dir = std::env::temp_dir().join(name);
            std::fs::create_dir_all(&dir).expect("create the test directory");
            let url = format!("sqlite://{}", dir.join("switchboard.db").display());
            TestDb {
                url,
                sqlite_dir: Some(dir),
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.sqlite_dir.is_none()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub struct TestApp {
    pub router: Router,
    pub ctx: app::Context,
    pub db: TestDb,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(AuthConfig::default(), WebConfig::default()).await
    }

    pub async fn with_config(auth: AuthConfig, web: WebConfig) -> TestApp {
        Self::on(TestDb::new().await, auth, web).await
    }

    /// Another server process on this one's PostgreSQL database: its own pool, signal
    /// relay and router, as a second stateless server would run.
    pub async fn second_process(&self) -> TestApp {
        assert!(self.db.is_postgres(), "SQLite runs in one process");
        let db = TestDb {
            url: self.db.url.clone(),
            sqlite_dir: None,
        };
        Self::on(db, AuthConfig::default(), WebConfig::default()).await
    }

    /// Another process's view of `db` (a server binary may run on it meanwhile); the
    /// database stays `db`'s to drop.
    pub async fn sharing(db: &TestDb) -> TestApp {
        let db = TestDb {
            url: db.url.clone(),
            sqlite_dir: None,
        };
        Self::on(db, AuthConfig::default(), WebConfig::default()).await
    }

    async fn on(db: TestDb, auth: AuthConfig, web: WebConfig) -> TestApp {
        let pool = store::Pool::connect(
            &db.url,
            store::PoolOptions {
                max_connections: 8,
                ..store::PoolOptions::default()
            },
        )
        .await
        .expect("connect to the test database");
        pool.migrate().await.expect("migrate the test database");
        let ctx = app::Context::new(pool, auth);
        app::live::start_relay(&ctx);
        let router = web::router(web::AppState::new(ctx.clone(), web));
        TestApp { router, ctx, db }
    }

    /// POSTs `body` as `who` and answers the JSON of the success; panics on anything
    /// else, showing the answer.
    pub async fn post_ok(&self, who: &Session, path: &str, body: Value) -> Value {
        let response = self.post(path).as_user(who).json(&body).send().await;
        assert!(
            response.status.is_success(),
            "{path}: {} {}",
            response.status,
            response.text()
        );
        response.json()
    }

    pub fn get(&self, path: &str) -> Call<'_> {
        self.call(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call<'_> {
        self.call(Method::POST, path)
    }

    pub fn patch(&self, path: &str) -> Call<'_> {
        self.call(Method::PATCH, path)
    }

    pub fn put(&self, path: &str) -> Call<'_> {
        self.call(Method::PUT, path)
    }

    pub fn delete(&self, path: &str) -> Call<'_> {
        self.call(Method::DELETE, path)
    }

    pub fn call(&self, method: Method, path: &str) -> Call<'_> {
        Call {
            app: self,
            method,
            path: path.to_owned(),
            headers: HeaderMap::new(),
            body: Body::empty(),
        }
    }

    /// Signs up a new company through the API; answers its first user, an Admin.
    pub async fn signup(&self, company: &str) -> Session {
        let email = unique_email(company);
        let response = self
            .post("/api/v1/signup")
            .json(&serde_json::json!({
                "company": company, "name": format!("{company} Admin"),
                "email": email, "password": PASSWORD,
            }))
            .send()
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "signup: {}",
            response.text()
        );
        let body = response.json();
        Session {
            token: body["token"].as_str().unwrap_or_default().to_owned(),
            user_id: body["user"]["id"].as_str().unwrap_or_default().to_owned(),
            company_id: body["company"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            email,
        }
    }

    /// A dialer campaign (through a queue) in `project_ids`; answers its id.
    pub async fn campaign(&self, admin: &Session, project_ids: Value) -> String {
        let queue = self
            .post_ok(
                admin,
                "/api/v1/queues",
                serde_json::json!({ "name": unique_email("q"), "project_ids": project_ids }),
            )
            .await;
        let campaign = self
            .post_ok(
                admin,
                "/api/v1/dialer-campaigns",
                serde_json::json!({ "name": unique_email("c"), "queue_id": id_of(&queue),
                                    "project_ids": project_ids }),
            )
            .await;
        id_of(&campaign)
    }

    /// Imports `rows` unassigned cases named `{prefix} {n}` into the campaign, waiting
    /// for the import to end; panics unless every row landed.
    pub async fn import_cases(&self, admin: &Session, campaign: &str, prefix: &str, rows: usize) {
        let mut csv = String::from("name\n");
        for n in 0..rows {
            csv.push_str(&format!("{prefix} {n}\n"));
        }
        let started = self
            .post(&format!("/api/v1/cases/import?campaign_id={campaign}"))
            .as_user(admin)
            .raw("text/csv", csv)
            .send()
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
        let job = id_of(&started.json());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let state = self
                .get(&format!("/api/v1/jobs/{job}"))
                .as_user(admin)
                .send()
                .await
                .json();
            if state["status"] == "done" {
                assert_eq!(state["succeeded"], rows as i64, "{state}");
                return;
            }
            assert!(
                state["status"] == "running" || state["status"] == "queued",
                "{state}"
            );
            assert!(
                std::time::Instant::now() < deadline,
                "the import took over a minute"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    /// Switches the admin's company to enhanced security; answers the id of the
    /// project Default the switch fills.
    pub async fn enhanced_security(&self, admin: &Session) -> String {
        let switched = self
            .patch("/api/v1/company")
            .as_user(admin)
            .json(&serde_json::json!({ "security_mode": "enhanced" }))
            .send()
            .await;
        assert_eq!(switched.status, StatusCode::OK, "{}", switched.text());
        let tiles = self
            .get("/api/v1/projects")
            .as_user(admin)
            .send()
            .await
            .json();
        tiles["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == "Default")
            .and_then(|p| p["id"].as_str())
            .expect("the switch creates the project Default")
            .to_owned()
    }

    /// Adds a user holding a template role to a company, straight through storage
    /// (creating users over HTTP is the roles-and-users feature), and signs them in.
    pub async fn user(&self, company_id: &str, template: Template) -> Session {
        let email = unique_email(template.key());
        let hash = app::credentials::hash_password(&self.ctx.auth, PASSWORD.to_owned())
            .await
            .expect("hash");
        let mut tx = self.ctx.pool.write().await.expect("transaction");
        let role = store::roles::template_role(&mut tx, company_id, template)
            .await
            .expect("read role")
            .expect("template role exists");
        let id = domain::ids::new_id();
        store::users::insert(
            &mut tx,
            &store::users::NewUser {
                id: &id,
                company_id,
                role_id: &role.id,
                name: &format!("Test {}", template.name()),
                email: &email,
                email_key: &email,
                password_hash: Some(&hash),
                language: "en",
                timezone: "UTC",
                now: domain::clock::now(),
            },
        )
        .await
        .expect("insert user");
        tx.commit().await.expect("commit");
        let token = self.login(&email, PASSWORD).await;
        Session {
            token,
            user_id: id,
            company_id: company_id.to_owned(),
            email,
        }
    }

    /// The id of a company's template role.
    pub async fn template_role_id(&self, company_id: &str, template: Template) -> String {
        let mut tx = self.ctx.pool.read().await.expect("transaction");
        store::roles::template_role(&mut tx, company_id, template)
            .await
            .expect("read role")
            .expect("template role exists")
            .id
    }

    /// Adds a skill to a company (skills are managed with the other center objects).
    pub async fn skill(&self, company_id: &str, name: &str) -> String {
        let id = domain::ids::new_id();
        let mut tx = self.ctx.pool.write().await.expect("transaction");
        store::skills::insert(&mut tx, company_id, &id, name, domain::clock::now())
            .await
            .expect("insert skill");
        tx.commit().await.expect("commit");
        id
    }

    /// Signs in through the API and answers the session token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let response = self
            .post("/api/v1/auth/login")
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "login: {}",
            response.text()
        );
        response.json()["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Issues a one-time invitation or reset token the way the product does.
    pub async fn issue_token(&self, session: &Session, purpose: app::auth::TokenPurpose) -> String {
        let mut tx = self.ctx.pool.write().await.expect("transaction");
        let token = app::auth::issue_token(
            &self.ctx,
            &mut tx,
            &session.company_id,
            &session.user_id,
            purpose,
            domain::clock::now(),
        )
        .await
        .expect("issue token");
        tx.commit().await.expect("commit");
        token
    }
}

/// The password every test user gets.
pub const PASSWORD: &str = "correct-horse-battery-9";

/// The `id` of a JSON object.
pub fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// For tests whose rows of the last `seconds` must fall on "today": just after
/// midnight, in UTC or in a zone `offsets_hours` east of it (without summer time),
/// waits until the new day is `seconds` old.
pub async fn clear_of_midnight(seconds: u32, offsets_hours: &[i32]) {
    use chrono::Timelike;
    let utc = chrono::Utc::now().num_seconds_from_midnight() as i64;
    let into_today = std::iter::once(0)
        .chain(offsets_hours.iter().copied())
        .map(|hours| (utc + i64::from(hours) * 3600).rem_euclid(86_400))
        .min()
        .unwrap_or(utc);
    if into_today < i64::from(seconds) {
        let wait = (i64::from(seconds) - into_today) as u64;
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    }
}

pub fn unique_email(prefix: &str) -> String {
    let clean: String = prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!(
        "{}-{}@example.com",
        clean.to_lowercase(),
        domain::ids::new_id()
    )
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: String,
    pub company_id: String,
    pub email: String,
}

/// A request being built.
pub struct Call<'a> {
    app: &'a TestApp,
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Body,
}

impl Call<'_> {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(
            HeaderName::try_from(name).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
        self
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn as_user(self, session: &Session) -> Self {
        self.bearer(&session.token)
    }

    pub fn cookie(self, cookie: &str) -> Self {
        self.header("cookie", cookie)
    }

    pub fn json(mut self, value: &Value) -> Self {
        self.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        self.body = Body::from(value.to_string());
        self
    }

    pub fn raw(mut self, content_type: &str, body: impl Into<Body>) -> Self {
        self.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("type"),
        );
        self.body = body.into();
        self
    }

    /// A form post as a browser sends it.
    pub fn form(self, pairs: &[(&str, &str)]) -> Self {
        let encoded = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.raw("application/x-www-form-urlencoded", encoded)
    }

    pub async fn send(self) -> TestResponse {
        let app = self.app;
        let response = app
            .router
            .clone()
            .oneshot(self.request())
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body,
        }
    }
}

impl Call<'_> {
    /// Sends the request and keeps the status and headers; the body, which may never
    /// end (an event stream), is dropped unread unless the status is an error.
    pub async fn send_status_only(self) -> TestResponse {
        let app = self.app;
        let request = self.request();
        let response = app
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = if status.is_success() {
            bytes::Bytes::new()
        } else {
            response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes()
        };
        TestResponse {
            status,
            headers,
            body,
        }
    }

    fn request(self) -> Request<Body> {
        let mut request = Request::builder()
            .method(self.method)
            .uri(&self.path)
            .body(self.body)
            .expect("request");
        *request.headers_mut() = self.headers;
        request
    }

    /// Opens a server-sent event stream; panics unless it answers 200.
    pub async fn open_stream(self) -> EventStream {
        let app = self.app;
        let path = self.path.clone();
        let response = app
            .router
            .clone()
            .oneshot(self.request())
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let (parts, body) = response.into_parts();
        EventStream {
            headers: parts.headers,
            body,
            buffer: String::new(),
        }
    }
}

/// An open server-sent event stream, read event by event.
pub struct EventStream {
    pub headers: HeaderMap,
    body: Body,
    buffer: String,
}

impl EventStream {
    /// The next event `(kind, data)` other than keep-alive comments, or `None` when
    /// none comes within `wait` or the stream ended.
    pub async fn next_within(&mut self, wait: std::time::Duration) -> Option<(String, Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut kind = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(k) = line.strip_prefix("event:") {
                        kind = k.trim().to_owned();
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push_str(d.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some((
                    kind,
                    serde_json::from_str(&data).expect("event data is JSON"),
                ));
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??;
            if let Ok(data) = frame.expect("stream body").into_data() {
                self.buffer
                    .push_str(std::str::from_utf8(&data).expect("utf-8 events"));
            }
        }
    }

    /// The next event, within two seconds.
    pub async fn next(&mut self) -> Option<(String, Value)> {
        self.next_within(std::time::Duration::from_secs(2)).await
    }

    /// Events until none comes for `quiet`.
    pub async fn drain(&mut self, quiet: std::time::Duration) -> Vec<(String, Value)> {
        let mut events = Vec::new();
        while let Some(event) = self.next_within(quiet).await {
            events.push(event);
        }
        events
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `name=value` of every `Set-Cookie`, without attributes.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_owned)
            .collect()
    }

    pub fn set_cookie_line(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// The `error.code` of an API error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}
