//! The default command: walk the inputs, analyse them on all cores, render in order,
//! decide the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::analysis::{Analyzer, Report, Suppressions};
use goodfaith::input::{self, Format};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{
    safe::sanitize, Brief, FileError, Github, Human, Json, Markdown, Ndjson, Quiet, Renderer, Sarif, Summary,
};

use super::args::{CheckArgs, OutputFormat};
use super::baseline::{self, Baseline};
use super::options::Options;
use super::sources::{read, read_bytes};
use super::walk::{self, WalkOptions};
use super::{color, paths, pipeline, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Runs a check and returns the exit code.
pub fn run(args: CheckArgs) -> Result<u8> {
    color::decide(args.color);
    let options = Options::resolve(&args)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    if args.debug_tokens || args.debug_hits {
        let analyzer = Analyzer::with_settings(options.lexicon, options.settings_for(Path::new("-")).into_owned());
        return debug(&analyzer, options.input_format, &paths, args.debug_tokens);
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
    let inputs = walk::inputs(&paths, &walk, &options);
    pipeline::ordered(
        inputs,
        pipeline::threads(args.threads),
        |item| checker.check(item),
        |checked| {
            match checked {
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
        },
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

/// Analyses one file at a time; shared by the worker threads.
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

    /// Reads, analyses and filters one file.
    fn check(&self, item: walk::Item) -> Result<Report, FileError> {
        let path = item?;
        let label = paths::display(&path);
        let error = |e: String| FileError { path: label.clone(), message: e };
        let bytes = read_bytes(&path).map_err(|e| error(format!("{e:#}")))?;
        let conv = input::read(&label, &bytes, self.options.input_format).map_err(|e| error(e.to_string()))?;
        let overridden = match self.options.settings_for(&path) {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(s) => Some(Analyzer::with_settings(self.options.lexicon, s)),
        };
        let analyzer = overridden.as_ref().unwrap_or(&self.base);
        let mut suppressions = suppressions(&bytes);
        let mut budget = self.baseline.map(|b| b.budget(&label)).unwrap_or_default();
        let mut report = analyzer.analyze_filtered(&conv, |f| suppressions.silences(f) || budget.absorbs(f));
        report.unused_suppressions = suppressions.unused(self.options.lexicon);
        Ok(report)
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
