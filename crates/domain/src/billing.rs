//! A company's plan (seats licensed) and the calendar month its usage is counted in.

use chrono::{Datelike, NaiveDate};

use crate::clock::{Timestamp, bound};

/// The plan every company starts on until the installation's operator sets one.
pub const DEFAULT_PLAN: &str = "Standard";

/// The most seats a plan can license: beyond it a typo, not a contract.
pub const MAX_SEATS: i64 = 1_000_000;

/// How many active users a plan allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seats {
    Unlimited,
    Limited(i64),
}

impl Seats {
    /// As stored: `NULL` is no limit.
    pub fn from_stored(seats: Option<i64>) -> Seats {
        seats.map_or(Seats::Unlimited, Seats::Limited)
    }

    pub fn stored(self) -> Option<i64> {
        match self {
            Seats::Unlimited => None,
            Seats::Limited(n) => Some(n),
        }
    }

    /// `unlimited` or a whole number from 0 to [`MAX_SEATS`], as the command line gives it.
    pub fn parse(text: &str) -> Option<Seats> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("unlimited") {
            return Some(Seats::Unlimited);
        }
        let n: i64 = text.parse().ok()?;
        (0..=MAX_SEATS).contains(&n).then_some(Seats::Limited(n))
    }

    /// Whether `used` active users fit.
    pub fn allows(self, used: i64) -> bool {
        match self {
            Seats::Unlimited => true,
            Seats::Limited(n) => used <= n,
        }
    }
}

impl std::fmt::Display for Seats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seats::Unlimited => f.write_str("unlimited"),
            Seats::Limited(n) => write!(f, "{n}"),
        }
    }
}

/// A plan's name: trimmed, 1 to 100 characters, no control characters.
pub fn clean_plan_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control);
    ok.then(|| name.to_owned())
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// `YYYY-MM`, years 2000 to 9999.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        if year < 2000 {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Month { first })
    }

    /// The month `at` falls in, in time zone `tz`.
    pub fn holding(at: Timestamp, tz: &str) -> Month {
        let day = crate::clock::local_date(at, tz);
        Month {
            first: day.with_day(1).unwrap_or(day),
        }
    }

    pub fn key(self) -> String {
        self.first.format("%Y-%m").to_string()
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn next(self) -> Month {
        Month {
            first: self
                .first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.first),
        }
    }

    pub fn previous(self) -> Month {
        Month {
            first: self
                .first
                .checked_sub_months(chrono::Months::new(1))
                .unwrap_or(self.first),
        }
    }

    /// `[from, to)`: the month from its first local midnight in time zone `tz` to the next
    /// month's.
    pub fn bounds(self, tz: &str) -> (Timestamp, Timestamp) {
        let start = |m: Month| {
            bound(&m.first.format("%Y-%m-%d").to_string(), tz, false)
                .unwrap_or_else(|| m.first.and_time(chrono::NaiveTime::MIN).and_utc())
        };
        (start(self), start(self.next()))
    }
}

/// Seconds as billed minutes: every started minute counts.
pub fn billed_minutes(seconds: i64) -> i64 {
    (seconds.max(0) + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn seats_parse_and_allow() {
        assert_eq!(Seats::parse("unlimited"), Some(Seats::Unlimited));
        assert_eq!(Seats::parse(" Unlimited "), Some(Seats::Unlimited));
        assert_eq!(Seats::parse("12"), Some(Seats::Limited(12)));
        assert_eq!(Seats::parse("0"), Some(Seats::Limited(0)));
        assert_eq!(Seats::parse("-1"), None);
        assert_eq!(Seats::parse("ten"), None);
        assert_eq!(Seats::parse("1000001"), None);
        assert!(Seats::Limited(3).allows(3));
        assert!(!Seats::Limited(3).allows(4));
        assert!(Seats::Unlimited.allows(i64::MAX));
        assert_eq!(Seats::from_stored(None), Seats::Unlimited);
        assert_eq!(Seats::Limited(5).stored(), Some(5));
        assert_eq!(Seats::Unlimited.to_string(), "unlimited");
    }

    #[test]
    fn plan_names_are_trimmed_and_bounded() {
        assert_eq!(clean_plan_name("  Pro "), Some("Pro".to_owned()));
        assert_eq!(clean_plan_name("   "), None);
        assert_eq!(clean_plan_name("a\nb"), None);
        assert_eq!(clean_plan_name(&"x".repeat(101)), None);
    }

    #[test]
    fn months_parse_and_bound_in_a_time_zone() {
        assert_eq!(
            Month::parse("2026-02").map(Month::key),
            Some("2026-02".into())
        );
        for bad in ["2026-13", "2026-2", "26-02", "2026/02", "1999-12", "soon"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let feb = Month::parse("2026-02").unwrap();
        assert_eq!(feb.next().key(), "2026-03");
        assert_eq!(feb.previous().key(), "2026-01");
        assert_eq!(Month::parse("2026-12").unwrap().next().key(), "2027-01");
        assert_eq!(
            feb.bounds("UTC"),
            (
                Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
            )
        );
        assert_eq!(
            feb.bounds("Europe/Istanbul").0,
            Utc.with_ymd_and_hms(2026, 1, 31, 21, 0, 0).unwrap()
        );
        let late = Utc.with_ymd_and_hms(2026, 2, 28, 22, 30, 0).unwrap();
        assert_eq!(Month::holding(late, "UTC").key(), "2026-02");
        assert_eq!(Month::holding(late, "Europe/Istanbul").key(), "2026-03");
    }

    #[test]
    fn every_started_minute_is_billed() {
        assert_eq!(billed_minutes(0), 0);
        assert_eq!(billed_minutes(1), 1);
        assert_eq!(billed_minutes(60), 1);
        assert_eq!(billed_minutes(61), 2);
        assert_eq!(billed_minutes(-5), 0);
    }
}
