//! What every statement shares: the xAPI version, Jaga's verbs and activity types, how
//! actors and activities are addressed (the organisation's settings), and the one error.

use uuid::Uuid;

use crate::store::StoreError;

/// The xAPI version of every statement.
pub const XAPI_VERSION: &str = "1.0.3";

/// The namespace of Jaga's statement ids: `Uuid::new_v5(NAMESPACE, "{attempt}/{item}")`.
/// A fixed random UUID; changing it would make every statement look new to an LRS.
pub const STATEMENT_NAMESPACE: Uuid = Uuid::from_u128(0xac5b_94b4_c535_45c2_af90_d3da_b39b_9ee6);

/// The home page used when none is configured: `.invalid` can never name a real host, so
/// an export made before a manager sets one is plainly marked as not yet addressed.
pub const PLACEHOLDER_HOME_PAGE: &str = "https://jaga.invalid";

/// `context.platform` of every statement.
pub const PLATFORM: &str = "Jaga";

/// The ADL verbs Jaga uses.
pub mod verbs {
    pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
    pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
    pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
    pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
    /// A choice taken at one step of a scenario (see `docs/xapi.md` for why not `answered`).
    pub const RESPONDED: &str = "http://adlnet.gov/expapi/verbs/responded";
}

/// The ADL activity types Jaga uses.
pub mod activity_types {
    /// A module's assessment.
    pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
    /// A question, or one step of a scenario.
    pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
}

/// The delimiter of xAPI response patterns (`a[,]b`).
pub(super) const DELIMITER: &str = "[,]";

/// Between an item and its category in a matching response: `item[.]category`.
pub(super) const PAIR: &str = "[.]";

#[derive(Debug, thiserror::Error)]
pub enum XapiError {
    #[error("{what} must be a web address starting with https:// or http://, not `{value}`")]
    BadAddress { what: &'static str, value: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the statements")]
    Json(#[from] serde_json::Error),
}

impl crate::i18n::Localized for XapiError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            Self::BadAddress { value, .. } => {
                Message::new("error-xapi-address").with("value", value.as_str())
            }
            Self::Store(error) => error.message(),
            Self::Json(error) => {
                Message::new("error-export-format").with("detail", error.to_string())
            }
        }
    }
}

/// Where statements point: the actor's home page and the base of Jaga's IRIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XapiConfig {
    home_page: String,
    activity_base: String,
}

impl Default for XapiConfig {
    fn default() -> Self {
        Self {
            home_page: PLACEHOLDER_HOME_PAGE.to_owned(),
            activity_base: PLACEHOLDER_HOME_PAGE.to_owned(),
        }
    }
}

impl XapiConfig {
    /// `home_page` is the organisation's system where employee IDs are issued (the actor
    /// account's `homePage`); activity and extension IRIs start at `activity_base`, or at
    /// the home page when it is `None`.
    pub fn new(home_page: &str, activity_base: Option<&str>) -> Result<Self, XapiError> {
        let home_page = web_address("the actor home page", home_page)?;
        let activity_base = match activity_base {
            Some(base) => web_address("the activity base", base)?,
            None => home_page.clone(),
        };
        Ok(Self {
            home_page,
            activity_base: activity_base.trim_end_matches('/').to_owned(),
        })
    }

    pub fn home_page(&self) -> &str {
        &self.home_page
    }

    pub fn activity_base(&self) -> &str {
        &self.activity_base
    }

    /// `{base}/xapi/modules/{module}`.
    pub fn module_iri(&self, module_id: &str) -> String {
        format!("{}/xapi/modules/{}", self.activity_base, segment(module_id))
    }

    /// `{base}/xapi/modules/{module}/questions/{question}`.
    pub fn question_iri(&self, module_id: &str, question_id: &str) -> String {
        format!(
            "{}/questions/{}",
            self.module_iri(module_id),
            segment(question_id)
        )
    }

    /// `{base}/xapi/modules/{module}/questions/{question}/nodes/{node}`.
    pub fn node_iri(&self, module_id: &str, question_id: &str, node_id: &str) -> String {
        format!(
            "{}/nodes/{}",
            self.question_iri(module_id, question_id),
            segment(node_id)
        )
    }

    /// `{base}/xapi/extensions/{name}`.
    pub fn extension_iri(&self, name: &str) -> String {
        format!("{}/xapi/extensions/{name}", self.activity_base)
    }
}

/// Checks an http(s) address with a host; returns it trimmed.
pub(super) fn web_address(what: &'static str, value: &str) -> Result<String, XapiError> {
    let trimmed = value.trim();
    let bad = || XapiError::BadAddress {
        what,
        value: value.to_owned(),
    };
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || trimmed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
        || trimmed.contains(['?', '#'])
    {
        return Err(bad());
    }
    Ok(trimmed.to_owned())
}

/// Percent-encodes an id for use as one IRI path segment (content ids are free text).
pub(super) fn segment(id: &str) -> String {
    use std::fmt::Write as _;
    id.bytes()
        .fold(String::with_capacity(id.len()), |mut out, b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_iris_are_percent_encoded() {
        assert_eq!(segment("q-1_a.b~"), "q-1_a.b~");
        assert_eq!(segment("a b/ä"), "a%20b%2F%C3%A4");
    }
    #[test]
    fn addresses_must_be_web_addresses_with_a_host() {
        assert!(XapiConfig::new("https://hr.example.org", None).is_ok());
        assert!(XapiConfig::new("http://127.0.0.1:8080/x", None).is_ok());
        for bad in [
            "",
            "hr.example.org",
            "https://",
            "ftp://x",
            "https://a b",
            "https://x?q=1",
        ] {
            assert!(XapiConfig::new(bad, None).is_err(), "{bad}");
        }
        let config = XapiConfig::new(
            "https://hr.example.org/",
            Some("https://lms.example.org/jaga/"),
        )
        .unwrap_or_default();
        assert_eq!(
            config.module_iri("m"),
            "https://lms.example.org/jaga/xapi/modules/m"
        );
        assert_eq!(config.home_page(), "https://hr.example.org/");
    }
}
