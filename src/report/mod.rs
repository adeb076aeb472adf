//! Renderers: each turns [`Report`]s into one output format, written to any
//! [`std::io::Write`]. Reports stream in one at a time, so a run over a thousand files
//! or a million NDJSON records never holds them all.

mod brief;
pub mod fingerprint;
#[cfg(test)]
mod fixture;
mod github;
mod html;
mod human;
mod json;
mod json_writer;
pub mod markdown;
pub mod quiet;
pub mod sanitize;
pub mod sarif;
mod threshold;
pub mod wrap;

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::Report;

pub use brief::Brief;
pub use github::Github;
pub use html::Html;
pub use human::Human;
pub use json::{Json, Ndjson};
pub use markdown::Markdown;
pub use quiet::Quiet;
pub use sarif::Sarif;
pub use threshold::Threshold;

/// The rule id under which unused inline suppressions are reported in linter formats.
pub const UNUSED_SUPPRESSION: &str = "goodfaith.unused-suppression";

/// A file that could not be read or analysed.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The path as given.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl FileError {
    /// `path` could not be read or analysed, for the reason `message`.
    ///
    /// Report and error types may gain fields in a minor release, so outside this crate
    /// they are built with their constructors, never a struct literal:
    ///
    /// ```compile_fail
    /// let e = goodfaith::report::FileError { path: "a.txt".into(), message: "unreadable".into() };
    /// ```
    ///
    /// ```
    /// let e = goodfaith::report::FileError::new("a.txt", "unreadable");
    /// assert_eq!(e.path, "a.txt");
    /// ```
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FileError { path: path.into(), message: message.into() }
    }
}

/// What a run amounted to, for the closing lines of a report.
#[non_exhaustive]
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files (or records) analysed.
    pub files: usize,
    /// Counted coercive findings in all of them.
    pub coercive: usize,
    /// Counted mutual findings.
    pub mutual: usize,
    /// Files that could not be read.
    pub errors: Vec<FileError>,
}

impl Summary {
    /// Adds one report's counts.
    pub fn add(&mut self, report: &Report) {
        self.files += 1;
        for f in report.findings.iter().filter(|f| f.counts()) {
            match f.family {
                crate::lexicon::Family::Coercive => self.coercive += 1,
                crate::lexicon::Family::Mutual => self.mutual += 1,
                crate::lexicon::Family::Signal => {}
            }
        }
    }
}

/// Where a finding is, for people: `3:5` (line and column of a text file), `paragraph 3`
/// (a Word document) or `page 2, line 3` (a PDF).
pub fn place(r: &Report, f: &crate::analysis::FindingReport) -> String {
    match (r.position, f.page) {
        (_, Some(page)) => format!("page {page}, line {}", f.line),
        (Some("paragraph"), _) => format!("paragraph {}", f.line),
        _ => format!("{}:{}", f.line, f.column),
    }
}

/// The same after a linter line whose `line:column` cannot say it: ` (paragraph 3)`,
/// ` (page 2, line 3)`, and nothing for a text file.
pub fn place_note(r: &Report, f: &crate::analysis::FindingReport) -> String {
    match r.position {
        Some(_) => format!(" ({})", place(r, f)),
        None => String::new(),
    }
}

/// An output format.
pub trait Renderer {
    /// Called once before the first report.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Called for each report, in output order.
    fn file(&mut self, out: &mut dyn Write, report: &Report) -> io::Result<()>;

    /// Called once after the last report.
    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
