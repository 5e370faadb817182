//! Author mode's maps tab: picking a file, then each of its scenarios drawn as boxes and
//! arrows from its [`ScenarioMap`], with the map's findings in words. Drawing a map is the
//! one piece of the author screen that paints by hand, so it has its own file.

use eframe::egui::{self, Pos2, Rect, Sense, Stroke, Vec2};

use crate::authoring::map::{MapFinding, MapNodeKind, Point, ScenarioMap};
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::author::{AuthorState, AuthorView};
use crate::ui::theme::{self, Palette};

pub(super) fn maps(
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
    let at = |p: Point| rect.min + Vec2::new(MARGIN_X + p.x * UNIT_X, MARGIN_Y + p.y * UNIT_Y);
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
