//! Text pipeline: normalisation with a map back to the source, sentences and words.

mod fold;
mod grammar;
mod key;
mod lines;
mod segment;

pub use fold::fold_word;
pub use grammar::NEGATORS;
pub use key::{const_key, word_key};
pub use lines::{floor_char_boundary, line_of, lines, CharCounter, LineIndex, Locator};
pub use segment::{flags, Part, Segmented, Segmenter, Sentence, Terminal, Word};
