//! Floors on the development corpus (tests/corpus): a lexicon or context change that
//! regresses precision, recall, verdicts or false alarms fails CI.

use goodfaith::analysis::Analyzer;
use goodfaith::eval::{evaluate, Corpus};
use goodfaith::input;
use goodfaith::lexicon::Lexicon;

#[test]
fn development_corpus_floors_hold() {
    let lexicon = Lexicon::embedded().unwrap();
    let analyzer = Analyzer::new(&lexicon);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let corpus = Corpus::load(&dir).unwrap();
    assert!(corpus.sentences.len() >= 500 && corpus.ordinary.len() >= 200 && corpus.files.len() >= 90);
    let ev = evaluate(&analyzer, &corpus, |f| {
        let bytes = std::fs::read(&f.path).map_err(|e| e.to_string())?;
        input::read(&f.path.display().to_string(), &bytes, None).map_err(|e| e.to_string())
    });
    let misses: Vec<String> =
        ev.misses.iter().map(|m| format!("{} expected {} got {}: {}", m.source, m.expected, m.got, m.text)).collect();
    let show = || misses.join("\n");
    let co = &ev.families["coercive"];
    let mu = &ev.families["mutual"];
    assert!(co.precision >= 0.9, "coercive precision {:.3}\n{}", co.precision, show());
    assert!(co.recall >= 0.85, "coercive recall {:.3}\n{}", co.recall, show());
    assert!(mu.precision >= 0.85, "mutual precision {:.3}\n{}", mu.precision, show());
    assert!(mu.recall >= 0.8, "mutual recall {:.3}\n{}", mu.recall, show());
    assert!(ev.verdict_accuracy >= 0.85, "verdict accuracy {:.3}\n{}", ev.verdict_accuracy, show());
    assert!(ev.false_alarm_rate <= 0.02, "false alarms {:.3}\n{}", ev.false_alarm_rate, show());
}
