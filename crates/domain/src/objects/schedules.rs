//! Schedules: weekly opening hours and holidays in a time zone, applied to agents,
//! queues and dialer campaigns.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{Reference, Spec, Target, check_ids, check_name, check_text, refs};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// An open interval on a day, `HH:MM` to `HH:MM` (`24:00` ends at midnight).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub day: Weekday,
    pub start: String,
    pub end: String,
}

/// A closed day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub name: String,
    /// IANA name, e.g. `Europe/Madrid`.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default)]
    pub windows: Vec<Window>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Agents who work to this schedule.
    #[serde(default)]
    pub agent_ids: Vec<String>,
}

fn default_timezone() -> String {
    "UTC".into()
}

/// Minutes since midnight of `HH:MM`, allowing `24:00` as an end.
fn minutes(text: &str, is_end: bool) -> Option<u32> {
    if is_end && text == "24:00" {
        return Some(24 * 60);
    }
    let time = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
    Some(time.signed_duration_since(NaiveTime::MIN).num_minutes() as u32)
}

impl Spec for Schedule {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        if !crate::profile::is_valid_timezone(&self.timezone) {
            errors.add("timezone", "invalid_timezone");
        }
        if self.windows.len() > 100 {
            errors.add("windows", "too_many");
        }
        let mut spans = Vec::new();
        for (i, window) in self.windows.iter().enumerate() {
            match (minutes(&window.start, false), minutes(&window.end, true)) {
                (Some(start), Some(end)) if start < end => spans.push((window.day, start, end)),
                (Some(_), Some(_)) => errors.add(&format!("windows[{i}].end"), "before_start"),
                (None, _) => errors.add(&format!("windows[{i}].start"), "invalid_time"),
                (_, None) => errors.add(&format!("windows[{i}].end"), "invalid_time"),
            }
        }
        spans.sort();
        if spans
            .windows(2)
            .any(|pair| pair[0].0 == pair[1].0 && pair[1].1 < pair[0].2)
        {
            errors.add("windows", "overlap");
        }
        self.windows
            .sort_by_key(|w| (w.day, minutes(&w.start, false).unwrap_or(0)));
        if self.holidays.len() > 366 {
            errors.add("holidays", "too_many");
        }
        for (i, holiday) in self.holidays.iter_mut().enumerate() {
            if NaiveDate::parse_from_str(&holiday.date, "%Y-%m-%d").is_err() {
                errors.add(&format!("holidays[{i}].date"), "invalid_date");
            }
            check_text(
                errors,
                &format!("holidays[{i}].name"),
                &mut holiday.name,
                120,
            );
        }
        self.holidays.sort_by(|a, b| a.date.cmp(&b.date));
        check_ids(errors, "agent_ids", &mut self.agent_ids, 10_000);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        refs("agent_ids", Target::User, &self.agent_ids)
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::{ObjectKind, prepare};
    use serde_json::json;

    #[test]
    fn windows_must_be_ordered_and_apart() {
        let ok = prepare(
            ObjectKind::Schedules,
            json!({"name": "Office", "timezone": "Europe/Madrid", "windows": [
                {"day": "mon", "start": "14:00", "end": "18:00"},
                {"day": "mon", "start": "09:00", "end": "13:00"},
                {"day": "sun", "start": "00:00", "end": "24:00"}
            ], "holidays": [{"date": "2026-12-25", "name": "Christmas"}]}),
        )
        .unwrap();
        assert_eq!(ok.data["windows"][0]["start"], "09:00");
        let errors = prepare(
            ObjectKind::Schedules,
            json!({"name": "Bad", "timezone": "Mars/Base", "windows": [
                {"day": "tue", "start": "09:00", "end": "12:00"},
                {"day": "tue", "start": "11:00", "end": "13:00"},
                {"day": "wed", "start": "10:00", "end": "09:00"},
                {"day": "thu", "start": "9am", "end": "10:00"}
            ], "holidays": [{"date": "2026-02-30"}]}),
        )
        .unwrap_err();
        for field in [
            "timezone",
            "windows",
            "windows[2].end",
            "windows[3].start",
            "holidays[0].date",
        ] {
            assert!(errors.0.contains_key(field), "{field}: {errors:?}");
        }
    }
}
