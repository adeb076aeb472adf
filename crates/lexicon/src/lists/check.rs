//! Whether an entry can match at all in the form its list is read in, and whether a text
//! holds an entry (for a list's examples).

use goodfaith_text::{Part, Segmented, Segmenter};

use super::{Form, Limit, Shape, WordList};

/// Checks that `entry` is written as the code will meet it, so it can match: a
/// normalised list's entry is its own normalisation (`ok` is read as `okay`, so `ok`
/// never matches), a written one is lowercase letters, digits and apostrophes, and the
/// entry fits its list's shape and limit. [`Limit::Within`] needs the other list and
/// is checked by the loader.
pub fn check_entry(list: WordList, entry: &str, seg: &mut Segmenter) -> Result<(), String> {
    check_form(list.form(), entry, seg)?;
    if list.shape() == Shape::Word && entry.contains(' ') {
        return Err(format!("`{entry}` is more than one word: the list is read a word at a time"));
    }
    match list.limit() {
        Limit::HoldsOneOf(words) if !entry.split(' ').any(|w| words.contains(&w)) => {
            Err(format!("`{entry}` holds none of {}: the list is read only at one of them", words.join(", ")))
        }
        Limit::MaxWords(n) if entry.split(' ').count() > n => {
            Err(format!("`{entry}` is longer than {n} words: the list is read only that far"))
        }
        Limit::MaxBytes(n) if entry.len() > n => {
            Err(format!("`{entry}` is longer than {n} bytes: the list is looked up by an {n}-byte key"))
        }
        _ => Ok(()),
    }
}

/// Checks that `entry` is written in `form`, as the code will meet it. The word lists
/// that stay in the code (closed grammatical classes) are checked with this too.
pub fn check_form(form: Form, entry: &str, seg: &mut Segmenter) -> Result<(), String> {
    if entry.is_empty() {
        return Err("an empty entry".into());
    }
    match form {
        Form::Normalised => {
            let read = normalise(entry, seg);
            if read != entry {
                return Err(format!(
                    "`{entry}` is read as `{}`, so as written it never matches: write `{}`",
                    read.replace('\n', " | "),
                    read.replace('\n', " ")
                ));
            }
        }
        Form::Written | Form::Alphanumeric => {
            let apostrophes = form == Form::Written;
            let fits = |c: char| (c.is_alphanumeric() && !c.is_uppercase()) || (apostrophes && c == '\'');
            if entry.split(' ').any(|w| w.is_empty() || !w.chars().all(fits)) {
                let what = if apostrophes { "letters, digits and apostrophes" } else { "letters and digits" };
                return Err(format!(
                    "`{entry}` never matches: this list is read as lowercase words of {what}, one space apart"
                ));
            }
        }
    }
    Ok(())
}

/// Whether `text` holds an entry of `entries` (a list of `list`'s form) as whole words,
/// within one sentence for a normalised list.
pub fn found_in(list: WordList, entries: &[String], text: &str, seg: &mut Segmenter) -> bool {
    let lines = match list.form() {
        Form::Normalised => normalise(text, seg),
        Form::Written => split_lowercase(text, |c| c.is_alphanumeric() || c == '\''),
        Form::Alphanumeric => split_lowercase(text, char::is_alphanumeric),
    };
    lines.lines().any(|line| {
        let line = format!(" {line} ");
        entries.iter().any(|e| line.contains(&format!(" {e} ")))
    })
}

/// The normalised words of `text`: a space between words, a line break between sentences.
fn normalise(text: &str, seg: &mut Segmenter) -> String {
    let mut out = Segmented::default();
    seg.segment(text, &[Part::new(0..text.len(), false)], &mut out);
    out.norm
}

/// `text` lowercased (curly apostrophes straightened) and split into words of the
/// characters `keep` keeps, joined by spaces.
fn split_lowercase(text: &str, keep: fn(char) -> bool) -> String {
    let lower = text.to_lowercase().replace('’', "'");
    lower.split(|c: char| !keep(c)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_that_never_match_are_named_with_their_reading() {
        let mut seg = Segmenter::new();
        let mut check = |list, entry| check_entry(list, entry, &mut seg);
        assert_eq!(check(WordList::Fillers, "okay"), Ok(()));
        let err = check(WordList::Fillers, "ok").unwrap_err();
        assert_eq!(err, "`ok` is read as `okay`, so as written it never matches: write `okay`");
        let err = check(WordList::Tags, "won't you").unwrap_err();
        assert!(err.contains("read as `will not you`"), "{err}");
        assert!(check(WordList::Fillers, "Yeah").unwrap_err().contains("read as `yeah`"));
        assert!(check(WordList::Fillers, "uh-huh").unwrap_err().contains("read as `uh huh`"));
        assert!(check(WordList::Fillers, "").is_err());
        // As written, for the turn-opening lists: `ok` is what the reader compares.
        assert_eq!(check(WordList::Yes, "ok"), Ok(()));
        assert_eq!(check(WordList::VerdictOpenings, "that's"), Ok(()));
        assert!(check(WordList::Yes, "yes!").unwrap_err().contains("never matches"));
        assert!(check(WordList::Yes, "Yes").is_err());
        assert!(check(WordList::YesPhrases, "of  course").is_err());
        assert!(check(WordList::Concrete, "o'clock").is_err());
    }

    #[test]
    fn entries_fit_their_shape_and_limit() {
        let mut seg = Segmenter::new();
        let mut check = |list, entry| check_entry(list, entry, &mut seg);
        assert!(check(WordList::Fillers, "you know").unwrap_err().contains("more than one word"));
        assert_eq!(check(WordList::PseudoNegations, "no problem"), Ok(()));
        assert!(check(WordList::PseudoNegations, "fair enough").unwrap_err().contains("holds none of not, no"));
        assert_eq!(check(WordList::Tags, "do you hear me"), Ok(()));
        assert!(check(WordList::Tags, "do you hear me now").unwrap_err().contains("longer than 4 words"));
        assert_eq!(check(WordList::SighYes, "whatever"), Ok(()));
        assert!(check(WordList::SighYes, "certainly").unwrap_err().contains("longer than 8 bytes"));
    }

    #[test]
    fn texts_hold_entries_as_whole_words() {
        let mut seg = Segmenter::new();
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let pseudo = words(&["no problem", "not only"]);
        let mut found = |list, entries: &[String], text| found_in(list, entries, text, &mut seg);
        assert!(found(WordList::PseudoNegations, &pseudo, "Sure, NO problem."));
        assert!(!found(WordList::PseudoNegations, &pseudo, "No. Problems came up."));
        let fillers = words(&["okay"]);
        assert!(found(WordList::Fillers, &fillers, "OK, whatever."), "read as okay");
        let yes = words(&["ok", "that's"]);
        assert!(found(WordList::Yes, &yes, "OK!"));
        assert!(found(WordList::Yes, &yes, "That’s fine"));
        assert!(!found(WordList::Yes, &yes, "okay"));
        let concrete = words(&["two"]);
        assert!(found(WordList::Concrete, &concrete, "Two-thirds"));
        assert!(!found(WordList::Concrete, &concrete, "twofold"));
    }
}
