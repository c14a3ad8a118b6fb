//! The reference-model test of visibility: random companies (projects, groups, users
//! with random template roles and memberships, objects placed in projects, cases in
//! the projects' CRM forms offered to random users) are built
//! over the API; a small, obviously correct function computes what each user may see;
//! every list (at page sizes 1, 2 and 50) must return exactly that set with a matching
//! total, every visible id must answer 200 and every other id 404.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use domain::{DataScope, Permission, Template};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use testkit::{Session, TestApp};

const TEMPLATES: [Template; 5] = [
    Template::Admin,
    Template::Manager,
    Template::Supervisor,
    Template::Agent,
    Template::Owner,
];

/// A company as the model sees it. Indexes refer to the vectors; project 0 is the
/// Default project (holding only the signed-up admin) when the company is enhanced.
#[derive(Debug, Clone)]
struct World {
    enhanced: bool,
    projects: usize,
    /// Per user: template, direct projects.
    users: Vec<(Template, BTreeSet<usize>)>,
    /// Per group: members, supervisors, projects.
    groups: Vec<(BTreeSet<usize>, BTreeSet<usize>, BTreeSet<usize>)>,
    /// Per object: kind, projects (one for queues, several for schedules, none for tags).
    objects: Vec<(&'static str, BTreeSet<usize>)>,
    /// Per case: the project of its CRM form, and the user it is offered to (it stays
    /// unassigned when that user may not take it).
    cases: Vec<(usize, Option<usize>)>,
}

fn subset(n: usize) -> impl Strategy<Value = BTreeSet<usize>> {
    proptest::collection::btree_set(0..n, 0..=n)
}

fn world() -> impl Strategy<Value = World> {
    (any::<bool>(), 1usize..=3, 1usize..=5, 0usize..=2).prop_flat_map(
        |(enhanced, projects, users, groups)| {
            let user =
                (0usize..5, subset(projects)).prop_map(|(t, projects)| (TEMPLATES[t], projects));
            let group = (subset(users), subset(users), subset(projects));
            let object = prop_oneof![
                (0..projects).prop_map(|p| ("queues", BTreeSet::from([p]))),
                proptest::collection::btree_set(0..projects, 1..=projects)
                    .prop_map(|ps| ("schedules", ps)),
                Just(("tags", BTreeSet::new())),
            ];
            (
                proptest::collection::vec(user, users),
                proptest::collection::vec(group, groups),
                proptest::collection::vec(object, 0..=6),
                proptest::collection::vec((0..projects, proptest::option::of(0..=users)), 0..=6),
            )
                .prop_map(move |(users, groups, objects, cases)| World {
                    enhanced,
                    projects,
                    users,
                    groups,
                    objects,
                    cases,
                })
        },
    )
}

/// The model: which users (by index) and which objects (by index) user `u` sees.
/// User index `n` (one past the generated users) is the signed-up admin.
struct Model<'a> {
    w: &'a World,
}

impl Model<'_> {
    fn template(&self, u: usize) -> Template {
        self.w.users.get(u).map_or(Template::Admin, |(t, _)| *t)
    }

    fn projects_of(&self, u: usize) -> BTreeSet<usize> {
        let mut projects = match self.w.users.get(u) {
            Some((_, direct)) => direct.clone(),
            // the signed-up admin is in Default (project 0) when enhanced
            None => BTreeSet::from([0]),
        };
        for (members, _, group_projects) in &self.w.groups {
            if members.contains(&u) {
                projects.extend(group_projects);
            }
        }
        projects
    }

    /// `None` when projects do not limit `u`.
    fn limit(&self, u: usize) -> Option<BTreeSet<usize>> {
        let view_all = self
            .template(u)
            .permissions()
            .has(Permission::PROJECTS_VIEW_ALL);
        (self.w.enhanced && !view_all).then(|| self.projects_of(u))
    }

    fn objects(&self, u: usize, kind: &str) -> BTreeSet<usize> {
        let limit = self.limit(u);
        (0..self.w.objects.len())
            .filter(|&o| {
                let (k, placed) = &self.w.objects[o];
                *k == kind
                    && (kind == "tags"
                        || limit.as_ref().is_none_or(|mine| !mine.is_disjoint(placed)))
            })
            .collect()
    }

    fn users(&self, u: usize) -> BTreeSet<usize> {
        let all = self.w.users.len() + 1;
        let limit = self.limit(u);
        let shares = |v: usize| {
            v == u
                || limit
                    .as_ref()
                    .is_none_or(|mine| !mine.is_disjoint(&self.projects_of(v)))
        };
        let in_scope =
            |v: usize| match self.template(u).scope() {
                DataScope::All => true,
                DataScope::Own => v == u,
                DataScope::Managed => self.w.groups.iter().any(|(members, supervisors, _)| {
                    supervisors.contains(&u) && members.contains(&v)
                }),
            };
        (0..all).filter(|&v| shares(v) && in_scope(v)).collect()
    }

    /// Whether user `v` may be given a case of project `p`.
    fn may_take(&self, v: usize, p: usize) -> bool {
        self.template(v).permissions().has(Permission::CASES_VIEW)
            && self.limit(v).is_none_or(|mine| mine.contains(&p))
    }

    /// The assignee each case ends up with.
    fn assignee(&self, c: usize) -> Option<usize> {
        let (p, offered) = self.w.cases[c];
        offered.filter(|&v| self.may_take(v, p))
    }

    fn cases(&self, u: usize) -> BTreeSet<usize> {
        let limit = self.limit(u);
        (0..self.w.cases.len())
            .filter(|&c| {
                let (p, _) = self.w.cases[c];
                let assignee = self.assignee(c);
                let shares = limit.as_ref().is_none_or(|mine| mine.contains(&p));
                let in_scope = match self.template(u).scope() {
                    DataScope::All => true,
                    DataScope::Own => assignee == Some(u),
                    DataScope::Managed => assignee.is_some_and(|a| {
                        self.w.groups.iter().any(|(members, supervisors, _)| {
                            supervisors.contains(&u) && members.contains(&a)
                        })
                    }),
                };
                shares && in_scope
            })
            .collect()
    }

    fn groups(&self, u: usize) -> BTreeSet<usize> {
        let limit = self.limit(u);
        (0..self.w.groups.len())
            .filter(|&g| {
                let (members, supervisors, projects) = &self.w.groups[g];
                let shares = limit
                    .as_ref()
                    .is_none_or(|mine| !mine.is_disjoint(projects));
                let in_scope = match self.template(u).scope() {
                    DataScope::All => true,
                    DataScope::Managed => supervisors.contains(&u),
                    DataScope::Own => members.contains(&u),
                };
                shares && in_scope
            })
            .collect()
    }
}

fn id(value: &serde_json::Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// Builds the world over the API; answers the sessions (admin last) and the ids of
/// groups, objects and cases.
async fn build(app: &TestApp, w: &World) -> (Vec<Session>, Vec<String>, Vec<String>, Vec<String>) {
    let admin = app.signup("Model").await;
    let mut project_ids = Vec::new();
    if w.enhanced {
        project_ids.push(app.enhanced_security(&admin).await);
    }
    while project_ids.len() < w.projects {
        let created = app
            .post("/api/v1/projects")
            .as_user(&admin)
            .json(&json!({ "name": format!("P{}", project_ids.len()) }))
            .send()
            .await;
        project_ids.push(id(&created.json()));
    }
    let mut sessions = Vec::new();
    for (template, projects) in &w.users {
        let user = app.user(&admin.company_id, *template).await;
        for &p in projects {
            let joined = app
                .post(&format!("/api/v1/projects/{}/members", project_ids[p]))
                .as_user(&admin)
                .json(&json!({ "user_id": user.user_id }))
                .send()
                .await;
            assert_eq!(joined.status, StatusCode::OK, "{}", joined.text());
        }
        sessions.push(user);
    }
    sessions.push(admin.clone());
    let mut group_ids = Vec::new();
    for (g, (members, supervisors, projects)) in w.groups.iter().enumerate() {
        let ids = |set: &BTreeSet<usize>| {
            set.iter()
                .map(|&u| sessions[u].user_id.clone())
                .collect::<Vec<_>>()
        };
        let created = app
            .post("/api/v1/groups")
            .as_user(&admin)
            .json(&json!({ "name": format!("G{g}"), "member_ids": ids(members), "supervisor_ids": ids(supervisors),
                           "project_ids": projects.iter().map(|&p| project_ids[p].clone()).collect::<Vec<_>>() }))
            .send()
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        group_ids.push(id(&created.json()));
    }
    let mut object_ids = Vec::new();
    for (o, (kind, projects)) in w.objects.iter().enumerate() {
        let mut body = json!({ "name": format!("O{o}") });
        if *kind != "tags" {
            body["project_ids"] = json!(
                projects
                    .iter()
                    .map(|&p| project_ids[p].clone())
                    .collect::<Vec<_>>()
            );
        }
        let created = app
            .post(&format!("/api/v1/{kind}"))
            .as_user(&admin)
            .json(&body)
            .send()
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        object_ids.push(id(&created.json()));
    }
    // One CRM form per project (cases come through it and take its project; forms
    // are not among the lists checked here), then the cases.
    let mut forms = Vec::new();
    for (p, project_id) in project_ids.iter().enumerate() {
        let form = app
            .post("/api/v1/crm-forms")
            .as_user(&admin)
            .json(&json!({ "name": format!("Form {p}"), "project_ids": [project_id] }))
            .send()
            .await;
        assert_eq!(form.status, StatusCode::CREATED, "{}", form.text());
        forms.push(id(&form.json()));
    }
    let model = Model { w };
    let mut case_ids = Vec::new();
    for (c, (p, _)) in w.cases.iter().enumerate() {
        let assignee = model.assignee(c).map(|v| sessions[v].user_id.clone());
        let created = app
            .post("/api/v1/cases")
            .as_user(&admin)
            .json(&json!({ "crm_form_id": forms[*p], "customer": { "name": format!("Customer {c}") }, "assignee_id": assignee }))
            .send()
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        case_ids.push(id(&created.json()));
    }
    // Offering a case to someone who may not take it is refused.
    for (c, (p, offered)) in w.cases.iter().enumerate() {
        if let Some(v) = offered.filter(|&v| !model.may_take(v, *p)) {
            let refused = app
                .post("/api/v1/cases/assign")
                .as_user(&admin)
                .json(&json!({ "case_ids": [case_ids[c]], "assignee_id": sessions[v].user_id }))
                .send()
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                refused.text()
            );
        }
    }
    (sessions, group_ids, object_ids, case_ids)
}

/// Reads a whole list at one page size; answers the ids and the total.
async fn read_all(
    app: &TestApp,
    who: &Session,
    path: &str,
    size: usize,
) -> Option<(BTreeSet<String>, i64)> {
    let mut seen = BTreeSet::new();
    let mut cursor: Option<String> = None;
    let mut total = None;
    loop {
        let joint = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{joint}limit={size}&count=true");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&url).as_user(who).send().await;
        if page.status == StatusCode::FORBIDDEN {
            return None;
        }
        assert_eq!(page.status, StatusCode::OK, "{url}: {}", page.text());
        let page = page.json();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= size);
        for item in items {
            assert!(seen.insert(id(item)), "{path}: an id came twice");
        }
        total = total.or(page["total"].as_i64());
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    Some((seen, total.unwrap()))
}

async fn check(w: World) {
    let app = TestApp::new().await;
    let (sessions, group_ids, object_ids, case_ids) = build(&app, &w).await;
    let model = Model { w: &w };
    let user_ids: Vec<String> = sessions.iter().map(|s| s.user_id.clone()).collect();
    for (u, session) in sessions.iter().enumerate() {
        let template = model.template(u);
        let lists: Vec<(String, Permission, BTreeSet<usize>, &Vec<String>)> = vec![
            (
                "/api/v1/queues".into(),
                Permission::QUEUES_VIEW,
                model.objects(u, "queues"),
                &object_ids,
            ),
            (
                "/api/v1/schedules".into(),
                Permission::SCHEDULES_VIEW,
                model.objects(u, "schedules"),
                &object_ids,
            ),
            (
                "/api/v1/tags".into(),
                Permission::TAGS_VIEW,
                model.objects(u, "tags"),
                &object_ids,
            ),
            (
                "/api/v1/users".into(),
                Permission::USERS_VIEW,
                model.users(u),
                &user_ids,
            ),
            (
                "/api/v1/groups".into(),
                Permission::GROUPS_VIEW,
                model.groups(u),
                &group_ids,
            ),
            (
                "/api/v1/cases".into(),
                Permission::CASES_VIEW,
                model.cases(u),
                &case_ids,
            ),
        ];
        for (path, permission, expected, ids) in lists {
            let expected: BTreeSet<String> = expected.iter().map(|&i| ids[i].clone()).collect();
            for size in [1, 2, 50] {
                let got = read_all(&app, session, &path, size).await;
                if !template.permissions().has(permission) {
                    assert!(got.is_none(), "{path} as {template:?} must be 403");
                    continue;
                }
                let (got, total) = got.unwrap();
                assert_eq!(
                    got, expected,
                    "{path} as user {u} ({template:?}) at page size {size}\n{w:?}"
                );
                assert_eq!(total as usize, expected.len(), "{path} total as user {u}");
            }
            // The access explanation agrees with the model, permission included.
            let admin = sessions.last().unwrap();
            let kind = path.rsplit('/').next().unwrap();
            for (i, target) in ids.iter().enumerate() {
                if kind == "cases"
                    || (kind != "users" && kind != "groups" && w.objects[i].0 != kind)
                {
                    continue;
                }
                let url = format!(
                    "/api/v1/access/explain?user_id={}&kind={kind}&id={target}",
                    session.user_id
                );
                let explained = app.get(&url).as_user(admin).send().await;
                assert_eq!(
                    explained.status,
                    StatusCode::OK,
                    "{url}: {}",
                    explained.text()
                );
                let allowed = explained.json()["allowed"] == true;
                let want = template.permissions().has(permission) && expected.contains(target);
                assert_eq!(
                    allowed,
                    want,
                    "{url} as user {u} ({template:?}): {}\n{w:?}",
                    explained.text()
                );
            }
            if template.permissions().has(permission) {
                // every id of that list's kind: visible ones answer 200, the rest 404
                let kind_ids: Vec<&String> = if path.ends_with("/users")
                    || path.ends_with("/groups")
                    || path.ends_with("/cases")
                {
                    ids.iter().collect()
                } else {
                    let kind = path.rsplit('/').next().unwrap();
                    ids.iter()
                        .enumerate()
                        .filter(|(o, _)| w.objects[*o].0 == kind)
                        .map(|(_, id)| id)
                        .collect()
                };
                for other in kind_ids {
                    let status = app
                        .get(&format!("{path}/{other}"))
                        .as_user(session)
                        .send()
                        .await
                        .status;
                    let want = if expected.contains(other) {
                        StatusCode::OK
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    assert_eq!(
                        status, want,
                        "GET {path}/{other} as user {u} ({template:?})\n{w:?}"
                    );
                }
            }
        }
        // Text search reads its own index (terms carrying the case's project) and
        // must narrow within visibility, never widen it: every customer matches.
        if template.permissions().has(Permission::CASES_VIEW) {
            let path = "/api/v1/cases?q=customer";
            let expected: BTreeSet<String> = model
                .cases(u)
                .iter()
                .map(|&c| case_ids[c].clone())
                .collect();
            let (got, total) = read_all(&app, session, path, 2).await.unwrap();
            assert_eq!(got, expected, "{path} as user {u} ({template:?})\n{w:?}");
            assert_eq!(total as usize, expected.len(), "{path} total as user {u}");
        }
    }
}

#[test]
fn every_list_returns_exactly_what_the_model_allows() {
    let cases = std::env::var("VISIBILITY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runner
        .run(&world(), |w| {
            runtime.block_on(check(w));
            Ok(())
        })
        .unwrap();
}
