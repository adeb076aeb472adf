//! Input: bytes in, [`Conversation`] out. One reader per format; format detection from
//! the extension and the content lives here.

mod conversation;
mod decode;
mod plain;

pub use conversation::{Anchor, Conversation, Kind, Notice, SourceCursor, SourceLocator, SourceMap, Turn};
pub use decode::{decode, DecodeError};

use std::fmt;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text or a `Name: text` transcript.
    Plain,
}

impl Format {
    /// Every format, for `--input-format` and docs.
    pub const ALL: &'static [Format] = &[Format::Plain];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name || (name == "text" || name == "txt") && *f == Format::Plain)
    }

    /// Guesses the format from a file name and the first bytes of its content. Content
    /// wins over the extension when it is unmistakable.
    pub fn detect(_path: &str, _head: &str) -> Format {
        Format::Plain
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Extensions of the files goodfaith reads when it walks a folder (lowercase, without
/// the dot). Keep in step with the formats [`Format::detect`] knows.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "rst", "adoc", "html", "htm", "xhtml", "vtt", "srt", "eml",
    "mbox", "ndjson", "jsonl",
];

/// Extensions of documents (policies, terms, customer-facing pages): analysed in
/// document mode, see [`Conversation::document`].
pub const DOCUMENT_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "rst", "adoc", "html", "htm", "xhtml"];

/// True when `path` names a document by its extension.
pub fn is_document_path(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A binary file: skipped.
    Binary,
    /// The content cannot be read in this format.
    Invalid {
        /// 1-based line, when there is one.
        line: Option<u32>,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Binary => f.write_str("binary file, skipped"),
            InputError::Invalid { line: Some(l), message } => write!(f, "line {l}: {message}"),
            InputError::Invalid { line: None, message } => f.write_str(message),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads one file's bytes as `format` (detected when `None`).
pub fn read(path: &str, bytes: &[u8], format: Option<Format>) -> Result<Conversation, InputError> {
    let (text, notices) = decode(bytes).map_err(|DecodeError::Binary| InputError::Binary)?;
    let head = &text[..crate::text::floor_char_boundary(&text, 4096)];
    let format = format.unwrap_or_else(|| Format::detect(path, head));
    let mut conv = match format {
        Format::Plain => plain::read(path, text),
    };
    let mut all = notices;
    all.append(&mut conv.notices);
    conv.notices = all;
    conv.document = is_document_path(path);
    Ok(conv)
}
