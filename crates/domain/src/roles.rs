//! The five template roles every company has, and data scopes.

use crate::permissions::{Permission as P, PermissionSet};
use serde::{Deserialize, Serialize};

/// Which rows a role reaches within the projects its holder may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    /// Every row of the company.
    All,
    /// The groups and queues the user supervises.
    Managed,
    /// The user's own rows.
    Own,
}

impl DataScope {
    pub fn key(self) -> &'static str {
        match self {
            DataScope::All => "all",
            DataScope::Managed => "managed",
            DataScope::Own => "own",
        }
    }

    /// Whether this scope reaches at least every row `other` reaches.
    pub fn covers(self, other: DataScope) -> bool {
        let breadth = |s: DataScope| match s {
            DataScope::All => 2,
            DataScope::Managed => 1,
            DataScope::Own => 0,
        };
        breadth(self) >= breadth(other)
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "all" => Some(DataScope::All),
            "managed" => Some(DataScope::Managed),
            "own" => Some(DataScope::Own),
            _ => None,
        }
    }
}

/// A template role. Templates are immutable; their permissions live here, in code,
/// so a permission added to the catalog reaches every company at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Admin,
    Manager,
    Supervisor,
    Agent,
    Owner,
}

impl Template {
    pub const ALL: [Template; 5] = [
        Template::Admin,
        Template::Manager,
        Template::Supervisor,
        Template::Agent,
        Template::Owner,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Template::Admin => "admin",
            Template::Manager => "manager",
            Template::Supervisor => "supervisor",
            Template::Agent => "agent",
            Template::Owner => "owner",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn name(self) -> &'static str {
        match self {
            Template::Admin => "Admin",
            Template::Manager => "Manager",
            Template::Supervisor => "Supervisor",
            Template::Agent => "Agent",
            Template::Owner => "Owner",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Template::Admin => "Every permission.",
            Template::Manager => {
                "Runs the center: users, skills, tags, lists, reports and live monitoring; \
                 no security, billing, roles, API tokens or SIP providers."
            }
            Template::Supervisor => {
                "Live monitoring, reports and users of the groups and queues they manage."
            }
            Template::Agent => "The operator workspace: own cases, softphone, call and chat log.",
            Template::Owner => "Billing and the company's plan.",
        }
    }

    pub fn scope(self) -> DataScope {
        match self {
            Template::Admin | Template::Manager | Template::Owner => DataScope::All,
            Template::Supervisor => DataScope::Managed,
            Template::Agent => DataScope::Own,
        }
    }

    /// Higher ranks may edit the account details of lower ones (SPEC §1).
    pub fn rank(self) -> u8 {
        match self {
            Template::Admin => 4,
            Template::Manager => 3,
            Template::Supervisor => 2,
            Template::Agent => 1,
            Template::Owner => 0,
        }
    }

    /// SPEC §1: Admin edits Managers, Supervisors and Agents; Manager edits Supervisors
    /// and Agents; nobody else edits account details one by one. A custom role ranks as
    /// the template it is based on.
    pub fn may_edit(self, target: Template) -> bool {
        match self {
            Template::Admin => {
                matches!(
                    target,
                    Template::Manager | Template::Supervisor | Template::Agent
                )
            }
            Template::Manager => matches!(target, Template::Supervisor | Template::Agent),
            _ => false,
        }
    }

    pub fn permissions(self) -> PermissionSet {
        match self {
            Template::Admin => PermissionSet::all(),
            Template::Manager => P::all().filter(|p| !MANAGER_DENIED.contains(p)).collect(),
            Template::Supervisor => P::all()
                .filter(|p| !MANAGER_DENIED.contains(p) && !SUPERVISOR_ALSO_DENIED.contains(p))
                .collect(),
            Template::Agent => AGENT.iter().copied().collect(),
            Template::Owner => OWNER.iter().copied().collect(),
        }
    }
}

/// What a Manager lacks: security, billing, roles, API tokens and SIP providers.
const MANAGER_DENIED: &[P] = &[
    P::SECURITY_MANAGE,
    P::BILLING_MANAGE,
    P::ROLES_VIEW,
    P::ROLES_MANAGE,
    P::ROLES_TEST,
    P::API_TOKENS_MANAGE,
    // the telephony platform's integration, through an API token
    P::CALLS_INGEST,
    P::SIP_PROVIDERS_VIEW,
    P::SIP_PROVIDERS_MANAGE,
    P::PROJECTS_MANAGE,
    // a manager runs the projects they are in; seeing past projects is a security setting
    P::PROJECTS_VIEW_ALL,
    // SPEC §2: tags only while no call script uses them, DNC lists only while no
    // campaign links them
    P::TAGS_MANAGE_IN_USE,
    P::LISTS_MANAGE_LINKED,
];

/// A Supervisor also lacks KPI, company-wide settings and configuration of the center.
const SUPERVISOR_ALSO_DENIED: &[P] = &[
    P::KPI_MANAGE,
    P::COMPANY_SETTINGS,
    P::CASE_CONFIG_MANAGE,
    P::CASES_IMPORT,
    P::PROJECTS_ACCESS,
    P::GROUPS_MANAGE,
    P::QUEUES_MANAGE,
    P::SCHEDULES_MANAGE,
    P::CALL_SCRIPTS_MANAGE,
    P::DIALER_CAMPAIGNS_MANAGE,
    P::LISTS_MANAGE,
    P::NOTIFICATION_TEMPLATES_MANAGE,
    P::CRM_FORMS_MANAGE,
    P::IP_PHONES_MANAGE,
    P::SKILLS_MANAGE,
    P::TAGS_MANAGE,
    P::AUDIT_VIEW,
];

const AGENT: &[P] = &[
    P::WORKSPACE_USE,
    P::TICKETS_CREATE,
    P::CASES_VIEW,
    P::CASES_EDIT,
    P::CALLS_VIEW,
    P::CALLS_VIEW_ALL,
    P::CHATS_VIEW,
    P::RECORDINGS_LISTEN,
];

const OWNER: &[P] = &[P::BILLING_MANAGE, P::COMPANY_SETTINGS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edit_hierarchy_and_scope_breadth() {
        assert!(Template::Admin.may_edit(Template::Manager));
        assert!(!Template::Admin.may_edit(Template::Admin));
        assert!(!Template::Admin.may_edit(Template::Owner));
        assert!(Template::Manager.may_edit(Template::Agent));
        assert!(!Template::Manager.may_edit(Template::Manager));
        assert!(!Template::Supervisor.may_edit(Template::Agent));
        assert!(DataScope::All.covers(DataScope::Managed));
        assert!(!DataScope::Own.covers(DataScope::Managed));
    }

    #[test]
    fn templates_hold_what_the_spec_gives() {
        assert_eq!(Template::Admin.permissions(), PermissionSet::all());
        let manager = Template::Manager.permissions();
        assert!(manager.has(P::USERS_MANAGE) && manager.has(P::LIVE_VIEW));
        assert!(!manager.has(P::SECURITY_MANAGE) && !manager.has(P::BILLING_MANAGE));
        assert!(!manager.has(P::ROLES_MANAGE) && !manager.has(P::API_TOKENS_MANAGE));
        assert!(!manager.has(P::SIP_PROVIDERS_VIEW));
        let supervisor = Template::Supervisor.permissions();
        assert!(supervisor.has(P::LIVE_VIEW) && supervisor.has(P::REPORTS_VIEW));
        for denied in [P::BILLING_MANAGE, P::SECURITY_MANAGE, P::KPI_MANAGE] {
            assert!(!supervisor.has(denied), "{denied}");
        }
        assert_eq!(Template::Supervisor.scope(), DataScope::Managed);
        let owner = Template::Owner.permissions();
        assert_eq!(owner.keys(), vec!["billing.manage", "company.settings"]);
        let agent = Template::Agent.permissions();
        assert!(agent.has(P::CALLS_VIEW_ALL) && !agent.has(P::CASES_ASSIGN));
    }
}
