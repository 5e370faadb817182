//! Author mode's panels: every problem of the folder, a preview of any module, lesson,
//! question or scenario node, scenario maps, and translation coverage.

use eframe::egui::{self, Pos2, Rect, RichText, Sense, Stroke, Vec2};

use super::{heading, muted, paragraph, title};
use crate::authoring::coverage::FindingKind;
use crate::authoring::map::{MapFinding, MapNodeKind, ScenarioMap};
use crate::authoring::workspace::FileStatus;
use crate::content::{Diagnostic, ItemRef, Module, NodeKind, QuestionKind, Severity};
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::state::AppView;
use crate::ui::state::author::{AuthorState, AuthorTab, AuthorView};
use crate::ui::theme::{self, Palette};

/// Choosing the folder to work on.
pub fn open_form(ui: &mut egui::Ui, shared: &AppView, path: &mut String, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &tr(lang, "author-open-title"));
    paragraph(ui, &tr(lang, "author-open-intro"));
    if shared.native_dialogs && ui.button(tr(lang, "author-choose-folder")).clicked() {
        out.push(Command::ChooseAuthorFolder);
    }
    let label = ui.label(tr(lang, "author-folder"));
    ui.add(egui::TextEdit::singleline(path).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if ui
        .add(theme::primary(ui, tr(lang, "author-open")))
        .clicked()
        && !path.trim().is_empty()
    {
        out.push(Command::OpenAuthor(path.trim().into()));
    }
}

pub fn show(ui: &mut egui::Ui, shared: &AppView, state: &mut AuthorState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let Some(view) = shared.author.clone() else {
        ui.spinner();
        return;
    };
    ui.add_space(theme::GAP);
    heading(ui, &tr(lang, "author-title"));
    muted(ui, &view.dir.display().to_string());
    let palette = Palette::of(ui);
    let counts = trf(
        lang,
        "author-counts",
        &[
            ("errors", view.errors.to_string()),
            ("warnings", view.warnings.to_string()),
        ],
    );
    let color = if view.errors > 0 {
        palette.danger
    } else if view.warnings > 0 {
        palette.warning
    } else {
        palette.success
    };
    ui.label(RichText::new(counts).color(color).strong());
    if let Some(problem) = &view.folder_problem {
        ui.colored_label(palette.danger, problem);
    }
    ui.horizontal_wrapped(|ui| {
        for (tab, key) in [
            (AuthorTab::Diagnostics, "author-tab-diagnostics"),
            (AuthorTab::Preview, "author-tab-preview"),
            (AuthorTab::Maps, "author-tab-maps"),
            (AuthorTab::Translations, "author-tab-translations"),
        ] {
            if ui
                .selectable_label(state.tab == tab, tr(lang, key))
                .clicked()
            {
                state.tab = tab;
            }
        }
    });
    ui.separator();
    if state.module.is_none() {
        state.module = view.course.modules.first().map(|m| m.id.clone());
    }
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt(("author", state.tab as u8))
        .show(ui, |ui| match state.tab {
            AuthorTab::Diagnostics => diagnostics(ui, lang, &view, state, out),
            AuthorTab::Preview => preview(ui, shared, &view, state, out),
            AuthorTab::Maps => maps(ui, lang, &view, state, out),
            AuthorTab::Translations => translations(ui, lang, &view, state, out),
        });
}

/// Opens the preview at the item a diagnostic or a finding is about.
fn jump(view: &AuthorView, state: &mut AuthorState, item: &ItemRef, out: &mut Vec<Command>) {
    let Some(module_id) = &item.module else {
        return;
    };
    state.module = Some(module_id.clone());
    state.tab = AuthorTab::Preview;
    let Some(module) = view.course.module(module_id) else {
        return;
    };
    if let Some(lesson) = &item.lesson {
        state.lesson = module
            .lessons
            .iter()
            .position(|l| &l.id == lesson)
            .unwrap_or(0);
    }
    if let Some(question) = &item.question
        && module.question(question).is_some()
    {
        out.push(Command::PreviewQuestion {
            module: module_id.clone(),
            question: question.clone(),
            node: item.node.clone(),
        });
    }
}

fn diagnostics(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    if view.errors + view.warnings == 0 {
        ui.colored_label(palette.success, tr(lang, "author-clean"));
    }
    for file in &view.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(&file.label).strong());
                if let FileStatus::Broken {
                    playing_last_good: true,
                } = file.status
                {
                    ui.label(
                        RichText::new(tr(lang, "author-stale"))
                            .small()
                            .color(palette.warning),
                    );
                }
            });
            for diagnostic in &file.diagnostics {
                diagnostic_entry(ui, lang, diagnostic, view, state, out);
            }
        });
    }
}

fn diagnostic_entry(
    ui: &mut egui::Ui,
    lang: Lang,
    diagnostic: &Diagnostic,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    let color = match diagnostic.severity {
        Severity::Error => palette.danger,
        Severity::Warning => palette.warning,
    };
    // The same text the command line prints.
    let rendered = diagnostic.render();
    let mut lines = rendered.lines();
    let header = lines.next().unwrap_or_default();
    ui.add(egui::Label::new(RichText::new(header).color(color)).wrap());
    let snippet: Vec<&str> = lines.collect();
    if !snippet.is_empty() {
        ui.add(egui::Label::new(RichText::new(snippet.join("\n")).monospace()).extend());
    }
    if let Some(item) = &diagnostic.item
        && item.module.is_some()
        && ui
            .add(egui::Button::new(tr(lang, "author-show")).small())
            .on_hover_text(header)
            .clicked()
    {
        jump(view, state, item, out);
    }
    ui.add_space(theme::GAP / 2.0);
}

fn module_picker(ui: &mut egui::Ui, lang: Lang, view: &AuthorView, state: &mut AuthorState) {
    let code = lang.code();
    let current = state
        .module
        .as_ref()
        .and_then(|id| view.course.module(id))
        .map_or_else(String::new, |m| m.title.get(code).to_owned());
    let label = ui.label(tr(lang, "author-module"));
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(current)
        .width(360.0)
        .show_ui(ui, |ui| {
            for module in &view.course.modules {
                let mut text = module.title.get(code).to_owned();
                if view.stale.contains(&module.id) {
                    text.push_str(" ⚠");
                }
                if ui
                    .selectable_label(state.module.as_ref() == Some(&module.id), text)
                    .clicked()
                {
                    state.module = Some(module.id.clone());
                    state.lesson = 0;
                }
            }
        })
        .response
        .labelled_by(label.id);
}

fn preview(
    ui: &mut egui::Ui,
    shared: &AppView,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    ui.horizontal_wrapped(|ui| {
        module_picker(ui, lang, view, state);
        ui.checkbox(&mut state.side_by_side, tr(lang, "author-side-by-side"));
    });
    let Some(module) = state
        .module
        .as_ref()
        .and_then(|id| view.course.module(id))
        .cloned()
    else {
        muted(ui, &tr(lang, "author-nothing-to-preview"));
        return;
    };
    if view.stale.contains(&module.id) {
        ui.colored_label(Palette::of(ui).warning, tr(lang, "author-stale-preview"));
    }
    // Both of the module's first two languages, or the interface language.
    let langs: Vec<Lang> = if state.side_by_side {
        module
            .languages
            .iter()
            .filter_map(|l| Lang::from_code(l))
            .take(2)
            .collect()
    } else {
        vec![lang]
    };
    title(ui, &tr(lang, "author-lessons"));
    ui.horizontal_wrapped(|ui| {
        for (i, lesson) in module.lessons.iter().enumerate() {
            let text = format!("{}. {}", i + 1, lesson.title.get(lang.code()));
            if ui.selectable_label(state.lesson == i, text).clicked() {
                state.lesson = i;
            }
        }
    });
    if let Some(lesson) = module.lessons.get(state.lesson) {
        side_by_side(ui, &langs, |ui, lang| {
            heading(ui, lesson.title.get(lang.code()));
            for block in &lesson.blocks {
                super::lessons::draw_block(ui, lang, &shared.images, block);
            }
        });
    }
    ui.add_space(theme::GAP_LARGE);
    ui.horizontal(|ui| {
        title(ui, &tr(lang, "author-questions"));
        if ui
            .add(theme::primary(ui, tr(lang, "author-play-quiz")))
            .clicked()
        {
            out.push(Command::PreviewQuiz(module.id.clone()));
        }
    });
    for question in &module.assessment.questions {
        question_preview(ui, lang, &langs, &module, question, out);
    }
}

/// Draws `add` once per language, in columns when there are several.
fn side_by_side(ui: &mut egui::Ui, langs: &[Lang], mut add: impl FnMut(&mut egui::Ui, Lang)) {
    if langs.len() > 1 {
        ui.columns(langs.len(), |cols| {
            for (col, lang) in cols.iter_mut().zip(langs) {
                col.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    add(ui, *lang);
                });
            }
        });
    } else if let Some(lang) = langs.first() {
        add(ui, *lang);
    }
}

fn question_preview(
    ui: &mut egui::Ui,
    lang: Lang,
    langs: &[Lang],
    module: &Module,
    question: &crate::content::Question,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&question.id)
                    .monospace()
                    .color(palette.text_muted),
            );
            if ui
                .button(tr(lang, "author-play"))
                .on_hover_text(&question.id)
                .clicked()
            {
                out.push(Command::PreviewQuestion {
                    module: module.id.clone(),
                    question: question.id.clone(),
                    node: None,
                });
            }
        });
        side_by_side(ui, langs, |ui, lang| {
            let code = lang.code();
            ui.label(RichText::new(question.prompt.get(code)).strong());
            match &question.kind {
                QuestionKind::SingleChoice { choices }
                | QuestionKind::MultipleChoice { choices, .. } => {
                    for choice in choices {
                        let (mark, color) = if choice.correct {
                            ("✔", palette.success)
                        } else {
                            ("✖", palette.danger)
                        };
                        ui.horizontal_top(|ui| {
                            ui.label(RichText::new(mark).color(color));
                            ui.vertical(|ui| {
                                paragraph(ui, choice.text.get(code));
                                if let Some(f) = &choice.feedback {
                                    muted(ui, f.get(code));
                                }
                            });
                        });
                    }
                }
                QuestionKind::TrueFalse { answer, .. } => {
                    let right = tr(lang, if *answer { "quiz-true" } else { "quiz-false" });
                    ui.label(RichText::new(format!("✔ {right}")).color(palette.success));
                }
                QuestionKind::Scenario(scenario) => {
                    for node in &scenario.nodes {
                        ui.horizontal_top(|ui| {
                            let is_step = matches!(node.kind, NodeKind::Step { .. });
                            if is_step
                                && ui
                                    .small_button(tr(lang, "author-play-from"))
                                    .on_hover_text(&node.id)
                                    .clicked()
                            {
                                out.push(Command::PreviewQuestion {
                                    module: module.id.clone(),
                                    question: question.id.clone(),
                                    node: Some(node.id.clone()),
                                });
                            }
                            ui.label(RichText::new(&node.id).monospace());
                            paragraph(ui, node.text.get(code));
                        });
                    }
                }
            }
        });
    });
}

fn maps(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    if state.map_file.is_none() {
        state.map_file = view
            .files
            .iter()
            .find(|f| !f.maps.is_empty())
            .map(|f| f.path.clone());
    }
    let label = ui.label(tr(lang, "author-file"));
    let current = state
        .map_file
        .as_ref()
        .and_then(|p| view.files.iter().find(|f| &f.path == p))
        .map_or_else(String::new, |f| f.label.clone());
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(current)
        .width(420.0)
        .show_ui(ui, |ui| {
            for file in view.files.iter().filter(|f| !f.maps.is_empty()) {
                if ui
                    .selectable_label(state.map_file.as_ref() == Some(&file.path), &file.label)
                    .clicked()
                {
                    state.map_file = Some(file.path.clone());
                }
            }
        })
        .response
        .labelled_by(label.id);
    paragraph(ui, &tr(lang, "author-map-legend"));
    let Some(file) = state
        .map_file
        .as_ref()
        .and_then(|p| view.files.iter().find(|f| &f.path == p))
    else {
        muted(ui, &tr(lang, "author-no-scenarios"));
        return;
    };
    if file.maps.is_empty() {
        muted(ui, &tr(lang, "author-no-scenarios"));
    }
    if file.maps_stale {
        ui.colored_label(Palette::of(ui).warning, tr(lang, "author-stale-map"));
    }
    let module_id = file.module_id.clone().unwrap_or_default();
    for map in &file.maps {
        theme::card(ui).show(ui, |ui| {
            title(ui, map.title.get(lang.code()));
            if let Some(node) = draw_map(ui, lang, map) {
                out.push(Command::PreviewQuestion {
                    module: module_id.clone(),
                    question: map.question.clone(),
                    node: Some(node),
                });
            }
            let palette = Palette::of(ui);
            for finding in &map.findings {
                // A loop a learner can leave is a design choice; the rest are problems.
                let color = match finding {
                    MapFinding::Loop { trap: false, .. } => palette.info,
                    _ => palette.danger,
                };
                ui.colored_label(color, finding_text(lang, map, finding));
            }
        });
    }
}

/// The finding in words, naming the nodes.
fn finding_text(lang: Lang, map: &ScenarioMap, finding: &MapFinding) -> String {
    let name = |i: &usize| map.nodes.get(*i).map_or("?", |n| n.id.as_str()).to_owned();
    match finding {
        MapFinding::MissingStart => tr(lang, "map-missing-start"),
        MapFinding::NoEnding => tr(lang, "map-no-ending"),
        MapFinding::Unreachable { node } => trf(lang, "map-unreachable", &[("node", name(node))]),
        MapFinding::DeadEnd { node, .. } => trf(lang, "map-dead-end", &[("node", name(node))]),
        MapFinding::Loop { nodes, trap } => trf(
            lang,
            if *trap { "map-trap" } else { "map-loop" },
            &[(
                "nodes",
                nodes.iter().map(name).collect::<Vec<_>>().join(" → "),
            )],
        ),
        MapFinding::MissingTarget { edge } => trf(
            lang,
            "map-missing-target",
            &[(
                "node",
                map.edges
                    .get(*edge)
                    .map_or_else(String::new, |e| e.target.clone()),
            )],
        ),
    }
}

const UNIT_X: f32 = 200.0;
const UNIT_Y: f32 = 120.0;
const NODE: Vec2 = Vec2::new(160.0, 58.0);
/// Room around the map: half a box each side, and a little more.
const MARGIN_X: f32 = 100.0;
const MARGIN_Y: f32 = 50.0;

/// Draws a scenario as boxes and arrows; returns the node clicked, if any.
fn draw_map(ui: &mut egui::Ui, lang: Lang, map: &ScenarioMap) -> Option<String> {
    let palette = Palette::of(ui);
    #[expect(clippy::cast_precision_loss, reason = "a handful of layers")]
    let size = Vec2::new(
        (map.width * UNIT_X + 2.0 * MARGIN_X).max(ui.available_width().min(600.0)),
        (map.layers.max(1) - 1) as f32 * UNIT_Y + 2.0 * MARGIN_Y,
    );
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let at = |p: crate::authoring::map::Point| {
        rect.min + Vec2::new(MARGIN_X + p.x * UNIT_X, MARGIN_Y + p.y * UNIT_Y)
    };
    let painter = ui.painter_at(rect);
    // Arrows first, under the boxes.
    for edge in &map.edges {
        let points: Vec<Pos2> = edge.route.iter().map(|p| at(*p)).collect();
        if points.len() < 2 {
            continue;
        }
        let color = if edge.to.is_none() {
            palette.danger
        } else if edge.back {
            palette.warning
        } else if edge.in_loop {
            palette.info
        } else {
            palette.text_muted
        };
        let stroke = Stroke::new(1.6, color);
        for pair in points.windows(2) {
            painter.line_segment([pair[0], pair[1]], stroke);
        }
        // An arrowhead where the arrow meets the box of its target.
        let (from, to) = (points[points.len() - 2], points[points.len() - 1]);
        let direction = (to - from).normalized();
        let tip = if edge.to.is_some() {
            to - direction * (NODE.y / 2.0 + 2.0) / direction.y.abs().clamp(0.35, 1.0)
        } else {
            to
        };
        let wing = Vec2::new(-direction.y, direction.x) * 5.0;
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                tip - direction * 10.0 + wing,
                tip - direction * 10.0 - wing,
            ],
            color,
            Stroke::NONE,
        ));
        if edge.points != 0 {
            let middle = points[points.len() / 2 - usize::from(points.len().is_multiple_of(2))]
                .lerp(points[points.len() / 2], 0.5);
            painter.text(
                middle,
                egui::Align2::CENTER_CENTER,
                format!("{:+}", edge.points),
                egui::FontId::proportional(13.0),
                if edge.points > 0 {
                    palette.success
                } else {
                    palette.danger
                },
            );
        }
    }
    let mut clicked = None;
    for (i, node) in map.nodes.iter().enumerate() {
        let center = at(node.pos);
        let node_rect = Rect::from_center_size(center, NODE);
        let (fill, mut stroke) = match node.kind {
            MapNodeKind::Ending { score } if score > 0 => {
                (palette.success_bg, Stroke::new(1.0, palette.success))
            }
            MapNodeKind::Ending { .. } => (palette.danger_bg, Stroke::new(1.0, palette.danger)),
            MapNodeKind::Step => (palette.surface, Stroke::new(1.0, palette.border)),
        };
        if node.in_loop {
            stroke = Stroke::new(2.0, palette.info);
        }
        if node.dead_end.is_some() {
            stroke = Stroke::new(2.5, palette.warning);
        }
        if !node.reachable {
            stroke = Stroke::new(2.5, palette.danger);
        }
        if map.start == Some(i) {
            stroke = Stroke::new(2.5, palette.accent);
        }
        painter.rect(node_rect, 8.0, fill, stroke, egui::StrokeKind::Inside);
        let text = node.text.get(lang.code());
        let short: String = text.chars().take(38).collect();
        let short = if text.chars().count() > 38 {
            format!("{short}…")
        } else {
            short
        };
        painter.text(
            node_rect.center_top() + Vec2::new(0.0, 12.0),
            egui::Align2::CENTER_CENTER,
            &node.id,
            egui::FontId::new(13.0, theme::semibold()),
            palette.text,
        );
        let galley = painter.layout(
            short,
            egui::FontId::proportional(11.0),
            palette.text_muted,
            NODE.x - 12.0,
        );
        painter.galley(
            node_rect.left_top() + Vec2::new(6.0, 22.0),
            galley,
            palette.text_muted,
        );
        let response = ui
            .interact(
                node_rect,
                ui.scope_id().with(("map-node", &map.question, i)),
                Sense::click(),
            )
            .on_hover_text(text);
        let status = if !node.reachable {
            tr(lang, "map-label-unreachable")
        } else if node.dead_end.is_some() {
            tr(lang, "map-label-dead-end")
        } else {
            String::new()
        };
        let label = format!("{} {status}", node.id).trim().to_owned();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if response.clicked() && matches!(node.kind, MapNodeKind::Step) {
            clicked = Some(node.id.clone());
        }
    }
    clicked
}

fn translations(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    paragraph(ui, &tr(lang, "author-coverage-intro"));
    egui::Grid::new("coverage")
        .striped(true)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, "author-module")).strong());
            for language in &view.languages {
                ui.label(RichText::new(language).strong());
            }
            ui.end_row();
            for file in &view.files {
                let Some(coverage) = &file.coverage else {
                    continue;
                };
                let name = file
                    .title
                    .as_ref()
                    .map_or_else(|| file.label.clone(), |t| t.get(lang.code()).to_owned());
                ui.label(name);
                for language in &view.languages {
                    match coverage.language(language) {
                        Some(c) if c.is_complete() => {
                            ui.colored_label(palette.success, format!("✔ {}", c.present));
                        }
                        Some(c) => {
                            ui.colored_label(
                                palette.warning,
                                trf(
                                    lang,
                                    "author-coverage-cell",
                                    &[
                                        ("missing", c.missing.to_string()),
                                        ("empty", c.empty.to_string()),
                                        ("unchanged", c.unchanged.to_string()),
                                    ],
                                ),
                            );
                        }
                        None => {
                            ui.label("–");
                        }
                    }
                }
                ui.end_row();
            }
        });
    ui.add_space(theme::GAP);
    for file in &view.files {
        let Some(coverage) = &file.coverage else {
            continue;
        };
        for finding in &coverage.findings {
            let kind = match finding.kind {
                FindingKind::Missing => "author-finding-missing",
                FindingKind::Empty => "author-finding-empty",
                FindingKind::Unchanged { .. } => "author-finding-unchanged",
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{}:{}:{}",
                        file.label, finding.line, finding.column
                    ))
                    .monospace(),
                );
                ui.colored_label(
                    palette.warning,
                    trf(
                        lang,
                        kind,
                        &[
                            ("language", finding.language.clone()),
                            ("what", finding.what.to_owned()),
                        ],
                    ),
                );
                if finding.item.module.is_some()
                    && ui
                        .add(egui::Button::new(tr(lang, "author-show")).small())
                        .on_hover_text(&finding.path)
                        .clicked()
                {
                    jump(view, state, &finding.item, out);
                }
            });
        }
    }
}
