//! Call scripts: the call flow an IVR or an agent follows, as structured steps.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{ObjectKind, Reference, Spec, Target, check_ids, check_name, check_text, refs};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Play or read out `text`, then go to `next`.
    Say,
    /// Ask `text` and record the answer, then go to `next`.
    Question,
    /// Offer `options`, each leading to a step.
    Menu,
    /// Hand the call to `target` (a queue, extension or number).
    Transfer,
    /// End the flow.
    End,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StepOption {
    pub label: String,
    pub next: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the script: lowercase letters, digits, `_` and `-`.
    pub key: String,
    pub kind: StepKind,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub options: Vec<StepOption>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallScript {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The first step is where the flow starts.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Tags the script applies; a tag in use here cannot be deleted.
    #[serde(default)]
    pub tag_ids: Vec<String>,
}

fn valid_key(key: &str) -> bool {
    (1..=40).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

impl Spec for CallScript {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        check_text(errors, "description", &mut self.description, 1000);
        check_ids(errors, "tag_ids", &mut self.tag_ids, 50);
        if self.steps.len() > 200 {
            errors.add("steps", "too_many");
            return;
        }
        let mut keys = HashSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            if !valid_key(&step.key) {
                errors.add(&format!("steps[{i}].key"), "invalid_key");
            } else if !keys.insert(step.key.clone()) {
                errors.add(&format!("steps[{i}].key"), "duplicate");
            }
        }
        for (i, step) in self.steps.iter_mut().enumerate() {
            check_text(errors, &format!("steps[{i}].text"), &mut step.text, 2000);
            let needs_text = matches!(step.kind, StepKind::Say | StepKind::Question);
            if needs_text && step.text.is_empty() {
                errors.add(&format!("steps[{i}].text"), "required");
            }
            if step.kind == StepKind::Menu && step.options.is_empty() {
                errors.add(&format!("steps[{i}].options"), "required");
            }
            if step.kind == StepKind::Transfer
                && step.target.as_deref().is_none_or(|t| t.trim().is_empty())
            {
                errors.add(&format!("steps[{i}].target"), "required");
            }
            if let Some(next) = &step.next
                && !keys.contains(next)
            {
                errors.add(&format!("steps[{i}].next"), "unknown_step");
            }
            for (j, option) in step.options.iter_mut().enumerate() {
                check_name(
                    errors,
                    &format!("steps[{i}].options[{j}].label"),
                    &mut option.label,
                );
                if !keys.contains(&option.next) {
                    errors.add(&format!("steps[{i}].options[{j}].next"), "unknown_step");
                }
            }
        }
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        refs("tag_ids", Target::Object(ObjectKind::Tags), &self.tag_ids)
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::{ObjectKind, prepare};
    use serde_json::json;

    #[test]
    fn steps_lead_to_steps_that_exist() {
        let script = json!({"name": "Collections", "tag_ids": ["t1"], "steps": [
            {"key": "greet", "kind": "say", "text": "Hello", "next": "menu"},
            {"key": "menu", "kind": "menu", "options": [{"label": "Pay", "next": "bye"}]},
            {"key": "bye", "kind": "end"}
        ]});
        assert_eq!(
            prepare(ObjectKind::CallScripts, script)
                .unwrap()
                .references
                .len(),
            1
        );
        let broken = json!({"name": "Broken", "steps": [
            {"key": "a", "kind": "say", "next": "nowhere"},
            {"key": "a", "kind": "menu"},
            {"key": "t", "kind": "transfer"}
        ]});
        let errors = prepare(ObjectKind::CallScripts, broken).unwrap_err();
        for field in [
            "steps[0].text",
            "steps[0].next",
            "steps[1].key",
            "steps[1].options",
            "steps[2].target",
        ] {
            assert!(errors.0.contains_key(field), "{field}: {errors:?}");
        }
    }
}
