//! The HTTP side of delivery: one `ureq` agent per endpoint, and nothing else.
//!
//! Blocking calls are fine here: they run on the sender's own thread or in `jaga push`,
//! never on the window's. TLS is verified against the bundled Mozilla roots (ureq's
//! default, rustls); every request has a connect timeout and an overall timeout; a proxy
//! is taken from the environment as ureq reads it (`ALL_PROXY`, then `HTTPS_PROXY`, then
//! `HTTP_PROXY`, each also lowercase, with `NO_PROXY` exceptions), except for an LRS on
//! this machine, which is reached directly. Redirects are not followed: a POST redirected
//! may arrive as a GET that answers 200 without storing anything, so a redirect is
//! reported for the manager to fix the address instead.

use std::time::Duration;

use uuid::Uuid;

use super::LrsError;
use super::settings::{Credentials, Endpoint};

/// The `X-Experience-API-Version` header of every request.
pub const XAPI_VERSION_HEADER: &str = "1.0.3";

/// How long a request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection (including a proxy and the TLS handshake).
    pub connect: Duration,
    /// For the whole request, from connecting to the last byte of the answer.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_mins(1),
        }
    }
}

/// What an LRS answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

impl Answer {
    /// The LRS's own words about an error, short enough for a status line: the
    /// `message` or `warnings` of a JSON error, else the start of the body.
    pub fn reason(&self) -> String {
        let parsed: Option<serde_json::Value> = serde_json::from_str(&self.body).ok();
        let text = parsed
            .as_ref()
            .and_then(|v| {
                v.get("message")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| {
                        v.get("warnings")
                            .and_then(serde_json::Value::as_array)
                            .map(|w| {
                                w.iter()
                                    .map(|w| {
                                        w.as_str().map_or_else(|| w.to_string(), str::to_owned)
                                    })
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            })
                    })
            })
            .unwrap_or_else(|| self.body.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut short: String = text.chars().take(300).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        if short.is_empty() {
            "no reason given".to_owned()
        } else {
            short
        }
    }
}

/// An HTTP client for one LRS.
pub struct Client {
    agent: ureq::Agent,
    endpoint: Endpoint,
    authorization: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The authorization header carries the secret: never printed.
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(endpoint: &Endpoint, credentials: &Credentials, timeouts: Timeouts) -> Self {
        let proxy = if endpoint.is_loopback() {
            None
        } else {
            ureq::Proxy::try_from_env()
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .https_only(endpoint.is_https())
            .max_redirects(0)
            // The operating system's trust store, so an LRS with a certificate from the
            // organisation's own CA is trusted as the company's browsers trust it.
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                    .build(),
            )
            .proxy(proxy)
            .timeout_connect(Some(timeouts.connect))
            .timeout_global(Some(timeouts.request))
            .user_agent(format!("jaga/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Self {
            agent,
            endpoint: endpoint.clone(),
            authorization: credentials.basic_header(),
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    fn network_error(&self, error: &ureq::Error) -> LrsError {
        LrsError::Network {
            endpoint: self.endpoint.to_string(),
            message: error.to_string(),
        }
    }

    fn answer(
        &self,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, LrsError> {
        let mut response = result.map_err(|e| self.network_error(&e))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| self.network_error(&e))?;
        Ok(Answer {
            status,
            body,
            location,
        })
    }

    /// `POST {endpoint}/statements` with a JSON array of statements.
    pub fn post_statements(&self, json_array: &str) -> Result<Answer, LrsError> {
        let result = self
            .agent
            .post(&self.endpoint.statements_url())
            .header("X-Experience-API-Version", XAPI_VERSION_HEADER)
            .header("Authorization", &self.authorization)
            .header("Content-Type", "application/json")
            .send(json_array);
        self.answer(result)
    }

    /// Whether the LRS has a statement with this id (`GET …/statements?statementId=`):
    /// it answered with that statement.
    pub fn has_statement(&self, id: Uuid) -> Result<bool, LrsError> {
        let result = self
            .agent
            .get(&self.endpoint.statements_url())
            .query("statementId", id.to_string())
            .header("X-Experience-API-Version", XAPI_VERSION_HEADER)
            .header("Authorization", &self.authorization)
            .call();
        let answer = self.answer(result)?;
        match answer.status {
            // Only the statement itself says the LRS has it: a login page or a proxy's
            // answer of 200 says nothing.
            200 => Ok(serde_json::from_str::<serde_json::Value>(&answer.body)
                .ok()
                .and_then(|statement| {
                    statement
                        .get("id")
                        .and_then(serde_json::Value::as_str)
                        .and_then(|found| Uuid::parse_str(found).ok())
                })
                == Some(id)),
            404 => Ok(false),
            status => Err(LrsError::Rejected {
                endpoint: self.endpoint.to_string(),
                status,
                message: answer.reason(),
            }),
        }
    }
}
