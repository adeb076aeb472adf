//! goodfaith finds coercive (one-sided, manipulative) and mutual-benefit (negotiation)
//! language in conversations, email and policy documents, and judges whether a
//! conversation worked toward an agreement that serves everyone.
//!
//! Three steps: load the lexicon (the built-in one carries the trained scorer too), read
//! an input into a [`Conversation`], analyse it into a [`Report`]. The report serialises
//! to the same JSON as `goodfaith --format json` (schema version 1).
//!
//! ```
//! use goodfaith::{Analyzer, Lexicon, Verdict};
//!
//! let lexicon = Lexicon::embedded().expect("the built-in lexicons compile");
//! let transcript = "Dana: Take it or leave it. You have until 5pm to decide.\n\
//!                   Lee: Fine, whatever.\n";
//! let conversation = goodfaith::input::read("meeting.txt", transcript.as_bytes(), None)
//!     .expect("plain text reads");
//! let report = Analyzer::new(&lexicon).analyze(&conversation);
//!
//! assert_ne!(report.verdict, Verdict::MutualAgreement);
//! assert!(report.findings.iter().any(|f| f.rule.starts_with("coercive.ultimatum")));
//! let json = serde_json::to_string(&report).unwrap();
//! assert!(json.contains("\"verdict\""));
//! ```
//!
//! The modules follow the pipeline, and data flows one way through them: [`input`]
//! (readers) → `text` (segmenting, normalising) → [`lexicon`] and [`model`] (what to
//! look for) → `context` (negation, quotation, hedges) → [`analysis`] (findings, facts,
//! verdict) → [`report`] (renderers).

#![warn(missing_docs)]

pub mod analysis;
pub mod config;
// Internals the binary, the Python and WebAssembly builds and the tests reach: public,
// kept out of the documentation a library user reads.
#[doc(hidden)]
pub mod context;
#[doc(hidden)]
pub mod eval;
pub mod input;
pub mod lexicon;
pub mod model;
mod pool;
pub mod report;
#[doc(hidden)]
pub mod rule_examples;
#[doc(hidden)]
pub mod text;

pub use analysis::Analyzer;
pub use analysis::{FindingReport, Report, Verdict};
pub use input::Conversation;
pub use lexicon::Lexicon;
