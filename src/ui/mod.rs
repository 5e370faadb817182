//! The desktop window. The only part of Jaga that imports egui.
//!
//! [`App`] holds the state and applies commands; `screens` draw; `worker` does every
//! slow thing on its own thread; `theme` and `i18n` hold the look and the words.

pub mod app;
pub mod command;
pub mod paths;
mod screens;
pub mod state;
pub mod theme;
mod worker;

use std::process::ExitCode;
use std::sync::Arc;

use eframe::egui;

pub use app::{App, AppConfig};

use crate::cli::Cli;
use crate::clock::{SystemClock, SystemEntropy};

/// Opens the window and runs until it is closed.
pub fn run(cli: &Cli) -> ExitCode {
    let Some(data_dir) = cli.data.clone().or_else(crate::store::default_data_dir) else {
        eprintln!("jaga: error: no data folder: give one with --data DIR or JAGA_DATA_DIR");
        return ExitCode::from(crate::cli::EXIT_CANNOT_RUN);
    };
    let config = AppConfig {
        content: cli.content_source(),
        data_dir,
        clock: Arc::new(SystemClock),
        entropy: Box::new(SystemEntropy),
        native_dialogs: true,
        author: cli.author.then(|| cli.author_folder()).flatten(),
        ask_author_folder: cli.author && cli.author_folder().is_none(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Jaga")
            .with_app_id("jaga")
            .with_inner_size([1024.0, 720.0])
            .with_min_inner_size([480.0, 360.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Jaga",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, config)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jaga: error: cannot open the window: {error}");
            ExitCode::from(crate::cli::EXIT_CANNOT_RUN)
        }
    }
}
