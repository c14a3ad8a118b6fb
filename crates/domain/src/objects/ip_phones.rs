//! IP phones: desk phones provisioned by MAC address, with an extension and a user.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, Target, check_text, optional_ref};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IpPhone {
    pub model: String,
    /// Any common notation; stored as `AA:BB:CC:DD:EE:FF`. Unique in the company.
    pub mac: String,
    /// 2 to 10 digits.
    pub extension: String,
    #[serde(default)]
    pub user_id: Option<String>,
}

/// Twelve hex digits in any of the usual notations, as `AA:BB:CC:DD:EE:FF`.
fn normalize_mac(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.' | ' '))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_uppercase();
    Some(
        hex.as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(":"),
    )
}

impl Spec for IpPhone {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_text(errors, "model", &mut self.model, 120);
        if self.model.is_empty() {
            errors.add("model", "required");
        }
        match normalize_mac(&self.mac) {
            Some(mac) => self.mac = mac,
            None => errors.add("mac", "invalid_mac"),
        }
        self.extension = self.extension.trim().to_owned();
        if !(2..=10).contains(&self.extension.len())
            || !self.extension.chars().all(|c| c.is_ascii_digit())
        {
            errors.add("extension", "invalid_extension");
        }
    }

    fn name(&self) -> String {
        format!("{} · {}", self.extension, self.model)
    }

    fn unique_key(&self) -> String {
        self.mac.clone()
    }

    fn references(&self) -> Vec<Reference> {
        optional_ref("user_id", Target::User, &self.user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_mac;

    #[test]
    fn mac_notations_agree() {
        for raw in ["aa:bb:cc:00:11:22", "AA-BB-CC-00-11-22", "aabb.cc00.1122"] {
            assert_eq!(normalize_mac(raw).as_deref(), Some("AA:BB:CC:00:11:22"));
        }
        assert_eq!(normalize_mac("aa:bb:cc:00:11"), None);
        assert_eq!(normalize_mac("gg:bb:cc:00:11:22"), None);
    }
}
