//! Writing a file whole or not at all: the one way Jaga replaces a file.
//!
//! Exports, bundles, certificates, the learner's own data and the LRS credentials are
//! evidence or secrets, so a half-written file must never stand where a whole one is
//! expected, and no other file may be touched on the way. Each write fills a new
//! temporary file with a random name in the target's folder (created exclusively, readable
//! by its owner only), flushes it to disk, then renames it over the target; on any error
//! the temporary file is removed and the target is left as it was.
//!
//! Reading has its one rule here too: [`open_regular`] opens only a regular file, so a
//! pipe, a device or a folder planted where a file is expected is refused, never waited on.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file that could not be written, with the path it was for.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl crate::i18n::Localized for WriteError {
    fn message(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("error-write-file")
            .with("path", self.path.as_path())
            .with("reason", crate::i18n::io_reason(&self.source))
    }
}

impl WriteError {
    fn at(path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Self {
            path: path.to_owned(),
            source,
        }
    }
}

/// Opens a file to read, refusing anything but a regular file (a folder, a device, or a
/// pipe that would block the reader forever). The path is looked at before it is opened,
/// so a pipe is never opened, and the opened file is looked at again.
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let not_regular = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a device or a pipe)",
        )
    };
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The folder a file is written in: its parent, or the working folder for a bare name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether a write may replace a file already at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (atomically: the old file stays whole until the new one is).
    Replace,
    /// Refuse: the write fails with [`io::ErrorKind::AlreadyExists`] and nothing changes.
    Keep,
}

/// Writes `path` whole or not at all with what `fill` writes, replacing a file there. An
/// error from `fill` is returned as it is; an error of the file itself becomes `E`
/// through [`WriteError`].
pub fn write_with<E: From<WriteError>>(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
) -> Result<(), E> {
    write_new_with(path, Existing::Replace, fill)
}

/// [`write_with`], choosing what happens to a file already at `path`. With
/// [`Existing::Keep`] the check and the rename are one step (a hard link), so a file that
/// appears meanwhile is not replaced either.
pub fn write_new_with<E: From<WriteError>>(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
) -> Result<(), E> {
    if let Ok(there) = path.symlink_metadata() {
        // Only a regular file is ever replaced: a link is not followed to what it names,
        // and a device, pipe or folder keeps being what it is.
        if !there.file_type().is_file() {
            let refusal = if there.is_dir() {
                io::ErrorKind::IsADirectory.into()
            } else {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it is not an ordinary file (a link, a device or a pipe), so it is left as it is",
                )
            };
            return Err(WriteError::at(path)(refusal).into());
        }
        if existing == Existing::Keep {
            return Err(WriteError::at(path)(io::ErrorKind::AlreadyExists.into()).into());
        }
    }
    let folder = folder_of(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(WriteError::at(path))?;
    let mut out = BufWriter::with_capacity(1 << 16, temp);
    fill(&mut out)?;
    let temp = out
        .into_inner()
        .map_err(|e| WriteError::at(path)(e.into_error()))?;
    temp.as_file().sync_all().map_err(WriteError::at(path))?;
    match existing {
        Existing::Replace => temp.persist(path).map(|_| ()),
        Existing::Keep => temp.persist_noclobber(path).map(|_| ()),
    }
    .map_err(|e| WriteError::at(path)(e.error))?;
    sync_folder(folder);
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_new_bytes(path, Existing::Replace, bytes)
}

/// [`write_bytes`], choosing what happens to a file already at `path`.
pub fn write_new_bytes(path: &Path, existing: Existing, bytes: &[u8]) -> Result<(), WriteError> {
    write_new_with(path, existing, |out| {
        out.write_all(bytes).map_err(WriteError::at(path))
    })
}

impl WriteError {
    /// The file was not written because one was already there.
    pub fn is_existing_file(&self) -> bool {
        self.source.kind() == io::ErrorKind::AlreadyExists
    }
}

/// Makes a rename durable. Best effort: not every platform can open a folder.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("report.csv");
        std::fs::write(&path, "old").unwrap_or_else(|e| panic!("{e}"));
        let result: Result<(), WriteError> = write_with(&path, |out| {
            out.write_all(b"half").map_err(WriteError::at(&path))?;
            Err(WriteError::at(&path)(io::Error::other("disk full")))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("old"));
        assert_eq!(names(dir.path()), ["report.csv"]);
    }

    #[test]
    fn a_sibling_named_like_an_old_temporary_file_is_never_touched() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("data.json");
        let sibling = dir.path().join("data.partial");
        std::fs::write(&sibling, "keep me").unwrap_or_else(|e| panic!("{e}"));
        write_bytes(&path, b"{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"{}"[..]));
        assert_eq!(
            std::fs::read_to_string(&sibling).ok().as_deref(),
            Some("keep me")
        );
        assert_eq!(names(dir.path()), ["data.json", "data.partial"]);
    }

    #[test]
    fn keeping_an_existing_file_refuses_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("report.csv");
        std::fs::write(&path, "old").unwrap_or_else(|e| panic!("{e}"));
        let refused = write_new_bytes(&path, Existing::Keep, b"new");
        assert!(refused.is_err_and(|e| e.is_existing_file()));
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("old"));
        assert_eq!(names(dir.path()), ["report.csv"]);
        let fresh = dir.path().join("fresh.csv");
        write_new_bytes(&fresh, Existing::Keep, b"new").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&fresh).ok().as_deref(), Some(&b"new"[..]));
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("secret.json");
        write_bytes(&path, b"{}").unwrap_or_else(|e| panic!("{e}"));
        let mode = std::fs::metadata(&path).map_or(0, |m| m.permissions().mode() & 0o777);
        assert_eq!(mode, 0o600);
    }
}
