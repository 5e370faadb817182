//! The small pure rules other code reuses without a [`super::Checker`]: slugs, item ids,
//! language codes, image paths, and "did you mean" suggestions for misspelt names.

use crate::i18n::{Arg, Localized, Message};

/// The image file types the app can draw.
pub const IMAGE_EXTENSIONS: &[&str] = &["png"];

/// Why an image path in a module does not name an image Jaga can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("image path `{0}` uses '\\'; write paths with '/', like assets/images/x.png")]
    Backslash(String),
    #[error(
        "image path `{0}` is absolute; write it relative to the content folder, like assets/images/x.png"
    )]
    Absolute(String),
    #[error(
        "image path `{0}` escapes the content folder or has empty parts; keep images inside assets/"
    )]
    Escapes(String),
    #[error("image path `{0}` must be under assets/, like assets/images/x.png")]
    OutsideAssets(String),
    #[error("image `{0}` is not a PNG file; Jaga shows PNG images")]
    NotPng(String),
    #[error("image `{0}` does not exist in the bundled assets")]
    NotBundled(String),
    #[error("image `{0}` cannot be found: there is no assets folder beside the modules")]
    NoAssetsFolder(String),
    #[error("cannot open the assets folder {folder}: {reason}")]
    AssetsFolderUnreadable { folder: String, reason: String },
    #[error("image `{path}` does not exist (looked for {looked_for})")]
    Missing { path: String, looked_for: String },
    #[error("image `{0}` links to a file outside the assets folder")]
    LinksOutside(String),
    #[error("image `{0}` is not a file")]
    NotAFile(String),
    #[error("image `{0}` is not PNG data (its first bytes are not a PNG signature)")]
    NotPngData(String),
    #[error("image `{path}` is {size}, over the {limit_mib} MiB limit for an image")]
    ImageTooBig {
        path: String,
        size: String,
        limit_mib: u64,
    },
    #[error("the assets folder {0} is a link to another place; make it a real folder")]
    AssetsFolderLinked(String),
}

/// The known name closest to a misspelt one (the course files' checks call it so).
pub(crate) fn closest<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    suggestion(unknown, known)
}

/// The known name closest to the unknown one, when it is close enough to be a misspelling.
pub(crate) fn suggestion<'a>(
    unknown: &str,
    known: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .map(|k| (strsim::levenshtein(unknown, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

impl Localized for ImageProblem {
    fn message(&self) -> Message {
        let (key, path) = match self {
            Self::Backslash(p) => ("diag-image-backslash", p),
            Self::Absolute(p) => ("diag-image-absolute", p),
            Self::Escapes(p) => ("diag-image-escapes", p),
            Self::OutsideAssets(p) => ("diag-image-outside-assets", p),
            Self::NotPng(p) => ("diag-image-not-png", p),
            Self::NotBundled(p) => ("diag-image-not-bundled", p),
            Self::NoAssetsFolder(p) => ("diag-image-no-assets-folder", p),
            Self::LinksOutside(p) => ("diag-image-links-outside", p),
            Self::NotAFile(p) => ("diag-image-not-a-file", p),
            Self::NotPngData(p) => ("diag-image-not-png-data", p),
            Self::AssetsFolderLinked(folder) => {
                return Message::new("diag-image-assets-linked").with("folder", folder.as_str());
            }
            Self::ImageTooBig {
                path,
                size,
                limit_mib,
            } => {
                return Message::new("diag-image-too-big")
                    .with("path", path.as_str())
                    .with("size", size.as_str())
                    .with("limit", *limit_mib);
            }
            Self::AssetsFolderUnreadable { folder, reason } => {
                return Message::new("diag-image-assets-unreadable")
                    .with("folder", folder.as_str())
                    .with("reason", reason.as_str());
            }
            Self::Missing { path, looked_for } => {
                return Message::new("diag-image-missing")
                    .with("path", path.as_str())
                    .with("looked_for", looked_for.as_str());
            }
        };
        Message::new(key).with("path", path.as_str())
    }
}

/// `; did you mean `x`?` in the reader's language when a known name is close to the
/// unknown one, else `otherwise`: the `hint` argument of a diagnostic.
pub(crate) fn did_you_mean<'a>(
    unknown: &str,
    known: impl Iterator<Item = &'a str>,
    otherwise: &str,
) -> Arg {
    suggestion(unknown, known).map_or_else(
        || Arg::Text(otherwise.to_owned()),
        |name| Message::new("diag-did-you-mean").with("name", name).into(),
    )
}

/// Lowercase letters, digits and single inner hyphens, up to 64 characters.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub(super) fn is_item_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let region = parts.next();
    parts.next().is_none()
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The checks on an image path that need no file system: relative, under `assets/`,
/// no way out of it, a type the app can draw.
pub fn check_image_path(image: &str) -> Result<(), ImageProblem> {
    if image.contains('\\') {
        return Err(ImageProblem::Backslash(image.to_owned()));
    }
    if image.starts_with('/') || image.contains(':') {
        return Err(ImageProblem::Absolute(image.to_owned()));
    }
    if image
        .split('/')
        .any(|part| part == ".." || part == "." || part.is_empty())
    {
        return Err(ImageProblem::Escapes(image.to_owned()));
    }
    if !image.starts_with("assets/") {
        return Err(ImageProblem::OutsideAssets(image.to_owned()));
    }
    let extension = image.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !extension
        .as_deref()
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e))
    {
        return Err(ImageProblem::NotPng(image.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_slug("data-leaks-101"));
        assert!(!is_slug("Data"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
    }

    #[test]
    fn language_codes_follow_bcp47_shape() {
        assert!(is_language_code("id"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("EN"));
        assert!(!is_language_code("english"));
    }

    #[test]
    fn image_paths_must_stay_under_assets() {
        assert!(check_image_path("assets/images/a.png").is_ok());
        assert!(check_image_path("assets/../secret.png").is_err());
        assert!(check_image_path("/etc/passwd.png").is_err());
        assert!(check_image_path("images/a.png").is_err());
        assert!(check_image_path("assets/a.gif").is_err());
    }

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(
            suggestion("strat", ["start", "end"].into_iter()),
            Some("start")
        );
        assert_eq!(suggestion("zzz", ["start"].into_iter()), None);
    }
}
