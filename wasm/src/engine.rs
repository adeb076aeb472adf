//! Text in, a report out, with the built-in lexicons and the trained scorer. Nothing here
//! touches a file, the network or a clock: the same code runs natively in the tests.

use std::sync::OnceLock;

use goodfaith::analysis::{Analyzer, Report, Settings};
use goodfaith::input::{self, Format};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{Html, Json, Renderer, Summary};

/// The name the analysed draft goes by in a report (it has no file).
pub const DRAFT: &str = "draft";

/// The built-in lexicons and model, compiled on first use and kept for the page's life.
fn lexicon() -> Result<&'static Lexicon, String> {
    static LEXICON: OnceLock<Result<Lexicon, String>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().map_err(|e| e.to_string())).as_ref().map_err(Clone::clone)
}

/// Compiles the lexicons now, so the first check of a draft is as quick as the rest.
pub fn warm_up() -> Result<(), String> {
    lexicon().map(|_| ())
}

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `{"version":1,"files":[report],"errors":[]}`, as `goodfaith --format json`.
    Json,
    /// The self-contained page of `goodfaith --format html`.
    Html,
}

/// Analyses `text` read as `kind` (an input format name such as `plain`, `eml`,
/// `markdown` or `html`; empty to detect it from the content) and renders the report.
/// An unknown kind or unreadable content is an error saying so.
pub fn analyse(text: &str, kind: &str, output: Output) -> Result<String, String> {
    let lexicon = lexicon()?;
    let report = report(lexicon, text, kind, output == Output::Html)?;
    let mut out = Vec::with_capacity(4096);
    let mut summary = Summary::default();
    summary.add(&report);
    let result = match output {
        Output::Json => render(&mut Json::default(), &mut out, &report, &summary),
        Output::Html => render(&mut Html::new(), &mut out, &report, &summary),
    };
    result.map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

fn report(lexicon: &Lexicon, text: &str, kind: &str, keep_turns: bool) -> Result<Report, String> {
    let format = match kind.trim() {
        "" => None,
        name => Some(Format::from_name(name).ok_or_else(|| format!("unknown kind {name:?}"))?),
    };
    if format.is_some_and(Format::is_stream) {
        return Err("a stream of records cannot be checked as one draft".into());
    }
    let conv = input::read(DRAFT, text.as_bytes(), format).map_err(|e| format!("{DRAFT}: {e}"))?;
    let mut settings = Settings::new(lexicon);
    // Only the HTML report shows the text; the JSON report never carries it.
    settings.keep_turns = keep_turns;
    Ok(Analyzer::with_settings(lexicon, settings).analyze(&conv))
}

fn render(r: &mut dyn Renderer, out: &mut Vec<u8>, report: &Report, summary: &Summary) -> std::io::Result<()> {
    r.begin(out)?;
    r.file(out, report)?;
    r.finish(out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn json(text: &str, kind: &str) -> Value {
        serde_json::from_str(&analyse(text, kind, Output::Json).unwrap()).unwrap()
    }

    fn problems(v: &Value) -> Vec<&Value> {
        v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["family"] == "coercive" && f["negated"] == false && f["quoted"] == false)
            .collect()
    }

    #[test]
    fn a_coercive_draft_is_judged_coercive_with_located_findings() {
        let text = "Hi Sam,\n\nSign the contract by 5pm today or you're fired. Don't make me ask twice.\n";
        let v = json(text, "plain");
        assert_eq!(v["version"], 1);
        assert_eq!(v["files"][0]["path"], DRAFT);
        assert_eq!(v["files"][0]["verdict"], "coercive");
        let found = problems(&v);
        assert!(!found.is_empty());
        for f in found {
            // The byte span points at the matched words in the text given.
            let [a, b] = [f["span"][0].as_u64().unwrap() as usize, f["span"][1].as_u64().unwrap() as usize];
            assert_eq!(&text[a..b], f["matched"].as_str().unwrap());
        }
    }

    #[test]
    fn a_fair_draft_has_no_coercive_finding() {
        let v = json("Hi Sam,\n\nCould we find a time this week that works for both of us? What matters most to you?\n\nThanks,\nAna\n", "plain");
        assert!(problems(&v).is_empty(), "{v:#}");
        assert_ne!(v["files"][0]["verdict"], "coercive");
    }

    #[test]
    fn the_json_has_the_cli_schema_and_no_text() {
        let v = json("Take it or leave it.", "");
        assert_eq!(v["errors"], Value::Array(vec![]));
        let file = v["files"][0].as_object().unwrap();
        for key in ["kind", "profile", "verdict", "score", "reasons", "speakers", "findings"] {
            assert!(file.contains_key(key), "{key} missing");
        }
        assert!(!file.contains_key("turns"), "the JSON report carries no turn text");
    }

    #[test]
    fn the_html_report_marks_the_finding_and_escapes_the_text() {
        let html = analyse("<script>alert(1)</script> Take it or leave it.", "plain", Output::Html).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Content-Security-Policy"));
        assert!(!html.contains("<script>"), "input text is escaped");
        assert!(html.contains("leave it"));
    }

    #[test]
    fn an_unknown_kind_or_a_stream_is_an_error_not_a_panic() {
        assert!(analyse("x", "docx-please", Output::Json).unwrap_err().contains("unknown kind"));
        assert!(analyse("{}", "ndjson", Output::Json).is_err());
        // The module is built without the Word and PDF readers.
        assert!(analyse("%PDF-1.4", "pdf", Output::Json).unwrap_err().contains("no Word or PDF"));
    }

    #[test]
    fn markdown_and_email_kinds_are_read_as_such() {
        let v = json(
            "# Policy\n\n```\nor else\n```\n\nWe may change these terms at any time without notice.\n",
            "markdown",
        );
        assert_eq!(v["files"][0]["profile"], "policy");
        let eml = "From: a@example.org\nTo: b@example.org\nSubject: Offer\n\nTake it or leave it.\n";
        let v = json(eml, "eml");
        assert_eq!(v["files"][0]["kind"], "message");
    }
}
