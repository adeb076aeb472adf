//! How a turn's own words are read for the dialogue pass, beyond the lexicon's
//! findings: how it opens ("ok", "no", "thanks", a thumbs-up), whether it names concrete
//! terms, whether it states terms in passing or asks for something to be done. Each
//! looks at a bounded prefix or one pass over the turn's text.

use crate::lexicon::lists::{words, WordList};

/// How a turn opens: the short words people accept or turn down an offer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opener {
    /// Nothing that answers.
    #[default]
    None,
    /// "yes", "ok", "yep", "sure", "deal", "perfect", "👍", "we do".
    Yes,
    /// "no", "nope", "nah", "of course not".
    No,
    /// "thanks", "you too", "same here", a smile: confirms only a deal already named.
    Thanks,
}

/// Single words that accept what was just offered (`opening.yes`).
const YES: &[&str] = words(WordList::Yes);
/// Short openings that accept (`opening.yes-phrases`).
const YES_PHRASES: &[&str] = words(WordList::YesPhrases);
/// Openings that, followed by a word of [`GOOD`], accept: "that's fine", "sounds
/// great" (`opening.verdicts`).
const VERDICT_OPENINGS: &[&str] = words(WordList::VerdictOpenings);
/// Words that say an offer is good (`opening.good`).
const GOOD: &[&str] = words(WordList::Good);
/// Whole sentences that accept when nothing else follows: "We do." (`opening.yes-alone`).
const YES_ALONE: &[&str] = words(WordList::YesAlone);
/// Openings that turn down, checked before the ones that accept (`opening.no-phrases`).
const NO_PHRASES: &[&str] = words(WordList::NoPhrases);
/// Openings that turn down (`opening.no`).
const NO: &[&str] = words(WordList::No);
/// Words after "no" that make it no refusal (`opening.not-refusing`).
const NOT_REFUSING: &[&str] = words(WordList::NotRefusing);
/// Openings that thank or return a pleasantry (`opening.thanks`).
const THANKS: &[&str] = words(WordList::Thanks);
/// Words that turn a yes into "yes, but": the turn does not accept outright
/// (`opening.contrast`).
const CONTRAST: &[&str] = words(WordList::YesContrast);
/// Emoji that accept on their own.
const YES_EMOJI: &[char] = &['👍', '👌', '✅', '🤝', '✔'];
/// Emoji that smile on their own.
const SMILES: &[char] = &['🙂', '😊', '😀', '😃', '😄', '☺', '😁', '🥳', '🎉'];

/// How `text` (one turn) opens. Looks at the first sentence only, lower-cased, as
/// written: "ok", "OK!", "ok deal", "yep 👍" and "We do." all open with a yes.
pub fn opener(text: &str) -> Opener {
    // This runs on every turn, and most turns open with a word no answer opens with:
    // look at that word alone first.
    let head = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = head.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(head.len());
    if end == 0 {
        return emoji_opener(text);
    }
    if end > MAX_OPENING_WORD || !may_open(&head[..end]) {
        return Opener::None;
    }
    // One lower-cased copy of the first sentence (at most 200 bytes), split in place; on
    // the stack when it is ASCII, as nearly every turn's is.
    let first = first_sentence(text);
    let mut buf = [0u8; FIRST_SENTENCE];
    let first: std::borrow::Cow<str> = match first.is_ascii() {
        true => {
            buf[..first.len()].copy_from_slice(first.as_bytes());
            buf[..first.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..first.len()]).map_or_else(|_| first.to_lowercase().into(), Into::into)
        }
        false => first.to_lowercase().replace('’', "'").into(),
    };
    let mut rest = first
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '—' | '…'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty());
    // The lists look at the first few words only; the rest are read only for a "but".
    let mut head = [""; HEAD_WORDS];
    let mut n = 0;
    for w in rest.by_ref().take(HEAD_WORDS) {
        head[n] = w;
        n += 1;
    }
    let words = &head[..n];
    let contrasts = || words.iter().copied().chain(rest.clone()).any(|w| CONTRAST.contains(&w));
    if words.is_empty() {
        return emoji_opener(text);
    }
    let starts = |p: &str| starts_with_phrase(words, p);
    if words.len() <= 2 && YES_ALONE.iter().any(|p| starts(p) && p.split(' ').count() == words.len()) {
        return Opener::Yes;
    }
    if NO_PHRASES.iter().any(|p| starts(p)) {
        return Opener::No;
    }
    let judged_good =
        VERDICT_OPENINGS.iter().any(|p| starts(p) && words.get(p.split(' ').count()).is_some_and(|w| GOOD.contains(w)));
    // "No problem" and "no worries" say yes.
    if judged_good || YES_PHRASES.iter().any(|p| starts(p)) {
        return if contrasts() { Opener::None } else { Opener::Yes };
    }
    // "No problem", "no reason to bicker", "no need": a "no" before a noun refuses nothing.
    let not_refusing = words[0] == "no" && words.get(1).is_some_and(|w| NOT_REFUSING.contains(w));
    if NO.iter().any(|p| starts(p)) && !not_refusing {
        return Opener::No;
    }
    if THANKS.iter().any(|p| starts(p)) {
        return Opener::Thanks;
    }
    if YES.contains(&words[0]) {
        return if contrasts() { Opener::None } else { Opener::Yes };
    }
    Opener::None
}

/// Whether `word` is the first word of an opening in any of the lists above.
/// The longest first word any opening list has, in bytes, with room to spare.
const MAX_OPENING_WORD: usize = 12;

/// Whether `word` (at most [`MAX_OPENING_WORD`] bytes, as written) is the first word of
/// an opening in some list. Lower-cased on the stack: this runs on every turn, and most
/// turns fail here, so it allocates nothing.
fn may_open(word: &str) -> bool {
    let mut buf = [0u8; MAX_OPENING_WORD];
    let lowered = if word.is_ascii() && word.len() <= MAX_OPENING_WORD {
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        std::str::from_utf8(&buf[..word.len()]).ok()
    } else {
        None
    };
    match lowered {
        Some(w) => is_first_word(w),
        None => is_first_word(&word.to_lowercase().replace('’', "'")),
    }
}

/// The lists whose phrases open a turn.
const OPENING_LISTS: [&[&str]; 7] = [YES, YES_PHRASES, YES_ALONE, NO_PHRASES, NO, THANKS, VERDICT_OPENINGS];

/// The most words the opening lists look at: the longest phrase and the word after it
/// (a verdict opening is followed by a word of [`GOOD`]), with room to spare. A test
/// says no list needs more.
const HEAD_WORDS: usize = 8;

/// Whether `word`, lower-cased, is the first word of a phrase of [`OPENING_LISTS`]. The
/// words are packed into numbers ([`packed_word`]): this runs on nearly every turn.
fn is_first_word(word: &str) -> bool {
    static FIRST: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let firsts = OPENING_LISTS.iter().flat_map(|l| l.iter().filter_map(|p| p.split(' ').next()));
        let mut words: Vec<u128> = firsts.filter_map(packed_word).collect();
        words.sort_unstable();
        words.dedup();
        words
    });
    packed_word(word).is_some_and(|w| first.binary_search(&w).is_ok())
}

/// A word of at most 16 bytes (with no zero byte) as one number, zero-padded.
fn packed_word(word: &str) -> Option<u128> {
    let mut buf = [0u8; 16];
    buf.get_mut(..word.len())?.copy_from_slice(word.as_bytes());
    (!word.as_bytes().contains(&0)).then(|| u128::from_be_bytes(buf))
}

/// Whether `words` begin with the space-separated `phrase`. Compared in place: most
/// turns fail on the first word, and this runs for every phrase of every list.
fn starts_with_phrase(words: &[&str], phrase: &str) -> bool {
    let mut rest = phrase;
    for w in words {
        match rest.strip_prefix(w) {
            Some("") => return true,
            Some(tail) if tail.starts_with(' ') => rest = &tail[1..],
            _ => return false,
        }
    }
    false
}

/// Words that turn a turn somewhere (`terms.turning`).
const TURNING: &[&str] = words(WordList::Turning);

/// Whether a turn turns somewhere: "but", "however", "counter", "instead".
pub fn turns_on_contrast(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| TURNING.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// A turn with no words: a thumbs-up accepts, a smile confirms.
fn emoji_opener(text: &str) -> Opener {
    if text.chars().any(|c| YES_EMOJI.contains(&c)) {
        Opener::Yes
    } else if text.chars().any(|c| SMILES.contains(&c)) {
        Opener::Thanks
    } else {
        Opener::None
    }
}

/// Words that make terms concrete: quantities, shares, days and times (`terms.concrete`).
const CONCRETE: &[&str] = words(WordList::Concrete);

/// Whether a sentence states concrete terms: a number, a currency or percent sign, a
/// quantity or share, a day or time. "What if we explored other options?" is not
/// concrete; "what if I take two and you keep the rest?" is.
pub fn concrete(sentence: &str) -> bool {
    if !sentence.is_ascii() {
        return sentence.chars().any(|c| c.is_ascii_digit() || matches!(c, '£' | '$' | '€' | '%'))
            || sentence.split(|c: char| !c.is_alphanumeric()).any(is_concrete_word);
    }
    // An ASCII sentence (nearly all of them) in one pass over its bytes: this runs for
    // every proposal, on sentences of up to a few hundred bytes.
    let bytes = sentence.as_bytes();
    let mut word_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() || b == b'$' || b == b'%' {
            return true;
        }
        if !b.is_ascii_alphanumeric() {
            if is_concrete_word(&sentence[word_start..i]) {
                return true;
            }
            word_start = i + 1;
        }
    }
    is_concrete_word(&sentence[word_start..])
}

/// Whether `word` is one of [`CONCRETE`], in any case. Words of a length no entry has
/// are turned away before any comparison: this runs for every word of every sentence
/// that proposes something.
fn is_concrete_word(word: &str) -> bool {
    static BY_LENGTH: std::sync::OnceLock<[Vec<&'static str>; CONCRETE_MAX + 1]> = std::sync::OnceLock::new();
    let by_length = BY_LENGTH.get_or_init(|| {
        let mut by: [Vec<&'static str>; CONCRETE_MAX + 1] = Default::default();
        for k in CONCRETE {
            by[k.len()].push(k);
        }
        by
    });
    by_length.get(word.len()).is_some_and(|ks| ks.iter().any(|k| k.eq_ignore_ascii_case(word)))
}

/// The longest word of [`CONCRETE`], in bytes.
const CONCRETE_MAX: usize = {
    let (mut i, mut max) = (0, 0);
    while i < CONCRETE.len() {
        if CONCRETE[i].len() > max {
            max = CONCRETE[i].len();
        }
        i += 1;
    }
    max
};

/// A short turn that is mostly terms — "£450.", "1,650. That's it.", "3 water, 2 food" —
/// puts them on the table: replying to an offer with a number is a counter-offer.
/// `digit` says whether the turn's text has a digit ([`has_digit`]).
pub fn bare_terms(digit: bool, words: u32) -> bool {
    words <= BARE_TERMS_WORDS && digit
}

/// Whether `text` has an ASCII digit.
pub fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// The most words a turn of bare terms has.
const BARE_TERMS_WORDS: u32 = 12;

/// Words that count things in an offer (`terms.quantities`).
const QUANTITIES: &[&str] = words(WordList::Quantities);

/// A question that states a package of terms — "so you'd get 3 food and 1 firewood?",
/// "two for me and one for you?" — asks the other side to take it: two quantities or
/// more in one question.
pub fn terms_question(text: &str) -> bool {
    let quantity =
        |w: &str| w.starts_with(|c: char| c.is_ascii_digit()) || QUANTITIES.iter().any(|q| q.eq_ignore_ascii_case(w));
    // "all three" is one quantity: count runs of quantity words.
    let runs = |s: &str| {
        let words = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        let mut previous = false;
        words.filter(|w| !std::mem::replace(&mut previous, quantity(w)) && previous).count()
    };
    text.split_inclusive(['.', '!', '?', '\n']).filter(|s| s.trim_end().ends_with('?')).any(|s| runs(s) >= 2)
}

/// Words a question may open with before its verb, "so, could we …"
/// (`terms.question-fillers`).
const FILLERS: &[&str] = words(WordList::QuestionFillers);

/// "Can we …?", "Could I …?", "Shall we …?", "Could you …?": asking for something to
/// be done puts it on the table; "yes, I'll send it Thursday" takes it.
pub fn asks_to_do(question: &str) -> bool {
    let mut words = question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .skip_while(|w| FILLERS.contains(&w.as_str()));
    let modal =
        words.next().is_some_and(|w| matches!(w.as_str(), "can" | "could" | "shall" | "should" | "may" | "would"));
    modal && words.next().is_some_and(|w| matches!(w.as_str(), "we" | "i" | "you"))
}

/// Whether a turn names quantities or money — "£120", "2 food", "all three", "half" —
/// the terms a "that works for me" right after it can only mean. Days and times are
/// left out: "I'll be done today" is a status, not an offer.
pub fn names_quantities(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit() || matches!(c, '£' | '$' | '€'))
        || text.split(|c: char| !c.is_alphanumeric()).any(|w| QUANTITIES.iter().any(|q| q.eq_ignore_ascii_case(w)))
}

/// The text up to the first sentence end (or the first 200 bytes).
/// The most bytes of a turn read for its opening.
const FIRST_SENTENCE: usize = 200;

fn first_sentence(text: &str) -> &str {
    let text = text.trim_start();
    let mut end = text.len().min(FIRST_SENTENCE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.find(['.', '!', '?', '\n']).map_or(head, |i| &head[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_in_passing() {
        assert!(asks_to_do("Could we at least split the payment quarterly?"));
        assert!(asks_to_do("So, can I swap to the methods section?"));
        assert!(asks_to_do("Could you come back to me by Thursday?"));
        assert!(!asks_to_do("Do you camp often?"));
        assert!(!asks_to_do("Why can we not just ship it?"));
        assert!(bare_terms(has_digit("1,650. That's it."), 3));
        assert!(bare_terms(has_digit("£450"), 1));
        assert!(bare_terms(has_digit("No no. 3 wood, 2 water and 0 food for you!"), 11));
        // A status update is longer than an offer in reply.
        assert!(!bare_terms(
            has_digit("We shipped 3 features and fixed 12 bugs in the billing service this sprint."),
            14
        ));
        assert!(!bare_terms(has_digit("Sounds good."), 2));
        assert!(terms_question("Right. So you would get 3 food and 1 firewood?"));
        assert!(terms_question("two for me and one for you?"));
        assert!(!terms_question("Do you need all three?"));
        assert!(!terms_question("We shipped 3 features and fixed 12 bugs."));
    }

    #[test]
    fn concrete_words_fit_the_length_table() {
        assert!(CONCRETE.iter().all(|k| k.len() <= CONCRETE_MAX && *k == k.to_lowercase()));
        assert!(CONCRETE.iter().all(|k| is_concrete_word(k) && is_concrete_word(&k.to_uppercase())));
        assert!(!is_concrete_word("weekly") && !is_concrete_word("") && !is_concrete_word("a-very-long-word"));
    }

    #[test]
    fn concrete_terms() {
        assert!(concrete("How about I take 2 and you keep the rest?"));
        assert!(concrete("We could do £40 a head."));
        assert!(concrete("Let's meet on Thursday."));
        assert!(concrete("You can have both lamps."));
        assert!(!concrete("What if we explored other options?"));
        assert!(!concrete("Would you be open to a different approach?"));
        assert!(names_quantities("£120 for the bike and the helmet."));
        assert!(names_quantities("I'll take the firewood, one water and one food."));
        assert!(!names_quantities("I'm still on the invoice template, should be done today."));
    }

    #[test]
    fn the_opening_lists_fit_in_the_words_looked_at() {
        let longest = OPENING_LISTS.iter().flat_map(|l| l.iter()).map(|p| p.split(' ').count()).max();
        // A verdict opening looks one word past its phrase.
        assert!(longest.is_some_and(|n| n < HEAD_WORDS), "{longest:?}");
        for word in OPENING_LISTS.iter().flat_map(|l| l.iter()).filter_map(|p| p.split(' ').next()) {
            assert!(word.len() <= MAX_OPENING_WORD && is_first_word(word), "{word}");
        }
    }

    #[test]
    fn openers() {
        let cases: &[(&str, Opener)] = &[
            ("Deal.", Opener::Yes),
            ("ok", Opener::Yes),
            ("OK!! see you then", Opener::Yes),
            ("yep sounds good", Opener::Yes),
            ("We do.", Opener::Yes),
            ("We do need to talk about the budget.", Opener::None),
            ("👍", Opener::Yes),
            ("🙂", Opener::Thanks),
            ("Thanks, you too!", Opener::Thanks),
            ("No. Take it or leave it.", Opener::No),
            ("no problem, happy to", Opener::Yes),
            ("of course not, that leaves me nothing", Opener::No),
            ("No reason to bicker.", Opener::None),
            ("No I can't do that.", Opener::No),
            ("Of course, go ahead.", Opener::Yes),
            ("Ok, but I need two of the waters.", Opener::None),
            ("Sorry, I can't do that.", Opener::None),
            ("Oops. Sorry, I keep forgetting.", Opener::None),
            ("okk i will give", Opener::Yes),
            ("alrighty", Opener::Yes),
            ("Okay. I'll book it.", Opener::Yes),
            ("That's fine by me", Opener::Yes),
            ("That is fantastic.", Opener::Yes),
            ("that would be perfect for us", Opener::Yes),
            ("That's okay, thanks for the deal", Opener::Yes),
            ("That's a shame.", Opener::None),
            ("Sounds fair, but I need the water.", Opener::None),
            ("Fine dining is out of budget.", Opener::None),
            ("Honestly I'm not sure.", Opener::None),
            ("", Opener::None),
            // A "but" well past the first words still turns the yes.
            ("Okay, that is what we said we would do on Friday, but I need the van.", Opener::None),
            ("That would be perfect for the two of us and the whole team.", Opener::Yes),
        ];
        for (text, want) in cases {
            assert_eq!(opener(text), *want, "{text:?}");
        }
    }
}
