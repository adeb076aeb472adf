//! Baselines, for adopting goodfaith on a repository that already has findings:
//! `--write-baseline FILE` records today's problems, `--baseline FILE` reports only
//! the ones that are not recorded.
//!
//! A finding matches a recorded one by path, rule, matched words and sentence, each
//! normalised (case, punctuation and line wrapping do not matter), never by line number:
//! an edit above a finding does not make it new; an edit to its sentence does. Each
//! recorded entry absorbs one finding, so a second copy of a recorded sentence is new.
//! Paths are stored relative to the baseline file's folder, so the file works from any
//! current directory. The format (JSON, sorted, one entry per finding):
//!
//! ```json
//! { "version": 1,
//!   "findings": [
//!     { "path": "hr/leave.md", "rule": "coercive.threat.sanction",
//!       "matched": "will result in immediate termination",
//!       "sentence": "Failure to respond within 15 minutes will result in immediate termination.",
//!       "line": 5 } ] }
//! ```
//!
//! `line` is for people reading the file; matching ignores it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use goodfaith::analysis::{FindingReport, Report};
use goodfaith::report::fingerprint;
use serde::{Deserialize, Serialize};

use super::paths;

/// The baseline format version.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    line: u32,
    rule: String,
    matched: String,
    sentence: String,
}

/// A loaded baseline: how many of each finding are recorded, per path.
#[derive(Debug, Default)]
pub struct Baseline {
    base: PathBuf,
    by_path: HashMap<String, HashMap<String, u32>>,
}

/// What is left of a baseline for one file while its findings are checked.
#[derive(Debug, Default)]
pub struct Budget(HashMap<String, u32>);

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}", super::sources::io_message(&e)))
            .with_context(|| format!("baseline {}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .with_context(|| format!("baseline {}: not a goodfaith baseline", path.display()))?;
        if file.version != VERSION {
            bail!("baseline {}: version {} (this goodfaith reads version {VERSION})", path.display(), file.version);
        }
        let mut by_path: HashMap<String, HashMap<String, u32>> = HashMap::new();
        for e in file.findings {
            *by_path
                .entry(e.path)
                .or_default()
                .entry(fingerprint::key_of(&e.rule, &e.matched, &e.sentence))
                .or_insert(0) += 1;
        }
        Ok(Baseline { base: base_dir(path), by_path })
    }

    /// The recorded findings of the file a report is for.
    pub fn budget(&self, report_path: &str) -> Budget {
        Budget(self.by_path.get(&key_path(report_path, &self.base)).cloned().unwrap_or_default())
    }
}

impl Budget {
    /// True when `f` is recorded (and uses up one recorded entry).
    pub fn absorbs(&mut self, f: &FindingReport) -> bool {
        // No baseline (the usual run): no fingerprint to make for each finding.
        if self.0.is_empty() || !f.is_problem() {
            return false;
        }
        match self.0.get_mut(&fingerprint::key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

/// Collects problems for `--write-baseline`.
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    base: PathBuf,
    entries: Vec<Entry>,
}

impl Writer {
    /// A writer for `path` (written by [`Writer::finish`]).
    pub fn new(path: &Path) -> Writer {
        Writer { path: path.to_path_buf(), base: base_dir(path), entries: vec![] }
    }

    /// Records a report's problems.
    pub fn add(&mut self, r: &Report) {
        let path = key_path(&r.path, &self.base);
        self.entries.extend(r.findings.iter().filter(|f| f.is_problem()).map(|f| Entry {
            path: path.clone(),
            line: f.line,
            rule: f.rule.clone(),
            matched: f.matched.clone(),
            sentence: f.sentence.clone(),
        }));
    }

    /// Writes the file (through a temporary file, so a failed run never leaves half a
    /// baseline) and returns the number of entries.
    pub fn finish(mut self) -> Result<usize> {
        self.entries.sort();
        let n = self.entries.len();
        let file = BaselineFile { version: VERSION, findings: self.entries };
        let mut text = serde_json::to_string_pretty(&file)?;
        text.push('\n');
        let tmp = self.path.with_extension("tmp~");
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| anyhow::anyhow!("{}", super::sources::io_message(&e))).with_context(|| {
            let _ = std::fs::remove_file(&tmp);
            format!("writing the baseline {}", self.path.display())
        })?;
        Ok(n)
    }
}

fn base_dir(baseline: &Path) -> PathBuf {
    paths::absolute(baseline).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A report's path as stored: relative to the baseline's folder when inside it.
fn key_path(report_path: &str, base: &Path) -> String {
    if report_path == "-" {
        return "-".to_string();
    }
    paths::relative(Path::new(report_path), base)
        .unwrap_or_else(|| paths::slashes(&paths::absolute(Path::new(report_path))))
}
