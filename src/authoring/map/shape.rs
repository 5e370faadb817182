//! What the map is made of, shared by its analysis and its layout: a scenario reduced to
//! its shape, points and places, and the problems the map shows.

use serde::Serialize;

use crate::content::model::Text;

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

/// Why a learner who reaches a step cannot finish the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeadEnd {
    /// A step without choices.
    NoChoices,
    /// Every path from here loops or leads nowhere; no ending can be reached.
    NoWayToEnding,
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

/// A scenario reduced to what the map needs, from either source.
pub(super) struct Shape {
    pub(super) nodes: Vec<ShapeNode>,
    pub(super) start: Option<usize>,
    pub(super) start_id: String,
}

/// One node of a [`Shape`].
pub(super) struct ShapeNode {
    pub(super) id: String,
    pub(super) text: Text,
    pub(super) ending: Option<u32>,
    pub(super) choices: Vec<ShapeChoice>,
    pub(super) place: Option<Place>,
}

/// One choice of a [`ShapeNode`].
pub(super) struct ShapeChoice {
    pub(super) id: String,
    pub(super) text: Text,
    pub(super) target: String,
    pub(super) to: Option<usize>,
    pub(super) points: i32,
    pub(super) place: Option<Place>,
}
