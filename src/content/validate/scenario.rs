//! Scenario checks: nodes and their links, then the graph as a whole (reachability, a way
//! out of every node) and the best score, which for dynamic scoring needs a bounded search.

use std::collections::HashMap;

use super::{Checker, did_you_mean};
use crate::content::model::{Node, NodeKind, Scenario, ScenarioChoice, Text};
use crate::content::raw::{RawNode, ScenarioScoring};
use crate::content::scenario_graph::ScenarioGraph;
use crate::content::source::Path;
use crate::i18n::Message;

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
            self.unique_id(&mut ids, node_id(node), &nodes_path.index(i), "what-node");
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
                Message::new("diag-scenario-start-missing")
                    .with("id", id)
                    .with("start", start)
                    .with("hint", did_you_mean(start, index.keys().copied(), "")),
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
            self.error(path, Message::new("diag-scenario-no-ending").with("id", id));
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
                Message::new("diag-scenario-back-undoes-penalty").with("id", id),
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
                let text = self.text(&path.field("text"), text, "what-node-text");
                if choices.is_empty() {
                    self.error(
                        &path.field("choices"),
                        Message::new("diag-node-dead-end").with("id", id.as_str()),
                    );
                }
                let mut ids = HashMap::new();
                let choices = choices
                    .iter()
                    .enumerate()
                    .map(|(i, choice)| {
                        let c_path = path.field("choices").index(i);
                        self.unique_id(&mut ids, &choice.id, &c_path, "what-choice");
                        let to = index.get(choice.to.as_str()).copied();
                        if to.is_none() {
                            self.error(
                                &c_path.field("to"),
                                Message::new("diag-choice-target-missing")
                                    .with("id", choice.id.as_str())
                                    .with("to", choice.to.as_str())
                                    .with(
                                        "hint",
                                        did_you_mean(&choice.to, index.keys().copied(), ""),
                                    ),
                            );
                        }
                        let text =
                            self.text(&c_path.field("text"), &choice.text, "what-choice-text");
                        let feedback = self.optional_text(
                            &c_path.field("feedback"),
                            choice.feedback.as_ref(),
                            "what-choice-feedback",
                        );
                        if feedback.is_none() {
                            self.warning(
                                &c_path,
                                Message::new("diag-scenario-choice-no-feedback")
                                    .with("id", choice.id.as_str()),
                            );
                        }
                        if scoring == ScenarioScoring::Static && choice.points != 0 {
                            self.warning(
                                &c_path.field("points"),
                                Message::new("diag-choice-points-ignored")
                                    .with("id", choice.id.as_str()),
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
                let text = self.text(&path.field("text"), text, "what-ending-text");
                let feedback =
                    self.optional_text(&path.field("feedback"), feedback.as_ref(), "what-feedback");
                if scoring == ScenarioScoring::Dynamic && *score != 0 {
                    self.warning(
                        &path.field("score"),
                        Message::new("diag-ending-score-ignored").with("id", id.as_str()),
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
                    Message::new("diag-node-unreachable")
                        .with("node", node.id.as_str())
                        .with("id", id)
                        .with("start", scenario.nodes[scenario.start].id.as_str()),
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
                    Message::new("diag-node-no-way-out").with("node", node.id.as_str()),
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
                        Message::new("diag-scenario-too-many-paths").with("id", id),
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
            let key = match scenario.scoring {
                ScenarioScoring::Static => "diag-scenario-no-score-static",
                ScenarioScoring::Dynamic => "diag-scenario-no-score-dynamic",
            };
            self.error(&path.field("scoring"), Message::new(key).with("id", id));
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
                        Message::new("diag-choice-points-on-loop").with("id", choice.id.as_str()),
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
