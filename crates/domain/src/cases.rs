//! Customer cases: their fields and validation, what a status change requires, the
//! channels and results of contact attempts, and how a set of cases is spread over
//! operators so that their open loads end up even.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::case_config::{self, FieldType};
use crate::objects::phone;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    /// Stored as a rank so lists sort by it.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Urgent => 3,
        }
    }

    pub fn from_rank(rank: i64) -> Self {
        match rank {
            0 => Priority::Low,
            2 => Priority::High,
            3 => Priority::Urgent,
            _ => Priority::Normal,
        }
    }
}

/// The customer a case is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    /// National id, tax number or account number.
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
}

impl Customer {
    /// Trims, normalises phones, and reports by `customer.<field>`.
    pub fn check(&mut self, errors: &mut FieldErrors) {
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            errors.add("customer.name", "required");
        } else if self.name.chars().count() > 200 {
            errors.add("customer.name", "too_long");
        }
        self.document = self.document.trim().to_owned();
        if self.document.chars().count() > 64 {
            errors.add("customer.document", "too_long");
        }
        self.email = self.email.trim().to_owned();
        if !self.email.is_empty() && !crate::profile::is_plausible_email(&self.email) {
            errors.add("customer.email", "invalid");
        }
        self.address = self.address.trim().to_owned();
        if self.address.chars().count() > 500 {
            errors.add("customer.address", "too_long");
        }
        if self.phones.len() > 10 {
            errors.add("customer.phones", "too_many");
        }
        let mut phones: Vec<String> = Vec::new();
        for raw in &self.phones {
            match phone::normalize(raw) {
                Some(p) if !phones.contains(&p) => phones.push(p),
                Some(_) => {}
                None => errors.add("customer.phones", "invalid_phone"),
            }
        }
        self.phones = phones;
    }

    /// The terms a text search finds this customer by, separated by spaces (see
    /// `search::terms`).
    pub fn search_text(&self) -> String {
        crate::search::terms(&self.name, &self.document, &self.phones).join(" ")
    }
}

/// Amounts travel as numbers with at most two decimals and are stored in cents.
pub fn amount_to_cents(amount: f64) -> Option<i64> {
    let cents = (amount * 100.0).round();
    (amount.is_finite() && (cents - amount * 100.0).abs() < 1e-6 && cents.abs() < 1e15)
        .then_some(cents as i64)
}

pub fn cents_to_amount(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// `YYYY-MM-DD`.
pub fn valid_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// A custom field as cases use it.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub key: String,
    pub field_type: FieldType,
    pub options: Vec<String>,
    /// Required on every case.
    pub required: bool,
}

/// Checks custom field values against their definitions; unknown keys are refused,
/// `null` clears a value. Answers the values to store.
pub fn check_fields(
    specs: &[FieldSpec],
    values: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in values {
        match specs.iter().find(|s| s.key == *key) {
            None => errors.add(&format!("fields.{key}"), "unknown_field"),
            Some(spec) => match case_config::check_value(spec.field_type, &spec.options, value) {
                Some(Value::Null) => {}
                Some(value) => {
                    out.insert(key.clone(), value);
                }
                None => errors.add(&format!("fields.{key}"), "invalid_value"),
            },
        }
    }
    out
}

/// The keys required to be in a case entering a status: the status's own list and
/// the always-required custom fields, among those `present` does not hold.
pub fn missing_fields(
    required_by_status: &[String],
    specs: &[FieldSpec],
    present: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    let always = specs.iter().filter(|s| s.required).map(|s| s.key.clone());
    for key in required_by_status.iter().cloned().chain(always) {
        if !present(&key) && !missing.contains(&key) {
            missing.push(key);
        }
    }
    missing
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Call,
    Sms,
    Email,
    Visit,
    Chat,
}

/// Spreads `cases` over operators so that their open loads end up as even as possible:
/// each case goes to the least-loaded operator allowed to take it (ties: the order
/// given). `loads` holds what each operator already has; `allowed(case, operator)`
/// says who may take which case. Answers `(case, operator)` pairs, or the cases
/// nobody may take.
pub fn distribute<'a>(
    cases: &'a [String],
    loads: &BTreeMap<String, i64>,
    operators: &'a [String],
    allowed: impl Fn(&str, &str) -> bool,
) -> Result<Vec<(&'a str, &'a str)>, Vec<&'a str>> {
    // The least loaded operator first, ties to the earlier one: a heap keeps the choice
    // O(log operators) per case; operators a case may not go to are set aside and put
    // back after it is placed.
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = operators
        .iter()
        .enumerate()
        .map(|(i, op)| Reverse((loads.get(op).copied().unwrap_or(0), i)))
        .collect();
    let mut pairs = Vec::with_capacity(cases.len());
    let mut stuck = Vec::new();
    let mut set_aside = Vec::new();
    for case in cases {
        let mut placed = false;
        while let Some(Reverse((load, i))) = heap.pop() {
            if allowed(case, &operators[i]) {
                pairs.push((case.as_str(), operators[i].as_str()));
                heap.push(Reverse((load + 1, i)));
                placed = true;
                break;
            }
            set_aside.push(Reverse((load, i)));
        }
        heap.extend(set_aside.drain(..));
        if !placed {
            stuck.push(case.as_str());
        }
    }
    if stuck.is_empty() {
        Ok(pairs)
    } else {
        Err(stuck)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn distribution_evens_out_existing_loads() {
        let cases: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
        let operators = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let loads = BTreeMap::from([("a".to_owned(), 10), ("b".to_owned(), 0)]);
        let pairs = distribute(&cases, &loads, &operators, |_, _| true).unwrap();
        let mut totals = BTreeMap::from([("a", 10), ("b", 0), ("c", 0)]);
        for (_, op) in &pairs {
            *totals.get_mut(op).unwrap() += 1;
        }
        let (min, max) = (
            totals.values().min().unwrap(),
            totals.values().max().unwrap(),
        );
        assert!(max - min <= 1, "{totals:?}");
        assert_eq!(totals.values().sum::<i64>(), 40);
    }

    #[test]
    fn restricted_operators_are_evened_among_those_who_may_take() {
        // Odd cases may only go to odd operators; even ones to anyone.
        let cases: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
        let operators: Vec<String> = (0..50).map(|i| format!("o{i}")).collect();
        let number = |s: &str| s[1..].parse::<usize>().unwrap();
        let allowed = |c: &str, o: &str| number(c) % 2 == 0 || number(o) % 2 == 1;
        let pairs = distribute(&cases, &BTreeMap::new(), &operators, allowed).unwrap();
        assert_eq!(pairs.len(), cases.len());
        let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
        for (case, op) in &pairs {
            assert!(allowed(case, op), "{case} went to {op}");
            *totals.entry(op).or_default() += 1;
        }
        let max = totals.values().max().unwrap();
        let min = totals.values().min().unwrap();
        assert!(max - min <= 1, "{totals:?}");
    }

    #[test]
    fn cases_nobody_may_take_are_named() {
        let cases = vec!["x".to_owned(), "y".to_owned()];
        let operators = vec!["a".to_owned()];
        let stuck = distribute(&cases, &BTreeMap::new(), &operators, |c, _| c == "x").unwrap_err();
        assert_eq!(stuck, ["y"]);
    }

    #[test]
    fn amounts_have_cents_at_most() {
        assert_eq!(amount_to_cents(1250.5), Some(125_050));
        assert_eq!(amount_to_cents(0.1 + 0.2), Some(30));
        assert_eq!(amount_to_cents(1.234), None);
        assert_eq!(amount_to_cents(f64::NAN), None);
    }

    #[test]
    fn missing_fields_cover_status_and_always_required() {
        let specs = vec![FieldSpec {
            key: "outcome".into(),
            field_type: FieldType::Text,
            options: vec![],
            required: true,
        }];
        let missing = missing_fields(&["reason_id".into(), "outcome".into()], &specs, |k| {
            k == "reason_id"
        });
        assert_eq!(missing, ["outcome"]);
        let mut errors = FieldErrors::new();
        let values = json!({"outcome": "ok", "other": 1});
        let kept = check_fields(&specs, values.as_object().unwrap(), &mut errors);
        assert_eq!(kept.len(), 1);
        assert_eq!(errors.0["fields.other"], "unknown_field");
    }
}
