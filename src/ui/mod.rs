//! The desktop window. The only part of Jaga that imports egui.

use std::process::ExitCode;

use eframe::egui;

use crate::cli::Cli;
use crate::content::{self, Course};

/// Opens the window and runs until it is closed.
pub fn run(cli: &Cli) -> ExitCode {
    let source = cli.content_source();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Jaga")
            .with_inner_size([960.0, 680.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Jaga",
        options,
        Box::new(move |_cc| {
            let course = content::load(&source).map(|l| l.course).unwrap_or_default();
            Ok(Box::new(App { course }))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jaga: cannot open the window: {error}");
            ExitCode::from(crate::cli::EXIT_CANNOT_RUN)
        }
    }
}

/// The application state behind the window.
pub struct App {
    course: Course,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Jaga");
            for module in &self.course.modules {
                ui.label(module.title.get("id"));
            }
        });
    }
}
