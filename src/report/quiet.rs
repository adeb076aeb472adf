//! `--quiet`: for a pre-send check or a hook. Nothing for a file that passes; for one
//! that fails, the verdict and the blocking findings with a better way to say each, in
//! at most [`MAX_LINES`] lines.

use std::io::{self, Write};

use super::sanitize::sanitize;
use super::threshold::Threshold;
use super::Renderer;
use crate::analysis::Report;

/// The most lines written for one file.
pub const MAX_LINES: usize = 6;

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
        // A verdict on the --fail-on-verdict list fails whatever the findings: say why.
        let reason = r.reasons.first().filter(|_| blocking.is_empty() || self.threshold.verdicts.contains(&r.verdict));
        if let Some(reason) = reason {
            writeln!(out, "  why: {}", sanitize(reason))?;
        }
        let room = MAX_LINES - 1 - usize::from(reason.is_some());
        let shown = if blocking.len() * 2 <= room { blocking.len() } else { (room - 1) / 2 };
        for f in blocking.iter().take(shown) {
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
        if blocking.len() > shown {
            writeln!(out, "  \u{2026} and {} more: run goodfaith {path} for the full report", blocking.len() - shown)?;
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
    fn a_failing_verdict_says_why() {
        let mut report = fixture::clean();
        report.verdict = crate::analysis::Verdict::OneSided;
        report.reasons = vec!["Ann made every request and never asked what Bo needs (lines 1, 3).".into()];
        let threshold = Threshold { severity: Some(Severity::Error), verdicts: vec![report.verdict] };
        let text = fixture::render_reports(&mut Quiet::new(threshold.clone()), std::slice::from_ref(&report));
        assert!(text.contains("one-sided \u{2014} not ready as written\n  why: Ann made every request"), "{text}");
        // With findings too, the reason comes first and six lines still hold.
        let mut full = fixture::report();
        let extra = full.findings[0].clone();
        full.findings.extend(std::iter::repeat_n(extra, 5));
        let threshold = Threshold { severity: Some(Severity::Warning), verdicts: vec![full.verdict] };
        let text = fixture::render_reports(&mut Quiet::new(threshold), &[full]);
        assert!(text.lines().nth(1).unwrap().starts_with("  why: "), "{text}");
        assert!(text.lines().count() <= MAX_LINES, "{text}");
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
