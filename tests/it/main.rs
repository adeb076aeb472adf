//! goodfaith's integration tests, run as a user runs the binary (and, where that is the
//! point, through the library). One test crate, a module per area: one test binary to
//! compile and link instead of nineteen, each with the whole library, on two cores.
//!
//! The tests of all modules run as threads of one process, so none may change
//! process-wide state (the environment, the current folder): a test gives a child its
//! own environment and folder through `Command` instead.
//!
//! Ignored tests (full sizes and timing, on the release binary) are run by `.ci/run`
//! with a filter: `cargo test --test it adversarial:: -- --ignored`, and `scaling::`.

mod common;

mod adversarial;
mod clauses;
mod cli;
mod documents;
mod eval;
mod hooks;
mod html;
mod inputs;
mod lexicon;
mod limits;
mod lsp;
mod model;
mod parallel_scan;
mod properties;
mod readme;
mod real;
mod regressions;
mod renderers;
mod samples;
mod scaling;
mod verdicts;
mod workflows;
