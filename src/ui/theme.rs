//! Colours, type and spacing in one place. Screens ask the theme; no raw colours elsewhere.
//!
//! The palette is calm (sand, teal, navy) with strong text contrast in both themes. The
//! fonts are shipped with Jaga (Open Sans, and egui's own emoji and icon fonts as
//! fallbacks) and no system font is ever consulted, so every machine draws the same glyphs.

use std::sync::Arc;

use eframe::egui::{
    self, Color32, CornerRadius, FontData, FontDefinitions, FontFamily, FontId, Margin, Stroke,
    TextStyle, Visuals,
};

use crate::content::CalloutKind;

/// Width of the reading column: about 75 characters of body text.
pub const READING_WIDTH: f32 = 760.0;
/// Width of the home screen's grid of module cards.
pub const GRID_WIDTH: f32 = 1040.0;
pub const GAP: f32 = 12.0;
pub const GAP_LARGE: f32 = 24.0;
pub const RADIUS: u8 = 8;

/// A family for semibold text (headings, buttons, labels that need weight).
pub fn semibold() -> FontFamily {
    FontFamily::Name("semibold".into())
}

/// The named text style for section titles.
pub fn title_style() -> TextStyle {
    TextStyle::Name("title".into())
}

/// The themes a person can choose: light, dark, and high contrast (white and yellow on
/// black, for low vision and bright rooms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum ThemeKind {
    #[default]
    Light,
    Dark,
    Contrast,
}

impl ThemeKind {
    pub const ALL: [Self; 3] = [Self::Light, Self::Dark, Self::Contrast];

    /// How the theme is stored in the settings.
    pub fn code(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Contrast => "contrast",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The Fluent key of the theme's name.
    pub fn name_key(self) -> &'static str {
        match self {
            Self::Light => "theme-light",
            Self::Dark => "theme-dark",
            Self::Contrast => "theme-contrast",
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            Self::Light => Palette::LIGHT,
            Self::Dark => Palette::DARK,
            Self::Contrast => Palette::CONTRAST,
        }
    }

    fn is_dark(self) -> bool {
        self != Self::Light
    }
}

/// Where the chosen theme is kept in egui's memory, so every screen draws in it.
fn theme_id() -> egui::Id {
    egui::Id::unique("jaga-theme")
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Color32,
    pub surface: Color32,
    pub surface_alt: Color32,
    pub border: Color32,
    pub text: Color32,
    pub text_muted: Color32,
    pub accent: Color32,
    pub on_accent: Color32,
    pub success: Color32,
    pub success_bg: Color32,
    pub danger: Color32,
    pub danger_bg: Color32,
    pub warning: Color32,
    pub warning_bg: Color32,
    pub info: Color32,
    pub info_bg: Color32,
    pub example: Color32,
    pub example_bg: Color32,
    /// The keyboard focus ring: at least 3:1 against every background it is drawn on.
    pub focus: Color32,
}

impl Palette {
    pub const LIGHT: Self = Self {
        background: Color32::from_rgb(0xF6, 0xF4, 0xEF),
        surface: Color32::from_rgb(0xFF, 0xFF, 0xFF),
        surface_alt: Color32::from_rgb(0xEE, 0xEB, 0xE3),
        border: Color32::from_rgb(0xD6, 0xD2, 0xC8),
        text: Color32::from_rgb(0x1C, 0x25, 0x33),
        text_muted: Color32::from_rgb(0x55, 0x5F, 0x6D),
        accent: Color32::from_rgb(0x0F, 0x6E, 0x68),
        on_accent: Color32::from_rgb(0xFF, 0xFF, 0xFF),
        success: Color32::from_rgb(0x16, 0x6A, 0x36),
        success_bg: Color32::from_rgb(0xE3, 0xF4, 0xE8),
        danger: Color32::from_rgb(0x85, 0x26, 0x13),
        danger_bg: Color32::from_rgb(0xFB, 0xE6, 0xE4),
        warning: Color32::from_rgb(0xAE, 0x4E, 0x09),
        warning_bg: Color32::from_rgb(0xFD, 0xF0, 0xD9),
        info: Color32::from_rgb(0x1E, 0x3A, 0x8A),
        info_bg: Color32::from_rgb(0xE5, 0xEB, 0xFA),
        example: Color32::from_rgb(0x5B, 0x3F, 0x8C),
        example_bg: Color32::from_rgb(0xEF, 0xEA, 0xF7),
        focus: Color32::from_rgb(0x0B, 0x1F, 0x4D),
    };

    pub const DARK: Self = Self {
        background: Color32::from_rgb(0x12, 0x17, 0x1E),
        surface: Color32::from_rgb(0x1B, 0x22, 0x2B),
        surface_alt: Color32::from_rgb(0x24, 0x2D, 0x38),
        border: Color32::from_rgb(0x38, 0x43, 0x51),
        text: Color32::from_rgb(0xE8, 0xEA, 0xED),
        text_muted: Color32::from_rgb(0xA6, 0xAF, 0xBA),
        accent: Color32::from_rgb(0x3C, 0xC4, 0xB4),
        on_accent: Color32::from_rgb(0x08, 0x1A, 0x19),
        success: Color32::from_rgb(0x6E, 0xD6, 0x8F),
        success_bg: Color32::from_rgb(0x16, 0x33, 0x22),
        danger: Color32::from_rgb(0xEB, 0x79, 0x95),
        danger_bg: Color32::from_rgb(0x3D, 0x1C, 0x1B),
        warning: Color32::from_rgb(0xF5, 0x8F, 0x46),
        warning_bg: Color32::from_rgb(0x3A, 0x2A, 0x12),
        info: Color32::from_rgb(0x93, 0xB0, 0xF5),
        info_bg: Color32::from_rgb(0x1A, 0x25, 0x42),
        example: Color32::from_rgb(0xC4, 0xA9, 0xF0),
        example_bg: Color32::from_rgb(0x2A, 0x21, 0x3D),
        focus: Color32::from_rgb(0xFF, 0xD1, 0x66),
    };

    /// High contrast: white text on black, yellow actions, cyan focus.
    pub const CONTRAST: Self = Self {
        background: Color32::from_rgb(0x00, 0x00, 0x00),
        surface: Color32::from_rgb(0x00, 0x00, 0x00),
        surface_alt: Color32::from_rgb(0x1A, 0x1A, 0x1A),
        border: Color32::from_rgb(0xFF, 0xFF, 0xFF),
        text: Color32::from_rgb(0xFF, 0xFF, 0xFF),
        text_muted: Color32::from_rgb(0xE6, 0xE6, 0xE6),
        accent: Color32::from_rgb(0xFF, 0xE0, 0x3D),
        on_accent: Color32::from_rgb(0x00, 0x00, 0x00),
        success: Color32::from_rgb(0x7D, 0xFF, 0x9B),
        success_bg: Color32::from_rgb(0x00, 0x00, 0x00),
        danger: Color32::from_rgb(0xFF, 0x9E, 0x9E),
        danger_bg: Color32::from_rgb(0x00, 0x00, 0x00),
        warning: Color32::from_rgb(0xFF, 0xE0, 0x3D),
        warning_bg: Color32::from_rgb(0x00, 0x00, 0x00),
        info: Color32::from_rgb(0x9E, 0xE7, 0xFF),
        info_bg: Color32::from_rgb(0x00, 0x00, 0x00),
        example: Color32::from_rgb(0xE8, 0xC2, 0xFF),
        example_bg: Color32::from_rgb(0x00, 0x00, 0x00),
        focus: Color32::from_rgb(0x00, 0xE5, 0xFF),
    };

    /// The palette of the theme `ui` is drawn in.
    pub fn of(ui: &egui::Ui) -> Self {
        Self::of_ctx(ui.ctx())
    }

    pub fn of_ctx(ctx: &egui::Context) -> Self {
        ctx.data(|d| d.get_temp::<ThemeKind>(theme_id()))
            .unwrap_or_default()
            .palette()
    }

    /// Every background a focus ring or text may be drawn on.
    pub fn backgrounds(&self) -> [Color32; 8] {
        [
            self.background,
            self.surface,
            self.surface_alt,
            self.success_bg,
            self.danger_bg,
            self.warning_bg,
            self.info_bg,
            self.example_bg,
        ]
    }

    /// Foreground and background of a callout kind.
    pub fn callout(&self, kind: CalloutKind) -> (Color32, Color32) {
        match kind {
            CalloutKind::Tip => (self.success, self.success_bg),
            CalloutKind::Warning => (self.warning, self.warning_bg),
            CalloutKind::Example => (self.example, self.example_bg),
            CalloutKind::Law => (self.info, self.info_bg),
        }
    }
}

/// Installs the shipped fonts, with no system-font fallback.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::empty();
    let mut add = |name: &str, bytes: &'static [u8]| {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    };
    add(
        "open-sans",
        include_bytes!("../../assets/fonts/OpenSans-Regular.ttf"),
    );
    add(
        "open-sans-semibold",
        include_bytes!("../../assets/fonts/OpenSans-Semibold.ttf"),
    );
    // The few symbols the interface draws (✔ ✖ → ⚠ …), cut from DejaVu Sans.
    add(
        "jaga-symbols",
        include_bytes!("../../assets/fonts/jaga-symbols.ttf"),
    );
    let defaults = FontDefinitions::default();
    for (name, data) in &defaults.font_data {
        if name.starts_with("Hack") {
            fonts.font_data.insert(name.clone(), Arc::clone(data));
        }
    }
    let family = |first: &str| vec![first.to_owned(), "jaga-symbols".to_owned()];
    fonts
        .families
        .insert(FontFamily::Proportional, family("open-sans"));
    fonts
        .families
        .insert(semibold(), family("open-sans-semibold"));
    let mut mono: Vec<String> = defaults
        .families
        .get(&FontFamily::Monospace)
        .into_iter()
        .flatten()
        .filter(|name| name.starts_with("Hack"))
        .cloned()
        .collect();
    mono.extend(family("open-sans"));
    fonts.families.insert(FontFamily::Monospace, mono);
    ctx.set_fonts(fonts);
    // eframe adds a system font provider only with its `system_fonts` feature, which
    // Jaga leaves off; make sure none is set.
    ctx.set_font_providers(Vec::new());
}

/// Applies a theme: colours, text sizes, spacing.
pub fn apply(ctx: &egui::Context, kind: ThemeKind) {
    ctx.data_mut(|d| d.insert_temp(theme_id(), kind));
    let palette = kind.palette();
    let dark = kind.is_dark();
    let mut visuals = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    visuals.panel_fill = palette.background;
    visuals.window_fill = palette.surface;
    // Text fields: the page colour inside a visible border, so they stand out on cards.
    visuals.extreme_bg_color = palette.surface_alt;
    visuals.faint_bg_color = palette.surface_alt;
    visuals.override_text_color = Some(palette.text);
    visuals.hyperlink_color = palette.accent;
    visuals.selection.bg_fill = palette.accent.gamma_multiply(0.35);
    visuals.selection.stroke = Stroke::new(1.5, palette.accent);
    let radius = CornerRadius::same(RADIUS);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.corner_radius = radius;
    }
    visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, palette.border);
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, palette.border);
    visuals.widgets.inactive.weak_bg_fill = palette.surface_alt;
    visuals.widgets.inactive.bg_fill = palette.surface_alt;
    visuals.widgets.hovered.weak_bg_fill = palette.accent.gamma_multiply(0.18);
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.0, palette.accent);
    visuals.widgets.active.weak_bg_fill = palette.accent.gamma_multiply(0.3);
    if kind == ThemeKind::Contrast {
        // Every control outlined in white, text never dimmed.
        for widget in [
            &mut visuals.widgets.noninteractive,
            &mut visuals.widgets.inactive,
            &mut visuals.widgets.hovered,
            &mut visuals.widgets.active,
            &mut visuals.widgets.open,
        ] {
            widget.bg_stroke = Stroke::new(1.5, palette.border);
            widget.fg_stroke = Stroke::new(1.5, palette.text);
        }
        visuals.widgets.hovered.bg_stroke = Stroke::new(2.0, palette.accent);
        visuals.widgets.inactive.weak_bg_fill = palette.surface;
        visuals.widgets.inactive.bg_fill = palette.surface;
        // Selected items: white text on dark amber, outlined in yellow.
        visuals.selection.bg_fill = Color32::from_rgb(0x4D, 0x40, 0x00);
        visuals.selection.stroke = Stroke::new(2.0, palette.accent);
    }
    ctx.set_visuals_of(
        if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        },
        visuals,
    );
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });

    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::new(26.0, semibold())),
            (title_style(), FontId::new(19.0, semibold())),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        style.spacing.interact_size.y = 32.0;
        style.spacing.window_margin = Margin::same(16);
    });
}

/// A card: a surface with a border and rounded corners.
pub fn card(ui: &egui::Ui) -> egui::Frame {
    let palette = Palette::of(ui);
    egui::Frame::new()
        .fill(palette.surface)
        .stroke(Stroke::new(1.0, palette.border))
        .corner_radius(CornerRadius::same(RADIUS))
        .inner_margin(Margin::same(16))
}

/// A tinted box for feedback and callouts.
pub fn tinted(fg: Color32, bg: Color32) -> egui::Frame {
    egui::Frame::new()
        .fill(bg)
        .stroke(Stroke::new(1.0, fg.gamma_multiply(0.6)))
        .corner_radius(CornerRadius::same(RADIUS))
        .inner_margin(Margin::same(12))
}

/// A primary action button: accent fill, strong label.
pub fn primary(ui: &egui::Ui, text: impl Into<String>) -> egui::Button<'static> {
    let palette = Palette::of(ui);
    egui::Button::new(
        egui::RichText::new(text.into())
            .color(palette.on_accent)
            .family(semibold()),
    )
    .fill(palette.accent)
}

/// Draws the keyboard focus ring around `rect`: 2.5 px in the theme's focus colour, 3 px
/// outside the widget, so the ring always lies on the page or card colour (never on the
/// widget's own fill) and keeps its contrast.
pub fn focus_ring(ctx: &egui::Context, rect: egui::Rect) {
    let palette = Palette::of_ctx(ctx);
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("jaga-focus-ring"),
    ));
    painter.rect_stroke(
        rect.expand(3.0),
        CornerRadius::same(RADIUS + 3),
        Stroke::new(2.5, palette.focus),
        egui::StrokeKind::Outside,
    );
}

/// The contrast ratio of two colours (WCAG 2.x relative luminance), 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn channel(c: u8) -> f32 {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let luminance =
        |c: Color32| 0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b());
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}
