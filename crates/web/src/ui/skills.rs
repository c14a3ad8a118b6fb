//! `/skills`: the skills queues route by — listed, created, renamed and deleted (after a
//! confirmation) — the bulk edit that gives one skill at a level to ticked users or
//! takes it away (a supervisor's agents, an administrator's users), and the skills card
//! of the user page.

use std::collections::{BTreeMap, HashMap};

use app::AppError;
use app::users::{BulkSet, OneSkill, SkillLevel, UserDetails};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, Permission};
use serde::Deserialize;
use store::users::UserFilter;

use super::common::{self, Fields, Problem, SelectOption};
use super::confirm;
use super::layout::Page;
use super::page_routes::Pages;
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected()
        .get("/skills", list)
        .post("/skills", create)
        .post("/skills/bulk", bulk)
        .post("/skills/{id}", rename)
        .post("/skills/{id}/delete", delete)
        .post("/users/{id}/skills", save_user)
}

/// The most skills and users the page lists.
const SHOWN: i64 = 500;
/// Levels run from 1 to 10 (`app::users`).
const LEVELS: std::ops::RangeInclusive<i64> = 1..=10;

/// What a redirect after a successful form may say: (`done` value, message).
const DONE: [(&str, &str); 4] = [
    ("created", "skills-flash-created"),
    ("saved", "flash-saved"),
    ("deleted", "flash-deleted"),
    ("updated", "skills-flash-updated"),
];

pub struct SkillLine {
    id: String,
    name: String,
    version: i64,
    holders: i64,
}

pub struct AgentLine {
    id: String,
    name: String,
    email: String,
    skills: String,
    ticked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "skills.html")]
pub struct SkillsPage {
    page: Page,
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    errors: BTreeMap<String, String>,
    rows: Vec<SkillLine>,
    may_manage: bool,
    new_name: String,
    /// `None` when the reader may not edit users' skills.
    agents: Option<Vec<AgentLine>>,
    groups: Vec<SelectOption>,
    group_id: String,
    skill_options: Vec<SelectOption>,
    levels: Vec<SelectOption>,
}

#[derive(Deserialize, Default)]
pub struct SkillsQuery {
    group_id: Option<String>,
    done: Option<String>,
    count: Option<usize>,
}

fn allowed(actor: &Actor) -> bool {
    actor.can(Permission::SKILLS_VIEW) || actor.can(Permission::SKILLS_MANAGE)
}

pub async fn list(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<SkillsQuery>,
) -> Response {
    let notice = query.done.as_deref().and_then(|done| {
        let (_, id) = DONE.iter().find(|(key, _)| *key == done)?;
        let text = page.t(id);
        Some(match query.count {
            Some(n) => text.replace("%%", &n.to_string()),
            None => text,
        })
    });
    let form = PageForm {
        group_id: common::non_empty(query.group_id),
        ..PageForm::default()
    };
    render(&state, &actor, page, notice, None, form).await
}

/// What the page shows again after a refused form.
#[derive(Default)]
struct PageForm {
    group_id: Option<String>,
    new_name: String,
    skill_id: String,
    level: String,
    ticked: Vec<String>,
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    problem: Option<Problem>,
    form: PageForm,
) -> Response {
    if !allowed(actor) {
        return common::forbidden(page);
    }
    match view(state, actor, page, notice, problem, form).await {
        Ok(response) => response,
        Err((page, error)) => common::fail(page, error),
    }
}

async fn view(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    problem: Option<Problem>,
    form: PageForm,
) -> Result<Response, (Page, AppError)> {
    let skills = match app::skills::list(&state.ctx, actor, None, SHOWN, false).await {
        Ok(skills) => skills.items,
        Err(error) => return Err((page, error)),
    };
    let names: HashMap<&str, &str> = skills
        .iter()
        .map(|s| (s.row.id.as_str(), s.row.name.as_str()))
        .collect();
    let group_id = form.group_id.clone().unwrap_or_default();
    let agents = match agents(state, actor, &form, &names).await {
        Ok(agents) => agents,
        Err(error) => return Err((page, error)),
    };
    let groups =
        match common::optional(app::groups::list(&state.ctx, actor, None, SHOWN, false).await) {
            Ok(groups) => groups.map(|p| p.items).unwrap_or_default(),
            Err(error) => return Err((page, error)),
        };
    let (status, errors, alert) = match problem {
        Some(p) => (p.status, p.errors, p.alert),
        None => (StatusCode::OK, BTreeMap::new(), None),
    };
    let mut levels: Vec<SelectOption> = LEVELS
        .map(|l| SelectOption::new(l.to_string(), l.to_string(), form.level == l.to_string()))
        .collect();
    levels.push(SelectOption::new(
        "remove",
        page.t("skills-level-remove"),
        form.level == "remove",
    ));
    let view = SkillsPage {
        title: page.t("nav-skills"),
        notice,
        alert,
        errors,
        skill_options: skills
            .iter()
            .map(|s| SelectOption::new(&s.row.id, &s.row.name, s.row.id == form.skill_id))
            .collect(),
        rows: skills
            .iter()
            .map(|s| SkillLine {
                id: s.row.id.clone(),
                name: s.row.name.clone(),
                version: s.row.version,
                holders: s.holders,
            })
            .collect(),
        may_manage: actor.can(Permission::SKILLS_MANAGE),
        new_name: form.new_name,
        agents,
        groups: groups
            .iter()
            .map(|g| SelectOption::new(&g.row.id, &g.row.name, g.row.id == group_id))
            .collect(),
        group_id,
        levels,
        page,
    };
    Ok((status, view).into_response())
}

/// The users the reader may tick for a bulk edit (within their scope: a supervisor's
/// agents), with the skills they hold; `None` without `users.manage`.
async fn agents(
    state: &AppState,
    actor: &Actor,
    form: &PageForm,
    names: &HashMap<&str, &str>,
) -> Result<Option<Vec<AgentLine>>, AppError> {
    if !actor.can(Permission::USERS_MANAGE) {
        return Ok(None);
    }
    let filter = UserFilter {
        group_id: form.group_id.clone(),
        active: Some(true),
        ..UserFilter::default()
    };
    let Some(users) =
        common::optional(app::users::list(&state.ctx, actor, &filter, None, SHOWN, false).await)?
    else {
        return Ok(None);
    };
    Ok(Some(
        users
            .items
            .iter()
            .map(|u| AgentLine {
                id: u.row.id.clone(),
                name: u.row.name.clone(),
                email: u.row.email.clone(),
                skills: held(u, names),
                ticked: form.ticked.contains(&u.row.id),
            })
            .collect(),
    ))
}

/// "Billing 7, Spanish 3": what a user holds, by skill name.
fn held(user: &UserDetails, names: &HashMap<&str, &str>) -> String {
    let mut held: Vec<String> = user
        .skills
        .iter()
        .filter_map(|s| {
            names
                .get(s.skill_id.as_str())
                .map(|name| format!("{name} {}", s.level))
        })
        .collect();
    held.sort();
    held.join(", ")
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    page: Page,
    error: AppError,
    form: PageForm,
) -> Response {
    match common::explain(&page, error) {
        Ok(problem) => render(state, actor, page, None, Some(problem), form).await,
        Err(error) => common::fail(page, error),
    }
}

fn done(what: &str, group_id: &str, count: Option<usize>) -> Response {
    let count = count.map(|n| n.to_string()).unwrap_or_default();
    let target = common::with_query(
        "/skills",
        &[("done", what), ("count", &count), ("group_id", group_id)],
    );
    Redirect::to(&target).into_response()
}

/// `POST /skills`: a new skill.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let name = Fields(pairs).text("name");
    match app::skills::create(&state.ctx, &actor, &name).await {
        Ok(_) => done("created", "", None),
        Err(error) => {
            let form = PageForm {
                new_name: name,
                ..PageForm::default()
            };
            rerender(&state, &actor, page, error, form).await
        }
    }
}

/// `POST /skills/{id}`: a new name.
pub async fn rename(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let name = fields.text("name");
    match app::skills::rename(&state.ctx, &actor, &id, &name, fields.version()).await {
        Ok(_) => done("saved", "", None),
        Err(error) => rerender(&state, &actor, page, error, PageForm::default()).await,
    }
}

/// `POST /skills/{id}/delete`: first the confirmation (the users who lose it, the
/// queues that route by it), then, with `confirm=yes`, the deletion.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    if !confirm::confirmed(&Fields(pairs)) {
        return confirm::skill(&state, &actor, page, &id).await;
    }
    match app::skills::delete(&state.ctx, &actor, &id).await {
        Ok(()) => done("deleted", "", None),
        Err(error) => rerender(&state, &actor, page, error, PageForm::default()).await,
    }
}

/// `POST /skills/bulk`: the ticked users get the chosen skill at the chosen level, or
/// lose it (`level=remove`), all or nothing, within the reader's reach.
pub async fn bulk(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let form = PageForm {
        group_id: common::non_empty(fields.get("group_id").map(str::to_owned)),
        skill_id: fields.text("skill_id"),
        level: fields.text("level"),
        ticked: fields.all("user_ids"),
        ..PageForm::default()
    };
    if form.ticked.is_empty() {
        let problem = Problem::alert(
            StatusCode::UNPROCESSABLE_ENTITY,
            page.t("problem-tick-users"),
        );
        return render(&state, &actor, page, None, Some(problem), form).await;
    }
    let level = match form.level.as_str() {
        "remove" => None,
        text => match text.parse::<i64>() {
            Ok(level) => Some(level),
            Err(_) => {
                let error = AppError::Invalid(domain::FieldErrors::single("level", "invalid"));
                return rerender(&state, &actor, page, error, form).await;
            }
        },
    };
    let set = BulkSet {
        one_skill: Some(OneSkill {
            skill_id: form.skill_id.clone(),
            level,
        }),
        ..BulkSet::default()
    };
    match app::users::bulk(&state.ctx, &actor, &form.ticked, set).await {
        Ok(count) => done(
            "updated",
            form.group_id.as_deref().unwrap_or_default(),
            Some(count),
        ),
        Err(error) => rerender(&state, &actor, page, error, form).await,
    }
}

/// One skill of the user page's card: its level for this user, if held.
pub struct SkillLevelLine {
    pub id: String,
    pub name: String,
    pub levels: Vec<SelectOption>,
}

/// The skills card of the user page.
pub struct UserSkills {
    pub lines: Vec<SkillLevelLine>,
    /// "Billing 7, Spanish 3", or empty.
    pub held: String,
    pub editable: bool,
}

/// The card for `user`, or `None` when the reader may not see skills. Editable for
/// holders of `users.manage` (the use-case decides whom they reach).
pub async fn user_card(
    state: &AppState,
    actor: &Actor,
    page: &Page,
    user: &UserDetails,
) -> Result<Option<UserSkills>, AppError> {
    if !allowed(actor) {
        return Ok(None);
    }
    let skills = app::skills::list(&state.ctx, actor, None, SHOWN, false)
        .await?
        .items;
    let names: HashMap<&str, &str> = skills
        .iter()
        .map(|s| (s.row.id.as_str(), s.row.name.as_str()))
        .collect();
    let lines = skills
        .iter()
        .map(|skill| {
            let level = user
                .skills
                .iter()
                .find(|s| s.skill_id == skill.row.id)
                .map(|s| s.level);
            let mut levels = vec![SelectOption::new(
                "",
                page.t("skills-level-none"),
                level.is_none(),
            )];
            levels.extend(
                LEVELS.map(|l| SelectOption::new(l.to_string(), l.to_string(), level == Some(l))),
            );
            SkillLevelLine {
                id: skill.row.id.clone(),
                name: skill.row.name.clone(),
                levels,
            }
        })
        .collect();
    Ok(Some(UserSkills {
        lines,
        held: held(user, &names),
        editable: actor.can(Permission::USERS_MANAGE),
    }))
}

/// `POST /users/{id}/skills`: the user's skills, one level field per skill
/// (`level-<skill id>`, empty for none), through the same bulk edit as `/skills`.
pub async fn save_user(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let mut skills = Vec::new();
    for (key, value) in &fields.0 {
        let (Some(skill_id), false) = (key.strip_prefix("level-"), value.trim().is_empty()) else {
            continue;
        };
        let Ok(level) = value.trim().parse::<i64>() else {
            let error = AppError::Invalid(domain::FieldErrors::single("skills", "invalid"));
            return super::users::rerender_skills(&state, &actor, page, &id, error).await;
        };
        skills.push(SkillLevel {
            skill_id: skill_id.to_owned(),
            level,
        });
    }
    let set = BulkSet {
        skills: Some(skills),
        ..BulkSet::default()
    };
    match app::users::bulk(&state.ctx, &actor, std::slice::from_ref(&id), set).await {
        Ok(_) => Redirect::to(&format!("/users/{id}?saved=1#skills")).into_response(),
        Err(error) => super::users::rerender_skills(&state, &actor, page, &id, error).await,
    }
}
