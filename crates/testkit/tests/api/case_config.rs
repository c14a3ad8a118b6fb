//! Case configuration: built-in and custom statuses with required fields, reasons,
//! and custom fields whose removal keeps old values readable.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

async fn post(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    let response = app.post(path).as_user(who).json(&body).send().await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{path}: {}",
        response.text()
    );
    response.json()
}

async fn items(app: &TestApp, who: &Session, path: &str) -> Vec<Value> {
    let page = app.get(path).as_user(who).send().await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text());
    page.json()["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_five_built_in_statuses_are_always_there_renameable_never_deleted() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let statuses = items(&app, &agent, "/api/v1/case-statuses").await;
    let keys: Vec<&str> = statuses
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["active", "suspended", "closed", "delinquent", "withdrawn"]
    );
    assert!(
        statuses
            .iter()
            .all(|s| s["builtin"] == true && s["id"] == s["key"])
    );
    assert_eq!(statuses[2]["open"], false, "closed cases are not open");

    let renamed = app
        .patch("/api/v1/case-statuses/delinquent")
        .as_user(&admin)
        .json(&json!({ "name": "In arrears", "required_fields": ["amount", "due_date"] }))
        .send()
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(renamed.json()["name"], "In arrears");
    assert_eq!(renamed.json()["version"], 1);
    let stale = app
        .patch("/api/v1/case-statuses/delinquent")
        .as_user(&admin)
        .header("If-Match", "0")
        .json(&json!({ "name": "Late" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let fixed = app
        .patch("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .json(&json!({ "open": true }))
        .send()
        .await;
    assert_eq!(fixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = app
        .delete("/api/v1/case-statuses/closed")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "builtin_status");
    let again = items(&app, &agent, "/api/v1/case-statuses").await;
    assert_eq!(again.len(), 5);
    assert_eq!(again[3]["name"], "In arrears", "built-ins keep their place");

    let audit = app
        .get("/api/v1/audit?object_kind=case_status&object_id=delinquent")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(audit["items"][0]["before"]["name"], "Delinquent");
    assert_eq!(audit["items"][0]["after"]["name"], "In arrears");
}

#[tokio::test]
async fn custom_statuses_require_fields_that_exist() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let field = post(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "label": "Promised amount", "type": "number" }),
    )
    .await;
    assert_eq!(field["key"], "promised_amount");
    let unknown = app
        .post("/api/v1/case-statuses")
        .as_user(&admin)
        .json(&json!({ "name": "Promise to pay", "required_fields": ["nope"] }))
        .send()
        .await;
    assert_eq!(
        unknown.json()["error"]["fields"]["required_fields"],
        "unknown_field"
    );
    let status = post(
        &app,
        &admin,
        "/api/v1/case-statuses",
        json!({ "name": "Promise to pay", "required_fields": ["promised_amount", "reason_id", "promised_amount"] }),
    )
    .await;
    assert_eq!(status["key"], "promise_to_pay");
    assert_eq!(status["open"], true);
    assert_eq!(
        status["required_fields"],
        json!(["promised_amount", "reason_id"])
    );
    let taken = app
        .post("/api/v1/case-statuses")
        .as_user(&admin)
        .json(&json!({ "name": "Closed again", "key": "closed" }))
        .send()
        .await;
    assert_eq!(taken.json()["error"]["fields"]["key"], "taken");

    // A field a status requires cannot be removed; once free, it is removed but its
    // definition stays for old values.
    let field_path = format!("/api/v1/case-fields/{}", field["id"].as_str().unwrap());
    let in_use = app.delete(&field_path).as_user(&admin).send().await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert!(in_use.text().contains("Promise to pay"));
    app.patch("/api/v1/case-statuses/promise_to_pay")
        .as_user(&admin)
        .json(&json!({ "required_fields": ["reason_id"] }))
        .send()
        .await;
    assert_eq!(
        app.delete(&field_path).as_user(&admin).send().await.status,
        StatusCode::NO_CONTENT
    );
    assert!(items(&app, &admin, "/api/v1/case-fields").await.is_empty());
    let kept = items(&app, &admin, "/api/v1/case-fields?include_removed=true").await;
    assert_eq!(kept[0]["removed"], true);
    assert_eq!(kept[0]["label"], "Promised amount");
    let reuse = app
        .post("/api/v1/case-fields")
        .as_user(&admin)
        .json(&json!({ "label": "Promised amount", "type": "text" }))
        .send()
        .await;
    assert_eq!(
        reuse.json()["error"]["fields"]["key"],
        "taken",
        "old values keep their meaning"
    );

    assert_eq!(
        app.delete("/api/v1/case-statuses/promise_to_pay")
            .as_user(&admin)
            .send()
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(items(&app, &admin, "/api/v1/case-statuses").await.len(), 5);
}

/// A status cases are in is deleted only by naming where they go: a status as open or
/// closed as it is, each case moved with a history entry, the whole in one audit entry.
#[tokio::test]
async fn a_status_in_use_moves_its_cases_before_it_goes() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = app.campaign(&admin, json!([])).await;
    post(
        &app,
        &admin,
        "/api/v1/case-statuses",
        json!({ "name": "Promise" }),
    )
    .await;
    let case = post(
        &app,
        &admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign, "customer": { "name": "Ana" }, "status": "promise" }),
    )
    .await;
    let delete = |query: &'static str| {
        app.delete(&format!("/api/v1/case-statuses/promise{query}"))
            .as_user(&admin)
            .send()
    };
    let in_use = delete("").await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert_eq!(in_use.error_code(), "in_use");
    let closed = delete("?move_to=closed").await;
    assert_eq!(closed.json()["error"]["fields"]["move_to"], "open_differs");
    let itself = delete("?move_to=promise").await;
    assert_eq!(
        itself.json()["error"]["fields"]["move_to"],
        "unknown_status"
    );
    let unknown = delete("?move_to=nope").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(items(&app, &admin, "/api/v1/case-statuses").await.len(), 6);

    assert_eq!(
        delete("?move_to=active").await.status,
        StatusCode::NO_CONTENT
    );
    let moved = app
        .get(&format!("/api/v1/cases/{}", case["id"].as_str().unwrap()))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(moved["status"], "active");
    assert_eq!(moved["version"], case["version"].as_i64().unwrap() + 1);
    let audit = app
        .get("/api/v1/audit?object_kind=case_status")
        .as_user(&admin)
        .send()
        .await
        .json();
    let deleted = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "case_status.deleted")
        .expect("the deletion is audited")
        .clone();
    assert_eq!(deleted["before"]["cases_moved"], 1);
    assert_eq!(deleted["before"]["cases_moved_to"], "active");
}

#[tokio::test]
async fn custom_fields_have_a_type_fixed_at_creation() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let no_options = app
        .post("/api/v1/case-fields")
        .as_user(&admin)
        .json(&json!({ "label": "Outcome", "type": "choice" }))
        .send()
        .await;
    assert_eq!(no_options.json()["error"]["fields"]["options"], "required");
    let bad_type = app
        .post("/api/v1/case-fields")
        .as_user(&admin)
        .json(&json!({ "label": "Outcome", "type": "colour" }))
        .send()
        .await;
    assert_eq!(bad_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    let field = post(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "key": "outcome", "label": "Outcome", "type": "choice", "options": ["Paid", "Refused", "Paid"], "required": true }),
    )
    .await;
    assert_eq!(field["options"], json!(["Paid", "Refused"]));
    assert_eq!(field["required"], true);
    let path = format!("/api/v1/case-fields/{}", field["id"].as_str().unwrap());
    let retype = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "type": "text" }))
        .send()
        .await;
    assert_eq!(retype.json()["error"]["fields"]["type"], "immutable");
    let edited = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "options": ["Paid", "Refused", "Callback"], "required": false }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(edited.json()["options"].as_array().unwrap().len(), 3);
    assert_eq!(edited.json()["version"], 2);
}

#[tokio::test]
async fn reasons_have_unique_names_and_descriptions_and_stay_while_used() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let reason = post(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Payment promise", "description": "The customer commits to a date and an amount." }),
    )
    .await;
    let duplicate = app
        .post("/api/v1/case-reasons")
        .as_user(&admin)
        .json(&json!({ "name": "payment PROMISE" }))
        .send()
        .await;
    assert_eq!(duplicate.json()["error"]["fields"]["name"], "taken");
    let listed = items(&app, &supervisor, "/api/v1/case-reasons").await;
    assert_eq!(
        listed[0]["description"],
        "The customer commits to a date and an amount."
    );
    let forbidden = app
        .patch(&format!(
            "/api/v1/case-reasons/{}",
            reason["id"].as_str().unwrap()
        ))
        .as_user(&supervisor)
        .json(&json!({ "name": "Mine" }))
        .send()
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let other = app.signup("Elsewhere").await;
    assert!(
        items(&app, &other, "/api/v1/case-reasons").await.is_empty(),
        "tenants apart"
    );
    // A reason cases still give stays: deleting it would empty theirs.
    let queue = post(&app, &admin, "/api/v1/queues", json!({ "name": "Q" })).await;
    let campaign = post(
        &app,
        &admin,
        "/api/v1/dialer-campaigns",
        json!({ "name": "C", "queue_id": queue["id"] }),
    )
    .await;
    let case = post(
        &app,
        &admin,
        "/api/v1/cases",
        json!({ "campaign_id": campaign["id"], "customer": { "name": "Ana" }, "reason_id": reason["id"] }),
    )
    .await;
    let reason_path = format!("/api/v1/case-reasons/{}", reason["id"].as_str().unwrap());
    let refused = app.delete(&reason_path).as_user(&admin).send().await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    assert_eq!(refused.json()["error"]["code"], "in_use");
    let kept = app
        .get(&format!("/api/v1/cases/{}", case["id"].as_str().unwrap()))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(kept["reason_id"], reason["id"]);
    let unused = post(
        &app,
        &admin,
        "/api/v1/case-reasons",
        json!({ "name": "Unused" }),
    )
    .await;
    let deleted = app
        .delete(&format!(
            "/api/v1/case-reasons/{}",
            unused["id"].as_str().unwrap()
        ))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}
