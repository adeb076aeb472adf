//! `goodfaith rules`, `goodfaith explain RULE` and `goodfaith lexicon test`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Result};
use goodfaith::lexicon::{Lexicon, Rule, RuleIdx, Written};
use goodfaith::report::sanitize::sanitize;
use serde::Serialize;

use super::args::{ListFormat, RulesArgs};
use super::check::build_lexicon;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    family: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    patterns: usize,
}

/// Lists every rule.
pub fn list(format: ListFormat, rules: &RulesArgs) -> Result<u8> {
    let lexicon = build_lexicon(rules)?;
    let rows: Vec<RuleRow> = (0..)
        .zip(lexicon.rules())
        .map(|(i, r)| RuleRow {
            id: &r.id,
            family: r.family.as_str(),
            category: r.category.name(),
            severity: r.severity.as_str(),
            message: &r.message,
            patterns: lexicon.written(i).patterns.len(),
        })
        .collect();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(10);
            for r in &rows {
                writeln!(out, "{:<width$}  {:<7}  {}", r.id, r.severity, sanitize(r.message))?;
            }
            let patterns: usize = rows.iter().map(|r| r.patterns).sum();
            writeln!(out, "\n{} rules, {patterns} patterns", rows.len())?;
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// `goodfaith explain --verdicts`: the rules that decide the verdict.
pub fn explain_verdicts() -> Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    out.write_all(goodfaith::analysis::VERDICT_RULES.as_bytes())?;
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// Explains a rule, or every rule of a category.
pub fn explain(name: &str, rules: &RulesArgs) -> Result<u8> {
    let lexicon = build_lexicon(rules)?;
    let rules: Vec<RuleIdx> = match lexicon.find(name) {
        Some(i) => vec![i],
        None => (0..).zip(lexicon.rules()).filter(|(_, r)| r.category_id() == name).map(|(i, _)| i).collect(),
    };
    if rules.is_empty() {
        note!("goodfaith: error: no rule or category `{}` (see `goodfaith rules`)", sanitize(name));
        return Ok(EXIT_ERROR);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (i, &r) in rules.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_rule(&mut out, lexicon.rule(r), lexicon.written(r))?;
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// One rule in full. A user lexicon may come with a repository: its text is untrusted.
fn write_rule(out: &mut impl Write, r: &Rule, w: &Written) -> io::Result<()> {
    writeln!(out, "{}  ({} · {} · {})", r.id, r.family.as_str(), r.category, r.severity.as_str())?;
    writeln!(out, "\n{}", sanitize(&r.message))?;
    if let Some(why) = &r.why {
        writeln!(out, "\nWhy it matters: {}", sanitize(why))?;
    }
    if let Some(s) = &r.suggestion {
        writeln!(out, "\nA better way to say it: {}", sanitize(s))?;
    }
    if let Some(p) = &r.profiles {
        let names: Vec<&str> = p.iter().map(|p| p.as_str()).collect();
        writeln!(out, "\nOnly in profiles: {}", names.join(", "))?;
    }
    writeln!(out, "\nPatterns:")?;
    for p in &w.patterns {
        writeln!(out, "  {}", sanitize(p))?;
    }
    if let Some(re) = &r.regex {
        writeln!(out, "  regex: {}", sanitize(re))?;
    }
    if !w.exceptions.is_empty() {
        writeln!(out, "\nExceptions:")?;
        for p in &w.exceptions {
            writeln!(out, "  {}", sanitize(p))?;
        }
    }
    if !w.must_match.is_empty() {
        writeln!(out, "\nFlagged:")?;
        for e in &w.must_match {
            writeln!(out, "  {}", sanitize(e))?;
        }
    }
    if !w.no_match.is_empty() {
        writeln!(out, "\nNot flagged:")?;
        for e in &w.no_match {
            writeln!(out, "  {}", sanitize(e))?;
        }
    }
    Ok(())
}

/// Runs the examples of every rule; exit 1 when any fails.
pub fn test(files: &[PathBuf]) -> Result<u8> {
    let lexicon = if files.is_empty() {
        Lexicon::embedded()?
    } else {
        let mut b = Lexicon::builder().embedded(false);
        for f in files {
            b = b.file(f)?;
        }
        b.build()?
    };
    let failures = goodfaith::rule_examples::check(&lexicon, |_| true);
    let examples: usize = (0..lexicon.rules().len() as RuleIdx)
        .map(|i| lexicon.written(i))
        .map(|w| w.must_match.len() + w.no_match.len())
        .sum();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for f in &failures {
        writeln!(out, "FAIL {}", sanitize(&f.to_string()))?;
    }
    writeln!(out, "{} rules, {examples} examples, {} failed", lexicon.rules().len(), failures.len())?;
    out.flush()?;
    if lexicon.rules().is_empty() {
        bail!("no rules loaded");
    }
    Ok(if failures.is_empty() { EXIT_CLEAN } else { EXIT_FINDINGS })
}
