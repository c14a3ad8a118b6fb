//! The step every action that cannot be undone goes through: its form posts without
//! `confirm=yes`, and the server answers this page saying what will follow — with the
//! counts `app::consequences` finds — and a form that posts again with `confirm=yes`,
//! or, when the action would be refused, why and what to do instead. No script needed.

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Actor;
use domain::objects::ObjectKind;

use super::catalog;
use super::common::{self, Fields, SelectOption};
use super::layout::Page;
use crate::i18n::FluentValue;
use crate::state::AppState;

/// Whether a form came through its confirmation step.
pub fn confirmed(fields: &Fields) -> bool {
    fields.get("confirm") == Some("yes")
}

/// One button of the confirmation: a form posting `hidden` and `confirm=yes`.
pub struct ConfirmAction {
    pub action: String,
    pub label: String,
    pub id: &'static str,
    pub hidden: Vec<(String, String)>,
    pub danger: bool,
    /// A choice the action needs (e.g. where a deleted status's cases go).
    pub choice: Option<Choice>,
}

/// A labelled drop-down inside a confirmation's form.
pub struct Choice {
    pub name: &'static str,
    pub label: String,
    pub options: Vec<SelectOption>,
}

impl ConfirmAction {
    fn danger(action: impl Into<String>, label: String) -> Self {
        ConfirmAction {
            action: action.into(),
            label,
            id: "confirm-action",
            hidden: Vec::new(),
            danger: true,
            choice: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    page: Page,
    title: String,
    question: String,
    consequences: Vec<String>,
    /// Why the action itself would be refused now.
    blocked: Option<String>,
    actions: Vec<ConfirmAction>,
    back: String,
}

/// What a confirmation shows, before the page is added.
struct Ask {
    question: String,
    consequences: Vec<String>,
    blocked: Option<String>,
    actions: Vec<ConfirmAction>,
    back: String,
}

impl Ask {
    fn render(self, page: Page) -> Response {
        let view = ConfirmPage {
            title: page.t("confirm-title"),
            question: self.question,
            consequences: self.consequences,
            blocked: self.blocked,
            actions: self.actions,
            back: self.back,
            page,
        };
        (StatusCode::OK, view).into_response()
    }
}

fn n(value: impl Into<i64>) -> FluentValue<'static> {
    FluentValue::from(value.into())
}

fn count(value: usize) -> FluentValue<'static> {
    FluentValue::from(i64::try_from(value).unwrap_or(i64::MAX))
}

fn s(value: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(value.into())
}

fn say(page: &Page, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    page.tr.t_args(id, args)
}

fn answer(page: Page, asked: Result<Ask, AppError>) -> Response {
    match asked {
        Ok(ask) => ask.render(page),
        Err(error) => common::fail(page, error),
    }
}

/// `POST /roles/{id}/delete` before it is confirmed.
pub async fn role(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::role_deletion(&state.ctx, actor, id).await?;
        let mut consequences = vec![say(&page, "confirm-role-users", &[("count", n(c.users))])];
        if c.api_tokens > 0 {
            consequences.push(say(
                &page,
                "confirm-role-tokens",
                &[("count", n(c.api_tokens))],
            ));
        }
        let blocked = if c.template {
            Some(page.t("problem-template-role"))
        } else if c.users > 0 || c.api_tokens > 0 {
            Some(page.t("confirm-role-blocked"))
        } else {
            consequences.push(page.t("confirm-undo"));
            None
        };
        Ok(Ask {
            question: say(&page, "confirm-role-question", &[("name", s(c.name))]),
            consequences,
            actions: blocked
                .is_none()
                .then(|| {
                    ConfirmAction::danger(format!("/roles/{id}/delete"), page.t("role-delete"))
                })
                .into_iter()
                .collect(),
            blocked,
            back: format!("/roles/{id}"),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /projects/{id}/delete` before it is confirmed.
pub async fn project(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::project_deletion(&state.ctx, actor, id).await?;
        let mut consequences = vec![say(
            &page,
            "confirm-project-holds",
            &[
                ("objects", n(c.objects)),
                ("members", n(c.users + c.groups)),
            ],
        )];
        if c.users + c.groups > 0 {
            consequences.push(page.t("confirm-project-members"));
        }
        consequences.push(if c.cases == 0 {
            page.t("confirm-project-no-cases")
        } else if c.enhanced {
            say(
                &page,
                "confirm-project-cases-enhanced",
                &[("count", n(c.cases)), ("users", n(c.view_all_users))],
            )
        } else {
            say(
                &page,
                "confirm-project-cases-simple",
                &[("count", n(c.cases))],
            )
        });
        let blocked = (!c.stranded.is_empty()).then(|| {
            let names: Vec<String> = c
                .stranded
                .iter()
                .take(10)
                .map(|(kind, name)| format!("“{name}” ({})", kind_label(&page, kind)))
                .collect();
            say(
                &page,
                "confirm-project-blocked",
                &[("names", s(names.join(", ")))],
            )
        });
        if blocked.is_none() {
            consequences.push(page.t("confirm-undo"));
        }
        Ok(Ask {
            question: say(&page, "confirm-project-question", &[("name", s(c.name))]),
            consequences,
            actions: blocked
                .is_none()
                .then(|| {
                    ConfirmAction::danger(
                        format!("/projects/{id}/delete"),
                        page.t("project-delete"),
                    )
                })
                .into_iter()
                .collect(),
            blocked,
            back: format!("/projects/{id}"),
        })
    }
    .await;
    answer(page, asked)
}

fn kind_label(page: &Page, key: &str) -> String {
    match ObjectKind::parse(key) {
        Some(kind) => page.t(&format!("kind-{}", kind.key())),
        None => key.to_owned(),
    }
}

/// `POST /config/{kind}/{id}/delete` before it is confirmed.
pub async fn object(
    state: &AppState,
    actor: &Actor,
    page: Page,
    kind: ObjectKind,
    id: &str,
) -> Response {
    let asked = async {
        let c = app::consequences::object_deletion(&state.ctx, actor, kind, id).await?;
        let mut consequences = Vec::new();
        if c.cases > 0 {
            consequences.push(say(&page, "confirm-object-cases", &[("count", n(c.cases))]));
        }
        if c.projects > 0 {
            consequences.push(say(
                &page,
                "confirm-object-projects",
                &[("count", count(c.projects))],
            ));
        }
        let blocked = (!c.used_by.is_empty()).then(|| {
            let names: Vec<String> = c
                .used_by
                .iter()
                .map(|(kind, name)| format!("“{name}” ({})", kind_label(&page, kind)))
                .collect();
            say(
                &page,
                "confirm-object-used",
                &[("names", s(names.join(", ")))],
            )
        });
        if blocked.is_none() {
            consequences.insert(0, page.t("confirm-object-unused"));
            consequences.push(page.t("confirm-undo"));
        }
        Ok(Ask {
            question: say(&page, "confirm-object-question", &[("name", s(c.name))]),
            consequences,
            actions: blocked
                .is_none()
                .then(|| {
                    ConfirmAction::danger(
                        format!("/config/{}/{id}/delete", kind.key()),
                        page.t("cfg-delete"),
                    )
                })
                .into_iter()
                .collect(),
            blocked,
            back: format!("/config/{}/{id}", kind.key()),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /groups/{id}/delete` before it is confirmed.
pub async fn group(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::group_deletion(&state.ctx, actor, id).await?;
        let mut consequences = vec![
            say(
                &page,
                "confirm-group-members",
                &[("count", count(c.members))],
            ),
            say(
                &page,
                "confirm-group-supervisors",
                &[("count", count(c.supervisors))],
            ),
        ];
        if c.projects > 0 {
            consequences.push(say(
                &page,
                "confirm-group-projects",
                &[("count", count(c.projects))],
            ));
        }
        consequences.push(page.t("confirm-undo"));
        Ok(Ask {
            question: say(&page, "confirm-group-question", &[("name", s(c.name))]),
            consequences,
            blocked: None,
            actions: vec![ConfirmAction::danger(
                format!("/groups/{id}/delete"),
                page.t("group-delete"),
            )],
            back: format!("/groups/{id}"),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /skills/{id}/delete` before it is confirmed.
pub async fn skill(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::skill_deletion(&state.ctx, actor, id).await?;
        let mut consequences = vec![say(&page, "confirm-skill-users", &[("count", n(c.users))])];
        consequences.push(say(
            &page,
            "confirm-skill-queues",
            &[
                ("count", count(c.queues.len())),
                ("names", s(c.queues.join(", "))),
            ],
        ));
        let blocked = (!c.queues.is_empty()).then(|| page.t("confirm-skill-blocked"));
        if blocked.is_none() {
            consequences.push(page.t("confirm-undo"));
        }
        Ok(Ask {
            question: say(&page, "confirm-skill-question", &[("name", s(c.name))]),
            consequences,
            actions: blocked
                .is_none()
                .then(|| {
                    ConfirmAction::danger(format!("/skills/{id}/delete"), page.t("skills-delete"))
                })
                .into_iter()
                .collect(),
            blocked,
            back: "/skills".to_owned(),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /pause-reasons/{id}/delete` before it is confirmed.
pub async fn pause_reason(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let (name, paused) = app::pause_reasons::deletion(&state.ctx, actor, id).await?;
        Ok(Ask {
            question: say(&page, "confirm-pause-reason-question", &[("name", s(name))]),
            consequences: vec![
                say(
                    &page,
                    "confirm-pause-reason-agents",
                    &[("count", n(paused))],
                ),
                page.t("confirm-pause-reason-history"),
            ],
            actions: vec![ConfirmAction::danger(
                format!("/pause-reasons/{id}/delete"),
                page.t("pause-reasons-delete"),
            )],
            blocked: None,
            back: "/pause-reasons".to_owned(),
        })
    }
    .await;
    answer(page, asked)
}

const CASE_CONFIG: &str = "/case-config";

/// `POST /case-config/statuses/{key}/delete` before it is confirmed.
pub async fn status(state: &AppState, actor: &Actor, page: Page, key: &str) -> Response {
    let asked = async {
        let c = app::consequences::status_deletion(&state.ctx, actor, key).await?;
        let mut consequences = vec![say(&page, "confirm-status-cases", &[("count", n(c.cases))])];
        let blocked = if c.builtin {
            Some(page.t("confirm-status-builtin"))
        } else if c.in_use && c.move_targets.is_empty() {
            Some(page.t("confirm-status-no-target"))
        } else {
            None
        };
        if blocked.is_none() {
            consequences.push(page.t("confirm-undo"));
        }
        let mut action = ConfirmAction::danger(
            format!("/case-config/statuses/{key}/delete"),
            page.t("confirm-status-button"),
        );
        if c.in_use {
            consequences.push(page.t("confirm-status-move"));
            action.choice = Some(Choice {
                name: "move_to",
                label: page.t("confirm-status-move-to"),
                options: c
                    .move_targets
                    .into_iter()
                    .map(|(key, name)| SelectOption::new(key, name, false))
                    .collect(),
            });
        }
        Ok(Ask {
            question: say(&page, "confirm-status-question", &[("name", s(c.name))]),
            consequences,
            actions: blocked.is_none().then_some(action).into_iter().collect(),
            blocked,
            back: format!("{CASE_CONFIG}#section-statuses"),
        })
    }
    .await;
    answer(page, asked)
}

/// The button that retires a reason or a result (`active=false`), confirmed.
fn retire_action(action: String, page: &Page, version: Option<i64>) -> ConfirmAction {
    let mut hidden = vec![("active".to_owned(), "false".to_owned())];
    if let Some(version) = version {
        hidden.push(("version".to_owned(), version.to_string()));
    }
    ConfirmAction {
        action,
        label: page.t("confirm-retire-button"),
        id: "confirm-retire",
        hidden,
        danger: false,
        choice: None,
    }
}

/// Deleting (`retire` false) or retiring a case reason, before it is confirmed.
pub async fn reason(
    state: &AppState,
    actor: &Actor,
    page: Page,
    id: &str,
    retire: bool,
    version: Option<i64>,
) -> Response {
    let asked = async {
        let c = app::consequences::reason_use(&state.ctx, actor, id).await?;
        let mut consequences = vec![
            say(&page, "confirm-reason-cases", &[("count", n(c.cases))]),
            say(
                &page,
                "confirm-reason-attempts",
                &[("count", n(c.attempts))],
            ),
        ];
        let retire_here = retire_action(format!("/case-config/reasons/{id}"), &page, version);
        let (question, blocked, actions) = if retire {
            consequences.push(page.t("confirm-reason-retire"));
            ("confirm-reason-retire-question", None, vec![retire_here])
        } else if c.in_use {
            // Deleting would empty the reason of those cases: retiring keeps it.
            let actions = if c.active {
                vec![retire_here]
            } else {
                Vec::new()
            };
            (
                "confirm-reason-question",
                Some(page.t("confirm-reason-in-use")),
                actions,
            )
        } else {
            consequences.push(page.t("confirm-undo"));
            (
                "confirm-reason-question",
                None,
                vec![ConfirmAction::danger(
                    format!("/case-config/reasons/{id}/delete"),
                    page.t("confirm-reason-button"),
                )],
            )
        };
        Ok(Ask {
            question: say(&page, question, &[("name", s(c.name))]),
            consequences,
            blocked,
            actions,
            back: format!("{CASE_CONFIG}#section-reasons"),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /case-config/fields/{id}/delete` before it is confirmed.
pub async fn field(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::field_removal(&state.ctx, actor, id).await?;
        let consequences = vec![say(&page, "confirm-field-cases", &[("count", n(c.cases))])];
        let blocked = (!c.required_by.is_empty()).then(|| {
            say(
                &page,
                "confirm-field-required",
                &[("names", s(c.required_by.join(", ")))],
            )
        });
        Ok(Ask {
            question: say(&page, "confirm-field-question", &[("label", s(c.label))]),
            consequences,
            actions: blocked
                .is_none()
                .then(|| {
                    ConfirmAction::danger(
                        format!("/case-config/fields/{id}/delete"),
                        page.t("confirm-field-button"),
                    )
                })
                .into_iter()
                .collect(),
            blocked,
            back: format!("{CASE_CONFIG}#section-fields"),
        })
    }
    .await;
    answer(page, asked)
}

/// Deleting (`retire` false) or retiring a contact-attempt result, before it is
/// confirmed.
pub async fn result(
    state: &AppState,
    actor: &Actor,
    page: Page,
    key: &str,
    retire: bool,
    version: Option<i64>,
) -> Response {
    let asked = async {
        let c = app::consequences::result_use(&state.ctx, actor, key).await?;
        let mut consequences = vec![say(
            &page,
            "confirm-result-attempts",
            &[("count", n(c.attempts))],
        )];
        let retire_here = retire_action(format!("/case-config/results/{key}"), &page, version);
        let (question, blocked, actions) = if retire {
            consequences.push(page.t("confirm-result-retire"));
            ("confirm-result-retire-question", None, vec![retire_here])
        } else if c.builtin || c.in_use {
            let why = if c.builtin {
                "confirm-result-builtin"
            } else {
                "confirm-result-in-use"
            };
            let actions = if c.active {
                vec![retire_here]
            } else {
                Vec::new()
            };
            ("confirm-result-question", Some(page.t(why)), actions)
        } else {
            consequences.push(page.t("confirm-undo"));
            (
                "confirm-result-question",
                None,
                vec![ConfirmAction::danger(
                    format!("/case-config/results/{key}/delete"),
                    page.t("confirm-result-button"),
                )],
            )
        };
        Ok(Ask {
            question: say(&page, question, &[("name", s(c.name))]),
            consequences,
            blocked,
            actions,
            back: format!("{CASE_CONFIG}#section-results"),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /api-tokens/{id}/revoke` before it is confirmed.
pub async fn token(state: &AppState, actor: &Actor, page: Page, id: &str) -> Response {
    let asked = async {
        let c = app::consequences::token_revocation(&state.ctx, actor, id).await?;
        let mut consequences = vec![page.t("confirm-token-stops")];
        if let Ok(role) = app::roles::get(&state.ctx, actor, &c.role_id).await {
            consequences.push(say(
                &page,
                "confirm-token-role",
                &[("role", s(catalog::role_label(&page.tr, &role)))],
            ));
        }
        consequences.push(match c.last_used_at {
            Some(at) => say(
                &page,
                "confirm-token-last-used",
                &[("at", s(page.time(at)))],
            ),
            None => page.t("confirm-token-never-used"),
        });
        Ok(Ask {
            question: say(&page, "confirm-token-question", &[("name", s(c.name))]),
            consequences,
            blocked: None,
            actions: vec![ConfirmAction::danger(
                format!("/api-tokens/{id}/revoke"),
                page.t("confirm-token-button"),
            )],
            back: "/api-tokens".to_owned(),
        })
    }
    .await;
    answer(page, asked)
}

/// `POST /users/bulk` blocking ticked users, before it is confirmed: who is blocked
/// and that their sessions end. The confirmation posts the same form again.
pub async fn users_block(
    state: &AppState,
    actor: &Actor,
    page: Page,
    user_ids: &[String],
    form: &[(String, String)],
    back: &str,
) -> Response {
    let asked = async {
        let names = app::users::visible_names(&state.ctx, actor, user_ids).await?;
        let mut shown: Vec<String> = names.iter().take(10).cloned().collect();
        if names.len() > shown.len() {
            shown.push("…".to_owned());
        }
        let hidden = form
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "confirm")
            .cloned()
            .collect();
        Ok(Ask {
            question: say(
                &page,
                "confirm-users-block-question",
                &[("count", count(names.len()))],
            ),
            consequences: vec![shown.join(", "), page.t("confirm-users-block-sessions")],
            blocked: None,
            actions: vec![ConfirmAction {
                hidden,
                ..ConfirmAction::danger("/users/bulk", page.t("users-bulk-block"))
            }],
            back: back.to_owned(),
        })
    }
    .await;
    answer(page, asked)
}
