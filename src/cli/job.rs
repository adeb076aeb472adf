//! One unit of work and what the analysis threads do with it: read a file (or take a
//! record of a stream), parse it, read its inline suppressions from the raw lines, pick
//! the settings for its path, analyse it and leave out what is suppressed or baselined.

use std::path::{Path, PathBuf};

use anyhow::Result;
use goodfaith::analysis::{Analyzer, Report, Suppressions};
use goodfaith::input::{self, Record};
use goodfaith::report::FileError;

use super::baseline::Baseline;
use super::options::Options;
use super::sources::{self, Source};
use super::{paths, walk};

/// One unit of work for the analysis threads.
pub enum Job {
    /// A file, read by the worker.
    Path(PathBuf),
    /// An input already read (standard input).
    Bytes(String, Vec<u8>),
    /// One record of an NDJSON stream, read lazily by the producer thread (boxed: a
    /// job waiting in the queue should cost a pointer, not a conversation).
    Record(Box<Record>),
    /// Something that could not be read.
    Failed(FileError),
}

/// The jobs of one input: a file is one job; a stream (NDJSON, by name or on standard
/// input) is one job per record, so memory stays flat however long it is.
pub fn jobs(item: walk::Item, read: &input::Options, stdin_name: Option<&Path>) -> Box<dyn Iterator<Item = Job>> {
    let path = match item {
        Ok(p) => p,
        Err(e) => return Box::new(std::iter::once(Job::Failed(e))),
    };
    if path.as_os_str() != "-" && !sources::is_stream_by_name(&path, read) {
        return Box::new(std::iter::once(Job::Path(path)));
    }
    let label = match stdin_name {
        Some(name) if path.as_os_str() == "-" => paths::display(name),
        _ => paths::display(&path),
    };
    let whole = label.clone();
    let failed = move |e: anyhow::Error| Job::Failed(FileError::new(label.clone(), format!("{e:#}")));
    match sources::source(&path, read) {
        Ok(Source::Whole(bytes)) => Box::new(std::iter::once(Job::Bytes(whole, bytes))),
        Ok(Source::Stream(items)) => Box::new(items.map(move |r| r.map_or_else(&failed, |r| Job::Record(Box::new(r))))),
        Err(e) => Box::new(std::iter::once(failed(e))),
    }
}

/// A report or an error for each record of a job.
pub type Outcomes = Vec<Result<Report, FileError>>;

/// Analyses one job at a time; shared by the worker threads.
pub struct Checker<'o> {
    options: &'o Options,
    baseline: Option<&'o Baseline>,
    /// The analyser for files no override matches, built once.
    base: Analyzer<'o>,
}

impl<'o> Checker<'o> {
    /// A checker for one run.
    pub fn new(options: &'o Options, baseline: Option<&'o Baseline>) -> Self {
        let base = Analyzer::with_settings(options.lexicon, options.settings_for(Path::new("")).into_owned());
        Checker { options, baseline, base }
    }

    /// Reads and analyses one job.
    pub fn check(&self, job: Job) -> Outcomes {
        match job {
            Job::Failed(e) => vec![Err(e)],
            Job::Record(r) => {
                let path = PathBuf::from(&r.conversation.path);
                vec![Ok(self.record(&path, *r))]
            }
            Job::Bytes(label, bytes) => self.bytes(Path::new(&label), label.clone(), bytes),
            Job::Path(path) => {
                let label = paths::display(&path);
                match sources::source(&path, &self.options.read) {
                    Ok(Source::Whole(bytes)) => self.bytes(&path, label, bytes),
                    Ok(Source::Stream(items)) => items.map(|r| self.outcome(&path, &label, r)).collect(),
                    Err(e) => vec![Err(FileError::new(label, format!("{e:#}")))],
                }
            }
        }
    }

    /// A whole input: one conversation with its inline suppressions, or the records of
    /// NDJSON content in a file not named so.
    fn bytes(&self, path: &Path, label: String, bytes: Vec<u8>) -> Outcomes {
        let read = &self.options.read;
        let format = read.format.unwrap_or_else(|| input::detect_bytes(&label, &bytes));
        if format.is_stream() {
            let items = sources::whole(&label, bytes, read);
            return items.map_or_else(
                |e| vec![Err(self.error(&label, e))],
                |it| it.map(|r| self.outcome(path, &label, r)).collect(),
            );
        }
        // Suppressions come from the raw lines; then the bytes become the text, not a copy.
        let mut suppressions = suppressions(&bytes);
        let conv = match input::read_owned(&label, bytes, &input::Options { format: Some(format), ..*read }) {
            Ok(c) => c,
            Err(e) => return vec![Err(FileError::new(label, e.to_string()))],
        };
        let mut report = self.analyze(path, &conv, &mut suppressions);
        report.unused_suppressions = suppressions.unused(self.options.lexicon);
        vec![Ok(report)]
    }

    fn outcome(&self, path: &Path, label: &str, r: Result<Record>) -> Result<Report, FileError> {
        r.map(|r| self.record(path, r)).map_err(|e| self.error(label, e))
    }

    fn error(&self, label: &str, e: anyhow::Error) -> FileError {
        FileError::new(label.to_string(), format!("{e:#}"))
    }

    /// One NDJSON record: its id and other fields go into its report.
    fn record(&self, path: &Path, r: Record) -> Report {
        let mut report = self.analyze(path, &r.conversation, &mut Suppressions::none());
        report.id = r.id;
        report.extra = r.extra;
        report
    }

    /// Analyses with the settings for `path`, leaving out suppressed and baselined findings.
    fn analyze(&self, path: &Path, conv: &input::Conversation, suppressions: &mut Suppressions) -> Report {
        let overridden = match self.options.settings_for(path) {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(s) => Some(Analyzer::with_settings(self.options.lexicon, s)),
        };
        let analyzer = overridden.as_ref().unwrap_or(&self.base);
        let mut budget = self.baseline.map(|b| b.budget(&conv.path)).unwrap_or_default();
        analyzer.analyze_filtered(conv, |f| suppressions.silences(f) || budget.absorbs(f))
    }
}

/// The inline suppressions of a file, read from its raw lines (the analysed text may
/// have lost them: the Markdown reader drops HTML comments).
fn suppressions(bytes: &[u8]) -> Suppressions {
    use goodfaith::analysis::suppress::MARKER;
    if memchr::memmem::find(bytes, MARKER.as_bytes()).is_none() {
        return Suppressions::none();
    }
    Suppressions::parse(&String::from_utf8_lossy(bytes))
}
