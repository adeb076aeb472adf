//! Sentence rules: UAX #29's main rules (terminal punctuation ends a sentence; a `.`
//! followed by a lowercase word or after an abbreviation does not) with one change for
//! real-world text: a single line break is a space (emails and subtitles wrap
//! mid-sentence), a blank line or a list bullet ends a sentence.

use std::ops::Range;

use super::{Cursor, Segmented, Sentence, Terminal};
use crate::key::{ascii_lowercase, pack};

impl Cursor {
    /// Terminal punctuation ending at byte `end`: the sentence ends before the next word
    /// (unless [`Cursor::ends_sentence_before`] says otherwise), and closing quotes
    /// and brackets right after it still belong to it.
    #[inline]
    pub(super) fn terminal_mark(&mut self, terminal: Terminal, end: usize) {
        self.terminal = self.terminal.max_with(terminal);
        self.src_end = end;
        self.extend_closers = true;
    }

    /// Decides whether the punctuation and space seen since the last word end a sentence
    /// before the word `next`.
    pub(super) fn ends_sentence_before(&self, text: &str, next: &str) -> bool {
        if self.newlines >= 2 || self.bullet {
            return true;
        }
        match self.terminal {
            Terminal::None => false,
            Terminal::Question | Terminal::Exclamation => true,
            Terminal::Period => {
                // "approx. five" runs on; a full stop at the end of a line ends the
                // sentence whatever comes next ("added.\n[x] yes, sign me up").
                let lower_next = next.chars().next().is_some_and(char::is_lowercase);
                (!lower_next || self.newlines > 0) && !is_abbreviation(&text[self.prev_word.clone()], next)
            }
        }
    }

    /// Ends the sentence being read (if it has a word) and starts the next.
    pub(super) fn close_sentence(&mut self, out: &mut Segmented) {
        if out.words.len() > self.sentence_start {
            out.sentences.push(Sentence {
                words: self.sentence_start..out.words.len(),
                src: self.sentence_src_start..self.src_end,
                terminal: self.terminal,
            });
            self.sentence_start = out.words.len();
        }
        self.terminal = Terminal::None;
        self.clause = false;
    }
}

impl Terminal {
    /// The stronger of two marks in one run of punctuation (`?!` asks).
    pub(super) fn max_with(self, other: Terminal) -> Terminal {
        fn rank(t: Terminal) -> u8 {
            match t {
                Terminal::None => 0,
                Terminal::Period => 1,
                Terminal::Exclamation => 2,
                Terminal::Question => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// An ASCII space at `bytes[i]`, in a part spanning `range`: line breaks are counted
/// (a CRLF once) and may start a list item.
#[inline]
pub(super) fn space(bytes: &[u8], i: usize, range: Range<usize>, cur: &mut Cursor) {
    let b = bytes[i];
    if b == b'\n' || b == b'\r' {
        if !(b == b'\n' && i > range.start && bytes[i - 1] == b'\r') {
            cur.newlines += 1;
        }
        cur.bullet |= starts_bullet(&bytes[i + 1..range.end]);
    }
    cur.extend_closers = false;
}

/// A line starting with a list bullet (`- `, `* `, `• `, `1. `, `2) `).
fn starts_bullet(rest: &[u8]) -> bool {
    let rest = {
        let skip = rest.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
        &rest[skip..]
    };
    match rest {
        [b'-' | b'*' | b'+', b' ', ..] => true,
        [0xE2, 0x80, 0xA2, ..] => true, // •
        _ => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && digits < 3 && matches!(rest.get(digits..digits + 2), Some([b'.' | b')', b' ']))
        }
    }
}

/// Words after which a `.` does not end a sentence (besides single letters: "J. Smith").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "jr", "sr", "approx", "dept",
    "fig", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether the `.` after `raw` (`next` being the text that follows) ends no sentence.
fn is_abbreviation(raw: &str, next: &str) -> bool {
    // "No. 5" is a number; "No. Take it or leave it." is a refusal that ends its sentence.
    if raw.eq_ignore_ascii_case("no") {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    let mut chars = raw.chars();
    if chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none() {
        return true;
    }
    // This runs at every full stop: the word is compared as one number with the
    // abbreviations' (none is longer than 8 bytes), not string by string.
    raw.len() <= 8 && raw.is_ascii() && abbreviation_keys().contains(&ascii_lowercase(pack(raw.as_bytes())))
}

/// [`ABBREVIATIONS`] packed ([`pack`]).
fn abbreviation_keys() -> &'static [u64] {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| ABBREVIATIONS.iter().map(|a| pack(a.as_bytes())).collect())
}

#[cfg(test)]
mod tests {
    use super::super::{seg, Part, Segmenter};
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let s = seg(text);
        s.sentences.iter().map(|x| text[x.src.clone()].to_string()).collect()
    }

    #[test]
    fn abbreviations_in_any_case_and_nothing_else() {
        for a in ABBREVIATIONS {
            assert!(is_abbreviation(a, " x") && is_abbreviation(&a.to_uppercase(), " x"), "{a}");
            assert!(!is_abbreviation(&format!("{a}s"), " x") || ABBREVIATIONS.contains(&format!("{a}s").as_str()));
        }
        for word in ["J", "é", "No"] {
            assert!(is_abbreviation(word, "5"), "{word}");
        }
        for word in ["it", "deal", "approxim", "No", "né", "mrs.x", ""] {
            assert!(!is_abbreviation(word, " Then"), "{word}");
        }
    }

    #[test]
    fn splits_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("Take it. Or leave it.", &["Take it.", "Or leave it."]),
            ("Is this final? yes it is", &["Is this final?", "yes it is"]),
            ("Mr. Smith said e.g. this. Done", &["Mr. Smith said e.g. this.", "Done"]),
            ("We wait... and see.", &["We wait... and see."]),
            ("He said \"go.\" Then left.", &["He said \"go.\"", "Then left."]),
            ("one line\nwraps here.", &["one line\nwraps here."]),
            ("para one\n\npara two", &["para one", "para two"]),
            ("list:\n- first item\n- second", &["list", "first item", "second"]),
            ("crlf one\r\n\r\ncrlf two", &["crlf one", "crlf two"]),
            ("(Fine.) Next", &["(Fine.)", "Next"]),
            ("Gift wrap added.\n[x] yes, add cover", &["Gift wrap added.", "[x] yes, add cover"]),
            ("costs approx.\nfive pounds", &["costs approx.\nfive pounds"]),
            ("No. Take it or leave it.", &["No.", "Take it or leave it."]),
            ("I said no. You will regret it.", &["I said no.", "You will regret it."]),
            ("See clause No. 5 below.", &["See clause No. 5 below."]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "sentences of {text:?}");
        }
    }

    #[test]
    fn marks_questions_and_norm_sentence_breaks() {
        let s = seg("Is this your final offer? It is.");
        assert_eq!(s.sentences[0].terminal, Terminal::Question);
        assert_eq!(s.sentences[1].terminal, Terminal::Period);
        assert_eq!(s.norm, "is this your final offer\nit is");
    }

    #[test]
    fn hard_break_parts_end_sentences() {
        let text = "first part second part";
        let parts = [Part::new(0..10, false), Part::new(11..22, true)];
        let mut out = Segmented::default();
        Segmenter::new().segment(text, &parts, &mut out);
        assert_eq!(out.sentences.len(), 2);
        assert_eq!(out.norm, "first part\nsecond part");
    }
}
