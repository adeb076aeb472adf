//! The renderer on reports built in memory: marks that overlap or cross pieces, the
//! timeline of a long conversation, and a report without its text.

use super::Html;
use crate::analysis::{Analyzer, Report, Settings};
use crate::lexicon::Lexicon;
use crate::report::{Renderer, Summary};

fn report(text: &str, keep_turns: bool) -> Report {
    let lexicon = Lexicon::builder().build().expect("built-in lexicon");
    let mut settings = Settings::new(&lexicon);
    settings.keep_turns = keep_turns;
    let conv = crate::input::read("t.txt", text.as_bytes(), None).expect("readable");
    Analyzer::with_settings(&lexicon, settings).analyze(&conv)
}

fn page(r: &Report) -> String {
    let mut out = vec![];
    let mut html = Html::new();
    html.begin(&mut out).unwrap();
    html.file(&mut out, r).unwrap();
    html.finish(&mut out, &Summary { files: 1, ..Summary::default() }).unwrap();
    String::from_utf8(out).unwrap()
}

/// The `<mark …>…</mark>` elements of a page.
fn marks(page: &str) -> Vec<&str> {
    page.match_indices("<mark class=\"hl").map(|(i, _)| &page[i..i + page[i..].find("</mark>").unwrap()]).collect()
}

const TALK: &str = "Ann: Take it or leave it, the price is final.\nBen: What matters most to you here?\n";

#[test]
fn overlapping_findings_share_one_mark_that_lists_both() {
    let mut r = report(TALK, true);
    let first = r.findings.iter().position(|f| f.turn == 1).expect("a finding in turn 1");
    let mut twin = r.findings[first].clone();
    twin.text_span = [twin.text_span[0] + 2, twin.text_span[1] + 4];
    r.findings.push(twin);
    let n = r.findings.len();
    let p = page(&r);
    let shared: Vec<&str> = marks(&p).into_iter().filter(|m| m.contains(&format!("id=\"f1-m{n}\""))).collect();
    assert_eq!(shared.len(), 1);
    assert!(shared[0].contains(&format!("id=\"f1-m{}\"", first + 1)), "{}", shared[0]);
    assert_eq!(p.matches("<li id=\"f1-n").count(), n);
}

#[test]
fn a_finding_across_two_lines_of_a_turn_is_marked_in_both_and_numbered_once() {
    let text = "Ann: We can talk about it\nbut take it or leave it.\nBen: What matters most to you here?\nAnn: Fine.\n";
    let mut r = report(text, true);
    let pieces: Vec<(usize, &str)> = r.transcript.turn(0).collect();
    assert!(pieces.len() >= 2, "the first turn has two lines: {pieces:?}");
    let ((a, first), (b, _)) = (pieces[0], pieces[1]);
    let (a, first, b) = (a, first.to_string(), b);
    let mut across = r.findings[0].clone();
    across.turn = 1;
    across.text_span = [a + first.len() - 5, b + 3];
    r.findings.insert(0, across);
    let p = page(&r);
    let turn = &p[p.find("id=\"f1-t1\"").unwrap()..p.find("id=\"f1-t2\"").unwrap()];
    assert!(turn.contains("abo<mark class=\"hl co\" tabindex=\"0\">ut it<sup>"), "first piece, numbered: {turn}");
    assert!(turn.contains("\n<mark class=\"hl co\">but</mark>"), "second piece marked without a number: {turn}");
    assert_eq!(turn.matches("id=\"f1-m1\"").count(), 1);
}

#[test]
fn a_long_conversation_gets_a_bucketed_timeline() {
    let text: String =
        (0..1000).map(|i| if i % 2 == 0 { "Ann: Hello there.\n" } else { "Ben: Take it or leave it.\n" }).collect();
    let r = report(&text, true);
    assert_eq!(r.timeline.len(), 1000);
    let p = page(&r);
    let svg = &p[p.find("<svg class=\"timeline\"").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let drawn = svg.matches("<g class=\"m ").count();
    assert!((200..=super::timeline::MAX_MARKS).contains(&drawn), "{drawn} marks");
    assert!(p.contains("one mark per 5 turns"));
    assert!(svg.contains("<title>turns 1–5 · from line 1 · coercion</title>"), "a bucket shows its most telling mark");
}

#[test]
fn without_the_text_the_findings_are_still_listed() {
    let r = report(TALK, false);
    assert!(!r.findings.is_empty());
    let p = page(&r);
    assert!(p.contains("The text was not kept for this report."));
    assert_eq!(p.matches("<li id=\"f1-n").count(), r.findings.len());
    assert!(!p.contains("class=\"back\""), "no link back to a mark that is not there");
}
