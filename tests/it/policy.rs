//! The organisation's policy through the real binary: `jaga policy check` says whether a
//! file is valid, naming file, line and key for every problem, and commands that open
//! the results store take the organisation's values over the local ones.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::path::Path;

use crate::support::{jaga_command, text};

fn policy_file(dir: &Path, body: &str) -> std::path::PathBuf {
    let file = dir.join("policy.toml");
    std::fs::write(&file, body).unwrap();
    file
}

#[test]
fn policy_check_accepts_a_valid_policy() {
    let dir = tempfile::tempdir().unwrap();
    let file = policy_file(
        dir.path(),
        "[organisation]\nname = \"PT Contoh\"\n[access]\npins_required = true\nshow_author = false\nidle_minutes = 15\n",
    );
    let out = jaga_command()
        .args(["policy", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("the policy is valid (it sets 4 values)"));
}

#[test]
fn policy_check_names_file_line_and_key_of_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = policy_file(
        dir.path(),
        "[access]\nidle_minutes = 100000\n\n[content]\nfolder = \"kursus\"\n",
    );
    let out = jaga_command()
        .args(["policy", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let path = file.display();
    assert!(
        stderr.contains(&format!("{path}:2:16: error: access.idle_minutes: ")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}:5:10: error: content.folder: ")),
        "{stderr}"
    );

    let typo = policy_file(dir.path(), "[access]\npins_required = \"yes\"\n");
    let out = jaga_command()
        .args(["policy", "check", "--lang", "id"])
        .arg(&typo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!(
            "{}:2:17: error: access.pins_required: ",
            typo.display()
        )),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn policy_check_of_a_missing_file_could_not_run() {
    let out = jaga_command()
        .args(["policy", "check", "/nonexistent/policy.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("there is no such file"));
}

#[test]
fn the_policy_organisation_wins_over_the_one_set_locally() {
    let data = tempfile::tempdir().unwrap();
    let policy = tempfile::tempdir().unwrap();
    let set = jaga_command()
        .args(["organisation", "--name", "Toko Lokal", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", text(&set.stderr));
    assert!(text(&set.stdout).contains("organisation: Toko Lokal"));

    policy_file(
        policy.path(),
        "[organisation]\nname = \"PT Contoh Sejahtera\"\n",
    );
    let shown = jaga_command()
        .arg("organisation")
        .arg("--data")
        .arg(data.path())
        .env(jaga::policy::DIR_ENV, policy.path())
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    assert!(
        text(&shown.stdout).contains("organisation: PT Contoh Sejahtera"),
        "{}",
        text(&shown.stdout)
    );
}

#[test]
fn a_policy_fixes_settings_tracks_and_the_lrs_key_over_the_local_ones() {
    use jaga::service::access::{AccessPolicy, Machine, set_policy};
    use std::os::unix::fs::PermissionsExt as _;

    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = jaga::store::Store::open(data.path(), crate::support::t0()).unwrap();
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    store
        .assign_track("lokal", None, day("2026-12-31"))
        .unwrap();
    set_policy(&mut store, AccessPolicy::default()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("lrs-secret");
    std::fs::write(&secret, "rahasia-lrs\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o640)).unwrap();
    policy_file(
        dir.path(),
        &format!(
            "[access]\npins_required = true\n\n[lrs]\nendpoint = \"https://lrs.contoh.co.id/xapi\"\nkey = \"kunci-laptop\"\nsecret_file = \"{}\"\n\n[[tracks]]\ntrack = \"inti\"\ndepartment = \"Keuangan\"\ndue = 2027-01-31\n",
            secret.display()
        ),
    );
    let loaded = jaga::policy::Loaded::from_dir(dir.path());
    assert_eq!(loaded.problems, []);
    loaded.policy.apply(&mut store);

    assert!(Machine::load(&store).unwrap().pins_required);
    let tracks = store.track_assignments().unwrap();
    assert_eq!(
        tracks.len(),
        1,
        "the policy's tracks replace the local ones"
    );
    assert_eq!(tracks[0].track_id, "inti");
    assert_eq!(tracks[0].department.as_deref(), Some("Keuangan"));
    assert_eq!(tracks[0].due_on, day("2027-01-31"));
    assert!(jaga::lrs::LrsSettings::load(&store).unwrap().delivers());
    let credentials = jaga::lrs::settings::credentials_in_force(&store, data.path())
        .unwrap()
        .expect("the policy's key with its secret");
    assert_eq!(credentials.key(), "kunci-laptop");

    // A secret file everyone can read is refused, as a credentials file would be.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(jaga::lrs::settings::credentials_in_force(&store, data.path()).is_err());
}
