//! Actions that cannot be undone ask first: the first post answers a page saying what
//! will follow, with counts from the database, and changes nothing; the confirmation
//! (`confirm=yes`) does it. Also: a new role starts with its template's scope.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of};

use crate::browser::{api, api_get, location, page, post, section};

/// The first click: a 200 confirmation page; answers its consequences and buttons.
async fn asks(app: &TestApp, who: &Session, path: &str, pairs: &[(&str, &str)]) -> String {
    let response = post(app, who, path, pairs).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        response.text()
    );
    let html = response.text();
    assert!(html.contains("id=\"consequences\""), "{path}: {html}");
    assert!(html.contains("id=\"confirm-cancel\""), "{path}");
    section(&html, "id=\"confirm\"", "</section>").to_owned()
}

/// The confirmation: the action is done and the browser sent on.
async fn confirms(app: &TestApp, who: &Session, path: &str, pairs: &[(&str, &str)]) -> String {
    let mut all = vec![("confirm", "yes")];
    all.extend_from_slice(pairs);
    let response = post(app, who, path, &all).await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{path}: {}",
        response.text()
    );
    location(&response)
}

async fn items(app: &TestApp, who: &Session, path: &str) -> Vec<Value> {
    api_get(app, who, path).await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn reason_of(app: &TestApp, admin: &Session, id: &str) -> Value {
    items(app, admin, "/api/v1/case-reasons")
        .await
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

async fn case(app: &TestApp, admin: &Session, campaign: &str, name: &str, extra: Value) -> String {
    let mut body = json!({ "campaign_id": campaign, "customer": { "name": name } });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    id_of(&api(app, admin, "/api/v1/cases", body).await)
}

#[tokio::test]
async fn a_reason_says_how_many_cases_use_it_and_is_retired_or_deleted_only_when_confirmed() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = app.campaign(&admin, json!([])).await;
    let used = id_of(
        &api(
            &app,
            &admin,
            "/api/v1/case-reasons",
            json!({ "name": "Moved abroad" }),
        )
        .await,
    );
    let unused = id_of(
        &api(
            &app,
            &admin,
            "/api/v1/case-reasons",
            json!({ "name": "Lost job" }),
        )
        .await,
    );
    for name in ["Ana", "Bruno"] {
        case(&app, &admin, &campaign, name, json!({ "reason_id": used })).await;
    }
    case(&app, &admin, &campaign, "Carla", json!({})).await;

    let asked = asks(
        &app,
        &admin,
        &format!("/case-config/reasons/{used}/delete"),
        &[],
    )
    .await;
    assert!(
        asked.contains("Delete the reason “Moved abroad”?"),
        "{asked}"
    );
    assert!(asked.contains("2 cases use this reason."), "{asked}");
    assert!(asked.contains("No contact attempt gave it."), "{asked}");
    // In use: it cannot be deleted; the page offers to retire it instead.
    assert!(asked.contains("id=\"confirm-blocked\""), "{asked}");
    assert!(!asked.contains("id=\"confirm-action\""), "{asked}");
    assert!(asked.contains("id=\"confirm-retire\""), "{asked}");
    let reasons = items(&app, &admin, "/api/v1/case-reasons").await;
    assert_eq!(reasons.len(), 2, "asking changed nothing");

    // Retiring asks too, and the confirmation retires it.
    let asked = asks(
        &app,
        &admin,
        &format!("/case-config/reasons/{used}"),
        &[("version", "1"), ("active", "false")],
    )
    .await;
    assert!(
        asked.contains("Retire the reason “Moved abroad”?"),
        "{asked}"
    );
    assert!(asked.contains("2 cases use this reason."));
    let reason = reason_of(&app, &admin, &used).await;
    assert_eq!(reason["active"], true, "asking changed nothing");
    let version = reason["version"].to_string();
    let to = confirms(
        &app,
        &admin,
        &format!("/case-config/reasons/{used}"),
        &[("version", &version), ("active", "false")],
    )
    .await;
    assert_eq!(to, "/case-config?done=reason-retired#section-reasons");
    assert_eq!(reason_of(&app, &admin, &used).await["active"], false);

    // An unused reason: nothing uses it; the confirmation deletes it.
    let asked = asks(
        &app,
        &admin,
        &format!("/case-config/reasons/{unused}/delete"),
        &[],
    )
    .await;
    assert!(asked.contains("No case uses this reason."), "{asked}");
    assert!(asked.contains("This cannot be undone."), "{asked}");
    assert!(asked.contains(&format!("action=\"/case-config/reasons/{unused}/delete\"")));
    assert_eq!(items(&app, &admin, "/api/v1/case-reasons").await.len(), 2);
    let to = confirms(
        &app,
        &admin,
        &format!("/case-config/reasons/{unused}/delete"),
        &[],
    )
    .await;
    assert_eq!(to, "/case-config?done=deleted#section-reasons");
    assert_eq!(items(&app, &admin, "/api/v1/case-reasons").await.len(), 1);

    // The counts are those of the reader's visibility, and asking needs the right to act.
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let refused = post(
        &app,
        &agent,
        &format!("/case-config/reasons/{used}/delete"),
        &[],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn statuses_fields_and_results_say_what_uses_them_before_going() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = app.campaign(&admin, json!([])).await;
    api(
        &app,
        &admin,
        "/api/v1/case-statuses",
        json!({ "name": "Promise" }),
    )
    .await;
    let field = api(
        &app,
        &admin,
        "/api/v1/case-fields",
        json!({ "label": "Promised amount", "type": "number" }),
    )
    .await;
    let field_id = id_of(&field);
    let mut promised = Vec::new();
    for name in ["Ana", "Bruno", "Carla"] {
        promised.push(
            case(
                &app,
                &admin,
                &campaign,
                name,
                json!({ "status": "promise" }),
            )
            .await,
        );
    }
    case(
        &app,
        &admin,
        &campaign,
        "Dora",
        json!({ "fields": { "promised_amount": 120 } }),
    )
    .await;

    // Its cases must go somewhere: the confirmation asks where, among the open statuses.
    let asked = asks(&app, &admin, "/case-config/statuses/promise/delete", &[]).await;
    assert!(
        asked.contains("3 cases you can see are in this status"),
        "{asked}"
    );
    let choice = section(&asked, "name=\"move_to\"", "</select>");
    assert!(choice.contains("value=\"active\""), "{choice}");
    assert!(!choice.contains("value=\"closed\"") && !choice.contains("value=\"promise\""));
    let without = post(
        &app,
        &admin,
        "/case-config/statuses/promise/delete",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(without.status, StatusCode::CONFLICT, "{}", without.text());
    assert_eq!(items(&app, &admin, "/api/v1/case-statuses").await.len(), 6);
    let to = confirms(
        &app,
        &admin,
        "/case-config/statuses/promise/delete",
        &[("move_to", "active")],
    )
    .await;
    assert_eq!(to, "/case-config?done=deleted#section-statuses");
    assert_eq!(items(&app, &admin, "/api/v1/case-statuses").await.len(), 5);
    for id in &promised {
        let moved = api_get(&app, &admin, &format!("/api/v1/cases/{id}")).await;
        assert_eq!(moved["status"], "active");
        assert_eq!(moved["version"], 2);
        let last = moved["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "status", "{last}");
    }

    // A built-in status: the page says it cannot go, and offers no button.
    let asked = asks(&app, &admin, "/case-config/statuses/active/delete", &[]).await;
    assert!(
        asked.contains("Built-in statuses cannot be deleted"),
        "{asked}"
    );
    assert!(!asked.contains("id=\"confirm-action\""));

    let path = format!("/case-config/fields/{field_id}/delete");
    let asked = asks(&app, &admin, &path, &[]).await;
    assert!(
        asked.contains("Remove the field “Promised amount”"),
        "{asked}"
    );
    assert!(asked.contains("1 case holds a value for it"), "{asked}");
    assert_eq!(items(&app, &admin, "/api/v1/case-fields").await.len(), 1);
    assert_eq!(
        confirms(&app, &admin, &path, &[]).await,
        "/case-config?done=removed#section-fields"
    );
    assert!(items(&app, &admin, "/api/v1/case-fields").await.is_empty());

    // A built-in result two attempts ended with: it can only be retired.
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let ana = case(
        &app,
        &admin,
        &campaign,
        "Eva",
        json!({ "assignee_id": agent.user_id }),
    )
    .await;
    for _ in 0..2 {
        api(
            &app,
            &agent,
            &format!("/api/v1/cases/{ana}/attempts"),
            json!({ "channel": "call", "result": "busy" }),
        )
        .await;
    }
    let asked = asks(&app, &admin, "/case-config/results/busy/delete", &[]).await;
    assert!(
        asked.contains("2 contact attempts ended with it."),
        "{asked}"
    );
    assert!(asked.contains("id=\"confirm-retire\""), "{asked}");
    let asked = asks(
        &app,
        &admin,
        "/case-config/results/busy",
        &[("version", "0"), ("active", "false")],
    )
    .await;
    assert!(asked.contains("Retire the result “Busy”?"), "{asked}");
    let busy = items(&app, &admin, "/api/v1/case-dispositions").await;
    assert!(
        busy.iter()
            .any(|d| d["key"] == "busy" && d["active"] == true)
    );
}

#[tokio::test]
async fn a_role_in_use_says_how_many_hold_it_and_a_free_one_is_deleted_on_confirmation() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let role = api(
        &app,
        &admin,
        "/api/v1/roles",
        json!({ "name": "Night lead", "permissions": ["users.view"], "scope": "all" }),
    )
    .await;
    let id = id_of(&role);
    let mut holders = Vec::new();
    for _ in 0..4 {
        holders.push(app.user(&admin.company_id, Template::Agent).await.user_id);
    }
    api(
        &app,
        &admin,
        &format!("/api/v1/roles/{id}/users"),
        json!({ "user_ids": holders }),
    )
    .await;
    let asked = asks(&app, &admin, &format!("/roles/{id}/delete"), &[]).await;
    assert!(asked.contains("Delete the role “Night lead”?"), "{asked}");
    assert!(asked.contains("4 users have this role."), "{asked}");
    assert!(asked.contains("id=\"confirm-blocked\""), "{asked}");
    assert!(!asked.contains("id=\"confirm-action\""));

    let free = id_of(
        &api(
            &app,
            &admin,
            "/api/v1/roles",
            json!({ "name": "Spare", "permissions": [], "scope": "own" }),
        )
        .await,
    );
    let asked = asks(&app, &admin, &format!("/roles/{free}/delete"), &[]).await;
    assert!(asked.contains("No user has this role."), "{asked}");
    assert!(asked.contains("id=\"confirm-action\""), "{asked}");
    let still = app
        .get(&format!("/api/v1/roles/{free}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(still.status, StatusCode::OK, "asking changed nothing");
    let to = confirms(&app, &admin, &format!("/roles/{free}/delete"), &[]).await;
    assert_eq!(to, "/roles?deleted=1");
    let gone = app
        .get(&format!("/api/v1/roles/{free}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_revoked_token_works_until_the_confirmation() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let created = api(
        &app,
        &admin,
        "/api/v1/api-tokens",
        json!({ "name": "Dialer", "role_id": agent_role }),
    )
    .await;
    let id = id_of(&created);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = format!("/api-tokens/{id}/revoke");
    let asked = asks(&app, &admin, &path, &[]).await;
    assert!(asked.contains("Revoke the API token “Dialer”?"), "{asked}");
    assert!(asked.contains("The token stops working now"), "{asked}");
    assert!(asked.contains("It acts with the role Agent."), "{asked}");
    let me = app.get("/api/v1/me").bearer(&secret).send().await;
    assert_eq!(me.status, StatusCode::OK, "asking changed nothing");
    assert_eq!(
        confirms(&app, &admin, &path, &[]).await,
        "/api-tokens?revoked=1"
    );
    let me = app.get("/api/v1/me").bearer(&secret).send().await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn groups_and_objects_say_who_and_what_they_take_along() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let a = app.user(&admin.company_id, Template::Agent).await;
    let b = app.user(&admin.company_id, Template::Agent).await;
    let group = id_of(
        &api(
            &app,
            &admin,
            "/api/v1/groups",
            json!({ "name": "Night", "supervisor_ids": [supervisor.user_id],
                    "member_ids": [a.user_id, b.user_id] }),
        )
        .await,
    );
    let asked = asks(&app, &admin, &format!("/groups/{group}/delete"), &[]).await;
    assert!(asked.contains("Its 2 members leave it."), "{asked}");
    assert!(
        asked.contains("Its supervisor stops managing its agents."),
        "{asked}"
    );
    assert_eq!(items(&app, &admin, "/api/v1/groups").await.len(), 1);
    assert_eq!(
        confirms(&app, &admin, &format!("/groups/{group}/delete"), &[]).await,
        "/groups?deleted=1"
    );
    assert!(items(&app, &admin, "/api/v1/groups").await.is_empty());

    // A schedule a queue uses cannot go; the page names the queue.
    let schedule = id_of(
        &api(
            &app,
            &admin,
            "/api/v1/schedules",
            json!({ "name": "Office hours" }),
        )
        .await,
    );
    api(
        &app,
        &admin,
        "/api/v1/queues",
        json!({ "name": "Sales", "schedule_id": schedule }),
    )
    .await;
    let asked = asks(
        &app,
        &admin,
        &format!("/config/schedules/{schedule}/delete"),
        &[],
    )
    .await;
    assert!(asked.contains("Delete “Office hours”?"), "{asked}");
    assert!(asked.contains("“Sales” (Queues)"), "{asked}");
    assert!(!asked.contains("id=\"confirm-action\""));

    // A campaign with cases: they lose their source; the confirmation deletes it.
    let campaign = app.campaign(&admin, json!([])).await;
    for name in ["Ana", "Bruno"] {
        case(&app, &admin, &campaign, name, json!({})).await;
    }
    let path = format!("/config/dialer-campaigns/{campaign}/delete");
    let asked = asks(&app, &admin, &path, &[]).await;
    assert!(asked.contains("2 cases came in through it"), "{asked}");
    assert_eq!(
        confirms(&app, &admin, &path, &[]).await,
        "/config/dialer-campaigns?deleted=1"
    );
}

#[tokio::test]
async fn a_project_says_what_it_holds_and_who_will_still_see_its_cases() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let default = app.enhanced_security(&admin).await;
    let project = id_of(&api(&app, &admin, "/api/v1/projects", json!({ "name": "Bank" })).await);
    let agent = app.user(&admin.company_id, Template::Agent).await;
    api(
        &app,
        &admin,
        &format!("/api/v1/projects/{project}/members"),
        json!({ "user_id": agent.user_id }),
    )
    .await;
    let campaign = app.campaign(&admin, json!([default])).await;
    let in_bank = app.campaign(&admin, json!([project])).await;
    case(&app, &admin, &in_bank, "Ana", json!({})).await;
    case(&app, &admin, &campaign, "Bruno", json!({})).await;

    let path = format!("/projects/{project}/delete");
    let asked = asks(&app, &admin, &path, &[]).await;
    assert!(asked.contains("Delete the project “Bank”?"), "{asked}");
    // Its campaign and queue are in no other project: refused.
    assert!(asked.contains("id=\"confirm-blocked\""), "{asked}");
    assert!(asked.contains("2 objects and 1 member."), "{asked}");
    assert!(
        asked.contains("1 case leaves every project: from now on only the 1 person who sees every project will see it."),
        "{asked}"
    );
    assert!(!asked.contains("id=\"confirm-action\""));

    // A project of members only: the confirmation deletes it.
    let empty = id_of(&api(&app, &admin, "/api/v1/projects", json!({ "name": "Empty" })).await);
    api(
        &app,
        &admin,
        &format!("/api/v1/projects/{empty}/members"),
        json!({ "user_id": agent.user_id }),
    )
    .await;
    let path = format!("/projects/{empty}/delete");
    let asked = asks(&app, &admin, &path, &[]).await;
    assert!(
        asked.contains("This project holds 0 objects and 1 member."),
        "{asked}"
    );
    assert!(
        asked.contains("Its members lose the access it gave them."),
        "{asked}"
    );
    assert!(asked.contains("No case belongs to it."), "{asked}");
    let still = app
        .get(&format!("/api/v1/projects/{empty}"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(still.status, StatusCode::OK);
    assert_eq!(
        confirms(&app, &admin, &path, &[]).await,
        "/projects?deleted=1"
    );
}

#[tokio::test]
async fn a_role_based_on_a_template_starts_with_its_scope() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let roles = page(&app, &admin, "/roles").await;
    let scope = section(&roles, "id=\"new-role-scope\"", "</select>");
    assert!(
        scope.contains("<option value=\"\" selected>As the template"),
        "{scope}"
    );
    let created = post(
        &app,
        &admin,
        "/roles",
        &[
            ("name", "Team lead"),
            ("based_on", "supervisor"),
            ("scope", ""),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let id = location(&created)
        .trim_start_matches("/roles/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let role = api_get(&app, &admin, &format!("/api/v1/roles/{id}")).await;
    assert_eq!(role["scope"], "managed", "{role}");
    assert_eq!(role["based_on"], "supervisor");
    // A scope chosen on the form still wins.
    let created = post(
        &app,
        &admin,
        "/roles",
        &[
            ("name", "Lead 2"),
            ("based_on", "supervisor"),
            ("scope", "own"),
        ],
    )
    .await;
    let id = location(&created)
        .trim_start_matches("/roles/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        api_get(&app, &admin, &format!("/api/v1/roles/{id}")).await["scope"],
        "own"
    );
    // The API follows the same rule.
    let manager = api(
        &app,
        &admin,
        "/api/v1/roles",
        json!({ "name": "Deputy", "based_on": "manager", "permissions": [] }),
    )
    .await;
    assert_eq!(manager["scope"], "all");
    let editor = page(&app, &admin, &format!("/roles/{id}")).await;
    assert!(
        editor.contains("beforeunload"),
        "leaving unsaved toggles asks"
    );
    assert!(editor.contains("id=\"role-unsaved\""));
}

async fn skills_of(app: &TestApp, admin: &Session, user: &str) -> Vec<Value> {
    api_get(app, admin, &format!("/api/v1/users/{user}")).await["skills"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn skills_are_created_renamed_given_with_levels_and_deleted_after_a_confirmation() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let html = page(&app, &admin, "/skills").await;
    assert!(html.contains("href=\"/skills\""), "the menu leads here");
    let created = post(&app, &admin, "/skills", &[("name", "Spanish")]).await;
    assert_eq!(location(&created), "/skills?done=created");
    let taken = post(&app, &admin, "/skills", &[("name", "spanish")]).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    let skills = items(&app, &admin, "/api/v1/skills").await;
    let spanish = id_of(&skills[0]);
    let version = skills[0]["version"].to_string();
    let renamed = post(
        &app,
        &admin,
        &format!("/skills/{spanish}"),
        &[("name", "Español"), ("version", &version)],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text());
    assert!(
        page(&app, &admin, "/skills")
            .await
            .contains("value=\"Español\"")
    );

    // The user page gives skills with levels.
    let billing = app.skill(&admin.company_id, "Billing").await;
    let user_page = page(&app, &admin, &format!("/users/{}", agent.user_id)).await;
    assert!(user_page.contains("id=\"user-skills-form\""), "{user_page}");
    let saved = post(
        &app,
        &admin,
        &format!("/users/{}/skills", agent.user_id),
        &[
            (&format!("level-{spanish}") as &str, "7"),
            (&format!("level-{billing}") as &str, ""),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let held = skills_of(&app, &admin, &agent.user_id).await;
    assert_eq!(held, vec![json!({ "skill_id": spanish, "level": 7 })]);
    let out_of_range = post(
        &app,
        &admin,
        &format!("/users/{}/skills", agent.user_id),
        &[(&format!("level-{spanish}") as &str, "11")],
    )
    .await;
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Deleting asks, saying who holds it and which queues route by it.
    api(
        &app,
        &admin,
        "/api/v1/queues",
        json!({ "name": "Billing line", "skill_ids": [billing] }),
    )
    .await;
    let asked = asks(&app, &admin, &format!("/skills/{billing}/delete"), &[]).await;
    assert!(asked.contains("No user holds it."), "{asked}");
    assert!(
        asked.contains("1 queue routes by it: Billing line."),
        "{asked}"
    );
    assert!(!asked.contains("id=\"confirm-action\""));
    let asked = asks(&app, &admin, &format!("/skills/{spanish}/delete"), &[]).await;
    assert!(asked.contains("1 user holds it and loses it."), "{asked}");
    assert!(asked.contains("No queue routes by it."), "{asked}");
    assert_eq!(items(&app, &admin, "/api/v1/skills").await.len(), 2);
    assert_eq!(
        confirms(&app, &admin, &format!("/skills/{spanish}/delete"), &[]).await,
        "/skills?done=deleted"
    );
    assert_eq!(items(&app, &admin, "/api/v1/skills").await.len(), 1);
    assert!(skills_of(&app, &admin, &agent.user_id).await.is_empty());

    // The page speaks Spanish and Turkish; agents have no skills page.
    for (language, word) in [("es", "Habilidades"), ("tr", "Yetenekler")] {
        let changed = app
            .patch("/api/v1/me")
            .as_user(&admin)
            .json(&json!({ "language": language }))
            .send()
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
        let html = page(&app, &admin, "/skills").await;
        assert!(html.contains(word), "{language}");
    }
    let refused = crate::browser::get(&app, &agent, "/skills").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.text().contains("href=\"/skills\""));
}

#[tokio::test]
async fn a_supervisor_bulk_edits_the_skills_of_their_agents_only() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine_a = app.user(&admin.company_id, Template::Agent).await;
    let mine_b = app.user(&admin.company_id, Template::Agent).await;
    let other = app.user(&admin.company_id, Template::Agent).await;
    api(
        &app,
        &admin,
        "/api/v1/groups",
        json!({ "name": "Night", "supervisor_ids": [supervisor.user_id],
                "member_ids": [mine_a.user_id, mine_b.user_id] }),
    )
    .await;
    let spanish = app.skill(&admin.company_id, "Spanish").await;
    let billing = app.skill(&admin.company_id, "Billing").await;
    api(
        &app,
        &admin,
        "/users/bulk".replace("/users", "/api/v1/users").as_str(),
        json!({ "user_ids": [mine_a.user_id], "set": { "skills": [{ "skill_id": billing, "level": 4 }] } }),
    )
    .await;

    let html = page(&app, &supervisor, "/skills").await;
    assert!(html.contains("href=\"/skills\""), "the menu leads here");
    let form = section(&html, "id=\"skills-bulk-form\"", "</form>");
    assert!(form.contains(&format!("id=\"bulk-{}\"", mine_a.user_id)));
    assert!(form.contains(&format!("id=\"bulk-{}\"", mine_b.user_id)));
    assert!(
        !form.contains(&format!("id=\"bulk-{}\"", other.user_id)),
        "{form}"
    );
    assert!(
        !html.contains("id=\"create-skill\""),
        "supervisors do not manage skills"
    );

    let done = post(
        &app,
        &supervisor,
        "/skills/bulk",
        &[
            ("user_ids", &mine_a.user_id),
            ("user_ids", &mine_b.user_id),
            ("skill_id", &spanish),
            ("level", "6"),
        ],
    )
    .await;
    assert_eq!(location(&done), "/skills?done=updated&count=2");
    let a = skills_of(&app, &admin, &mine_a.user_id).await;
    assert!(
        a.contains(&json!({ "skill_id": spanish, "level": 6 })),
        "{a:?}"
    );
    assert!(
        a.contains(&json!({ "skill_id": billing, "level": 4 })),
        "other skills stay"
    );
    assert_eq!(
        skills_of(&app, &admin, &mine_b.user_id).await,
        vec![json!({ "skill_id": spanish, "level": 6 })]
    );
    let html = page(&app, &supervisor, "/skills?done=updated&count=2").await;
    assert!(html.contains("The skills of 2 users were updated."));

    // Taking a skill away.
    post(
        &app,
        &supervisor,
        "/skills/bulk",
        &[
            ("user_ids", &mine_a.user_id),
            ("skill_id", &billing),
            ("level", "remove"),
        ],
    )
    .await;
    assert_eq!(
        skills_of(&app, &admin, &mine_a.user_id).await,
        vec![json!({ "skill_id": spanish, "level": 6 })]
    );

    // An agent outside their groups is out of reach: all or nothing.
    let refused = post(
        &app,
        &supervisor,
        "/skills/bulk",
        &[
            ("user_ids", &mine_b.user_id),
            ("user_ids", &other.user_id),
            ("skill_id", &billing),
            ("level", "9"),
        ],
    )
    .await;
    assert!(
        refused.status == StatusCode::NOT_FOUND || refused.status == StatusCode::FORBIDDEN,
        "{}",
        refused.status
    );
    assert!(skills_of(&app, &admin, &other.user_id).await.is_empty());
    assert_eq!(
        skills_of(&app, &admin, &mine_b.user_id).await,
        vec![json!({ "skill_id": spanish, "level": 6 })],
        "nothing changed"
    );
    // Nor through the user page.
    let refused = post(
        &app,
        &supervisor,
        &format!("/users/{}/skills", other.user_id),
        &[(&format!("level-{spanish}") as &str, "3")],
    )
    .await;
    assert!(refused.status == StatusCode::NOT_FOUND || refused.status == StatusCode::FORBIDDEN);
    assert!(skills_of(&app, &admin, &other.user_id).await.is_empty());
    // Nothing ticked: said, nothing changed.
    let nobody = post(
        &app,
        &supervisor,
        "/skills/bulk",
        &[("skill_id", &spanish), ("level", "2")],
    )
    .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
}
