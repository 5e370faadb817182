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
//! # Layout
//!
//! A simple layered (Sugiyama-style) drawing, top to bottom:
//!
//! 1. A depth-first walk from the start node (then from any node not yet seen, in file
//!    order) marks *back edges*: choices that lead to a node still on the walk's path.
//!    They close loops; the rest of the graph is acyclic.
//! 2. Layers by longest path over the acyclic part, so every forward choice points down
//!    and the start node is on top. Unreachable nodes are layered among themselves.
//! 3. A choice that spans several layers gets a bend point in each layer between, so it
//!    is routed around nodes rather than through them.
//! 4. Crossing reduction: a few sweeps down and up ordering each layer by the mean
//!    position of its neighbours (the barycenter heuristic), keeping the order with the
//!    fewest crossings.
//! 5. Horizontal places: each node moves towards the mean of its neighbours, keeping the
//!    order and a gap of [`NODE_GAP`] between nodes (smaller gaps for bend points).
//!
//! Coordinates are in abstract units: `y` is the layer, `x` starts at 0. A node drawn
//! at most 0.8 units wide never overlaps another node or a routed choice.

use std::collections::{HashMap, VecDeque};

use ron::extensions::Extensions;
use serde::Serialize;

use crate::content::load::MAX_NESTING;
use crate::content::model::{Module, NodeKind, QuestionKind, Scenario, Text};
use crate::content::raw::{RawModule, RawNode, RawQuestion, ScenarioScoring};
use crate::content::source::{Path, SourceMap, line_col};

/// The horizontal distance between the centres of two nodes in one layer.
pub const NODE_GAP: f32 = 1.0;
/// The horizontal distance between a bend point and a node centre.
const BEND_NODE_GAP: f32 = 0.6;
/// The horizontal distance between two bend points.
const BEND_GAP: f32 = 0.3;
/// Long choices get no bend points beyond this many in one scenario; they are then drawn
/// straight. Real scenarios have a few dozen nodes.
const MAX_BENDS: usize = 20_000;
/// Barycenter sweeps (each one down and one up).
const SWEEPS: usize = 8;

/// Why a map could not be built from a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("the file could not be parsed ({message}); fix the syntax error first")]
    Unparsable { message: String },
}

/// A 1-based line and column in the module file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub line: usize,
    pub column: usize,
}

/// A point in layout units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
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

/// Why a learner who reaches a step cannot finish the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeadEnd {
    /// A step without choices.
    NoChoices,
    /// Every path from here loops or leads nowhere; no ending can be reached.
    NoWayToEnding,
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

/// A problem the map shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MapFinding {
    /// The start id names no node.
    MissingStart,
    /// The scenario has no Ending node.
    NoEnding,
    Unreachable {
        node: usize,
    },
    DeadEnd {
        node: usize,
        kind: DeadEnd,
    },
    /// A loop: a set of nodes that lead to each other, or a step with a choice to itself.
    /// `trap` when no ending can be reached from it.
    Loop {
        nodes: Vec<usize>,
        trap: bool,
    },
    /// A choice names a node that does not exist.
    MissingTarget {
        edge: usize,
    },
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

/// A scenario reduced to what the map needs, from either source.
struct Shape {
    nodes: Vec<ShapeNode>,
    start: Option<usize>,
    start_id: String,
}

struct ShapeNode {
    id: String,
    text: Text,
    ending: Option<u32>,
    choices: Vec<ShapeChoice>,
    place: Option<Place>,
}

struct ShapeChoice {
    id: String,
    text: Text,
    target: String,
    to: Option<usize>,
    points: i32,
    place: Option<Place>,
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
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in &edges {
        if let Some(to) = to {
            out[from].push(to);
            into[to].push(from);
        }
    }

    let reachable = reach(n, shape.start, &out);
    let endings: Vec<usize> = (0..n)
        .filter(|&i| shape.nodes[i].ending.is_some())
        .collect();
    let can_finish = reach_many(n, &endings, &into);
    let component = strongly_connected(n, &out);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &c) in component.iter().enumerate() {
        members[c].push(i);
    }
    let self_loop: Vec<bool> = (0..n).map(|i| out[i].contains(&i)).collect();
    let in_loop: Vec<bool> = (0..n)
        .map(|i| members[component[i]].len() > 1 || self_loop[i])
        .collect();
    let (back, discovery) = back_edges(n, shape.start, &edges);

    // Findings.
    let mut findings = Vec::new();
    if shape.start.is_none() {
        findings.push(MapFinding::MissingStart);
    }
    if endings.is_empty() && n > 0 {
        findings.push(MapFinding::NoEnding);
    }
    let dead_end: Vec<Option<DeadEnd>> = (0..n)
        .map(|i| {
            let node = &shape.nodes[i];
            if node.ending.is_some() {
                None
            } else if node.choices.is_empty() {
                Some(DeadEnd::NoChoices)
            } else if !can_finish[i] && !endings.is_empty() {
                Some(DeadEnd::NoWayToEnding)
            } else {
                None
            }
        })
        .collect();
    let mut loops_seen = vec![false; n];
    for i in 0..n {
        if shape.start.is_some() && !reachable[i] {
            findings.push(MapFinding::Unreachable { node: i });
        }
        if let Some(kind) = dead_end[i] {
            findings.push(MapFinding::DeadEnd { node: i, kind });
        }
        let c = component[i];
        if in_loop[i] && !loops_seen[c] {
            loops_seen[c] = true;
            let nodes = members[c].clone();
            let trap = !endings.is_empty() && nodes.iter().all(|&j| !can_finish[j]);
            findings.push(MapFinding::Loop { nodes, trap });
        }
    }
    for (e, &(_, to)) in edges.iter().enumerate() {
        if to.is_none() {
            findings.push(MapFinding::MissingTarget { edge: e });
        }
    }

    // Layout.
    let layer = layers(n, &edges, &back, &reachable, shape.start.is_some());
    let layout = Layout::new(n, &layer, &edges, &discovery);

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
            reachable: shape.start.is_some() && reachable[i],
            dead_end: dead_end[i],
            in_loop: in_loop[i],
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
            back: back[e],
            in_loop: to.is_some_and(|t| component[t] == component[from] && in_loop[from]),
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
        findings,
    }
}

fn reach(n: usize, start: Option<usize>, out: &[Vec<usize>]) -> Vec<bool> {
    reach_many(n, &start.into_iter().collect::<Vec<_>>(), out)
}

/// Which nodes can be reached from `starts`, breadth first.
fn reach_many(n: usize, starts: &[usize], next: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    for &s in starts {
        if s < n && !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &j in &next[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    seen
}

/// Tarjan's strongly connected components, without recursion: the component of each node.
fn strongly_connected(n: usize, out: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next child to visit)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if let Some(&w) = out[v].get(*child) {
                *child += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Depth-first from the start, then from each node not yet seen: which edges lead back to
/// a node on the current path, and the order nodes were first seen in.
fn back_edges(
    n: usize,
    start: Option<usize>,
    edges: &[(usize, Option<usize>)],
) -> (Vec<bool>, Vec<usize>) {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(from, _)) in edges.iter().enumerate() {
        out_edges[from].push(e);
    }
    // 0 unseen, 1 on the path, 2 done
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    let mut discovery = Vec::with_capacity(n);
    let roots = start.into_iter().chain(0..n);
    for root in roots {
        if root >= n || state[root] != 0 {
            continue;
        }
        state[root] = 1;
        discovery.push(root);
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut next)) = work.last_mut() {
            if let Some(&e) = out_edges[v].get(*next) {
                *next += 1;
                let Some(w) = edges[e].1 else { continue };
                match state[w] {
                    0 => {
                        state[w] = 1;
                        discovery.push(w);
                        work.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                work.pop();
            }
        }
    }
    (back, discovery)
}

/// Longest-path layers over the edges that are not back edges. Edges from unreachable
/// nodes do not push reachable nodes down, so the reachable story keeps its shape.
fn layers(
    n: usize,
    edges: &[(usize, Option<usize>)],
    back: &[bool],
    reachable: &[bool],
    has_start: bool,
) -> Vec<usize> {
    let counts = |e: usize, from: usize, to: usize| {
        !back[e] && from != to && (!has_start || reachable[from] == reachable[to])
    };
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(from, to)) in edges.iter().enumerate() {
        if let Some(to) = to
            && counts(e, from, to)
        {
            indegree[to] += 1;
            out[from].push(to);
        }
    }
    let mut layer = vec![0usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    layer
}

/// One slot in a layer: a node, or a bend point of an edge.
/// A slot and its layer, which together name it.
type SlotAt = (usize, Slot);

/// Two slots in adjacent layers that an edge joins.
type Link = (SlotAt, SlotAt);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    Node(usize),
    Bend { edge: usize },
}

struct Layout {
    /// Each layer's slots, left to right.
    rows: Vec<Vec<Slot>>,
    /// Each slot's x, parallel to `rows`.
    xs: Vec<Vec<f32>>,
    /// Where each node sits: (layer, rank).
    node_at: Vec<(usize, usize)>,
    /// Each edge's bend points, from the source's side: (layer, rank).
    bends: Vec<Vec<(usize, usize)>>,
    width: f32,
}

impl Layout {
    fn new(
        n: usize,
        layer: &[usize],
        edges: &[(usize, Option<usize>)],
        discovery: &[usize],
    ) -> Self {
        let layer_count = layer.iter().max().map_or(0, |l| l + 1);
        let mut rows: Vec<Vec<Slot>> = vec![Vec::new(); layer_count];
        for &v in discovery {
            rows[layer[v]].push(Slot::Node(v));
        }
        // Chains of slots each edge passes through, for crossing counts and x placement.
        let mut chains: Vec<Vec<Slot>> = vec![Vec::new(); edges.len()];
        let total_bends: usize = edges
            .iter()
            .filter_map(|&(from, to)| to.map(|t| layer[from].abs_diff(layer[t]).saturating_sub(1)))
            .sum();
        for (e, &(from, to)) in edges.iter().enumerate() {
            let Some(to) = to else { continue };
            let (a, b) = (layer[from], layer[to]);
            let mut chain = vec![Slot::Node(from)];
            if total_bends <= MAX_BENDS && a.abs_diff(b) > 1 {
                let between: Vec<usize> = if a < b {
                    (a + 1..b).collect()
                } else {
                    (b + 1..a).rev().collect()
                };
                for l in between {
                    rows[l].push(Slot::Bend { edge: e });
                    chain.push(Slot::Bend { edge: e });
                }
            }
            chain.push(Slot::Node(to));
            chains[e] = chain;
        }
        // Links between slots of adjacent layers: (upper layer, upper slot, lower slot).
        let slot_layer = |slot: Slot, chain_pos: usize, chain: &[Slot]| -> usize {
            match slot {
                Slot::Node(v) => layer[v],
                Slot::Bend { .. } => {
                    // The k-th bend of a chain sits k layers from the source.
                    let Slot::Node(first) = chain[0] else {
                        return 0;
                    };
                    let Some(&Slot::Node(last)) = chain.last() else {
                        return 0;
                    };
                    if layer[first] < layer[last] {
                        layer[first] + chain_pos
                    } else {
                        layer[first] - chain_pos
                    }
                }
            }
        };
        let mut links: Vec<Link> = Vec::new();
        for chain in &chains {
            for (k, pair) in chain.windows(2).enumerate() {
                let la = slot_layer(pair[0], k, chain);
                let lb = slot_layer(pair[1], k + 1, chain);
                if la.abs_diff(lb) == 1 {
                    links.push(((la, pair[0]), (lb, pair[1])));
                }
            }
        }
        let mut layout = Self {
            rows,
            xs: Vec::new(),
            node_at: vec![(0, 0); n],
            bends: vec![Vec::new(); edges.len()],
            width: 0.0,
        };
        layout.reduce_crossings(&links);
        layout.index();
        layout.place_x(&links);
        layout
    }

    fn rank_map(&self) -> HashMap<SlotAt, usize> {
        let mut rank = HashMap::new();
        for (l, row) in self.rows.iter().enumerate() {
            for (r, &slot) in row.iter().enumerate() {
                rank.insert((l, slot), r);
            }
        }
        rank
    }

    fn crossings(&self, links: &[Link]) -> usize {
        let rank = self.rank_map();
        let mut by_layer: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for &(a, b) in links {
            let (upper, lower) = if a.0 < b.0 { (a, b) } else { (b, a) };
            let (Some(&ru), Some(&rl)) = (rank.get(&upper), rank.get(&lower)) else {
                continue;
            };
            by_layer.entry(upper.0).or_default().push((ru, rl));
        }
        by_layer
            .into_values()
            .map(|mut pairs| {
                pairs.sort_unstable();
                inversions(pairs.into_iter().map(|(_, lower)| lower).collect())
            })
            .sum()
    }

    fn reduce_crossings(&mut self, links: &[Link]) {
        if self.rows.len() < 2 {
            return;
        }
        // Neighbours of each slot in the layer above and below.
        let mut above: HashMap<SlotAt, Vec<SlotAt>> = HashMap::new();
        let mut below: HashMap<SlotAt, Vec<SlotAt>> = HashMap::new();
        for &(a, b) in links {
            let (upper, lower) = if a.0 < b.0 { (a, b) } else { (b, a) };
            below.entry(upper).or_default().push(lower);
            above.entry(lower).or_default().push(upper);
        }
        let mut rank = self.rank_map();
        let mut best = self.rows.clone();
        let mut best_crossings = self.crossings(links);
        for _ in 0..SWEEPS {
            if best_crossings == 0 {
                break;
            }
            for l in 1..self.rows.len() {
                self.sort_by_barycenter(l, &above, &mut rank);
            }
            for l in (0..self.rows.len() - 1).rev() {
                self.sort_by_barycenter(l, &below, &mut rank);
            }
            let crossings = self.crossings(links);
            if crossings < best_crossings {
                best_crossings = crossings;
                best.clone_from(&self.rows);
            }
        }
        self.rows = best;
    }

    /// Orders layer `l` by the mean rank of each slot's neighbours in `neighbours`; a slot
    /// without neighbours keeps its rank. Updates `rank` for the layer.
    fn sort_by_barycenter(
        &mut self,
        l: usize,
        neighbours: &HashMap<SlotAt, Vec<SlotAt>>,
        rank: &mut HashMap<SlotAt, usize>,
    ) {
        #[expect(clippy::cast_precision_loss, reason = "ranks are small")]
        let mut keyed: Vec<(f64, usize, Slot)> = self.rows[l]
            .iter()
            .enumerate()
            .map(|(r, &slot)| {
                let (sum, count) = neighbours
                    .get(&(l, slot))
                    .into_iter()
                    .flatten()
                    .filter_map(|other| rank.get(other).copied())
                    .fold((0usize, 0usize), |(s, c), r| (s + r, c + 1));
                let key = if count == 0 {
                    r as f64
                } else {
                    sum as f64 / count as f64
                };
                (key, r, slot)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.rows[l] = keyed.into_iter().map(|(_, _, slot)| slot).collect();
        for (r, &slot) in self.rows[l].iter().enumerate() {
            rank.insert((l, slot), r);
        }
    }

    fn index(&mut self) {
        for (l, row) in self.rows.iter().enumerate() {
            for (r, slot) in row.iter().enumerate() {
                match *slot {
                    Slot::Node(v) => self.node_at[v] = (l, r),
                    Slot::Bend { edge } => self.bends[edge].push((l, r)),
                }
            }
        }
        // Rows are scanned top to bottom, so each edge's bends are in layer order already;
        // `route` turns them round for an edge that points up.
    }

    /// Horizontal places: start packed, then a few rounds of moving each slot towards the
    /// mean of its neighbours while keeping the order and the gaps.
    fn place_x(&mut self, links: &[Link]) {
        let gap = |a: Slot, b: Slot| match (a, b) {
            (Slot::Node(_), Slot::Node(_)) => NODE_GAP,
            (Slot::Bend { .. }, Slot::Bend { .. }) => BEND_GAP,
            _ => BEND_NODE_GAP,
        };
        let mut xs: Vec<Vec<f32>> = self
            .rows
            .iter()
            .map(|row| {
                let mut x = 0.0;
                let mut out = Vec::with_capacity(row.len());
                for (i, &slot) in row.iter().enumerate() {
                    if i > 0 {
                        x += gap(row[i - 1], slot);
                    }
                    out.push(x);
                }
                let centre = x / 2.0;
                for v in &mut out {
                    *v -= centre;
                }
                out
            })
            .collect();
        let rank = self.rank_map();
        let mut neighbours: HashMap<SlotAt, Vec<(usize, usize)>> = HashMap::new();
        for &(a, b) in links {
            let (Some(&ra), Some(&rb)) = (rank.get(&a), rank.get(&b)) else {
                continue;
            };
            neighbours.entry(a).or_default().push((b.0, rb));
            neighbours.entry(b).or_default().push((a.0, ra));
        }
        for round in 0..4 {
            let order: Vec<usize> = if round % 2 == 0 {
                (0..self.rows.len()).collect()
            } else {
                (0..self.rows.len()).rev().collect()
            };
            for l in order {
                let row = &self.rows[l];
                #[expect(clippy::cast_precision_loss, reason = "a handful of neighbours")]
                let desired: Vec<f32> = row
                    .iter()
                    .enumerate()
                    .map(|(r, &slot)| {
                        let near = neighbours.get(&(l, slot));
                        match near {
                            Some(near) if !near.is_empty() => {
                                near.iter().map(|&(nl, nr)| xs[nl][nr]).sum::<f32>()
                                    / near.len() as f32
                            }
                            _ => xs[l][r],
                        }
                    })
                    .collect();
                let mut placed = Vec::with_capacity(row.len());
                for (i, &want) in desired.iter().enumerate() {
                    let x = if i == 0 {
                        want
                    } else {
                        want.max(placed[i - 1] + gap(row[i - 1], row[i]))
                    };
                    placed.push(x);
                }
                // Keep the layer centred on where its slots wanted to be.
                #[expect(clippy::cast_precision_loss, reason = "a handful of slots")]
                let shift = if placed.is_empty() {
                    0.0
                } else {
                    (desired.iter().sum::<f32>() - placed.iter().sum::<f32>()) / placed.len() as f32
                };
                xs[l] = placed.into_iter().map(|x| x + shift).collect();
            }
        }
        let min = xs.iter().flatten().copied().fold(f32::INFINITY, f32::min);
        let max = xs
            .iter()
            .flatten()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max);
        if min.is_finite() {
            xs.iter_mut().flatten().for_each(|x| *x -= min);
            self.width = max - min;
        }
        self.xs = xs;
    }

    fn order_of(&self, node: usize) -> usize {
        self.node_at[node].1
    }

    #[expect(clippy::cast_precision_loss, reason = "layer numbers are small")]
    fn at(&self, (l, r): (usize, usize)) -> Point {
        Point {
            x: self
                .xs
                .get(l)
                .and_then(|row| row.get(r))
                .copied()
                .unwrap_or(0.0),
            y: l as f32,
        }
    }

    fn pos(&self, node: usize) -> Point {
        self.at(self.node_at[node])
    }

    fn route(&self, edge: usize, from: usize, to: Option<usize>) -> Vec<Point> {
        let start = self.pos(from);
        let Some(to) = to else {
            return vec![
                start,
                Point {
                    x: start.x,
                    y: start.y + 0.5,
                },
            ];
        };
        let mut bends: Vec<Point> = self.bends[edge].iter().map(|&at| self.at(at)).collect();
        let end = self.pos(to);
        if end.y < start.y {
            bends.reverse();
        }
        let mut route = Vec::with_capacity(bends.len() + 2);
        route.push(start);
        route.extend(bends);
        route.push(end);
        route
    }
}

/// The number of pairs out of order, by merge sort.
fn inversions(mut values: Vec<usize>) -> usize {
    let mut buffer = values.clone();
    let mut count = 0;
    let mut width = 1;
    let len = values.len();
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if values[j] < values[i] {
                    buffer[k] = values[j];
                    count += mid - i;
                    j += 1;
                } else {
                    buffer[k] = values[i];
                    i += 1;
                }
                k += 1;
            }
            buffer[k..k + (mid - i)].copy_from_slice(&values[i..mid]);
            k += mid - i;
            buffer[k..k + (end - j)].copy_from_slice(&values[j..end]);
            start = end;
        }
        std::mem::swap(&mut values, &mut buffer);
        width *= 2;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_inversions() {
        assert_eq!(inversions(vec![]), 0);
        assert_eq!(inversions(vec![0, 1, 2]), 0);
        assert_eq!(inversions(vec![2, 1, 0]), 3);
        assert_eq!(inversions(vec![1, 0, 2, 0]), 3);
    }

    #[test]
    fn finds_components_with_and_without_loops() {
        // 0 -> 1 -> 2 -> 1, 3 alone
        let out = vec![vec![1], vec![2], vec![1], vec![]];
        let c = strongly_connected(4, &out);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[1]);
        assert_ne!(c[3], c[1]);
    }
}
