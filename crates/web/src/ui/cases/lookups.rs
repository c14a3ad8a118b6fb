//! The company's case configuration as the case page and its forms read it.

use app::AppError;
use app::case_config::{Disposition, Field, Status};
use domain::Actor;
use domain::case_config::REQUIRABLE_ATTRIBUTES;
use store::case_config::ReasonRow;

use super::wording::attribute_label;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::ui::layout::Page;
use crate::ui::shipped;

/// The company's case configuration, for names and choices.
pub(super) struct Lookups {
    pub(super) statuses: Vec<Status>,
    pub(super) reasons: Vec<ReasonRow>,
    /// Removed ones too: they still label old values.
    pub(super) fields: Vec<Field>,
    pub(super) dispositions: Vec<Disposition>,
}

impl Lookups {
    pub(super) async fn load(state: &AppState, actor: &Actor, tr: Tr) -> Result<Self, AppError> {
        Ok(Lookups {
            statuses: shipped::statuses(state, actor, tr).await?,
            reasons: app::case_config::reasons(&state.ctx, actor).await?,
            fields: app::case_config::fields(&state.ctx, actor, true).await?,
            dispositions: shipped::dispositions(state, actor, tr).await?,
        })
    }

    pub(super) fn status_name(&self, key: &str) -> String {
        self.statuses
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name.clone())
    }

    pub(super) fn reason_name(&self, id: &str) -> String {
        self.reasons
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), |r| r.name.clone())
    }

    pub(super) fn disposition_name(&self, key: &str) -> String {
        self.dispositions
            .iter()
            .find(|d| d.key == key)
            .map_or_else(|| key.to_owned(), |d| d.name.clone())
    }

    pub(super) fn live_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.row.removed_at.is_none())
    }

    /// The name of a requirement: a case attribute or a custom field.
    pub(super) fn key_label(&self, page: &Page, key: &str) -> String {
        if REQUIRABLE_ATTRIBUTES.contains(&key) {
            return attribute_label(page, key);
        }
        self.fields
            .iter()
            .find(|f| f.row.key == key)
            .map_or_else(|| key.to_owned(), |f| f.row.label.clone())
    }

    /// What entering `status` requires: its own list and the always-required fields.
    pub(super) fn required_by(&self, status: &Status) -> Vec<String> {
        let mut keys = status.required_fields.clone();
        for field in self.live_fields().filter(|f| f.row.required) {
            if !keys.contains(&field.row.key) {
                keys.push(field.row.key.clone());
            }
        }
        keys
    }
}

/// The name of a form field a refusal names, for a summary.
pub(super) fn form_field_name(page: &Page, lookups: &Lookups, key: &str) -> String {
    match key.strip_prefix("fields.") {
        Some(custom) => lookups.key_label(page, custom),
        None => lookups.key_label(page, key),
    }
}
