//! The permission catalog, sections, scopes and roles as the reader's language names
//! them, and the permission switches the role editor and section pages show.

use app::roles::RoleDetails;
use domain::permissions::SECTIONS;
use domain::{DataScope, Permission, PermissionSet, Template};

use super::common::SelectOption;
use crate::i18n::Tr;

pub fn permission_label(tr: &Tr, permission: Permission) -> String {
    tr.t(&format!(
        "perm-{}",
        permission.key().replace(['.', '_'], "-")
    ))
}

pub fn section_label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("section-{}", key.replace('_', "-")))
}

pub fn scope_label(tr: &Tr, scope: DataScope) -> String {
    tr.t(&format!("scope-{}", scope.key()))
}

pub fn template_label(tr: &Tr, template: Template) -> String {
    tr.t(&format!("role-{}", template.key()))
}

/// Template roles in the reader's language; custom roles as their owners named them.
pub fn role_label(tr: &Tr, role: &RoleDetails) -> String {
    match role.template {
        Some(template) => template_label(tr, template),
        None => role.row.name.clone(),
    }
}

/// The roles as `<select>` options, `selected` chosen.
pub fn role_options(tr: &Tr, roles: &[RoleDetails], selected: &str) -> Vec<SelectOption> {
    roles
        .iter()
        .map(|r| SelectOption::new(&r.row.id, role_label(tr, r), r.row.id == selected))
        .collect()
}

pub fn scope_options(tr: &Tr, selected: DataScope) -> Vec<SelectOption> {
    [DataScope::All, DataScope::Managed, DataScope::Own]
        .into_iter()
        .map(|s| SelectOption::new(s.key(), scope_label(tr, s), s == selected))
        .collect()
}

pub fn template_options(tr: &Tr, selected: &str) -> Vec<SelectOption> {
    Template::ALL
        .into_iter()
        .map(|t| SelectOption::new(t.key(), template_label(tr, t), t.key() == selected))
        .collect()
}

/// One permission as a switch: `id` is unique on the page (prefix + key).
pub struct Switch {
    pub id: String,
    pub key: &'static str,
    pub label: String,
    pub on: bool,
}

impl Switch {
    pub fn new(tr: &Tr, prefix: &str, permission: Permission, on: bool) -> Self {
        Switch {
            id: format!("{prefix}{}", permission.key().replace('.', "-")),
            key: permission.key(),
            label: permission_label(tr, permission),
            on,
        }
    }
}

/// A section of the catalog with a switch per permission.
pub struct SectionSwitches {
    pub key: &'static str,
    pub name: String,
    pub switches: Vec<Switch>,
}

/// The permissions of `section`, in catalog order.
pub fn section_permissions(section: &str) -> Vec<Permission> {
    Permission::all()
        .filter(|p| p.section() == section)
        .collect()
}

/// The whole catalog by section, switched on where `held` has the permission.
pub fn matrix(tr: &Tr, held: &PermissionSet) -> Vec<SectionSwitches> {
    SECTIONS
        .iter()
        .map(|section| SectionSwitches {
            key: section.key,
            name: section_label(tr, section.key),
            switches: section_permissions(section.key)
                .into_iter()
                .map(|p| Switch::new(tr, "perm-", p, held.has(p)))
                .collect(),
        })
        .filter(|s| !s.switches.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use domain::profile::Language;

    use super::*;

    #[test]
    fn every_permission_section_and_scope_has_a_name_in_every_language() {
        for language in Language::ALL {
            let tr = Tr(language);
            for permission in Permission::all() {
                let label = permission_label(&tr, permission);
                assert!(!label.starts_with("perm-"), "{language:?}: {label}");
            }
            for section in SECTIONS {
                let label = section_label(&tr, section.key);
                assert!(!label.starts_with("section-"), "{language:?}: {label}");
            }
            for scope in [DataScope::All, DataScope::Managed, DataScope::Own] {
                assert!(!scope_label(&tr, scope).starts_with("scope-"));
            }
        }
    }
}
