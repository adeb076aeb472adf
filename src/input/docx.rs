//! Word documents (`.docx`): a zip of XML parts, of which `word/document.xml` holds the
//! body. Every paragraph with text is one block (headings, list items and table cells
//! included), numbered from the top of the body: a finding's `line` is that paragraph,
//! its `column` the character in it. Headers, footers, comments and footnotes live in
//! other parts and are left out; so are tracked deletions and moved-away text (what the
//! document no longer says) and the fallback copy of a drawing's text.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{Anchor, Conversation, InputError, Layout, SourceMap};
use crate::text::Part;

/// The largest `word/document.xml` read, decompressed: a zip bomb stops here.
const MAX_XML: u64 = 128 << 20;
/// Below [`MAX_XML`], the body may inflate to this many MiB and [`XML_PER_BYTE`] bytes
/// per byte of the file: Word's XML deflates five to fifteen to one, and reading it
/// takes about three and a half times its size, so a small file cannot ask for
/// hundreds of megabytes (a 450 KB file of 128 MiB peaked at 459 MiB).
const XML_BASE: u64 = 16 << 20;
const XML_PER_BYTE: u64 = 32;

/// The first bytes of an OLE compound file: a password-protected Office document (or a
/// legacy `.doc`), which is not a zip.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// True when `bytes` start like a zip archive that holds a Word body.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(super::HEAD)];
    head.starts_with(b"PK\x03\x04") && memchr::memmem::find(head, b"word/").is_some()
}

/// Reads a Word document as a single-author document.
pub fn read(path: &str, bytes: &[u8]) -> Result<Conversation, InputError> {
    let paragraphs = body_paragraphs(bytes)?;
    Ok(conversation(path, paragraphs))
}

fn invalid(message: impl Into<String>) -> InputError {
    InputError::Invalid { line: None, message: message.into() }
}

/// The paragraphs of `word/document.xml`, read as it inflates: the XML is never held
/// whole, only the text.
fn body_paragraphs(bytes: &[u8]) -> Result<Vec<String>, InputError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(invalid(
            "an encrypted (password-protected) or legacy Word file, not a .docx: save it as an unprotected .docx",
        ));
    }
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| invalid(format!("not a Word document (.docx): {e}")))?;
    let entry = archive.by_name("word/document.xml").map_err(|e| match e {
        zip::result::ZipError::FileNotFound => invalid("not a Word document (.docx): it has no word/document.xml"),
        e => invalid(format!("cannot read word/document.xml: {e}")),
    })?;
    let limit = MAX_XML.min(XML_BASE + XML_PER_BYTE * bytes.len() as u64);
    let mut xml = Counted { inner: entry.take(limit + 1), read: 0 };
    let paragraphs = paragraphs(BufReader::new(&mut xml));
    if xml.read > limit {
        return Err(invalid(format!(
            "word/document.xml inflates to over {} MiB ({} MiB and {XML_PER_BYTE} times the file at most), skipped",
            limit >> 20,
            XML_BASE >> 20
        )));
    }
    paragraphs
}

/// A reader that counts what it has handed out.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// What the reader is inside of, as it walks the XML.
#[derive(Default)]
struct State {
    /// Open paragraphs: a text box's paragraphs sit inside another paragraph.
    open: Vec<String>,
    /// Depth inside elements whose text is not the document's (deletions, fallbacks).
    hidden: u32,
    /// Inside a `w:t` text run.
    in_text: bool,
    /// Paragraphs with text, in document order.
    done: Vec<String>,
}

/// The paragraphs of a Word body, in order; blank ones left out.
fn paragraphs(xml: impl BufRead) -> Result<Vec<String>, InputError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut state = State::default();
    let mut buf = vec![];
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            invalid(format!("word/document.xml is not well-formed XML at byte {}: {e}", reader.error_position()))
        })?;
        match event {
            Event::Start(e) => state.start(e.local_name().as_ref()),
            Event::Empty(e) => {
                state.start(e.local_name().as_ref());
                state.end(e.local_name().as_ref());
            }
            Event::End(e) => state.end(e.local_name().as_ref()),
            Event::Text(t) if state.in_text && state.hidden == 0 => {
                let text = t.xml10_content().map_err(|e| invalid(format!("word/document.xml: {e}")))?;
                state.push(&text);
            }
            Event::GeneralRef(r) if state.in_text && state.hidden == 0 => {
                let name = r.decode().map_err(|e| invalid(format!("word/document.xml: {e}")))?;
                state.push(&entity(&name));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // An unclosed paragraph at the end of a truncated file still counts.
    while !state.open.is_empty() {
        state.end(b"p");
    }
    Ok(state.done)
}

/// The character an XML entity or character reference stands for.
fn entity(name: &str) -> String {
    let from_code = |code: Option<u32>| code.and_then(char::from_u32).map(String::from).unwrap_or_default();
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        n if n.starts_with("#x") || n.starts_with("#X") => from_code(u32::from_str_radix(&n[2..], 16).ok()),
        n if n.starts_with('#') => from_code(n[1..].parse().ok()),
        _ => String::new(),
    }
}

impl State {
    fn start(&mut self, name: &[u8]) {
        match name {
            // Tracked deletions, text moved elsewhere, and the copy of a drawing's text
            // kept for old readers (the text box itself is read under mc:Choice); and
            // properties, whose tab stops are not tabs.
            b"del" | b"moveFrom" | b"Fallback" | b"pPr" | b"rPr" => self.hidden += 1,
            b"p" => self.open.push(String::new()),
            b"t" => self.in_text = true,
            b"tab" | b"ptab" if !self.in_text => self.push("\t"),
            b"br" | b"cr" if !self.in_text => self.push("\n"),
            b"noBreakHyphen" => self.push("-"),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"del" | b"moveFrom" | b"Fallback" | b"pPr" | b"rPr" => self.hidden = self.hidden.saturating_sub(1),
            b"t" => self.in_text = false,
            b"p" => {
                if let Some(p) = self.open.pop() {
                    if !p.trim().is_empty() {
                        self.done.push(p);
                    }
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, text: &str) {
        if self.hidden > 0 {
            return;
        }
        if let Some(p) = self.open.last_mut() {
            p.push_str(text);
        }
    }
}

/// One turn of paragraphs, each a block of its own, with an anchor per paragraph so a
/// position reads as (paragraph, character).
fn conversation(path: &str, paragraphs: Vec<String>) -> Conversation {
    let mut conv = Conversation::new(path, String::new());
    let mut anchors = Vec::with_capacity(paragraphs.len());
    let mut parts = vec![];
    for (i, p) in paragraphs.iter().enumerate() {
        let start = conv.text.len();
        anchors.push(Anchor::new(start, i as u32 + 1, 1, true));
        conv.text.push_str(p);
        // A line break inside a paragraph does not end its sentence.
        let mut first = true;
        for line in crate::text::lines(p) {
            let range = super::paragraphs::trim_range(&conv.text, start + line.start..start + line.end);
            if !range.is_empty() {
                parts.push(Part::new(range, std::mem::take(&mut first)));
            }
        }
        conv.text.push('\n');
    }
    conv.source_map = SourceMap::Anchors(anchors.into());
    conv.layout = Layout::Paragraphs;
    conv.push_turn(None, parts, false, false);
    conv.settle_kind();
    conv
}
