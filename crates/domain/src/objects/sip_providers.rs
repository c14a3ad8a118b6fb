//! SIP providers: the trunks calls go out and come in through.

use serde::{Deserialize, Serialize};

use super::{Reference, Spec, check_name, check_phone, check_text};
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    #[default]
    Udp,
    Tcp,
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SipProvider {
    pub name: String,
    /// Host name or IP address of the registrar.
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default)]
    pub transport: Transport,
    #[serde(default)]
    pub username: String,
    /// Write-only: never returned; responses say `has_secret` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// The number presented on outbound calls.
    #[serde(default)]
    pub caller_id: Option<String>,
}

fn default_port() -> u16 {
    5060
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

impl Spec for SipProvider {
    fn check(&mut self, errors: &mut FieldErrors) {
        check_name(errors, "name", &mut self.name);
        self.host = self.host.trim().to_ascii_lowercase();
        if !valid_host(&self.host) {
            errors.add("host", "invalid_host");
        }
        if self.port == 0 {
            errors.add("port", "out_of_range");
        }
        check_text(errors, "username", &mut self.username, 128);
        if let Some(secret) = &self.secret
            && secret.len() > 256
        {
            errors.add("secret", "too_long");
        }
        check_phone(errors, "caller_id", &mut self.caller_id);
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}
