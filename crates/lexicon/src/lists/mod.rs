//! The word lists the code reads, as data: the context rules' vocabulary (negators that
//! negate nothing, reporting verbs, sarcastic openings …), the words a turn's opening is
//! read by, and the scorer's evidence filter. The words are in `lexicons/en/context.toml`;
//! the lists are declared here, once, as [`WordList`], so the code names a list by
//! variant and the data is checked against the declaration when goodfaith is built: a
//! list the code reads that the file lacks, or a list in the file no code reads, stops
//! the build with a message naming the file and the list.
//!
//! `build.rs` loads the file ([`load_lists`]) and writes the lists as Rust constants
//! ([`rust_source`]), so the code looks words up exactly as it would in a constant it
//! spelled out.

mod check;
mod emit;
mod load;

pub use check::{check_entry, check_form, found_in};
pub use emit::rust_source;
pub use load::{load_lists, Lists};

/// The form a list's entries are written in: the form of the words the code compares
/// them with. An entry in another form would never match, so loading rejects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Normalised words, as the segmenter gives them (lowercase, contractions expanded:
    /// `okay`, not `ok`; `will not`, not `won't`). The context rules read these.
    Normalised,
    /// Words as written, lowercased: letters, digits and apostrophes (`that's`, `ok`).
    /// The dialogue pass reads a turn's opening this way.
    Written,
    /// Lowercase letters and digits only, for text split at every other character.
    Alphanumeric,
}

/// How many words an entry has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One word.
    Word,
    /// One word or more, separated by single spaces.
    Phrase,
}

/// A further condition on every entry, where the code that reads the list needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// None.
    None,
    /// Every entry is also an entry of this list.
    Within(WordList),
    /// Every entry holds one of these words.
    HoldsOneOf(&'static [&'static str]),
    /// At most this many words.
    MaxWords(usize),
    /// At most this many bytes (the code looks the word up by its 8-byte key).
    MaxBytes(usize),
}

/// Defines [`WordList`] from one table of (name in the file, variant, form, shape, limit).
macro_rules! word_lists {
    ($($name:literal $variant:ident $form:ident $shape:ident $limit:expr,)*) => {
        /// A word list the code reads from `lexicons/en/context.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum WordList {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl WordList {
            /// Every list, in the order of the table.
            pub const ALL: &'static [WordList] = &[$(WordList::$variant),*];

            /// Its name in the file (`negation.pseudo`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(WordList::$variant => $name,)*
                }
            }

            /// The list named `name`, if the code reads one.
            pub fn from_name(name: &str) -> Option<WordList> {
                match name {
                    $($name => Some(WordList::$variant),)*
                    _ => None,
                }
            }

            /// The form its entries are written in.
            pub const fn form(self) -> Form {
                match self {
                    $(WordList::$variant => Form::$form,)*
                }
            }

            /// How many words an entry has.
            pub const fn shape(self) -> Shape {
                match self {
                    $(WordList::$variant => Shape::$shape,)*
                }
            }

            /// A further condition on its entries.
            pub const fn limit(self) -> Limit {
                match self {
                    $(WordList::$variant => $limit,)*
                }
            }
        }
    };
}

use Limit::{HoldsOneOf, MaxBytes, MaxWords, Within};

word_lists! {
    // Context rules (src/context/), by rule.
    "because.reasons" Reasons Normalised Phrase Limit::None,
    "because.reason-before" ReasonBefore Normalised Word Limit::None,
    "because.party" PartyWords Normalised Word Limit::None,
    "conditional.markers" ConditionMarkers Normalised Phrase Limit::None,
    "conditional.not-imperative" NotImperative Normalised Word Limit::None,
    "contrast.connectives" Contrast Normalised Word Limit::None,
    "filler.markers" Fillers Normalised Word Limit::None,
    "naming.likening" Likening Normalised Word Limit::None,
    "naming.softeners" Softeners Normalised Word Limit::None,
    "negation.pseudo" PseudoNegations Normalised Phrase HoldsOneOf(goodfaith_text::NEGATORS),
    "negation.answer-followers" AnswerFollowers Normalised Word Limit::None,
    // A tag is the last clause of a question, of at most four words (question.rs).
    "question.tags" Tags Normalised Phrase MaxWords(4),
    "question.rhetorical" Rhetorical Normalised Phrase Limit::None,
    "quotation.reporting" Reporting Normalised Word Limit::None,
    "quotation.noun-like" NounLikeReporting Normalised Word Within(WordList::Reporting),
    "quotation.others" Reporters Normalised Word Limit::None,
    "quotation.adverbs" ReportingAdverbs Normalised Word Limit::None,
    "sarcasm.openers" SarcasmOpeners Normalised Phrase Limit::None,
    // The trained scorer's evidence (src/analysis/learned.rs).
    "evidence.function-words" FunctionWords Normalised Word Limit::None,
    // A sigh of assent (src/analysis/resigned_assent.rs), found by word key.
    "sigh.yes" SighYes Normalised Word MaxBytes(8),
    // How a turn opens, and the terms it names (src/analysis/dialogue/reading.rs).
    "opening.yes" Yes Written Word Limit::None,
    "opening.yes-phrases" YesPhrases Written Phrase Limit::None,
    "opening.verdicts" VerdictOpenings Written Phrase Limit::None,
    "opening.good" Good Written Word Limit::None,
    "opening.yes-alone" YesAlone Written Phrase Limit::None,
    "opening.no-phrases" NoPhrases Written Phrase Limit::None,
    "opening.no" No Written Phrase Limit::None,
    "opening.not-refusing" NotRefusing Written Word Limit::None,
    "opening.thanks" Thanks Written Phrase Limit::None,
    "opening.contrast" YesContrast Written Word Limit::None,
    "terms.turning" Turning Alphanumeric Word Limit::None,
    "terms.concrete" Concrete Alphanumeric Word Limit::None,
    "terms.quantities" Quantities Alphanumeric Word Limit::None,
    "terms.question-fillers" QuestionFillers Alphanumeric Word Limit::None,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        for &list in WordList::ALL {
            assert_eq!(WordList::from_name(list.name()), Some(list));
            assert_eq!(WordList::ALL.iter().filter(|l| l.name() == list.name()).count(), 1, "{list:?}");
        }
        assert_eq!(WordList::from_name("negation.pseudos"), None);
    }

    #[test]
    fn a_list_is_only_within_a_list_of_its_form() {
        for &list in WordList::ALL {
            if let Limit::Within(outer) = list.limit() {
                assert_eq!(outer.form(), list.form(), "{list:?}");
                assert_ne!(outer, list);
            }
        }
    }
}
