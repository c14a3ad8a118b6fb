//! The current time, truncated to what both databases store exactly (microseconds).

use chrono::{DateTime, SubsecRound, Utc};

pub type Timestamp = DateTime<Utc>;

pub fn now() -> Timestamp {
    exact(Utc::now())
}

/// `at` as both databases store it, so what is answered is what is read back later.
pub fn exact(at: Timestamp) -> Timestamp {
    at.trunc_subsecs(6)
}

/// The date `at` falls on in time zone `tz` (UTC when it does not parse).
pub fn local_date(at: Timestamp, tz: &str) -> chrono::NaiveDate {
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&zone).date_naive()
}

/// The moment the day holding `at` began in time zone `tz` (UTC when it does not
/// parse): "today" as the user sees it.
pub fn start_of_day(at: Timestamp, tz: &str) -> Timestamp {
    use chrono::{NaiveTime, TimeZone};
    let day = local_date(at, tz);
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    // A day that begins inside a DST gap starts at the first valid moment after it.
    (0..=3)
        .find_map(|hour| {
            tz.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, 0, 0)?))
                .earliest()
        })
        .map_or(at, |start| start.with_timezone(&Utc))
}

/// A span of time, either end open: `from` included, `to` excluded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

/// The days of time zone `tz` that `[from, to)` touches: each day's date and its part
/// of the range.
pub fn days(
    from: Timestamp,
    to: Timestamp,
    tz: &str,
) -> Vec<(chrono::NaiveDate, Timestamp, Timestamp)> {
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    let mut out = Vec::new();
    let mut start = from;
    while start < to {
        let date = start.with_timezone(&zone).date_naive();
        // Noon is safe from DST gaps; the next day begins at its local midnight.
        let next = date
            .succ_opt()
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .and_then(|noon| chrono::TimeZone::from_local_datetime(&zone, &noon).earliest())
            .map(|noon| start_of_day(noon.with_timezone(&Utc), tz))
            .filter(|next| *next > start)
            .unwrap_or(to);
        let end = next.min(to);
        out.push((date, start, end));
        start = end;
    }
    out
}

/// A range bound given as RFC 3339, or as a date in time zone `tz`: `from` a date is
/// the start of that day, `to` a date the start of the next (the day is included).
/// `None` when it is neither.
pub fn bound(text: &str, tz: &str, end: bool) -> Option<Timestamp> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text.trim()) {
        return Some(at.with_timezone(&Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let day = if end { day.succ_opt()? } else { day };
    let noon = day.and_hms_opt(12, 0, 0)?.and_utc();
    // Noon UTC falls on that calendar day in every zone from UTC−12 to UTC+11.
    let tz_day = |at: Timestamp| start_of_day(at, tz);
    let start = tz_day(noon);
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    if start.with_timezone(&zone).date_naive() == day {
        Some(start)
    } else {
        Some(tz_day(noon - chrono::Duration::hours(12)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_begins_at_local_midnight() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
        assert_eq!(
            start_of_day(at, "Europe/Istanbul"),
            Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap()
        );
        assert_eq!(
            start_of_day(at, "America/Bogota"),
            Utc.with_ymd_and_hms(2026, 11, 22, 5, 0, 0).unwrap()
        );
        assert_eq!(
            bound("2026-11-23", "Europe/Istanbul", false),
            Some(Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap())
        );
        assert_eq!(
            bound("2026-11-23", "Pacific/Kiritimati", true),
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap())
        );
        assert_eq!(
            bound("2026-11-23T08:00:00Z", "Europe/Istanbul", true),
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap())
        );
        assert_eq!(bound("yesterday", "UTC", false), None);
        let two = days(
            Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap(),
            "Europe/Istanbul",
        );
        let dates: Vec<String> = two.iter().map(|(d, _, _)| d.to_string()).collect();
        assert_eq!(dates, ["2026-11-23", "2026-11-24"]);
        assert_eq!(
            two[1].1,
            Utc.with_ymd_and_hms(2026, 11, 23, 21, 0, 0).unwrap()
        );
        assert_eq!(
            two[1].2,
            Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
        );
        assert_eq!(
            start_of_day(at, "nowhere"),
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
        );
    }
}
