//! The default command: read inputs, analyse, render, decide the exit code.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use goodfaith::analysis::{Analyzer, Report, Settings, Verdict};
use goodfaith::input::{Conversation, Format, Options, Record};
use goodfaith::lexicon::{Lexicon, Profile, Severity};
use goodfaith::report::{safe::sanitize, FileError, Html, Human, Json, Ndjson, Renderer, Summary};

use super::args::{CheckArgs, FailOn, OutputFormat, ProfileArg};
use super::sources::{display, open};
use super::{color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Validated settings of one check run.
struct Run {
    format: OutputFormat,
    verbose: bool,
    fail_on: Option<Severity>,
    fail_on_verdict: Vec<Verdict>,
    read: Options,
}

/// Runs a check and returns the exit code.
pub fn run(args: CheckArgs) -> Result<u8> {
    color::decide(args.color);
    // Lives until the process exits: freeing thousands of compiled phrases at exit is
    // work nobody waits for.
    let lexicon: &'static Lexicon = Box::leak(Box::new(build_lexicon(&args.lexicons)?));
    let settings = settings(lexicon, &args)?;
    let analyzer = Analyzer::with_settings(lexicon, settings);
    let run = Run {
        format: args.format,
        verbose: args.verbose,
        fail_on: match args.fail_on {
            FailOn::Never => None,
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
        },
        fail_on_verdict: args
            .fail_on_verdict
            .iter()
            .map(|v| Verdict::from_name(v.trim()).with_context(|| format!("--fail-on-verdict: unknown verdict `{v}`")))
            .collect::<Result<_>>()?,
        read: Options {
            format: args
                .input_format
                .as_deref()
                .map(|f| Format::from_name(f).with_context(|| unknown_format(f)))
                .transpose()?,
            include_quoted: args.include_quoted,
        },
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    if args.debug_tokens || args.debug_hits {
        return debug(&analyzer, &run, &paths, args.debug_tokens);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut renderer: Box<dyn Renderer> = match run.format {
        OutputFormat::Human => Box::new(Human::new(run.verbose)),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Ndjson => Box::new(Ndjson),
        OutputFormat::Html => Box::new(Html::new()),
    };
    let mut summary = Summary::default();
    let mut failed = false;
    renderer.begin(&mut out)?;
    for item in paths.iter().flat_map(|path| open(path, &run.read).map(move |item| (path, item))) {
        match item {
            (_, Ok(record)) => {
                notices(&record.conversation);
                let report = analyze(&analyzer, record);
                failed |= fails(&run, &report);
                summary.add(&report);
                renderer.file(&mut out, &report)?;
                if run.format == OutputFormat::Human {
                    out.flush()?;
                }
            }
            (path, Err(e)) => {
                let path = display(path);
                eprintln!("goodfaith: {}: {e:#}", sanitize(&path));
                summary.errors.push(FileError { path, message: format!("{e:#}") });
            }
        }
    }
    renderer.finish(&mut out, &summary)?;
    out.flush()?;
    Ok(if !summary.errors.is_empty() {
        EXIT_ERROR
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

pub fn build_lexicon(files: &[PathBuf]) -> Result<Lexicon> {
    let mut builder = Lexicon::builder();
    for f in files {
        builder = builder.file(f)?;
    }
    Ok(builder.build()?)
}

fn settings(lexicon: &Lexicon, args: &CheckArgs) -> Result<Settings> {
    let mut s = Settings::new(lexicon);
    // Only the HTML report shows the transcript; others need not keep the text.
    s.keep_turns = args.format == OutputFormat::Html;
    s.profile = args.profile.map(|p| match p {
        ProfileArg::Conversation => Profile::Conversation,
        ProfileArg::Email => Profile::Email,
        ProfileArg::Policy => Profile::Policy,
        ProfileArg::PolicyStrict => Profile::PolicyStrict,
    });
    for name in &args.disable {
        s.disable(lexicon, name).with_context(|| "--disable")?;
    }
    Ok(s)
}

/// Analyses one record; an NDJSON record's id and other fields go into its report.
fn analyze(analyzer: &Analyzer, record: Record) -> Report {
    let mut report = analyzer.analyze(&record.conversation);
    report.id = record.id;
    report.extra = record.extra;
    report
}

fn unknown_format(name: &str) -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    format!("--input-format: unknown format `{name}` (one of {})", names.join(", "))
}

/// True when the report should make the run exit 1.
fn fails(run: &Run, report: &Report) -> bool {
    let by_severity = run.fail_on.is_some_and(|min| report.max_severity().is_some_and(|s| s >= min));
    by_severity || run.fail_on_verdict.contains(&report.verdict)
}

fn notices(conv: &Conversation) {
    for n in &conv.notices {
        let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("goodfaith: {}{at}: warning: {}", sanitize(&conv.path), sanitize(&n.message));
    }
}

/// `--debug-tokens` and `--debug-hits`.
fn debug(analyzer: &Analyzer, run: &Run, paths: &[PathBuf], tokens: bool) -> Result<u8> {
    use goodfaith::text::{Segmented, Segmenter};
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for item in paths.iter().flat_map(|path| open(path, &run.read).map(move |item| (path, item))) {
        let conv = item.1.with_context(|| display(item.0))?.conversation;
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
