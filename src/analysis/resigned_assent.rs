//! A sigh of assent: "Okay. Okay." or "...okay" — a yes repeated to itself, or dragged
//! out after an ellipsis, is resignation, not free agreement. Phrases cannot see across
//! sentence ends, so this looks at the turn's sentences.

use crate::lexicon::lists::{words, WordList};
use crate::text::{const_key, Segmented};

/// Single words that say yes (`sigh.yes`).
const YES: &[&str] = words(WordList::SighYes);

/// [`YES`] as word keys, sorted (none is longer than 8 bytes, so with the length the
/// key is the word): this looks at every word, and the segmenter already computed its
/// key.
const YES_KEYS: [u64; YES.len()] = {
    let mut keys = [0; YES.len()];
    let mut i = 0;
    while i < YES.len() {
        keys[i] = const_key(YES[i].as_bytes());
        i += 1;
    }
    // Sorted (insertion sort; eight entries) for the binary search.
    let mut j = 1;
    while j < keys.len() {
        let mut k = j;
        while k > 0 && keys[k - 1] > keys[k] {
            let t = keys[k];
            keys[k] = keys[k - 1];
            keys[k - 1] = t;
            k -= 1;
        }
        j += 1;
    }
    keys
};

/// Whether word `i` of `seg` is one of [`YES`].
fn is_yes(seg: &Segmented, i: usize) -> bool {
    let w = &seg.words[i];
    w.norm_end - w.norm_start <= 8 && YES_KEYS.binary_search(&w.key).is_ok()
}

/// True when the turn holds a sigh of assent.
pub fn sighs(seg: &Segmented, text: &str) -> bool {
    let single = |s: &crate::text::Sentence| (s.words.len() == 1).then(|| seg.word(s.words.start));
    let repeated =
        seg.sentences.windows(2).any(|p| single(&p[0]).is_some_and(|a| YES.contains(&a) && single(&p[1]) == Some(a)));
    let trailing = may_follow_ellipsis(seg, text)
        && (0..seg.words.len()).any(|i| is_yes(seg, i) && after_ellipsis(text, seg.words[i].src_start));
    repeated || trailing
}

/// Whether any word of `seg` may come right after an ellipsis: one is written between
/// the white space before the first word and the last word. Most turns have none, and
/// this looks at their bytes at once rather than at each word.
fn may_follow_ellipsis(seg: &Segmented, text: &str) -> bool {
    let (Some(first), Some(last)) = (seg.words.first(), seg.words.last()) else { return false };
    let mut from = text[..first.src_start].trim_end().len().saturating_sub(3);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let between = &text.as_bytes()[from..last.src_start];
    memchr::memchr2_iter(b'.', 0xE2, between).any(|i| {
        let rest = &between[i..];
        rest.starts_with(b"...") || rest.starts_with("…".as_bytes())
    })
}

/// The text right before `pos` ends in an ellipsis ("...okay", "… fine").
fn after_ellipsis(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end();
    before.ends_with("...") || before.ends_with('…')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};

    #[test]
    fn yes_words_are_found_by_key() {
        let text = "okay fine alright right sure yeah yes whatever okays fin rightly ok";
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
        let found: Vec<&str> = (0..seg.words.len()).filter(|&i| is_yes(&seg, i)).map(|i| seg.word(i)).collect();
        // "ok" is read as "okay".
        assert_eq!(found, [YES, &["okay"]].concat());
    }

    #[test]
    fn sighs_of_assent() {
        let cases = [
            ("Okay. Okay. We'll come on the 25th.", true),
            ("...okay, go on then.", true),
            ("Fine… fine.", true),
            ("Okay. Sounds good.", false),
            ("Okay, see you then.", false),
            ("Right. Right. Whatever you say.", true),
            ("Yes. Let's do it.", false),
            ("Wait… okay.", true),
            ("  ...   fine", true),
            ("Fine. Wait... let me think.", false),
        ];
        for (text, want) in cases {
            let mut seg = Segmented::default();
            Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
            assert_eq!(sighs(&seg, text), want, "{text:?}");
        }
    }
}
