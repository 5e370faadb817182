//! Whether the store's file is sound, found out without making every open wait for it.
//!
//! Reading a whole 2 GB file to check it takes seconds, so opening a store checks only
//! what costs nothing: the header (a file that is not SQLite's, or shorter than its header
//! says), and that the file is Jaga's. The whole-file check (`PRAGMA quick_check`) runs
//! when there is a reason to: after an unclean shutdown, when an earlier check found
//! damage, on a slow schedule, and on demand (`jaga check`), off the path of the first
//! frame and of a command's work.
//!
//! An unclean shutdown is told by a session marker: every open store holds an exclusive
//! lock on a file of its own beside the database (`jaga.sqlite3.session-…`) and removes it
//! when it closes. The operating system releases the lock of a process that dies, so a
//! marker nobody holds is one left by a crash or a power cut. Such markers stay until a
//! check finds the file sound. A check that finds damage leaves `jaga.sqlite3.check-failed`,
//! and the next open checks again before anything else and sets a damaged file aside.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::{Damage, FILE_NAME};

/// The prefix of session markers in the data folder.
const SESSION_PREFIX: &str = "jaga.sqlite3.session-";
/// The marker an earlier check left when it found damage; it holds the check's words.
pub const CHECK_FAILED: &str = "jaga.sqlite3.check-failed";
/// The setting that holds when the file was last found sound.
pub const CHECKED_AT: &str = "integrity.checked_at";
/// How old the last check may be before the next one is due.
pub const CHECK_EVERY_DAYS: i64 = 7;

/// Why a whole-file check is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDue {
    /// A session ended without closing the store (a crash, a power cut, a kill).
    UncleanShutdown,
    /// The last check is older than [`CHECK_EVERY_DAYS`], or there was none.
    Scheduled,
}

/// What a whole-file check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    Sound,
    /// SQLite's words about the damage. The next open checks again and, if the damage is
    /// still there, sets the file aside and starts a fresh store.
    Damaged(String),
}

/// The open store's marker: locked while it is open, removed when it closes.
#[derive(Debug)]
pub(super) struct Session {
    /// Held open for its lock.
    _file: File,
    path: PathBuf,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Starts this open's session marker. Made under a temporary name and renamed once
/// locked, so another process never sees it unlocked and takes it for a crash's.
pub(super) fn start_session(dir: &Path) -> std::io::Result<Session> {
    let made = tempfile::Builder::new()
        .prefix(".jaga-session-")
        .tempfile_in(dir)?;
    made.as_file().try_lock().map_err(|e| match e {
        TryLockError::Error(e) => e,
        TryLockError::WouldBlock => std::io::Error::from(std::io::ErrorKind::WouldBlock),
    })?;
    let name = made
        .path()
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_start_matches(".jaga-session-")
                .to_owned()
        })
        .unwrap_or_default();
    let path = dir.join(format!("{SESSION_PREFIX}{name}"));
    let file = made.persist(&path).map_err(|e| e.error)?;
    Ok(Session { _file: file, path })
}

/// Session markers that no running process holds: sessions that ended without closing.
fn stale_sessions(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(SESSION_PREFIX))
        .map(|e| e.path())
        .filter(|path| {
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                // Locked by us now means nobody else holds it; closing the file lets go.
                .is_ok_and(|file| file.try_lock().is_ok())
        })
        .collect()
}

/// Whether a session ended without closing the store.
pub(super) fn unclean_shutdown(dir: &Path) -> bool {
    !stale_sessions(dir).is_empty()
}

/// Removes the markers of sessions that ended without closing (after a check found the
/// file sound, or once a damaged file is set aside).
pub(super) fn forget_stale_sessions(dir: &Path) {
    for path in stale_sessions(dir) {
        let _ = std::fs::remove_file(path);
    }
}

/// The marker of a check that found damage, with its words, when there is one.
pub(super) fn failed_check(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(CHECK_FAILED)).ok()
}

pub(super) fn note_failed_check(dir: &Path, words: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(dir.join(CHECK_FAILED))?;
    file.write_all(words.as_bytes())?;
    file.sync_all()
}

pub(super) fn clear_failed_check(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(CHECK_FAILED));
}

/// The marker of a damaged store set aside, kept until a person acknowledges it.
pub const MOVED_ASIDE: &str = "jaga.sqlite3.moved-aside";

/// Leaves the marker of a damaged store set aside: where it went, why and when. Every
/// command reports it until [`acknowledge_moved_aside`].
pub(super) fn note_moved_aside(
    dir: &Path,
    aside: &Path,
    reason: &str,
    now: DateTime<Utc>,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(dir.join(MOVED_ASIDE))?;
    let stamp = now.format("%Y-%m-%d %H:%M UTC");
    writeln!(file, "{stamp}: {reason}; set aside as {}", aside.display())?;
    file.sync_all()
}

/// What the marker of a damaged store set aside says, when there is one not yet
/// acknowledged (only a regular file is read, and only its start).
pub fn moved_aside_note(dir: &Path) -> Option<String> {
    let path = dir.join(MOVED_ASIDE);
    if !path.symlink_metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    File::open(&path)
        .ok()?
        .take(4096)
        .read_to_string(&mut text)
        .ok()?;
    Some(text.trim().to_owned())
}

/// Removes the marker: a person has dealt with the store set aside. Whether there was one.
pub fn acknowledge_moved_aside(dir: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(dir.join(MOVED_ASIDE)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether the scheduled check is due, from when the file was last found sound.
pub(super) fn scheduled(checked_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    checked_at.is_none_or(|at| now - at >= Duration::days(CHECK_EVERY_DAYS) || at > now)
}

/// What the file's first 100 bytes say is wrong with it, without reading further: not
/// SQLite's, or shorter than the header says (cut off while copied). An empty file is a
/// store about to be made.
pub(super) fn header_damage(path: &Path) -> Option<Damage> {
    let mut file = File::open(path).ok()?;
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(_) => return None,
        }
    }
    if read == 0 {
        return None;
    }
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Some(Damage::NotSqlite);
    }
    let page_size = match u32::from(u16::from_be_bytes([header[16], header[17]])) {
        1 => 65_536,
        n => n,
    };
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]);
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    // The page count is meaningful only when written by the same change as the counter,
    // and only without a write-ahead log to replay: a checkpoint cut short (a crash, a
    // power cut) leaves the header ahead of the file, and SQLite finishes it from the log.
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let wal_pending = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if pages > 0 && change_counter == valid_for && !wal_pending {
        let expected = u64::from(pages) * u64::from(page_size);
        let actual = file.metadata().ok()?.len();
        if actual < expected {
            return Some(Damage::Truncated { expected, actual });
        }
    }
    None
}

/// The store's file in `dir`.
pub(super) fn store_file(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The data folder of the store's file.
pub(super) fn folder_of_store(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheduled_check_is_due_after_a_week_or_when_never_done() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert!(scheduled(None, now));
        assert!(!scheduled(Some(now - Duration::days(6)), now));
        assert!(scheduled(Some(now - Duration::days(7)), now));
        assert!(
            scheduled(Some(now + Duration::days(1)), now),
            "a clock set back"
        );
    }

    #[test]
    fn a_held_session_is_live_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let session = start_session(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!unclean_shutdown(dir.path()), "a live session is not stale");
        drop(session);
        assert_eq!(
            std::fs::read_dir(dir.path()).map(Iterator::count).ok(),
            Some(0)
        );
    }
}
