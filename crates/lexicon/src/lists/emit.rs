//! The lists as Rust source, for `build.rs` to write and the library to include: the
//! code reads them as the constant slices it would otherwise have spelled out, so a word
//! is looked up exactly as fast.

use std::fmt::Write;

use super::{Lists, WordList};

/// Rust source defining, over [`WordList`] (which must be in scope where it is
/// included), `words(list)`, a `const fn` so that a list can name a constant, and
/// `after_first(list, word)`: the rest of each entry that opens with `word` (`""` for
/// the word alone), a `match` on strings, so a rule that looks for a list's phrases at
/// every word tries only those that can match there.
pub fn rust_source(lists: &Lists, path: &str) -> String {
    let mut words = String::new();
    let mut rests = String::new();
    for &list in WordList::ALL {
        let entries = lists.words(list);
        let quoted: Vec<String> = entries.iter().map(|e| format!("{e:?}")).collect();
        writeln!(words, "        WordList::{list:?} => &[{}],", quoted.join(", ")).expect("write to a String");
        writeln!(rests, "        WordList::{list:?} => match word {{").expect("write to a String");
        for (first, after) in by_first_word(entries) {
            let after: Vec<String> = after.iter().map(|a| format!("{a:?}")).collect();
            writeln!(rests, "            {first:?} => &[{}],", after.join(", ")).expect("write to a String");
        }
        rests.push_str("            _ => &[],\n        },\n");
    }
    format!(
        "// Written by build.rs from {path}: edit that file, not this one.\n\n\
         /// The entries of `list`, as `{path}` gives them.\n\
         #[inline]\n\
         pub const fn words(list: WordList) -> &'static [&'static str] {{\n    match list {{\n{words}    }}\n}}\n\n\
         /// The entries of `list` that open with `word`, without it (`\"\"` for `word` alone).\n\
         /// Always inlined: `list` is a constant where it is called, so one arm remains.\n\
         #[inline(always)]\n\
         pub fn after_first(list: WordList, word: &str) -> &'static [&'static str] {{\n    \
         match list {{\n{rests}    }}\n}}\n"
    )
}

/// The entries' first words, in order of first appearance, each with the rest of every
/// entry it opens.
fn by_first_word(entries: &[String]) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = vec![];
    for entry in entries {
        let (first, rest) = entry.split_once(' ').unwrap_or((entry, ""));
        match out.iter_mut().find(|(f, _)| *f == first) {
            Some((_, rests)) => rests.push(rest),
            None => out.push((first, vec![rest])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_grouped_by_their_first_word_in_order() {
        let entries: Vec<String> = ["so that", "since", "so we can", "so"].map(String::from).to_vec();
        assert_eq!(by_first_word(&entries), [("so", vec!["that", "we can", ""]), ("since", vec![""])]);
    }
}
