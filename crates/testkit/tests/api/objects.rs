//! Configuration objects: validation, references, write-only secrets, versions and
//! the in-use rules.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp};

async fn create(app: &TestApp, who: &Session, kind: &str, body: Value) -> Value {
    let response = app
        .post(&format!("/api/v1/{kind}"))
        .as_user(who)
        .json(&body)
        .send()
        .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{kind}: {}",
        response.text()
    );
    response.json()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_queue_names_a_schedule_skills_and_supervisors_it_can_see() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let skill = app.skill(&admin.company_id, "Spanish").await;
    let schedule = create(
        &app,
        &admin,
        "schedules",
        json!({ "name": "Office hours", "timezone": "Europe/Madrid",
                "windows": [{ "day": "mon", "start": "09:00", "end": "18:00" }],
                "holidays": [{ "date": "2026-12-25", "name": "Christmas" }] }),
    )
    .await;
    let queue = create(
        &app,
        &admin,
        "queues",
        json!({ "name": "Sales", "strategy": "round_robin", "schedule_id": id(&schedule),
                "skill_ids": [skill], "supervisor_ids": [supervisor.user_id], "service_level_seconds": 30 }),
    )
    .await;
    assert_eq!(queue["strategy"], "round_robin");
    assert_eq!(queue["schedule_id"], id(&schedule));
    assert_eq!(queue["service_level_seconds"], 30);
    assert_eq!(queue["project_ids"], json!([]));
    assert_eq!(queue["version"], 1);

    // Ids from another company, or of the wrong kind, are refused by field.
    let other = app.signup("Elsewhere").await;
    let foreign_schedule = create(&app, &other, "schedules", json!({ "name": "Theirs" })).await;
    let refused = app
        .post("/api/v1/queues")
        .as_user(&admin)
        .json(&json!({ "name": "Support", "schedule_id": id(&foreign_schedule), "supervisor_ids": [other.user_id], "skill_ids": ["nope"] }))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &refused.json()["error"]["fields"];
    assert_eq!(fields["schedule_id"], "not_found");
    assert_eq!(fields["supervisor_ids"], "not_found");
    assert_eq!(fields["skill_ids"], "not_found");
    let wrong_kind = app
        .post("/api/v1/queues")
        .as_user(&admin)
        .json(&json!({ "name": "Support", "schedule_id": id(&queue) }))
        .send()
        .await;
    assert_eq!(
        wrong_kind.json()["error"]["fields"]["schedule_id"],
        "not_found"
    );

    // Names are unique per kind, case-insensitively.
    let duplicate = app
        .post("/api/v1/queues")
        .as_user(&admin)
        .json(&json!({ "name": "SALES" }))
        .send()
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(duplicate.json()["error"]["fields"]["name"], "taken");
}

#[tokio::test]
async fn bad_fields_answer_422_by_field_and_change_nothing() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for (kind, body, field) in [
        (
            "queues",
            json!({ "name": "Q", "strategy": "random" }),
            "strategy",
        ),
        ("queues", json!({ "name": "Q", "colour": 1 }), "colour"),
        (
            "schedules",
            json!({ "name": "S", "windows": [{ "day": "mon", "start": "18:00", "end": "09:00" }] }),
            "windows[0].end",
        ),
        (
            "sip-providers",
            json!({ "name": "T", "host": "bad host!" }),
            "host",
        ),
        (
            "call-scripts",
            json!({ "name": "C", "steps": [{ "key": "a", "kind": "say", "text": "Hi", "next": "b" }] }),
            "steps[0].next",
        ),
        (
            "notification-templates",
            json!({ "name": "N", "channel": "email", "body": "{{secret}}" }),
            "subject",
        ),
        (
            "crm-forms",
            json!({ "name": "F", "fields": [{ "key": "x", "label": "X", "type": "choice" }] }),
            "fields[0].options",
        ),
        (
            "ip-phones",
            json!({ "model": "T54W", "mac": "zz", "extension": "201" }),
            "mac",
        ),
        ("tags", json!({ "name": "Urgent", "color": "red" }), "color"),
        ("dialer-campaigns", json!({ "name": "D" }), "queue_id"),
    ] {
        let response = app
            .post(&format!("/api/v1/{kind}"))
            .as_user(&admin)
            .json(&body)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        assert!(
            response.json()["error"]["fields"].get(field).is_some(),
            "{kind}: {}",
            response.text()
        );
        let listed = app
            .get(&format!("/api/v1/{kind}?count=true"))
            .as_user(&admin)
            .send()
            .await
            .json();
        assert_eq!(listed["total"], 0, "{kind}");
    }
}

#[tokio::test]
async fn a_sip_secret_is_write_only_and_kept_across_edits() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let trunk = create(
        &app,
        &admin,
        "sip-providers",
        json!({ "name": "Trunk", "host": "sip.example.com", "username": "acme", "secret": "s3cr3t-value", "caller_id": "+34 910 000 000" }),
    )
    .await;
    assert!(trunk.get("secret").is_none());
    assert_eq!(trunk["has_secret"], true);
    assert_eq!(trunk["caller_id"], "+34910000000");
    let trunk_id = id(&trunk);
    let edited = app
        .patch(&format!("/api/v1/sip-providers/{trunk_id}"))
        .as_user(&admin)
        .json(&json!({ "port": 5061, "transport": "tls" }))
        .send()
        .await
        .json();
    assert_eq!(
        edited["has_secret"], true,
        "an edit without secret keeps it"
    );
    assert_eq!(edited["version"], 2);
    let audit = app
        .get(&format!("/api/v1/audit?object_id={trunk_id}"))
        .as_user(&admin)
        .send()
        .await;
    assert!(
        !audit.text().contains("s3cr3t-value"),
        "the audit log never holds secrets"
    );
    let listed = app
        .get("/api/v1/sip-providers")
        .as_user(&admin)
        .send()
        .await;
    assert!(!listed.text().contains("s3cr3t-value"));
}

#[tokio::test]
async fn stale_versions_answer_412() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let tag = create(&app, &admin, "tags", json!({ "name": "VIP" })).await;
    let path = format!("/api/v1/tags/{}", id(&tag));
    let first = app
        .patch(&path)
        .as_user(&admin)
        .header("If-Match", "1")
        .json(&json!({ "color": "#ff0000" }))
        .send()
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let stale = app
        .patch(&path)
        .as_user(&admin)
        .header("If-Match", "1")
        .json(&json!({ "color": "#00ff00" }))
        .send()
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let now = app.get(&path).as_user(&admin).send().await.json();
    assert_eq!(now["color"], "#ff0000");
}

#[tokio::test]
async fn used_tags_and_linked_dnc_lists_cannot_be_deleted_and_managers_cannot_edit_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let tag = create(&app, &admin, "tags", json!({ "name": "Promise to pay" })).await;
    let script = create(
        &app,
        &admin,
        "call-scripts",
        json!({ "name": "Collections", "tag_ids": [id(&tag)], "steps": [{ "key": "hi", "kind": "say", "text": "Hello" }] }),
    )
    .await;
    let tag_path = format!("/api/v1/tags/{}", id(&tag));
    let refused = app.delete(&tag_path).as_user(&admin).send().await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "in_use");
    assert!(refused.text().contains("Collections"), "{}", refused.text());
    let manager_edit = app
        .patch(&tag_path)
        .as_user(&manager)
        .json(&json!({ "color": "#000000" }))
        .send()
        .await;
    assert_eq!(manager_edit.status, StatusCode::FORBIDDEN);
    assert_eq!(
        manager_edit.json()["error"]["permissions"],
        json!(["tags.manage_in_use"])
    );
    let admin_edit = app
        .patch(&tag_path)
        .as_user(&admin)
        .json(&json!({ "color": "#000000" }))
        .send()
        .await;
    assert_eq!(admin_edit.status, StatusCode::OK);

    let dnc = create(
        &app,
        &admin,
        "lists",
        json!({ "name": "Do not call", "kind": "dnc" }),
    )
    .await;
    let vip = create(
        &app,
        &admin,
        "lists",
        json!({ "name": "VIP", "kind": "vip" }),
    )
    .await;
    let queue = create(&app, &admin, "queues", json!({ "name": "Outbound" })).await;
    let not_dnc = app
        .post("/api/v1/dialer-campaigns")
        .as_user(&admin)
        .json(&json!({ "name": "Spring", "queue_id": id(&queue), "dnc_list_ids": [id(&vip)] }))
        .send()
        .await;
    assert_eq!(
        not_dnc.json()["error"]["fields"]["dnc_list_ids"],
        "not_a_dnc_list"
    );
    create(
        &app,
        &admin,
        "dialer-campaigns",
        json!({ "name": "Spring", "queue_id": id(&queue), "dnc_list_ids": [id(&dnc)], "dial_mode": "progressive" }),
    )
    .await;
    let dnc_path = format!("/api/v1/lists/{}", id(&dnc));
    assert_eq!(
        app.delete(&dnc_path).as_user(&admin).send().await.status,
        StatusCode::CONFLICT
    );
    let manager_numbers = app
        .post(&format!("{dnc_path}/entries"))
        .as_user(&manager)
        .json(&json!({ "entries": [{ "phone": "5550100" }] }))
        .send()
        .await;
    assert_eq!(manager_numbers.status, StatusCode::FORBIDDEN);
    let manager_vip = app
        .post(&format!("/api/v1/lists/{}/entries", id(&vip)))
        .as_user(&manager)
        .json(&json!({ "entries": [{ "phone": "5550100" }] }))
        .send()
        .await;
    assert_eq!(
        manager_vip.status,
        StatusCode::OK,
        "unlinked lists are the manager's"
    );
    // The queue a campaign uses is in use too.
    let queue_path = format!("/api/v1/queues/{}", id(&queue));
    assert_eq!(
        app.delete(&queue_path).as_user(&admin).send().await.status,
        StatusCode::CONFLICT
    );
    // Once the script is gone, the tag goes too.
    app.delete(&format!("/api/v1/call-scripts/{}", id(&script)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(
        app.delete(&tag_path).as_user(&admin).send().await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&tag_path).as_user(&admin).send().await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn list_numbers_come_as_json_or_csv_and_bad_rows_are_reported() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let list = create(
        &app,
        &admin,
        "lists",
        json!({ "name": "Do not call", "kind": "dnc" }),
    )
    .await;
    let entries = format!("/api/v1/lists/{}/entries", id(&list));
    let added = app
        .post(&entries)
        .as_user(&admin)
        .raw(
            "text/csv",
            "phone,note\n+34 910 000 001,asked twice\nnot a number\n555-0100\n5550100\n",
        )
        .send()
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text());
    let outcome = added.json();
    assert_eq!(outcome["added"], 2);
    assert_eq!(outcome["already_listed"], 1);
    assert_eq!(
        outcome["invalid"],
        json!([{ "row": 2, "value": "not a number" }])
    );
    let page = app
        .get(&format!("{entries}?limit=1"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["phone"], "+34910000001");
    assert_eq!(page["items"][0]["note"], "asked twice");
    // a cursor is a query value like any other: `+` travels as %2B
    let next = page["next"].as_str().unwrap().replace('+', "%2B");
    let second = app
        .get(&format!("{entries}?limit=1&cursor={next}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(second["items"][0]["phone"], "5550100");
    let removed = app
        .delete(&format!("{entries}/555-0100"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let list_now = app
        .get(&format!("/api/v1/lists/{}", id(&list)))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(list_now["entry_count"], 1);
}

#[tokio::test]
async fn lists_search_page_and_count_per_kind() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    for name in ["Sales", "Support", "Retention"] {
        create(&app, &admin, "queues", json!({ "name": name })).await;
    }
    create(&app, &admin, "tags", json!({ "name": "Sales lead" })).await;
    let found = app
        .get("/api/v1/queues?q=s&count=true")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        found["total"], 2,
        "Sales and Support, not Retention or the tag"
    );
    let first = app
        .get("/api/v1/queues?limit=2")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().unwrap();
    let rest = app
        .get(&format!("/api/v1/queues?limit=2&cursor={next}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next"].is_null());
}

#[tokio::test]
async fn skills_are_renamed_and_deleted_unless_a_queue_requires_them() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let spanish = create(&app, &admin, "skills", json!({ "name": "Spanish" })).await;
    let duplicate = app
        .post("/api/v1/skills")
        .as_user(&admin)
        .json(&json!({ "name": "spanish" }))
        .send()
        .await;
    assert_eq!(duplicate.json()["error"]["fields"]["name"], "taken");
    let turkish = create(&app, &admin, "skills", json!({ "name": "Turkish" })).await;
    app.patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .json(&json!({ "skills": [{ "skill_id": id(&spanish), "level": 7 }, { "skill_id": id(&turkish), "level": 3 }] }))
        .send()
        .await;
    let held = app
        .get(&format!("/api/v1/skills/{}", id(&spanish)))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(held["holders"], 1);
    create(
        &app,
        &admin,
        "queues",
        json!({ "name": "Spanish line", "skill_ids": [id(&spanish)] }),
    )
    .await;
    let refused = app
        .delete(&format!("/api/v1/skills/{}", id(&spanish)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text().contains("Spanish line"));
    let deleted = app
        .delete(&format!("/api/v1/skills/{}", id(&turkish)))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let user = app
        .get(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        user["skills"],
        json!([{ "skill_id": id(&spanish), "level": 7 }]),
        "the agent lost the deleted skill"
    );
    let renamed = app
        .patch(&format!("/api/v1/skills/{}", id(&spanish)))
        .as_user(&admin)
        .json(&json!({ "name": "Español" }))
        .send()
        .await;
    assert_eq!(renamed.json()["name"], "Español");
}
