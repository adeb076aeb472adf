//! Reading `lexicons/en/context.toml` into checked [`Lists`].

use serde::Deserialize;
use toml::Spanned;

use super::check::{check_entry, found_in};
use super::{Limit, WordList};
use crate::error::LexiconError;
use goodfaith_text::Segmenter;

/// The file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsFile {
    lists: Vec<ListSpec>,
}

/// One list, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSpec {
    /// The [`WordList`] name (`negation.pseudo`).
    name: Spanned<String>,
    /// What the code does with it, for whoever tunes it.
    what: String,
    words: Vec<Spanned<String>>,
    /// Texts that hold an entry.
    #[serde(rename = "match")]
    must_match: Vec<Spanned<String>>,
    /// Texts that hold none.
    no_match: Vec<Spanned<String>>,
}

/// Every list the code reads, with its entries in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    /// Entries by list, in [`WordList::ALL`] order.
    words: Vec<Vec<String>>,
}

impl Lists {
    /// The entries of `list`.
    pub fn words(&self, list: WordList) -> &[String] {
        &self.words[index(list)]
    }
}

fn index(list: WordList) -> usize {
    WordList::ALL.iter().position(|&l| l == list).expect("every list is in ALL")
}

/// Parses and checks the lists file: every list the code reads is there, no other, each
/// says what it is for, every entry can match (see [`check_entry`]), none is there
/// twice, and each list's `match` texts hold an entry and its `no_match` texts none.
pub fn load_lists(path: &str, source: &str) -> Result<Lists, LexiconError> {
    let seg = &mut Segmenter::new();
    let file: ListsFile = toml::from_str(source).map_err(|e| LexiconError {
        path: path.to_string(),
        line: e.span().map(|s| crate::error::line_of(source, s.start)),
        key: e.message().split('`').nth(1).map(str::to_string),
        message: e.message().trim().to_string(),
    })?;
    let mut words: Vec<Option<Vec<String>>> = vec![None; WordList::ALL.len()];
    let mut spans = vec![0; WordList::ALL.len()];
    for spec in file.lists {
        let name = spec.name.get_ref().as_str();
        let at = |offset: usize, message: String| LexiconError::at(path, source, Some(offset), Some(name), message);
        let Some(list) = WordList::from_name(name) else {
            return Err(at(spec.name.span().start, "no code reads a list of this name".into()));
        };
        if words[index(list)].is_some() {
            return Err(at(spec.name.span().start, "a second list of this name".into()));
        }
        let entries = read_list(list, &spec, seg).map_err(|(offset, m)| at(offset, m))?;
        spans[index(list)] = spec.name.span().start;
        words[index(list)] = Some(entries);
    }
    let mut lists = Vec::with_capacity(words.len());
    for (list, entries) in WordList::ALL.iter().zip(words) {
        let Some(entries) = entries else {
            let message = format!("missing: the code reads it as WordList::{list:?}");
            return Err(LexiconError::at(path, source, None, Some(list.name()), message));
        };
        lists.push(entries);
    }
    let lists = Lists { words: lists };
    check_within(&lists)
        .map_err(|(list, m)| LexiconError::at(path, source, Some(spans[index(list)]), Some(list.name()), m))?;
    Ok(lists)
}

/// The entries of one list, checked, with its examples run; an error is at a byte offset.
fn read_list(list: WordList, spec: &ListSpec, seg: &mut Segmenter) -> Result<Vec<String>, (usize, String)> {
    let at_name = spec.name.span().start;
    if spec.what.trim().is_empty() {
        return Err((at_name, "`what` is empty: say what the code does with the list".into()));
    }
    if spec.words.is_empty() {
        return Err((at_name, "no words".into()));
    }
    if spec.must_match.is_empty() || spec.no_match.is_empty() {
        return Err((at_name, "needs `match` and `no_match` examples, at least one of each".into()));
    }
    let mut entries: Vec<String> = Vec::with_capacity(spec.words.len());
    for word in &spec.words {
        let entry = word.get_ref();
        check_entry(list, entry, seg).map_err(|m| (word.span().start, m))?;
        if entries.contains(entry) {
            return Err((word.span().start, format!("`{entry}` is in the list twice")));
        }
        entries.push(entry.clone());
    }
    for (examples, want) in [(&spec.must_match, true), (&spec.no_match, false)] {
        for text in examples {
            if found_in(list, &entries, text.get_ref(), seg) != want {
                let holds = if want { "holds no entry" } else { "holds an entry" };
                return Err((text.span().start, format!("the example {:?} {holds}", text.get_ref())));
            }
        }
    }
    Ok(entries)
}

/// Checks [`Limit::Within`]: every entry of such a list is in the other list.
fn check_within(lists: &Lists) -> Result<(), (WordList, String)> {
    for &list in WordList::ALL {
        if let Limit::Within(outer) = list.limit() {
            if let Some(stray) = lists.words(list).iter().find(|e| !lists.words(outer).contains(e)) {
                let message = format!("`{stray}` is not in `{}`, and is read only as one of its words", outer.name());
                return Err((list, message));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with every list, each with one entry that fits it.
    fn valid() -> String {
        let mut out = String::new();
        for list in WordList::ALL {
            let entry = if let Limit::HoldsOneOf(_) = list.limit() { "not alpha" } else { "alpha" };
            out.push_str(&format!(
                "[[lists]]\nname = \"{}\"\nwhat = \"w\"\nwords = [\"{entry}\"]\nmatch = [\"{entry}\"]\nno_match = [\"gamma\"]\n\n",
                list.name()
            ));
        }
        out
    }

    fn load(source: &str) -> Result<Lists, LexiconError> {
        load_lists("context.toml", source)
    }

    /// `source` with the list `name`'s line `key = …` replaced by `line`.
    fn with(source: &str, name: &str, key: &str, line: &str) -> String {
        let start = source.find(&format!("name = \"{name}\"")).unwrap();
        let at = start + source[start..].find(&format!("\n{key} = ")).unwrap() + 1;
        let end = at + source[at..].find('\n').unwrap();
        format!("{}{line}{}", &source[..at], &source[end..])
    }

    #[test]
    fn the_lists_file_given_as_a_lexicon_is_named_for_what_it_is() {
        let err = crate::load_file("context.toml", &valid(), &mut Segmenter::new()).unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (Some(1), Some("lists")), "{err}");
        assert!(err.message.starts_with("this is a file of word lists"), "{err}");
    }

    #[test]
    fn a_valid_file_loads_every_list() {
        let lists = load(&valid()).unwrap();
        assert_eq!(lists.words(WordList::Fillers), ["alpha"]);
        assert_eq!(lists.words(WordList::PseudoNegations), ["not alpha"]);
    }

    #[test]
    fn the_built_in_file_loads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lexicons/en/context.toml");
        let lists = load(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(lists.words(WordList::Reporting).contains(&"said".to_string()));
    }

    #[test]
    fn a_missing_or_unread_list_is_named_with_the_file() {
        let source = valid();
        let start = source.find("[[lists]]\nname = \"filler.markers\"").unwrap();
        let end = start + 9 + source[start + 9..].find("[[lists]]").unwrap();
        let missing = format!("{}{}", &source[..start], &source[end..]);
        let err = load(&missing).unwrap_err();
        assert_eq!(err.to_string(), "context.toml: `filler.markers`: missing: the code reads it as WordList::Fillers");
        let renamed = source.replace("name = \"filler.markers\"", "name = \"filler.fillers\"");
        let err = load(&renamed).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("filler.fillers"));
        assert_eq!(err.message, "no code reads a list of this name");
        assert_eq!(err.line, Some(renamed[..renamed.find("filler.fillers").unwrap()].lines().count() as u32));
        let twice = format!("{source}{}", &source[start..end]);
        assert_eq!(load(&twice).unwrap_err().message, "a second list of this name");
    }

    #[test]
    fn entries_that_cannot_match_or_repeat_are_errors_at_their_line() {
        let source = valid();
        let dead = with(&source, "filler.markers", "words", "words = [\"alpha\",\n  \"ok\"]");
        let err = load(&dead).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("filler.markers"));
        assert!(err.message.contains("`ok` is read as `okay`"), "{err}");
        assert_eq!(err.line, Some(dead[..dead.find("\"ok\"").unwrap()].lines().count() as u32));
        let twice = with(&source, "filler.markers", "words", "words = [\"alpha\", \"alpha\"]");
        assert_eq!(load(&twice).unwrap_err().message, "`alpha` is in the list twice");
        let stray = with(&source, "quotation.noun-like", "words", "words = [\"beta\"]");
        let stray = with(&stray, "quotation.noun-like", "match", "match = [\"beta\"]");
        let err = load(&stray).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("quotation.noun-like"));
        assert!(err.message.contains("`beta` is not in `quotation.reporting`"), "{err}");
    }

    #[test]
    fn every_list_says_what_it_is_for_and_its_examples_hold() {
        let source = valid();
        let err = load(&with(&source, "sarcasm.openers", "what", "what = \" \"")).unwrap_err();
        assert!(err.message.starts_with("`what` is empty"), "{err}");
        let err = load(&with(&source, "sarcasm.openers", "no_match", "no_match = []")).unwrap_err();
        assert!(err.message.starts_with("needs `match` and `no_match`"), "{err}");
        let err = load(&with(&source, "sarcasm.openers", "match", "match = [\"Alphabet.\"]")).unwrap_err();
        assert_eq!(err.message, "the example \"Alphabet.\" holds no entry");
        let err = load(&with(&source, "sarcasm.openers", "no_match", "no_match = [\"Alpha!\"]")).unwrap_err();
        assert_eq!(err.message, "the example \"Alpha!\" holds an entry");
        let err = load(&source.replace("what = \"w\"\n", "what = \"w\"\nwhy = \"\"\n")).unwrap_err();
        assert!(err.message.contains("unknown field `why`"), "{err}");
    }
}
