//! The default command: walk the inputs, analyse them on all cores, render in order,
//! decide the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::analysis::{Analyzer, Report, Suppressions};
use goodfaith::input::{self, Format, Record};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{
    safe::sanitize, Brief, FileError, Github, Human, Json, Markdown, Ndjson, Quiet, Renderer, Sarif, Summary,
};

use super::args::{CheckArgs, OutputFormat};
use super::baseline::{self, Baseline};
use super::options::Options;
use super::sources::{self, read, Source};
use super::walk::{self, WalkOptions};
use super::{color, paths, pipeline, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Runs a check and returns the exit code.
pub fn run(args: CheckArgs) -> Result<u8> {
    color::decide(args.color);
    let options = Options::resolve(&args)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    if args.debug_tokens || args.debug_hits {
        let analyzer = Analyzer::with_settings(options.lexicon, options.settings_for(Path::new("-")).into_owned());
        return debug(&analyzer, options.read.format, &paths, args.debug_tokens);
    }
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut writer = args.write_baseline.as_deref().map(baseline::Writer::new);
    let walk = WalkOptions { hidden: args.hidden, no_ignore: args.no_ignore, globs: args.globs.clone() };
    let checker = Checker::new(&options, baseline.as_ref());
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut renderer = renderer(&args, &options);
    let flush_each = args.format == OutputFormat::Human;
    let mut summary = Summary::default();
    let mut failed = false;
    renderer.begin(&mut out)?;
    let mut emit = |outcome: Result<Report, FileError>| -> Result<()> {
        match outcome {
            Ok(report) => {
                warnings(&report);
                failed |= options.threshold.fails(&report);
                summary.add(&report);
                if let Some(w) = writer.as_mut() {
                    w.add(&report);
                }
                renderer.file(&mut out, &report)?;
                if flush_each {
                    out.flush()?;
                }
            }
            Err(e) => {
                eprintln!("goodfaith: {}: {}", sanitize(&e.path), sanitize(&e.message));
                summary.errors.push(e);
            }
        }
        Ok(())
    };
    let jobs = || {
        walk::inputs(&paths, &walk, &options).flat_map(|item| jobs(item, &options.read, args.stdin_filename.as_deref()))
    };
    // One named file (the pre-send case) needs no threads.
    let one_file = paths.len() == 1 && paths[0].is_file() && !sources::is_stream_by_name(&paths[0], &options.read);
    pipeline::ordered(
        jobs,
        if one_file { 1 } else { pipeline::threads(args.threads) },
        |job| checker.check(job),
        |outcomes| outcomes.into_iter().try_for_each(&mut emit),
    )?;
    renderer.finish(&mut out, &summary)?;
    out.flush()?;
    if let (Some(w), Some(path)) = (writer, &args.write_baseline) {
        let n = w.finish()?;
        eprintln!("goodfaith: recorded {n} findings in the baseline {}", sanitize(&paths::display(path)));
        failed = false;
    }
    Ok(if !summary.errors.is_empty() {
        EXIT_ERROR
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The renderer for `--format` (`--quiet` replaces the one for people).
fn renderer(args: &CheckArgs, options: &Options) -> Box<dyn Renderer> {
    match args.format {
        OutputFormat::Human if args.quiet => Box::new(Quiet::new(options.threshold.clone())),
        OutputFormat::Human => Box::new(Human::new(args.verbose)),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Ndjson => Box::new(Ndjson),
        OutputFormat::Sarif => Box::new(Sarif::new(options.lexicon)),
        OutputFormat::Github => Box::new(Github),
        OutputFormat::Brief => Box::new(Brief::new(args.verbose)),
        OutputFormat::Markdown => Box::new(Markdown::default()),
    }
}

/// One unit of work for the analysis threads.
enum Job {
    /// A file, read by the worker.
    Path(PathBuf),
    /// An input already read (standard input).
    Bytes(String, Vec<u8>),
    /// One record of an NDJSON stream, read lazily by the main thread.
    Record(Record),
    /// Something that could not be read.
    Failed(FileError),
}

/// The jobs of one input: a file is one job; a stream (NDJSON, by name or on standard
/// input) is one job per record, so memory stays flat however long it is.
fn jobs(item: walk::Item, read: &input::Options, stdin_name: Option<&Path>) -> Box<dyn Iterator<Item = Job>> {
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
    let failed = move |e: anyhow::Error| Job::Failed(FileError { path: label.clone(), message: format!("{e:#}") });
    match sources::source(&path, read) {
        Ok(Source::Whole(bytes)) => Box::new(std::iter::once(Job::Bytes(whole, bytes))),
        Ok(Source::Stream(items)) => Box::new(items.map(move |r| r.map_or_else(&failed, Job::Record))),
        Err(e) => Box::new(std::iter::once(failed(e))),
    }
}

/// A report or an error for each record of a job.
type Outcomes = Vec<Result<Report, FileError>>;

/// Analyses one job at a time; shared by the worker threads.
struct Checker<'o> {
    options: &'o Options,
    baseline: Option<&'o Baseline>,
    /// The analyser for files no override matches, built once.
    base: Analyzer<'o>,
}

impl<'o> Checker<'o> {
    fn new(options: &'o Options, baseline: Option<&'o Baseline>) -> Self {
        let base = Analyzer::with_settings(options.lexicon, options.settings_for(Path::new("")).into_owned());
        Checker { options, baseline, base }
    }

    fn check(&self, job: Job) -> Outcomes {
        match job {
            Job::Failed(e) => vec![Err(e)],
            Job::Record(r) => vec![Ok(self.record(Path::new(&r.conversation.path.clone()), r))],
            Job::Bytes(label, bytes) => self.bytes(Path::new(&label), label.clone(), &bytes),
            Job::Path(path) => {
                let label = paths::display(&path);
                match sources::source(&path, &self.options.read) {
                    Ok(Source::Whole(bytes)) => self.bytes(&path, label, &bytes),
                    Ok(Source::Stream(items)) => items.map(|r| self.outcome(&path, &label, r)).collect(),
                    Err(e) => vec![Err(FileError { path: label, message: format!("{e:#}") })],
                }
            }
        }
    }

    /// A whole input: one conversation with its inline suppressions, or the records of
    /// NDJSON content in a file not named so.
    fn bytes(&self, path: &Path, label: String, bytes: &[u8]) -> Outcomes {
        let read = &self.options.read;
        let format = read.format.unwrap_or_else(|| input::detect_bytes(&label, bytes));
        if format.is_stream() {
            let items = sources::whole(&label, bytes.to_vec(), read);
            return items.map_or_else(
                |e| vec![Err(self.error(&label, e))],
                |it| it.map(|r| self.outcome(path, &label, r)).collect(),
            );
        }
        let conv = match input::read_with(&label, bytes, &input::Options { format: Some(format), ..*read }) {
            Ok(c) => c,
            Err(e) => return vec![Err(FileError { path: label, message: e.to_string() })],
        };
        let mut suppressions = suppressions(bytes);
        let mut report = self.analyze(path, &conv, &mut suppressions);
        report.unused_suppressions = suppressions.unused(self.options.lexicon);
        vec![Ok(report)]
    }

    fn outcome(&self, path: &Path, label: &str, r: Result<Record>) -> Result<Report, FileError> {
        r.map(|r| self.record(path, r)).map_err(|e| self.error(label, e))
    }

    fn error(&self, label: &str, e: anyhow::Error) -> FileError {
        FileError { path: label.to_string(), message: format!("{e:#}") }
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

/// Reading notices and unused suppressions, on stderr.
fn warnings(r: &Report) {
    let path = sanitize(&r.path);
    for n in &r.notices {
        let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("goodfaith: {path}{at}: warning: {}", sanitize(&n.message));
    }
    for u in &r.unused_suppressions {
        eprintln!("goodfaith: {path}:{}: warning: {}", u.line, sanitize(&u.message));
    }
}

/// The built-in lexicons plus extra files (for `rules` and `explain`).
pub fn build_lexicon(files: &[PathBuf]) -> Result<Lexicon> {
    let mut builder = Lexicon::builder();
    for f in files {
        builder = builder.file(f)?;
    }
    Ok(builder.build()?)
}

/// `--debug-tokens` and `--debug-hits`.
fn debug(analyzer: &Analyzer, format: Option<Format>, paths: &[PathBuf], tokens: bool) -> Result<u8> {
    use goodfaith::text::{Segmented, Segmenter};
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for path in paths {
        let conv = read(path, format).with_context(|| paths::display(path))?;
        if tokens {
            let mut seg = Segmented::default();
            let mut segmenter = Segmenter::new();
            for (i, turn) in conv.turns.iter().enumerate() {
                segmenter.segment(&conv.text, conv.parts_of(turn), &mut seg);
                writeln!(out, "turn {} ({}):", i + 1, sanitize(conv.speaker_name(turn.speaker).unwrap_or("-")))?;
                for s in &seg.sentences {
                    let words: Vec<&str> = s.words.clone().map(|w| seg.word(w)).collect();
                    writeln!(out, "  [{:?}] {}", s.terminal, sanitize(&words.join(" ")))?;
                }
            }
            continue;
        }
        for t in analyzer.trace(&conv) {
            let rule = analyzer.lexicon().rule(t.rule);
            let state = match (t.dropped, t.negated, t.quoted) {
                (Some(why), _, _) => format!("dropped: {why}"),
                (None, true, _) => "negated".to_string(),
                (None, _, true) => "quoted".to_string(),
                (None, false, false) => format!("counted, weight {:.2}", t.weight),
            };
            writeln!(out, "turn {} {:<40} {:?}  {state}", t.turn + 1, rule.id, sanitize(&conv.text[t.span.clone()]))?;
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}
