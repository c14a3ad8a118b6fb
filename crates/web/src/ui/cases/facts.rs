//! The case page's facts: labelled values, phones as `tel:` links.

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
