//! Evaluation on a labelled JSON Lines file (the README's "Your own labelled data"): each
//! record's text is analysed as a file with that text would be, and whatever labels the
//! records carry are scored: a document label (coercive or not), turn labels (mutual moves),
//! the outcome of a negotiation (`agreed`), and, for every file, how often ordinary text is
//! flagged. When the model in use was trained on part of this file, the part it did not
//! see is reported on its own.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::Scores;
use crate::analysis::{Analyzer, Report, Verdict};
use crate::input;
use crate::lexicon::{Family, Severity};
use crate::model::data::{self, share_of};

/// CaSiNo strategies that are good-faith moves (the others are self-interest, fairness
/// claims, undervaluing the partner, or small talk).
pub const PROSOCIAL: &[&str] = &["elicit-pref", "promote-coordination", "showing-empathy", "no-need"];

/// One record's labels and what goodfaith said.
struct Outcome {
    id: String,
    held_out: bool,
    coercive: Option<bool>,
    breakdown: Vec<String>,
    agreed: Option<bool>,
    turns: Vec<(usize, Option<bool>, Vec<String>)>,
    report: Report,
    lines: usize,
    text: String,
}

/// Detection of a document label.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Detection {
    /// Records evaluated.
    pub records: usize,
    /// Precision, recall, F1.
    pub scores: Scores,
    /// Negatives flagged / negatives.
    pub false_positive_rate: f64,
}

/// Agreement detection on negotiations with a known outcome.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agreement {
    /// Verdict mutual-agreement or pressured-agreement versus `agreed`.
    pub scores: Scores,
    /// Negotiations that ended without a deal.
    pub walk_aways: u32,
    /// Of those, judged an agreement.
    pub walk_aways_judged_agreed: u32,
}

/// Rates that need no labels.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rates {
    /// Records.
    pub records: usize,
    /// Lines of text.
    pub lines: usize,
    /// Records with an error-level counted coercive finding.
    pub with_error: usize,
    /// Records with any counted coercive finding.
    pub with_coercive: usize,
    /// Counted coercive findings per 1,000 lines.
    pub coercive_per_1000_lines: f64,
    /// Counted mutual findings per 1,000 lines.
    pub mutual_per_1000_lines: f64,
    /// Of the counted coercive findings, how many the trained scorer made.
    pub learned_share: f64,
}

/// One file's evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CorpusEvaluation {
    /// The file.
    pub path: String,
    /// Rates on every record.
    pub rates: Rates,
    /// Document label detection, all records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection: Option<Detection>,
    /// The same on the records the model was not trained on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection_held_out: Option<Detection>,
    /// Recall per technique, category or pattern type: (found, of).
    pub recall_by: BTreeMap<String, (u32, u32)>,
    /// Turn-level mutual moves: all annotated turns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turns: Option<Scores>,
    /// The same on the records the model was not trained on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turns_held_out: Option<Scores>,
    /// Turn recall per annotated strategy or label: (found, of).
    pub turn_recall_by: BTreeMap<String, (u32, u32)>,
    /// Agreement detection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Agreement>,
    /// Verdicts given, by name.
    pub verdicts: BTreeMap<String, u32>,
    /// Labelled records goodfaith got wrong: missed and false alarms.
    pub misses: Vec<super::Miss>,
}

/// A line of the file that is not a usable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Evaluates `source` (the file's contents) named `path`, keeping up to `max_misses` of
/// each kind of miss.
pub fn evaluate_jsonl(
    analyzer: &Analyzer,
    path: &str,
    source: &str,
    max_misses: usize,
) -> Result<CorpusEvaluation, RecordError> {
    let train_share = trained_share(analyzer, path);
    let mut outcomes = vec![];
    for (n, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| RecordError { line: n + 1, message };
        let record: BTreeMap<String, Value> =
            serde_json::from_str(line).map_err(|e| err(format!("not a JSON object: {e}")))?;
        outcomes.push(outcome(analyzer, &record, train_share).map_err(err)?);
    }
    Ok(summarise(path, &outcomes, train_share.is_some(), max_misses))
}

/// The share of this file the model trained on, from its manifest (matched by file name).
fn trained_share(analyzer: &Analyzer, path: &str) -> Option<f64> {
    let model = analyzer.lexicon().model()?;
    let manifest: Value = serde_json::from_str(model.manifest()).ok()?;
    let name = std::path::Path::new(path).file_name()?.to_string_lossy().to_string();
    manifest["sources"].as_array()?.iter().find(|s| s["name"].as_str() == Some(&name))?["train_share"].as_f64()
}

fn outcome(analyzer: &Analyzer, record: &BTreeMap<String, Value>, train_share: Option<f64>) -> Result<Outcome, String> {
    let id = match record.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => return Err("a record needs an `id`".into()),
    };
    let text = ["document", "text"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str))
        .ok_or("a record needs a `text` (or `document`) string")?
        .to_string();
    let conv = input::read(&format!("{id}.txt"), format!("{text}\n").as_bytes(), None).map_err(|e| e.to_string())?;
    let report = analyzer.analyze(&conv);
    let breakdown = match (record.get("techniques"), record.get("category"), record.get("pattern_type")) {
        (Some(Value::Array(t)), _, _) => t.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        (_, Some(Value::String(c)), p) => {
            let mut v = vec![c.clone()];
            v.extend(p.and_then(Value::as_str).map(|p| format!("{c}/{p}")));
            v
        }
        _ => vec![],
    };
    let turns = match record.get("turns") {
        Some(Value::Array(ts)) => ts.iter().enumerate().map(|(i, t)| (i + 1, turn_gold(t), turn_names(t))).collect(),
        _ => vec![],
    };
    Ok(Outcome {
        held_out: train_share.is_some_and(|s| share_of(&id) >= s),
        id,
        coercive: data::record_labels(record).and_then(|l| l.coercive),
        breakdown,
        agreed: record.get("agreed").and_then(Value::as_bool),
        turns,
        lines: text.lines().count().max(1),
        text,
        report,
    })
}

/// Whether an annotated turn is a good-faith move: a mutual taxonomy label, or a prosocial
/// CaSiNo strategy. `None` when the turn is not annotated.
fn turn_gold(turn: &Value) -> Option<bool> {
    if turn.get("labels").is_some() {
        return data::turn_labels(turn).and_then(|l| l.mutual);
    }
    let s = turn.get("strategies")?.as_array()?;
    Some(s.iter().filter_map(Value::as_str).any(|n| PROSOCIAL.contains(&n)))
}

fn turn_names(turn: &Value) -> Vec<String> {
    let list = turn.get("labels").or_else(|| turn.get("strategies")).and_then(Value::as_array);
    list.map(|l| l.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

fn counted(r: &Report, family: Family) -> impl Iterator<Item = &crate::analysis::FindingReport> {
    r.findings.iter().filter(move |f| f.counts() && f.family == family)
}

fn summarise(path: &str, outcomes: &[Outcome], has_held_out: bool, max_misses: usize) -> CorpusEvaluation {
    let mut ev = CorpusEvaluation { path: path.to_string(), ..CorpusEvaluation::default() };
    ev.rates = rates(outcomes);
    for o in outcomes {
        *ev.verdicts.entry(o.report.verdict.as_str().to_string()).or_default() += 1;
    }
    if outcomes.iter().any(|o| o.coercive.is_some()) {
        ev.detection = Some(detection(outcomes.iter()));
        if has_held_out {
            ev.detection_held_out = Some(detection(outcomes.iter().filter(|o| o.held_out)));
        }
        for o in outcomes.iter().filter(|o| o.coercive == Some(true)) {
            let found = counted(&o.report, Family::Coercive).next().is_some() as u32;
            for b in &o.breakdown {
                let e = ev.recall_by.entry(b.clone()).or_default();
                e.0 += found;
                e.1 += 1;
            }
        }
        misses(outcomes, max_misses, &mut ev.misses);
    }
    if outcomes.iter().any(|o| o.turns.iter().any(|t| t.1.is_some())) {
        ev.turns = Some(turn_scores(outcomes.iter(), &mut ev.turn_recall_by));
        if has_held_out {
            ev.turns_held_out = Some(turn_scores(outcomes.iter().filter(|o| o.held_out), &mut BTreeMap::new()));
        }
    }
    if outcomes.iter().any(|o| o.agreed.is_some()) {
        ev.agreement = Some(agreement(outcomes));
    }
    ev
}

fn rates(outcomes: &[Outcome]) -> Rates {
    let mut r = Rates { records: outcomes.len(), ..Rates::default() };
    let (mut coercive, mut mutual, mut learned) = (0usize, 0usize, 0usize);
    for o in outcomes {
        r.lines += o.lines;
        let c: Vec<_> = counted(&o.report, Family::Coercive).collect();
        r.with_error += c.iter().any(|f| f.severity == Severity::Error) as usize;
        r.with_coercive += !c.is_empty() as usize;
        coercive += c.len();
        learned += c.iter().filter(|f| f.confidence.is_some()).count();
        mutual += counted(&o.report, Family::Mutual).count();
    }
    let per_1000 = |n: usize| if r.lines == 0 { 0.0 } else { 1000.0 * n as f64 / r.lines as f64 };
    r.coercive_per_1000_lines = per_1000(coercive);
    r.mutual_per_1000_lines = per_1000(mutual);
    r.learned_share = if coercive == 0 { 0.0 } else { learned as f64 / coercive as f64 };
    r
}

fn detection<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Detection {
    let (mut tp, mut fp, mut fn_, mut negatives, mut records) = (0, 0, 0, 0, 0);
    for o in outcomes {
        let Some(gold) = o.coercive else { continue };
        records += 1;
        let flagged = counted(&o.report, Family::Coercive).next().is_some();
        match (gold, flagged) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            (false, false) => {}
        }
        negatives += !gold as u32;
    }
    let false_positive_rate = if negatives == 0 { 0.0 } else { fp as f64 / negatives as f64 };
    Detection { records, scores: Scores::from_counts(tp, fp, fn_), false_positive_rate }
}

fn turn_scores<'a>(outcomes: impl Iterator<Item = &'a Outcome>, by: &mut BTreeMap<String, (u32, u32)>) -> Scores {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for o in outcomes {
        let lines: Vec<u32> = counted(&o.report, Family::Mutual).map(|f| f.line).collect();
        for (line, gold, names) in &o.turns {
            let Some(gold) = gold else { continue };
            let found = lines.contains(&(*line as u32));
            match (gold, found) {
                (true, true) => tp += 1,
                (true, false) => fn_ += 1,
                (false, true) => fp += 1,
                (false, false) => {}
            }
            for n in names {
                let e = by.entry(n.clone()).or_default();
                e.0 += found as u32;
                e.1 += 1;
            }
        }
    }
    Scores::from_counts(tp, fp, fn_)
}

fn agreement(outcomes: &[Outcome]) -> Agreement {
    let mut a = Agreement::default();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for o in outcomes {
        let Some(agreed) = o.agreed else { continue };
        let judged = matches!(o.report.verdict, Verdict::MutualAgreement | Verdict::PressuredAgreement);
        match (agreed, judged) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            (false, false) => {}
        }
        a.walk_aways += !agreed as u32;
    }
    a.walk_aways_judged_agreed = fp;
    a.scores = Scores::from_counts(tp, fp, fn_);
    a
}

/// The first `max` missed positives and `max` false alarms.
fn misses(outcomes: &[Outcome], max: usize, out: &mut Vec<super::Miss>) {
    let short = |t: &str| t.chars().take(160).collect::<String>();
    let missed =
        outcomes.iter().filter(|o| o.coercive == Some(true) && counted(&o.report, Family::Coercive).next().is_none());
    for o in missed.take(max) {
        let expected = if o.breakdown.is_empty() { "coercive".to_string() } else { o.breakdown.join(",") };
        out.push(super::Miss {
            source: o.id.clone(),
            expected,
            got: o.report.verdict.as_str().into(),
            text: short(&o.text),
        });
    }
    let alarms = outcomes.iter().filter(|o| o.coercive == Some(false));
    for o in alarms.filter_map(|o| counted(&o.report, Family::Coercive).next().map(|f| (o, f))).take(max) {
        let got = format!("{} (line {})", o.1.rule, o.1.line);
        out.push(super::Miss { source: o.0.id.clone(), expected: "none".into(), got, text: short(&o.1.sentence) });
    }
}
