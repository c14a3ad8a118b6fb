//! Field-level validation problems, reported together as one 422.

use std::collections::BTreeMap;

/// Problems keyed by field name; the value is a short machine-readable reason.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, problem: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| problem.to_owned());
    }

    pub fn single(field: &str, problem: &str) -> Self {
        let mut errors = Self::new();
        errors.add(field, problem);
        errors
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was reported, so validators can end with `errors.into_result()?`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}
