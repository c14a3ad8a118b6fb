//! The configuration objects, one set of routes per kind: `GET,POST /{kind}` and
//! `GET,PATCH,DELETE /{kind}/{id}`, plus the numbers of phone lists.

use app::objects::ObjectDetails;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use domain::FieldErrors;
use domain::objects::ObjectKind;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::api::views::Page;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, CurrentActor, IfMatch};
use crate::state::AppState;

/// `?q=&limit=&cursor=&count=` of object lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObjectListParams {
    /// Text in the name (an IP phone: its MAC).
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
    count: Option<bool>,
}

/// An object as the API shows it: its kind's fields at the top level, beside `id`,
/// `project_ids` and `version` (a SIP provider's secret never appears).
pub fn view(object: ObjectDetails) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(object.row.id));
    out.insert("kind".into(), json!(object.kind.key()));
    if let Value::Object(fields) = object.fields {
        out.extend(fields);
    }
    out.insert("name".into(), json!(object.row.name));
    out.insert("project_ids".into(), json!(object.project_ids));
    if let Some(count) = object.entry_count {
        out.insert("entry_count".into(), json!(count));
    }
    out.insert("version".into(), json!(object.row.version));
    out.insert("created_at".into(), json!(object.row.created_at));
    out.insert("updated_at".into(), json!(object.row.updated_at));
    Value::Object(out)
}

/// Splits `project_ids` from the kind's fields.
fn split_body(body: Value) -> ApiResult<(Value, Option<Vec<String>>)> {
    let Value::Object(mut fields) = body else {
        return Err(FieldErrors::single("body", "expected an object").into());
    };
    let project_ids = match fields.remove("project_ids") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            serde_json::from_value(value)
                .map_err(|_| FieldErrors::single("project_ids", "expected a list of ids"))?,
        ),
    };
    Ok((Value::Object(fields), project_ids))
}

async fn list(
    state: AppState,
    actor: domain::Actor,
    kind: ObjectKind,
    params: ObjectListParams,
) -> ApiResult<Json<Value>> {
    let page = app::objects::list(
        &state.ctx,
        &actor,
        kind,
        params.q.as_deref(),
        params.cursor.as_deref(),
        params.limit.unwrap_or(50),
        params.count.unwrap_or(false),
    )
    .await?;
    let mut out = json!({
        "items": page.items.into_iter().map(view).collect::<Vec<_>>(),
        "next": page.next,
    });
    if let Some(total) = page.total {
        out["total"] = json!(total);
    }
    Ok(Json(out))
}

async fn create(
    state: AppState,
    actor: domain::Actor,
    kind: ObjectKind,
    body: Value,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (fields, project_ids) = split_body(body)?;
    let created = app::objects::create(
        &state.ctx,
        &actor,
        kind,
        fields,
        project_ids.unwrap_or_default(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view(created))))
}

async fn get(
    state: AppState,
    actor: domain::Actor,
    kind: ObjectKind,
    id: String,
) -> ApiResult<Json<Value>> {
    Ok(Json(view(
        app::objects::get(&state.ctx, &actor, kind, &id).await?,
    )))
}

async fn update(
    state: AppState,
    actor: domain::Actor,
    kind: ObjectKind,
    id: String,
    version: Option<i64>,
    body: Value,
) -> ApiResult<Json<Value>> {
    let (fields, project_ids) = split_body(body)?;
    let updated =
        app::objects::update(&state.ctx, &actor, kind, &id, fields, project_ids, version).await?;
    Ok(Json(view(updated)))
}

async fn delete(
    state: AppState,
    actor: domain::Actor,
    kind: ObjectKind,
    id: String,
) -> ApiResult<StatusCode> {
    app::objects::delete(&state.ctx, &actor, kind, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The five routes of one kind; `$fields` documents the kind's fields.
macro_rules! object_routes {
    ($module:ident, $kind:expr, $list:literal, $one:literal, $fields:ty) => {
        pub mod $module {
            use super::*;

            #[utoipa::path(get, path = $list, tag = "configuration", params(ObjectListParams),
                responses((status = 200, body = Page<$fields>), (status = 403)))]
            pub async fn list(
                State(state): State<AppState>,
                CurrentActor(actor): CurrentActor,
                ApiQuery(params): ApiQuery<ObjectListParams>,
            ) -> ApiResult<Json<Value>> {
                super::list(state, actor, $kind, params).await
            }

            /// In enhanced security the body names the `project_ids` to place it in.
            #[utoipa::path(post, path = $list, tag = "configuration", request_body = $fields,
                responses((status = 201, body = $fields), (status = 403), (status = 422)))]
            pub async fn create(
                State(state): State<AppState>,
                CurrentActor(actor): CurrentActor,
                ApiJson(body): ApiJson<Value>,
            ) -> ApiResult<(StatusCode, Json<Value>)> {
                super::create(state, actor, $kind, body).await
            }

            #[utoipa::path(get, path = $one, tag = "configuration", params(("id" = String, Path)),
                responses((status = 200, body = $fields), (status = 404)))]
            pub async fn get(
                State(state): State<AppState>,
                CurrentActor(actor): CurrentActor,
                Path(id): Path<String>,
            ) -> ApiResult<Json<Value>> {
                super::get(state, actor, $kind, id).await
            }

            /// Fields given replace the stored ones; `project_ids` (with
            /// `projects.manage`) replaces the object's projects.
            #[utoipa::path(patch, path = $one, tag = "configuration", params(("id" = String, Path)),
                request_body = $fields,
                responses((status = 200, body = $fields), (status = 403), (status = 404), (status = 412), (status = 422)))]
            pub async fn update(
                State(state): State<AppState>,
                CurrentActor(actor): CurrentActor,
                Path(id): Path<String>,
                IfMatch(version): IfMatch,
                ApiJson(body): ApiJson<Value>,
            ) -> ApiResult<Json<Value>> {
                super::update(state, actor, $kind, id, version, body).await
            }

            /// 409 `in_use`, naming the users, while anything refers to it.
            #[utoipa::path(delete, path = $one, tag = "configuration", params(("id" = String, Path)),
                responses((status = 204), (status = 404), (status = 409)))]
            pub async fn delete(
                State(state): State<AppState>,
                CurrentActor(actor): CurrentActor,
                Path(id): Path<String>,
            ) -> ApiResult<StatusCode> {
                super::delete(state, actor, $kind, id).await
            }
        }
    };
}

object_routes!(
    queues,
    ObjectKind::Queues,
    "/queues",
    "/queues/{id}",
    domain::objects::Queue
);
object_routes!(
    schedules,
    ObjectKind::Schedules,
    "/schedules",
    "/schedules/{id}",
    domain::objects::Schedule
);
object_routes!(
    sip_providers,
    ObjectKind::SipProviders,
    "/sip-providers",
    "/sip-providers/{id}",
    domain::objects::SipProvider
);
object_routes!(
    call_scripts,
    ObjectKind::CallScripts,
    "/call-scripts",
    "/call-scripts/{id}",
    domain::objects::CallScript
);
object_routes!(
    dialer_campaigns,
    ObjectKind::DialerCampaigns,
    "/dialer-campaigns",
    "/dialer-campaigns/{id}",
    domain::objects::DialerCampaign
);
object_routes!(
    lists,
    ObjectKind::Lists,
    "/lists",
    "/lists/{id}",
    domain::objects::List
);
object_routes!(
    notification_templates,
    ObjectKind::NotificationTemplates,
    "/notification-templates",
    "/notification-templates/{id}",
    domain::objects::NotificationTemplate
);
object_routes!(
    crm_forms,
    ObjectKind::CrmForms,
    "/crm-forms",
    "/crm-forms/{id}",
    domain::objects::CrmForm
);
object_routes!(
    ip_phones,
    ObjectKind::IpPhones,
    "/ip-phones",
    "/ip-phones/{id}",
    domain::objects::IpPhone
);
object_routes!(
    tags,
    ObjectKind::Tags,
    "/tags",
    "/tags/{id}",
    domain::objects::Tag
);

#[derive(Debug, Serialize, ToSchema)]
pub struct ListEntryView {
    pub phone: String,
    pub note: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryListParams {
    limit: Option<i64>,
    cursor: Option<String>,
}

/// The numbers of a list, in order; `total` is always given.
#[utoipa::path(get, path = "/lists/{id}/entries", tag = "configuration", params(("id" = String, Path), EntryListParams),
    responses((status = 200, body = Page<ListEntryView>), (status = 404)))]
pub async fn list_entries(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<EntryListParams>,
) -> ApiResult<Json<Page<ListEntryView>>> {
    let page = app::objects::entries(
        &state.ctx,
        &actor,
        &id,
        params.cursor.as_deref(),
        params.limit.unwrap_or(50),
    )
    .await?;
    Ok(Json(crate::api::views::Page {
        items: page
            .items
            .into_iter()
            .map(|e| ListEntryView {
                phone: e.phone,
                note: e.note,
                added_at: e.added_at,
            })
            .collect(),
        next: page.next,
        total: page.total,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    phone: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntries {
    entries: Vec<NewEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidEntry {
    /// 1-based: the entry's position, or the CSV line.
    row: usize,
    value: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntriesAddedView {
    added: usize,
    already_listed: usize,
    invalid: Vec<InvalidEntry>,
}

/// Reads `phone[,note]` lines; a first line naming a `phone` column is a header.
fn parse_csv(bytes: &[u8]) -> ApiResult<Vec<(String, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ApiError::BadRequest(format!("Malformed CSV: {e}")))?;
        let phone = record.get(0).unwrap_or_default().to_owned();
        if i == 0 && phone.eq_ignore_ascii_case("phone") {
            continue;
        }
        rows.push((phone, record.get(1).unwrap_or_default().to_owned()));
    }
    Ok(rows)
}

/// Adds numbers: JSON `{"entries": [{phone, note?}]}`, or `text/csv` with one
/// `phone,note` per line. Numbers that do not parse are reported by row, the rest land.
#[utoipa::path(post, path = "/lists/{id}/entries", tag = "configuration", params(("id" = String, Path)),
    request_body(content((NewEntries = "application/json"), (String = "text/csv"))),
    responses((status = 200, body = EntriesAddedView), (status = 404), (status = 415), (status = 422)))]
pub async fn add_entries(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<EntriesAddedView>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let numbers = if content_type.starts_with("text/csv") {
        parse_csv(&body)?
    } else if content_type.starts_with("application/json") {
        let parsed: NewEntries = crate::extract::json::parse(&body)?;
        parsed
            .entries
            .into_iter()
            .map(|e| (e.phone, e.note))
            .collect()
    } else {
        return Err(ApiError::UnsupportedMediaType);
    };
    let outcome = app::objects::add_entries(&state.ctx, &actor, &id, numbers).await?;
    Ok(Json(EntriesAddedView {
        added: outcome.added,
        already_listed: outcome.already_listed,
        invalid: outcome
            .invalid
            .into_iter()
            .map(|(row, value)| InvalidEntry { row, value })
            .collect(),
    }))
}

#[utoipa::path(delete, path = "/lists/{id}/entries/{phone}", tag = "configuration",
    params(("id" = String, Path), ("phone" = String, Path)),
    responses((status = 204), (status = 404)))]
pub async fn remove_entry(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((id, phone)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    app::objects::remove_entry(&state.ctx, &actor, &id, &phone).await?;
    Ok(StatusCode::NO_CONTENT)
}
