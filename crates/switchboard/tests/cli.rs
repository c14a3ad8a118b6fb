//! The `switchboard` command as a newcomer and an operator use it, on the suite's
//! database (SQLite, or PostgreSQL with TEST_DB=postgres).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use testkit::TestDb;

fn switchboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .env_remove("SWITCHBOARD_DATABASE_URL")
        .output()
        .expect("run switchboard")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn help_names_every_command() {
    let output = switchboard(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    for command in ["serve", "migrate", "demo", "admin"] {
        assert!(text.contains(command), "{command} missing from:\n{text}");
    }
    let serve = stdout(&switchboard(&["serve", "--help"]));
    assert!(serve.contains("SWITCHBOARD_LISTEN") && serve.contains("SWITCHBOARD_DATABASE_URL"));
}

#[tokio::test]
async fn demo_data_loads_once_and_a_locked_out_user_gets_a_reset_link() {
    let db = TestDb::new().await;
    let first = switchboard(&["demo", "--database", &db.url]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = stdout(&first);
    assert!(
        text.contains("created") && text.contains("admin@demo.example.com"),
        "{text}"
    );
    assert!(text.contains("demo-admin-2026"));
    let again = stdout(&switchboard(&["demo", "--database", &db.url]));
    assert!(again.contains("already present"), "{again}");

    let link = switchboard(&[
        "admin",
        "reset-link",
        "--email",
        "Agent@Demo.Example.com",
        "--database",
        &db.url,
        "--public-url",
        "https://cc.example.com/",
    ]);
    assert!(
        link.status.success(),
        "{}",
        String::from_utf8_lossy(&link.stderr)
    );
    let url = stdout(&link).trim().to_owned();
    let token = url
        .strip_prefix("https://cc.example.com/reset?token=")
        .expect("a reset link");

    let pool = store::Pool::connect(&db.url, Default::default())
        .await
        .unwrap();
    let ctx = app::Context::new(pool, app::AuthConfig::default());
    let signed_in = app::auth::redeem_token(
        &ctx,
        app::auth::TokenPurpose::Reset,
        token,
        "a-brand-new-secret-5",
        "cli-test",
    )
    .await
    .unwrap_or_else(|e| panic!("the printed token works: {e}"));
    assert_eq!(signed_in.user.email, "agent@demo.example.com");

    let unknown = switchboard(&[
        "admin",
        "reset-link",
        "--email",
        "ghost@example.com",
        "--database",
        &db.url,
    ]);
    assert!(!unknown.status.success());
}

#[test]
fn a_bad_database_url_is_refused_clearly() {
    let output = switchboard(&["migrate", "--database", "mysql://nope"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("sqlite://"));
}

/// A server process on a free port, killed (SIGKILL, no graceful shutdown) on drop.
struct Server {
    child: std::process::Child,
    listen: String,
}

impl Server {
    fn start(database: &str) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["serve", "--listen", &listen, "--database", database])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let server = Server { child, listen };
        let started = Instant::now();
        while TcpStream::connect(&server.listen).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// One HTTP/1.1 exchange; answers the raw response.
    fn request(&self, method: &str, path: &str, json: &str) -> String {
        let mut stream = TcpStream::connect(&self.listen).expect("connect");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            json.len()
        );
        stream.write_all(head.as_bytes()).expect("write");
        stream.write_all(json.as_bytes()).expect("write");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("read");
        text
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[tokio::test]
async fn serve_answers_on_its_address() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url);
    let response = server.request("GET", "/readyz", "");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"ready\""));
}

#[tokio::test]
async fn an_acknowledged_write_survives_a_killed_server() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url);
    let email = testkit::unique_email("durable");
    let signup = format!(
        r#"{{"company":"Durable","name":"Dee","email":"{email}","password":"{}"}}"#,
        testkit::PASSWORD
    );
    let created = server.request("POST", "/api/v1/signup", &signup);
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    drop(server);

    let restarted = Server::start(&db.url);
    let login = format!(
        r#"{{"email":"{email}","password":"{}"}}"#,
        testkit::PASSWORD
    );
    let response = restarted.request("POST", "/api/v1/auth/login", &login);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}
