//! What every fuzz target checks: reading never panics, every part of a conversation
//! points inside its text on char boundaries, every finding can be located, and the
//! reports are safe to print (no raw control characters in the formats for people,
//! JSON that parses).

use std::sync::OnceLock;

use goodfaith::analysis::{Analyzer, Report, Verdict};
use goodfaith::input::{self, Conversation, Format, Records};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::sanitize::is_unsafe;
use goodfaith::report::{Brief, Github, Human, Json, Markdown, Ndjson, Quiet, Renderer, Sarif, Summary, Threshold};

/// The built-in lexicon, compiled once per fuzzing process.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        colored::control::set_override(false);
        Lexicon::embedded().expect("the built-in lexicon compiles")
    })
}

/// Reads `data` as `format` (the first byte picks whether quoted replies come back)
/// and checks the conversation.
pub fn read_as(format: Format, data: &[u8]) -> Option<Conversation> {
    let (flag, bytes) = data.split_first()?;
    let options = input::Options { format: Some(format), include_quoted: flag & 1 == 1 };
    let conv = input::read_with("fuzz.txt", bytes, &options).ok()?;
    check_conversation(&conv);
    Some(conv)
}

/// Reads a whole document (Word, PDF: no flag byte, so real files seed the corpus as
/// they are), checks the conversation and analyses it: a malformed file is an error or a
/// notice, never a panic, a hang or an abort.
pub fn read_document(format: Format, data: &[u8]) {
    let options = input::Options { format: Some(format), include_quoted: false };
    if let Ok(conv) = input::read_with("fuzz", data, &options) {
        check_conversation(&conv);
        analyse(data, &conv);
    }
}

/// Every part lies inside the text on char boundaries and every offset can be located.
pub fn check_conversation(conv: &Conversation) {
    let text = &conv.text;
    let locator = conv.locator();
    let mut cursor = locator.cursor();
    let mut last = 0;
    for p in &conv.parts {
        assert!(p.start() <= p.end() && p.end() <= text.len(), "part {:?} outside the text", p.range());
        assert!(text.is_char_boundary(p.start()) && text.is_char_boundary(p.end()), "part off a char boundary");
        if p.start() >= last {
            let (line, column) = cursor.locate(p.start());
            assert!(line >= 1 && column >= 1);
            last = p.start();
        }
    }
}

/// Reads NDJSON records from `data` and analyses each one that parses.
pub fn ndjson(data: &[u8]) {
    for r in Records::new("fuzz.ndjson", data).take(64).flatten() {
        check_conversation(&r.conversation);
        check_report(data, &Analyzer::new(lexicon()).analyze(&r.conversation), false);
    }
}

/// Analyses `conv` and renders the report in every format.
pub fn analyse(source: &[u8], conv: &Conversation) -> Report {
    let report = Analyzer::new(lexicon()).analyze(conv);
    check_report(source, &report, true);
    report
}

/// The report's facts hold together and every renderer's output is safe.
pub fn check_report(source: &[u8], report: &Report, whole: bool) {
    assert!(Verdict::ALL.contains(&report.verdict));
    for f in &report.findings {
        assert!(f.line >= 1 && f.column >= 1 && (f.end_line, f.end_column) >= (f.line, f.column), "{f:?}");
        if let (true, Some([start, end])) = (whole, f.span) {
            assert!(start <= end && end <= source.len(), "span {start}..{end} outside {} bytes", source.len());
        }
    }
    let mut summary = Summary::default();
    summary.add(report);
    let people: Vec<(&str, Box<dyn Renderer>)> = vec![
        ("human", Box::new(Human::new(true))),
        ("brief", Box::new(Brief::new(true))),
        ("github", Box::new(Github)),
        ("markdown", Box::new(Markdown::default())),
        ("quiet", Box::new(Quiet::new(Threshold::default()))),
    ];
    for (name, mut renderer) in people {
        let out = render(renderer.as_mut(), report, &summary);
        let text = String::from_utf8(out).unwrap_or_else(|_| panic!("{name}: output is not UTF-8"));
        if let Some(c) = text.chars().find(|&c| c != '\n' && is_unsafe(c)) {
            panic!("{name}: raw {c:?} reached the output:\n{text}");
        }
    }
    for (name, mut renderer) in
        [("json", Box::new(Json::default()) as Box<dyn Renderer>), ("sarif", Box::new(Sarif::new(lexicon())))]
    {
        let out = render(renderer.as_mut(), report, &summary);
        serde_json::from_slice::<serde_json::Value>(&out).unwrap_or_else(|e| panic!("{name}: invalid JSON: {e}"));
    }
    let out = render(&mut Ndjson::default(), report, &summary);
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("ndjson: a line is not JSON");
    }
}

fn render(renderer: &mut dyn Renderer, report: &Report, summary: &Summary) -> Vec<u8> {
    let mut out = vec![];
    renderer.begin(&mut out).expect("write to memory");
    renderer.file(&mut out, report).expect("write to memory");
    renderer.finish(&mut out, summary).expect("write to memory");
    out
}
