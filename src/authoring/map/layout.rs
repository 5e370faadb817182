//! Where a scenario map's nodes and arrows go: a simple layered (Sugiyama-style)
//! drawing, top to bottom. Kept apart from the map's types and its findings because it
//! is pure geometry: it takes the analysis's back edges and discovery order and returns
//! places, never judging the scenario.
//!
//! 1. (In [`super::analysis`].) A depth-first walk from the start node (then from any node
//!    not yet seen, in file order) marks *back edges*: choices that lead to a node still on
//!    the walk's path. They close loops; the rest of the graph is acyclic.
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

use super::shape::Point;

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

/// Longest-path layers over the edges that are not back edges. Edges from unreachable
/// nodes do not push reachable nodes down, so the reachable story keeps its shape.
pub(super) fn layers(
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

/// A slot and its layer, which together name it.
type SlotAt = (usize, Slot);

/// Two slots in adjacent layers that an edge joins.
type Link = (SlotAt, SlotAt);

/// One slot in a layer: a node, or a bend point of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    Node(usize),
    Bend { edge: usize },
}

/// A laid-out scenario: where each node and bend point sits.
pub(super) struct Layout {
    /// Each layer's slots, left to right.
    rows: Vec<Vec<Slot>>,
    /// Each slot's x, parallel to `rows`.
    xs: Vec<Vec<f32>>,
    /// Where each node sits: (layer, rank).
    node_at: Vec<(usize, usize)>,
    /// Each edge's bend points, from the source's side: (layer, rank).
    bends: Vec<Vec<(usize, usize)>>,
    /// The drawing's width in units.
    pub(super) width: f32,
}

impl Layout {
    pub(super) fn new(
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

    pub(super) fn order_of(&self, node: usize) -> usize {
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

    pub(super) fn pos(&self, node: usize) -> Point {
        self.at(self.node_at[node])
    }

    pub(super) fn route(&self, edge: usize, from: usize, to: Option<usize>) -> Vec<Point> {
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
}
