//! The desktop window. The only part of Jaga that imports egui.
//!
//! [`App`] holds the state and applies commands; `screens` draw; `worker` does every
//! slow thing on its own thread; `theme` and `i18n` hold the look and the words.

pub mod app;
pub mod command;
pub mod notify;
pub mod paths;
mod screens;
pub mod state;
pub mod theme;
mod worker;

use std::process::ExitCode;
use std::sync::Arc;

use eframe::egui;

pub use app::{App, AppConfig};

use crate::clock::{SystemClock, SystemEntropy};
use crate::content::ContentSource;

/// The exit code when the window cannot be opened (as the command line's "could not run").
const EXIT_CANNOT_OPEN: u8 = 2;

/// What the command line asked of the window.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: ContentSource,
    /// `--data` or `JAGA_DATA_DIR`; otherwise the platform's data folder.
    pub data_dir: Option<std::path::PathBuf>,
    /// Author mode on this folder.
    pub author: Option<std::path::PathBuf>,
    /// Author mode, asking for the folder.
    pub ask_author_folder: bool,
}

/// Opens the window and runs until it is closed.
pub fn run(options: Options) -> ExitCode {
    let Some(data_dir) = options.data_dir.or_else(crate::store::default_data_dir) else {
        eprintln!("jaga: error: no data folder: give one with --data DIR or JAGA_DATA_DIR");
        return ExitCode::from(EXIT_CANNOT_OPEN);
    };
    let policy = crate::policy::Loaded::system();
    for problem in &policy.problems {
        eprintln!("jaga: {}", problem.text(crate::lang::Lang::En));
    }
    let config = AppConfig {
        content: options.content,
        policy,
        data_dir,
        clock: Arc::new(SystemClock),
        entropy: Box::new(SystemEntropy),
        native_dialogs: true,
        notifier: Arc::new(notify::DesktopNotifier),
        author: options.author,
        ask_author_folder: options.ask_author_folder,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Jaga")
            .with_app_id("org.jaga.Jaga")
            .with_inner_size([1024.0, 720.0])
            .with_min_inner_size([480.0, 360.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Jaga",
        options,
        Box::new(move |cc| {
            // A SIGTERM (logout, shutdown) or SIGINT closes the window the normal way, so
            // `on_exit` writes every queued save before the process ends.
            let ctx = cc.egui_ctx.clone();
            let _ = ctrlc::set_handler(move || {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                ctx.request_repaint();
            });
            Ok(Box::new(App::new(cc, config)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jaga: error: cannot open the window: {error}");
            ExitCode::from(EXIT_CANNOT_OPEN)
        }
    }
}
