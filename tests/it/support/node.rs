//! Node.js for the xAPI and LRS tests: Learning Locker's validator and its statements
//! service are npm packages. Each is installed once, by the test itself, into a cache under
//! `target/` (`npm install --prefix`), and reused by later runs. A test skips, saying so on
//! stderr, only when `node` is absent on a developer's machine (under CI that fails, see
//! `support::available`); any other failure (npm unreachable, an install that breaks)
//! fails the test.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "shared by two test binaries that each use part of it; tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The first install downloads a few hundred packages; later runs find them cached.
const INSTALL_TIMEOUT: Duration = Duration::from_mins(15);

/// The folder of this crate's Node scripts (`tests/node`).
pub fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("node")
}

/// Whether `node` runs. When it does not, prints why the caller skips.
pub fn node_present(test: &str) -> bool {
    let present = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    super::available(test, "node (Node.js)", present)
}

/// `npm install --prefix target/tmp/npm/<folder> <spec>`, once; returns the prefix folder
/// once `<folder>/node_modules/<marker>` exists. Installs into a temporary folder renamed
/// into place, so a test binary running at the same time never sees half an install.
pub fn npm_package(folder: &str, spec: &str, marker: &str) -> PathBuf {
    // One install at a time in this process; other processes use their own folder.
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("npm");
    let dir = cache.join(folder);
    let ready = |d: &Path| d.join("node_modules").join(marker).exists();
    let _one = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if ready(&dir) {
        return dir;
    }
    std::fs::create_dir_all(&cache).unwrap();
    let partial = cache.join(format!("{folder}.partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).unwrap();
    eprintln!("installing {spec} into {} (once)", dir.display());
    let mut child = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&partial)
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("npm is installed beside node (scripts/test.sh installs both)");
    let deadline = Instant::now() + INSTALL_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("npm install {spec} took longer than {INSTALL_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut errors = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        use std::io::Read as _;
        let _ = stderr.read_to_string(&mut errors);
    }
    assert!(status.success(), "npm install {spec} failed: {errors}");
    assert!(
        ready(&partial),
        "npm install {spec} did not install {marker}"
    );
    if std::fs::rename(&partial, &dir).is_err() {
        // Another test binary finished first; use its install.
        let _ = std::fs::remove_dir_all(&partial);
    }
    assert!(ready(&dir), "{spec} is not installed in {}", dir.display());
    dir
}

/// Learning Locker's xAPI statement validator.
pub fn validator() -> PathBuf {
    npm_package(
        "xapi-validation",
        "@learninglocker/xapi-validation@3.0.0",
        "@learninglocker/xapi-validation/package.json",
    )
}

/// Learning Locker's statements service: a real LRS.
pub fn lrs_package() -> PathBuf {
    npm_package(
        "xapi-statements",
        "xapi-statements@5.0.1",
        "xapi-statements/dist/server.js",
    )
}

/// Runs the validator over a JSON array of statements; returns every problem it reports
/// (one JSON object per line), empty when all pass.
pub fn validation_problems(statements_json: &[u8]) -> Vec<String> {
    let package = validator();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), statements_json).unwrap();
    let output = Command::new("node")
        .arg(scripts().join("validate-xapi.js"))
        .arg(&package)
        .arg(file.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "the validator could not run: {stderr}"
    );
    eprintln!("xapi-validation: {}", stderr.trim());
    let problems: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(
        output.status.success(),
        problems.is_empty(),
        "exit status and output disagree: {stdout}"
    );
    problems
}
