//! The case configuration pages: statuses, reasons, fields and contact-attempt results.
//! Driven as a browser drives them (cookie session + CSRF field); what the forms
//! stored is read back through the JSON API.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

use crate::browser::{api_get, get, post, section};

async fn page(app: &TestApp, session: &Session) -> String {
    crate::browser::page(app, session, "/case-config").await
}

/// Posts a form that should succeed and answers where it sent the browser.
async fn submit(app: &TestApp, session: &Session, path: &str, pairs: &[(&str, &str)]) -> String {
    let response = post(app, session, path, pairs).await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{path}: {}",
        response.text()
    );
    response.header("location").unwrap_or_default().to_owned()
}

async fn items(app: &TestApp, who: &Session, path: &str) -> Vec<Value> {
    api_get(app, who, path).await["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(list: &'a [Value], key: &str, value: &str) -> &'a Value {
    list.iter()
        .find(|item| item[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list:?}"))
}

#[tokio::test]
async fn the_administrator_sees_all_four_sections() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let html = page(&app, &admin).await;
    assert!(html.contains("href=\"/case-config\" aria-current=\"page\""));
    for (anchor, title) in [
        ("section-statuses", "Statuses"),
        ("section-reasons", "Reasons"),
        ("section-fields", "Fields"),
        ("section-results", "Contact-attempt results"),
    ] {
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor}");
        assert!(html.contains(&format!("<a href=\"#{anchor}\">{title}</a>")));
    }
    // The five built-in statuses: renameable, never deletable.
    for key in ["active", "suspended", "closed", "delinquent", "withdrawn"] {
        let row = section(&html, &format!("id=\"row-status-{key}\""), "</tr>");
        assert!(row.contains("Built in"), "{row}");
        assert!(!row.contains("delete-status"), "{row}");
        assert!(html.contains(&format!("id=\"status-{key}-form\"")));
    }
    // The built-in results, each with its retire button and no delete.
    let busy = section(&html, "id=\"row-result-busy\"", "</tr>");
    assert!(busy.contains("id=\"retire-result-busy\"") && !busy.contains("delete-result"));
    let callback = section(&html, "id=\"row-result-callback_requested\"", "</tr>");
    assert!(callback.contains("Callback requested"));
    assert!(html.contains("id=\"fields-none\"") && html.contains("id=\"reasons-none\""));
    for form in ["new-status", "new-reason", "new-field", "new-result"] {
        assert!(html.contains(&format!("id=\"{form}-form\"")), "{form}");
    }
    // The requirement boxes offer the case attributes.
    let new_status = section(&html, "id=\"new-status-form\"", "</form>");
    assert!(new_status.contains("value=\"reason_id\"") && new_status.contains(">Due date<"));
}

#[tokio::test]
async fn an_agent_gets_the_403_page_and_cannot_post() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let response = get(&app, &agent, "/case-config").await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    let html = response.text();
    assert!(html.contains("Not allowed"), "{html}");
    assert!(!html.contains(">Case settings</a>"));
    for (path, pairs) in [
        ("/case-config/statuses", vec![("name", "Mine")]),
        ("/case-config/statuses/active", vec![("name", "Mine")]),
        ("/case-config/results/busy", vec![("active", "false")]),
        ("/case-config/reasons", vec![("name", "Mine")]),
    ] {
        let forged = post(&app, &agent, path, &pairs).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{path}");
    }
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    assert_eq!(statuses.len(), 5);
    assert_eq!(find(&statuses, "key", "active")["name"], "Active");
    let busy = items(&app, &admin, "/api/v1/case-dispositions").await;
    assert_eq!(find(&busy, "key", "busy")["active"], true);
    assert!(items(&app, &admin, "/api/v1/case-reasons").await.is_empty());
}

#[tokio::test]
async fn a_custom_status_requires_the_ticked_fields_and_shows_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;

    // A problem comes back next to the field, with what was ticked.
    let refused = post(
        &app,
        &admin,
        "/case-config/statuses",
        &[("name", " "), ("required_fields", "amount")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    let form = section(&html, "id=\"new-status-form\"", "</form>");
    assert!(form.contains("id=\"new-status-name-error\""), "{form}");
    assert!(form.contains("value=\"amount\" checked"), "{form}");

    let to = submit(
        &app,
        &admin,
        "/case-config/statuses",
        &[
            ("name", "Promise kept"),
            ("open", "on"),
            ("required_fields", "amount"),
            ("required_fields", "due_date"),
        ],
    )
    .await;
    assert_eq!(to, "/case-config?done=created#section-statuses");
    let html = get(&app, &admin, &to).await.text();
    assert!(html.contains("alert-ok"), "{html}");
    let row = section(&html, "id=\"row-status-promise_kept\"", "</tr>");
    assert!(
        row.contains("Promise kept") && row.contains("Custom"),
        "{row}"
    );
    assert!(row.contains("Amount, Due date"), "{row}");
    assert!(row.contains("id=\"delete-status-promise_kept\""));
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    let stored = find(&statuses, "key", "promise_kept");
    assert_eq!(stored["required_fields"], json!(["amount", "due_date"]));
    assert_eq!(stored["open"], true);

    // The same key again is refused next to the key.
    let taken = post(
        &app,
        &admin,
        "/case-config/statuses",
        &[("name", "Promise kept")],
    )
    .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text().contains("This key is already used"));

    // Editing: a stale version is refused in words, the current one is saved.
    let version = stored["version"].as_i64().unwrap().to_string();
    let saved = submit(
        &app,
        &admin,
        "/case-config/statuses/promise_kept",
        &[
            ("version", &version),
            ("name", "Promise honoured"),
            ("open_shown", "1"),
            ("required_fields", "reason_id"),
        ],
    )
    .await;
    assert_eq!(saved, "/case-config?done=saved#section-statuses");
    let stale = post(
        &app,
        &admin,
        "/case-config/statuses/promise_kept",
        &[
            ("version", &version),
            ("name", "Too late"),
            ("open_shown", "1"),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let html = stale.text();
    assert!(html.contains("Someone changed this meanwhile"), "{html}");
    // The form shows what is stored now, unfolded.
    let form = section(&html, "id=\"status-promise_kept\"", "</details>");
    assert!(form.contains(" open>") && form.contains("value=\"Promise honoured\""));
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    let stored = find(&statuses, "key", "promise_kept");
    assert_eq!(stored["name"], "Promise honoured");
    assert_eq!(stored["open"], false, "the box was left unticked");
    assert_eq!(stored["required_fields"], json!(["reason_id"]));
    let html = page(&app, &admin).await;
    assert!(
        section(&html, "id=\"reasons-used\"", "</p>").contains("Promise honoured"),
        "the reasons section says which statuses ask for one"
    );

    let deleted = submit(
        &app,
        &admin,
        "/case-config/statuses/promise_kept/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(deleted, "/case-config?done=deleted#section-statuses");
    assert_eq!(items(&app, &admin, "/api/v1/case-statuses").await.len(), 5);
}

#[tokio::test]
async fn deleting_a_built_in_status_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let refused = post(
        &app,
        &admin,
        "/case-config/statuses/active/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let html = refused.text();
    let alert = section(&html, "class=\"alert alert-error\"", "</p>");
    assert!(
        alert.contains("“Active” is a built-in status: it can be renamed but not deleted."),
        "{alert}"
    );
    assert!(html.contains("id=\"row-status-active\""));
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    assert_eq!(statuses.len(), 5);
    assert_eq!(find(&statuses, "key", "active")["version"], 0);

    // Renaming is what a built-in allows; whether it is open is not offered.
    let html = page(&app, &admin).await;
    let form = section(&html, "id=\"status-closed-form\"", "</form>");
    assert!(!form.contains("name=\"open\"") && !form.contains("open_shown"));
    submit(
        &app,
        &admin,
        "/case-config/statuses/closed",
        &[
            ("version", "0"),
            ("name", "Done"),
            ("required_fields", "reason_id"),
        ],
    )
    .await;
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    let closed = find(&statuses, "key", "closed");
    assert_eq!(
        (&closed["name"], &closed["open"]),
        (&json!("Done"), &json!(false))
    );
    assert_eq!(closed["required_fields"], json!(["reason_id"]));
    let refused = post(
        &app,
        &admin,
        "/case-config/statuses/closed/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text().contains("“Done” is a built-in status"));
}

#[tokio::test]
async fn a_choice_field_is_added_with_its_options_and_removed_keeping_old_values() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;

    let refused = post(
        &app,
        &admin,
        "/case-config/fields",
        &[
            ("label", "Outcome"),
            ("type", "choice"),
            ("options", " \n "),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    let form = section(&html, "id=\"new-field-form\"", "</form>");
    assert!(
        form.contains("A choice field needs at least one option."),
        "{form}"
    );
    assert!(form.contains("value=\"Outcome\"") && form.contains("value=\"choice\" selected"));

    let to = submit(
        &app,
        &admin,
        "/case-config/fields",
        &[
            ("label", "Outcome"),
            ("key", "outcome"),
            ("type", "choice"),
            ("options", "Paid\r\nPartly paid\n\nDisputed\n"),
            ("statuses", "closed"),
        ],
    )
    .await;
    assert_eq!(to, "/case-config?done=created#section-fields");
    let fields = items(&app, &admin, "/api/v1/case-fields").await;
    let field = find(&fields, "key", "outcome");
    assert_eq!(field["type"], "choice");
    assert_eq!(field["options"], json!(["Paid", "Partly paid", "Disputed"]));
    assert_eq!(field["required"], false);
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    assert_eq!(
        find(&statuses, "key", "closed")["required_fields"],
        json!(["outcome"])
    );

    let html = page(&app, &admin).await;
    let row = section(&html, "id=\"row-field-outcome\"", "</tr>");
    assert!(row.contains("Choice") && row.contains("Paid, Partly paid, Disputed"));
    assert!(row.contains("To enter: Closed"), "{row}");
    let closed = section(&html, "id=\"row-status-closed\"", "</tr>");
    assert!(closed.contains("Outcome"), "{closed}");

    // A field a status requires cannot be removed; the page says which status.
    let id = field["id"].as_str().unwrap().to_owned();
    let in_use = post(
        &app,
        &admin,
        &format!("/case-config/fields/{id}/delete"),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert!(
        in_use
            .text()
            .contains("This field is required to enter these statuses: Closed."),
        "{}",
        in_use.text()
    );

    // Editing: required on every case, no longer for Closed.
    let version = field["version"].as_i64().unwrap().to_string();
    submit(
        &app,
        &admin,
        &format!("/case-config/fields/{id}"),
        &[
            ("version", &version),
            ("label", "Result"),
            ("options", "Paid\nDisputed"),
            ("required", "on"),
        ],
    )
    .await;
    let fields = items(&app, &admin, "/api/v1/case-fields").await;
    let field = find(&fields, "key", "outcome");
    assert_eq!(
        (&field["label"], &field["required"]),
        (&json!("Result"), &json!(true))
    );
    assert_eq!(field["options"], json!(["Paid", "Disputed"]));
    let statuses = items(&app, &admin, "/api/v1/case-statuses").await;
    assert_eq!(
        find(&statuses, "key", "closed")["required_fields"],
        json!([])
    );

    let to = submit(
        &app,
        &admin,
        &format!("/case-config/fields/{id}/delete"),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(to, "/case-config?done=removed#section-fields");
    let html = get(&app, &admin, &to).await.text();
    let row = section(&html, "id=\"row-field-outcome\"", "</tr>");
    assert!(row.contains("class=\"muted\"") && row.contains("Removed, old values kept"));
    assert!(!row.contains("remove-field"));
    assert!(!html.contains(&format!("id=\"field-{id}-form\"")));
    // Removed fields are no longer offered as requirements.
    let form = section(&html, "id=\"new-status-form\"", "</form>");
    assert!(!form.contains("value=\"outcome\""));
}

#[tokio::test]
async fn a_built_in_result_is_retired_and_a_custom_one_added_and_deleted() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;

    let to = submit(
        &app,
        &admin,
        "/case-config/results/busy",
        &[("version", "0"), ("active", "false"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(to, "/case-config?done=retired#section-results");
    let html = get(&app, &admin, &to).await.text();
    assert!(html.contains("Retired: operators no longer see it"));
    let row = section(&html, "id=\"row-result-busy\"", "</tr>");
    assert!(row.contains("Retired") && row.contains("id=\"reactivate-result-busy\""));
    let results = items(&app, &admin, "/api/v1/case-dispositions").await;
    let busy = find(&results, "key", "busy");
    assert_eq!(
        (&busy["active"], &busy["name"]),
        (&json!(false), &json!("Busy"))
    );

    // A built-in's edit form renames it and leaves what it counts as alone.
    submit(
        &app,
        &admin,
        "/case-config/results/busy",
        &[("version", "1"), ("name", "Line busy")],
    )
    .await;
    let results = items(&app, &admin, "/api/v1/case-dispositions").await;
    let busy = find(&results, "key", "busy");
    assert_eq!(
        (&busy["active"], &busy["name"]),
        (&json!(false), &json!("Line busy"))
    );
    let to = submit(
        &app,
        &admin,
        "/case-config/results/busy",
        &[("version", "2"), ("active", "true")],
    )
    .await;
    assert_eq!(to, "/case-config?done=reactivated#section-results");

    let refused = post(
        &app,
        &admin,
        "/case-config/results/busy/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .text()
            .contains("“Line busy” is a built-in result: rename or retire it instead.")
    );

    submit(
        &app,
        &admin,
        "/case-config/results",
        &[
            ("name", "Visit agreed"),
            ("reached", "on"),
            ("needs_next_contact", "on"),
        ],
    )
    .await;
    let results = items(&app, &admin, "/api/v1/case-dispositions").await;
    let visit = find(&results, "key", "visit_agreed");
    assert_eq!(visit["builtin"], false);
    assert_eq!(visit["reached"], true);
    assert_eq!(visit["needs_next_contact"], true);
    let html = page(&app, &admin).await;
    let row = section(&html, "id=\"row-result-visit_agreed\"", "</tr>");
    assert!(row.contains("Custom") && row.contains("id=\"delete-result-visit_agreed\""));
    let form = section(&html, "id=\"result-visit_agreed-form\"", "</form>");
    assert!(
        form.contains("name=\"reached\" value=\"on\" checked"),
        "{form}"
    );

    // Unticking a flag of a custom result saves it.
    submit(
        &app,
        &admin,
        "/case-config/results/visit_agreed",
        &[
            ("version", "1"),
            ("name", "Visit agreed"),
            ("flags_shown", "1"),
            ("reached", "on"),
        ],
    )
    .await;
    let results = items(&app, &admin, "/api/v1/case-dispositions").await;
    assert_eq!(
        find(&results, "key", "visit_agreed")["needs_next_contact"],
        false
    );

    let to = submit(
        &app,
        &admin,
        "/case-config/results/visit_agreed/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(to, "/case-config?done=deleted#section-results");
    let results = items(&app, &admin, "/api/v1/case-dispositions").await;
    assert!(!results.iter().any(|d| d["key"] == "visit_agreed"));
}

#[tokio::test]
async fn reasons_are_added_changed_and_deleted() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    submit(
        &app,
        &admin,
        "/case-config/reasons",
        &[
            ("name", "Lost job"),
            ("description", "Customer lost income"),
        ],
    )
    .await;
    let taken = post(
        &app,
        &admin,
        "/case-config/reasons",
        &[("name", "Lost job")],
    )
    .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = taken.text();
    let form = section(&html, "id=\"new-reason-form\"", "</form>");
    assert!(form.contains("This name is already used."), "{form}");

    let reasons = items(&app, &admin, "/api/v1/case-reasons").await;
    let id = reasons[0]["id"].as_str().unwrap().to_owned();
    let html = page(&app, &admin).await;
    let row = section(&html, &format!("id=\"row-reason-{id}\""), "</tr>");
    assert!(row.contains("Lost job") && row.contains("Customer lost income"));
    submit(
        &app,
        &admin,
        &format!("/case-config/reasons/{id}"),
        &[
            ("version", "1"),
            ("name", "Unemployed"),
            ("description", ""),
        ],
    )
    .await;
    let reasons = items(&app, &admin, "/api/v1/case-reasons").await;
    assert_eq!(reasons[0]["name"], "Unemployed");
    assert_eq!(reasons[0]["description"], "");

    // Retired by its button, then reactivated.
    let html = page(&app, &admin).await;
    let row = section(&html, &format!("id=\"row-reason-{id}\""), "</tr>");
    assert!(row.contains(">In use<") && row.contains(&format!("id=\"retire-reason-{id}\"")));
    let to = submit(
        &app,
        &admin,
        &format!("/case-config/reasons/{id}"),
        &[("version", "2"), ("active", "false"), ("confirm", "yes")],
    )
    .await;
    let html = get(&app, &admin, &to).await.text();
    assert!(
        html.contains("the status and attempt forms no longer offer it"),
        "{html}"
    );
    let row = section(&html, &format!("id=\"row-reason-{id}\""), "</tr>");
    assert!(row.contains(">Retired<") && row.contains(&format!("id=\"reactivate-reason-{id}\"")));
    let reasons = items(&app, &admin, "/api/v1/case-reasons").await;
    assert_eq!(
        (&reasons[0]["name"], &reasons[0]["active"]),
        (&json!("Unemployed"), &json!(false))
    );
    submit(
        &app,
        &admin,
        &format!("/case-config/reasons/{id}"),
        &[("version", "3"), ("active", "true")],
    )
    .await;
    assert_eq!(
        items(&app, &admin, "/api/v1/case-reasons").await[0]["active"],
        true
    );
    submit(
        &app,
        &admin,
        &format!("/case-config/reasons/{id}/delete"),
        &[("confirm", "yes")],
    )
    .await;
    assert!(items(&app, &admin, "/api/v1/case-reasons").await.is_empty());
}

#[tokio::test]
async fn the_page_speaks_spanish_and_turkish() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for (language, words) in [
        (
            "es",
            [
                "<h1>Ajustes de casos</h1>",
                ">Estados</h2>",
                ">Motivos</h2>",
                ">Resultados de los intentos de contacto</h2>",
            ],
        ),
        (
            "tr",
            [
                "<h1>Vaka ayarları</h1>",
                ">Durumlar</h2>",
                ">Nedenler</h2>",
                ">İletişim denemesi sonuçları</h2>",
            ],
        ),
    ] {
        let patched = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
        let html = page(&app, &admin).await;
        assert!(html.contains(&format!("<html lang=\"{language}\"")));
        for word in words {
            assert!(html.contains(word), "{language}: {word}");
        }
    }
    // Problems come in the reader's language too.
    let refused = post(
        &app,
        &admin,
        "/case-config/statuses/active/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert!(
        refused.text().contains("“Aktif” yerleşik bir durumdur"),
        "{}",
        refused.text()
    );
}
