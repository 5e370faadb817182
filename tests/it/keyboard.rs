//! The learner's journey by keyboard alone and as a screen reader hears it, in the real
//! window: no pointer event is sent in the journeys below, only keys and typed text, and
//! what is checked is the AccessKit tree a screen reader reads (focus, roles, live regions).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::sync::Arc;

use eframe::egui::{self, Event, Key, accesskit::Live, accesskit::Role};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jaga::clock::FixedClock;
use jaga::i18n::{Lang, tr, trf};
use jaga::store::{Store, keys};

use crate::support::window::{TestApp, app, app_with, t0, ui_course};

/// What the focused node says: its role and its name (a label's text is its value).
fn focused(app: &TestApp) -> Option<(Role, String)> {
    app.harness
        .root()
        .children_recursive()
        .find(|n| n.accesskit_node().is_focused())
        .map(|n| {
            let node = n.accesskit_node();
            let name = node
                .label()
                .filter(|l| !l.is_empty())
                .or_else(|| node.value())
                .unwrap_or_default();
            (node.role(), name)
        })
}

pub(crate) fn focused_name(app: &TestApp) -> String {
    focused(app).map(|(_, name)| name).unwrap_or_default()
}

/// Presses Tab until the control named `name` has the focus.
pub(crate) fn tab_to(app: &mut TestApp, name: &str) {
    for _ in 0..80 {
        if focused_name(app) == name {
            return;
        }
        app.key(Key::Tab);
    }
    panic!(
        "Tab never reached {name:?}; the focus is on {:?}",
        focused(app)
    );
}

pub(crate) fn type_text(app: &mut TestApp, text: &str) {
    app.harness.event(Event::Text(text.to_owned()));
    app.settle();
}

/// Welcome, a profile, the basics module's two lessons and its two questions, to the
/// result: keys and typed text only.
fn journey(lang: Lang) {
    let dir = tempfile::tempdir().unwrap();
    if lang != Lang::Id {
        let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
        store.set_setting(keys::LANGUAGE, lang.code()).unwrap();
    }
    let mut app = app(dir.path());
    let t = |key: &str| tr(lang, key);

    tab_to(&mut app, &t("welcome-continue"));
    app.key(Key::Enter);

    // The form's first field has the focus: type, Tab, type, Enter.
    assert_eq!(
        focused(&app),
        Some((Role::TextInput, t("field-employee-id"))),
        "the first field of the profile form is focused"
    );
    type_text(&mut app, "E-300");
    app.key(Key::Tab);
    assert_eq!(focused_name(&app), t("field-display-name"));
    type_text(&mut app, "Rina Ayu");
    app.key(Key::Enter);
    let greeting = trf(lang, "home-greeting", &[("name", "Rina Ayu".to_owned())]);
    assert!(app.shows(&greeting), "Enter made the profile");

    tab_to(&mut app, &t("home-open"));
    app.key(Key::Enter);
    let step = |n: usize| {
        trf(
            lang,
            "lesson-step",
            &[("n", n.to_string()), ("total", "2".to_owned())],
        )
    };
    assert!(app.shows(&step(1)));
    tab_to(&mut app, &t("next"));
    app.key(Key::Enter);
    assert!(app.shows(&step(2)));
    tab_to(&mut app, &t("lesson-start-quiz"));
    app.key(Key::Enter);

    for (n, picks) in [(1, &[Key::Num1][..]), (2, &[Key::Num1, Key::Num2][..])] {
        let progress = trf(
            lang,
            "quiz-question-of",
            &[("n", n.to_string()), ("total", "2".to_owned())],
        );
        let (role, name) = focused(&app).expect("a question opens with the focus on it");
        assert_eq!(role, Role::Heading);
        assert!(
            name.starts_with(&progress),
            "the question is read with its number: {name:?}"
        );
        for key in picks {
            app.key(*key);
        }
        app.key(Key::Enter);
        // The feedback has the focus and is a live region.
        assert_eq!(focused_name(&app), t("quiz-correct"));
        let feedback = app
            .harness
            .get_by_label(&t("quiz-correct"))
            .accesskit_node()
            .live();
        assert_eq!(feedback, Live::Polite, "the feedback is announced");
        app.key(Key::Enter);
    }
    assert!(app.shows(&t("result-passed")));
    let store = app.store();
    let learner = store.learner_by_employee_id("E-300").unwrap().unwrap();
    let attempts = store.attempts(&learner.id).unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].passed);
    assert_eq!(attempts[0].language, lang.code());
}

#[test]
fn a_module_is_completed_by_keyboard_alone_in_indonesian() {
    journey(Lang::Id);
}

#[test]
fn a_module_is_completed_by_keyboard_alone_in_english() {
    journey(Lang::En);
}

#[test]
fn after_submit_tab_goes_from_the_feedback_to_next_not_to_the_top_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.create_profile("E-1", "Rina", "");
    app.click_nth("Buka modul", 0);
    app.click("Langsung ke kuis");
    app.key(Key::Num1);
    app.key(Key::Enter);
    assert_eq!(focused_name(&app), "Benar!");
    app.key(Key::Tab);
    assert_eq!(
        focused_name(&app),
        "Pertanyaan berikutnya",
        "Tab goes on to Next"
    );
}

#[test]
fn pages_have_headings_with_levels_and_decorations_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let headings: Vec<(String, Option<usize>)> = app
        .harness
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::Heading)
        .map(|n| {
            let node = n.accesskit_node();
            (node.label().unwrap_or_default(), node.level())
        })
        .collect();
    assert!(headings.contains(&("Selamat datang di Jaga".to_owned(), Some(1))));
    assert!(headings.contains(&("Apa yang disimpan Jaga".to_owned(), Some(2))));
    for glyph in ["•", "·", "✔", "✖"] {
        assert!(
            !app.all_texts().iter().any(|t| t.trim() == glyph),
            "{glyph} is read as a node"
        );
    }
    app.create_profile("E-1", "Rina", "Keuangan");
    assert!(
        !app.all_texts().iter().any(|t| t.contains(" · ")),
        "separators are read as commas: {:?}",
        app.all_texts()
    );
}

#[test]
fn the_top_bar_is_read_and_tabbed_left_to_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.create_profile("E-1", "Rina", "");
    let bar_bottom = app.harness.get_by_label("Jaga").rect().bottom() + 8.0;
    let order: Vec<String> = app
        .harness
        .root()
        .children_recursive()
        .filter(|n| matches!(n.accesskit_node().role(), Role::Button | Role::ComboBox))
        .filter(|n| n.rect().top() < bar_bottom)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .take(5)
        .collect();
    assert_eq!(
        order,
        [
            "Lewati ke isi",
            "Data saya",
            "Keluar",
            "Tema",
            "Bahasa Indonesia"
        ],
        "tree order is visual order"
    );
    // Tab goes the same way: past the page's end it comes round to the skip link first.
    tab_to(&mut app, "Lewati ke isi");
    app.key(Key::Tab);
    assert_eq!(focused_name(&app), "Data saya");
    app.key(Key::Tab);
    assert_eq!(focused_name(&app), "Keluar");
    // The skip link takes the focus to the page's heading.
    app.key(Key::F6);
    assert_eq!(
        focused(&app),
        Some((Role::Heading, "Halo, Rina".to_owned()))
    );
}

/// The rectangles of the top bar's named parts.
fn top_bar_rects(app: &TestApp) -> Vec<(String, egui::Rect)> {
    let bar_bottom = app
        .harness
        .get_by_label("Pelatihan pelindungan data pribadi")
        .rect()
        .bottom()
        + 200.0;
    app.harness
        .root()
        .children_recursive()
        .filter(|n| {
            let role = n.accesskit_node().role();
            matches!(
                role,
                Role::Button | Role::ComboBox | Role::Label | Role::Heading
            )
        })
        .filter_map(|n| {
            let node = n.accesskit_node();
            let name = node.label().or_else(|| node.value())?;
            let rect = n.rect();
            (rect.top() < bar_bottom && rect.width() > 2.0 && !name.is_empty())
                .then_some((name, rect))
        })
        .filter(|(name, _)| {
            [
                "Jaga",
                "Pelatihan pelindungan data pribadi",
                "Data saya",
                "Keluar",
                "Tema",
                "Bahasa Indonesia",
                "English",
            ]
            .contains(&name.as_str())
        })
        .collect()
}

fn assert_no_overlap(app: &TestApp, what: &str) {
    let rects = top_bar_rects(app);
    assert!(rects.len() >= 6, "{what}: found {rects:?}");
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            let overlap = ra.intersect(*rb);
            assert!(
                overlap.width() <= 0.5 || overlap.height() <= 0.5 || a == b,
                "{what}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
}

#[test]
fn the_top_bar_never_overlaps_at_1024x720_or_at_200_percent_zoom() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.create_profile("E-1", "Rina Ayu Kusumawardhani", "Keuangan");
    app.harness.set_size(egui::vec2(1024.0, 720.0));
    app.settle();
    app.settle();
    assert_no_overlap(&app, "1024x720");
    app.harness.ctx.set_zoom_factor(2.0);
    app.settle();
    app.settle();
    assert_no_overlap(&app, "1024x720 at 200%");
    app.click_nth("Buka modul", 0);
    app.settle();
    assert_no_overlap(&app, "a lesson at 200%");
}

#[test]
fn the_zoom_and_the_high_contrast_theme_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut app = app(dir.path());
        app.create_profile("E-1", "Rina", "");
        app.harness.ctx.set_zoom_factor(1.5);
        app.settle();
        app.harness
            .get_by_role_and_label(Role::ComboBox, "Tema")
            .click_accesskit();
        app.settle();
        app.press("Kontras tinggi");
    }
    let clock = Arc::new(FixedClock::new(t0()));
    let app = app_with(ui_course(), dir.path(), clock, 7);
    assert!((app.harness.ctx.zoom_factor() - 1.5).abs() < 0.01);
    assert_eq!(
        app.harness
            .get_by_role_and_label(Role::ComboBox, "Tema")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Kontras tinggi")
    );
}

#[test]
fn every_theme_has_a_focus_ring_of_at_least_3_to_1_against_every_background() {
    use jaga::ui::theme::{ThemeKind, contrast};
    for kind in ThemeKind::ALL {
        let palette = kind.palette();
        for background in palette.backgrounds() {
            let ratio = contrast(palette.focus, background);
            assert!(
                ratio >= 3.0,
                "{kind:?}: focus {:?} on {background:?} is {ratio:.2}:1",
                palette.focus
            );
        }
        // Body text stays readable (WCAG AA, 4.5:1) on every background too.
        for background in palette.backgrounds() {
            let ratio = contrast(palette.text, background);
            assert!(
                ratio >= 4.5,
                "{kind:?}: text on {background:?} is {ratio:.2}:1"
            );
        }
    }
}

#[test]
fn a_long_page_scrolls_with_the_keyboard_and_follows_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.create_profile("E-1", "Rina", "");
    app.harness.set_size(egui::vec2(1024.0, 360.0));
    app.settle();
    app.click_nth("Buka modul", 0);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 360.0));
    let next = |app: &TestApp| app.harness.get_by_label("Berikutnya").rect();
    assert!(
        !window.contains_rect(next(&app)),
        "the lesson is longer than the window"
    );
    app.key(Key::End);
    app.settle();
    assert!(
        window.contains_rect(next(&app)),
        "End scrolled to the bottom: {:?}",
        next(&app)
    );
    app.key(Key::Home);
    app.settle();
    assert!(!window.contains_rect(next(&app)), "Home scrolled back up");
    // Tab to the off-screen button scrolls it into view.
    tab_to(&mut app, "Berikutnya");
    app.settle();
    assert!(window.contains_rect(next(&app)), "the focus is followed");
}

#[test]
fn home_cards_are_as_tall_as_the_taller_card_in_their_row_and_no_taller() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let mut app = app_with(jaga::content::ContentSource::Bundled, dir.path(), clock, 7);
    app.create_profile("E-1", "Rina", "Keuangan");
    app.harness.set_size(egui::vec2(1024.0, 2400.0));
    for _ in 0..5 {
        app.settle();
    }
    let buttons: Vec<egui::Rect> = app
        .harness
        .get_all_by_role_and_label(Role::Button, "Buka modul")
        .map(|n| n.rect())
        .collect();
    assert!(buttons.len() >= 4, "two rows of cards: {buttons:?}");
    let first_row = buttons[0];
    let second_row_title = app
        .harness
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::Heading)
        .map(|n| n.rect())
        .filter(|r| r.top() > first_row.bottom())
        .map(|r| r.top())
        .fold(f32::INFINITY, f32::min);
    let gap = second_row_title - first_row.bottom();
    // The card's margin below its buttons, the space between rows, the next card's margin.
    assert!(
        gap < 64.0,
        "{gap} px of empty card between the first row's buttons and the next row's title"
    );
}

/// sRGB channel (0–255) to linear light.
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A colour as a person with deuteranopia sees it (Machado, Oliveira & Fernandes 2009,
/// severity 1), in linear RGB.
fn deuteranope(c: egui::Color32) -> [f64; 3] {
    let (r, g, b) = (linear(c.r()), linear(c.g()), linear(c.b()));
    [
        (0.367_322 * r + 0.860_646 * g - 0.227_968 * b).clamp(0.0, 1.0),
        (0.280_085 * r + 0.672_501 * g + 0.047_413 * b).clamp(0.0, 1.0),
        (-0.011_820 * r + 0.042_940 * g + 0.968_881 * b).clamp(0.0, 1.0),
    ]
}

/// CIE L*a*b* of a linear RGB colour (D65).
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let [red, green, blue] = rgb;
    let xyz = [
        (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.950_47,
        0.2126 * red + 0.7152 * green + 0.0722 * blue,
        (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.088_83,
    ];
    let f = |t: f64| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let [fx, fy, fz] = xyz.map(f);
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

#[test]
fn status_colours_stay_apart_for_people_with_deuteranopia_in_every_theme() {
    use jaga::ui::theme::ThemeKind;
    for kind in ThemeKind::ALL {
        let p = kind.palette();
        let tones = [
            ("passed", p.success),
            ("expiring soon", p.warning),
            ("failed, overdue, expired", p.danger),
            ("in progress", p.info),
            ("not started", p.text_muted),
        ];
        for (i, (a, ca)) in tones.iter().enumerate() {
            for (b, cb) in &tones[i + 1..] {
                let (la, lb) = (lab(deuteranope(*ca)), lab(deuteranope(*cb)));
                let delta =
                    ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2))
                        .sqrt();
                assert!(
                    delta >= 15.0,
                    "{kind:?}: {a} and {b} look alike to a deuteranope (ΔE {delta:.1})"
                );
            }
        }
    }
}
