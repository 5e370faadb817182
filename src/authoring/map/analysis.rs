//! What a scenario map says about the story, before anything is drawn: which nodes a
//! learner can reach, which steps cannot lead to an ending, which nodes form loops, and
//! which choices close a loop (the back edges the layout draws upwards). Kept apart from
//! the layout so the findings an author reads do not depend on any geometry.

use std::collections::VecDeque;

use super::{DeadEnd, MapFinding, Shape};

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
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(from, to) in edges {
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

#[cfg(test)]
mod tests {
    use super::*;

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
