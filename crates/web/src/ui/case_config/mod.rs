//! Case configuration pages: statuses (with the fields they require), reasons,
//! custom fields and contact-attempt results. The forms of all four post to one
//! generic handler trio ([`edit`]), told apart by each list's [`edit::PageList`].

mod edit;
mod kinds;

use std::collections::BTreeMap;

use app::AppError;
use app::case_config::{CustomFields, Disposition, Field, Reasons, Results, Status, Statuses};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::case_config::{FieldType, REQUIRABLE_ATTRIBUTES};
use domain::{Actor, FieldErrors, Permission};
use serde::Deserialize;
use store::case_config::ReasonRow;

use self::edit::{create, delete, save};
use super::common::{self, Fields, Problem, SelectOption};
use super::layout::Page;
use super::page_routes::Pages;
use super::shipped;
use crate::extract::CurrentActor;
use crate::i18n::Tr;
use crate::state::AppState;

pub fn routes() -> Pages {
    Pages::protected()
        .get("/case-config", show)
        .post("/case-config/statuses", create::<Statuses>)
        .post("/case-config/statuses/{key}", save::<Statuses>)
        .post("/case-config/statuses/{key}/delete", delete::<Statuses>)
        .post("/case-config/reasons", create::<Reasons>)
        .post("/case-config/reasons/{id}", save::<Reasons>)
        .post("/case-config/reasons/{id}/delete", delete::<Reasons>)
        .post("/case-config/fields", create::<CustomFields>)
        .post("/case-config/fields/{id}", save::<CustomFields>)
        .post("/case-config/fields/{id}/delete", delete::<CustomFields>)
        .post("/case-config/results", create::<Results>)
        .post("/case-config/results/{key}", save::<Results>)
        .post("/case-config/results/{key}/delete", delete::<Results>)
}

/// The page's sections in order: (anchor, title message).
const SECTIONS: [(&str, &str); 4] = [
    ("section-statuses", "cc-statuses-title"),
    ("section-reasons", "cc-reasons-title"),
    ("section-fields", "cc-fields-title"),
    ("section-results", "cc-results-title"),
];

const FIELD_TYPES: [FieldType; 4] = [
    FieldType::Text,
    FieldType::Number,
    FieldType::Date,
    FieldType::Choice,
];

/// What a redirect after a successful form may say: (`done` value, message). Nothing
/// else from the URL turns into words on the page.
const DONE: [(&str, &str); 7] = [
    ("created", "cc-flash-created"),
    ("saved", "flash-saved"),
    ("deleted", "flash-deleted"),
    ("removed", "cc-flash-removed"),
    ("retired", "cc-flash-retired"),
    ("reason-retired", "cc-flash-reason-retired"),
    ("reactivated", "cc-flash-reactivated"),
];

fn type_label(page: &Page, field_type: FieldType) -> String {
    page.t(&format!("cc-type-{}", field_type.key()))
}

/// The name of a case attribute a status may require.
fn attribute_label(page: &Page, key: &str) -> String {
    page.t(&format!("cc-attr-{}", key.replace('_', "-")))
}

fn yes_no(page: &Page, yes: bool) -> String {
    page.t(if yes { "cc-yes" } else { "cc-no" })
}

/// A form value, trimmed, unless blank.
fn given(fields: &Fields, name: &str) -> Option<String> {
    fields
        .get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The options of a choice field as typed: one per line.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The company's case configuration as the page shows it.
struct Config {
    statuses: Vec<Status>,
    reasons: Vec<ReasonRow>,
    /// Removed ones too: they show greyed out.
    fields: Vec<Field>,
    results: Vec<Disposition>,
}

impl Config {
    async fn load(state: &AppState, actor: &Actor, tr: Tr) -> Result<Self, AppError> {
        Ok(Config {
            statuses: shipped::statuses(state, actor, tr).await?,
            reasons: app::case_config::reasons(&state.ctx, actor).await?,
            fields: app::case_config::fields(&state.ctx, actor, true).await?,
            results: shipped::dispositions(state, actor, tr).await?,
        })
    }

    fn live_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.row.removed_at.is_none())
    }

    /// The name of a requirement: a case attribute or a custom field.
    fn key_label(&self, page: &Page, key: &str) -> String {
        if REQUIRABLE_ATTRIBUTES.contains(&key) {
            return attribute_label(page, key);
        }
        self.fields
            .iter()
            .find(|f| f.row.key == key)
            .map_or_else(|| key.to_owned(), |f| f.row.label.clone())
    }

    /// The names of the statuses that require `key` to be entered.
    fn requiring(&self, key: &str) -> Vec<String> {
        self.statuses
            .iter()
            .filter(|s| s.required_fields.iter().any(|k| k == key))
            .map(|s| s.name.clone())
            .collect()
    }
}

// ---- the page ----

/// One labelled control; its `name` is also the key the app reports problems by.
pub struct Input {
    id: String,
    name: String,
    label: String,
    /// `text`, `textarea`, `select`, `checkbox` (one box) or `checks` (a box per option).
    kind: &'static str,
    value: String,
    checked: bool,
    options: Vec<SelectOption>,
    hint: String,
    error: Option<String>,
    wide: bool,
}

impl Input {
    fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }

    fn wide(mut self) -> Self {
        self.wide = true;
        self
    }

    /// The ids of the hint and the problem, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// One form of the page: a "new …" form, or a row's edit form behind a summary.
pub struct FormView {
    id: String,
    action: String,
    /// The version the form was rendered from, where the change checks it.
    version: Option<i64>,
    /// Markers saying which optional controls the form shows.
    hidden: Vec<(&'static str, &'static str)>,
    inputs: Vec<Input>,
    /// Problems about values the form has no control for.
    other_errors: Vec<String>,
    submit: String,
    /// Row forms fold behind this summary; "new …" forms show open.
    summary: Option<String>,
    /// A refusal concerns this form: unfold it.
    open: bool,
}

/// What builds the forms: the refusal being shown (its form, problems and the values
/// posted), so the form it concerns shows them again.
struct Build<'a> {
    page: &'a Page,
    form: &'a str,
    errors: &'a BTreeMap<String, String>,
    posted: Option<&'a Fields>,
}

impl Build<'_> {
    fn posted(&self, form: &str) -> Option<&Fields> {
        self.posted.filter(|_| self.form == form)
    }

    fn error(&self, form: &str, name: &str) -> Option<String> {
        (self.form == form)
            .then(|| self.errors.get(name).cloned())
            .flatten()
    }

    fn control(&self, form: &str, name: &str, label: String, kind: &'static str) -> Input {
        Input {
            id: format!("{form}-{name}").replace('_', "-"),
            name: name.to_owned(),
            label,
            kind,
            value: String::new(),
            checked: false,
            options: Vec::new(),
            hint: String::new(),
            error: self.error(form, name),
            wide: false,
        }
    }

    /// A text input or (`textarea`) text area.
    fn text(
        &self,
        form: &str,
        name: &str,
        label: String,
        kind: &'static str,
        current: String,
    ) -> Input {
        let mut input = self.control(form, name, label, kind);
        input.value = self.posted(form).map_or(current, |p| p.text(name));
        input
    }

    fn checkbox(&self, form: &str, name: &str, label: String, current: bool) -> Input {
        let mut input = self.control(form, name, label, "checkbox");
        input.checked = self.posted(form).map_or(current, |p| p.has(name));
        input
    }

    fn select(
        &self,
        form: &str,
        name: &str,
        label: String,
        current: String,
        choices: Vec<(String, String)>,
    ) -> Input {
        let value = self.posted(form).map_or(current, |p| p.text(name));
        let mut input = self.control(form, name, label, "select");
        input.options = choices
            .into_iter()
            .map(|(v, l)| SelectOption::new(v.clone(), l, v == value))
            .collect();
        input.value = value;
        input
    }

    /// A box per choice, ticked as stored (`current`) or as posted.
    fn checks(
        &self,
        form: &str,
        name: &str,
        label: String,
        choices: &[(String, String)],
        current: &[String],
    ) -> Input {
        let ticked = self
            .posted(form)
            .map_or_else(|| current.to_vec(), |p| p.all(name));
        let mut input = self.control(form, name, label, "checks");
        input.options = choices
            .iter()
            .map(|(v, l)| SelectOption::new(v.clone(), l.clone(), ticked.contains(v)))
            .collect();
        input.wide = true;
        input
    }

    fn form(
        &self,
        id: String,
        action: String,
        version: Option<i64>,
        inputs: Vec<Input>,
        submit: &str,
        summary: Option<String>,
    ) -> FormView {
        let open = self.form == id;
        let other_errors = if open {
            self.errors
                .iter()
                .filter(|(field, _)| !inputs.iter().any(|i| i.name == **field))
                .map(|(_, problem)| problem.clone())
                .collect()
        } else {
            Vec::new()
        };
        FormView {
            id,
            action,
            version,
            hidden: Vec::new(),
            inputs,
            other_errors,
            submit: self.page.t(submit),
            summary,
            open,
        }
    }
}

pub struct StatusLine {
    key: String,
    name: String,
    builtin: bool,
    open: bool,
    requires: String,
    edit: FormView,
    delete: Option<String>,
}

pub struct ReasonLine {
    id: String,
    name: String,
    description: String,
    edit: FormView,
    toggle: Toggle,
    delete: String,
}

/// The retire / reactivate button of a reason or result.
pub struct Toggle {
    /// Where it posts.
    action: String,
    /// The version the change expects.
    version: i64,
    /// Offered now (the button retires it).
    active: bool,
    /// `reason-ID` or `result-KEY`: the button's id follows `retire-` or `reactivate-`.
    subject: String,
}

pub struct FieldLine {
    id: String,
    key: String,
    label: String,
    type_label: String,
    options: String,
    required: String,
    removed: bool,
    edit: Option<FormView>,
    delete: Option<String>,
}

pub struct ResultLine {
    key: String,
    name: String,
    builtin: bool,
    reached: String,
    needs_next_contact: String,
    edit: FormView,
    toggle: Toggle,
    delete: Option<String>,
}

pub struct SectionLink {
    anchor: &'static str,
    title: String,
}

pub struct ConfigView {
    title: String,
    notice: Option<String>,
    alert: Option<String>,
    sections: Vec<SectionLink>,
    statuses: Vec<StatusLine>,
    new_status: FormView,
    reasons: Vec<ReasonLine>,
    /// Which statuses ask for a reason, in a sentence.
    reasons_used: String,
    new_reason: FormView,
    fields: Vec<FieldLine>,
    new_field: FormView,
    results: Vec<ResultLine>,
    new_result: FormView,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_config.html")]
pub struct CaseConfigPage {
    page: Page,
    /// The template reads the view's fields through `Deref`.
    view: ConfigView,
}

impl std::ops::Deref for CaseConfigPage {
    type Target = ConfigView;

    fn deref(&self) -> &ConfigView {
        &self.view
    }
}

/// A refusal of one of the page's forms.
struct Failure {
    /// The form it concerns, e.g. `new-status`, `status-active` or `field-…-delete`.
    form: String,
    /// The status, reason, field or result it concerns (key or id), if any.
    subject: Option<String>,
    error: AppError,
    /// The values to show again; none after a stale version (the page shows the
    /// current ones) and for buttons.
    posted: Option<Fields>,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// `GET /case-config`: the four sections.
pub async fn show(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(done): Query<Done>,
) -> Response {
    let notice = done
        .done
        .as_deref()
        .and_then(|d| DONE.iter().find(|(key, _)| *key == d))
        .map(|(_, id)| page.t(id));
    render(&state, &actor, page, notice, None).await
}

async fn render(
    state: &AppState,
    actor: &Actor,
    page: Page,
    notice: Option<String>,
    failure: Option<Failure>,
) -> Response {
    // Reading is open to whoever works cases; this page is for those who configure.
    if !actor.can(Permission::CASE_CONFIG_MANAGE) {
        return common::forbidden(page);
    }
    let config = match Config::load(state, actor, page.tr).await {
        Ok(config) => config,
        Err(error) => return common::fail(page, error),
    };
    let (status, problem, form, posted) = match failure {
        None => (StatusCode::OK, None, String::new(), None),
        Some(failure) => {
            let Failure {
                form,
                subject,
                error,
                posted,
            } = failure;
            let stale = matches!(error, AppError::Stale);
            match explain(&page, &config, &form, subject.as_deref(), error) {
                Ok(problem) => (
                    problem.status,
                    Some(problem),
                    form,
                    posted.filter(|_| !stale),
                ),
                Err(error) => return common::fail(page, error),
            }
        }
    };
    let no_errors = BTreeMap::new();
    let build = Build {
        page: &page,
        form: &form,
        errors: problem.as_ref().map_or(&no_errors, |p| &p.errors),
        posted: posted.as_ref(),
    };
    let mut view = config_view(&build, &config);
    view.notice = notice;
    view.alert = problem.and_then(|p| p.alert);
    (status, CaseConfigPage { page, view }).into_response()
}

/// Field problems, with this section's own wording where it has one: first for the
/// field and problem (`cc-problem-key-taken`), then for the problem.
fn field_errors(page: &Page, errors: &FieldErrors) -> BTreeMap<String, String> {
    let mut out = page.field_errors(errors);
    for (field, code) in &errors.0 {
        let kind = code
            .split_once(':')
            .map_or(code.as_str(), |(kind, _)| kind)
            .trim()
            .replace('_', "-");
        let ids = [
            format!("cc-problem-{}-{kind}", field.replace('_', "-")),
            format!("cc-problem-{kind}"),
        ];
        if let Some(text) = ids
            .iter()
            .map(|id| (id, page.t(id)))
            .find(|(id, t)| t != *id)
        {
            out.insert(field.clone(), text.1);
        }
    }
    out
}

/// The refusal of the form `form` about `subject` in words; what no one can act on
/// comes back unchanged for [`common::fail`].
fn explain(
    page: &Page,
    config: &Config,
    form: &str,
    subject: Option<&str>,
    error: AppError,
) -> Result<Problem, AppError> {
    let subject = subject.unwrap_or_default();
    let with_name = |id: &str, name: String| {
        let (before, after) = page.t_around(id);
        Problem::alert(StatusCode::CONFLICT, format!("{before}{name}{after}"))
    };
    Ok(match error {
        AppError::Invalid(fields) => Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: field_errors(page, &fields),
            alert: Some(page.t("problem-check-fields")),
        },
        AppError::Conflict {
            code: "builtin_status",
            ..
        } => {
            let name = config
                .statuses
                .iter()
                .find(|s| s.key == subject)
                .map_or_else(|| subject.to_owned(), |s| s.name.clone());
            with_name("cc-problem-builtin-status", name)
        }
        AppError::Conflict {
            code: "builtin_disposition",
            ..
        } => {
            let name = config
                .results
                .iter()
                .find(|d| d.key == subject)
                .map_or_else(|| subject.to_owned(), |d| d.name.clone());
            with_name("cc-problem-builtin-result", name)
        }
        AppError::Conflict { code: "in_use", .. } if form.starts_with("field-") => {
            let names = config
                .fields
                .iter()
                .find(|f| f.row.id == subject)
                .map(|f| config.requiring(&f.row.key).join(", "))
                .unwrap_or_default();
            with_name("cc-problem-field-in-use", names)
        }
        AppError::Conflict { code: "in_use", .. } if form.starts_with("result-") => {
            Problem::alert(StatusCode::CONFLICT, page.t("cc-problem-result-in-use"))
        }
        AppError::Conflict { code: "in_use", .. } if form.starts_with("reason-") => {
            Problem::alert(StatusCode::CONFLICT, page.t("cc-problem-reason-in-use"))
        }
        other => common::explain(page, other)?,
    })
}

fn config_view(b: &Build, config: &Config) -> ConfigView {
    let page = b.page;

    // Statuses.
    let requirable: Vec<(String, String)> = REQUIRABLE_ATTRIBUTES
        .iter()
        .map(|k| ((*k).to_owned(), attribute_label(page, k)))
        .chain(
            config
                .live_fields()
                .map(|f| (f.row.key.clone(), f.row.label.clone())),
        )
        .collect();
    let statuses = config
        .statuses
        .iter()
        .map(|s| status_line(b, config, &requirable, s))
        .collect();
    let form = "new-status";
    let new_status = b.form(
        form.to_owned(),
        "/case-config/statuses".to_owned(),
        None,
        vec![
            b.text(form, "name", page.t("label-name"), "text", String::new()),
            b.text(form, "key", page.t("cc-key"), "text", String::new())
                .hint(page.t("cc-key-hint")),
            b.checkbox(form, "open", page.t("cc-status-open"), true)
                .hint(page.t("cc-status-open-hint")),
            b.checks(
                form,
                "required_fields",
                page.t("cc-status-requires"),
                &requirable,
                &[],
            )
            .hint(page.t("cc-status-requires-hint")),
        ],
        "cc-status-create",
        None,
    );

    // Reasons.
    let reasons = config.reasons.iter().map(|r| reason_line(b, r)).collect();
    let asking = config.requiring("reason_id");
    let reasons_used = if asking.is_empty() {
        page.t("cc-reasons-used-none")
    } else {
        let (before, after) = page.t_around("cc-reasons-used");
        format!("{before}{}{after}", asking.join(", "))
    };
    let form = "new-reason";
    let new_reason = b.form(
        form.to_owned(),
        "/case-config/reasons".to_owned(),
        None,
        vec![
            b.text(form, "name", page.t("label-name"), "text", String::new()),
            b.text(
                form,
                "description",
                page.t("field-description"),
                "textarea",
                String::new(),
            )
            .wide(),
        ],
        "cc-reason-create",
        None,
    );

    // Fields.
    let status_choices: Vec<(String, String)> = config
        .statuses
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let fields = config
        .fields
        .iter()
        .map(|f| field_line(b, config, &status_choices, f))
        .collect();
    let new_field = new_field_form(b, &status_choices);

    // Contact-attempt results.
    let results = config.results.iter().map(|d| result_line(b, d)).collect();
    let new_result = new_result_form(b);

    ConfigView {
        title: page.t("cc-title"),
        notice: None,
        alert: None,
        sections: SECTIONS
            .iter()
            .map(|(anchor, id)| SectionLink {
                anchor,
                title: page.t(id),
            })
            .collect(),
        statuses,
        new_status,
        reasons,
        reasons_used,
        new_reason,
        fields,
        new_field,
        results,
        new_result,
    }
}

fn new_field_form(b: &Build, status_choices: &[(String, String)]) -> FormView {
    let page = b.page;
    let form = "new-field";
    let mut types = vec![(String::new(), page.t("cc-choose"))];
    types.extend(
        FIELD_TYPES
            .iter()
            .map(|t| (t.key().to_owned(), type_label(page, *t))),
    );
    b.form(
        form.to_owned(),
        "/case-config/fields".to_owned(),
        None,
        vec![
            b.text(
                form,
                "label",
                page.t("cc-field-label"),
                "text",
                String::new(),
            ),
            b.text(form, "key", page.t("cc-key"), "text", String::new())
                .hint(page.t("cc-field-key-hint")),
            b.select(form, "type", page.t("cc-field-type"), String::new(), types)
                .hint(page.t("cc-field-type-hint")),
            b.text(
                form,
                "options",
                page.t("cc-field-options"),
                "textarea",
                String::new(),
            )
            .hint(page.t("cc-field-options-hint")),
            b.checkbox(form, "required", page.t("cc-field-required"), false)
                .hint(page.t("cc-field-required-hint")),
            b.checks(
                form,
                "statuses",
                page.t("cc-field-statuses"),
                status_choices,
                &[],
            )
            .hint(page.t("cc-field-statuses-hint")),
        ],
        "cc-field-create",
        None,
    )
}

fn new_result_form(b: &Build) -> FormView {
    let page = b.page;
    let form = "new-result";
    b.form(
        form.to_owned(),
        "/case-config/results".to_owned(),
        None,
        vec![
            b.text(form, "name", page.t("label-name"), "text", String::new()),
            b.text(form, "key", page.t("cc-key"), "text", String::new())
                .hint(page.t("cc-key-hint")),
            b.checkbox(form, "reached", page.t("cc-result-reached"), false)
                .hint(page.t("cc-result-reached-hint")),
            b.checkbox(
                form,
                "needs_next_contact",
                page.t("cc-result-needs-next"),
                false,
            )
            .hint(page.t("cc-result-needs-next-hint")),
        ],
        "cc-result-create",
        None,
    )
}

fn status_line(
    b: &Build,
    config: &Config,
    requirable: &[(String, String)],
    status: &Status,
) -> StatusLine {
    let page = b.page;
    let form = format!("status-{}", status.key);
    // A requirement the lists no longer offer still shows, so saving keeps it.
    let mut choices = requirable.to_vec();
    for key in &status.required_fields {
        if !choices.iter().any(|(k, _)| k == key) {
            choices.push((key.clone(), config.key_label(page, key)));
        }
    }
    let mut inputs = vec![b.text(
        &form,
        "name",
        page.t("label-name"),
        "text",
        status.name.clone(),
    )];
    if !status.builtin {
        inputs.push(
            b.checkbox(&form, "open", page.t("cc-status-open"), status.open)
                .hint(page.t("cc-status-open-hint")),
        );
    }
    inputs.push(
        b.checks(
            &form,
            "required_fields",
            page.t("cc-status-requires"),
            &choices,
            &status.required_fields,
        )
        .hint(page.t("cc-status-requires-hint")),
    );
    let (before, after) = page.t_around("cc-edit-named");
    let mut edit = b.form(
        form,
        format!("/case-config/statuses/{}", status.key),
        Some(status.version),
        inputs,
        "save",
        Some(format!("{before}{}{after}", status.name)),
    );
    if !status.builtin {
        edit.hidden.push(("open_shown", "1"));
    }
    StatusLine {
        key: status.key.clone(),
        name: status.name.clone(),
        builtin: status.builtin,
        open: status.open,
        requires: status
            .required_fields
            .iter()
            .map(|k| config.key_label(page, k))
            .collect::<Vec<_>>()
            .join(", "),
        edit,
        delete: (!status.builtin).then(|| format!("/case-config/statuses/{}/delete", status.key)),
    }
}

fn reason_line(b: &Build, reason: &ReasonRow) -> ReasonLine {
    let page = b.page;
    let form = format!("reason-{}", reason.id);
    let inputs = vec![
        b.text(
            &form,
            "name",
            page.t("label-name"),
            "text",
            reason.name.clone(),
        ),
        b.text(
            &form,
            "description",
            page.t("field-description"),
            "textarea",
            reason.description.clone(),
        )
        .wide(),
    ];
    let (before, after) = page.t_around("cc-edit-named");
    ReasonLine {
        id: reason.id.clone(),
        name: reason.name.clone(),
        description: reason.description.clone(),
        edit: b.form(
            form,
            format!("/case-config/reasons/{}", reason.id),
            Some(reason.version),
            inputs,
            "save",
            Some(format!("{before}{}{after}", reason.name)),
        ),
        toggle: Toggle {
            action: format!("/case-config/reasons/{}", reason.id),
            version: reason.version,
            active: reason.active,
            subject: format!("reason-{}", reason.id),
        },
        delete: format!("/case-config/reasons/{}/delete", reason.id),
    }
}

fn field_line(
    b: &Build,
    config: &Config,
    status_choices: &[(String, String)],
    field: &Field,
) -> FieldLine {
    let page = b.page;
    let row = &field.row;
    let removed = row.removed_at.is_some();
    let requiring = config.requiring(&row.key);
    let mut required = Vec::new();
    if row.required {
        required.push(page.t("cc-required-always"));
    }
    if !requiring.is_empty() {
        let (before, after) = page.t_around("cc-required-for");
        required.push(format!("{before}{}{after}", requiring.join(", ")));
    }
    let edit = (!removed).then(|| {
        let form = format!("field-{}", row.id);
        let mut inputs = vec![b.text(
            &form,
            "label",
            page.t("cc-field-label"),
            "text",
            row.label.clone(),
        )];
        if field.field_type == FieldType::Choice {
            inputs.push(
                b.text(
                    &form,
                    "options",
                    page.t("cc-field-options"),
                    "textarea",
                    field.options.join("\n"),
                )
                .hint(page.t("cc-field-options-hint")),
            );
        }
        inputs.push(
            b.checkbox(&form, "required", page.t("cc-field-required"), row.required)
                .hint(page.t("cc-field-required-hint")),
        );
        let current: Vec<String> = config
            .statuses
            .iter()
            .filter(|s| s.required_fields.contains(&row.key))
            .map(|s| s.key.clone())
            .collect();
        inputs.push(
            b.checks(
                &form,
                "statuses",
                page.t("cc-field-statuses"),
                status_choices,
                &current,
            )
            .hint(page.t("cc-field-statuses-hint")),
        );
        let (before, after) = page.t_around("cc-edit-named");
        b.form(
            form,
            format!("/case-config/fields/{}", row.id),
            Some(row.version),
            inputs,
            "save",
            Some(format!("{before}{}{after}", row.label)),
        )
    });
    FieldLine {
        id: row.id.clone(),
        key: row.key.clone(),
        label: row.label.clone(),
        type_label: type_label(page, field.field_type),
        options: field.options.join(", "),
        required: required.join("; "),
        removed,
        edit,
        delete: (!removed).then(|| format!("/case-config/fields/{}/delete", row.id)),
    }
}

fn result_line(b: &Build, result: &Disposition) -> ResultLine {
    let page = b.page;
    let form = format!("result-{}", result.key);
    let mut inputs = vec![b.text(
        &form,
        "name",
        page.t("label-name"),
        "text",
        result.name.clone(),
    )];
    if !result.builtin {
        inputs.push(
            b.checkbox(
                &form,
                "reached",
                page.t("cc-result-reached"),
                result.reached,
            )
            .hint(page.t("cc-result-reached-hint")),
        );
        inputs.push(
            b.checkbox(
                &form,
                "needs_next_contact",
                page.t("cc-result-needs-next"),
                result.needs_next_contact,
            )
            .hint(page.t("cc-result-needs-next-hint")),
        );
    }
    let (before, after) = page.t_around("cc-edit-named");
    let mut edit = b.form(
        form,
        format!("/case-config/results/{}", result.key),
        Some(result.version),
        inputs,
        "save",
        Some(format!("{before}{}{after}", result.name)),
    );
    if !result.builtin {
        edit.hidden.push(("flags_shown", "1"));
    }
    ResultLine {
        key: result.key.clone(),
        name: result.name.clone(),
        builtin: result.builtin,
        reached: yes_no(page, result.reached),
        needs_next_contact: yes_no(page, result.needs_next_contact),
        edit,
        toggle: Toggle {
            action: format!("/case-config/results/{}", result.key),
            version: result.version,
            active: result.active,
            subject: format!("result-{}", result.key),
        },
        delete: (!result.builtin).then(|| format!("/case-config/results/{}/delete", result.key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_typed_one_per_line() {
        assert_eq!(lines(" Yes \r\n\nNo\n  "), vec!["Yes", "No"]);
        assert!(lines("").is_empty());
    }
}
