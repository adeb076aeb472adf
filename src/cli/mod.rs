//! The command line: arguments, running a check, listing and explaining rules.
//! Lives in the binary: the library never prints and never exits.

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

use std::io::{self, Write};
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
        Some(Command::Rules { format, lexicons, model }) => rules::list(format, &lexicons, &model),
        Some(Command::Explain { verdicts: true, .. }) => rules::explain_verdicts(),
        Some(Command::Explain { rule, lexicons, model, .. }) => {
            rules::explain(rule.as_deref().unwrap_or_default(), &lexicons, &model)
        }
        Some(Command::Eval { dir: Some(dir), format, lexicons, model, .. }) => {
            eval::run(&dir, format, &lexicons, &model)
        }
        Some(Command::Eval { dir: None, corpus, misses, format, lexicons, model }) => {
            eval::corpora(&corpus, misses, format, &lexicons, &model)
        }
        Some(Command::Train { manifest, corpus, data, out }) => train::run(manifest.as_deref(), &corpus, &data, &out),
        Some(Command::Lexicon { command: LexiconCommand::Test { files } }) => rules::test(&files),
        Some(Command::Config { show, config }) => options::show(&config, show),
        Some(Command::Lsp { config, .. }) => lsp::run(config),
        None => check::run(cli.check),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_CLEAN),
        Err(e) => {
            // Errors quote config and lexicon files, which may come from anyone.
            let shown = goodfaith::report::safe::sanitize(&format!("{e:#}")).into_owned();
            let _ = writeln!(io::stderr(), "goodfaith: error: {shown}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A closed pipe (`goodfaith … | head`) ends the run quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
