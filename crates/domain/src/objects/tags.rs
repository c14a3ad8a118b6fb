//! Tags: company-wide labels that call scripts and interactions use.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, check_name};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub name: String,
    /// `#rrggbb`.
    #[serde(default = "default_color")]
    pub color: String,
}

fn default_color() -> String {
    "#64748b".into()
}

/// `#rrggbb`, lowercased.
pub(super) fn check_color(errors: &mut FieldErrors, field: &str, color: &mut String) {
    *color = color.trim().to_ascii_lowercase();
    let valid = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !valid {
        errors.add(field, "invalid_color");
    }
}

impl Spec for Tag {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        check_color(errors, "color", &mut self.color);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}
