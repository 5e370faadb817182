//! Scenario checks: nodes and their links, then the graph as a whole (reachability, a way
//! out of every node) and the best score, which for dynamic scoring needs a bounded search.

use std::collections::HashMap;

use super::{Checker, suggestion};
use crate::content::model::{Node, NodeKind, Scenario, ScenarioChoice, Text};
use crate::content::raw::{RawNode, ScenarioScoring};
use crate::content::scenario_graph::ScenarioGraph;
use crate::content::source::Path;

/// The most work spent finding a dynamic scenario's best path before giving up.
const MAX_PATH_SEARCH_STEPS: usize = 200_000;

impl Checker<'_> {
    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one scenario, passed apart"
    )]
    pub(super) fn scenario(
        &mut self,
        id: &str,
        intro: Option<Text>,
        scoring: ScenarioScoring,
        allow_back: bool,
        start: &str,
        raw: &[RawNode],
        path: &Path,
    ) -> Scenario {
        let nodes_path = path.field("nodes");
        let mut ids = HashMap::new();
        for (i, node) in raw.iter().enumerate() {
            self.unique_id(&mut ids, node_id(node), &nodes_path.index(i), "node");
        }
        // First occurrence wins for duplicates, which are already reported.
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, node) in raw.iter().enumerate() {
            index.entry(node_id(node)).or_insert(i);
        }

        let start_index = index.get(start).copied();
        if start_index.is_none() {
            self.error(
                &path.field("start"),
                format!(
                    "scenario `{id}` starts at node `{start}`, which does not exist{}",
                    suggestion(start, index.keys().copied())
                ),
            );
        }

        let mut nodes = Vec::with_capacity(raw.len());
        for (i, node) in raw.iter().enumerate() {
            let n_path = nodes_path.index(i);
            self.item.node = Some(node_id(node).to_owned());
            nodes.push(self.node(node, &n_path, &index, scoring));
        }
        self.item.node = None;

        if !raw.iter().any(|n| matches!(n, RawNode::Ending { .. })) {
            // Without an ending every node is stuck; one error says it.
            self.error(
                path,
                format!("scenario `{id}` has no ending; add at least one Ending(...) node"),
            );
        }

        let mut scenario = Scenario {
            intro,
            scoring,
            allow_back,
            start: start_index.unwrap_or(0),
            nodes,
            max_score: 0,
        };
        let has_ending = raw.iter().any(|n| matches!(n, RawNode::Ending { .. }));
        let penalties = raw.iter().any(|n| match n {
            RawNode::Step { choices, .. } => choices.iter().any(|c| c.points < 0),
            RawNode::Ending { .. } => false,
        });
        if allow_back && scoring == ScenarioScoring::Dynamic && penalties {
            self.warning(
                &path.field("allow_back"),
                format!(
                    "scenario `{id}` lets learners step back and has choices that cost points: \
                     stepping back undoes the penalty; turn allow_back off or use Static scoring"
                ),
            );
        }
        if start_index.is_some() && has_ending {
            self.scenario_graph(id, &scenario, &nodes_path);
            scenario.max_score = self.scenario_max(id, &scenario, path);
        }
        scenario
    }

    fn node(
        &mut self,
        raw: &RawNode,
        path: &Path,
        index: &HashMap<&str, usize>,
        scoring: ScenarioScoring,
    ) -> Node {
        match raw {
            RawNode::Step { id, text, choices } => {
                let text = self.text(&path.field("text"), text, "node text");
                if choices.is_empty() {
                    self.error(
                        &path.field("choices"),
                        format!(
                            "node `{id}` is a dead end: a Step needs choices; make it an Ending \
                             if the story stops here"
                        ),
                    );
                }
                let mut ids = HashMap::new();
                let choices = choices
                    .iter()
                    .enumerate()
                    .map(|(i, choice)| {
                        let c_path = path.field("choices").index(i);
                        self.unique_id(&mut ids, &choice.id, &c_path, "choice");
                        let to = index.get(choice.to.as_str()).copied();
                        if to.is_none() {
                            self.error(
                                &c_path.field("to"),
                                format!(
                                    "choice `{}` leads to node `{}`, which does not exist{}",
                                    choice.id,
                                    choice.to,
                                    suggestion(&choice.to, index.keys().copied())
                                ),
                            );
                        }
                        let text = self.text(&c_path.field("text"), &choice.text, "choice text");
                        let feedback = self.optional_text(
                            &c_path.field("feedback"),
                            choice.feedback.as_ref(),
                            "choice feedback",
                        );
                        if feedback.is_none() {
                            self.warning(
                                &c_path,
                                format!(
                                    "choice `{}` has no feedback: tell the learner what this \
                                     choice leads to and why",
                                    choice.id
                                ),
                            );
                        }
                        if scoring == ScenarioScoring::Static && choice.points != 0 {
                            self.warning(
                                &c_path.field("points"),
                                format!(
                                    "choice `{}` has points, but the scenario uses Static scoring \
                                     (the ending's score), so they are ignored",
                                    choice.id
                                ),
                            );
                        }
                        ScenarioChoice {
                            id: choice.id.clone(),
                            text,
                            to: to.unwrap_or(usize::MAX),
                            points: choice.points,
                            feedback,
                        }
                    })
                    .collect();
                Node {
                    id: id.clone(),
                    text,
                    kind: NodeKind::Step { choices },
                }
            }
            RawNode::Ending {
                id,
                text,
                score,
                feedback,
            } => {
                let text = self.text(&path.field("text"), text, "ending text");
                let feedback =
                    self.optional_text(&path.field("feedback"), feedback.as_ref(), "feedback");
                if scoring == ScenarioScoring::Dynamic && *score != 0 {
                    self.warning(
                        &path.field("score"),
                        format!(
                            "ending `{id}` has a score, but the scenario uses Dynamic scoring \
                             (the sum of choice points), so it is ignored"
                        ),
                    );
                }
                Node {
                    id: id.clone(),
                    text,
                    kind: NodeKind::Ending {
                        score: *score,
                        feedback,
                    },
                }
            }
        }
    }

    /// Unreachable nodes, and nodes from which no ending can be reached.
    fn scenario_graph(&mut self, id: &str, scenario: &Scenario, nodes_path: &Path) {
        let n = scenario.nodes.len();
        let graph = ScenarioGraph::of_scenario(scenario);
        let reachable = graph.reachable_from([scenario.start]);
        for (i, node) in scenario.nodes.iter().enumerate() {
            if !reachable[i] {
                self.item.node = Some(node.id.clone());
                self.error(
                    &nodes_path.index(i).field("id"),
                    format!(
                        "node `{}` of scenario `{id}` cannot be reached from the start node `{}`",
                        node.id, scenario.nodes[scenario.start].id
                    ),
                );
            }
        }
        // Walk the graph backwards from the endings.
        let endings = (0..n).filter(|&i| matches!(scenario.nodes[i].kind, NodeKind::Ending { .. }));
        let can_finish = graph.reaching(endings);
        for (i, node) in scenario.nodes.iter().enumerate() {
            let is_step = matches!(&node.kind, NodeKind::Step { choices } if !choices.is_empty());
            if reachable[i] && !can_finish[i] && is_step {
                self.item.node = Some(node.id.clone());
                self.error(
                    &nodes_path.index(i).field("id"),
                    format!(
                        "from node `{}` no ending can be reached: a learner who gets here loops \
                         forever; give one of its paths a way to an Ending",
                        node.id
                    ),
                );
            }
        }
        self.item.node = None;
    }

    /// The best score a learner can reach, or an error when it is zero.
    fn scenario_max(&mut self, id: &str, scenario: &Scenario, path: &Path) -> u32 {
        let max = match scenario.scoring {
            ScenarioScoring::Static => scenario
                .nodes
                .iter()
                .filter_map(|n| match n.kind {
                    NodeKind::Ending { score, .. } => Some(score),
                    NodeKind::Step { .. } => None,
                })
                .max()
                .unwrap_or(0),
            ScenarioScoring::Dynamic => {
                let Some(best) = best_path_points(scenario) else {
                    self.error(
                        path,
                        format!(
                            "scenario `{id}` has too many paths to work out its best score; \
                             split it into smaller scenarios"
                        ),
                    );
                    return 0;
                };
                self.loop_points(scenario, path);
                u32::try_from(best.max(0)).unwrap_or(0)
            }
        };
        if max == 0
            && scenario
                .nodes
                .iter()
                .any(|n| matches!(n.kind, NodeKind::Ending { .. }))
        {
            let hint = match scenario.scoring {
                ScenarioScoring::Static => "give the best ending a score: Ending(..., score: 10)",
                ScenarioScoring::Dynamic => "give good choices points: Choice(..., points: 1)",
            };
            self.error(
                &path.field("scoring"),
                format!("scenario `{id}` cannot earn any score, so it cannot be marked; {hint}"),
            );
        }
        max
    }

    /// Warns about point-earning choices on a loop: repeating them does not raise the
    /// score beyond the best path, which may surprise an author.
    fn loop_points(&mut self, scenario: &Scenario, path: &Path) {
        let graph = ScenarioGraph::of_scenario(scenario);
        for (from, node) in scenario.nodes.iter().enumerate() {
            let NodeKind::Step { choices } = &node.kind else {
                continue;
            };
            for (ci, choice) in choices.iter().enumerate() {
                if choice.points > 0 && graph.has_path(choice.to, from) {
                    self.item.node = Some(node.id.clone());
                    self.warning(
                        &path
                            .field("nodes")
                            .index(from)
                            .field("choices")
                            .index(ci)
                            .field("points"),
                        format!(
                            "choice `{}` earns points and lies on a loop; the score is capped at \
                             the best path without repeats, so looping earns nothing extra",
                            choice.id
                        ),
                    );
                }
            }
        }
        self.item.node = None;
    }
}

/// The highest sum of choice points along a path from the start to an ending that visits
/// no node twice; `None` when the search takes too long.
fn best_path_points(scenario: &Scenario) -> Option<i64> {
    let n = scenario.nodes.len();
    let mut on_path = vec![false; n];
    let mut best: Option<i64> = None;
    // (node, next choice to try, points so far)
    let mut stack: Vec<(usize, usize, i64)> = vec![(scenario.start, 0, 0)];
    on_path[scenario.start] = true;
    let mut steps = 0usize;
    while let Some(top) = stack.last_mut() {
        steps += 1;
        if steps > MAX_PATH_SEARCH_STEPS {
            return None;
        }
        let (node, next, sum) = *top;
        match &scenario.nodes[node].kind {
            NodeKind::Ending { .. } => {
                best = Some(best.map_or(sum, |b| b.max(sum)));
                on_path[node] = false;
                stack.pop();
            }
            NodeKind::Step { choices } => {
                if let Some(choice) = choices.get(next) {
                    top.1 += 1;
                    if choice.to < n && !on_path[choice.to] {
                        on_path[choice.to] = true;
                        stack.push((choice.to, 0, sum + i64::from(choice.points)));
                    }
                } else {
                    on_path[node] = false;
                    stack.pop();
                }
            }
        }
    }
    Some(best.unwrap_or(0))
}

fn node_id(n: &RawNode) -> &str {
    match n {
        RawNode::Step { id, .. } | RawNode::Ending { id, .. } => id,
    }
}
