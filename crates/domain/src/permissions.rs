//! The permission catalog, fixed in code: stable `<section>.<verb>` keys grouped by section.

use std::collections::BTreeSet;
use std::fmt;

/// A permission from the catalog. Only the catalog creates them, so an unknown key
/// read from storage or a request can never become a grant.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission(&'static str);

impl Permission {
    pub fn key(self) -> &'static str {
        self.0
    }

    pub fn section(self) -> &'static str {
        self.0
            .split_once('.')
            .map_or(self.0, |(section, _)| section)
    }

    /// The catalog entry for `key`, if there is one.
    pub fn parse(key: &str) -> Option<Permission> {
        CATALOG
            .iter()
            .map(|def| def.permission)
            .find(|p| p.0 == key)
    }

    pub fn all() -> impl Iterator<Item = Permission> {
        CATALOG.iter().map(|def| def.permission)
    }
}

impl fmt::Debug for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

pub struct PermissionDef {
    pub permission: Permission,
    pub description: &'static str,
}

pub struct SectionDef {
    pub key: &'static str,
    pub name: &'static str,
}

macro_rules! catalog {
    ($( $name:ident = $key:literal : $description:literal ;)*) => {
        impl Permission {
            $( pub const $name: Permission = Permission($key); )*
        }
        pub static CATALOG: &[PermissionDef] = &[
            $( PermissionDef { permission: Permission($key), description: $description }, )*
        ];
    };
}

catalog! {
    DASHBOARD_VIEW = "dashboard.view": "See the dashboard of the center";
    WORKSPACE_USE = "workspace.use": "Use the operator workspace and softphone";
    TICKETS_CREATE = "tickets.create": "Open support tickets";
    CASES_VIEW = "cases.view": "See cases within the role's scope";
    CASES_EDIT = "cases.edit": "Work cases: contact attempts, status changes, edits";
    CASES_ASSIGN = "cases.assign": "Assign, reassign and distribute cases";
    CASES_IMPORT = "cases.import": "Import cases from CSV";
    CASES_EXPORT = "cases.export": "Export cases to CSV";
    CASES_AUDIT = "cases.audit": "Audit closed cases";
    CASE_CONFIG_MANAGE = "case_config.manage": "Configure case statuses, reasons and fields";
    CALLS_VIEW = "calls.view": "See the call and chat log within the role's scope";
    CALLS_VIEW_ALL = "calls.view_all": "See the calls of every user";
    CALLS_INGEST = "calls.ingest": "Record calls and chats from the telephony platform";
    CHATS_VIEW = "chats.view": "See chat conversations";
    RECORDINGS_LISTEN = "recordings.listen": "Listen to call recordings";
    LIVE_VIEW = "live.view": "Watch live agent and queue boards";
    LIVE_MANAGE = "live.manage": "Set other agents' live state";
    REPORTS_VIEW = "reports.view": "See reports within the role's scope";
    REPORTS_EXPORT = "reports.export": "Export reports to CSV";
    USERS_VIEW = "users.view": "See users within the role's scope";
    USERS_MANAGE = "users.manage": "Create users and edit their account details";
    GROUPS_VIEW = "groups.view": "See groups";
    GROUPS_MANAGE = "groups.manage": "Create, edit and delete groups";
    ROLES_VIEW = "roles.view": "See roles and their permissions";
    ROLES_MANAGE = "roles.manage": "Create, edit and delete custom roles";
    ROLES_TEST = "roles.test": "Test a role in the own session";
    PROJECTS_VIEW_ALL = "projects.view_all": "See every row regardless of projects";
    PROJECTS_LIST = "projects.list": "See the project tiles";
    PROJECTS_ACCESS = "projects.access": "Add and remove project users and groups";
    PROJECTS_MANAGE = "projects.manage": "Create, edit and delete projects and their objects";
    COMPANY_SETTINGS = "company.settings": "Edit the company's general settings";
    SECURITY_MANAGE = "security.manage": "Edit security settings such as the security mode";
    BILLING_MANAGE = "billing.manage": "Manage billing and the company's plan";
    KPI_MANAGE = "kpi.manage": "Define KPI targets";
    AUDIT_VIEW = "audit.view": "Read the audit log";
    API_TOKENS_MANAGE = "api_tokens.manage": "Create and revoke API tokens";
    QUEUES_VIEW = "queues.view": "See queues";
    QUEUES_MANAGE = "queues.manage": "Create, edit and delete queues";
    SCHEDULES_VIEW = "schedules.view": "See schedules";
    SCHEDULES_MANAGE = "schedules.manage": "Create, edit and delete schedules";
    SIP_PROVIDERS_VIEW = "sip_providers.view": "See SIP providers";
    SIP_PROVIDERS_MANAGE = "sip_providers.manage": "Create, edit and delete SIP providers";
    CALL_SCRIPTS_VIEW = "call_scripts.view": "See call scripts";
    CALL_SCRIPTS_MANAGE = "call_scripts.manage": "Create, edit and delete call scripts";
    DIALER_CAMPAIGNS_VIEW = "dialer_campaigns.view": "See dialer campaigns";
    DIALER_CAMPAIGNS_MANAGE = "dialer_campaigns.manage": "Create, edit and delete dialer campaigns";
    LISTS_VIEW = "lists.view": "See DNC, VIP and other lists";
    LISTS_MANAGE = "lists.manage": "Create, edit and delete lists";
    NOTIFICATION_TEMPLATES_VIEW = "notification_templates.view": "See email and SMS templates";
    NOTIFICATION_TEMPLATES_MANAGE = "notification_templates.manage": "Create, edit and delete email and SMS templates";
    CRM_FORMS_VIEW = "crm_forms.view": "See CRM forms";
    CRM_FORMS_MANAGE = "crm_forms.manage": "Create, edit and delete CRM forms";
    IP_PHONES_VIEW = "ip_phones.view": "See IP phones";
    IP_PHONES_MANAGE = "ip_phones.manage": "Create, edit and delete IP phones";
    SKILLS_VIEW = "skills.view": "See skills";
    SKILLS_MANAGE = "skills.manage": "Create, edit and delete skills";
    TAGS_VIEW = "tags.view": "See tags";
    TAGS_MANAGE = "tags.manage": "Create, edit and delete tags";
    TAGS_MANAGE_IN_USE = "tags.manage_in_use": "Edit tags that call scripts use";
    LISTS_MANAGE_LINKED = "lists.manage_linked": "Edit DNC lists linked to dialer campaigns";
}

/// Sections in menu order; every permission's section is one of these.
pub static SECTIONS: &[SectionDef] = &[
    SectionDef {
        key: "dashboard",
        name: "Dashboard",
    },
    SectionDef {
        key: "workspace",
        name: "Workspace",
    },
    SectionDef {
        key: "tickets",
        name: "Support tickets",
    },
    SectionDef {
        key: "cases",
        name: "Cases",
    },
    SectionDef {
        key: "case_config",
        name: "Case configuration",
    },
    SectionDef {
        key: "calls",
        name: "Calls",
    },
    SectionDef {
        key: "chats",
        name: "Chats",
    },
    SectionDef {
        key: "recordings",
        name: "Recordings",
    },
    SectionDef {
        key: "live",
        name: "Live monitoring",
    },
    SectionDef {
        key: "reports",
        name: "Reports",
    },
    SectionDef {
        key: "users",
        name: "Users",
    },
    SectionDef {
        key: "groups",
        name: "Groups",
    },
    SectionDef {
        key: "roles",
        name: "Roles",
    },
    SectionDef {
        key: "projects",
        name: "Projects",
    },
    SectionDef {
        key: "company",
        name: "Company settings",
    },
    SectionDef {
        key: "security",
        name: "Security",
    },
    SectionDef {
        key: "billing",
        name: "Billing",
    },
    SectionDef {
        key: "kpi",
        name: "KPI",
    },
    SectionDef {
        key: "audit",
        name: "Audit log",
    },
    SectionDef {
        key: "api_tokens",
        name: "API tokens",
    },
    SectionDef {
        key: "queues",
        name: "Queues",
    },
    SectionDef {
        key: "schedules",
        name: "Schedules",
    },
    SectionDef {
        key: "sip_providers",
        name: "SIP providers",
    },
    SectionDef {
        key: "call_scripts",
        name: "Call scripts",
    },
    SectionDef {
        key: "dialer_campaigns",
        name: "Dialer campaigns",
    },
    SectionDef {
        key: "lists",
        name: "Lists",
    },
    SectionDef {
        key: "notification_templates",
        name: "Notification templates",
    },
    SectionDef {
        key: "crm_forms",
        name: "CRM forms",
    },
    SectionDef {
        key: "ip_phones",
        name: "IP phones",
    },
    SectionDef {
        key: "skills",
        name: "Skills",
    },
    SectionDef {
        key: "tags",
        name: "Tags",
    },
];

/// The permissions an actor holds in the current request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionSet(BTreeSet<Permission>);

impl PermissionSet {
    pub fn all() -> Self {
        Self(Permission::all().collect())
    }

    /// Keeps the keys that are in the catalog and drops the rest.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Self {
        Self(keys.into_iter().filter_map(Permission::parse).collect())
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.0.contains(&permission)
    }

    pub fn iter(&self) -> impl Iterator<Item = Permission> + '_ {
        self.0.iter().copied()
    }

    pub fn keys(&self) -> Vec<&'static str> {
        self.0.iter().map(|p| p.key()).collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_belongs_to_a_listed_section_and_keys_are_unique() {
        let mut seen = BTreeSet::new();
        for def in CATALOG {
            let key = def.permission.key();
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(
                SECTIONS.iter().any(|s| s.key == def.permission.section()),
                "{key} has no section"
            );
        }
    }

    #[test]
    fn unknown_keys_never_become_permissions() {
        let set = PermissionSet::from_keys(["cases.view", "cases.destroy_everything"]);
        assert_eq!(set.keys(), vec!["cases.view"]);
    }
}
