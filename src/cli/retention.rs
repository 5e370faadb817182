//! `jaga retention`: the manager's retention view on a terminal. Per module, the share of
//! refresher answers right by days since the pass, then the questions whose knowledge
//! fades fastest; `--set-desired` sets the desired retention the schedule aims at.
//!
//! One tab-separated line per figure, in the chosen language, so it reads on a terminal
//! and pastes into a spreadsheet.

use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use std::io::Write;

use super::{Cli, EXIT_CANNOT_RUN, one_field, open_store_at, output_result};
use crate::content;
use crate::engine::review::RETENTION_RANGE;
use crate::i18n::{tr, trf};
use crate::lang::Lang;
use crate::service::retention::{RetentionView, whole_percent};

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Only the learners of this department.
    #[arg(long, value_name = "NAME")]
    pub department: Option<String>,
    /// Only this module (its id).
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
    /// Set the desired retention of refreshers first: the share of questions a learner
    /// should still answer right when they come back, 0.70 to 0.97 (0.90 by default).
    #[arg(long, value_name = "SHARE")]
    pub set_desired: Option<f64>,
    /// The language of the words, module titles and questions.
    #[arg(long, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
}

pub fn run(cli: &Cli, args: &RetentionArgs) -> anyhow::Result<ExitCode> {
    let lang = args.lang;
    let loaded = content::load(&cli.content_source())?;
    let mut store = open_store_at(
        cli,
        &super::data_dir(cli)?,
        "show the retention view",
        Utc::now(),
    )?;
    if let Some(desired) = args.set_desired {
        let (low, high) = RETENTION_RANGE;
        if !(low..=high).contains(&desired) {
            errln!(
                "jaga: error: {}",
                trf(
                    lang,
                    "retention-desired-invalid",
                    &[
                        ("low", whole_percent(low).to_string()),
                        ("high", whole_percent(high).to_string()),
                    ],
                )
            );
            return Ok(ExitCode::from(EXIT_CANNOT_RUN));
        }
        store.set_refresher_retention(desired)?;
        errln!(
            "{}",
            trf(
                lang,
                "retention-desired-saved",
                &[("percent", whole_percent(desired).to_string())],
            )
        );
    }
    let view = RetentionView::load(
        &store,
        &loaded.course,
        lang.code(),
        args.department.as_deref(),
    )?;
    let mut out = std::io::stdout().lock();
    row(&mut out, &[tr(lang, "retention-heading-cli")])?;
    row(
        &mut out,
        &[
            tr(lang, "retention-desired"),
            format!("{} %", whole_percent(view.desired)),
        ],
    )?;
    let module = args.module.as_deref();
    let curves: Vec<_> = view
        .modules
        .iter()
        .filter(|m| module.is_none_or(|id| m.module_id == id))
        .collect();
    for curve in &curves {
        row(&mut out, &[curve.title.clone(), curve.total_words(lang)])?;
        for point in &curve.points {
            row(
                &mut out,
                &[
                    curve.title.clone(),
                    point.span.words(lang),
                    point.words(lang),
                ],
            )?;
        }
    }
    if curves.is_empty() {
        row(&mut out, &[view.none_words(lang)])?;
    }
    row(&mut out, &[tr(lang, "retention-decaying")])?;
    let fading: Vec<_> = view
        .decaying
        .iter()
        .filter(|q| module.is_none_or(|id| q.module_id == id))
        .collect();
    for q in &fading {
        row(
            &mut out,
            &[q.module_title.clone(), q.prompt.clone(), q.words(lang)],
        )?;
    }
    if fading.is_empty() {
        row(&mut out, &[tr(lang, "retention-decaying-none")])?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of tab-separated fields; a field's own control characters become spaces.
fn row(out: &mut impl Write, fields: &[String]) -> anyhow::Result<()> {
    let fields: Vec<String> = fields.iter().map(|f| one_field(f)).collect();
    output_result(writeln!(out, "{}", fields.join("\t")))
}
