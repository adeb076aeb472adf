//! Text normalisation for goodfaith: a turn split into sentences and normalised words
//! ([`Segmenter`]), each word mapped back to its bytes in the source; and lines, by one
//! rule for the library and the lexicon loader alike ([`lines`]).
//!
//! Lexicon patterns go through the same normalisation as the text they are matched
//! against (a pattern written `don't` matches `don't`, `don’t`, `DONT` and `do not`), so
//! both the goodfaith library and its build script, which compiles the built-in
//! lexicons, depend on this crate.
//!
//! ```
//! use goodfaith_text::{Part, Segmented, Segmenter};
//!
//! let text = "Take it, or LEAVE it. We'll see!";
//! let mut out = Segmented::default();
//! Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut out);
//! assert_eq!(out.norm, "take it or leave it\nwe will see");
//! assert_eq!(out.sentences.len(), 2);
//! ```

#![warn(missing_docs)]

mod fold;
mod key;
pub mod lines;
mod segment;

pub use fold::fold_word;
pub use key::{const_key, word_key};
pub use segment::{flags, Part, Segmented, Segmenter, Sentence, Terminal, Word};

/// Words that negate what follows them in the clause: a closed class the lexicon loader
/// (negators a pattern spells out) and the negation context rule share.
pub const NEGATORS: &[&str] =
    &["not", "no", "never", "nobody", "none", "neither", "nor", "without", "hardly", "barely", "nowhere"];
