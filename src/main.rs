//! `goodfaith`: parse the arguments, run, map the outcome to an exit code.

// Messages go through `note!`, which survives a closed or full stderr; `eprintln!` and
// `println!` panic when their stream cannot be written.
#![deny(clippy::print_stderr, clippy::print_stdout)]

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::args::Cli::parse())
}
