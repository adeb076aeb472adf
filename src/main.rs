//! `goodfaith`: parse the arguments, run, map the outcome to an exit code.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::args::Cli::parse())
}
