//! Lesson and block checks: the reading part of a module, where every text needs its
//! translations and every image must name a bundled PNG.

use super::{AssetLookup, Checker, check_image_path};
use crate::content::model::{Block, Lesson, Text};
use crate::content::raw::{RawBlock, RawLesson, RawText};
use crate::content::source::Path;
use crate::i18n::{Localized as _, Message};

impl Checker<'_> {
    pub(super) fn lesson(
        &mut self,
        raw: &RawLesson,
        path: &Path,
        assets: &dyn AssetLookup,
    ) -> Lesson {
        self.item.lesson = Some(raw.id.clone());
        let title = self.text(&path.field("title"), &raw.title, "what-lesson-title");
        if raw.blocks.is_empty() {
            self.warning(&path.field("blocks"), Message::new("diag-lesson-empty"));
        }
        let blocks = raw
            .blocks
            .iter()
            .enumerate()
            .map(|(i, block)| self.block(block, &path.field("blocks").index(i), assets))
            .collect();
        Lesson {
            id: raw.id.clone(),
            title,
            blocks,
        }
    }

    fn block(&mut self, raw: &RawBlock, path: &Path, assets: &dyn AssetLookup) -> Block {
        match raw {
            RawBlock::Heading(text) => {
                Block::Heading(self.text(&path.index(0), text, "what-heading"))
            }
            RawBlock::Paragraph(text) => {
                Block::Paragraph(self.text(&path.index(0), text, "what-paragraph"))
            }
            RawBlock::Bullets(items) => Block::Bullets(self.list(items, path, "what-bullet")),
            RawBlock::Takeaways(items) => Block::Takeaways(self.list(items, path, "what-takeaway")),
            RawBlock::Callout { kind, title, text } => Block::Callout {
                kind: *kind,
                title: self.optional_text(
                    &path.field("title"),
                    title.as_ref(),
                    "what-callout-title",
                ),
                text: self.text(&path.field("text"), text, "what-callout-text"),
            },
            RawBlock::Image {
                path: image,
                alt,
                caption,
            } => {
                self.image_path(image, &path.field("path"), assets);
                Block::Image {
                    path: image.clone(),
                    alt: self.text(&path.field("alt"), alt, "what-image-alt"),
                    caption: self.optional_text(
                        &path.field("caption"),
                        caption.as_ref(),
                        "what-image-caption",
                    ),
                }
            }
        }
    }

    fn list(&mut self, items: &[RawText], path: &Path, what: &'static str) -> Vec<Text> {
        if items.is_empty() {
            self.error(
                path,
                Message::new("diag-list-empty").with("what", Message::new(what)),
            );
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.text(&path.index(0).index(i), item, what))
            .collect()
    }

    fn image_path(&mut self, image: &str, path: &Path, assets: &dyn AssetLookup) {
        if let Err(problem) = check_image_path(image) {
            self.error(path, problem.message());
            return;
        }
        if let Err(problem) = assets.check(image) {
            self.error(path, problem.message());
        }
    }
}
