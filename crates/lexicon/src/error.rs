//! Errors from loading and compiling lexicons: they name the file, line and key.

use std::fmt;

/// A lexicon file that cannot be used.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file, as given or as embedded (`<embedded>/en/coercive/threat.toml`).
    pub path: String,
    /// 1-based line of the problem, when known.
    pub line: Option<u32>,
    /// The key or rule at fault, when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LexiconError {}

impl LexiconError {
    /// An error in the file (or source) `path`, at no particular line or key.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        LexiconError { path: path.into(), line: None, key: None, message: message.into() }
    }

    /// The same error, at 1-based `line`.
    pub fn with_line(self, line: u32) -> Self {
        LexiconError { line: Some(line), ..self }
    }

    /// The same error, naming the key or rule at fault.
    pub fn with_key(self, key: impl Into<String>) -> Self {
        LexiconError { key: Some(key.into()), ..self }
    }

    /// An error at byte `offset` of `source`.
    pub fn at(path: &str, source: &str, offset: Option<usize>, key: Option<&str>, message: impl Into<String>) -> Self {
        LexiconError {
            path: path.to_string(),
            line: offset.map(|o| line_of(source, o)),
            key: key.map(str::to_string),
            message: message.into(),
        }
    }
}

// Lines by the one rule of the text crate (a lone `\r` ends a line too, as editors count).
pub use goodfaith_text::lines::line_of;
