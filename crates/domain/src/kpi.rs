//! KPI targets: what the company expects per metric, for the whole company, a group or
//! one operator, and which of them applies to an operator (the most specific).

use serde::{Deserialize, Serialize};

/// A metric a target can be set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Contacts (attempts that reached the customer) per hour worked.
    ContactsPerHour,
    /// Percentage of a queue's calls answered within its threshold.
    ServiceLevel,
    /// Seconds of talk per call or chat handled; lower is better.
    AverageHandleTime,
    /// Cases closed in a day.
    ClosesPerDay,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::ContactsPerHour,
        Metric::ServiceLevel,
        Metric::AverageHandleTime,
        Metric::ClosesPerDay,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Metric::ContactsPerHour => "contacts_per_hour",
            Metric::ServiceLevel => "service_level",
            Metric::AverageHandleTime => "average_handle_time",
            Metric::ClosesPerDay => "closes_per_day",
        }
    }

    pub fn parse(key: &str) -> Option<Metric> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Whether reaching the target means being at or above it (else at or below).
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Metric::AverageHandleTime)
    }

    /// Service level belongs to queues, not to people: only the company sets it.
    pub fn company_only(self) -> bool {
        matches!(self, Metric::ServiceLevel)
    }

    /// The largest sensible target (a percentage stops at 100).
    pub fn max_target(self) -> f64 {
        match self {
            Metric::ServiceLevel => 100.0,
            _ => 1_000_000.0,
        }
    }

    /// Whether `actual` meets `target`.
    pub fn verdict(self, actual: f64, target: f64) -> Verdict {
        let met = if self.higher_is_better() {
            actual >= target
        } else {
            actual <= target
        };
        if met {
            Verdict::OnTarget
        } else {
            Verdict::Below
        }
    }
}

/// Who a target is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetScope {
    Company,
    Group,
    User,
}

impl TargetScope {
    pub const ALL: [TargetScope; 3] = [TargetScope::Company, TargetScope::Group, TargetScope::User];

    pub fn key(self) -> &'static str {
        match self {
            TargetScope::Company => "company",
            TargetScope::Group => "group",
            TargetScope::User => "user",
        }
    }

    pub fn parse(key: &str) -> Option<TargetScope> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One target. `scope_id` is the group's or user's id, empty for the company.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub metric: Metric,
    pub scope: TargetScope,
    pub scope_id: String,
    pub target: f64,
}

/// Whether an actual figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    OnTarget,
    Below,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::OnTarget => "on_target",
            Verdict::Below => "below",
        }
    }
}

/// The target of `metric` that applies to the user `user_id`, member of `group_ids`:
/// their own, else one of their groups', else the company's. When several of their
/// groups set one, the most demanding applies (the highest, or for a metric where
/// lower is better the lowest), so belonging to one more group never lowers the bar.
pub fn applicable(
    targets: &[Target],
    metric: Metric,
    user_id: &str,
    group_ids: &[String],
) -> Option<f64> {
    let of = |scope: TargetScope| {
        targets
            .iter()
            .filter(move |t| t.metric == metric && t.scope == scope)
    };
    if let Some(own) = of(TargetScope::User).find(|t| t.scope_id == user_id) {
        return Some(own.target);
    }
    let groups = of(TargetScope::Group)
        .filter(|t| group_ids.contains(&t.scope_id))
        .map(|t| t.target);
    let group = if metric.higher_is_better() {
        groups.reduce(f64::max)
    } else {
        groups.reduce(f64::min)
    };
    group.or_else(|| of(TargetScope::Company).next().map(|t| t.target))
}

/// The company-wide target of `metric`, if set.
pub fn company_target(targets: &[Target], metric: Metric) -> Option<f64> {
    targets
        .iter()
        .find(|t| t.metric == metric && t.scope == TargetScope::Company)
        .map(|t| t.target)
}

/// Contacts per hour worked so far today: the hours since the first attempt of the
/// day, counted as at least one, so the first minutes of a shift do not read as
/// hundreds an hour.
pub fn per_hour(count: i64, worked_seconds: i64) -> f64 {
    let hours = (worked_seconds.max(0) as f64 / 3600.0).max(1.0);
    count as f64 / hours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(metric: Metric, scope: TargetScope, id: &str, target: f64) -> Target {
        Target {
            metric,
            scope,
            scope_id: id.to_owned(),
            target,
        }
    }

    #[test]
    fn the_most_specific_target_applies() {
        let m = Metric::ClosesPerDay;
        let targets = vec![
            t(m, TargetScope::Company, "", 5.0),
            t(m, TargetScope::Group, "g1", 8.0),
            t(m, TargetScope::Group, "g2", 7.0),
            t(m, TargetScope::User, "ana", 3.0),
            t(Metric::AverageHandleTime, TargetScope::Group, "g1", 300.0),
            t(Metric::AverageHandleTime, TargetScope::Group, "g2", 240.0),
        ];
        let groups = vec!["g1".to_owned(), "g2".to_owned()];
        assert_eq!(applicable(&targets, m, "ana", &groups), Some(3.0));
        assert_eq!(applicable(&targets, m, "bea", &groups), Some(8.0));
        assert_eq!(applicable(&targets, m, "bea", &[]), Some(5.0));
        assert_eq!(
            applicable(&targets, Metric::AverageHandleTime, "bea", &groups),
            Some(240.0),
            "lower is better: the lowest group target is the most demanding"
        );
        assert_eq!(
            applicable(&targets, Metric::ContactsPerHour, "ana", &groups),
            None
        );
    }

    #[test]
    fn verdicts_and_rates() {
        assert_eq!(Metric::ClosesPerDay.verdict(5.0, 5.0), Verdict::OnTarget);
        assert_eq!(Metric::ClosesPerDay.verdict(4.0, 5.0), Verdict::Below);
        assert_eq!(
            Metric::AverageHandleTime.verdict(200.0, 240.0),
            Verdict::OnTarget
        );
        assert_eq!(
            Metric::AverageHandleTime.verdict(300.0, 240.0),
            Verdict::Below
        );
        assert!((per_hour(3, 60) - 3.0).abs() < 1e-9);
        assert!((per_hour(12, 4 * 3600) - 3.0).abs() < 1e-9);
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.key()), Some(m));
        }
    }
}
