//! Where statements go and with which key: the LRS settings, and the key and secret kept
//! apart from everything else.
//!
//! The endpoint, the actor's home page and the on/off switch are ordinary settings in the
//! store. The Basic-auth key and secret are not: they live in `lrs-credentials.json` beside
//! `jaga.sqlite3`, readable by the owner only (`0600`), so that no export, results bundle,
//! learner export or log that reads the store can ever carry them. A credentials file that
//! other users can read is refused, as ssh refuses such a key.

use std::fmt;
use std::path::{Path, PathBuf};

use super::LrsError;
use crate::report::xapi::{PLACEHOLDER_HOME_PAGE, XapiConfig};
use crate::store::Store;

/// The file beside `jaga.sqlite3` that holds the key and secret.
pub const CREDENTIALS_FILE: &str = "lrs-credentials.json";

/// Setting keys of the LRS, in the store's `settings` table.
pub mod keys {
    /// `1` when delivery is on; absent or anything else means off.
    pub const ENABLED: &str = "lrs.enabled";
    /// The xAPI endpoint, e.g. `https://lrs.example.org/xapi`.
    pub const ENDPOINT: &str = "lrs.endpoint";
    /// The actor account's `homePage`.
    pub const HOME_PAGE: &str = "lrs.home_page";
    /// Where activity and extension IRIs start; the home page when absent.
    pub const ACTIVITY_BASE: &str = "lrs.activity_base";
    /// The key the organisation's policy names (never stored: a policy override only).
    pub const POLICY_KEY: &str = "lrs.policy_key";
    /// The root-only file holding the secret for the policy's key (a policy override only).
    pub const POLICY_SECRET_FILE: &str = "lrs.policy_secret_file";
}

/// An LRS's xAPI endpoint: https (or http to this machine only), without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    origin: String,
    loopback: bool,
    https: bool,
}

impl Endpoint {
    /// Checks and normalises an endpoint as a manager types it.
    pub fn parse(text: &str) -> Result<Self, LrsError> {
        let trimmed = text.trim().trim_end_matches('/');
        let bad = |reason: &str| LrsError::BadEndpoint {
            value: text.trim().to_owned(),
            reason: reason.to_owned(),
        };
        let uri: ureq::http::Uri = trimmed
            .parse()
            .map_err(|_| bad("it is not a web address"))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(bad("it must start with https://")),
        };
        let authority = uri.authority().ok_or_else(|| bad("it has no host name"))?;
        if authority.as_str().contains('@') {
            return Err(bad(
                "it contains a user name or password; give the key and secret separately",
            ));
        }
        if uri.query().is_some() || trimmed.contains('#') {
            return Err(bad("it must not have a query (?…) or a fragment (#…)"));
        }
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if host.is_empty() {
            return Err(bad("it has no host name"));
        }
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !https && !loopback {
            return Err(LrsError::InsecureEndpoint {
                value: trimmed.to_owned(),
            });
        }
        let scheme = if https { "https" } else { "http" };
        Ok(Self {
            url: trimmed.to_owned(),
            origin: format!("{scheme}://{}", authority.as_str()),
            loopback,
            https,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// `{endpoint}/statements`.
    pub fn statements_url(&self) -> String {
        format!("{}/statements", self.url)
    }

    /// `scheme://host[:port]`: the default actor home page.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// On this machine: no proxy is used to reach it.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    pub fn is_https(&self) -> bool {
        self.https
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// The Basic-auth key and secret the LRS gave Jaga. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Credentials {
    key: String,
    secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("key", &self.key)
            .field("secret", &"(hidden)")
            .finish()
    }
}

impl Credentials {
    /// Checks a key and secret: both present, no control characters, no `:` in the key
    /// (Basic auth joins them with one).
    pub fn new(key: &str, secret: &str) -> Result<Self, LrsError> {
        let bad = |reason: &str| LrsError::BadCredentials(reason.to_owned());
        let key = key.trim();
        if key.is_empty() {
            return Err(bad("the key is empty"));
        }
        if secret.is_empty() {
            return Err(bad("the secret is empty"));
        }
        if key.contains(':') {
            return Err(bad(
                "the key contains `:`, which Basic authentication cannot carry",
            ));
        }
        if key.chars().chain(secret.chars()).any(char::is_control) {
            return Err(bad("the key or secret contains a control character"));
        }
        Ok(Self {
            key: key.to_owned(),
            secret: secret.to_owned(),
        })
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }

    /// The key with all but its first four characters hidden, for status lines.
    pub fn key_hint(&self) -> String {
        let shown: String = self.key.chars().take(4).collect();
        if self.key.chars().count() > 4 {
            format!("{shown}…")
        } else {
            shown
        }
    }

    /// The `Authorization` header value.
    pub(crate) fn basic_header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.key, self.secret).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648), for the Basic-auth header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where the key and secret of the store at `store_path` are kept.
pub fn credentials_path(data_dir: &Path) -> PathBuf {
    data_dir.join(CREDENTIALS_FILE)
}

/// The stored key and secret, if any. A file that others can read is refused.
pub fn load_credentials(data_dir: &Path) -> Result<Option<Credentials>, LrsError> {
    let path = credentials_path(data_dir);
    let file_error = |source| LrsError::CredentialsFile {
        path: path.display().to_string(),
        source,
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(file_error(e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path)
            .map_err(file_error)?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(LrsError::CredentialsExposed {
                path: path.display().to_string(),
                mode: mode & 0o777,
            });
        }
    }
    let stored: Credentials =
        serde_json::from_slice(&bytes).map_err(|e| LrsError::CredentialsCorrupt {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
    Credentials::new(&stored.key, &stored.secret)
        .map(Some)
        .map_err(|e| LrsError::CredentialsCorrupt {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
}

/// The key and secret in force: when the organisation's policy names a key, that key with
/// the secret from the policy's root-only file (or, without one, the secret the manager
/// set up here); otherwise the manager's own.
pub fn credentials_in_force(
    store: &Store,
    data_dir: &Path,
) -> Result<Option<Credentials>, LrsError> {
    let stored = load_credentials(data_dir)?;
    let Some(key) = store.setting(keys::POLICY_KEY)? else {
        return Ok(stored);
    };
    let secret = match store.setting(keys::POLICY_SECRET_FILE)? {
        Some(file) => read_secret_file(Path::new(&file))?,
        None => match &stored {
            Some(credentials) => credentials.secret().to_owned(),
            None => return Ok(None),
        },
    };
    Credentials::new(&key, &secret).map(Some)
}

/// The secret in the organisation's root-only file: refused when anyone but its owner can
/// change it or everyone can read it.
fn read_secret_file(path: &Path) -> Result<String, LrsError> {
    let file_error = |source| LrsError::CredentialsFile {
        path: path.display().to_string(),
        source,
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)
            .map_err(file_error)?
            .permissions()
            .mode();
        if mode & 0o026 != 0 {
            return Err(LrsError::CredentialsExposed {
                path: path.display().to_string(),
                mode: mode & 0o777,
            });
        }
    }
    let text = std::fs::read_to_string(path).map_err(file_error)?;
    Ok(text.trim().to_owned())
}

/// Writes the key and secret, readable by the owner only, whole or not at all.
pub fn save_credentials(data_dir: &Path, credentials: &Credentials) -> Result<PathBuf, LrsError> {
    let path = credentials_path(data_dir);
    let json =
        serde_json::to_vec_pretty(credentials).map_err(|e| LrsError::CredentialsCorrupt {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
    // Written readable by the owner only (see `fsio`), whole or not at all.
    crate::fsio::write_bytes(&path, &json).map_err(|e| LrsError::CredentialsFile {
        path: e.path.display().to_string(),
        source: e.source,
    })?;
    Ok(path)
}

/// Deletes the key and secret. Returns whether there were any.
pub fn remove_credentials(data_dir: &Path) -> Result<bool, LrsError> {
    let path = credentials_path(data_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(LrsError::CredentialsFile {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// The LRS settings kept in the store (everything but the key and secret). Off, with no
/// endpoint, until a manager configures them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LrsSettings {
    pub enabled: bool,
    pub endpoint: Option<Endpoint>,
    /// The actor account's `homePage`; the endpoint's origin when `None`.
    pub home_page: Option<String>,
    /// Where activity and extension IRIs start; the home page when `None`.
    pub activity_base: Option<String>,
}

impl LrsSettings {
    pub fn load(store: &Store) -> Result<Self, LrsError> {
        let endpoint = store
            .setting(keys::ENDPOINT)?
            .map(|e| Endpoint::parse(&e))
            .transpose()?;
        Ok(Self {
            enabled: store.setting(keys::ENABLED)?.as_deref() == Some("1"),
            endpoint,
            home_page: store.setting(keys::HOME_PAGE)?,
            activity_base: store.setting(keys::ACTIVITY_BASE)?,
        })
    }

    /// Saves every field at once.
    pub fn save(&self, store: &mut Store) -> Result<(), LrsError> {
        self.xapi_config()?;
        store.update_settings(&[
            (keys::ENABLED, Some(if self.enabled { "1" } else { "0" })),
            (keys::ENDPOINT, self.endpoint.as_ref().map(Endpoint::as_str)),
            (keys::HOME_PAGE, self.home_page.as_deref()),
            (keys::ACTIVITY_BASE, self.activity_base.as_deref()),
        ])?;
        Ok(())
    }

    /// On, with somewhere to send to.
    pub fn delivers(&self) -> bool {
        self.enabled && self.endpoint.is_some()
    }

    /// The actor home page: as set, else the endpoint's origin, else a placeholder.
    pub fn effective_home_page(&self) -> String {
        self.home_page
            .clone()
            .or_else(|| self.endpoint.as_ref().map(|e| e.origin().to_owned()))
            .unwrap_or_else(|| PLACEHOLDER_HOME_PAGE.to_owned())
    }

    /// What the statements are built with.
    pub fn xapi_config(&self) -> Result<XapiConfig, LrsError> {
        Ok(XapiConfig::new(
            &self.effective_home_page(),
            self.activity_base.as_deref(),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn endpoints_need_https_except_on_this_machine() {
        let ok = |s: &str| Endpoint::parse(s).map(|e| e.as_str().to_owned());
        assert_eq!(
            ok("https://lrs.example.org/xapi/").ok().as_deref(),
            Some("https://lrs.example.org/xapi")
        );
        assert!(ok("http://127.0.0.1:8080/xAPI").is_ok());
        assert!(ok("http://localhost/xAPI").is_ok());
        assert!(ok("http://[::1]:9/x").is_ok());
        assert!(matches!(
            Endpoint::parse("http://lrs.example.org/xapi"),
            Err(LrsError::InsecureEndpoint { .. })
        ));
        for bad in [
            "",
            "lrs.example.org",
            "ftp://x/y",
            "https://u:p@x/y",
            "https://x/y?z=1",
            "https:///y",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
        let e = Endpoint::parse("https://lrs.example.org:8443/xapi").ok();
        assert_eq!(
            e.as_ref().map(Endpoint::origin),
            Some("https://lrs.example.org:8443")
        );
        assert_eq!(
            e.map(|e| e.statements_url()).as_deref(),
            Some("https://lrs.example.org:8443/xapi/statements")
        );
    }

    #[test]
    fn credentials_never_show_the_secret() {
        let c = Credentials::new("jaga-key", "s3cret").ok();
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"));
        assert_eq!(
            c.as_ref().map(Credentials::key_hint).as_deref(),
            Some("jaga…")
        );
        assert!(Credentials::new("a:b", "s").is_err());
        assert!(Credentials::new("a", "").is_err());
    }
}
