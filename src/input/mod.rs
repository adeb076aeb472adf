//! Input: bytes in, [`Conversation`] out. One reader per format; format detection from
//! the extension and the content lives here, and so does the list of formats.

// One reader per format.
#[cfg(feature = "documents")]
mod docx;
mod email;
mod html;
mod markdown;
pub mod ndjson;
mod otter;
#[cfg(feature = "documents")]
mod pdf;
mod plain;
mod srt;
mod vtt;

// What the readers share: the conversation they build, bytes to text, text mapped back
// to the file, speaker labels, timestamps, subtitle cues, paragraphs.
mod anchors;
mod conversation;
mod cues;
mod decode;
mod derived;
mod labels;
mod paragraphs;
#[cfg(feature = "documents")]
mod pdf_budget;
mod timestamp;

pub use conversation::{
    Anchor, Anchors, Conversation, Kind, Layout, Notice, SourceCursor, SourceLocator, SourceMap, Turn,
};
pub use decode::{decode, DecodeError};
pub use ndjson::{Record, Records};

use std::fmt;

/// An input format.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text or a `Name: text` transcript.
    Plain,
    /// WebVTT subtitles (Teams voice tags, Zoom `Name: text` cues).
    Vtt,
    /// SubRip subtitles.
    Srt,
    /// Otter, Rev or Descript exports: a `Name  0:03` line, then what they said.
    Otter,
    /// One email message (RFC 5322, MIME).
    Email,
    /// A mailbox of messages: one conversation in date order.
    Mbox,
    /// A Markdown document.
    Markdown,
    /// An HTML document.
    Html,
    /// One JSON record per line, each analysed on its own (see [`Records`]).
    Ndjson,
    /// A Word document (`.docx`): findings by paragraph.
    Docx,
    /// A PDF's text layer: findings by page and line.
    Pdf,
}

impl Format {
    /// Every format, for `--input-format` and docs.
    pub const ALL: &'static [Format] = &[
        Format::Plain,
        Format::Vtt,
        Format::Srt,
        Format::Otter,
        Format::Email,
        Format::Mbox,
        Format::Markdown,
        Format::Html,
        Format::Ndjson,
        Format::Docx,
        Format::Pdf,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Otter => "otter",
            Format::Email => "eml",
            Format::Mbox => "mbox",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Ndjson => "ndjson",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Other names and the file extensions of the format.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Plain => &["text", "txt", "transcript"],
            Format::Vtt => &["webvtt"],
            Format::Srt => &["subrip"],
            Format::Otter => &["rev", "descript"],
            Format::Email => &["email", "mail"],
            Format::Mbox => &["mbx", "mailbox"],
            Format::Markdown => &["md", "mdown", "mkd", "mkdn", "markdn"],
            Format::Html => &["htm", "xhtml"],
            Format::Ndjson => &["jsonl", "jsonlines"],
            Format::Docx => &["word"],
            Format::Pdf => &[],
        }
    }

    /// The format named `name` (a name or an alias, any case).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.name() == name || f.aliases().contains(&name.as_str()))
    }

    /// True when one input holds many records, read one at a time with [`Records`].
    pub fn is_stream(self) -> bool {
        self == Format::Ndjson
    }

    /// Guesses the format from a file name and the first bytes of its content. Content
    /// wins over the extension when it is unmistakable (a `.txt` that starts with
    /// `WEBVTT` is WebVTT); otherwise the extension decides, then softer content clues.
    pub fn detect(path: &str, head: &str) -> Format {
        if let Some(f) = sniff_strong(head) {
            return f;
        }
        let ext = std::path::Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
        match Format::from_name(ext) {
            Some(f) if f != Format::Plain => f,
            _ => sniff_weak(head).unwrap_or(Format::Plain),
        }
    }
}

/// Signatures no other format has.
fn sniff_strong(head: &str) -> Option<Format> {
    let head = head.trim_start_matches('\u{FEFF}');
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim_end();
    let webvtt = first.starts_with("WEBVTT") && first[6..].chars().next().is_none_or(char::is_whitespace);
    if webvtt && head.contains("-->") {
        return Some(Format::Vtt);
    }
    if srt::looks_like(head) {
        return Some(Format::Srt);
    }
    if email::mbox::looks_like(head) {
        return Some(Format::Mbox);
    }
    let lower = first.get(..15).unwrap_or(first).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Some(Format::Html);
    }
    None
}

/// Clues for files without a telling extension.
fn sniff_weak(head: &str) -> Option<Format> {
    let head = head.trim_start_matches('\u{FEFF}');
    if email::looks_like(head) {
        Some(Format::Email)
    } else if ndjson::looks_like(head) {
        Some(Format::Ndjson)
    } else if otter::looks_like(head) {
        Some(Format::Otter)
    } else {
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Extensions of the files goodfaith reads when it walks a folder (lowercase, without
/// the dot): the formats above, plus reStructuredText and AsciiDoc read as plain text.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "mkdn", "markdn", "rst", "adoc", "html", "htm", "xhtml", "vtt",
    "srt", "eml", "mbox", "mbx", "ndjson", "jsonl", "docx", "pdf",
];

/// Extensions of documents read as plain text (see [`Conversation::document`]).
const PLAIN_DOCUMENT_EXTENSIONS: &[&str] = &["rst", "adoc"];

impl Format {
    /// True for documents (policies, terms, customer-facing pages), analysed in
    /// document mode: see [`Conversation::document`].
    pub fn is_document(self) -> bool {
        matches!(self, Format::Markdown | Format::Html | Format::Docx | Format::Pdf)
    }

    /// True for formats read from their bytes rather than as text.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf)
    }
}

/// True when a file read as `format` is a document: Markdown, HTML, or a
/// reStructuredText or AsciiDoc file read as plain text.
fn is_document(path: &str, format: Format) -> bool {
    let ext = std::path::Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
    format.is_document() || PLAIN_DOCUMENT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(ext))
}

/// How to read an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The format; detected when `None`.
    pub format: Option<Format>,
    /// Bring quoted reply text back as turns marked quoted (their findings never count).
    pub include_quoted: bool,
}

/// Why a file could not be read at all.
#[non_exhaustive]
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

/// How many leading bytes format detection looks at.
pub const HEAD: usize = 4096;

/// Reads one file's bytes as `format` (detected when `None`).
pub fn read(path: &str, bytes: &[u8], format: Option<Format>) -> Result<Conversation, InputError> {
    read_with(path, bytes, &Options { format, ..Options::default() })
}

/// The most bytes read as one input. Offsets into a conversation's text are 31-bit
/// (a transcript holds one [`crate::text::Part`] a line, 8 bytes each), and decoded
/// text may be twice its bytes (Latin-1); the command line reads far less (256 MiB).
pub const MAX_BYTES: usize = 1 << 30;

/// An input over [`MAX_BYTES`], refused.
fn too_large(bytes: usize) -> Result<(), InputError> {
    if bytes <= MAX_BYTES {
        return Ok(());
    }
    let message = format!("{bytes} bytes: over the {MAX_BYTES} a text is read whole up to");
    Err(InputError::Invalid { line: None, message })
}

/// Reads one file's bytes with `options`. An NDJSON input holds many records: read it
/// with [`Records`] instead.
pub fn read_with(path: &str, bytes: &[u8], options: &Options) -> Result<Conversation, InputError> {
    too_large(bytes.len())?;
    let format = options.format.unwrap_or_else(|| detect_bytes(path, bytes));
    match format {
        // Email bodies carry their own charsets, so they are decoded from the raw bytes.
        Format::Email | Format::Mbox => {
            if let Err(DecodeError::Binary) = decode(&bytes[..bytes.len().min(HEAD)]) {
                return Err(InputError::Binary);
            }
            let mut conv = if format == Format::Email {
                email::read(path, bytes, options.include_quoted)
            } else {
                email::mbox::read(path, bytes, options.include_quoted)
            };
            conv.reading_done();
            Ok(conv)
        }
        #[cfg(feature = "documents")]
        Format::Docx | Format::Pdf => {
            let mut conv = if format == Format::Docx { docx::read(path, bytes)? } else { pdf::read(path, bytes)? };
            conv.document = true;
            Ok(conv)
        }
        #[cfg(not(feature = "documents"))]
        Format::Docx | Format::Pdf => Err(InputError::Invalid {
            line: None,
            message: "this build of goodfaith reads no Word or PDF documents".into(),
        }),
        Format::Ndjson => Err(InputError::Invalid {
            line: None,
            message: "NDJSON holds one record per line: read it with input::Records".into(),
        }),
        _ => {
            let (text, notices) = decode(bytes).map_err(|DecodeError::Binary| InputError::Binary)?;
            let verbatim = text.as_bytes() == bytes;
            Ok(read_text(path, format, text, notices, verbatim, options))
        }
    }
}

/// [`read_with`] for bytes the caller no longer needs: valid UTF-8 text becomes the
/// conversation's text without a copy, so a large file sits in memory once.
pub fn read_owned(path: &str, bytes: Vec<u8>, options: &Options) -> Result<Conversation, InputError> {
    too_large(bytes.len())?;
    let format = options.format.unwrap_or_else(|| detect_bytes(path, &bytes));
    if matches!(format, Format::Email | Format::Mbox | Format::Ndjson) || format.is_binary() {
        return read_with(path, &bytes, &Options { format: Some(format), ..*options });
    }
    match decode::decode_owned(bytes) {
        Ok(decode::Owned::Text(text)) => Ok(read_text(path, format, text, vec![], true, options)),
        Ok(decode::Owned::Other(bytes)) => read_with(path, &bytes, &Options { format: Some(format), ..*options }),
        Err(DecodeError::Binary) => Err(InputError::Binary),
    }
}

/// A decoded text read as `format`; `verbatim` when the text is the file's bytes.
fn read_text(
    path: &str,
    format: Format,
    text: String,
    notices: Vec<Notice>,
    verbatim: bool,
    options: &Options,
) -> Conversation {
    let mut conv = match format {
        Format::Vtt => vtt::read(path, text),
        Format::Srt => srt::read(path, text),
        Format::Otter => otter::read(path, text),
        Format::Markdown => markdown::read(path, text),
        Format::Html => html::read(path, text),
        _ => {
            let mut conv = plain::read(path, text);
            email::plain_reply(&mut conv, options.include_quoted);
            conv
        }
    };
    let mut all = notices;
    all.append(&mut conv.notices);
    conv.notices = all;
    conv.document = is_document(path, format);
    if !verbatim {
        conv.mark_decoded();
    }
    conv.reading_done();
    conv
}

/// Detects the format of a file from its name and first bytes.
pub fn detect_bytes(path: &str, bytes: &[u8]) -> Format {
    #[cfg(feature = "documents")]
    if docx::looks_like(bytes) {
        return Format::Docx;
    }
    #[cfg(feature = "documents")]
    if pdf::looks_like(bytes) {
        return Format::Pdf;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD)]);
    Format::detect(path, &head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let cases: &[(&str, &str, Format)] = &[
            ("m.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi", Format::Vtt),
            ("m.vtt", "00:01.000 --> 00:02.000\nhi", Format::Vtt),
            ("c.txt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", Format::Srt),
            ("box", "From a@b Mon Nov  2 10:00:00 2026\nFrom: a@b\nTo: c@d\n\nhi", Format::Mbox),
            ("mail.txt", "From: a@b\nTo: c@d\nSubject: x\n\nhi", Format::Email),
            ("page", "<!DOCTYPE html><p>hi", Format::Html),
            ("README.md", "# Title\n\nText", Format::Markdown),
            ("-", "{\"id\":1,\"text\":\"hi\"}\n", Format::Ndjson),
            ("o.txt", "Ann Lee  0:01\nHello.\n\nBo Chan  0:05\nHi.\n", Format::Otter),
            ("t.txt", "Ann: hi\nBob: hello\n", Format::Plain),
            ("notes.md", "WEBVTT is a subtitle format.\n", Format::Markdown),
        ];
        for (path, head, want) in cases {
            assert_eq!(Format::detect(path, head), *want, "{path}: {head:?}");
        }
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(*f));
        }
        assert_eq!(Format::from_name("WebVTT"), Some(Format::Vtt));
        assert_eq!(Format::from_name("docx"), Some(Format::Docx));
        assert_eq!(detect_bytes("x.txt", b"%PDF-1.4\n"), Format::Pdf);
        assert_eq!(detect_bytes("x", b"PK\x03\x04\x14\0\0\0\x08\0word/document.xml"), Format::Docx);
    }

    #[test]
    fn reading_owned_bytes_reads_the_same() {
        let inputs: &[(&str, &[u8])] = &[
            ("t.txt", b"Ann: Take it or leave it.\r\nBob: Fine.\n"),
            ("t.txt", b"\xef\xbb\xbfAnn: What matters most to you?\nBob: Price.\n"),
            ("t.txt", b"Rick: take it \xff\xfe\xfa\n"),
            ("t.txt", b"\xff\xfeA\0n\0n\0:\0 \0h\0i\0"),
            ("b.bin", &[0u8; 300]),
            ("e.txt", b""),
            ("m.vtt", include_bytes!("../../tests/fixtures/vtt/teams-renewal.vtt")),
            ("p.md", include_bytes!("../../tests/fixtures/markdown/remote-work-policy.md")),
            ("g.eml", include_bytes!("../../tests/fixtures/eml/gmail-reply.eml")),
            ("draft.txt", include_bytes!("../../samples/coercive-email-draft.txt")),
        ];
        for (path, bytes) in inputs {
            let options = Options::default();
            let borrowed = format!("{:?}", read_with(path, bytes, &options));
            assert_eq!(format!("{:?}", read_owned(path, bytes.to_vec(), &options)), borrowed, "{path}");
        }
    }

    /// Every reader on every prefix of realistic inputs, with bytes flipped: never a panic,
    /// and every turn points inside the text.
    #[test]
    fn readers_never_panic() {
        let inputs: &[&[u8]] = &[
            include_bytes!("../../tests/fixtures/vtt/teams-renewal.vtt"),
            include_bytes!("../../tests/fixtures/srt/handover-call.srt"),
            include_bytes!("../../tests/fixtures/eml/gmail-reply.eml"),
            include_bytes!("../../tests/fixtures/eml/broken.eml"),
            include_bytes!("../../tests/fixtures/mbox/q3-allocation.mbox"),
            include_bytes!("../../tests/fixtures/markdown/remote-work-policy.md"),
            include_bytes!("../../tests/fixtures/html/pricing-page.html"),
            include_bytes!("../../tests/fixtures/documents/leave-policy.docx"),
            include_bytes!("../../tests/fixtures/documents/leave-policy.pdf"),
        ];
        let mut seed = 0x2545_f491_u32;
        for input in inputs {
            // Every 11th prefix of the text fixtures; about 150 of the larger documents.
            for end in (0..=input.len()).step_by((input.len() / 150).max(11)) {
                let mut bytes = input[..end].to_vec();
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                if let Some(b) = bytes.get_mut(seed as usize % end.max(1)) {
                    *b = (seed >> 8) as u8;
                }
                for &format in Format::ALL.iter().filter(|f| !f.is_stream()) {
                    let options = Options { format: Some(format), include_quoted: seed % 2 == 0 };
                    if let Ok(c) = read_with("x", &bytes, &options) {
                        let locator = c.locator();
                        let mut cursor = locator.cursor();
                        for p in &c.parts {
                            assert!(p.end() <= c.text.len() && c.text.is_char_boundary(p.start()), "{format}");
                            cursor.locate(p.start());
                        }
                    }
                }
            }
        }
    }
}
