//! goodfaith's lexicons as data: the file format ([`FileSpec`]), loading and validating a
//! file into [`Rule`]s and phrases ([`load_file`]), and compiling phrases into the
//! matcher's flat [`tables`] ([`compile()`]), and the word lists the code reads
//! ([`lists`], declared as [`WordList`]).
//!
//! The goodfaith library uses it to load users' files and to read the tables, and its
//! build script to load and compile the built-in lexicons once, when the binary is
//! built: a broken built-in file fails the build with the message (file, line, key) a
//! user's `--lexicon FILE` would get.

#![warn(missing_docs)]

mod anchors;
pub mod built;
mod category;
mod compile;
mod error;
pub mod learned;
pub mod lists;
mod load;
pub mod pattern;
mod rule;
mod schema;
pub mod tables;
mod vocab;

pub use category::{covers_taxonomy, Category};
pub use compile::{compile, rule_phrases, RuleIdx, RulePhrase, ALLOW};
pub use error::{line_of, LexiconError};
pub use lists::WordList;
pub use load::{load_file, Loaded, MAX_PATTERNS_PER_RULE, MAX_PATTERN_LEN, MAX_REGEX_LEN, MAX_RULES_PER_FILE};
pub use rule::{Rule, Written};
pub use schema::{Family, FileSpec, NegationMode, Profile, QuestionMode, Requirement, RuleSpec, Severity};
pub use vocab::UNKNOWN;
