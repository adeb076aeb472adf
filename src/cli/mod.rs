//! The command line: arguments, running a check, listing and explaining rules.
//! Lives in the binary: the library never prints and never exits.

/// Writes one line to standard error and ignores a failure: a full or closed stderr
/// (`2>/dev/full`) must not panic (as `eprintln!` does) and lose the report on stdout.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod args;
mod baseline;
mod check;
mod color;
mod config;
mod eval;
mod globs;
mod job;
mod lsp;
mod options;
mod paths;
mod pipeline;
mod rules;
mod sources;
mod train;
mod walk;

use std::io;
use std::process::ExitCode;

use args::{Cli, Command, LexiconCommand};

/// Exit code: nothing reached the threshold.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings or verdicts reached the threshold.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or input error.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(Command::Rules { format, rules }) => rules::list(format, &rules),
        Some(Command::Explain { verdicts: true, .. }) => rules::explain_verdicts(),
        Some(Command::Explain { rule, rules, .. }) => rules::explain(rule.as_deref().unwrap_or_default(), &rules),
        Some(Command::Eval { dir: Some(dir), format, rules, .. }) => eval::run(&dir, format, &rules),
        Some(Command::Eval { dir: None, corpus, misses, format, rules }) => {
            eval::corpora(&corpus, misses, format, &rules)
        }
        Some(Command::Train { manifest, corpus, data, out }) => train::run(manifest.as_deref(), &corpus, &data, &out),
        Some(Command::Lexicon { command: LexiconCommand::Test { files } }) => rules::test(&files),
        Some(Command::Config { show, config }) => options::show(&config, show),
        Some(Command::Lsp { config, .. }) => lsp::run(config),
        None => check::run(cli.check),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The report did not reach its reader: not a clean run (`set -o pipefail` sees it),
        // but nothing to say about it either, as `head` closing the pipe is no error.
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_ERROR),
        Err(e) => {
            // Errors quote config and lexicon files, which may come from anyone.
            let shown = goodfaith::report::sanitize::sanitize(&format!("{e:#}")).into_owned();
            note!("goodfaith: error: {shown}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A closed pipe (`goodfaith … | head`): the run stops at once, quietly, with exit 2.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
