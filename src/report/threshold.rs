//! When a report should stop a pipeline (exit code 1): a counted coercive or signal
//! finding at or above a severity (never a mutual one), or a verdict on a list. Shared by the exit code and the renderers that show
//! only what blocks (`--quiet`).

use crate::analysis::{FindingReport, Report, Verdict};
use crate::lexicon::Severity;

/// `--fail-on` and `--fail-on-verdict`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// Fail on a counted finding of this severity or higher; `None` never.
    pub severity: Option<Severity>,
    /// Fail on these verdicts.
    pub verdicts: Vec<Verdict>,
}

impl Default for Threshold {
    /// Fail on an error-level finding, whatever the verdict.
    fn default() -> Self {
        Threshold { severity: Some(Severity::Error), verdicts: vec![] }
    }
}

impl Threshold {
    /// True when the report should make the run exit 1.
    pub fn fails(&self, r: &Report) -> bool {
        let by_severity = self.severity.is_some_and(|min| r.max_severity().is_some_and(|s| s >= min));
        by_severity || self.verdicts.contains(&r.verdict)
    }

    /// The findings that make the report fail: those at the severity, or when only the
    /// verdict fails, the problems behind it (coercion first). Empty when it passes.
    pub fn blocking<'r>(&self, r: &'r Report) -> Vec<&'r FindingReport> {
        if !self.fails(r) {
            return vec![];
        }
        let at = |f: &&FindingReport| f.can_fail() && self.severity.is_some_and(|min| f.severity >= min);
        let mut out: Vec<&FindingReport> = r.findings.iter().filter(at).collect();
        if out.is_empty() {
            out = r.findings.iter().filter(|f| f.is_problem()).collect();
        }
        out.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.line, f.column));
        out
    }
}
