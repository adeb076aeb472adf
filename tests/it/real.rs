//! The judgement targets on real text (issues 12 and 13): the corpora in `../shared/corpora` (see
//! its README), measured as `goodfaith eval --corpus` measures them. A fresh clone has no
//! corpora and these tests say so and pass; `.ci/run` requires them. Where the built-in
//! model trained on part of a file, the part it did not see is held to the target too.

use std::path::PathBuf;

use goodfaith::analysis::Analyzer;
use goodfaith::eval::{evaluate_jsonl, CorpusEvaluation};
use goodfaith::lexicon::Lexicon;

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("GOODFAITH_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: no corpora at {} (set GOODFAITH_CORPORA)", dir.display());
        None
    }
}

fn evaluate(name: &str) -> Option<CorpusEvaluation> {
    let path = corpora()?.join(format!("{name}.jsonl"));
    let source = std::fs::read_to_string(&path).expect("read corpus");
    let lexicon = Lexicon::embedded().unwrap();
    let ev = evaluate_jsonl(&Analyzer::new(&lexicon), &path.display().to_string(), &source, 0).unwrap();
    Some(ev)
}

#[test]
fn darkpatterns_f1_at_least_0_85_also_on_the_held_out_part() {
    let Some(ev) = evaluate("darkpatterns") else { return };
    let all = &ev.detection.as_ref().unwrap().scores;
    let held = &ev.detection_held_out.as_ref().expect("the model trained on part of it").scores;
    assert!(all.f1 >= 0.85, "whole file: {all:?}");
    assert!(held.f1 >= 0.85, "held out: {held:?}");
}

/// The target, recall 0.35 at precision 0.80, is not met (README, Accuracy): this
/// floor keeps what was reached (0.11 at 0.78 before the scorer, 0.33 at 0.79 now) from
/// sliding back.
#[test]
fn mentalmanip_recall_does_not_slide_back() {
    let Some(ev) = evaluate("mentalmanip") else { return };
    let s = &ev.detection.as_ref().unwrap().scores;
    assert!(s.recall >= 0.31 && s.precision >= 0.77, "{s:?}");
}

/// The whole file meets the target; the half the model did not train on reaches about 0.53
/// (README, Accuracy), and this floor keeps it there.
#[test]
fn casino_good_faith_turns_f1_at_least_0_55() {
    let Some(ev) = evaluate("casino") else { return };
    let all = ev.turns.as_ref().unwrap();
    let held = ev.turns_held_out.as_ref().expect("the model trained on part of it");
    assert!(all.f1 >= 0.55, "whole file: {all:?}");
    assert!(held.f1 >= 0.51, "held out: {held:?}");
}

#[test]
fn qmsum_meetings_are_rarely_flagged() {
    let Some(ev) = evaluate("qmsum") else { return };
    let r = &ev.rates;
    assert!(r.with_error as f64 <= 0.05 * r.records as f64, "{r:?}");
    assert!(r.coercive_per_1000_lines <= 0.6, "{r:?}");
}

#[test]
fn enron_emails_are_rarely_flagged() {
    let Some(ev) = evaluate("enron") else { return };
    let r = &ev.rates;
    assert!(r.with_error as f64 <= 0.002 * r.records as f64, "{r:?}");
}

/// Issue 13: of the negotiations that ended in a deal, an agreement verdict for at least
/// 85% at 95% precision; of the walk-aways, at most a fifth judged an agreement.
#[test]
fn casino_deals_are_judged_agreements_and_walk_aways_mostly_not() {
    let Some(ev) = evaluate("casino") else { return };
    let a = ev.agreement.as_ref().expect("casino records say whether a deal was reached");
    assert!(a.scores.recall >= 0.85 && a.scores.precision >= 0.95, "{a:?}");
    assert!(a.walk_aways > 0 && a.walk_aways_judged_agreed * 5 <= a.walk_aways, "{a:?}");
}
