//! Reports built by hand for renderer tests: snapshots change only when a format does,
//! never because the lexicon or the verdict rules were tuned. The text is hostile on
//! purpose (escape sequences, Markdown, HTML, `@mentions`, workflow-command syntax).

use std::sync::Arc;

use super::{FileError, Renderer, Summary};
use crate::analysis::{FindingReport, Report, Score, UnusedSuppression, Verdict};
use crate::input::Kind;
use crate::lexicon::{Family, Lexicon, Severity};

const LEXICON: &str = r#"
family = "coercive"
category = "threat"

[[rules]]
id = "coercive.threat.sanction"
severity = "error"
message = "Attaches a severe penalty to a demand with no room to respond."
why = "People comply out of fear, and stop raising problems."
suggestion = "State what is needed and why, with a fair notice period and a way to appeal."
patterns = ["will result in immediate termination"]
"#;

const LEXICON2: &str = r#"
family = "coercive"
category = "ultimatum"

[[rules]]
id = "coercive.ultimatum.deadline"
severity = "warning"
message = "Forces a decision now."
suggestion = "Say when you need an answer and why."
patterns = ["decide now"]
"#;

/// The lexicon the fixture's rules come from.
pub fn lexicon() -> Lexicon {
    Lexicon::builder()
        .embedded(false)
        .source("threat.toml", LEXICON)
        .source("ultimatum.toml", LEXICON2)
        .build()
        .unwrap()
}

fn finding(rule: &str, family: Family, severity: Severity, line: u32, matched: &str, sentence: &str) -> FindingReport {
    FindingReport {
        rule: rule.into(),
        family,
        category: rule.split('.').nth(1).unwrap().into(),
        severity,
        line,
        column: 3,
        end_line: line,
        end_column: 3 + matched.chars().count() as u32,
        span: None,
        page: None,
        speaker: None,
        turn: 1,
        matched: matched.into(),
        sentence: sentence.into(),
        highlight: [0, 0],
        text_span: [0, 0],
        message: Arc::from("Attaches a severe penalty to a demand with no room to respond."),
        suggestion: Some(Arc::from("State what is needed and why, with a fair notice period and a way to appeal.")),
        negated: false,
        quoted: false,
        weight: 1.0,
        confidence: None,
        evidence: vec![],
    }
}

/// A policy with an error, a hostile warning, a mutual move, a negated threat and an
/// unused suppression.
pub fn report() -> Report {
    let hostile = "decide now | <b>@team</b> \x1b[31m**50%**, see https://x.example";
    let mut warning = finding("coercive.ultimatum.deadline", Family::Coercive, Severity::Warning, 9, hostile, hostile);
    warning.message = Arc::from("Forces a decision now.");
    warning.suggestion = Some(Arc::from("Say when you need an answer and why."));
    let mut negated =
        finding("coercive.threat.negated-threat", Family::Coercive, Severity::Error, 11, "never", "We never.");
    negated.negated = true;
    let mut mutual =
        finding("mutual.joint.shared-goal", Family::Mutual, Severity::Info, 12, "both of us", "Works for both of us.");
    mutual.message = Arc::from("Frames the problem as shared.");
    mutual.suggestion = None;
    Report {
        path: "policies/hr/leave policy.md".into(),
        id: None,
        extra: serde_json::Map::new(),
        kind: Kind::Message,
        profile: "policy",
        position: None,
        verdict: Verdict::Coercive,
        score: Some(Score { total: 41, ..Score::default() }),
        reasons: vec!["A sanction on line 5.".into()],
        speakers: vec![],
        pressure: vec![],
        findings: vec![
            finding(
                "coercive.threat.sanction",
                Family::Coercive,
                Severity::Error,
                5,
                "will result in immediate termination",
                "Failure to respond within 15 minutes will result in immediate termination.",
            ),
            warning,
            negated,
            mutual,
        ],
        notices: vec![],
        suppressed: 1,
        unused_suppressions: vec![UnusedSuppression {
            line: 14,
            rule: "*".into(),
            message: "unused suppression: it silences no finding".into(),
        }],
        timeline: vec![],
        transcript: Default::default(),
    }
}

/// A clean file.
pub fn clean() -> Report {
    Report {
        path: "notes.txt".into(),
        verdict: Verdict::Neutral,
        profile: "email",
        position: None,
        findings: vec![],
        suppressed: 0,
        unused_suppressions: vec![],
        ..report()
    }
}

/// Renders `reports` and a summary through `r`.
pub fn render_reports(r: &mut dyn Renderer, reports: &[Report]) -> String {
    let mut out = vec![];
    let mut summary = Summary::default();
    r.begin(&mut out).unwrap();
    for report in reports {
        summary.add(report);
        r.file(&mut out, report).unwrap();
    }
    summary.errors.push(FileError { path: "missing,file.md".into(), message: "No such file or directory".into() });
    r.finish(&mut out, &summary).unwrap();
    String::from_utf8(out).unwrap()
}

/// Renders the problem report and a clean one, and one unreadable file.
pub fn render(r: &mut dyn Renderer) -> String {
    render_reports(r, &[report(), clean()])
}
