//! Drawing a certificate: one A4 landscape page, with krilla and the Open Sans fonts Jaga
//! ships, so every machine makes the same page. The words come from the Fluent files in
//! the certificate's language; text is measured by shaping it as krilla draws it.

use chrono::{DateTime, Datelike as _, FixedOffset, Utc};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::data::{CertificateData, CertificateError, Issuer};
use crate::i18n::{Lang, tr, trf};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Regular.ttf");
const SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Semibold.ttf");

/// A4 landscape, in points.
const PAGE_WIDTH: f32 = 841.89;
const PAGE_HEIGHT: f32 = 595.28;
/// Left and right edge of the text inside the border.
const MARGIN: f32 = 72.0;

/// Jaga's calm palette (the window's light theme).
const TEXT: (u8, u8, u8) = (0x1C, 0x25, 0x33);
const MUTED: (u8, u8, u8) = (0x55, 0x5F, 0x6D);
const ACCENT: (u8, u8, u8) = (0x0F, 0x6E, 0x68);
const RULE: (u8, u8, u8) = (0xD6, 0xD2, 0xC8);

/// The day as the certificate prints it: `14 Mei 2026` / `14 May 2026`.
pub fn long_date(time: DateTime<Utc>, offset: FixedOffset, lang: Lang) -> String {
    let day = time.with_timezone(&offset);
    let month = tr(lang, &format!("month-long-{}", day.month()));
    trf(
        lang,
        "date-format",
        &[
            ("day", day.day().to_string()),
            ("month", month),
            ("year", day.year().to_string()),
        ],
    )
}

/// The texts printed on a certificate, from the Fluent files.
struct Labels {
    programme: String,
    title: String,
    presented_to: String,
    employee_id: String,
    completed: String,
    passed_on: String,
    valid_until: String,
    revision: String,
    code: String,
    issued_by: String,
    check: String,
}

impl Labels {
    fn of(lang: Lang) -> Self {
        Self {
            programme: tr(lang, "cert-programme"),
            title: tr(lang, "cert-title"),
            presented_to: tr(lang, "cert-presented-to"),
            employee_id: tr(lang, "cert-employee-id"),
            completed: tr(lang, "cert-completed"),
            passed_on: tr(lang, "cert-passed-on"),
            valid_until: tr(lang, "cert-valid-until"),
            revision: tr(lang, "cert-revision"),
            code: tr(lang, "cert-code"),
            issued_by: tr(lang, "cert-issued-by"),
            check: tr(lang, "cert-check"),
        }
    }
}

/// One A4 landscape page: the certificate as PDF bytes.
pub fn certificate_pdf(
    data: &CertificateData,
    lang: Lang,
    issuer: &Issuer,
) -> Result<Vec<u8>, CertificateError> {
    let labels = Labels::of(lang);
    let issued_by = issuer.organisation.as_ref().map_or_else(
        || labels.issued_by.clone(),
        |organisation| {
            trf(
                lang,
                "cert-issued-by-org",
                &[("organisation", organisation.clone())],
            )
        },
    );
    let regular = Typeface::new(REGULAR)?;
    let semibold = Typeface::new(SEMIBOLD)?;
    let title = data.module_title.get(lang.code());
    for (face, field, text) in [
        (&semibold, "name", data.name.as_str()),
        (&regular, "employee ID", data.employee_id.as_str()),
        (&semibold, "module title", title),
    ] {
        let missing = face.missing(text);
        if !missing.is_empty() {
            return Err(CertificateError::UnsupportedCharacters {
                field,
                chars: missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{}: {}, {title}", labels.title, data.name))
            .language(lang.code().to_owned())
            .creator("Jaga".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| CertificateError::Pdf("bad page size".to_owned()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
    };

    // A double border: a firm outer line and a fine inner one.
    pen.frame(22.0, 2.0, ACCENT);
    pen.frame(28.0, 0.6, ACCENT);

    // The organisation heads its own certificate; Jaga when none is set.
    let head = issuer.organisation.as_deref().unwrap_or("Jaga");
    let (lines, size) = fit(&semibold, head, 15.0, 9.0, PAGE_WIDTH - 2.0 * MARGIN);
    pen.centered(&semibold, size, ACCENT, 84.0, &lines.join(" "));
    pen.centered(&regular, 8.5, MUTED, 100.0, &labels.programme);
    pen.centered(&semibold, 30.0, TEXT, 158.0, &labels.title);
    let middle = PAGE_WIDTH / 2.0;
    pen.line(middle - 28.0, 176.0, middle + 28.0, 176.0, 1.2, ACCENT);

    // The middle block: to whom, for what. Each line is placed `before` points below the
    // previous baseline; the block starts under the title and moves up a little when a
    // long name and title both take two lines, so the dates below always have room.
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let employee = format!("{}: {}", labels.employee_id, data.employee_id);
    let line = |face, size, color, text: String, before| Line {
        face,
        size,
        color,
        text,
        before,
    };
    let mut block = vec![line(
        &regular,
        12.0,
        MUTED,
        labels.presented_to.clone(),
        0.0,
    )];
    let (lines, size) = fit(&semibold, &data.name, 36.0, 18.0, width);
    for (i, text) in lines.into_iter().enumerate() {
        let before = if i == 0 { size + 14.0 } else { size * 1.15 };
        block.push(line(&semibold, size, TEXT, text, before));
    }
    block.push(line(&regular, 11.0, MUTED, employee, 26.0));
    block.push(line(&regular, 12.0, MUTED, labels.completed.clone(), 38.0));
    let (lines, size) = fit(&semibold, title, 20.0, 11.0, width);
    for (i, text) in lines.into_iter().enumerate() {
        let before = if i == 0 { size + 12.0 } else { size * 1.3 };
        block.push(line(&semibold, size, TEXT, text, before));
    }
    let height: f32 = block.iter().map(|l| l.before).sum();
    let mut y = 214.0 - (214.0 + height - 404.0).clamp(0.0, 14.0);
    for l in &block {
        y += l.before;
        pen.centered(l.face, l.size, l.color, y, &l.text);
    }

    // The dates, side by side (or the one date, centred).
    let label_y = (y + 36.0).clamp(440.0, 452.0);
    let value_y = label_y + 19.0;
    let passed = long_date(data.passed_at, data.utc_offset, lang);
    let mut dates = vec![(labels.passed_on.as_str(), passed)];
    if let Some(until) = data.valid_until {
        dates.push((
            labels.valid_until.as_str(),
            long_date(until, data.utc_offset, lang),
        ));
    }
    // With a signatory, the signature takes the middle and the dates move aside.
    let columns: &[f32] = match (dates.len(), issuer.signatory.is_some()) {
        (1, false) => &[middle],
        (_, false) => &[middle - 130.0, middle + 130.0],
        (1, true) => &[middle - 190.0],
        (_, true) => &[middle - 200.0, middle + 200.0],
    };
    for ((label, value), x) in dates.iter().zip(columns.iter().copied()) {
        pen.centered_at(&regular, 9.0, MUTED, x, label_y, label);
        pen.centered_at(&semibold, 14.0, TEXT, x, value_y, value);
    }
    if let Some(signatory) = &issuer.signatory {
        let x = if dates.len() == 1 {
            middle + 60.0
        } else {
            middle
        };
        pen.line(x - 80.0, label_y + 4.0, x + 80.0, label_y + 4.0, 0.6, MUTED);
        let (lines, size) = fit(&semibold, signatory, 11.0, 8.0, 170.0);
        pen.centered_at(&semibold, size, TEXT, x, label_y + 18.0, &lines.join(" "));
        if let Some(title) = &issuer.signatory_title {
            let (lines, size) = fit(&regular, title, 8.0, 6.5, 170.0);
            pen.centered_at(&regular, size, MUTED, x, label_y + 29.0, &lines.join(" "));
        }
    }

    // The small print: revision, issuer, verification code.
    pen.line(MARGIN, 500.0, PAGE_WIDTH - MARGIN, 500.0, 0.6, RULE);
    let label = format!("{}: ", labels.revision);
    pen.text(&regular, 8.0, MUTED, MARGIN, 521.0, &label);
    let x = MARGIN + regular.width(&label, 8.0);
    pen.text(&semibold, 9.0, TEXT, x, 521.0, data.short_revision());
    pen.text(&regular, 6.5, MUTED, MARGIN, 536.0, &data.revision);

    let (lines, size) = fit(&regular, &issued_by, 8.0, 6.0, 260.0);
    pen.centered(&regular, size, MUTED, 521.0, &lines.join(" "));

    let right = PAGE_WIDTH - MARGIN;
    let code_width = semibold.width(&data.verification_code, 11.0);
    pen.text(
        &semibold,
        11.0,
        ACCENT,
        right - code_width,
        521.0,
        &data.verification_code,
    );
    let label = format!("{}: ", labels.code);
    let label_width = regular.width(&label, 8.0);
    pen.text(
        &regular,
        8.0,
        MUTED,
        right - code_width - label_width,
        521.0,
        &label,
    );
    let check_width = regular.width(&labels.check, 6.5);
    pen.text(
        &regular,
        6.5,
        MUTED,
        right - check_width,
        536.0,
        &labels.check,
    );

    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| CertificateError::Pdf(e.to_string()))
}

/// One centred line of the certificate's middle block, `before` points below the previous
/// baseline.
struct Line<'f> {
    face: &'f Typeface,
    size: f32,
    color: (u8, u8, u8),
    text: String,
    before: f32,
}

/// Splits `text` into one or two centred lines that fit `width`, at the largest size from
/// `max` down to `min`.
fn fit(face: &Typeface, text: &str, max: f32, min: f32, width: f32) -> (Vec<String>, f32) {
    let one = size_to_fit(face, text, max, width);
    if one >= max * 0.8 {
        return (vec![text.to_owned()], one);
    }
    // Break at the space nearest the middle; a single word too long for one line even at
    // the smallest size is broken in the middle.
    let middle = text.len() / 2;
    let split = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    let lines: Vec<String> = match split {
        Some(at) => vec![text[..at].trim().to_owned(), text[at..].trim().to_owned()],
        None if one < min => {
            let half = text.chars().count() / 2;
            let first: String = text.chars().take(half).collect();
            let second: String = text.chars().skip(half).collect();
            vec![first, second]
        }
        None => vec![text.to_owned()],
    };
    let cap = if lines.len() > 1 { max * 0.85 } else { max };
    let size = lines
        .iter()
        .map(|line| size_to_fit(face, line, cap, width))
        .fold(cap, f32::min)
        .max(min);
    // Never past the edge of the page: smaller than the usual smallest size, if need be.
    let size = lines
        .iter()
        .map(|line| size_to_fit(face, line, size, width))
        .fold(size, f32::min);
    (lines, size)
}

fn size_to_fit(face: &Typeface, text: &str, max: f32, width: f32) -> f32 {
    let at_max = face.width(text, max);
    if at_max <= width || at_max <= 0.0 {
        max
    } else {
        max * width / at_max
    }
}

/// A shipped font: krilla's handle for drawing, and the same font shaped with rustybuzz
/// (the shaper krilla draws with) for measuring, so a measured width is the drawn width,
/// kerning included.
struct Typeface {
    font: Font,
    face: rustybuzz::Face<'static>,
}

impl Typeface {
    fn new(bytes: &'static [u8]) -> Result<Self, CertificateError> {
        let font = Font::new(bytes.into(), 0)
            .ok_or_else(|| CertificateError::Pdf("the shipped font cannot be read".to_owned()))?;
        let face = rustybuzz::Face::from_slice(bytes, 0)
            .ok_or_else(|| CertificateError::Pdf("the shipped font cannot be read".to_owned()))?;
        Ok(Self { font, face })
    }

    /// The width of `text` at `size` points, as shaped: advances with kerning.
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        #[expect(
            clippy::cast_precision_loss,
            reason = "a line's width in font units is small"
        )]
        let units = units as f32;
        let per_em = u16::try_from(self.face.units_per_em())
            .unwrap_or(1000)
            .max(1);
        units / f32::from(per_em) * size
    }

    /// The characters of `text` the font cannot draw (spaces and line breaks aside).
    fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && self.face.glyph_index(*c).is_none())
            .collect();
        missing.dedup();
        missing
    }
}

/// Draws on the page. Coordinates are points from the top-left corner; `y` is a baseline.
struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
}

fn colour((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

impl Pen<'_, '_> {
    fn text(
        &mut self,
        face: &Typeface,
        size: f32,
        color: (u8, u8, u8),
        x: f32,
        y: f32,
        text: &str,
    ) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: colour(color).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::default(),
        }));
        self.surface.draw_text(
            Point::from_xy(x, y),
            face.font.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    fn centered_at(
        &mut self,
        face: &Typeface,
        size: f32,
        color: (u8, u8, u8),
        x: f32,
        y: f32,
        text: &str,
    ) {
        let width = face.width(text, size);
        self.text(face, size, color, x - width / 2.0, y, text);
    }

    fn centered(&mut self, face: &Typeface, size: f32, color: (u8, u8, u8), y: f32, text: &str) {
        self.centered_at(face, size, color, PAGE_WIDTH / 2.0, y, text);
    }

    fn stroke(&mut self, width: f32, color: (u8, u8, u8)) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: colour(color).into(),
            width,
            ..Stroke::default()
        }));
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: (u8, u8, u8)) {
        let mut path = PathBuilder::new();
        path.move_to(x1, y1);
        path.line_to(x2, y2);
        if let Some(path) = path.finish() {
            self.stroke(width, color);
            self.surface.draw_path(&path);
        }
    }

    /// A rectangle `inset` points inside the page edge.
    fn frame(&mut self, inset: f32, width: f32, color: (u8, u8, u8)) {
        let Some(rect) = Rect::from_ltrb(inset, inset, PAGE_WIDTH - inset, PAGE_HEIGHT - inset)
        else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.stroke(width, color);
            self.surface.draw_path(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_measure_text_as_shaped() {
        let regular = Typeface::new(REGULAR).unwrap_or_else(|e| panic!("{e}"));
        let wide = regular.width("MMMM", 10.0);
        let narrow = regular.width("iiii", 10.0);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        assert!(regular.missing("Sari Wulandari, Ōsaka, Ça").is_empty());
        assert_eq!(regular.missing("名前 ok"), vec!['名', '前']);
    }

    #[test]
    fn a_name_of_one_hundred_letters_stays_on_the_page() {
        let semibold = Typeface::new(SEMIBOLD).unwrap_or_else(|e| panic!("{e}"));
        let width = 400.0;
        for name in [
            "W".repeat(100),
            format!("{} {}", "W".repeat(60), "M".repeat(60)),
        ] {
            let (lines, size) = fit(&semibold, &name, 36.0, 18.0, width);
            assert!(size > 0.0);
            assert_eq!(lines.concat().replace(' ', ""), name.replace(' ', ""));
            for line in &lines {
                let drawn = semibold.width(line, size);
                assert!(drawn <= width + 0.01, "{line:?} is {drawn} wide at {size}");
            }
        }
    }

    #[test]
    fn kerning_narrows_a_kerned_pair() {
        // Open Sans kerns "AV" and "To": shaped, the pair is narrower than its letters.
        let regular = Typeface::new(REGULAR).unwrap_or_else(|e| panic!("{e}"));
        for pair in ["AV", "To"] {
            let apart: f32 = pair
                .chars()
                .map(|c| regular.width(&c.to_string(), 100.0))
                .sum();
            assert!(regular.width(pair, 100.0) < apart, "{pair} is not kerned");
        }
    }
}
