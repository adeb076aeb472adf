//! `--quiet`: for a pre-send check or a hook. Nothing for a file that passes; for one
//! that fails, the verdict and the blocking findings with a better way to say each, in
//! at most [`MAX_LINES`] lines.

use std::io::{self, Write};

use super::safe::sanitize;
use super::threshold::Threshold;
use super::Renderer;
use crate::analysis::Report;

/// The most lines written for one file.
pub const MAX_LINES: usize = 6;
/// Findings shown in full (two lines each); the rest are counted.
const SHOWN: usize = 2;

/// `--quiet`.
#[derive(Debug, Default)]
pub struct Quiet {
    threshold: Threshold,
}

impl Quiet {
    /// A quiet renderer that shows what fails `threshold`.
    pub fn new(threshold: Threshold) -> Self {
        Quiet { threshold }
    }
}

impl Renderer for Quiet {
    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        if !self.threshold.fails(r) {
            return Ok(());
        }
        let blocking = self.threshold.blocking(r);
        let path = sanitize(&r.path);
        let what = match blocking.len() {
            0 => String::new(),
            1 => ": 1 blocking finding".to_string(),
            n => format!(": {n} blocking findings"),
        };
        writeln!(out, "{path}: {} \u{2014} not ready as written{what}", r.verdict.as_str())?;
        for f in blocking.iter().take(SHOWN) {
            writeln!(
                out,
                "  {} {} \u{201c}{}\u{201d} ({})",
                super::place(r, f),
                f.severity.as_str(),
                sanitize(&f.matched),
                f.rule
            )?;
            let better = f.suggestion.as_deref().map_or_else(|| sanitize(&f.message), sanitize);
            writeln!(out, "    \u{2192} {better}")?;
        }
        if blocking.len() > SHOWN {
            writeln!(out, "  \u{2026} and {} more: run goodfaith {path} for the full report", blocking.len() - SHOWN)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Severity;
    use crate::report::fixture;

    #[test]
    fn snapshot() {
        let threshold = Threshold { severity: Some(Severity::Warning), verdicts: vec![] };
        insta::assert_snapshot!(fixture::render(&mut Quiet::new(threshold)));
    }

    #[test]
    fn at_most_six_lines_and_nothing_when_it_passes() {
        let mut report = fixture::report();
        let extra = report.findings[0].clone();
        report.findings.extend(std::iter::repeat_n(extra, 5));
        let threshold = Threshold { severity: Some(Severity::Warning), verdicts: vec![] };
        let text = fixture::render_reports(&mut Quiet::new(threshold.clone()), &[report]);
        assert!(text.lines().count() <= MAX_LINES, "{text}");
        assert!(text.contains("7 blocking findings") && text.contains("5 more"), "{text}");
        let passes = fixture::render_reports(
            &mut Quiet::new(Threshold { severity: None, verdicts: vec![] }),
            &[fixture::report()],
        );
        assert_eq!(passes, "");
    }
}
