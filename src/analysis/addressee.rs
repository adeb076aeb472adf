//! Whom a coercive move aims at, in talk with several people: the person named in the
//! sentence ("Tom, that's your last warning"), else the only other party, else the
//! last person who spoke before.
//!
//! The names are indexed once per conversation, and the turns are walked once as the
//! findings come in order, so each finding costs about the length of its sentence and
//! a binary search, however many people speak.

use crate::input::Conversation;

/// The longest name word looked for in a sentence, in bytes. Nobody is called by a
/// longer single word, and the bound keeps the search linear in the sentence.
const MAX_WORD: usize = 64;

/// Finds addressees in one conversation.
pub struct Addressees<'a> {
    conv: &'a Conversation,
    /// Name words sorted by the word, then by speaker; each word with (at most) its two
    /// lowest speakers: enough to find the lowest speaker named other than the one
    /// speaking. A word is kept as where it is in its speaker's name, 12 bytes, not as
    /// a hash map entry: a million speakers cost 12 MB.
    words: Vec<NameWord>,
    /// The turn `recent` describes: the two most recent different speakers before it.
    at: usize,
    recent: [Option<u32>; 2],
}

/// A word of a speaker's name: `len` bytes from byte `start` of the name.
#[derive(Debug, Clone, Copy)]
struct NameWord {
    speaker: u32,
    start: u32,
    len: u8,
}

impl<'a> Addressees<'a> {
    /// Indexes the speakers' names.
    pub fn new(conv: &'a Conversation) -> Self {
        let mut words = vec![];
        for (i, label) in conv.speakers.iter().enumerate() {
            for w in names(label).filter(|w| w.len() <= MAX_WORD) {
                let start = w.as_ptr() as usize - label.as_ptr() as usize;
                if let Ok(start) = u32::try_from(start) {
                    words.push(NameWord { speaker: i as u32, start, len: w.len() as u8 });
                }
            }
        }
        let word = |w: &NameWord| word_of(conv, w);
        words.sort_unstable_by(|a, b| word(a).cmp(word(b)).then(a.speaker.cmp(&b.speaker)));
        // The two lowest speakers of each word.
        let mut kept = 0;
        for i in 0..words.len() {
            let w = words[i];
            let same = |k: usize| word(&words[k]) == word(&w);
            let first = kept == 0 || !same(kept - 1);
            let second = !first && (kept < 2 || !same(kept - 2)) && words[kept - 1].speaker != w.speaker;
            if first || second {
                words[kept] = w;
                kept += 1;
            }
        }
        words.truncate(kept);
        words.shrink_to_fit();
        Addressees { conv, words, at: 0, recent: [None, None] }
    }

    /// The lowest speaker other than `speaker` called `word`.
    fn called(&self, word: &str, speaker: Option<u32>) -> Option<u32> {
        let from = self.words.partition_point(|w| word_of(self.conv, w) < word);
        self.words[from..]
            .iter()
            .take(2)
            .take_while(|w| word_of(self.conv, w) == word)
            .map(|w| w.speaker)
            .find(|&i| Some(i) != speaker)
    }

    /// The speaker index a finding in `turn` (0-based) by `speaker`, with this
    /// sentence, aims at. Fastest when `turn` never decreases.
    pub fn of(&mut self, speaker: Option<u32>, turn: usize, sentence: &str) -> Option<u32> {
        if let Some(named) = self.named(speaker, sentence) {
            return Some(named);
        }
        let count = self.conv.speakers.len();
        let others = count - usize::from(speaker.is_some_and(|s| (s as usize) < count));
        if others == 1 {
            return (0..count as u32).find(|&s| Some(s) != speaker);
        }
        self.last_before(turn, speaker)
    }

    /// The lowest speaker other than `speaker` named as a whole word in `sentence`.
    fn named(&self, speaker: Option<u32>, sentence: &str) -> Option<u32> {
        let mut best: Option<u32> = None;
        let mut prev: Option<char> = None;
        for (p, c) in sentence.char_indices() {
            let starts_word = c.is_uppercase() && !prev.is_some_and(char::is_alphanumeric);
            prev = Some(c);
            if !starts_word {
                continue;
            }
            // Every end within reach where a whole word ends; name words hold no white
            // space or brackets.
            let rest = &sentence[p..];
            for (q, next) in rest.char_indices().skip(1).chain([(rest.len(), ' ')]) {
                if q > MAX_WORD {
                    break;
                }
                if !next.is_alphanumeric() {
                    let named = self.called(&rest[..q], speaker);
                    best = match (best, named) {
                        (Some(b), Some(i)) => Some(b.min(i)),
                        (b, i) => b.or(i),
                    };
                }
                if next.is_whitespace() || next == '(' || next == ')' {
                    break;
                }
            }
        }
        best
    }

    /// The last person other than `speaker` who spoke before `turn`.
    fn last_before(&mut self, turn: usize, speaker: Option<u32>) -> Option<u32> {
        let turns = &self.conv.turns;
        let turn = turn.min(turns.len());
        if turn < self.at {
            (self.at, self.recent) = (0, [None, None]);
        }
        for t in &turns[self.at..turn] {
            if let Some(s) = t.speaker() {
                if self.recent[0] != Some(s) {
                    self.recent = [Some(s), self.recent[0]];
                }
            }
        }
        self.at = turn;
        if self.recent[0] != speaker {
            self.recent[0]
        } else {
            self.recent[1]
        }
    }
}

/// The text of a name word.
fn word_of<'c>(conv: &'c Conversation, w: &NameWord) -> &'c str {
    let start = w.start as usize;
    &conv.speakers[w.speaker as usize][start..start + w.len as usize]
}

/// The words a speaker may be called by: each capitalised word of the label, brackets
/// included ("Agent (Lisa)" → Agent, Lisa).
fn names(label: &str) -> impl Iterator<Item = &str> {
    label
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| w.chars().count() >= 2 && w.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read;

    #[test]
    fn finds_the_addressee() {
        let text = "Ann: Let's start.\nBob: Fine.\nCy (lead): Ann, that's your last warning.\nBob: Hm.\nCy (lead): Take it or leave it.\nAnn: Ok.\n";
        let conv = read("t", text.as_bytes(), None).unwrap();
        let id = |n: &str| conv.speakers.iter().position(|s| s == n).map(|i| i as u32);
        let cy = id("Cy (lead)");
        let mut a = Addressees::new(&conv);
        assert_eq!(a.of(cy, 2, "Ann, that's your last warning."), id("Ann"), "named");
        assert_eq!(a.of(cy, 4, "Take it or leave it."), id("Bob"), "the last to speak");
        assert_eq!(a.of(id("Ann"), 0, "Cy, stop."), cy, "a name in brackets");
        assert_eq!(a.of(cy, 2, "Annual review, Bob's turn."), id("Bob"), "whole words only");
        assert_eq!(a.of(cy, 4, "Bob and Ann: enough."), id("Ann"), "the first speaker named");
        assert_eq!(a.of(id("Ann"), 2, "Hm."), id("Bob"), "back to an earlier turn");
    }

    #[test]
    fn a_word_several_speakers_share_names_the_lowest_other_one() {
        let text = "Ann Lee: Hi.\nAnn Cho: Hi.\nAnn Roy: Hi.\nBob: Hi.\nAnn Lee: Ann, stop it.\n";
        let conv = read("t", text.as_bytes(), None).unwrap();
        let id = |n: &str| conv.speakers.iter().position(|s| s == n).map(|i| i as u32);
        let mut a = Addressees::new(&conv);
        assert_eq!(a.of(id("Ann Lee"), 4, "Ann, stop it."), id("Ann Cho"), "not the one speaking");
        assert_eq!(a.of(id("Bob"), 4, "Ann, stop it."), id("Ann Lee"), "the lowest");
        assert_eq!(a.of(id("Bob"), 4, "Roy, stop it."), id("Ann Roy"), "any word of the name");
        assert_eq!(a.words.len(), 6, "Ann twice, Lee, Cho, Roy, Bob: {:?}", a.words);
    }

    #[test]
    fn names_with_marks_inside_are_found_as_whole_words() {
        let text = "O'Brien: Fine.\nJ.R.: Ok.\nMay: Yes.\nMay: O'Brien, sign now.\nMay: J.R., sign now.\n";
        let conv = read("t", text.as_bytes(), None).unwrap();
        let id = |n: &str| conv.speakers.iter().position(|s| s == n).map(|i| i as u32);
        let mut a = Addressees::new(&conv);
        assert_eq!(a.of(id("May"), 3, "O'Brien, sign now."), id("O'Brien"));
        assert_eq!(a.of(id("May"), 4, "J.R., sign now."), id("J.R."));
        assert_eq!(a.of(id("May"), 4, "O'Briens sign now."), id("J.R."), "not a whole word: the last to speak");
    }
}
