//! The word lists the code reads, from `lexicons/en/context.toml`: `build.rs` checks the
//! file against [`WordList`] and writes each list as a constant slice, so the code names
//! a list by variant and looks its words up as fast as in a slice it spelled out.
//!
//! ```ignore
//! const PSEUDO: &[&str] = words(WordList::PseudoNegations);
//! ```

pub use goodfaith_lexicon::WordList;

include!(concat!(env!("OUT_DIR"), "/word_lists.rs"));

/// Panics naming each entry of `list` that is not in normalised form, so never matches
/// a word of the text: for the lists that stay in the code.
#[cfg(test)]
pub(crate) fn assert_normalised(list: &[&str]) {
    let mut seg = crate::text::Segmenter::new();
    let dead: Vec<String> = list
        .iter()
        .filter_map(|entry| {
            goodfaith_lexicon::lists::check_form(goodfaith_lexicon::lists::Form::Normalised, entry, &mut seg).err()
        })
        .collect();
    assert!(dead.is_empty(), "{dead:#?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use goodfaith_lexicon::lists::load_lists;

    #[test]
    fn the_lists_are_the_files_as_loaded_now() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons/en/context.toml");
        let lists = load_lists(path, &std::fs::read_to_string(path).unwrap()).unwrap();
        for &list in WordList::ALL {
            assert_eq!(words(list), lists.words(list), "{list:?}");
        }
    }

    #[test]
    fn every_entry_is_found_after_its_first_word() {
        for &list in WordList::ALL {
            for entry in words(list) {
                let (first, rest) = entry.split_once(' ').unwrap_or((entry, ""));
                assert!(after_first(list, first).contains(&rest), "{list:?}: {entry}");
                assert!(after_first(list, &format!("{first}x")).is_empty(), "{list:?}: {entry}");
            }
            let firsts: std::collections::HashSet<&str> =
                words(list).iter().map(|e| e.split(' ').next().unwrap()).collect();
            let under_firsts: usize = firsts.iter().map(|f| after_first(list, f).len()).sum();
            assert_eq!(under_firsts, words(list).len(), "{list:?}: each entry once, under its first word");
        }
    }

    /// Every list the file must have is one some code reads: its variant is named in
    /// `src/` (beside this file).
    #[test]
    fn every_list_is_read_by_some_code() {
        let mut sources = String::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("lexicon/lists.rs") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let named = |list: &WordList| {
            let name = format!("WordList::{list:?}");
            let after = |i: usize| sources[i + name.len()..].chars().next();
            sources.match_indices(&name).any(|(i, _)| after(i).is_none_or(|c| !c.is_alphanumeric() && c != '_'))
        };
        let unread: Vec<&str> = WordList::ALL.iter().filter(|l| !named(l)).map(|l| l.name()).collect();
        assert!(unread.is_empty(), "lists no code reads: {unread:?}");
    }
}
