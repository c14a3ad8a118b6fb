//! Lists of phone numbers: do-not-call, VIP and others. Entries live apart from the
//! list so a list can hold millions of numbers.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, check_name, check_text};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Numbers dialer campaigns linked to the list never call.
    Dnc,
    /// Numbers routed with priority.
    Vip,
    #[default]
    Other,
}

impl ListKind {
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Dnc => "dnc",
            ListKind::Vip => "vip",
            ListKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct List {
    pub name: String,
    #[serde(default)]
    pub kind: ListKind,
    #[serde(default)]
    pub description: String,
}

impl Spec for List {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        check_text(errors, "description", &mut self.description, 1000);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}
