//! Lists made for hundreds of rows: users, groups, roles and objects sorted by their
//! columns and paged in SQL, bulk account changes on the users list, and the project
//! pickers that add many members and objects at once.

use axum::http::StatusCode;
use domain::Template;
use domain::billing::Seats;
use serde_json::{Value, json};
use testkit::{Session, TestApp, id_of};

use crate::browser::{api, api_get, get, location, page, post, section};

/// Adds `n` agents named `{prefix} 000`, `{prefix} 001`, … straight through storage
/// (no password: only their rows matter); answers their ids in name order.
async fn agents(app: &TestApp, company_id: &str, prefix: &str, n: usize) -> Vec<String> {
    let mut tx = app.ctx.pool.write().await.unwrap();
    let role = store::roles::template_role(&mut tx, company_id, Template::Agent)
        .await
        .unwrap()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let id = domain::ids::new_id();
        let email = testkit::unique_email(&format!("{}{i}", prefix.to_lowercase()));
        store::users::insert(
            &mut tx,
            &store::users::NewUser {
                id: &id,
                company_id,
                role_id: &role.id,
                name: &format!("{prefix} {i:03}"),
                email: &email,
                email_key: &email,
                password_hash: None,
                language: "en",
                timezone: "UTC",
                now: domain::clock::now(),
            },
        )
        .await
        .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
}

async fn group(
    app: &TestApp,
    admin: &Session,
    name: &str,
    supervisors: &[&str],
    members: &[&str],
) -> String {
    id_of(
        &api(
            app,
            admin,
            "/api/v1/groups",
            json!({ "name": name, "supervisor_ids": supervisors, "member_ids": members }),
        )
        .await,
    )
}

/// Where `needle` first appears in `html`; fails when it does not.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{needle} missing in {html}"))
}

async fn user(app: &TestApp, who: &Session, id: &str) -> Value {
    api_get(app, who, &format!("/api/v1/users/{id}")).await
}

#[tokio::test]
async fn users_sort_by_a_column_and_page_fifty_rows_at_a_time() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    agents(&app, &admin.company_id, "Zed", 55).await;

    let html = page(&app, &admin, "/users?q=Zed&sort=name&dir=desc").await;
    assert!(html.contains("Users found: 55"), "{html}");
    let table = section(&html, "id=\"users-table\"", "</table>");
    assert!(at(table, ">Zed 054<") < at(table, ">Zed 053<"));
    assert!(
        table.contains(">Zed 005<") && !table.contains(">Zed 004<"),
        "fifty a page"
    );
    // The header says how the table is ordered, and clicking it again turns it round.
    let name_header = section(table, "aria-sort=", "</th>");
    assert!(
        name_header.starts_with("aria-sort=\"descending\""),
        "{name_header}"
    );
    assert!(
        name_header.contains("sort=name&#38;dir=asc"),
        "{name_header}"
    );
    assert!(name_header.contains("q=Zed"), "the header keeps the search");

    // Page 2 in name order holds the 51st row onwards.
    let first = page(&app, &admin, "/users?q=Zed&sort=name&dir=asc").await;
    let end = at(&first, "id=\"users-next\"");
    let next = &first[first[..end].rfind("<a ").unwrap()..end];
    assert!(next.contains("page=2") && next.contains("q=Zed"), "{next}");
    let second = page(&app, &admin, "/users?q=Zed&sort=name&dir=asc&page=2").await;
    let table = section(&second, "id=\"users-table\"", "</table>");
    assert!(table.contains(">Zed 050<") && table.contains(">Zed 054<"));
    assert!(!table.contains(">Zed 049<"));
    assert!(second.contains("Rows 51–55 of 55"), "{second}");
    assert!(second.contains("id=\"users-previous\"") && !second.contains("id=\"users-next\""));

    // By e-mail, status, role, groups: every header sorts; an unknown column is the
    // list's own order, not an error.
    for column in ["email", "status", "role", "groups"] {
        let html = page(&app, &admin, &format!("/users?sort={column}&dir=desc")).await;
        assert!(html.contains("aria-sort=\"descending\""), "{column}");
    }
    let unknown = page(&app, &admin, "/users?sort=password_hash&dir=desc").await;
    assert!(!unknown.contains("aria-sort="));
}

#[tokio::test]
async fn a_supervisors_users_list_counts_only_the_agents_of_their_groups() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine = agents(&app, &admin.company_id, "Mine", 3).await;
    agents(&app, &admin.company_id, "Other", 60).await;
    let members: Vec<&str> = mine.iter().map(String::as_str).collect();
    group(&app, &admin, "Floor", &[&supervisor.user_id], &members).await;

    let html = page(&app, &supervisor, "/users?sort=name&dir=desc").await;
    assert!(html.contains("Users found: 3"), "{html}");
    assert!(!html.contains("Other 0"));
    assert!(!html.contains("id=\"users-next\""), "one page");
    let table = section(&html, "id=\"users-table\"", "</table>");
    assert!(at(table, ">Mine 002<") < at(table, ">Mine 000<"));
    // A supervisor edits agents through skills bulk edits, not these actions.
    assert!(!html.contains("id=\"bulk-block\""));
}

#[tokio::test]
async fn bulk_role_and_groups_change_whom_the_actor_may_edit_and_name_the_others() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let other_admin = app.user(&admin.company_id, Template::Admin).await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let ids = agents(&app, &admin.company_id, "Bulk", 2).await;
    let supervisor_role = app
        .template_role_id(&admin.company_id, Template::Supervisor)
        .await;
    let manager_role = app
        .template_role_id(&admin.company_id, Template::Manager)
        .await;

    let html = page(&app, &admin, "/users").await;
    assert!(
        html.contains("id=\"bulk-set-role\"") && html.contains(&format!("value=\"{}\"", ids[0]))
    );
    // Select all on this page ticks every row.
    let all = page(&app, &admin, "/users?select=all").await;
    assert_eq!(
        all.matches("name=\"user_ids\"").count(),
        all.matches("name=\"user_ids\" value=").count()
    );
    assert!(
        all.contains(&format!(
            "value=\"{}\" id=\"tick-{}\" aria-label=\"Tick: Bulk 000\" checked",
            ids[0], ids[0]
        )),
        "{all}"
    );

    // A role the actor may not grant refuses the whole request.
    let refused = post(
        &app,
        &manager,
        "/users/bulk",
        &[
            ("action", "role"),
            ("role_id", &manager_role),
            ("user_ids", &ids[0]),
            ("back", "/users"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(
        user(&app, &admin, &ids[0]).await["role_id"],
        app.template_role_id(&admin.company_id, Template::Agent)
            .await
    );

    // Within rights: the agents change; another Admin and oneself are named, unchanged.
    let done = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "role"),
            ("role_id", &supervisor_role),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
            ("user_ids", &other_admin.user_id),
            ("user_ids", &admin.user_id),
            ("back", "/users?sort=name&dir=desc"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let html = done.text();
    assert!(html.contains("2 changed, 0 already so."), "{html}");
    assert!(html.contains("2 not changed:"), "{html}");
    assert!(html.contains("Test Admin (not allowed)"), "{html}");
    assert!(html.contains("Acme Admin (your own account)"), "{html}");
    assert!(
        html.contains("aria-sort=\"descending\""),
        "the list keeps its order"
    );
    for id in &ids {
        assert_eq!(
            user(&app, &admin, id).await["role_id"],
            supervisor_role.as_str()
        );
    }
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    assert_eq!(
        user(&app, &admin, &other_admin.user_id).await["role_id"],
        admin_role.as_str()
    );
    let audit = api_get(&app, &admin, &format!("/api/v1/audit?object_id={}", ids[0])).await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.updated"
                && e["after"]["role_id"] == supervisor_role.as_str()),
        "{audit}"
    );

    // Groups: added to, then taken out of, each user's other groups kept.
    let kept = group(&app, &admin, "Kept", &[], &[&ids[0]]).await;
    let night = group(&app, &admin, "Night", &[], &[]).await;
    let added = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "add_groups"),
            ("group_ids", &night),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
        ],
    )
    .await;
    assert!(added.text().contains("2 changed"), "{}", added.text());
    let mut first_groups = vec![kept.clone(), night.clone()];
    first_groups.sort();
    assert_eq!(
        user(&app, &admin, &ids[0]).await["group_ids"],
        json!(first_groups)
    );
    assert_eq!(
        user(&app, &admin, &ids[1]).await["group_ids"],
        json!([night])
    );
    let removed = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "remove_groups"),
            ("group_ids", &night),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
        ],
    )
    .await;
    assert!(removed.text().contains("2 changed"), "{}", removed.text());
    assert_eq!(
        user(&app, &admin, &ids[0]).await["group_ids"],
        json!([kept])
    );
    assert_eq!(user(&app, &admin, &ids[1]).await["group_ids"], json!([]));
    // An unknown group is refused as a field, nothing changed.
    let unknown = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "add_groups"),
            ("group_ids", "nope"),
            ("user_ids", &ids[0]),
        ],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bulk_blocking_asks_first_and_unblocking_needs_free_seats() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let blocked = app.user(&admin.company_id, Template::Agent).await;
    let ids = agents(&app, &admin.company_id, "Block", 2).await;
    let back = "/users?q=Block";

    // Without the confirmation nothing happens: the page asks, naming who.
    let ask = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "block"),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
            ("back", back),
        ],
    )
    .await;
    assert_eq!(ask.status, StatusCode::OK);
    let html = ask.text();
    assert!(html.contains("Block these 2 users?"), "{html}");
    assert!(html.contains("Block 000, Block 001"), "{html}");
    assert!(
        html.contains("id=\"confirm-action\"") && html.contains("name=\"confirm\" value=\"yes\"")
    );
    assert!(html.contains(&format!("name=\"user_ids\" value=\"{}\"", ids[1])));
    assert!(
        html.contains("href=\"/users?q=Block\" id=\"confirm-cancel\""),
        "{html}"
    );
    assert_eq!(user(&app, &admin, &ids[0]).await["active"], true);

    let done = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "block"),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
            ("user_ids", &blocked.user_id),
            ("back", back),
            ("confirm", "yes"),
        ],
    )
    .await;
    assert!(done.text().contains("3 changed"), "{}", done.text());
    for id in ids.iter().chain([&blocked.user_id]) {
        assert_eq!(user(&app, &admin, id).await["active"], false);
    }
    // A blocked user's session ends at once.
    let me = app.get("/api/v1/me").as_user(&blocked).send().await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let audit = api_get(&app, &admin, &format!("/api/v1/audit?object_id={}", ids[1])).await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.blocked")
    );

    // Seats: one left for two users, so unblocking both changes nothing.
    let used = api_get(&app, &admin, "/api/v1/billing").await["seats_used"]
        .as_i64()
        .unwrap();
    app::billing::set_plan(
        &app.ctx,
        &admin.company_id,
        "Team",
        Seats::Limited(used + 1),
    )
    .await
    .unwrap();
    let refused = post(
        &app,
        &admin,
        "/users/bulk",
        &[
            ("action", "unblock"),
            ("user_ids", &ids[0]),
            ("user_ids", &ids[1]),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.text().contains("Every seat of the company"),
        "{}",
        refused.text()
    );
    assert_eq!(user(&app, &admin, &ids[0]).await["active"], false);
    assert_eq!(user(&app, &admin, &ids[1]).await["active"], false);
    // One fits.
    let one = post(
        &app,
        &admin,
        "/users/bulk",
        &[("action", "unblock"), ("user_ids", &ids[0])],
    )
    .await;
    assert!(one.text().contains("1 changed"), "{}", one.text());
    assert_eq!(user(&app, &admin, &ids[0]).await["active"], true);
}

#[tokio::test]
async fn a_supervisor_blocks_nobody_and_users_outside_their_groups_are_not_found() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let mine = agents(&app, &admin.company_id, "Mine", 1).await;
    let other = agents(&app, &admin.company_id, "Other", 1).await;
    group(&app, &admin, "Floor", &[&supervisor.user_id], &[&mine[0]]).await;

    let done = post(
        &app,
        &supervisor,
        "/users/bulk",
        &[
            ("action", "block"),
            ("user_ids", &mine[0]),
            ("user_ids", &other[0]),
            ("confirm", "yes"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let html = done.text();
    assert!(html.contains("0 changed"), "{html}");
    assert!(html.contains("Mine 000 (not allowed)"), "{html}");
    // The other group's agent is not even named: it does not exist for them.
    assert!(!html.contains("Other 000"), "{html}");
    assert!(
        html.contains(&format!("{} (not found)", other[0])),
        "{html}"
    );
    assert_eq!(user(&app, &admin, &mine[0]).await["active"], true);
    assert_eq!(user(&app, &admin, &other[0]).await["active"], true);
}

#[tokio::test]
async fn project_pickers_search_filter_by_group_and_add_many_at_once() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ids = agents(&app, &admin.company_id, "Pick", 4).await;
    let floor = group(&app, &admin, "Floor", &[], &[&ids[0], &ids[1], &ids[2]]).await;
    let created = post(
        &app,
        &admin,
        "/projects",
        &[("name", "North"), ("description", "")],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let path = location(&created).replace("?created=1", "");

    // Search by name and filter by group: Pick 003 is not in Floor.
    let html = page(
        &app,
        &admin,
        &format!("{path}?user_q=pick&user_group={floor}"),
    )
    .await;
    let picker = section(&html, "id=\"user-picker\"", "</form>");
    for id in &ids[..3] {
        assert!(picker.contains(&format!("value=\"{id}\"")), "{picker}");
    }
    assert!(!picker.contains(&ids[3]));
    assert!(html.contains(&format!(
        "<option value=\"{floor}\" selected>Floor</option>"
    )));

    let added = post(
        &app,
        &admin,
        &format!("{path}/members"),
        &[
            ("member", "user"),
            ("member_id", &ids[0]),
            ("member_id", &ids[1]),
            ("member_id", &ids[2]),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    let project_id = path.trim_start_matches("/projects/");
    let project = api_get(&app, &admin, &format!("/api/v1/projects/{project_id}")).await;
    let mut members: Vec<&str> = project["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    members.sort_unstable();
    let mut expected: Vec<&str> = ids[..3].iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(members, expected);
    let audit = api_get(
        &app,
        &admin,
        &format!("/api/v1/audit?object_id={project_id}"),
    )
    .await;
    let additions = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "project.member_added")
        .count();
    assert_eq!(additions, 3, "each addition audited");
    // Members are no longer offered.
    let html = page(&app, &admin, &format!("{path}?user_q=pick")).await;
    let picker = section(&html, "id=\"user-picker\"", "</form>");
    assert!(
        picker.contains(&ids[3]) && !picker.contains(&ids[0]),
        "{picker}"
    );

    // An id the reader cannot see refuses the whole addition.
    let refused = post(
        &app,
        &admin,
        &format!("{path}/members"),
        &[
            ("member", "user"),
            ("member_id", &ids[3]),
            ("member_id", "nobody"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Objects: a kind filter and a name search, then two at once.
    let mut queues = Vec::new();
    for name in ["Pick line one", "Pick line two", "Other line"] {
        queues.push(id_of(
            &api(
                &app,
                &admin,
                "/api/v1/queues",
                json!({ "name": name, "strategy": "ring_all" }),
            )
            .await,
        ));
    }
    let html = page(
        &app,
        &admin,
        &format!("{path}?object_kind=queues&object_q=pick"),
    )
    .await;
    let picker = section(&html, "id=\"object-picker\"", "</form>");
    assert!(
        picker.contains(&format!("queues:{}", queues[0]))
            && picker.contains(&format!("queues:{}", queues[1]))
    );
    assert!(!picker.contains(&queues[2]), "{picker}");
    let one = format!("queues:{}", queues[0]);
    let two = format!("queues:{}", queues[1]);
    let placed = post(
        &app,
        &admin,
        &format!("{path}/objects"),
        &[("object", &one), ("object", &two)],
    )
    .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.text());
    for queue in &queues[..2] {
        let stored = api_get(&app, &admin, &format!("/api/v1/queues/{queue}")).await;
        assert_eq!(stored["project_ids"], json!([project_id]));
    }
    let html = page(&app, &admin, &format!("{path}?object_kind=queues")).await;
    let picker = section(&html, "id=\"object-picker\"", "</form>");
    assert!(picker.contains(&queues[2]) && !picker.contains(&queues[0]));
}

#[tokio::test]
async fn groups_roles_and_objects_sort_by_their_columns() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let ids = agents(&app, &admin.company_id, "Sort", 3).await;
    group(&app, &admin, "Alpha", &[], &[&ids[0]]).await;
    group(&app, &admin, "Beta", &[], &[&ids[0], &ids[1], &ids[2]]).await;
    group(&app, &admin, "Gamma", &[], &[]).await;

    let html = page(&app, &admin, "/groups?sort=members&dir=desc").await;
    assert!(
        at(&html, ">Beta<") < at(&html, ">Alpha<") && at(&html, ">Alpha<") < at(&html, ">Gamma<")
    );
    let html = page(&app, &admin, "/groups?sort=name&dir=desc").await;
    assert!(
        at(&html, ">Gamma<") < at(&html, ">Beta<") && at(&html, ">Beta<") < at(&html, ">Alpha<")
    );

    // Roles by how many users hold them: Agent (3 here) before Admin (1).
    let html = page(&app, &admin, "/roles?sort=users&dir=desc").await;
    let table = section(&html, "<tbody>", "</tbody>");
    assert!(at(table, ">Agent<") < at(table, ">Admin<"), "{table}");
    let html = page(&app, &admin, "/roles?sort=users&dir=asc").await;
    let table = section(&html, "<tbody>", "</tbody>");
    assert!(at(table, ">Admin<") < at(table, ">Agent<"), "{table}");

    for name in ["Queue B", "Queue A", "Queue C"] {
        api(
            &app,
            &admin,
            "/api/v1/queues",
            json!({ "name": name, "strategy": "ring_all" }),
        )
        .await;
    }
    let html = page(&app, &admin, "/config/queues?sort=name&dir=desc").await;
    assert!(
        at(&html, ">Queue C<") < at(&html, ">Queue B<")
            && at(&html, ">Queue B<") < at(&html, ">Queue A<")
    );
    let html = page(&app, &admin, "/config/queues?sort=name").await;
    assert!(at(&html, ">Queue A<") < at(&html, ">Queue B<"));
    assert!(html.contains("aria-sort=\"ascending\""));
    let missing = get(&app, &admin, "/config/queues?sort=name&page=9").await;
    assert_eq!(
        missing.status,
        StatusCode::OK,
        "a page past the end is empty, not an error"
    );
}

#[tokio::test]
async fn the_api_changes_accounts_in_bulk_and_lists_the_refused() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let other = app.signup("Other").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let ids = agents(&app, &admin.company_id, "Api", 2).await;
    let theirs = agents(&app, &other.company_id, "Theirs", 1).await;
    let bulk = |who: &Session, body: Value| {
        let who = who.clone();
        let app = &app;
        async move {
            app.post("/api/v1/users/bulk/account")
                .as_user(&who)
                .json(&body)
                .send()
                .await
        }
    };

    let blocked = bulk(
        &manager,
        json!({ "user_ids": [ids[0], ids[1], admin.user_id, theirs[0]], "action": "block" }),
    )
    .await;
    assert_eq!(blocked.status, StatusCode::OK, "{}", blocked.text());
    let body = blocked.json();
    let mut changed: Vec<String> = serde_json::from_value(body["changed"].clone()).unwrap();
    changed.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(changed, expected);
    let refused = body["refused"].as_array().unwrap();
    assert!(
        refused.contains(&json!({ "user_id": admin.user_id, "reason": "not_allowed" })),
        "{body}"
    );
    // Another company's user is as absent as one that never existed.
    assert!(
        refused.contains(&json!({ "user_id": theirs[0], "reason": "not_found" })),
        "{body}"
    );
    assert_eq!(user(&app, &other, &theirs[0]).await["active"], true);
    // Only ids the caller cannot see: 404, as for one missing user.
    let nobody = bulk(
        &manager,
        json!({ "user_ids": [theirs[0]], "action": "block" }),
    )
    .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.text());

    // A role above the manager's own refuses everything.
    let admin_role = app
        .template_role_id(&admin.company_id, Template::Admin)
        .await;
    let refused = bulk(
        &manager,
        json!({ "user_ids": [ids[0]], "action": "role", "role_id": admin_role }),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    let unknown = bulk(
        &manager,
        json!({ "user_ids": [ids[0]], "action": "promote" }),
    )
    .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.text());

    // No seat left: unblocking answers 409 seat_limit and changes nothing.
    let used = api_get(&app, &admin, "/api/v1/billing").await["seats_used"]
        .as_i64()
        .unwrap();
    app::billing::set_plan(&app.ctx, &admin.company_id, "Team", Seats::Limited(used))
        .await
        .unwrap();
    let full = bulk(&admin, json!({ "user_ids": ids, "action": "unblock" })).await;
    assert_eq!(full.status, StatusCode::CONFLICT, "{}", full.text());
    assert_eq!(full.error_code(), "seat_limit");
    assert_eq!(user(&app, &admin, &ids[0]).await["active"], false);
}

#[tokio::test]
async fn cases_sort_by_due_date_both_ways_and_the_next_page_keeps_the_order() {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let campaign = app.campaign(&admin, json!([])).await;
    for (name, due) in [
        ("Due C", "2030-01-03"),
        ("Due A", "2030-01-01"),
        ("Due B", "2030-01-02"),
    ] {
        api(
            &app,
            &admin,
            "/api/v1/cases",
            json!({ "campaign_id": campaign, "customer": { "name": name }, "due_date": due }),
        )
        .await;
    }
    app.import_cases(&admin, &campaign, "Undated", 50).await;

    let html = page(&app, &admin, "/cases?status=active&sort=due_date&dir=asc").await;
    assert!(
        at(&html, ">Due A<") < at(&html, ">Due B<") && at(&html, ">Due B<") < at(&html, ">Due C<")
    );
    assert!(html.contains("aria-sort=\"ascending\""));
    // Cases without a due date come last, on the next page, which keeps the order.
    let end = at(&html, "id=\"next-page\"");
    let next = &html[html[..end].rfind("<a ").unwrap()..end];
    assert!(
        next.contains("sort=due_date") && next.contains("dir=asc") && next.contains("cursor="),
        "{next}"
    );

    let html = page(&app, &admin, "/cases?status=active&sort=due_date&dir=desc").await;
    assert!(
        at(&html, ">Due C<") < at(&html, ">Due B<") && at(&html, ">Due B<") < at(&html, ">Due A<")
    );
    assert!(html.contains("aria-sort=\"descending\""));
}
