//! What a scenario map says about the story, before anything is drawn: which nodes a
//! learner can reach, which steps cannot lead to an ending, which nodes form loops, and
//! which choices close a loop (the back edges the layout draws upwards). Kept apart from
//! the layout so the findings an author reads do not depend on any geometry.

use super::shape::{DeadEnd, MapFinding, Shape};
use crate::content::scenario_graph::ScenarioGraph;

/// What the map finds in one scenario, per node and per choice.
pub(super) struct Analysis {
    /// Whether a learner can get to each node from the start (all `false` without one).
    pub(super) reachable: Vec<bool>,
    /// Each node's strongly connected component.
    pub(super) component: Vec<usize>,
    /// Whether each node lies on a loop.
    pub(super) in_loop: Vec<bool>,
    pub(super) dead_end: Vec<Option<DeadEnd>>,
    /// Whether each choice leads back to a node on the depth-first path to it.
    pub(super) back: Vec<bool>,
    /// The nodes in the order the depth-first walk first saw them.
    pub(super) discovery: Vec<usize>,
    /// Every problem, in node order, then the choices to nowhere.
    pub(super) findings: Vec<MapFinding>,
}

impl Analysis {
    /// `edges` are the shape's choices in node and choice order, each with its target
    /// when it exists.
    pub(super) fn of(shape: &Shape, edges: &[(usize, Option<usize>)]) -> Self {
        let n = shape.nodes.len();
        // The same graph validation asks, so the map and the diagnostics agree.
        let graph = ScenarioGraph::new(
            n,
            edges
                .iter()
                .filter_map(|&(from, to)| to.map(|to| (from, to))),
        );
        let reachable = graph.reachable_from(shape.start);
        let endings: Vec<usize> = (0..n)
            .filter(|&i| shape.nodes[i].ending.is_some())
            .collect();
        let can_finish = graph.reaching(endings.iter().copied());
        let component = graph.components();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, &c) in component.iter().enumerate() {
            members[c].push(i);
        }
        let mut self_loop = vec![false; n];
        for &(from, to) in edges {
            if to == Some(from) {
                self_loop[from] = true;
            }
        }
        let in_loop: Vec<bool> = (0..n)
            .map(|i| members[component[i]].len() > 1 || self_loop[i])
            .collect();
        let (back, discovery) = back_edges(n, shape.start, edges);

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
        Self {
            reachable,
            component,
            in_loop,
            dead_end,
            back,
            discovery,
            findings,
        }
    }

    /// Whether a choice from `from` to `to` lies on a loop (both ends on the same one).
    pub(super) fn edge_in_loop(&self, from: usize, to: Option<usize>) -> bool {
        to.is_some_and(|t| self.component[t] == self.component[from] && self.in_loop[from])
    }
}

/// Depth-first from the start, then from each node not yet seen: which edges lead back to
/// a node on the current path, and the order nodes were first seen in.
///
/// Walked here rather than with petgraph's depth-first search because the order matters:
/// the layout seeds each layer with the discovery order, which must follow the choices as
/// the file lists them, while petgraph's graph hands out a node's neighbours newest first.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_edges_close_loops_and_discovery_follows_the_file() {
        // 0 -> 1 -> 2 -> 1, 2 -> nowhere, 3 alone
        let edges = [(0, Some(1)), (1, Some(2)), (2, Some(1)), (2, None)];
        let (back, discovery) = back_edges(4, Some(0), &edges);
        assert_eq!(back, [false, false, true, false]);
        assert_eq!(discovery, [0, 1, 2, 3]);
        // Starting inside the loop turns the other choice into the back edge.
        let (back, discovery) = back_edges(4, Some(2), &edges);
        assert_eq!(back, [false, true, false, false]);
        assert_eq!(discovery, [2, 1, 0, 3]);
    }
}
