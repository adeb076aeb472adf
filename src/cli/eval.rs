//! `goodfaith eval DIR`: the evaluation table, or JSON.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::analysis::Analyzer;
use goodfaith::eval::{evaluate, Corpus, Evaluation, Scores};
use goodfaith::report::safe::sanitize;

use super::args::ListFormat;
use super::check::build_lexicon;
use super::sources::read;
use super::EXIT_CLEAN;

/// Runs the evaluation and prints it.
pub fn run(dir: &Path, format: ListFormat, lexicons: &[PathBuf]) -> Result<u8> {
    let lexicon = build_lexicon(lexicons)?;
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
