//! Why a user may or may not see a configuration object, step by step: the rule the
//! visibility SQL applies, written out so people can read it.

use serde::Serialize;

use crate::objects::ObjectKind;
use crate::permissions::{Permission, PermissionSet};

/// A project the user belongs to, directly or through a group.
#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub project_id: String,
    pub project_name: String,
    /// `None` for a direct member; else the group that brings the user in.
    pub group_id: Option<String>,
    pub group_name: Option<String>,
}

/// What decides a user's sight: their role and their projects.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub active: bool,
    pub role_name: &'a str,
    pub permissions: &'a PermissionSet,
    pub enhanced_security: bool,
    pub memberships: &'a [Membership],
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `account`, `permission`, `scope` or `projects`.
    pub check: &'static str,
    pub passed: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub allowed: bool,
    pub steps: Vec<Step>,
    /// The memberships that grant sight through projects, if that is how.
    pub via: Vec<Membership>,
}

/// Explains whether `subject` sees an object of `kind` placed in `object_projects`.
pub fn explain_object(
    subject: &Subject,
    kind: ObjectKind,
    object_projects: &[String],
) -> Explanation {
    let mut steps = Vec::new();
    steps.push(Step {
        check: "account",
        passed: subject.active,
        detail: if subject.active {
            "The account is active.".into()
        } else {
            "The account is blocked: it sees nothing.".into()
        },
    });
    let permission = kind.view_permission();
    let holds = subject.permissions.has(permission);
    steps.push(Step {
        check: "permission",
        passed: holds,
        detail: format!(
            "Role \"{}\" {} {}.",
            subject.role_name,
            if holds { "holds" } else { "lacks" },
            permission.key()
        ),
    });
    steps.push(Step {
        check: "scope",
        passed: true,
        detail: "Configuration is not limited by data scope.".into(),
    });
    let view_all = subject.permissions.has(Permission::PROJECTS_VIEW_ALL);
    let via: Vec<Membership> = subject
        .memberships
        .iter()
        .filter(|m| object_projects.contains(&m.project_id))
        .cloned()
        .collect();
    let (passed, detail) = if !subject.enhanced_security {
        (
            true,
            "Simple security: projects do not limit what anyone sees.".to_owned(),
        )
    } else if !kind.project_bound() {
        (
            true,
            format!("{} are company-wide, outside projects.", kind.key()),
        )
    } else if view_all {
        (
            true,
            "The role holds projects.view_all: every project's rows.".to_owned(),
        )
    } else if via.is_empty() {
        (
            false,
            "Enhanced security: the user is in none of the object's projects.".to_owned(),
        )
    } else {
        let reasons: Vec<String> = via
            .iter()
            .map(|m| match &m.group_name {
                Some(group) => format!("\"{}\" through group \"{group}\"", m.project_name),
                None => format!("\"{}\" as a member", m.project_name),
            })
            .collect();
        (true, format!("Shares project {}.", reasons.join(", ")))
    };
    steps.push(Step {
        check: "projects",
        passed,
        detail,
    });
    Explanation {
        allowed: steps.iter().all(|s| s.passed),
        steps,
        via: if passed && subject.enhanced_security && !view_all {
            via
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Template;

    fn membership(project: &str, group: Option<&str>) -> Membership {
        Membership {
            project_id: project.into(),
            project_name: project.to_uppercase(),
            group_id: group.map(Into::into),
            group_name: group.map(str::to_uppercase),
        }
    }

    #[test]
    fn each_step_can_refuse() {
        let agent = Template::Agent.permissions();
        let manager = Template::Manager.permissions();
        let admin = Template::Admin.permissions();
        let memberships = [membership("p1", None), membership("p2", Some("g1"))];
        let subject = |permissions, enhanced, active| Subject {
            active,
            role_name: "R",
            permissions,
            enhanced_security: enhanced,
            memberships: &memberships,
        };
        let queue = ObjectKind::Queues;
        assert!(!explain_object(&subject(&agent, false, true), queue, &[]).allowed);
        assert!(explain_object(&subject(&manager, false, true), queue, &[]).allowed);
        assert!(!explain_object(&subject(&manager, false, false), queue, &[]).allowed);
        assert!(!explain_object(&subject(&manager, true, true), queue, &["p9".into()]).allowed);
        let through_group = explain_object(&subject(&manager, true, true), queue, &["p2".into()]);
        assert!(through_group.allowed);
        assert_eq!(through_group.via[0].group_id.as_deref(), Some("g1"));
        assert!(explain_object(&subject(&admin, true, true), queue, &["p9".into()]).allowed);
        assert!(explain_object(&subject(&manager, true, true), ObjectKind::Tags, &[]).allowed);
    }
}
