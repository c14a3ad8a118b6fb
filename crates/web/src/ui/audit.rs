//! `/audit`: the audit log, filtered and paged newest first, each entry opening to
//! what it changed; and the check of the log's hash chain.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::Actor;
use serde::Deserialize;
use serde_json::Value;
use store::audit::{AuditFilter, EntryRow};
use store::users::UserFilter;

use super::common::{self, SelectOption};
use super::layout::Page;
use crate::extract::CurrentActor;
use crate::state::AppState;

/// Entries per page.
const PAGE_SIZE: i64 = 50;
/// The most users and projects the filters offer.
const CHOICES: i64 = 500;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor_id: Option<String>,
    object_kind: Option<String>,
    object_id: Option<String>,
    project_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
    verify: Option<String>,
}

/// One top-level key an entry changed.
pub struct Change {
    key: String,
    before: String,
    after: String,
}

pub struct EntryLine {
    id: String,
    at: String,
    actor: String,
    action: String,
    object_kind: String,
    object_id: String,
    /// The object's name as the entry recorded it, when it has one.
    object_name: Option<String>,
    /// The object's page, for kinds that have one.
    object_href: Option<String>,
    projects: String,
    changes: Vec<Change>,
}

/// The page of an audited object, by its audit kind.
fn object_href(kind: &str, id: &str) -> Option<String> {
    let section = match kind {
        "project" => "projects".to_owned(),
        "user" => "users".to_owned(),
        "group" => "groups".to_owned(),
        "role" => "roles".to_owned(),
        other => {
            let kind = domain::objects::ObjectKind::ALL
                .into_iter()
                .find(|k| k.audit_kind() == other)?;
            format!("config/{}", kind.key())
        }
    };
    Some(format!("/{section}/{id}"))
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    page: Page,
    title: String,
    alert: Option<String>,
    actors: Vec<SelectOption>,
    projects: Vec<SelectOption>,
    object_kind: String,
    object_id: String,
    from: String,
    to: String,
    entries: Vec<EntryLine>,
    next: Option<String>,
    verification: Option<String>,
    chain_ok: bool,
}

/// A state's value as the reader reads it: ids of what they may see by name (a list
/// of them as names separated by commas), other values as stored.
fn text(value: &Value, names: &HashMap<String, String>) -> String {
    let named = |id: &str| names.get(id).cloned();
    match value {
        Value::Null => String::new(),
        Value::String(s) => named(s).unwrap_or_else(|| s.clone()),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|id| named(id).unwrap_or_else(|| id.to_owned()))
            .collect::<Vec<_>>()
            .join(", "),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// The top-level keys whose value differs between `before` and `after`, with both
/// values as the reader reads them.
pub fn diff(
    before: Option<&str>,
    after: Option<&str>,
    names: &HashMap<String, String>,
) -> Vec<(String, String, String)> {
    let parse = |raw: Option<&str>| -> Value {
        raw.and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or(Value::Null)
    };
    let (before, after) = (parse(before), parse(after));
    let text = |value: &Value| text(value, names);
    match (&before, &after) {
        (Value::Object(_) | Value::Null, Value::Object(_) | Value::Null) => {
            let empty = serde_json::Map::new();
            let old = before.as_object().unwrap_or(&empty);
            let new = after.as_object().unwrap_or(&empty);
            let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
            keys.into_iter()
                .filter_map(|key| {
                    let (o, n) = (
                        old.get(key).unwrap_or(&Value::Null),
                        new.get(key).unwrap_or(&Value::Null),
                    );
                    (o != n).then(|| (key.clone(), text(o), text(n)))
                })
                .collect()
        }
        _ if before != after => vec![(String::new(), text(&before), text(&after))],
        _ => Vec::new(),
    }
}

fn date(raw: &Option<String>) -> Result<Option<NaiveDate>, ()> {
    match common::non_empty(raw.clone()) {
        None => Ok(None),
        Some(raw) => NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

pub async fn page(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Query(query): Query<AuditQuery>,
) -> Response {
    let mut alert = None;
    let (from, to) = match (date(&query.from), date(&query.to)) {
        (Ok(from), Ok(to)) => (from, to),
        _ => {
            alert = Some(page.t("audit-bad-date"));
            (None, None)
        }
    };
    let filter = AuditFilter {
        actor_id: common::non_empty(query.actor_id.clone()),
        object_kind: common::non_empty(query.object_kind.clone()).map(|k| k.trim().to_owned()),
        object_id: common::non_empty(query.object_id.clone()).map(|k| k.trim().to_owned()),
        project_id: common::non_empty(query.project_id.clone()),
        from: from.map(|d| page.day_start(d)),
        to: to.and_then(|d| d.succ_opt()).map(|d| page.day_start(d)),
    };
    let found = match app::audit::list(
        &state.ctx,
        &actor,
        &filter,
        common::non_empty(query.cursor.clone()).as_deref(),
        PAGE_SIZE,
    )
    .await
    {
        Ok(found) => found,
        Err(error) => return common::fail(page, error),
    };
    let (verification, chain_ok) = if query.verify.is_some() {
        match app::audit::verify(&state.ctx, &actor).await {
            Ok(v) => match v.first_broken {
                None => {
                    let (before, after) = page.t_around("audit-chain-ok");
                    let mut text = format!("{before}{}{after}", v.checked);
                    if v.unchained > 0 {
                        text = format!("{text} {} {}", page.t("audit-unchained"), v.unchained);
                    }
                    (Some(text), true)
                }
                Some((seq, id)) => {
                    let (before, after) = page.t_around("audit-chain-broken");
                    (Some(format!("{before}{seq} ({id}){after}")), false)
                }
            },
            Err(error) => return common::fail(page, error),
        }
    } else {
        (None, false)
    };
    let people = match names(&state, &actor).await {
        Ok(people) => people,
        Err(error) => return common::fail(page, error),
    };
    let projects: Vec<(String, String)> =
        match common::optional(app::projects::list(&state.ctx, &actor, None, CHOICES, false).await)
        {
            Ok(found) => found
                .map(|p| {
                    p.items
                        .into_iter()
                        .map(|p| (p.row.id, p.row.name))
                        .collect()
                })
                .unwrap_or_default(),
            Err(error) => return common::fail(page, error),
        };
    let named = match app::audit::names_mentioned(&state.ctx, &actor, &found.items).await {
        Ok(named) => named,
        Err(error) => return common::fail(page, error),
    };
    let project_name: HashMap<&str, &str> = projects
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let entries = found
        .items
        .iter()
        .map(|e| line(&page, e, &people, &project_name, &named))
        .collect();
    let pairs = [
        ("actor_id", query.actor_id.clone().unwrap_or_default()),
        ("object_kind", query.object_kind.clone().unwrap_or_default()),
        ("object_id", query.object_id.clone().unwrap_or_default()),
        ("project_id", query.project_id.clone().unwrap_or_default()),
        ("from", query.from.clone().unwrap_or_default()),
        ("to", query.to.clone().unwrap_or_default()),
    ];
    let next = found.next.map(|cursor| {
        let mut all: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.push(("cursor", &cursor));
        common::with_query("/audit", &all)
    });
    let chosen_actor = query.actor_id.clone().unwrap_or_default();
    let chosen_project = query.project_id.clone().unwrap_or_default();
    let mut actors: Vec<(String, String)> = people.into_iter().collect();
    actors.sort_by(|a, b| a.1.cmp(&b.1));
    let view = AuditPage {
        title: page.t("nav-audit"),
        alert,
        actors: actors
            .into_iter()
            .map(|(id, name)| {
                let chosen = id == chosen_actor;
                SelectOption::new(id, name, chosen)
            })
            .collect(),
        projects: projects
            .iter()
            .map(|(id, name)| SelectOption::new(id, name, *id == chosen_project))
            .collect(),
        object_kind: query.object_kind.unwrap_or_default(),
        object_id: query.object_id.unwrap_or_default(),
        from: query.from.unwrap_or_default(),
        to: query.to.unwrap_or_default(),
        entries,
        next,
        verification,
        chain_ok,
        page,
    };
    view.into_response()
}

/// Names of the users the reader may list, for the actor filter and column.
async fn names(state: &AppState, actor: &Actor) -> Result<HashMap<String, String>, app::AppError> {
    Ok(common::optional(
        app::users::list(
            &state.ctx,
            actor,
            &UserFilter::default(),
            None,
            CHOICES,
            false,
        )
        .await,
    )?
    .map(|p| {
        p.items
            .into_iter()
            .map(|u| (u.row.id, u.row.name))
            .collect()
    })
    .unwrap_or_default())
}

fn line(
    page: &Page,
    entry: &EntryRow,
    people: &HashMap<String, String>,
    project_name: &HashMap<&str, &str>,
    named: &HashMap<String, String>,
) -> EntryLine {
    let actor = match (&entry.actor_id, &entry.api_token_id) {
        (Some(id), _) => people.get(id).cloned().unwrap_or_else(|| id.clone()),
        (None, Some(token)) => format!("{} {token}", page.t("audit-api-token")),
        (None, None) => page.t("audit-system"),
    };
    let project_ids: Vec<String> = serde_json::from_str(&entry.project_ids).unwrap_or_default();
    let projects = project_ids
        .iter()
        .map(|id| project_name.get(id.as_str()).map_or(id.as_str(), |n| n))
        .collect::<Vec<_>>()
        .join(", ");
    EntryLine {
        id: entry.id.clone(),
        at: page.time(entry.at),
        actor,
        action: code_label(page, "audit-action", &entry.action),
        object_kind: code_label(page, "audit-kind", &entry.object_kind),
        object_id: entry.object_id.clone(),
        object_name: recorded_name(entry),
        object_href: object_href(&entry.object_kind, &entry.object_id),
        projects,
        changes: diff(entry.before.as_deref(), entry.after.as_deref(), named)
            .into_iter()
            .map(|(key, before, after)| Change {
                key: code_label(page, "audit-field", &key),
                before,
                after,
            })
            .collect(),
    }
}

/// The reader's label of an audit code (`api_token.revoked`, `role_id`): the message
/// `{prefix}-{code}` (dots as dashes), else the code itself, so a code added later
/// still shows.
fn code_label(page: &Page, prefix: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    page.tr
        .try_t(&format!("{prefix}-{}", code.replace('.', "-")))
        .unwrap_or_else(|| code.to_owned())
}

/// The `name` the entry's after (else before) state holds: what the reader saw the
/// object called when it changed. The entry is visible to the reader, its name too.
fn recorded_name(entry: &EntryRow) -> Option<String> {
    [entry.after.as_deref(), entry.before.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|raw| serde_json::from_str::<Value>(raw).ok())
        .find_map(|state| {
            state
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_lists_changed_keys_only() {
        let none = HashMap::new();
        let rows = diff(
            Some(r#"{"name":"A","color":"white","n":1}"#),
            Some(r#"{"name":"B","color":"white","m":2}"#),
            &none,
        );
        let keys: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(keys, vec!["m", "n", "name"]);
        assert_eq!(rows[2], ("name".into(), "A".into(), "B".into()));
        assert_eq!(diff(None, Some(r#"{"a":true}"#), &none)[0].2, "true");
    }

    #[test]
    fn a_diff_names_the_ids_the_reader_may_see() {
        let names = HashMap::from([
            ("r1".to_owned(), "Agent".to_owned()),
            ("r2".to_owned(), "Supervisor".to_owned()),
            ("u1".to_owned(), "Ana".to_owned()),
        ]);
        let rows = diff(
            Some(r#"{"role_id":"r1","member_ids":["u1","u9"]}"#),
            Some(r#"{"role_id":"r2","member_ids":[]}"#),
            &names,
        );
        assert_eq!(
            rows,
            vec![
                ("member_ids".into(), "Ana, u9".into(), "[]".into()),
                ("role_id".into(), "Agent".into(), "Supervisor".into()),
            ]
        );
    }
}
