//! Text pipeline: normalisation with a map back to the source, sentences and words (the
//! `goodfaith-text` crate, shared with the build script), and line and column numbers.

pub use goodfaith_text::lines::{floor_char_boundary, line_of, lines, CharCounter, LineIndex, Locator};
pub use goodfaith_text::{
    const_key, flags, fold_word, word_key, Part, Segmented, Segmenter, Sentence, Terminal, Word, NEGATORS,
};
