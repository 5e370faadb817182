//! Files only their owner can read. A colleague at the same computer must not read another
//! person's training record, so the data folder is created (or tightened to) 0700 and the
//! store's file 0600 before SQLite opens it; SQLite gives its `-wal` and `-shm` files the
//! database file's permissions. On systems without Unix modes the data folder lives in the
//! user's own profile (see `store::default_data_dir`), which the system keeps private.

use std::io;
use std::path::Path;

/// Creates `dir` (and its parents) owner-only, or makes an existing one owner-only.
/// Returns the mode it had when that let others in.
pub fn folder(dir: &Path) -> io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        if !dir.is_dir() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))?;
            return Ok(Some(mode));
        }
        Ok(None)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)?;
        Ok(None)
    }
}

/// Makes the store's file (and its `-wal` and `-shm` files, when they exist) owner-only,
/// creating an empty one when there is none, so SQLite never creates it with the umask's
/// looser mode.
pub fn file(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        for extra in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{extra}", path.display()));
            let Ok(meta) = std::fs::metadata(&file) else {
                continue;
            };
            if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}
