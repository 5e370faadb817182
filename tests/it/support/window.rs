//! One harness factory for every window test: the real `App`, a store in a temp folder,
//! a fixed clock and a fixed seed, driven the way a user drives it.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "shared by test binaries that each use part of it; tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jaga::clock::{FixedClock, SeededEntropy};
use jaga::content::ContentSource;
use jaga::ui::{App, AppConfig};

pub use super::t0;

/// The small course written for the window tests.
pub fn ui_course() -> ContentSource {
    ContentSource::Dir(PathBuf::from("tests/fixtures/ui-course"))
}

pub struct TestApp {
    pub harness: Harness<'static, App>,
    pub data: PathBuf,
    pub clock: Arc<FixedClock>,
    /// The desktop notifications the window showed: (summary, body).
    pub notifications: Arc<Notifications>,
}

/// Records desktop notifications instead of showing them.
#[derive(Default)]
pub struct Notifications(std::sync::Mutex<Vec<(String, String)>>);

impl Notifications {
    pub fn shown(&self) -> Vec<(String, String)> {
        self.0.lock().map(|n| n.clone()).unwrap_or_default()
    }
}

impl jaga::ui::notify::Notifier for Notifications {
    fn notify(&self, summary: &str, body: &str) {
        if let Ok(mut shown) = self.0.lock() {
            shown.push((summary.to_owned(), body.to_owned()));
        }
    }
}

/// A fresh app on the test course with an empty data folder.
pub fn app(data: &Path) -> TestApp {
    app_with(ui_course(), data, Arc::new(FixedClock::new(t0())), 7)
}

/// An app in author mode on `folder`.
pub fn app_with_author(folder: &Path, data: &Path, clock: Arc<FixedClock>) -> TestApp {
    build(
        AppConfig {
            content: ContentSource::Dir(folder.to_owned()),
            data_dir: data.to_owned(),
            clock: clock.clone(),
            entropy: Box::new(SeededEntropy::new(7)),
            native_dialogs: false,
            author: Some(folder.to_owned()),
            ask_author_folder: false,
            policy: jaga::policy::Loaded::default(),
            notifier: Arc::new(Notifications::default()),
        },
        data,
        clock,
    )
}

/// An app on `content` with its data in `data`, the given clock and seed.
pub fn app_with(content: ContentSource, data: &Path, clock: Arc<FixedClock>, seed: u64) -> TestApp {
    let config = AppConfig {
        content,
        data_dir: data.to_owned(),
        clock: clock.clone(),
        entropy: Box::new(SeededEntropy::new(seed)),
        native_dialogs: false,
        author: None,
        ask_author_folder: false,
        policy: jaga::policy::Loaded::default(),
        notifier: Arc::new(Notifications::default()),
    };
    build(config, data, clock)
}

/// A fresh app on the test course under the organisation's policy in `policy_dir` (its
/// `policy.toml`), read as the window reads `/etc/jaga/policy.toml`.
pub fn app_with_policy(data: &Path, policy_dir: &Path) -> TestApp {
    let clock = Arc::new(FixedClock::new(t0()));
    let config = AppConfig {
        content: ui_course(),
        data_dir: data.to_owned(),
        clock: clock.clone(),
        entropy: Box::new(SeededEntropy::new(7)),
        native_dialogs: false,
        author: None,
        ask_author_folder: false,
        policy: jaga::policy::Loaded::from_dir(policy_dir),
        notifier: Arc::new(Notifications::default()),
    };
    build(config, data, clock)
}

fn build(mut config: AppConfig, data: &Path, clock: Arc<FixedClock>) -> TestApp {
    let notifications = Arc::new(Notifications::default());
    config.notifier = notifications.clone();
    let harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 2400.0))
        .build_eframe(move |cc| App::new(cc, config));
    let mut app = TestApp {
        harness,
        data: data.to_owned(),
        clock,
        notifications,
    };
    app.settle();
    app
}

impl TestApp {
    pub fn app(&self) -> &App {
        self.harness.state()
    }

    /// Runs frames until the background worker has answered everything.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let _ = self.harness.run_ok();
            if self.harness.state().pending_jobs() == 0 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the worker did not answer in time"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = self.harness.run_ok();
    }

    /// Clicks the one button with this label, then settles.
    pub fn click(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(Role::Button, label)
            .click();
        self.settle();
    }

    /// Presses a button the way assistive technology or the keyboard does (an accesskit
    /// action): used right after typing or choosing in a pop-up, where a simulated pointer
    /// click within one frame is taken by the focus change instead.
    pub fn press(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(Role::Button, label)
            .click_accesskit();
        self.settle();
    }

    /// Clicks the `n`th (from 0) button with this label.
    pub fn click_nth(&mut self, label: &str, n: usize) {
        let nodes: Vec<_> = self
            .harness
            .get_all_by_role_and_label(Role::Button, label)
            .collect();
        assert!(
            nodes.len() > n,
            "only {} buttons labelled {label:?}",
            nodes.len()
        );
        nodes[n].click();
        self.settle();
    }

    /// Clicks a radio button or checkbox by its label.
    pub fn pick(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.settle();
    }

    /// The role of the text field labelled `label`: one line, several lines, or a password.
    fn field_role(&self, label: &str) -> Role {
        [Role::PasswordInput, Role::MultilineTextInput]
            .into_iter()
            .find(|role| self.harness.query_by_role_and_label(*role, label).is_some())
            .unwrap_or(Role::TextInput)
    }

    /// Types into the text or password field labelled `label`.
    pub fn type_into(&mut self, label: &str, text: &str) {
        let role = self.field_role(label);
        self.harness.get_by_role_and_label(role, label).focus();
        self.harness.run_ok();
        self.harness
            .get_by_role_and_label(role, label)
            .type_text(text);
        self.settle();
    }

    /// Replaces what the field labelled `label` holds with `text`.
    pub fn replace_text(&mut self, label: &str, text: &str) {
        let role = self.field_role(label);
        self.harness.get_by_role_and_label(role, label).focus();
        self.harness.run_ok();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness
            .get_by_role_and_label(role, label)
            .type_text(text);
        self.settle();
    }

    pub fn key(&mut self, key: egui::Key) {
        self.harness.key_press(key);
        self.settle();
    }

    /// Every text the accessibility tree exposes now: labels, values and descriptions, as
    /// a screen reader would read them.
    pub fn all_texts(&self) -> Vec<String> {
        use egui_kittest::kittest::NodeT as _;
        self.harness
            .root()
            .children_recursive()
            .flat_map(|node| {
                let node = node.accesskit_node();
                [node.label(), node.value(), node.description()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<String>>()
            })
            .collect()
    }

    /// Whether some node's label contains `text`.
    pub fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    /// Makes a profile through the welcome and profile screens (Indonesian interface).
    pub fn create_profile(&mut self, employee_id: &str, name: &str, department: &str) {
        if self.shows("Saya mengerti, lanjutkan") {
            self.click("Saya mengerti, lanjutkan");
        }
        if self.shows("Buat profil baru") {
            self.click("Buat profil baru");
        }
        self.type_into("ID karyawan", employee_id);
        self.type_into("Nama tampilan", name);
        if !department.is_empty() {
            self.type_into("Departemen (opsional)", department);
        }
        self.click("Buat profil");
    }

    /// A read-only handle on the store the app writes (opened fresh, as another process would).
    pub fn store(&self) -> jaga::store::Store {
        jaga::store::Store::open(&self.data, t0())
            .expect("store opens")
            .0
    }
}
