//! An open document: its text, where each line starts, how its URI becomes a path, and
//! which reader it takes. Positions go between the analyser's (1-based line, column in
//! Unicode scalar values) and the protocol's (0-based line, UTF-16 code units).

use std::path::PathBuf;

use goodfaith::input::{self, Format};
use goodfaith::text::LineIndex;
use lsp_types::Position;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The URI as the client sent it.
    pub uri: String,
    /// The file it is, when it is a `file:` URI.
    pub path: Option<PathBuf>,
    /// The client's language id (`markdown`, `plaintext`, `html`, `mail` …).
    pub language: String,
    /// The text as last sent.
    pub text: String,
    lines: LineIndex,
}

impl Document {
    /// A document as opened.
    pub fn new(uri: String, language: String, text: String) -> Self {
        let path = file_path(&uri);
        let lines = LineIndex::new(&text);
        Document { uri, path, language, text, lines }
    }

    /// Replaces the text (the server asks for whole documents on change).
    pub fn set_text(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
    }

    /// The name the document goes by in reports and config globs.
    pub fn label(&self) -> String {
        self.path.as_ref().map_or_else(|| self.uri.clone(), |p| p.display().to_string())
    }

    /// The reader for this document: the client's language id where it names one of
    /// ours, else what the path and content say. `None` for a stream of records.
    pub fn format(&self) -> Option<Format> {
        let detected = input::detect_bytes(&self.label(), self.text.as_bytes());
        let format = match self.language.as_str() {
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            "mail" | "email" | "eml" if detected == Format::Plain && has_headers(&self.text) => Format::Email,
            _ => detected,
        };
        (!format.is_stream()).then_some(format)
    }

    /// The protocol position of a 1-based line and a 1-based column counted in Unicode
    /// scalar values (clamped to the line).
    pub fn position(&self, line: u32, column: u32) -> Position {
        let line = line.max(1);
        let Some(start) = self.lines.start(line) else {
            return self.end();
        };
        let end = self.lines.start(line + 1).unwrap_or(self.text.len());
        let units: usize = self.text[start..end]
            .trim_end_matches(['\n', '\r'])
            .chars()
            .take(column.max(1) as usize - 1)
            .map(char::len_utf16)
            .sum();
        Position::new(line - 1, units as u32)
    }

    /// The byte offset of a protocol position (clamped to the text).
    pub fn offset(&self, p: Position) -> usize {
        let Some(start) = self.lines.start(p.line.saturating_add(1)) else {
            return self.text.len();
        };
        let mut units = 0;
        for (i, c) in self.text[start..].char_indices() {
            if units >= p.character as usize || matches!(c, '\n' | '\r') {
                return start + i;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }

    /// The protocol position of a byte offset (on a char boundary).
    pub fn position_of(&self, offset: usize) -> Position {
        let line = self.lines.line(offset);
        let start = self.lines.start(line).unwrap_or(0);
        let units: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line - 1, units as u32)
    }

    fn end(&self) -> Position {
        self.position_of(self.text.len())
    }
}

/// True when a mail draft starts with header lines (mutt's `edit_headers`).
fn has_headers(text: &str) -> bool {
    const HEADERS: &[&str] = &["from:", "to:", "cc:", "bcc:", "subject:", "date:", "reply-to:", "in-reply-to:"];
    let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
    HEADERS.iter().any(|h| first.starts_with(h))
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    // A Windows path comes as /C:/…: drop the slash before the drive.
    let text = String::from_utf8(out).ok()?;
    let text = match text.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => text[1..].to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_scalar_values_become_utf16_units() {
        let d = Document::new("file:///d.txt".into(), "plaintext".into(), "héllo\n😀 or else\nlast".into());
        assert_eq!(d.position(1, 3), Position::new(0, 2));
        // The emoji is one scalar value but two UTF-16 units.
        assert_eq!(d.position(2, 3), Position::new(1, 3));
        assert_eq!(d.position(3, 5), Position::new(2, 4));
        assert_eq!(d.position(9, 1), Position::new(2, 4), "past the end clamps to the end");
        assert_eq!(d.offset(Position::new(1, 3)), "héllo\n😀 ".len());
        assert_eq!(d.position_of("héllo\n😀 ".len()), Position::new(1, 3));
    }

    #[test]
    fn lines_end_as_the_analyser_counts_them() {
        // The analyser counts a lone carriage return as a line end, and so does the protocol.
        let d = Document::new("file:///d.txt".into(), "plaintext".into(), "one\rtwo\r\nthree".into());
        assert_eq!((d.position(2, 2), d.position(3, 1)), (Position::new(1, 1), Position::new(2, 0)));
        assert_eq!((d.position_of(5), d.position_of(9)), (Position::new(1, 1), Position::new(2, 0)));
        assert_eq!((d.offset(Position::new(1, 1)), d.offset(Position::new(0, 9))), (5, 3));
    }

    #[test]
    fn uris_become_paths() {
        assert_eq!(file_path("file:///home/a%20b/d.md"), Some(PathBuf::from("/home/a b/d.md")));
        assert_eq!(file_path("file://localhost/x.txt"), Some(PathBuf::from("/x.txt")));
        assert_eq!(file_path("file:///C:/drafts/x.txt"), Some(PathBuf::from("C:/drafts/x.txt")));
        assert_eq!(file_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn the_language_id_chooses_the_reader() {
        let doc = |lang: &str, uri: &str, text: &str| Document::new(uri.into(), lang.into(), text.into()).format();
        assert_eq!(doc("markdown", "untitled:1", "# Hi"), Some(Format::Markdown));
        assert_eq!(doc("plaintext", "file:///p.md", "# Hi"), Some(Format::Markdown));
        assert_eq!(doc("mail", "file:///tmp/mutt-1", "To: a@b.org\nSubject: x\n\nHi"), Some(Format::Email));
        assert_eq!(doc("mail", "file:///tmp/mutt-1", "Hi Sam,\n\nThanks"), Some(Format::Plain));
        assert_eq!(doc("plaintext", "file:///r.ndjson", "{}"), None);
    }
}
