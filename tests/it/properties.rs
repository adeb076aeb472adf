//! Properties of every report, over generated inputs that look like what goodfaith reads
//! (speaker labels, lexicon phrases, contractions, quotes, emoji, right-to-left text,
//! control characters, every line ending), not only random bytes:
//!
//! - every finding's byte span lies inside the input on char boundaries and is the text
//!   the finding quotes;
//! - its line and column are where that byte is in an editor (counted here independently);
//! - the JSON output parses and its verdict is one of the documented values;
//! - analysing the same input twice gives the same report.

use std::sync::OnceLock;

use goodfaith::analysis::{Analyzer, Report, Verdict};
use goodfaith::input::{self, Format};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{Json, Renderer, Summary};
use proptest::prelude::*;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("the built-in lexicon compiles"))
}

/// Pieces of text that exercise the lexicon, the segmenter and the readers.
const FRAGMENTS: &[&str] = &[
    "take it or leave it",
    "what would work for you?",
    "you always do this",
    "I don't know",
    "we'll figure it out together",
    "do it or you're fired",
    "this is your last chance",
    "how about we split it",
    "agreed.",
    "fine, whatever.",
    "if you don't sign today, the offer is gone",
    "I hear you",
    "can't",
    "won't",
    "it's",
    "\"take it or leave it\", he said",
    "she said “you always”",
    "'final offer'",
    "😀",
    "👩‍👩‍👧",
    "שלום",
    "مرحبا",
    "\u{202E}evil\u{202C}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{7}",
    "\u{8}",
    "\t",
    "\u{FEFF}",
    "é",
    "e\u{301}",
    ".",
    "?!",
    "...",
    " ",
    ":",
    "Re:",
    "> quoted line",
    "10:00",
];

const SPEAKERS: &[&str] = &["Ann: ", "BOB: ", "Dr. Smith: ", "Émile: ", "P1: ", "", "[00:01] Ann: ", "- "];
const ENDINGS: &[&str] = &["\n", "\r\n", "\r", "\n\n"];

/// One line: an optional speaker label, some fragments, a line ending.
fn line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SPEAKERS),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..6),
        prop::collection::vec(prop::sample::select(&[" ", ", ", " - ", ""][..]), 6),
        prop::sample::select(ENDINGS),
    )
        .prop_map(|(speaker, words, seps, end)| {
            let mut s = speaker.to_string();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    s.push_str(seps[i % seps.len()]);
                }
                s.push_str(w);
            }
            s.push_str(end);
            s
        })
}

/// A transcript of generated lines, sometimes with a byte-order mark.
fn transcript() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(line(), 0..24))
        .prop_map(|(bom, lines)| format!("{}{}", if bom { "\u{FEFF}" } else { "" }, lines.concat()))
}

/// Generated text or arbitrary Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![4 => transcript(), 1 => any::<String>()]
}

/// Line and column of byte `pos` in an editor: `\n`, `\r\n` and a lone `\r` end a line;
/// columns count characters from 1; a leading byte-order mark is not a character.
fn editor_position(input: &str, pos: usize) -> (u32, u32) {
    let before = &input[..pos];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && input.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            line_start = i + 1;
        }
    }
    let mut column = input[line_start..pos].chars().count() as u32 + 1;
    if line_start == 0 && input.starts_with('\u{FEFF}') && pos > 0 {
        column -= 1;
    }
    (line, column)
}

fn analyse(input: &str) -> Option<Report> {
    let conv = input::read("generated.txt", input.as_bytes(), None).ok()?;
    Some(Analyzer::new(lexicon()).analyze(&conv))
}

fn json(report: &Report) -> serde_json::Value {
    let mut out = vec![];
    let mut json = Json::default();
    let mut summary = Summary::default();
    summary.add(report);
    json.begin(&mut out).unwrap();
    json.file(&mut out, report).unwrap();
    json.finish(&mut out, &summary).unwrap();
    serde_json::from_slice(&out).expect("the JSON output parses")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_on_char_boundaries_and_match_line_and_column(input in text()) {
        let Some(report) = analyse(&input) else { return Ok(()) };
        for f in &report.findings {
            let Some([start, end]) = f.span else { continue };
            prop_assert!(start <= end && end <= input.len(), "span {start}..{end} of {}", input.len());
            prop_assert!(input.is_char_boundary(start) && input.is_char_boundary(end));
            prop_assert_eq!(&input[start..end], f.matched.as_str());
            prop_assert_eq!((f.line, f.column), editor_position(&input, start), "start of {}", f.rule);
            prop_assert_eq!((f.end_line, f.end_column), editor_position(&input, end), "end of {}", f.rule);
        }
    }

    #[test]
    fn json_parses_and_the_verdict_is_documented(input in text()) {
        let Some(report) = analyse(&input) else { return Ok(()) };
        let doc = json(&report);
        let verdict = doc["files"][0]["verdict"].as_str().expect("a verdict string");
        prop_assert!(Verdict::from_name(verdict).is_some(), "undocumented verdict {verdict}");
        prop_assert!(Verdict::ALL.contains(&report.verdict));
    }

    #[test]
    fn analysing_twice_gives_the_same_report(input in text()) {
        prop_assert_eq!(analyse(&input), analyse(&input));
    }

    /// Every reader, given generated text (valid or not for it), gives findings whose
    /// positions are inside the file and a report that serialises.
    #[test]
    fn every_reader_gives_a_sane_report(input in text(), which in 0..Format::ALL.len()) {
        let format = Format::ALL[which];
        prop_assume!(!format.is_stream());
        let Ok(conv) = input::read("generated", input.as_bytes(), Some(format)) else { return Ok(()) };
        let report = Analyzer::new(lexicon()).analyze(&conv);
        let lines = editor_position(&input, input.len()).0;
        for f in &report.findings {
            prop_assert!(f.line >= 1 && f.line <= lines, "line {} of {lines} ({format})", f.line);
            prop_assert!(f.column >= 1);
            prop_assert!((f.end_line, f.end_column) >= (f.line, f.column));
        }
        json(&report);
    }
}

#[test]
fn the_editor_position_oracle_counts_like_an_editor() {
    let text = "\u{FEFF}ab\r\ncd\re\nf";
    assert_eq!(editor_position(text, 3), (1, 1));
    assert_eq!(editor_position(text, 4), (1, 2));
    assert_eq!(editor_position(text, 7), (2, 1));
    assert_eq!(editor_position(text, 10), (3, 1));
    assert_eq!(editor_position(text, 12), (4, 1));
}
