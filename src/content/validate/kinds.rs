//! Checks of the practice kinds: spot the leak, ordering and matching. Each must have
//! something to get right, feedback where a learner needs to know why, and every text in
//! every declared language.

use std::collections::HashMap;

use super::Checker;
use crate::content::model::{Category, MatchItem, Segment, Step};
use crate::content::raw::{RawCategory, RawMatchItem, RawSegment, RawStep};
use crate::content::source::Path;
use crate::i18n::Message;

impl Checker<'_> {
    pub(super) fn segments(
        &mut self,
        id: &str,
        raw: &[RawSegment],
        question: &Path,
    ) -> Vec<Segment> {
        let path = question.field("segments");
        if raw.len() < 2 {
            self.error(
                &path,
                Message::new("diag-spot-too-few-segments").with("id", id),
            );
        }
        let marked = raw.iter().filter(|s| s.mark.is_some()).count();
        if marked == 0 && !raw.is_empty() {
            self.error(
                question,
                Message::new("diag-spot-nothing-marked").with("id", id),
            );
        }
        if marked == raw.len() && raw.len() >= 2 {
            self.warning(
                question,
                Message::new("diag-spot-all-marked").with("id", id),
            );
        }
        let mut ids = HashMap::new();
        raw.iter()
            .enumerate()
            .map(|(i, segment)| {
                let s_path = path.index(i);
                self.unique_id(&mut ids, &segment.id, &s_path, "what-segment");
                let label = self.optional_text(
                    &s_path.field("label"),
                    segment.label.as_ref(),
                    "what-segment-label",
                );
                let text = self.text(&s_path.field("text"), &segment.text, "what-segment-text");
                let feedback = self.optional_text(
                    &s_path.field("feedback"),
                    segment.feedback.as_ref(),
                    "what-segment-feedback",
                );
                if segment.mark.is_some() && feedback.is_none() {
                    self.error(
                        &s_path,
                        Message::new("diag-spot-marked-no-feedback")
                            .with("id", segment.id.as_str()),
                    );
                }
                Segment {
                    id: segment.id.clone(),
                    label,
                    text,
                    mark: segment.mark,
                    feedback,
                }
            })
            .collect()
    }

    pub(super) fn steps(&mut self, id: &str, raw: &[RawStep], question: &Path) -> Vec<Step> {
        let path = question.field("steps");
        if raw.len() < 2 {
            self.error(
                &path,
                Message::new("diag-ordering-too-few-steps").with("id", id),
            );
        }
        let mut ids = HashMap::new();
        raw.iter()
            .enumerate()
            .map(|(i, step)| {
                let s_path = path.index(i);
                self.unique_id(&mut ids, &step.id, &s_path, "what-step");
                Step {
                    id: step.id.clone(),
                    text: self.text(&s_path.field("text"), &step.text, "what-step-text"),
                    feedback: self.optional_text(
                        &s_path.field("feedback"),
                        step.feedback.as_ref(),
                        "what-step-feedback",
                    ),
                }
            })
            .collect()
    }

    pub(super) fn matching(
        &mut self,
        id: &str,
        raw_categories: &[RawCategory],
        raw_items: &[RawMatchItem],
        question: &Path,
    ) -> (Vec<Category>, Vec<MatchItem>) {
        let c_path = question.field("categories");
        if raw_categories.len() < 2 {
            self.error(
                &c_path,
                Message::new("diag-matching-too-few-categories").with("id", id),
            );
        }
        let mut ids = HashMap::new();
        let categories: Vec<Category> = raw_categories
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let path = c_path.index(i);
                self.unique_id(&mut ids, &category.id, &path, "what-category");
                Category {
                    id: category.id.clone(),
                    text: self.text(&path.field("text"), &category.text, "what-category-text"),
                }
            })
            .collect();
        let i_path = question.field("items");
        if raw_items.len() < 2 {
            self.error(
                &i_path,
                Message::new("diag-matching-too-few-items").with("id", id),
            );
        }
        let mut ids = HashMap::new();
        let items = raw_items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let path = i_path.index(i);
                self.unique_id(&mut ids, &item.id, &path, "what-match-item");
                if !categories.iter().any(|c| c.id == item.category) {
                    let known = categories
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.error(
                        &path.field("category"),
                        Message::new("diag-matching-unknown-category")
                            .with("id", item.id.as_str())
                            .with("category", item.category.as_str())
                            .with("known", known),
                    );
                }
                MatchItem {
                    id: item.id.clone(),
                    text: self.text(&path.field("text"), &item.text, "what-match-item-text"),
                    category: item.category.clone(),
                    feedback: self.optional_text(
                        &path.field("feedback"),
                        item.feedback.as_ref(),
                        "what-match-item-feedback",
                    ),
                }
            })
            .collect();
        (categories, items)
    }
}
