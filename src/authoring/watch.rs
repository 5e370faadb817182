//! Watching an author's content folder, so every save reloads within a second.
//!
//! Authors edit module files in their own editor while Jaga shows the result. Editors
//! save in different ways: in place (often in several writes), or by writing a temporary
//! file and renaming it over the original (vim, VS Code, many others). The operating
//! system reports each step, plus reads (Jaga's own reads included), and a naive watcher
//! would reload several times per save or loop on its own reads.
//!
//! A [`Watcher`] watches the folder (and its `assets` folder) recursively through the
//! `notify` crate and `notify-debouncer-full` (which pairs renames and reports missed
//! events), keeps only changes to `*.ron` files, anything under `assets/` and folders
//! appearing or going, ignores reads, and gathers everything that arrives within a short
//! quiet period into one [`WatchEvent::Changed`] batch. Batches are handed to a callback
//! on the watcher's own thread, or to a channel, so the caller never blocks; problems
//! (the folder deleted, the system's watch limit reached) arrive as
//! [`WatchEvent::Error`], never as a panic. Feed the paths to
//! [`super::workspace::Workspace::reload_paths`].

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::EventKind;
use notify_debouncer_full::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use crate::content::load::Assets;

/// How long the debouncer holds an event before passing it on: long enough to join the
/// writes of one save, short enough to feel immediate.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// How often the fallback poller looks at the files when the system cannot watch them.
const POLL_INTERVAL: Duration = Duration::from_millis(400);

/// The longest a batch waits while changes keep arriving (a long copy into the folder),
/// so the author still sees something within a second.
const MAX_BATCH_WAIT: Duration = Duration::from_millis(800);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// Module files, assets or folders that were created, written, removed or renamed
    /// (both the old and the new name), absolute, sorted, each once.
    Changed(Vec<PathBuf>),
    /// The system dropped events (its queue overflowed): reload everything.
    Rescan,
    /// Watching failed, fully or in part.
    Error(WatchError),
}

/// Why watching failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WatchError {
    #[error("the content folder was deleted or moved; reopen it to keep watching: {path}")]
    FolderGone { path: PathBuf },
    #[error(
        "the system's limit on watched folders is reached, so changes in some folders are \
         not seen; raise it (on Linux: sysctl fs.inotify.max_user_watches) or watch a \
         smaller folder"
    )]
    TooManyWatches,
    #[error("cannot watch the content folder: {message}: {path}")]
    Failed { message: String, path: PathBuf },
}

impl crate::i18n::Localized for WatchError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            Self::FolderGone { path } => {
                Message::new("error-watch-folder-gone").with("path", path.as_path())
            }
            Self::TooManyWatches => Message::new("error-watch-limit"),
            Self::Failed { message, path } => Message::new("error-watch-failed")
                .with("path", path.as_path())
                .with("detail", message.as_str()),
        }
    }
}

/// Watches a content folder until dropped.
pub struct Watcher {
    _backend: Backend,
    polling: bool,
    roots: Vec<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("roots", &self.roots)
            .field("polling", &self.polling)
            .finish_non_exhaustive()
    }
}

#[expect(
    dead_code,
    reason = "held only to keep watching: dropping it stops the watcher"
)]
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// What the debouncer's thread passes to the batching thread.
enum Incoming {
    Paths(Vec<PathBuf>),
    Rescan,
    Error(WatchError),
}

impl Watcher {
    /// Watches `dir` and delivers events on the returned channel.
    pub fn channel(dir: &Path) -> Result<(Self, Receiver<WatchEvent>), WatchError> {
        let (tx, rx) = mpsc::channel();
        let watcher = Self::start(dir, DEFAULT_DEBOUNCE, move |event| {
            // The receiver is gone only when nobody listens any more.
            let _ = tx.send(event);
        })?;
        Ok((watcher, rx))
    }

    /// Watches `dir` (and the assets folder beside it, as [`Assets::for_content_dir`]
    /// finds it) and calls `sink` with each event on the watcher's own thread; a window
    /// sends the event on and asks for a repaint. Falls back to polling when the system
    /// cannot watch (too many watches, no inotify); see [`Self::is_polling`].
    pub fn start(
        dir: &Path,
        debounce: Duration,
        sink: impl Fn(WatchEvent) + Send + 'static,
    ) -> Result<Self, WatchError> {
        let content = dir.canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => WatchError::FolderGone {
                path: dir.to_owned(),
            },
            _ => WatchError::Failed {
                message: e.to_string(),
                path: dir.to_owned(),
            },
        })?;
        let mut roots = vec![content.clone()];
        if let Assets::Dir(assets) = Assets::for_content_dir(dir)
            && let Ok(assets) = assets.canonicalize()
            && !assets.starts_with(&content)
        {
            roots.push(assets);
        }

        let (tx, rx) = mpsc::channel::<Incoming>();
        let filter = Filter {
            content: content.clone(),
            assets: roots.get(1).cloned(),
        };
        // The debouncer passes events on at each tick, so the steps of one save can come
        // in two ticks; waiting a whole debounce (several ticks) for quiet joins them.
        let settle = debounce.max(Duration::from_millis(20));
        let batch_roots = roots.clone();
        std::thread::Builder::new()
            .name("jaga-watch".to_owned())
            .spawn(move || batch(&rx, settle, &batch_roots, &sink))
            .map_err(|e| WatchError::Failed {
                message: format!("cannot start the watch thread: {e}"),
                path: content.clone(),
            })?;

        let (backend, polling) = match native(&roots, debounce, &tx, &filter) {
            Ok(debouncer) => (Backend::Native(debouncer), false),
            Err(error) if falls_back(&error) => {
                let debouncer =
                    poll(&roots, debounce, &tx, &filter).map_err(|e| watch_error(e, &content))?;
                (Backend::Poll(debouncer), true)
            }
            Err(error) => return Err(watch_error(error, &content)),
        };
        Ok(Self {
            _backend: backend,
            polling,
            roots,
        })
    }

    /// Whether the system could not watch and the folder is polled instead.
    pub fn is_polling(&self) -> bool {
        self.polling
    }

    /// The folders watched: the content folder, then the assets folder when it is
    /// outside it. Absolute.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }
}

fn native(
    roots: &[PathBuf],
    debounce: Duration,
    tx: &Sender<Incoming>,
    filter: &Filter,
) -> notify::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
        debounce,
        Some(tick(debounce)),
        handler(tx.clone(), filter.clone()),
        RecommendedCache::new(),
        notify::Config::default(),
    )?;
    for root in roots {
        debouncer.watch(root, RecursiveMode::Recursive)?;
    }
    Ok(debouncer)
}

fn poll(
    roots: &[PathBuf],
    debounce: Duration,
    tx: &Sender<Incoming>,
    filter: &Filter,
) -> notify::Result<Debouncer<PollWatcher, RecommendedCache>> {
    let mut debouncer = new_debouncer_opt::<_, PollWatcher, RecommendedCache>(
        debounce,
        Some(tick(debounce)),
        handler(tx.clone(), filter.clone()),
        RecommendedCache::new(),
        notify::Config::default().with_poll_interval(POLL_INTERVAL),
    )?;
    for root in roots {
        debouncer.watch(root, RecursiveMode::Recursive)?;
    }
    Ok(debouncer)
}

/// How often the debouncer looks for events old enough to pass on.
fn tick(debounce: Duration) -> Duration {
    (debounce / 3).max(Duration::from_millis(5))
}

/// Whether a native watcher's failure is one polling gets around.
fn falls_back(error: &notify::Error) -> bool {
    matches!(
        error.kind,
        notify::ErrorKind::MaxFilesWatch | notify::ErrorKind::Io(_)
    )
}

fn watch_error(error: notify::Error, root: &Path) -> WatchError {
    let path = error
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| root.to_owned());
    match error.kind {
        notify::ErrorKind::MaxFilesWatch => WatchError::TooManyWatches,
        notify::ErrorKind::PathNotFound if path == root => WatchError::FolderGone { path },
        notify::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound && path == root => {
            WatchError::FolderGone { path }
        }
        notify::ErrorKind::Generic(message) => WatchError::Failed { message, path },
        notify::ErrorKind::Io(e) => WatchError::Failed {
            message: e.to_string(),
            path,
        },
        notify::ErrorKind::PathNotFound => WatchError::Failed {
            message: "no such file or folder".to_owned(),
            path,
        },
        notify::ErrorKind::WatchNotFound | notify::ErrorKind::InvalidConfig(_) => {
            WatchError::Failed {
                message: "the watcher is misconfigured".to_owned(),
                path,
            }
        }
    }
}

/// The debouncer's callback: keeps the changes that matter and passes them on.
fn handler(tx: Sender<Incoming>, filter: Filter) -> impl FnMut(DebounceEventResult) + Send {
    move |result: DebounceEventResult| match result {
        Ok(events) => {
            let mut paths = Vec::new();
            for event in events {
                if event.need_rescan() {
                    let _ = tx.send(Incoming::Rescan);
                    continue;
                }
                // Reads (Jaga's own included) and metadata-only events change nothing.
                if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
                    continue;
                }
                paths.extend(event.paths.iter().filter(|p| filter.matters(p)).cloned());
            }
            if !paths.is_empty() {
                let _ = tx.send(Incoming::Paths(paths));
            }
        }
        Err(errors) => {
            for error in errors {
                // A watch removed with its folder is expected; anything else is reported.
                if matches!(error.kind, notify::ErrorKind::WatchNotFound) {
                    continue;
                }
                let _ = tx.send(Incoming::Error(watch_error(error, &filter.content)));
            }
        }
    }
}

/// Which paths are worth a reload.
#[derive(Debug, Clone)]
struct Filter {
    content: PathBuf,
    /// The assets folder, when it is outside the content folder.
    assets: Option<PathBuf>,
}

impl Filter {
    fn matters(&self, path: &Path) -> bool {
        if self.assets.as_ref().is_some_and(|a| path.starts_with(a)) {
            return true;
        }
        let Ok(relative) = path.strip_prefix(&self.content) else {
            return false;
        };
        let parts: Vec<Component<'_>> = relative.components().collect();
        let Some((last, folders)) = parts.split_last() else {
            // The folder itself: deleted or moved.
            return true;
        };
        if matches!(parts.first(), Some(Component::Normal(first)) if *first == "assets") {
            return true;
        }
        let hidden = |c: &Component<'_>| {
            matches!(c, Component::Normal(name)
                if name.to_string_lossy().starts_with('.') || *name == "target")
        };
        if folders.iter().any(hidden) || hidden(last) {
            return false;
        }
        let is_ron = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        // A folder that appeared, or a name without extension that is gone (it may have
        // been a folder of modules): let the workspace look.
        is_ron || path.is_dir() || (path.extension().is_none() && !path.exists())
    }
}

/// The batching thread: gathers paths until nothing new arrives for `settle` (or a batch
/// has waited [`MAX_BATCH_WAIT`]), then calls `sink` once. Ends when the debouncer stops.
fn batch(
    rx: &Receiver<Incoming>,
    settle: Duration,
    roots: &[PathBuf],
    sink: &(impl Fn(WatchEvent) + Send),
) {
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    let mut rescan = false;
    let mut first: Option<Instant> = None;
    let mut last = Instant::now();
    let mut gone_reported = false;
    loop {
        let received = match first {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(started) => {
                let quiet = settle.saturating_sub(last.elapsed());
                let cap = MAX_BATCH_WAIT.saturating_sub(started.elapsed());
                rx.recv_timeout(quiet.min(cap))
            }
        };
        match received {
            Ok(Incoming::Paths(paths)) => {
                pending.extend(paths);
                last = Instant::now();
                first.get_or_insert(last);
            }
            Ok(Incoming::Rescan) => {
                rescan = true;
                last = Instant::now();
                first.get_or_insert(last);
            }
            Ok(Incoming::Error(error)) => sink(WatchEvent::Error(error)),
            Err(timeout_or_end) => {
                if first.take().is_some() {
                    let paths = std::mem::take(&mut pending);
                    sink(if std::mem::take(&mut rescan) {
                        WatchEvent::Rescan
                    } else {
                        WatchEvent::Changed(paths.into_iter().collect())
                    });
                    // The folder's own removal shows only as a change of its path; say
                    // it once, in words.
                    match roots.iter().find(|r| !r.is_dir()) {
                        Some(path) if !gone_reported => {
                            gone_reported = true;
                            sink(WatchEvent::Error(WatchError::FolderGone {
                                path: path.clone(),
                            }));
                        }
                        Some(_) => {}
                        None => gone_reported = false,
                    }
                }
                if timeout_or_end == RecvTimeoutError::Disconnected {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_module_files_assets_and_folders_matter() {
        let dir = std::env::temp_dir();
        let filter = Filter {
            content: dir.clone(),
            assets: None,
        };
        assert!(filter.matters(&dir.join("a.ron")));
        assert!(filter.matters(&dir.join("sub/B.RON")));
        assert!(filter.matters(&dir.join("assets/images/x.png")));
        assert!(!filter.matters(&dir.join("a.ron.tmp")));
        assert!(!filter.matters(&dir.join(".a.ron.swp")));
        assert!(!filter.matters(&dir.join("a.ron~")));
        assert!(!filter.matters(&dir.join(".git/index.ron")));
        assert!(!filter.matters(&dir.join("target/x.ron")));
        assert!(!filter.matters(Path::new("/elsewhere/a.ron")));
        assert!(filter.matters(&dir));
    }
}
