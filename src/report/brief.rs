//! `--format brief`: one line per finding, `path:line:col: severity rule: message
//! "matched"`, the shape editors (Vim's quickfix, Emacs compile mode, VS Code problem
//! matchers) and `grep` understand. Problems only; `-v` adds the other counted findings.

use std::io::{self, Write};

use super::sanitize::sanitize;
use super::{Renderer, UNUSED_SUPPRESSION};
use crate::analysis::{FindingReport, Report};

/// `--format brief`.
#[derive(Debug, Default)]
pub struct Brief {
    /// Also list counted findings that are not problems (mutual moves, signals).
    pub verbose: bool,
}

impl Brief {
    /// A brief renderer; `verbose` also lists mutual moves and signals.
    pub fn new(verbose: bool) -> Self {
        Brief { verbose }
    }
}

impl Renderer for Brief {
    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        let path = sanitize(&r.path);
        let shown = |f: &&FindingReport| f.is_problem() || (self.verbose && f.counts());
        for f in r.findings.iter().filter(shown) {
            writeln!(
                out,
                "{path}:{}:{}: {} {}: {} \"{}\"{}",
                f.line,
                f.column,
                f.severity.as_str(),
                f.rule,
                sanitize(&f.message),
                sanitize(&f.matched),
                super::place_note(r, f)
            )?;
        }
        for u in &r.unused_suppressions {
            writeln!(out, "{path}:{}:1: warning {UNUSED_SUPPRESSION}: {}", u.line, sanitize(&u.message))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(fixture::render(&mut Brief::new(false)));
    }

    #[test]
    fn verbose_adds_mutual_moves() {
        let text = fixture::render(&mut Brief::new(true));
        assert!(text.contains("info mutual.joint.shared-goal"), "{text}");
        assert!(!text.contains("negated-threat"), "uncounted findings never show: {text}");
    }
}
