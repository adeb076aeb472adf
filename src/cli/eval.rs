//! `goodfaith eval DIR`: the evaluation table, or JSON.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::analysis::Analyzer;
use goodfaith::eval::{evaluate, evaluate_jsonl, Corpus, CorpusEvaluation, Evaluation, Scores};
use goodfaith::report::sanitize::sanitize;

use super::args::{ListFormat, RulesArgs};
use super::check::build_lexicon;
use super::sources::read;
use super::EXIT_CLEAN;

/// Runs the evaluation and prints it.
pub fn run(dir: &Path, format: ListFormat, rules: &RulesArgs) -> Result<u8> {
    let lexicon = build_lexicon(rules)?;
    let analyzer = Analyzer::new(&lexicon);
    let corpus = Corpus::load(dir).with_context(|| format!("reading corpus {}", dir.display()))?;
    let ev = evaluate(&analyzer, &corpus, |f| read(&f.path, None).map_err(|e| format!("{e:#}")));
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &ev)?;
            writeln!(out)?;
        }
        ListFormat::Table => table(&mut out, &ev)?,
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn row(out: &mut impl Write, name: &str, s: &Scores) -> io::Result<()> {
    writeln!(
        out,
        "  {name:<34} {:>6.3} {:>6.3} {:>6.3}   {:>4} {:>4} {:>4}",
        s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_
    )
}

fn table(out: &mut impl Write, ev: &Evaluation) -> io::Result<()> {
    writeln!(out, "{} labelled sentences", ev.sentences)?;
    writeln!(
        out,
        "  {:<34} {:>6} {:>6} {:>6}   {:>4} {:>4} {:>4}",
        "family", "prec", "recall", "f1", "tp", "fp", "fn"
    )?;
    for (name, s) in &ev.families {
        row(out, name, s)?;
    }
    writeln!(
        out,
        "\n  {:<34} {:>6} {:>6} {:>6}   {:>4} {:>4} {:>4}",
        "category", "prec", "recall", "f1", "tp", "fp", "fn"
    )?;
    for (name, s) in &ev.categories {
        row(out, name, s)?;
    }
    writeln!(
        out,
        "\nordinary language: {} of {} sentences flagged coercive ({:.1}% false alarms)",
        ev.false_alarms,
        ev.ordinary,
        ev.false_alarm_rate * 100.0
    )?;
    writeln!(out, "verdicts: {} of {} right ({:.1}%)", ev.verdicts_right, ev.files, ev.verdict_accuracy * 100.0)?;
    let predicted: Vec<&String> = {
        let mut p: Vec<&String> = ev.confusion.values().flat_map(|m| m.keys()).collect();
        p.sort();
        p.dedup();
        p
    };
    if !predicted.is_empty() {
        let short = |s: &str| s.split('-').map(|w| &w[..w.len().min(4)]).collect::<Vec<_>>().join("-");
        write!(out, "  {:<26}", "expected \\ got")?;
        for p in &predicted {
            write!(out, " {:>10}", short(p))?;
        }
        writeln!(out)?;
        for (expected, got) in &ev.confusion {
            write!(out, "  {expected:<26}")?;
            for p in &predicted {
                write!(out, " {:>10}", got.get(*p).copied().unwrap_or(0))?;
            }
            writeln!(out)?;
        }
    }
    if !ev.misses.is_empty() {
        writeln!(out, "\nmisses ({}):", ev.misses.len())?;
        for m in &ev.misses {
            writeln!(out, "  {}  expected {}, got {}: {}", m.source, m.expected, m.got, sanitize(&m.text))?;
        }
    }
    Ok(())
}

/// `goodfaith eval --corpus FILE.jsonl …`: one block per file.
pub fn corpora(files: &[PathBuf], max_misses: usize, format: ListFormat, rules: &RulesArgs) -> Result<u8> {
    let lexicon = build_lexicon(rules)?;
    let analyzer = Analyzer::new(&lexicon);
    let mut all = vec![];
    for f in files {
        let source = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let name = f.display().to_string();
        let ev = evaluate_jsonl(&analyzer, &name, &source, max_misses)
            .map_err(|e| anyhow::anyhow!("{name}:{}: {}", e.line, e.message))?;
        all.push(ev);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &all)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let model = lexicon.model().map_or("none (lexicon alone)".to_string(), |m| m.source().to_string());
            writeln!(out, "model: {}", sanitize(&model))?;
            for ev in &all {
                corpus_table(&mut out, ev)?;
            }
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn prf(s: &Scores) -> String {
    format!("P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})", s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_)
}

fn corpus_table(out: &mut impl Write, ev: &CorpusEvaluation) -> io::Result<()> {
    let r = &ev.rates;
    writeln!(out, "\n== {} ({} records, {} lines)", sanitize(&ev.path), r.records, r.lines)?;
    let pct = |n: usize| if r.records == 0 { 0.0 } else { 100.0 * n as f64 / r.records as f64 };
    writeln!(out, "  with an error-level coercive finding   {:>6} ({:.2}%)", r.with_error, pct(r.with_error))?;
    writeln!(out, "  with any counted coercive finding      {:>6} ({:.2}%)", r.with_coercive, pct(r.with_coercive))?;
    writeln!(
        out,
        "  per 1,000 lines: coercive {:.2}, mutual {:.2}; learned share of coercive {:.0}%",
        r.coercive_per_1000_lines,
        r.mutual_per_1000_lines,
        r.learned_share * 100.0
    )?;
    if let Some(d) = &ev.detection {
        writeln!(out, "  coercive label, all {}: {}  FPR {:.3}", d.records, prf(&d.scores), d.false_positive_rate)?;
    }
    if let Some(d) = &ev.detection_held_out {
        writeln!(
            out,
            "  coercive label, held out {}: {}  FPR {:.3}",
            d.records,
            prf(&d.scores),
            d.false_positive_rate
        )?;
    }
    for (name, (found, of)) in &ev.recall_by {
        writeln!(
            out,
            "    recall {:<40} {:>4}/{:<4} {:.2}",
            sanitize(name),
            found,
            of,
            *found as f64 / (*of).max(1) as f64
        )?;
    }
    if let Some(t) = &ev.turns {
        writeln!(out, "  good-faith turns, all: {}", prf(t))?;
    }
    if let Some(t) = &ev.turns_held_out {
        writeln!(out, "  good-faith turns, held out: {}", prf(t))?;
    }
    for (name, (found, of)) in &ev.turn_recall_by {
        writeln!(
            out,
            "    turns with {:<34} {:>4}/{:<4} flagged mutual {:.2}",
            sanitize(name),
            found,
            of,
            *found as f64 / (*of).max(1) as f64
        )?;
    }
    if let Some(a) = &ev.agreement {
        writeln!(out, "  agreement (verdict vs outcome): {}", prf(&a.scores))?;
        writeln!(out, "  walk-aways judged agreements: {} of {}", a.walk_aways_judged_agreed, a.walk_aways)?;
    }
    let verdicts: Vec<String> = ev.verdicts.iter().map(|(v, n)| format!("{v} {n}")).collect();
    writeln!(out, "  verdicts: {}", verdicts.join(", "))?;
    if !ev.misses.is_empty() {
        writeln!(out, "  misses and false alarms:")?;
        for m in &ev.misses {
            writeln!(
                out,
                "    {}  expected {}, got {}: {}",
                sanitize(&m.source),
                sanitize(&m.expected),
                sanitize(&m.got),
                sanitize(&m.text)
            )?;
        }
    }
    Ok(())
}
