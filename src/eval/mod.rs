//! Evaluation on a labelled corpus: precision, recall and F1 per family and category,
//! verdict accuracy with a confusion matrix, the false-alarm rate on ordinary language,
//! and every miss with its text.

mod corpus;
mod jsonl;

use std::collections::BTreeMap;

use serde::Serialize;

pub use corpus::{Corpus, CorpusError, Labelled, Sentence};
pub use jsonl::{evaluate_jsonl, Agreement, CorpusEvaluation, Detection, Rates, RecordError, PROSOCIAL};

use crate::analysis::{Analyzer, Report};
use crate::input::{Conversation, Kind};
use crate::lexicon::Family;
use crate::text::Part;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// True positives.
    pub tp: u32,
    /// False positives.
    pub fp: u32,
    /// False negatives.
    pub fn_: u32,
    /// tp / (tp + fp); 1 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn); 1 when nothing was expected.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    fn from_counts(tp: u32, fp: u32, fn_: u32) -> Scores {
        let ratio = |a: u32, b: u32| if a + b == 0 { 1.0 } else { a as f64 / (a + b) as f64 };
        let (precision, recall) = (ratio(tp, fp), ratio(tp, fn_));
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Scores { tp, fp, fn_, precision, recall, f1 }
    }
}

/// One thing the analyser got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Where it is (`sentences.tsv:12`, a file path).
    pub source: String,
    /// What was expected.
    pub expected: String,
    /// What goodfaith said.
    pub got: String,
    /// The text (sentences) or the reasons (files).
    pub text: String,
}

/// The evaluation report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    /// Labelled sentences evaluated.
    pub sentences: usize,
    /// Per family (`coercive`, `mutual`).
    pub families: BTreeMap<String, Scores>,
    /// Per category (`coercive.threat` …).
    pub categories: BTreeMap<String, Scores>,
    /// Ordinary sentences evaluated.
    pub ordinary: usize,
    /// Ordinary sentences with a counted coercive finding.
    pub false_alarms: usize,
    /// false_alarms / ordinary.
    pub false_alarm_rate: f64,
    /// Labelled files evaluated.
    pub files: usize,
    /// Files whose verdict matched.
    pub verdicts_right: usize,
    /// verdicts_right / files.
    pub verdict_accuracy: f64,
    /// expected verdict → predicted verdict → count.
    pub confusion: BTreeMap<String, BTreeMap<String, u32>>,
    /// Everything that went wrong.
    pub misses: Vec<Miss>,
}

/// Analyses one sentence as a single-author message.
fn analyse_text(analyzer: &Analyzer, text: &str) -> Report {
    let mut conv = Conversation::new("sentence", text.to_string());
    conv.push_turn(None, [Part::new(0..text.len(), false)], false, false);
    conv.kind = Kind::Message;
    analyzer.analyze(&conv)
}

fn counted_categories(report: &Report, family: Family) -> Vec<String> {
    report.findings.iter().filter(|f| f.counts() && f.family == family).map(|f| f.category.clone()).collect()
}

/// Runs the analyser over `corpus`. `read` turns a labelled file into a conversation
/// (the caller decides how files are read and which errors are fatal).
pub fn evaluate(
    analyzer: &Analyzer,
    corpus: &Corpus,
    mut read: impl FnMut(&Labelled) -> Result<Conversation, String>,
) -> Evaluation {
    let mut ev = Evaluation::default();
    sentences(analyzer, corpus, &mut ev);
    ordinary(analyzer, corpus, &mut ev);
    for file in &corpus.files {
        let source = file.path.display().to_string();
        let (got, text) = match read(file) {
            Ok(conv) => {
                let r = analyzer.analyze(&conv);
                (r.verdict.as_str().to_string(), r.reasons.join(" "))
            }
            Err(e) => ("unreadable".to_string(), e),
        };
        ev.files += 1;
        *ev.confusion.entry(file.verdict.clone()).or_default().entry(got.clone()).or_default() += 1;
        if got == file.verdict {
            ev.verdicts_right += 1;
        } else {
            ev.misses.push(Miss { source, expected: file.verdict.clone(), got, text });
        }
    }
    ev.verdict_accuracy = if ev.files == 0 { 1.0 } else { ev.verdicts_right as f64 / ev.files as f64 };
    ev
}

fn sentences(analyzer: &Analyzer, corpus: &Corpus, ev: &mut Evaluation) {
    let mut fam: BTreeMap<&str, [u32; 3]> = BTreeMap::new();
    let mut cat: BTreeMap<String, [u32; 3]> = BTreeMap::new();
    for s in &corpus.sentences {
        let report = analyse_text(analyzer, &s.text);
        let co = counted_categories(&report, Family::Coercive);
        let mu = counted_categories(&report, Family::Mutual);
        // A sentence is judged mutual only when it has no coercion: coercion wins.
        let predicted = if !co.is_empty() {
            "coercive"
        } else if !mu.is_empty() {
            "mutual"
        } else {
            "none"
        };
        for family in ["coercive", "mutual"] {
            let e = fam.entry(family).or_default();
            match (s.expected == family, predicted == family) {
                (true, true) => e[0] += 1,
                (false, true) => e[1] += 1,
                (true, false) => e[2] += 1,
                (false, false) => {}
            }
        }
        let got_cats: Vec<String> = match predicted {
            "coercive" => co.iter().map(|c| format!("coercive.{c}")).collect(),
            "mutual" => mu.iter().map(|c| format!("mutual.{c}")).collect(),
            _ => vec![],
        };
        let want_cat = (s.expected != "none").then(|| format!("{}.{}", s.expected, s.category));
        if let Some(w) = &want_cat {
            cat.entry(w.clone()).or_default()[if got_cats.contains(w) { 0 } else { 2 }] += 1;
        }
        let mut seen = vec![];
        for g in &got_cats {
            if Some(g) != want_cat.as_ref() && !seen.contains(&g) {
                cat.entry(g.clone()).or_default()[1] += 1;
                seen.push(g);
            }
        }
        if predicted != s.expected {
            let got = if got_cats.is_empty() { predicted.to_string() } else { got_cats.join(",") };
            ev.misses.push(Miss {
                source: format!("sentences.tsv:{}", s.line),
                expected: want_cat.unwrap_or_else(|| "none".into()),
                got,
                text: s.text.clone(),
            });
        }
    }
    ev.sentences = corpus.sentences.len();
    ev.families = fam.into_iter().map(|(k, [tp, fp, fn_])| (k.to_string(), Scores::from_counts(tp, fp, fn_))).collect();
    ev.categories = cat.into_iter().map(|(k, [tp, fp, fn_])| (k, Scores::from_counts(tp, fp, fn_))).collect();
}

fn ordinary(analyzer: &Analyzer, corpus: &Corpus, ev: &mut Evaluation) {
    for (i, text) in corpus.ordinary.iter().enumerate() {
        let report = analyse_text(analyzer, text);
        let co = counted_categories(&report, Family::Coercive);
        if !co.is_empty() {
            ev.false_alarms += 1;
            ev.misses.push(Miss {
                source: format!("ordinary.txt#{}", i + 1),
                expected: "none".into(),
                got: co.iter().map(|c| format!("coercive.{c}")).collect::<Vec<_>>().join(","),
                text: text.clone(),
            });
        }
    }
    ev.ordinary = corpus.ordinary.len();
    ev.false_alarm_rate = if ev.ordinary == 0 { 0.0 } else { ev.false_alarms as f64 / ev.ordinary as f64 };
}

#[cfg(test)]
mod tests {
    use super::Scores;

    #[test]
    fn scores() {
        let s = Scores::from_counts(8, 2, 2);
        assert_eq!((s.precision, s.recall), (0.8, 0.8));
        assert!((s.f1 - 0.8).abs() < 1e-9);
        let none = Scores::from_counts(0, 0, 0);
        assert_eq!((none.precision, none.recall), (1.0, 1.0));
    }
}
