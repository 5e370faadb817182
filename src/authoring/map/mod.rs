//! Scenario maps: a branching scenario as a picture an author understands at a glance.
//!
//! A scenario in a file is a list of nodes that name each other by id; whether every node
//! can be reached, every path ends, and where the story loops is hard to see in text. This
//! module turns a scenario into plain data a painter can draw: each node at a place in a
//! layered drawing, each choice an arrow with its id, text, points and the points to draw
//! it through, and the findings (unreachable nodes, dead ends, loops, choices to nowhere)
//! marked on the nodes and edges they are about. It never draws; the window does.
//!
//! Maps are built from a checked [`Scenario`] ([`ScenarioMap::of_scenario`]) or from the
//! parsed text of a file that has errors ([`maps_of_text`]), so an author can see the
//! broken scenario they are fixing, with choices to missing nodes shown as stubs.
//!
//! This file holds the map's types and builds them; `analysis` finds what is wrong with
//! the story and `layout` places it (a layered drawing, top to bottom, in abstract
//! units: `y` is the layer, `x` starts at 0, nodes [`NODE_GAP`] apart).

mod analysis;
mod layout;
mod shape;

use std::collections::HashMap;

use ron::extensions::Extensions;
use serde::Serialize;

use self::analysis::Analysis;
use self::layout::{Layout, layers};
use crate::content::load::MAX_NESTING;
use crate::content::model::{Module, NodeKind, QuestionKind, Scenario, Text};
use crate::content::raw::{RawModule, RawNode, RawQuestion, ScenarioScoring};
use crate::content::source::{Path, SourceMap, line_col};

pub use self::layout::NODE_GAP;
pub use self::shape::{DeadEnd, MapFinding, Place, Point};
use self::shape::{Shape, ShapeChoice, ShapeNode};

/// Why a map could not be built from a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("the file could not be parsed ({message}); fix the syntax error first")]
    Unparsable { message: String },
}

/// One scenario, laid out.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioMap {
    /// The id of the scenario question.
    pub question: String,
    pub title: Text,
    pub scoring: ScenarioScoring,
    /// The start node; `None` when the start names a node that does not exist.
    pub start: Option<usize>,
    /// The id the scenario names as its start.
    pub start_id: String,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    /// The number of layers (the drawing is `layers - 1` units high).
    pub layers: usize,
    /// The drawing's width in units (from the leftmost to the rightmost point).
    pub width: f32,
    /// Every problem, in node order.
    pub findings: Vec<MapFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapNode {
    pub id: String,
    pub text: Text,
    pub kind: MapNodeKind,
    /// The layer, 0 at the top.
    pub layer: usize,
    /// The node's rank among the nodes and bend points of its layer, left to right.
    pub order: usize,
    /// The node's centre.
    pub pos: Point,
    /// Whether a learner can get here from the start node.
    pub reachable: bool,
    pub dead_end: Option<DeadEnd>,
    /// Whether the node is part of a loop (a cycle of choices, or a choice to itself).
    pub in_loop: bool,
    /// Where the node is written, when the map was built from the file's text.
    pub place: Option<Place>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MapNodeKind {
    Step,
    Ending { score: u32 },
}

/// One choice: an arrow from a step.
#[derive(Debug, Clone, Serialize)]
pub struct MapEdge {
    pub from: usize,
    /// `None` when the choice names a node that does not exist.
    pub to: Option<usize>,
    /// The node id the choice names.
    pub target: String,
    pub choice: String,
    pub text: Text,
    /// The choice's points (counted only with Dynamic scoring).
    pub points: i32,
    /// The choice leads back to a node on the path to it: it closes a loop (drawn upwards,
    /// or as a small loop when `from == to`).
    pub back: bool,
    /// Both ends lie on the same loop.
    pub in_loop: bool,
    /// The points to draw the arrow through: the source's centre, bend points, the target's
    /// centre (for a choice to nowhere: a short stub below the source).
    pub route: Vec<Point>,
    pub place: Option<Place>,
}

/// The maps of every scenario in a checked module, in question order.
pub fn maps_of_module(module: &Module) -> Vec<ScenarioMap> {
    module
        .assessment
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Scenario(s) => Some(ScenarioMap::of_scenario(&q.id, &q.prompt, s)),
            _ => None,
        })
        .collect()
}

/// The maps of every scenario in a module file's text, which may have validation errors
/// (but must parse). Nodes and choices carry their place in the file.
pub fn maps_of_text(text: &str) -> Result<Vec<ScenarioMap>, GraphError> {
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    let raw: RawModule = options.from_str(text).map_err(|e| GraphError::Unparsable {
        message: format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code),
    })?;
    Ok(maps_of_raw(text, &raw))
}

/// The maps of every scenario in a parsed module; `text` is the file it came from.
pub fn maps_of_raw(text: &str, raw: &RawModule) -> Vec<ScenarioMap> {
    let map = SourceMap::build(text);
    let place = |path: &Path| {
        let span = map.locate(text, path);
        let (line, column) = line_col(text, span.start);
        Some(Place { line, column })
    };
    let mut maps = Vec::new();
    for (qi, question) in raw.assessment.questions.iter().enumerate() {
        let RawQuestion::Scenario {
            id,
            title,
            scoring,
            start,
            nodes,
            ..
        } = question
        else {
            continue;
        };
        let q_path = Path::root()
            .field("assessment")
            .field("questions")
            .index(qi);
        // The first node with an id wins, as in validation.
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            let (RawNode::Step { id, .. } | RawNode::Ending { id, .. }) = node;
            index.entry(id.as_str()).or_insert(i);
        }
        let shape_nodes = nodes
            .iter()
            .enumerate()
            .map(|(ni, node)| {
                let n_path = q_path.field("nodes").index(ni);
                match node {
                    RawNode::Step { id, text, choices } => ShapeNode {
                        id: id.clone(),
                        text: Text(text.clone()),
                        ending: None,
                        place: place(&n_path),
                        choices: choices
                            .iter()
                            .enumerate()
                            .map(|(ci, c)| ShapeChoice {
                                id: c.id.clone(),
                                text: Text(c.text.clone()),
                                target: c.to.clone(),
                                to: index.get(c.to.as_str()).copied(),
                                points: c.points,
                                place: place(&n_path.field("choices").index(ci)),
                            })
                            .collect(),
                    },
                    RawNode::Ending {
                        id, text, score, ..
                    } => ShapeNode {
                        id: id.clone(),
                        text: Text(text.clone()),
                        ending: Some(*score),
                        place: place(&n_path),
                        choices: Vec::new(),
                    },
                }
            })
            .collect();
        let shape = Shape {
            nodes: shape_nodes,
            start: index.get(start.as_str()).copied(),
            start_id: start.clone(),
        };
        maps.push(build(id, Text(title.clone()), *scoring, shape));
    }
    maps
}

impl ScenarioMap {
    /// The map of a checked scenario. `question` and `title` are the scenario question's
    /// id and title.
    pub fn of_scenario(question: &str, title: &Text, scenario: &Scenario) -> Self {
        let n = scenario.nodes.len();
        let nodes = scenario
            .nodes
            .iter()
            .map(|node| match &node.kind {
                NodeKind::Step { choices } => ShapeNode {
                    id: node.id.clone(),
                    text: node.text.clone(),
                    ending: None,
                    place: None,
                    choices: choices
                        .iter()
                        .map(|c| ShapeChoice {
                            id: c.id.clone(),
                            text: c.text.clone(),
                            target: scenario
                                .nodes
                                .get(c.to)
                                .map_or_else(String::new, |t| t.id.clone()),
                            to: (c.to < n).then_some(c.to),
                            points: c.points,
                            place: None,
                        })
                        .collect(),
                },
                NodeKind::Ending { score, .. } => ShapeNode {
                    id: node.id.clone(),
                    text: node.text.clone(),
                    ending: Some(*score),
                    place: None,
                    choices: Vec::new(),
                },
            })
            .collect();
        let shape = Shape {
            nodes,
            start: (scenario.start < n).then_some(scenario.start),
            start_id: scenario
                .nodes
                .get(scenario.start)
                .map_or_else(String::new, |s| s.id.clone()),
        };
        build(question, title.clone(), scenario.scoring, shape)
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Whether the map shows any problem.
    pub fn has_findings(&self) -> bool {
        !self.findings.is_empty()
    }
}

fn build(question: &str, title: Text, scoring: ScenarioScoring, shape: Shape) -> ScenarioMap {
    let n = shape.nodes.len();
    // Edges in node and choice order.
    let mut edges: Vec<(usize, Option<usize>)> = Vec::new();
    for (from, node) in shape.nodes.iter().enumerate() {
        for choice in &node.choices {
            edges.push((from, choice.to.filter(|&t| t < n)));
        }
    }
    let analysis = Analysis::of(&shape, &edges);

    let layer = layers(
        n,
        &edges,
        &analysis.back,
        &analysis.reachable,
        shape.start.is_some(),
    );
    let layout = Layout::new(n, &layer, &edges, &analysis.discovery);

    let nodes: Vec<MapNode> = shape
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| MapNode {
            id: node.id.clone(),
            text: node.text.clone(),
            kind: node
                .ending
                .map_or(MapNodeKind::Step, |score| MapNodeKind::Ending { score }),
            layer: layer[i],
            order: layout.order_of(i),
            pos: layout.pos(i),
            reachable: shape.start.is_some() && analysis.reachable[i],
            dead_end: analysis.dead_end[i],
            in_loop: analysis.in_loop[i],
            place: node.place,
        })
        .collect();
    let mut map_edges = Vec::with_capacity(edges.len());
    let choices = shape.nodes.iter().flat_map(|node| &node.choices);
    for (e, (choice, &(from, to))) in choices.zip(&edges).enumerate() {
        map_edges.push(MapEdge {
            from,
            to,
            target: choice.target.clone(),
            choice: choice.id.clone(),
            text: choice.text.clone(),
            points: choice.points,
            back: analysis.back[e],
            in_loop: analysis.edge_in_loop(from, to),
            route: layout.route(e, from, to),
            place: choice.place,
        });
    }
    ScenarioMap {
        question: question.to_owned(),
        title,
        scoring,
        start: shape.start,
        start_id: shape.start_id,
        layers: layer.iter().max().map_or(0, |l| l + 1),
        width: layout.width,
        nodes,
        edges: map_edges,
        findings: analysis.findings,
    }
}
