//! A bare eframe window built with Jaga's own eframe features: the baseline the startup
//! benchmark (`scripts/bench-startup.sh`) measures Jaga against.
//!
//! With `JAGA_BENCH_FIRST_FRAME=1` it prints the wall-clock time of its first drawn frame,
//! exactly as `jaga` does.

use std::time::{SystemTime, UNIX_EPOCH};

use eframe::egui;

struct Bare {
    reported: bool,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Bare eframe window");
        });
        if !self.reported {
            self.reported = true;
            if std::env::var_os("JAGA_BENCH_FIRST_FRAME").is_some() {
                let ms = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis());
                eprintln!("first-frame-epoch-ms={ms}");
            }
        }
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("bare")
            .with_inner_size([1024.0, 720.0]),
        ..Default::default()
    };
    eframe::run_native(
        "bare",
        options,
        Box::new(|_cc| Ok(Box::new(Bare { reported: false }))),
    )
}
