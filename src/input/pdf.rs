//! PDF documents: the text layer, page by page, in the order the page draws it (which is
//! reading order for the PDFs word processors write). A finding's `line` is the line on
//! its page and `page` says which page. lopdf loads and checks the file (encryption, the
//! page tree, drawings that draw themselves) so that pdf-extract, which turns a page's
//! drawing operators into characters, only sees what it can process; a page it still
//! fails on becomes a notice, and the other pages are read. A PDF without a text layer
//! (a scan) is no error: it gets a notice saying there is nothing to read.

use std::collections::{BTreeSet, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::pdf_budget::{inflate, keep_object, operators, Budget, OnePage, MAX_STREAM};
use super::{Anchor, Conversation, InputError, Layout, Notice, SourceMap};
use crate::text::Part;

/// True when `bytes` start like a PDF (the header may follow a little junk).
pub fn looks_like(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// The most drawings (form XObjects) followed from one page: past it the page is
/// skipped, so a file of forms that draw each other many times over cannot stall a run.
const MAX_FORM_VISITS: usize = 10_000;
/// The deepest nesting of drawings in drawings, and of the page tree.
const MAX_DEPTH: usize = 32;

/// Reads a PDF's text layer as a single-author document.
pub fn read(path: &str, bytes: &[u8]) -> Result<Conversation, InputError> {
    let mut doc = load(bytes)?;
    let mut pages = Pages::new(path);
    let mut notices = vec![];
    let mut budget = Budget::new(bytes.len());
    let all = doc.get_pages();
    let last = all.keys().next_back().copied().unwrap_or(0);
    let one = OnePage::new(&mut doc);
    for (number, id) in all {
        if budget.spent() {
            notices.push(Notice { line: None, message: format!("pages {number} to {last} are left out as well") });
            break;
        }
        let shown = one.as_ref().map_or(number, |one| one.show(&mut doc, id));
        match page_lines(&doc, shown, id, &mut budget) {
            Ok(lines) => pages.add(lines),
            Err(why) => {
                notices.push(Notice { line: None, message: format!("page {number}: {why}; its text is left out") });
                pages.add(vec![]);
            }
        }
    }
    drop(doc);
    let read = !pages.starts.is_empty();
    let mut conv = pages.finish();
    if conv.turns.is_empty() && read && notices.is_empty() {
        notices.push(Notice {
            line: None,
            message: "no text layer (a scanned PDF?): there is nothing to analyse; run it through OCR first".into(),
        });
    }
    conv.notices = notices;
    Ok(conv)
}

fn invalid(message: impl Into<String>) -> InputError {
    InputError::Invalid { line: None, message: message.into() }
}

/// Loads the document. lopdf opens one encrypted only against copying or printing (an
/// empty user password) and then drops its `/Encrypt` entry; one still carrying it
/// needs a password to be read, and is refused.
fn load(bytes: &[u8]) -> Result<Document, InputError> {
    let options = lopdf::LoadOptions::with_filter(keep_object);
    let doc =
        Document::load_mem_with_options(bytes, options).map_err(|e| invalid(format!("not a readable PDF: {e}")))?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(invalid("an encrypted PDF that needs a password to be read: save an unprotected copy"));
    }
    Ok(doc)
}

/// The text lines of one page, each with whether a gap (a new paragraph) comes before it;
/// `number` is the page's number in the page tree as it stands.
fn page_lines(doc: &Document, number: u32, id: ObjectId, budget: &mut Budget) -> Result<Vec<Line>, String> {
    check_page(doc, id)?;
    budget.charge(doc, id, inherited_resources(doc, id))?;
    let mut out = Lines::default();
    let run = std::panic::AssertUnwindSafe(|| pdf_extract::output_doc_page(doc, &mut out, number));
    match quietly(run) {
        Some(Ok(())) => Ok(out.finish()),
        Some(Err(e)) => Err(format!("cannot extract its text ({e})")),
        None => Err("cannot extract its text (malformed page)".into()),
    }
}

/// Runs `f`, turning a panic into `None` without printing it: pdf-extract unwraps on
/// some malformed pages, and that is a notice for the user, not a crash report.
fn quietly<R>(f: impl FnOnce() -> R + std::panic::UnwindSafe) -> Option<R> {
    silence::install();
    silence::QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f);
    silence::QUIET.with(|q| q.set(false));
    result.ok()
}

/// A panic hook that stays silent on a thread inside [`quietly`] and hands every other
/// panic to the hook that was there before, so nothing else changes.
mod silence {
    use std::cell::Cell;
    use std::sync::Once;

    thread_local! {
        pub static QUIET: Cell<bool> = const { Cell::new(false) };
    }

    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !QUIET.with(Cell::get) {
                    previous(info);
                }
            }));
        });
    }
}

/// What pdf-extract would otherwise recurse into without end: a page tree whose
/// `Parent` links loop, or a drawing (form XObject) that draws itself.
fn check_page(doc: &Document, id: ObjectId) -> Result<(), String> {
    let mut node = doc.get_dictionary(id).map_err(|e| format!("not a page ({e})"))?;
    let mut seen = BTreeSet::from([id]);
    while let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) {
        if !seen.insert(parent) || seen.len() > MAX_DEPTH {
            return Err("its page tree loops".into());
        }
        node = doc.get_dictionary(parent).map_err(|e| format!("its page tree is broken ({e})"))?;
    }
    let resources = inherited_resources(doc, id);
    let mut forms = Forms { doc, visits: 0, draws: HashMap::new() };
    forms.check(resources, &mut vec![])
}

/// The page's resources, its own or its nearest ancestor's.
fn inherited_resources(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(id).ok()?;
    for _ in 0..MAX_DEPTH {
        if let Some(r) = node.get(b"Resources").ok().and_then(|o| deref(doc, o)).and_then(|o| o.as_dict().ok()) {
            return Some(r);
        }
        node = doc.get_dictionary(node.get(b"Parent").and_then(Object::as_reference).ok()?).ok()?;
    }
    None
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// Walks the drawings a page can reach, looking for one that draws itself.
struct Forms<'d> {
    doc: &'d Document,
    visits: usize,
    /// Whether a form's own content draws other forms (its operators hold a `Do`).
    draws: HashMap<ObjectId, bool>,
}

impl<'d> Forms<'d> {
    fn check(&mut self, resources: Option<&'d Dictionary>, path: &mut Vec<ObjectId>) -> Result<(), String> {
        let Some(xobjects) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| deref(self.doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return Ok(());
        };
        for (_, entry) in xobjects.iter() {
            let Object::Reference(id) = entry else { continue };
            let Ok(Object::Stream(form)) = self.doc.get_object(*id) else { continue };
            if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
                continue;
            }
            self.visits += 1;
            if path.contains(id) {
                return Err("a drawing on it draws itself".into());
            }
            if self.visits > MAX_FORM_VISITS || path.len() >= MAX_DEPTH {
                return Err("its drawings nest too deeply".into());
            }
            if !self.draws_forms(*id, form) {
                continue;
            }
            // A form without resources of its own uses those of whatever draws it.
            let own = form.dict.get(b"Resources").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok());
            path.push(*id);
            self.check(own.or(resources), path)?;
            path.pop();
        }
        Ok(())
    }

    fn draws_forms(&mut self, id: ObjectId, form: &lopdf::Stream) -> bool {
        *self.draws.entry(id).or_insert_with(|| {
            // Too large to inflate: the budget refuses the page anyway.
            inflate(form, MAX_STREAM).is_none_or(|content| {
                let mut draws = false;
                operators(&content, |_| draws = true);
                draws
            })
        })
    }
}

/// One line of text on a page.
#[derive(Debug, Default, Clone, PartialEq)]
struct Line {
    text: String,
    /// A vertical gap before it: a new paragraph.
    gap_before: bool,
}

/// Characters to lines, the way pdf-extract's plain-text output decides them: a move
/// down and to the left starts a line, a larger move down a paragraph, a move right a
/// space.
#[derive(Default)]
struct Lines {
    lines: Vec<Line>,
    current: Line,
    /// The page's height: positions are measured from the top.
    height: f64,
    last_end: f64,
    last_y: f64,
    word_start: bool,
    gap: bool,
}

impl Lines {
    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        if line.text.trim().is_empty() {
            return;
        }
        self.lines.push(line);
    }

    fn finish(mut self) -> Vec<Line> {
        self.break_line();
        self.lines
    }
}

impl OutputDev for Lines {
    fn begin_page(&mut self, _: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.last_end = 100_000.;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        // The font size as drawn: the side of a square of the area the matrix gives it.
        let (sx, sy) = (size * (trm.m11 + trm.m21), size * (trm.m12 + trm.m22));
        let size = (sx * sy).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        if self.word_start && !self.current.text.is_empty() {
            let down = (y - self.last_y).abs();
            if down > size * 1.5 {
                self.gap = true;
            }
            if down > size * 1.5 || (x < self.last_end && down > size * 0.5) {
                self.break_line();
            } else if x > self.last_end + size * 0.1 {
                self.current.text.push(' ');
            }
        }
        if self.current.text.is_empty() {
            self.current.gap_before = std::mem::take(&mut self.gap);
        }
        // Control characters from a font's mapping are not text.
        self.current.text.extend(ch.chars().filter(|c| !c.is_control() || *c == '\t'));
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// One turn of every page's lines, with an anchor per line (its number on the page)
/// and the offset where each page starts. Pages are added as they are read, so the
/// document's text is held once, not once per page and again whole.
struct Pages {
    conv: Conversation,
    anchors: Vec<Anchor>,
    starts: Vec<usize>,
    parts: Vec<Part>,
}

impl Pages {
    fn new(path: &str) -> Pages {
        Pages { conv: Conversation::new(path, String::new()), anchors: vec![], starts: vec![], parts: vec![] }
    }

    fn add(&mut self, lines: Vec<Line>) {
        let text = &mut self.conv.text;
        self.starts.push(text.len());
        for (i, line) in lines.into_iter().enumerate() {
            let start = text.len();
            self.anchors.push(Anchor::new(start, i as u32 + 1, 1, true));
            text.push_str(&line.text);
            let range = super::paragraphs::trim_range(text, start..text.len());
            // A sentence runs on across lines and pages; a gap above a line ends it.
            self.parts.push(Part::new(range, line.gap_before || self.parts.is_empty()));
            text.push('\n');
        }
    }

    fn finish(self) -> Conversation {
        let mut conv = self.conv;
        conv.source_map = SourceMap::Anchors(self.anchors.into());
        conv.layout = Layout::Pages(self.starts);
        conv.push_turn(None, self.parts, false, false);
        conv.settle_kind();
        conv
    }
}
