//! CRM forms: the conversation form an agent fills in during a call.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, check_name};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FormFieldType {
    Text,
    Textarea,
    Number,
    Date,
    Choice,
    Checkbox,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Unique within the form: lowercase letters, digits and `_`.
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FormFieldType,
    /// The choices of a `choice` field.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CrmForm {
    pub name: String,
    #[serde(default)]
    pub fields: Vec<FormField>,
}

impl Spec for CrmForm {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        if self.fields.len() > 100 {
            errors.add("fields", "too_many");
        }
        let mut keys = HashSet::new();
        for (i, field) in self.fields.iter_mut().enumerate() {
            let key_ok = (1..=40).contains(&field.key.len())
                && field
                    .key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok {
                errors.add(&format!("fields[{i}].key"), "invalid_key");
            } else if !keys.insert(field.key.clone()) {
                errors.add(&format!("fields[{i}].key"), "duplicate");
            }
            check_name(errors, &format!("fields[{i}].label"), &mut field.label);
            field
                .options
                .iter_mut()
                .for_each(|o| *o = o.trim().to_owned());
            field.options.retain(|o| !o.is_empty());
            match field.field_type {
                FormFieldType::Choice if field.options.is_empty() => {
                    errors.add(&format!("fields[{i}].options"), "required");
                }
                FormFieldType::Choice => {}
                _ if !field.options.is_empty() => {
                    errors.add(&format!("fields[{i}].options"), "only_for_choice");
                }
                _ => {}
            }
        }
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::{ObjectKind, prepare};
    use serde_json::json;

    #[test]
    fn fields_have_unique_keys_and_choices() {
        let errors = prepare(
            ObjectKind::CrmForms,
            json!({"name": "Call form", "fields": [
                {"key": "outcome", "label": "Outcome", "type": "choice"},
                {"key": "outcome", "label": "Again", "type": "text", "options": ["x"]}
            ]}),
        )
        .unwrap_err();
        assert_eq!(errors.0["fields[0].options"], "required");
        assert_eq!(errors.0["fields[1].key"], "duplicate");
        assert_eq!(errors.0["fields[1].options"], "only_for_choice");
    }
}
