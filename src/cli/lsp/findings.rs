//! What the server shows for a report: a diagnostic per problem (counted coercion, or a
//! finding raised to warning or error, as SARIF and the other linter formats report),
//! the rule's explanation on hover, and the rule's example wording as a code action.

use goodfaith::analysis::{FindingReport, Report};
use goodfaith::lexicon::{Lexicon, Severity};
use goodfaith::report::UNUSED_SUPPRESSION;
use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, TextEdit,
    WorkspaceEdit,
};

use super::document::Document;

/// One thing marked in a document.
#[derive(Debug, Clone)]
pub struct Item {
    /// The matched words.
    pub range: Range,
    /// The rule id.
    pub rule: String,
    /// The diagnostic's severity.
    pub severity: DiagnosticSeverity,
    /// What it is (the diagnostic's message).
    pub message: String,
    /// The hover text (Markdown).
    pub hover: String,
    /// The sentence to replace and the rule's example wording, when it has one.
    pub rewrite: Option<(Range, String)>,
}

/// The items of a report on `doc`.
pub fn items(doc: &Document, report: &Report, lexicon: &Lexicon) -> Vec<Item> {
    let mut out: Vec<Item> = report.findings.iter().filter(|f| f.is_problem()).map(|f| item(doc, f, lexicon)).collect();
    for u in &report.unused_suppressions {
        let start = doc.position(u.line, 1);
        let end = doc.position(u.line, u32::MAX);
        out.push(Item {
            range: Range::new(start, end),
            rule: UNUSED_SUPPRESSION.to_string(),
            severity: DiagnosticSeverity::WARNING,
            message: u.message.clone(),
            hover: format!("**goodfaith** `{UNUSED_SUPPRESSION}`\n\n{}", u.message),
            rewrite: None,
        });
    }
    out
}

fn item(doc: &Document, f: &FindingReport, lexicon: &Lexicon) -> Item {
    let range = Range::new(doc.position(f.line, f.column), doc.position(f.end_line, f.end_column));
    let rewrite = f.suggestion.as_deref().and_then(example).and_then(|ex| {
        let sentence = sentence_range(doc, range, &f.sentence)?;
        Some((sentence, ex))
    });
    Item {
        range,
        rule: f.rule.clone(),
        severity: severity(f.severity),
        message: f.message.to_string(),
        hover: hover(f, lexicon),
        rewrite,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// What the rule is, why it matters and a better way to say it.
fn hover(f: &FindingReport, lexicon: &Lexicon) -> String {
    let family = serde_json::to_value(f.family).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let mut text = format!(
        "**goodfaith: {family} · {}** `{}`\n\n“{}”: {}",
        f.category.replace('-', " "),
        f.rule,
        f.matched,
        f.message
    );
    if let Some(why) = lexicon.find(&f.rule).and_then(|i| lexicon.rule(i).why.as_deref()) {
        text.push_str(&format!("\n\n{why}"));
    }
    if let Some(s) = &f.suggestion {
        text.push_str(&format!("\n\n**A better way to say it:** {s}"));
    }
    text
}

/// The diagnostic of an item.
pub fn diagnostic(item: &Item) -> Diagnostic {
    Diagnostic {
        range: item.range,
        severity: Some(item.severity),
        code: Some(NumberOrString::String(item.rule.clone())),
        source: Some("goodfaith".into()),
        message: item.message.clone(),
        ..Diagnostic::default()
    }
}

/// The code action of an item with an example wording: replace the sentence with it.
// The protocol's `changes` is a map keyed by URI; lsp-types' Uri caches parts of itself,
// which clippy takes for a mutable key, but nothing mutates a key here.
#[allow(clippy::mutable_key_type)]
pub fn action(uri: &lsp_types::Uri, item: &Item) -> Option<CodeAction> {
    let (range, example) = item.rewrite.as_ref()?;
    let edit = TextEdit::new(*range, example.clone());
    let changes = std::collections::HashMap::from([(uri.clone(), vec![edit])]);
    Some(CodeAction {
        title: format!("Say it this way instead: “{}”", clip(example, 80)),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(item)]),
        edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
        ..CodeAction::default()
    })
}

/// True when two ranges share a position (an empty range touching counts).
pub fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// True when `p` lies in `r` (its end included, where a cursor after the word sits).
pub fn contains(r: Range, p: Position) -> bool {
    r.start <= p && p <= r.end
}

/// The example wording in a rule's suggestion: the first passage quoted after a colon
/// (`…: 'We need the signed order by Friday — what would help?'`). An apostrophe inside
/// a word (can't) does not end it.
pub fn example(suggestion: &str) -> Option<String> {
    let start = suggestion.find(": '")? + 3;
    let rest = &suggestion[start..];
    let bytes = rest.as_bytes();
    let end = rest
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| bytes[i] == b'\'' && i > 0 && bytes.get(i + 1).is_none_or(|b| !b.is_ascii_alphanumeric()))?;
    let text = rest[..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The range of the finding's sentence in the document: the sentence as quoted, found
/// around the match (allowing other white space, as where a paragraph wraps).
fn sentence_range(doc: &Document, matched: Range, sentence: &str) -> Option<Range> {
    let words: Vec<String> = sentence.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return None;
    }
    let pattern = regex::Regex::new(&words.join(r"\s+")).ok()?;
    let (from, to) = (doc.offset(matched.start), doc.offset(matched.end));
    let window = from.saturating_sub(sentence.len() * 2);
    let window = (0..=window).rev().find(|&i| doc.text.is_char_boundary(i)).unwrap_or(0);
    let found = pattern
        .find_iter(&doc.text[window..])
        .map(|m| (window + m.start(), window + m.end()))
        .find(|&(s, e)| s <= from && e >= to);
    found.map(|(s, e)| Range::new(doc.position_of(s), doc.position_of(e)))
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_the_quoted_passage_after_the_colon() {
        let s = "Name the request and the reason: 'I need the figures by Thursday because the board pack closes then — can you make that?'";
        assert_eq!(
            example(s).unwrap(),
            "I need the figures by Thursday because the board pack closes then — can you make that?"
        );
        let s = "Say where your limit is: 'We can't go below £40k, but we could look at terms.' Keep it open.";
        assert_eq!(example(s).unwrap(), "We can't go below £40k, but we could look at terms.");
        assert_eq!(
            example("Label the choices plainly: 'Yes, add protection' / 'No thanks'.").unwrap(),
            "Yes, add protection"
        );
        assert_eq!(example("Deal with it through the fair process."), None);
        assert_eq!(example("Unclosed: 'we can"), None);
    }

    #[test]
    fn the_sentence_is_found_around_the_match_across_a_line_break() {
        let d = Document::new(
            "file:///d.md".into(),
            "markdown".into(),
            "Intro.\n\nSign it today or\nyou're fired. Thanks.\n".into(),
        );
        let matched = Range::new(Position::new(2, 14), Position::new(3, 12));
        let r = sentence_range(&d, matched, "Sign it today or you're fired.").unwrap();
        assert_eq!(r, Range::new(Position::new(2, 0), Position::new(3, 13)));
        assert_eq!(sentence_range(&d, matched, "Not in the text."), None);
    }
}
