//! Users: invitations, account details, the edit hierarchy, personal-profile
//! protection, blocking, bulk edits and scoped lists.

use axum::http::StatusCode;
use domain::Template;
use serde_json::{Value, json};
use testkit::{PASSWORD, Session, TestApp, unique_email};

async fn group(app: &TestApp, admin: &Session, body: Value) -> String {
    let response = app
        .post("/api/v1/groups")
        .as_user(admin)
        .json(&body)
        .send()
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_invited_user_sets_a_password_and_signs_in() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let team = group(&app, &admin, json!({ "name": "Team A" })).await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let email = unique_email("new");
    let created = app
        .post("/api/v1/users")
        .as_user(&admin)
        .json(&json!({ "name": "Nia", "email": email, "role_id": agent_role, "group_ids": [team] }))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    assert_eq!(body["group_ids"], json!([team]));
    assert_eq!(body["invitation_pending"], true);
    assert_eq!(body["project_ids"], json!([]));
    let token = body["invite_token"].as_str().unwrap();

    // No password yet: nobody signs in as the invitee.
    let early = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": email, "password": "" }))
        .send()
        .await;
    assert_eq!(early.status, StatusCode::UNAUTHORIZED);

    let accepted = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": token, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    app.login(&email, PASSWORD).await;
    let user = app
        .get(&format!("/api/v1/users/{}", body["id"].as_str().unwrap()))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(user.json()["invitation_pending"], false);

    let duplicate = app
        .post("/api/v1/users")
        .as_user(&admin)
        .json(&json!({ "name": "Nia 2", "email": email.to_uppercase(), "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn invitations_can_be_sent_again_and_withdrawn() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let created = app
        .post("/api/v1/users")
        .as_user(&admin)
        .json(&json!({ "name": "Ola", "email": unique_email("ola"), "role_id": agent_role }))
        .send()
        .await
        .json();
    let id = created["id"].as_str().unwrap();
    let first = created["invite_token"].as_str().unwrap();
    let again = app
        .post(&format!("/api/v1/users/{id}/invitation"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    let second = again.json()["invite_token"].as_str().unwrap().to_owned();
    let old = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": first, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(
        old.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the first link stopped working"
    );

    let withdrawn = app
        .delete(&format!("/api/v1/users/{id}/invitation"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let late = app
        .post("/api/v1/auth/accept-invite")
        .json(&json!({ "token": second, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn account_details_are_edited_and_personal_fields_refused() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let team = group(&app, &admin, json!({ "name": "Team A" })).await;
    let skill = app.skill(&admin.company_id, "Spanish").await;
    let path = format!("/api/v1/users/{}", agent.user_id);
    let edited = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({
            "group_ids": [team], "skills": [{ "skill_id": skill, "level": 7 }], "max_chats": 4,
            "extension": "2001", "softphone_outbound": true, "notifications": { "email": true },
        }))
        .send()
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    let user = edited.json();
    assert_eq!(user["skills"], json!([{ "skill_id": skill, "level": 7 }]));
    assert_eq!(user["max_chats"], 4);
    assert_eq!(user["extension"], "2001");
    assert_eq!(user["group_ids"], json!([team]));

    for personal in [
        json!({ "email": "x@example.com" }),
        json!({ "language": "es" }),
        json!({ "timezone": "UTC" }),
        json!({ "avatar": "/a.png" }),
        json!({ "password": "whatever-123" }),
    ] {
        let response = app
            .patch(&path)
            .as_user(&admin)
            .json(&personal)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{personal}");
    }
    let unknown = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "company_id": "x" }))
        .send()
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "max_chats": -1, "extension": "12a" }))
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other_tenant = app.signup("Other").await;
    let foreign_group = group(&app, &other_tenant, json!({ "name": "Theirs" })).await;
    let foreign = app
        .patch(&path)
        .as_user(&admin)
        .json(&json!({ "group_ids": [foreign_group] }))
        .send()
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(foreign.json()["error"]["fields"]["group_ids"], "not_found");
}

#[tokio::test]
async fn the_edit_hierarchy_holds() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let other_manager = app.user(&admin.company_id, Template::Manager).await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let second_admin = app.user(&admin.company_id, Template::Admin).await;
    let edit = |who: &Session, whom: &Session| {
        app.patch(&format!("/api/v1/users/{}", whom.user_id))
            .as_user(who)
            .json(&json!({ "max_chats": 2 }))
            .send()
    };
    for (who, whom, expected) in [
        (&admin, &manager, StatusCode::OK),
        (&admin, &supervisor, StatusCode::OK),
        (&admin, &agent, StatusCode::OK),
        (&admin, &second_admin, StatusCode::FORBIDDEN),
        (&admin, &owner, StatusCode::FORBIDDEN),
        // Their own account details (skills, chats…) too, as the help articles say.
        (&admin, &admin, StatusCode::OK),
        (&manager, &manager, StatusCode::OK),
        (&manager, &supervisor, StatusCode::OK),
        (&manager, &agent, StatusCode::OK),
        (&manager, &other_manager, StatusCode::FORBIDDEN),
        (&manager, &admin, StatusCode::FORBIDDEN),
        (&agent, &agent, StatusCode::FORBIDDEN),
        (&owner, &agent, StatusCode::FORBIDDEN),
    ] {
        let response = edit(who, whom).await;
        assert_eq!(
            response.status, expected,
            "{} edits {}",
            who.email, whom.email
        );
    }

    // A Manager cannot promote anyone to Manager or Admin.
    let manager_role = app
        .template_role_id(&admin.company_id, Template::Manager)
        .await;
    let promote = app
        .patch(&format!("/api/v1/users/{}", agent.user_id))
        .as_user(&manager)
        .json(&json!({ "role_id": manager_role }))
        .send()
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let create_admin = app
        .post("/api/v1/users")
        .as_user(&manager)
        .json(&json!({ "name": "Eve", "email": unique_email("eve"), "role_id": admin_role }))
        .send()
        .await;
    assert_eq!(create_admin.status, StatusCode::FORBIDDEN);
    let own_role = app
        .patch(&format!("/api/v1/users/{}", admin.user_id))
        .as_user(&admin)
        .json(&json!({ "role_id": manager_role }))
        .send()
        .await;
    assert_eq!(own_role.status, StatusCode::FORBIDDEN);
    let own_block = app
        .patch(&format!("/api/v1/users/{}", admin.user_id))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(own_block.status, StatusCode::FORBIDDEN);
    let admin_role_again = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let unchanged = app
        .patch(&format!("/api/v1/users/{}", admin.user_id))
        .as_user(&admin)
        .json(&json!({ "role_id": admin_role_again, "active": true, "extension": "100" }))
        .send()
        .await;
    assert_eq!(
        unchanged.status,
        StatusCode::OK,
        "same role and state are no change"
    );
    let supervisors_own = app
        .patch(&format!("/api/v1/users/{}", supervisor.user_id))
        .as_user(&supervisor)
        .json(&json!({ "max_chats": 9 }))
        .send()
        .await;
    // Managed scope reaches the members of the supervised groups, which the supervisor
    // is not: their own row is out of sight, and one-by-one edits are not theirs anyway.
    assert_eq!(supervisors_own.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn blocking_ends_sessions_and_api_tokens_at_once() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    // The manager gets an API token (admins hand out api_tokens.manage through a role).
    let token_role = app
        .post("/api/v1/roles")
        .as_user(&admin)
        .json(&json!({ "name": "Integrator", "permissions": ["api_tokens.manage", "cases.view", "calls.view", "calls.view_all", "chats.view", "recordings.listen", "workspace.use", "tickets.create", "cases.edit"], "scope": "all", "based_on": "manager" }))
        .send()
        .await
        .json();
    app.post(&format!(
        "/api/v1/roles/{}/users",
        token_role["id"].as_str().unwrap()
    ))
    .as_user(&admin)
    .json(&json!({ "user_ids": [manager.user_id] }))
    .send()
    .await;
    let created = app
        .post("/api/v1/api-tokens")
        .as_user(&manager)
        .json(&json!({ "name": "CRM sync", "role_id": agent_role }))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let secret = created.json()["secret"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/api/v1/me").bearer(&secret).send().await.status,
        StatusCode::OK
    );

    let blocked = app
        .patch(&format!("/api/v1/users/{}", manager.user_id))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;
    assert_eq!(blocked.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/me").as_user(&manager).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me").bearer(&secret).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .post("/api/v1/auth/login")
        .json(&json!({ "email": manager.email, "password": PASSWORD }))
        .send()
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);

    let unblocked = app
        .patch(&format!("/api/v1/users/{}", manager.user_id))
        .as_user(&admin)
        .json(&json!({ "active": true }))
        .send()
        .await;
    assert_eq!(unblocked.status, StatusCode::OK);
    app.login(&manager.email, PASSWORD).await;
}

#[tokio::test]
async fn an_administrator_sends_a_reset_link_but_never_sets_a_password() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let reset = app
        .post(&format!("/api/v1/users/{}/password-reset", agent.user_id))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(reset.status, StatusCode::CREATED);
    let token = reset.json()["reset_token"].as_str().unwrap().to_owned();
    let used = app
        .post("/api/v1/auth/reset")
        .json(&json!({ "token": token, "password": "agent-chose-this-1" }))
        .send()
        .await;
    assert_eq!(used.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/me").as_user(&agent).send().await.status,
        StatusCode::UNAUTHORIZED
    );
    app.login(&agent.email, "agent-chose-this-1").await;
}

#[tokio::test]
async fn supervisors_see_and_bulk_edit_only_the_active_agents_of_their_groups() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine = app.user(&admin.company_id, Template::Agent).await;
    let blocked = app.user(&admin.company_id, Template::Agent).await;
    let theirs = app.user(&admin.company_id, Template::Agent).await;
    let peer = app.user(&admin.company_id, Template::Supervisor).await;
    group(&app, &admin, json!({ "name": "Mine", "supervisor_ids": [supervisor.user_id], "member_ids": [mine.user_id, blocked.user_id, peer.user_id] })).await;
    group(
        &app,
        &admin,
        json!({ "name": "Theirs", "member_ids": [theirs.user_id] }),
    )
    .await;
    app.patch(&format!("/api/v1/users/{}", blocked.user_id))
        .as_user(&admin)
        .json(&json!({ "active": false }))
        .send()
        .await;

    let list = app
        .get("/api/v1/users?count=true")
        .as_user(&supervisor)
        .send()
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let body = list.json();
    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    let mut expected = vec![mine.user_id.as_str(), peer.user_id.as_str()];
    expected.sort();
    let mut ids_sorted = ids.clone();
    ids_sorted.sort();
    assert_eq!(ids_sorted, expected);
    assert_eq!(body["total"], 2);
    assert_eq!(
        app.get(&format!("/api/v1/users/{}", theirs.user_id))
            .as_user(&supervisor)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/users/{}", blocked.user_id))
            .as_user(&supervisor)
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let skill = app.skill(&admin.company_id, "Billing").await;
    let bulk = app
        .post("/api/v1/users/bulk")
        .as_user(&supervisor)
        .json(&json!({ "user_ids": [mine.user_id], "set": { "max_chats": 6, "skills": [{ "skill_id": skill, "level": 3 }] } }))
        .send()
        .await;
    assert_eq!(bulk.status, StatusCode::OK, "{}", bulk.text());
    let edited = app
        .get(&format!("/api/v1/users/{}", mine.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(edited["max_chats"], 6);
    assert_eq!(edited["skills"][0]["level"], 3);

    // Out of reach: another group's agent (404, invisible) or a fellow supervisor (403).
    let outside = app
        .post("/api/v1/users/bulk")
        .as_user(&supervisor)
        .json(&json!({ "user_ids": [mine.user_id, theirs.user_id], "set": { "max_chats": 1 } }))
        .send()
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    let fellow = app
        .post("/api/v1/users/bulk")
        .as_user(&supervisor)
        .json(&json!({ "user_ids": [peer.user_id], "set": { "max_chats": 1 } }))
        .send()
        .await;
    assert_eq!(fellow.status, StatusCode::FORBIDDEN);
    let unchanged = app
        .get(&format!("/api/v1/users/{}", mine.user_id))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(unchanged["max_chats"], 6, "all or nothing");

    // One by one edits are not theirs.
    let single = app
        .patch(&format!("/api/v1/users/{}", mine.user_id))
        .as_user(&supervisor)
        .json(&json!({ "max_chats": 2 }))
        .send()
        .await;
    assert_eq!(single.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn lists_filter_paginate_and_count() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let team = group(&app, &admin, json!({ "name": "Team" })).await;
    let mut agents = Vec::new();
    for _ in 0..3 {
        agents.push(app.user(&admin.company_id, Template::Agent).await);
    }
    app.patch(&format!("/api/v1/users/{}", agents[0].user_id))
        .as_user(&admin)
        .json(&json!({ "group_ids": [team], "name": "Zed Zulu" }))
        .send()
        .await;
    let other = app.signup("Other").await;
    app.user(&other.company_id, Template::Agent).await;

    let all = app
        .get("/api/v1/users?count=true")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(all["total"], 4, "other companies' users never count");
    let by_group = app
        .get(&format!("/api/v1/users?group_id={team}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(by_group["items"].as_array().unwrap().len(), 1);
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    let by_role = app
        .get(&format!("/api/v1/users?role_id={agent_role}&count=true"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(by_role["total"], 3);
    let by_text = app
        .get("/api/v1/users?q=zulu")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(by_text["items"][0]["id"], agents[0].user_id.as_str());
    let percent = app
        .get("/api/v1/users?q=%25")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        percent["items"].as_array().unwrap().len(),
        0,
        "LIKE wildcards are escaped"
    );

    let first = app
        .get("/api/v1/users?limit=2")
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next"].as_str().unwrap();
    let second = app
        .get(&format!("/api/v1/users?limit=2&cursor={cursor}"))
        .as_user(&admin)
        .send()
        .await
        .json();
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert_eq!(second["next"], Value::Null);
    let bad = app
        .get("/api/v1/users?limit=many")
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_demo_supervisor_sees_the_demo_floor_at_work() {
    let app = TestApp::new().await;
    let (accounts, created) = app::demo::load(&app.ctx).await.unwrap();
    assert!(created);
    let login = |role: &str| {
        let account = accounts.iter().find(|a| a.role == role).unwrap();
        app.login(&account.email, &account.password)
    };
    let supervisor = login("Supervisor").await;
    let seen = app
        .get("/api/v1/users?count=true")
        .bearer(&supervisor)
        .send()
        .await
        .json();
    assert_eq!(seen["total"], 1);
    assert_eq!(seen["items"][0]["email"], "agent@demo.example.com");
    let admin = login("Admin").await;
    let all = app
        .get("/api/v1/users?count=true")
        .bearer(&admin)
        .send()
        .await
        .json();
    assert_eq!(all["total"], 5);
    // The floor is at work: the agent is available, a call waits in the queue, and
    // the day's calls show in the queue figures and the agent's productivity.
    let agents = app
        .get("/api/v1/live/agents")
        .bearer(&supervisor)
        .send()
        .await
        .json();
    assert_eq!(agents["items"][0]["state"], "available");
    let queues = app
        .get("/api/v1/live/queues")
        .bearer(&supervisor)
        .send()
        .await
        .json();
    assert_eq!(queues["items"][0]["waiting"], 1);
    let work = app
        .get("/api/v1/reports/operator-productivity")
        .bearer(&supervisor)
        .send()
        .await
        .json();
    let attempts: i64 = work["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["attempts"].as_i64().unwrap())
        .sum();
    assert_eq!(attempts, 30);

    // Each case has the history its page shows: created, its calls, and the change of
    // status of those no longer active; a callback was asked for before it is due.
    let agent = login("Agent").await;
    let cases = app
        .get("/api/v1/cases?limit=100")
        .bearer(&agent)
        .send()
        .await
        .json();
    let cases = cases["items"].as_array().unwrap().clone();
    assert_eq!(cases.len(), 12);
    let mut callbacks = 0;
    for case in &cases {
        let one = app
            .get(&format!("/api/v1/cases/{}", case["id"].as_str().unwrap()))
            .bearer(&agent)
            .send()
            .await
            .json();
        let history = one["history"].as_array().unwrap();
        let kinds: Vec<&str> = history
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.first(), Some(&"created"), "{one}");
        assert!(
            kinds.iter().filter(|k| **k == "attempt").count() >= 2,
            "{one}"
        );
        if one["status"] != "active" {
            let changed = history.iter().rfind(|e| e["kind"] == "status");
            assert_eq!(
                changed.map(|e| &e["data"]["to"]),
                Some(&one["status"]),
                "{one}"
            );
        }
        let at = |e: &Value| e["at"].as_str().unwrap().to_owned();
        assert!(history.windows(2).all(|w| at(&w[0]) <= at(&w[1])), "{one}");
        if let Some(due) = one["next_contact_at"].as_str() {
            callbacks += 1;
            let asked = history
                .iter()
                .rev()
                .find(|e| e["kind"] == "attempt")
                .unwrap();
            assert_eq!(asked["data"]["result"], "callback_requested", "{one}");
            assert_eq!(asked["data"]["next_contact_at"].as_str(), Some(due));
            assert!(at(asked).as_str() < due, "{one}");
        }
    }
    assert_eq!(callbacks, 3);

    // The case settings are those of a collections center: closing takes a payment
    // reference, and there are reasons to give.
    let open = cases.iter().find(|c| c["status"] == "active").unwrap();
    let refused = app
        .post(&format!(
            "/api/v1/cases/{}/status",
            open["id"].as_str().unwrap()
        ))
        .bearer(&agent)
        .json(&serde_json::json!({ "status": "closed" }))
        .send()
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert_eq!(
        refused.json()["error"]["missing"],
        serde_json::json!(["payment_reference"])
    );
    let reasons = app
        .get("/api/v1/case-reasons")
        .bearer(&admin)
        .send()
        .await
        .json();
    assert_eq!(
        reasons["items"].as_array().map(Vec::len),
        Some(3),
        "{reasons}"
    );
}
