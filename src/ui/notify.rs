//! Desktop notifications, for the refresher nudge: the one thing Jaga shows outside its
//! window. Sent to the desktop's own notification service over the session D-Bus
//! (`org.freedesktop.Notifications`), never over the network; a desktop without the
//! service shows nothing and Jaga carries on. The window gets its notifier through
//! [`crate::ui::AppConfig`], so tests put in one that records instead.

/// Shows a short notification outside the window.
pub trait Notifier: Send + Sync {
    fn notify(&self, summary: &str, body: &str);
}

/// Why a notification could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[cfg(target_os = "linux")]
    #[error("the desktop's notification service: {0}")]
    Bus(#[from] zbus::Error),
    #[error("desktop notifications are not supported on this system")]
    Unsupported,
}

/// The desktop's notification service, called on a thread of its own so the window
/// never waits for it.
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn notify(&self, summary: &str, body: &str) {
        let (summary, body) = (summary.to_owned(), body.to_owned());
        let sent = std::thread::Builder::new()
            .name("jaga-notify".to_owned())
            .spawn(move || {
                if let Err(error) = send(None, &summary, &body) {
                    eprintln!("jaga: the desktop notification was not shown: {error}");
                }
            });
        if let Err(error) = sent {
            eprintln!("jaga: the desktop notification was not shown: {error}");
        }
    }
}

/// Sends one notification to the service on the bus at `address` (the session bus when
/// `None`) and returns the id the service gave it.
#[cfg(target_os = "linux")]
pub fn send(address: Option<&str>, summary: &str, body: &str) -> Result<u32, NotifyError> {
    use std::collections::HashMap;
    async_io::block_on(async {
        let builder = match address {
            Some(address) => zbus::connection::Builder::address(address)?,
            None => zbus::connection::Builder::session()?,
        };
        let connection = builder.build().await?;
        let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
        let reply = connection
            .call_method(
                Some("org.freedesktop.Notifications"),
                "/org/freedesktop/Notifications",
                Some("org.freedesktop.Notifications"),
                "Notify",
                &(
                    "Jaga",
                    0_u32,
                    "org.jaga.Jaga",
                    summary,
                    body,
                    Vec::<&str>::new(),
                    hints,
                    -1_i32,
                ),
            )
            .await?;
        Ok(reply.body().deserialize::<u32>()?)
    })
}

/// Sends one notification: not on this system.
#[cfg(not(target_os = "linux"))]
pub fn send(_address: Option<&str>, _summary: &str, _body: &str) -> Result<u32, NotifyError> {
    Err(NotifyError::Unsupported)
}
