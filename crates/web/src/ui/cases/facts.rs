//! The case page's facts: labelled values, phones as `tel:` links.

use app::cases::CaseDetails;
use domain::case_config::is_present;

use super::lookups::Lookups;
use super::wording::{amount_text, priority_label, value_text, verdict_label};
use crate::ui::layout::Page;

pub struct Fact {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) value: String,
    /// Numbers to call, shown as `tel:` links instead of the value.
    pub(super) phones: Vec<Phone>,
    /// A warning beside the value, such as a due date that has passed.
    pub(super) badge: Option<String>,
}

impl Fact {
    pub(super) fn new(id: &str, label: String, value: String) -> Self {
        Fact {
            id: id.to_owned(),
            label,
            value: if value.trim().is_empty() {
                "—".to_owned()
            } else {
                value
            },
            phones: Vec::new(),
            badge: None,
        }
    }
}

/// A phone number and its `tel:` link, which a softphone or a mobile dials.
pub struct Phone {
    pub(super) number: String,
    pub(super) href: String,
}

pub(super) fn phones(numbers: &[String]) -> Vec<Phone> {
    numbers
        .iter()
        .map(|number| Phone {
            href: format!(
                "tel:{}",
                number
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect::<String>()
            ),
            number: number.clone(),
        })
        .collect()
}

/// The customer's data.
pub(super) fn customer_facts(page: &Page, case: &CaseDetails) -> Vec<Fact> {
    vec![
        Fact::new("name", page.t("cw-field-name"), case.customer.name.clone()),
        Fact::new(
            "document",
            page.t("cw-field-document"),
            case.customer.document.clone(),
        ),
        Fact {
            phones: phones(&case.customer.phones),
            ..Fact::new(
                "phones",
                page.t("cw-field-phones"),
                case.customer.phones.join(", "),
            )
        },
        Fact::new(
            "email",
            page.t("cw-field-email"),
            case.customer.email.clone(),
        ),
        Fact::new(
            "address",
            page.t("cw-field-address"),
            case.customer.address.clone(),
        ),
    ]
}

/// Where a case came from, named only to readers who see the campaign or form (an
/// operator may not).
pub(super) struct Sources {
    pub(super) campaign: Option<String>,
    pub(super) crm_form: Option<String>,
}

/// The case's attributes, where it came from, who holds it, its dates and its custom
/// fields (removed ones while they hold a value).
pub(super) fn detail_facts(
    page: &Page,
    lookups: &Lookups,
    case: &CaseDetails,
    sources: Sources,
    name_of: &dyn Fn(Option<&str>) -> String,
) -> Vec<Fact> {
    let row = &case.row;
    let mut details = vec![
        Fact::new(
            "status",
            page.t("cw-field-status"),
            lookups.status_name(&row.status),
        ),
        Fact::new(
            "reason",
            page.t("cw-field-reason"),
            row.reason_id
                .as_deref()
                .map(|r| lookups.reason_name(r))
                .unwrap_or_default(),
        ),
        Fact::new("area", page.t("cw-field-area"), row.area.clone()),
        Fact::new(
            "amount",
            page.t("cw-field-amount"),
            row.amount_cents.map(amount_text).unwrap_or_default(),
        ),
        Fact {
            badge: page
                .overdue(row.is_open, row.due_date.as_deref())
                .then(|| page.t("cw-overdue")),
            ..Fact::new(
                "due-date",
                page.t("cw-field-due-date"),
                row.due_date.clone().unwrap_or_default(),
            )
        },
        Fact::new(
            "priority",
            page.t("cw-field-priority"),
            priority_label(page, case.priority()),
        ),
        Fact::new(
            "description",
            page.t("cw-field-description"),
            row.description.clone(),
        ),
    ];
    if let Some(name) = sources.campaign {
        details.push(Fact::new("campaign", page.t("cw-field-campaign"), name));
    }
    if let Some(name) = sources.crm_form {
        details.push(Fact::new("crm-form", page.t("cw-field-crm-form"), name));
    }
    details.push(Fact::new(
        "assignee",
        page.t("cw-field-assignee"),
        name_of(row.assignee_id.as_deref()),
    ));
    details.push(Fact::new(
        "next-contact",
        page.t("cw-field-next-contact"),
        row.next_contact_at
            .map(|at| page.time(at))
            .unwrap_or_default(),
    ));
    details.push(Fact::new(
        "created",
        page.t("cw-field-created"),
        page.time(row.created_at),
    ));
    details.push(Fact::new(
        "updated",
        page.t("cw-field-updated"),
        page.time(row.updated_at),
    ));
    if let Some(closed) = row.closed_at {
        details.push(Fact::new(
            "closed",
            page.t("cw-field-closed"),
            page.time(closed),
        ));
    }
    if let Some(verdict) = &row.audit_verdict {
        details.push(Fact::new(
            "audit",
            page.t("cw-field-audit"),
            verdict_label(page, verdict),
        ));
    }
    for field in &lookups.fields {
        let value = case.fields.get(&field.row.key);
        if field.row.removed_at.is_some() && !is_present(value) {
            continue;
        }
        let mut label = field.row.label.clone();
        if field.row.removed_at.is_some() {
            label = format!("{label} {}", page.t("cw-removed-field"));
        }
        details.push(Fact::new(
            &format!("field-{}", field.row.key.replace('_', "-")),
            label,
            value.map(value_text).unwrap_or_default(),
        ));
    }

    details
}
