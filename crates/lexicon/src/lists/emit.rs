//! The lists as Rust source, for `build.rs` to write and the library to include: the
//! code reads them as the constant slices it would otherwise have spelled out, so a word
//! is looked up exactly as fast.

use std::fmt::Write;

use super::{Lists, WordList};

/// Rust source defining `words(list)` (a `const fn`, so a list can name a constant) and
/// `starts_entry(list, word)` (whether `word` opens an entry: a `match` on strings) over
/// [`WordList`], which must be in scope where it is included.
pub fn rust_source(lists: &Lists, path: &str) -> String {
    let mut words = String::new();
    let mut firsts = String::new();
    for &list in WordList::ALL {
        let entries = lists.words(list);
        let quoted: Vec<String> = entries.iter().map(|e| format!("{e:?}")).collect();
        writeln!(words, "        WordList::{list:?} => &[{}],", quoted.join(", ")).expect("write to a String");
        let mut first: Vec<String> = vec![];
        for word in entries.iter().filter_map(|e| e.split(' ').next()).map(|w| format!("{w:?}")) {
            if !first.contains(&word) {
                first.push(word);
            }
        }
        writeln!(firsts, "        WordList::{list:?} => matches!(word, {}),", first.join(" | "))
            .expect("write to a String");
    }
    format!(
        "// Written by build.rs from {path}: edit that file, not this one.\n\n\
         /// The entries of `list`, as `{path}` gives them.\n\
         #[inline]\n\
         pub const fn words(list: WordList) -> &'static [&'static str] {{\n    match list {{\n{words}    }}\n}}\n\n\
         /// Whether `word` is the first word of an entry of `list`.\n\
         #[inline]\n\
         pub fn starts_entry(list: WordList, word: &str) -> bool {{\n    match list {{\n{firsts}    }}\n}}\n"
    )
}
