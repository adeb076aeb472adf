//! Text pipeline: normalisation with a map back to the source, sentences and words (the
//! `goodfaith-text` crate, shared with the build script), and line and column numbers.

mod lines;

pub use goodfaith_text::{
    const_key, flags, fold_word, word_key, Part, Segmented, Segmenter, Sentence, Terminal, Word, NEGATORS,
};
pub use lines::{floor_char_boundary, line_of, lines, CharCounter, LineIndex, Locator};
