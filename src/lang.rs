//! The two languages Jaga ships its interface and its course in: Bahasa Indonesia first,
//! English second. One type for every place that picks one (the window, certificates,
//! GIFT import, reports and the command line's `--lang`), so they cannot drift apart.
//! A module may declare other languages; those are plain codes, not this type.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The code used in content files and stored with attempts.
    pub fn code(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    /// `id` or `en`; anything else is `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "id" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn every_language_reads_back_from_its_code() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
