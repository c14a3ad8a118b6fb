//! The support-ticket pages, driven as a browser drives them: "Report a problem" from
//! any page, the form, the list and the thread with its reply and close forms.

use axum::http::StatusCode;
use domain::Template;
use serde_json::json;
use testkit::TestApp;

use crate::browser::{get, location, page, post, section};

#[tokio::test]
async fn an_operator_reports_from_a_page_and_reads_the_administrators_answer() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let colleague = app.user(&admin.company_id, Template::Agent).await;

    // Every page carries the link, told where the reader is.
    let home = page(&app, &agent, "/my-cases?status=active").await;
    assert!(
        home.contains(
            "id=\"report-problem\" href=\"/tickets/new?page=%2Fmy-cases%3Fstatus%3Dactive\""
        ),
        "{home}"
    );
    assert!(home.contains("href=\"/tickets\""), "menu entry: {home}");
    let form = page(
        &app,
        &agent,
        "/tickets/new?page=%2Fmy-cases%3Fstatus%3Dactive",
    )
    .await;
    assert!(
        form.contains("name=\"page\" value=\"/my-cases?status=active\""),
        "{form}"
    );

    let refused = post(
        &app,
        &agent,
        "/tickets",
        &[("subject", " "), ("body", "No tone"), ("page", "/my-cases")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(html.contains("id=\"subject-error\""), "{html}");
    assert!(
        html.contains(">No tone</textarea>"),
        "the text is kept: {html}"
    );

    let sent = post(
        &app,
        &agent,
        "/tickets",
        &[
            ("subject", "Softphone is silent"),
            ("body", "No tone\non any call."),
            ("page", "/my-cases?status=active"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    let at = location(&sent);
    assert!(at.ends_with("?created=1"), "{at}");
    let path = at.trim_end_matches("?created=1").to_owned();
    let id = path.trim_start_matches("/tickets/").to_owned();
    let shown = page(&app, &agent, &at).await;
    assert!(shown.contains("Your ticket was sent to the administrators."));
    assert!(shown.contains("<h1>Softphone is silent</h1>"), "{shown}");
    assert!(shown.contains("No tone\non any call."));
    assert!(shown.contains("href=\"/my-cases?status=active\" id=\"ticket-page\""));
    assert!(shown.contains("Waiting for an answer"));

    // The administrator finds it in the company's list and answers.
    let listed = page(&app, &admin, "/tickets").await;
    let table = section(&listed, "id=\"tickets-table\"", "</table>");
    assert!(
        table.contains("Softphone is silent") && table.contains("Test Agent"),
        "{table}"
    );
    let answered = post(
        &app,
        &admin,
        &format!("{path}/replies"),
        &[("body", "Restart it, please.")],
    )
    .await;
    assert_eq!(
        answered.status,
        StatusCode::SEE_OTHER,
        "{}",
        answered.text()
    );
    assert_eq!(location(&answered), format!("{path}?replied=1"));

    let seen = page(&app, &agent, &path).await;
    let thread = section(&seen, "id=\"ticket-thread\"", "</ol>");
    assert!(
        thread.contains("Acme Admin") && thread.contains("Restart it, please."),
        "{thread}"
    );
    assert!(seen.contains("id=\"ticket-status\">Answered<"), "{seen}");
    let mine = page(&app, &agent, "/tickets?status=answered").await;
    assert!(mine.contains("Softphone is silent"));
    let open_only = page(&app, &agent, "/tickets?status=open").await;
    assert!(open_only.contains("id=\"tickets-none\""), "{open_only}");

    // Nobody else sees it; a blank reply is refused on the page.
    assert_eq!(
        get(&app, &colleague, &path).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !page(&app, &colleague, "/tickets")
            .await
            .contains("Softphone is silent")
    );
    let blank = post(&app, &agent, &format!("{path}/replies"), &[("body", "  ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().contains("id=\"body-error\""));

    // A close from a page older than the last reply is refused, then goes through.
    let stale = post(&app, &agent, &format!("{path}/close"), &[("version", "1")]).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let closed = post(&app, &agent, &format!("{path}/close"), &[("version", "2")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text());
    let after = page(&app, &admin, &location(&closed)).await;
    assert!(after.contains("The ticket was closed."));
    assert!(after.contains("id=\"ticket-closed-hint\"") && !after.contains("id=\"close-ticket\""));
    let ticket = app
        .get(&format!("/api/v1/tickets/{id}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(ticket["status"], "closed");
}

#[tokio::test]
async fn the_pages_follow_who_may_report_and_who_administers() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;

    // The Owner administers tickets but does not report them.
    let home = page(&app, &owner, "/").await;
    assert!(!home.contains("id=\"report-problem\""), "{home}");
    assert!(home.contains("href=\"/tickets\""));
    assert_eq!(
        get(&app, &owner, "/tickets/new").await.status,
        StatusCode::FORBIDDEN
    );
    let list = page(&app, &owner, "/tickets").await;
    assert!(!list.contains("id=\"new-ticket\""));

    // Neither reporting nor administering: no link, no menu entry, 403.
    let role = app
        .post_ok(
            &admin,
            "/api/v1/roles",
            json!({ "name": "Viewer", "permissions": ["users.view"], "scope": "all", "based_on": "agent" }),
        )
        .await;
    app.post_ok(
        &admin,
        &format!("/api/v1/roles/{}/users", role["id"].as_str().unwrap()),
        json!({ "user_ids": [agent.user_id] }),
    )
    .await;
    let users = page(&app, &agent, "/users").await;
    assert!(!users.contains("report-problem") && !users.contains("href=\"/tickets\""));
    assert_eq!(
        get(&app, &agent, "/tickets").await.status,
        StatusCode::FORBIDDEN
    );

    // In Spanish and Turkish.
    for (language, words) in [("es", "Informar de un problema"), ("tr", "Sorun bildir")] {
        let saved = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        assert_eq!(saved.status, StatusCode::OK);
        let html = page(&app, &admin, "/tickets").await;
        assert!(html.contains(words), "{language}: {html}");
    }
}
