//! A Moodle GIFT file from bytes, imported as `jaga gift import` does, in both languages.
//! The module an import makes is built to validate, so it must: a module that does not is
//! a finding (the command line refuses to write it and calls it a bug). A module that
//! validates is exported back to GIFT, and that text parsed again.

#![no_main]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a fuzz target fails loudly: a panic is how libFuzzer hears of a finding"
)]

use jaga::content::load::parse_module;
use jaga::content::validate::{AssetLookup, ImageProblem};
use jaga::gift::{self, ImportOptions, Lang};
use libfuzzer_sys::fuzz_target;

/// Images are not part of a GIFT import.
struct NoImages;

impl AssetLookup for NoImages {
    fn check(&self, _path: &str) -> Result<(), ImageProblem> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(file) = gift::parse_bytes(data) else {
        return;
    };
    let _ = file.questions().count();
    let _ = file.categories().count();
    for lang in [Lang::Id, Lang::En] {
        let options = ImportOptions {
            module_id: "fuzz-bank",
            lang,
            source_name: "fuzz.gift",
            module_file: "fuzz-bank.ron",
        };
        let Ok(imported) = gift::import(&file, &options) else {
            continue;
        };
        let (module, diagnostics) =
            parse_module("fuzz-bank.ron", imported.ron.as_bytes(), &NoImages);
        let Some(module) = module else {
            panic!(
                "an imported module does not validate:\n{}\n--- module ---\n{}",
                jaga::content::diagnostic::render_all(&diagnostics, jaga::lang::Lang::En),
                imported.ron
            );
        };
        if let Ok(exported) = gift::export(&module, lang.code()) {
            let _ = gift::parse(&exported.gift);
        }
    }
});
