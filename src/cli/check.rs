//! The default command: walk the inputs, analyse them on all cores, render in order,
//! decide the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::analysis::{Analyzer, Report};
use goodfaith::input::Format;
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{
    sanitize::sanitize, Brief, FileError, Github, Html, Human, Json, Markdown, Ndjson, Quiet, Renderer, Sarif, Summary,
    Threshold,
};

use super::args::{CheckArgs, OutputFormat, RulesArgs};
use super::baseline::{self, Baseline};
use super::config;
use super::job::{jobs, Checker};
use super::options::Options;
use super::sources::{self, read};
use super::walk::{self, WalkOptions};
use super::{color, paths, pipeline, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Runs a check and returns the exit code.
pub fn run(args: CheckArgs) -> Result<u8> {
    color::decide(args.color);
    let mut options = Options::resolve(&args)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    // One named file (the pre-send case) needs no pipeline threads; a large one is
    // scanned on all of them instead.
    let one_file = paths.len() == 1 && paths[0].is_file() && !sources::is_stream_by_name(&paths[0], &options.read);
    if one_file {
        options.set_scan_threads(pipeline::threads(args.threads));
    }
    if args.debug_tokens || args.debug_hits {
        let analyzer = Analyzer::with_settings(options.lexicon, options.settings_for(Path::new("-")).into_owned());
        return debug(&analyzer, options.read.format, &paths, args.debug_tokens);
    }
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let walk = WalkOptions { hidden: args.hidden, no_ignore: args.no_ignore, globs: args.globs.clone() };
    let checker = Checker::new(&options, baseline.as_ref());
    let stdout = io::stdout();
    let mut sink = Sink {
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        renderer: renderer(&args, &options),
        flush_each: args.format == OutputFormat::Human,
        threshold: &options.threshold,
        writer: args.write_baseline.as_deref().map(baseline::Writer::new),
        summary: Summary::default(),
        failed: false,
    };
    sink.renderer.begin(&mut sink.out)?;
    let stdin_name = args.stdin_filename.as_deref();
    let jobs = || walk::inputs(&paths, &walk, &options).flat_map(|item| jobs(item, &options.read, stdin_name));
    let threads = if one_file { 1 } else { pipeline::threads(args.threads) };
    pipeline::ordered(
        jobs,
        threads,
        |job| checker.check(job),
        |outcomes| outcomes.into_iter().try_for_each(|o| sink.emit(o)),
    )?;
    sink.renderer.finish(&mut sink.out, &sink.summary)?;
    sink.out.flush()?;
    let mut failed = sink.failed;
    if let (Some(w), Some(path)) = (sink.writer, &args.write_baseline) {
        let n = w.finish()?;
        note!("goodfaith: recorded {n} findings in the baseline {}", sanitize(&paths::display(path)));
        failed = false;
    }
    Ok(if !sink.summary.errors.is_empty() {
        EXIT_ERROR
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Where results go, in order: stderr warnings, the renderer, the summary, the
/// baseline being written, and whether the run fails.
struct Sink<'a, W: Write> {
    out: W,
    renderer: Box<dyn Renderer>,
    flush_each: bool,
    threshold: &'a Threshold,
    writer: Option<baseline::Writer>,
    summary: Summary,
    failed: bool,
}

impl<W: Write> Sink<'_, W> {
    fn emit(&mut self, outcome: Result<Report, FileError>) -> Result<()> {
        match outcome {
            Ok(report) => {
                warnings(&report);
                self.failed |= self.threshold.fails(&report);
                self.summary.add(&report);
                if let Some(w) = self.writer.as_mut() {
                    w.add(&report);
                }
                self.renderer.file(&mut self.out, &report)?;
                if self.flush_each {
                    self.out.flush()?;
                }
                drop_aside(report);
            }
            Err(e) => {
                note!("goodfaith: {}: {}", sanitize(&e.path), sanitize(&e.message));
                self.summary.errors.push(e);
            }
        }
        Ok(())
    }
}

/// Reports with more findings than this are freed on a thread of their own.
const DROP_ASIDE_FINDINGS: usize = 4096;

/// Frees a written report. A large one holds tens of thousands of small strings, and
/// freeing them one by one is time the next file (or the exit) need not wait for: a
/// thread of its own frees it, and a process that exits first leaves that to the kernel.
fn drop_aside(report: Report) {
    if report.findings.len() > DROP_ASIDE_FINDINGS {
        // Should no thread start, the closure and the report in it are freed right here.
        let _ = std::thread::Builder::new().name("drop-report".into()).spawn(move || drop(report));
    }
}

/// The renderer for `--format` (`--quiet` replaces the one for people).
fn renderer(args: &CheckArgs, options: &Options) -> Box<dyn Renderer> {
    match args.format {
        OutputFormat::Human if args.quiet => Box::new(Quiet::new(options.threshold.clone())),
        OutputFormat::Human => Box::new(Human::new(args.verbose).width(goodfaith::report::wrap::terminal_width())),
        OutputFormat::Json => Box::new(Json::default().threads(options.scan_threads())),
        OutputFormat::Ndjson => Box::new(Ndjson::default()),
        OutputFormat::Sarif => Box::new(Sarif::new(options.lexicon)),
        OutputFormat::Github => Box::new(Github),
        OutputFormat::Brief => Box::new(Brief::new(args.verbose)),
        OutputFormat::Markdown => Box::new(Markdown::default()),
        OutputFormat::Html => Box::new(Html::new()),
    }
}

/// Reading notices and unused suppressions, on stderr.
fn warnings(r: &Report) {
    let path = sanitize(&r.path);
    for n in &r.notices {
        let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
        note!("goodfaith: {path}{at}: warning: {}", sanitize(&n.message));
    }
    for u in &r.unused_suppressions {
        note!("goodfaith: {path}:{}: warning: {}", u.line, sanitize(&u.message));
    }
}

/// The built-in lexicons plus extra files (for `rules` and `explain`).
pub fn build_lexicon(rules: &RulesArgs) -> Result<Lexicon> {
    let mut builder = Lexicon::builder().model(config::model_choice(config::model_flags(&rules.model).as_ref())?);
    for f in &rules.lexicons {
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
                writeln!(out, "turn {} ({}):", i + 1, sanitize(conv.speaker_name(turn.speaker()).unwrap_or("-")))?;
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
