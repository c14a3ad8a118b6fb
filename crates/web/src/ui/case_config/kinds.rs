//! How each list of the page reads its forms and asks before a delete.

use app::AppError;
use app::case_config::{
    CustomFields, DispositionInput, Field, FieldInput, ReasonInput, Reasons, Results, StatusInput,
    Statuses,
};
use axum::response::Response;
use domain::case_config::FieldType;
use domain::{Actor, FieldErrors};

use super::edit::PageList;
use super::{given, lines};
use crate::state::AppState;
use crate::ui::common::Fields;
use crate::ui::confirm;
use crate::ui::layout::Page;

impl PageList for Statuses {
    const SECTION: &'static str = "statuses";
    const LINE: &'static str = "status";

    async fn create_input(
        _state: &AppState,
        _actor: &Actor,
        fields: &Fields,
    ) -> Result<StatusInput, AppError> {
        Ok(StatusInput {
            key: given(fields, "key"),
            name: Some(fields.text("name")),
            open: Some(fields.has("open")),
            required_fields: Some(fields.all("required_fields")),
        })
    }

    /// Renames a status and sets what it requires.
    async fn save_input(
        _state: &AppState,
        _actor: &Actor,
        _key: &str,
        fields: &Fields,
        _active: Option<bool>,
    ) -> Result<StatusInput, AppError> {
        Ok(StatusInput {
            key: None,
            name: Some(fields.text("name")),
            // Built-ins keep whether they are open: their form does not offer it.
            open: fields.has("open_shown").then(|| fields.has("open")),
            required_fields: Some(fields.all("required_fields")),
        })
    }

    fn delete_with(fields: &Fields) -> Option<String> {
        fields.get("move_to").map(str::to_owned)
    }

    async fn ask(
        state: &AppState,
        actor: &Actor,
        page: Page,
        key: &str,
        _retire: bool,
        _version: Option<i64>,
    ) -> Response {
        confirm::status(state, actor, page, key).await
    }
}

fn reason_input(fields: &Fields) -> ReasonInput {
    ReasonInput {
        name: Some(fields.text("name")),
        description: Some(fields.text("description")),
        active: None,
    }
}

impl PageList for Reasons {
    const SECTION: &'static str = "reasons";
    const LINE: &'static str = "reason";
    const RETIRED: Option<&'static str> = Some("reason-retired");

    async fn create_input(
        _state: &AppState,
        _actor: &Actor,
        fields: &Fields,
    ) -> Result<ReasonInput, AppError> {
        Ok(reason_input(fields))
    }

    async fn save_input(
        _state: &AppState,
        _actor: &Actor,
        _id: &str,
        fields: &Fields,
        active: Option<bool>,
    ) -> Result<ReasonInput, AppError> {
        Ok(match active {
            Some(active) => ReasonInput {
                active: Some(active),
                ..ReasonInput::default()
            },
            None => reason_input(fields),
        })
    }

    fn delete_with(_fields: &Fields) {}

    async fn ask(
        state: &AppState,
        actor: &Actor,
        page: Page,
        id: &str,
        retire: bool,
        version: Option<i64>,
    ) -> Response {
        confirm::reason(state, actor, page, id, retire, version).await
    }
}

/// The statuses ticked on a field form, refused unless all exist.
async fn chosen_statuses(
    state: &AppState,
    actor: &Actor,
    fields: &Fields,
) -> Result<Vec<String>, AppError> {
    let chosen = fields.all("statuses");
    let statuses = app::case_config::statuses(&state.ctx, actor).await?;
    if chosen.iter().any(|k| !statuses.iter().any(|s| s.key == *k)) {
        return Err(FieldErrors::single("statuses", "unknown").into());
    }
    Ok(chosen)
}

/// Makes exactly the statuses ticked on a field form require the field `key`.
async fn require_for(
    state: &AppState,
    actor: &Actor,
    key: &str,
    fields: &Fields,
) -> Result<(), AppError> {
    let chosen = fields.all("statuses");
    for status in app::case_config::statuses(&state.ctx, actor).await? {
        let has = status.required_fields.iter().any(|k| k == key);
        let wants = chosen.contains(&status.key);
        if has == wants {
            continue;
        }
        let mut required = status.required_fields.clone();
        if wants {
            required.push(key.to_owned());
        } else {
            required.retain(|k| k != key);
        }
        let input = StatusInput {
            required_fields: Some(required),
            ..StatusInput::default()
        };
        app::case_config::update_status(
            &state.ctx,
            actor,
            &status.key,
            input,
            Some(status.version),
        )
        .await?;
    }
    Ok(())
}

/// Custom fields: the statuses that require one are set on its forms too; a delete
/// removes it from forms (old values keep their label).
impl PageList for CustomFields {
    const SECTION: &'static str = "fields";
    const LINE: &'static str = "field";
    const DELETED: &'static str = "removed";

    async fn create_input(
        state: &AppState,
        actor: &Actor,
        fields: &Fields,
    ) -> Result<FieldInput, AppError> {
        let field_type = match given(fields, "type") {
            None => None,
            Some(key) => Some(
                FieldType::parse(&key)
                    .ok_or_else(|| AppError::from(FieldErrors::single("type", "invalid")))?,
            ),
        };
        // Ticked statuses are checked before the field exists.
        chosen_statuses(state, actor, fields).await?;
        Ok(FieldInput {
            key: given(fields, "key"),
            label: Some(fields.text("label")),
            field_type,
            options: Some(lines(&fields.text("options"))),
            required: Some(fields.has("required")),
        })
    }

    async fn created(
        state: &AppState,
        actor: &Actor,
        item: &Field,
        fields: &Fields,
    ) -> Result<(), AppError> {
        require_for(state, actor, &item.row.key, fields).await
    }

    /// Label, options, whether and where it is required.
    async fn save_input(
        state: &AppState,
        actor: &Actor,
        id: &str,
        fields: &Fields,
        _active: Option<bool>,
    ) -> Result<FieldInput, AppError> {
        let current = app::case_config::fields(&state.ctx, actor, false)
            .await?
            .into_iter()
            .find(|f| f.row.id == id)
            .ok_or(AppError::NotFound)?;
        chosen_statuses(state, actor, fields).await?;
        Ok(FieldInput {
            key: None,
            label: Some(fields.text("label")),
            field_type: None,
            // Only choice fields have options (and a box to type them in).
            options: (current.field_type == FieldType::Choice)
                .then(|| lines(&fields.text("options"))),
            required: Some(fields.has("required")),
        })
    }

    async fn saved(
        state: &AppState,
        actor: &Actor,
        item: &Field,
        fields: &Fields,
    ) -> Result<(), AppError> {
        require_for(state, actor, &item.row.key, fields).await
    }

    fn delete_with(_fields: &Fields) {}

    async fn ask(
        state: &AppState,
        actor: &Actor,
        page: Page,
        id: &str,
        _retire: bool,
        _version: Option<i64>,
    ) -> Response {
        confirm::field(state, actor, page, id).await
    }
}

/// Contact-attempt results: the edit form (name, and the flags of custom results) or
/// the retire / reactivate button; custom results no attempt has used delete.
impl PageList for Results {
    const SECTION: &'static str = "results";
    const LINE: &'static str = "result";
    const RETIRED: Option<&'static str> = Some("retired");

    async fn create_input(
        _state: &AppState,
        _actor: &Actor,
        fields: &Fields,
    ) -> Result<DispositionInput, AppError> {
        Ok(DispositionInput {
            key: given(fields, "key"),
            name: Some(fields.text("name")),
            reached: Some(fields.has("reached")),
            needs_next_contact: Some(fields.has("needs_next_contact")),
            active: None,
        })
    }

    async fn save_input(
        _state: &AppState,
        _actor: &Actor,
        _key: &str,
        fields: &Fields,
        active: Option<bool>,
    ) -> Result<DispositionInput, AppError> {
        let flags = fields.has("flags_shown");
        Ok(DispositionInput {
            key: None,
            name: fields.get("name").map(str::to_owned),
            reached: flags.then(|| fields.has("reached")),
            needs_next_contact: flags.then(|| fields.has("needs_next_contact")),
            active,
        })
    }

    fn delete_with(_fields: &Fields) {}

    async fn ask(
        state: &AppState,
        actor: &Actor,
        page: Page,
        key: &str,
        retire: bool,
        version: Option<i64>,
    ) -> Response {
        confirm::result(state, actor, page, key, retire, version).await
    }
}
