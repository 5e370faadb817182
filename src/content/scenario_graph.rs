//! The graph of a scenario's choices, and what is asked of it: which nodes a learner can
//! reach, which can still lead to an ending, which lie on a loop.
//!
//! Validation reports unreachable nodes and nodes with no way to an ending; author mode's
//! scenario map (in `authoring`) marks the same nodes. Both ask this one graph, so an
//! error and the map's finding about a node never disagree. The walks are petgraph's
//! iterative ones (depth-first search, Kosaraju's strongly connected components), so a
//! scenario thousands of nodes long cannot overflow the stack.

use petgraph::algo::{has_path_connecting, kosaraju_scc};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, IntoNeighbors, Reversed, Visitable};

use super::model::{NodeKind, Scenario};

/// A scenario's nodes, numbered as in the scenario, with an arrow for each choice that
/// leads to one of them.
#[derive(Debug, Clone)]
pub struct ScenarioGraph {
    /// `usize` indices, so node numbers never need converting or checking for overflow.
    graph: DiGraph<(), (), usize>,
}

impl ScenarioGraph {
    /// `n` nodes and the choices between them as `(from, to)`; a choice with an end
    /// outside `0..n` (a node that does not exist) is left out.
    pub fn new(n: usize, choices: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut graph = DiGraph::with_capacity(n, n);
        for _ in 0..n {
            graph.add_node(());
        }
        for (from, to) in choices {
            if from < n && to < n {
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
            }
        }
        Self { graph }
    }

    /// The graph of a checked scenario's choices.
    pub fn of_scenario(scenario: &Scenario) -> Self {
        let choices = scenario
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(from, node)| match &node.kind {
                NodeKind::Step { choices } => choices.iter().map(|c| (from, c.to)).collect(),
                NodeKind::Ending { .. } => Vec::new(),
            });
        Self::new(scenario.nodes.len(), choices)
    }

    /// The number of nodes.
    fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Which nodes can be reached from any of `starts`, the starts included. Starts
    /// outside the graph are ignored.
    pub fn reachable_from(&self, starts: impl IntoIterator<Item = usize>) -> Vec<bool> {
        walk(&self.graph, self.len(), starts)
    }

    /// Which nodes can reach any of `targets`, the targets included: following the
    /// choices backwards. Targets outside the graph are ignored.
    pub fn reaching(&self, targets: impl IntoIterator<Item = usize>) -> Vec<bool> {
        walk(Reversed(&self.graph), self.len(), targets)
    }

    /// Whether a learner at `from` can get to `to` (always, when they are the same node).
    pub fn has_path(&self, from: usize, to: usize) -> bool {
        from < self.len()
            && to < self.len()
            && has_path_connecting(&self.graph, NodeIndex::new(from), NodeIndex::new(to), None)
    }

    /// Each node's strongly connected component, as a number: two nodes have the same
    /// number when each can be reached from the other. A node on no loop is alone in
    /// its component.
    pub fn components(&self) -> Vec<usize> {
        let mut component = vec![0; self.len()];
        for (c, members) in kosaraju_scc(&self.graph).into_iter().enumerate() {
            for node in members {
                component[node.index()] = c;
            }
        }
        component
    }
}

/// Depth-first from each start in turn, never visiting a node twice.
fn walk<G>(graph: G, n: usize, starts: impl IntoIterator<Item = usize>) -> Vec<bool>
where
    G: IntoNeighbors<NodeId = NodeIndex<usize>> + Visitable,
{
    let mut seen = vec![false; n];
    let mut dfs = Dfs::empty(graph);
    for start in starts.into_iter().filter(|&s| s < n) {
        dfs.move_to(NodeIndex::new(start));
        while let Some(node) = dfs.next(graph) {
            seen[node.index()] = true;
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 -> 1 -> 2 -> 1, 2 -> 3, 4 alone, and a choice to a node that does not exist.
    fn sample() -> ScenarioGraph {
        ScenarioGraph::new(5, [(0, 1), (1, 2), (2, 1), (2, 3), (3, 9)])
    }

    #[test]
    fn reaches_forwards_and_backwards() {
        let graph = sample();
        assert_eq!(graph.reachable_from([0]), [true, true, true, true, false]);
        assert_eq!(
            graph.reachable_from([4, 7]),
            [false, false, false, false, true]
        );
        assert_eq!(graph.reaching([3]), [true, true, true, true, false]);
        assert_eq!(graph.reaching([0]), [true, false, false, false, false]);
        assert_eq!(graph.reachable_from([]), [false; 5]);
    }

    #[test]
    fn finds_paths() {
        let graph = sample();
        assert!(graph.has_path(2, 1));
        assert!(graph.has_path(4, 4));
        assert!(!graph.has_path(3, 0));
        assert!(!graph.has_path(0, 9));
    }

    #[test]
    fn finds_components_with_and_without_loops() {
        let c = sample().components();
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[1]);
        assert_ne!(c[3], c[1]);
        assert_ne!(c[4], c[0]);
    }

    #[test]
    fn a_very_long_scenario_does_not_overflow_the_stack() {
        let n = 200_000;
        let graph = ScenarioGraph::new(n, (1..n).map(|i| (i - 1, i)).chain([(n - 1, 0)]));
        assert!(graph.reachable_from([0]).iter().all(|&r| r));
        assert!(graph.reaching([0]).iter().all(|&r| r));
        assert!(graph.components().iter().all(|&c| c == 0));
        assert!(graph.has_path(n - 1, n - 2));
    }
}
