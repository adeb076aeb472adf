//! Bounded work for the scanner. A turn is segmented whole unless it is longer than
//! [`CHUNK`] bytes; a longer one (a 100 MB line, a book as one message) is cut into
//! pieces at a paragraph, sentence or word end, so what the segmenter and the matcher
//! hold for one piece stays bounded however large the text. Pieces come in text order,
//! lazily; [`blocks`] groups them for the threads.

use std::ops::Range;

use crate::input::Conversation;
use crate::text::{floor_char_boundary, Part};

/// The most bytes segmented at once. A turn this long is a document, not something
/// said; cutting it at a paragraph or sentence end changes nothing a phrase can see.
pub const CHUNK: usize = 256 << 10;

/// About this many bytes of pieces make one block of work for a thread.
pub const BLOCK: usize = 512 << 10;

/// The most pieces in one block. A piece, and what its scan gives back while the round
/// waits, costs some 70 bytes however short its turn: by bytes alone, a block of
/// two-letter turns would be 260,000 pieces, and a round of them a hundred megabytes.
pub const BLOCK_PIECES: usize = 16 << 10;

/// A stretch of one turn: the parts `parts` (indexes into [`Conversation::parts`]), the
/// first starting at byte `start` and the last ending at byte `end` of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub turn: usize,
    pub parts: Range<usize>,
    pub start: usize,
    pub end: usize,
    /// The turn is not cut: its parts are used as they are.
    pub whole: bool,
}

impl Piece {
    /// The parts to segment: the turn's own, or copies trimmed to the piece in `buf`. A
    /// piece after a cut starts a new sentence.
    pub fn parts<'a>(&self, conv: &'a Conversation, buf: &'a mut Vec<Part>) -> &'a [Part] {
        if self.whole {
            return &conv.parts[self.parts.clone()];
        }
        buf.clear();
        buf.extend(conv.parts[self.parts.clone()].iter().cloned());
        if let Some(first) = buf.first_mut() {
            first.set_hard_break(first.hard_break() || first.start() != self.start);
            first.set_start(self.start);
        }
        if let Some(last) = buf.last_mut() {
            last.set_end(self.end);
        }
        buf
    }

    /// Whether the piece is its turn's first (a turn cut into pieces starts in one).
    pub fn starts_turn(&self, conv: &Conversation) -> bool {
        let first = conv.turns[self.turn].parts().start as usize;
        self.whole || (self.parts.start == first && conv.parts.get(first).is_some_and(|p| p.start() == self.start))
    }

    /// Bytes of text in the piece.
    pub fn len(&self, conv: &Conversation) -> usize {
        if self.whole {
            return conv.parts[self.parts.clone()].iter().map(|p| p.range().len()).sum();
        }
        let parts = &conv.parts[self.parts.clone()];
        let inner: usize = parts.iter().map(|p| p.range().len()).sum();
        inner - (self.start - parts[0].start()) - (parts[parts.len() - 1].end() - self.end)
    }
}

/// The pieces of turns `turns`, in order; every turn yields at least one.
pub fn pieces(conv: &Conversation, turns: Range<usize>) -> impl Iterator<Item = Piece> + '_ {
    turns.flat_map(move |t| of_turn(conv, t))
}

/// The pieces of one turn.
fn of_turn(conv: &Conversation, turn: usize) -> Box<dyn Iterator<Item = Piece> + '_> {
    let range = conv.turns[turn].parts().start as usize..conv.turns[turn].parts().end as usize;
    let parts = &conv.parts[range.clone()];
    let whole = Piece {
        turn,
        parts: range.clone(),
        start: parts.first().map_or(0, |p| p.start()),
        end: parts.last().map_or(0, |p| p.end()),
        whole: true,
    };
    if parts.iter().map(|p| p.range().len()).sum::<usize>() <= CHUNK {
        return Box::new(std::iter::once(whole));
    }
    let mut from = Some((0, whole.start));
    Box::new(std::iter::from_fn(move || {
        let (i, byte) = from?;
        let (j, cut) = match next_cut(&conv.text, parts, i, byte) {
            Some((j, cut)) => {
                from = Some((j, cut));
                // A cut at a part's start ends the piece with the part before it.
                if cut == parts[j].start() {
                    (j - 1, parts[j - 1].end())
                } else {
                    (j, cut)
                }
            }
            None => {
                from = None;
                (parts.len() - 1, parts[parts.len() - 1].end())
            }
        };
        Some(Piece { turn, parts: range.start + i..range.start + j + 1, start: byte, end: cut, whole: false })
    }))
}

/// Where the piece starting at byte `byte` of part `i` ends: the part and byte where
/// the next one starts, or `None` when the rest fits. The cut falls in the second half
/// of the chunk, at the last part boundary there, else at a sentence end, else at a
/// space, else between two characters; so every piece holds at least half a chunk.
fn next_cut(text: &str, parts: &[Part], i: usize, byte: usize) -> Option<(usize, usize)> {
    let mut taken = 0;
    let mut boundary = None;
    for (j, part) in parts.iter().enumerate().skip(i) {
        let start = if j == i { byte } else { part.start() };
        let len = part.end() - start;
        if taken + len <= CHUNK {
            taken += len;
            if taken >= CHUNK / 2 && j + 1 < parts.len() {
                boundary = Some((j + 1, parts[j + 1].start()));
            }
            continue;
        }
        if boundary.is_some() {
            return boundary;
        }
        let lo = start + (CHUNK / 2).saturating_sub(taken);
        let limit = start + (CHUNK - taken);
        return Some((j, cut_inside(text, lo, limit)));
    }
    None
}

/// A cut in `text[lo..limit]`, looking back from `limit`: after a sentence end or a line
/// break, else after a space, else at the character boundary at `limit`.
fn cut_inside(text: &str, lo: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    let window = lo..limit;
    let after = |pred: &dyn Fn(usize) -> bool| window.clone().rev().find(|&k| k > lo && pred(k)).map(|k| k + 1);
    let sentence_end =
        |k: usize| b[k] == b'\n' || (matches!(b[k], b'.' | b'!' | b'?') && b[k + 1].is_ascii_whitespace());
    let space = |k: usize| b[k] == b' ' || b[k] == b'\t';
    let bounded = |k: usize| k + 1 < b.len();
    after(&|k| bounded(k) && sentence_end(k))
        .or_else(|| after(&|k| space(k)))
        .unwrap_or_else(|| floor_char_boundary(text, limit).max(lo.min(limit)))
}

/// The pieces of every turn grouped into blocks of about [`BLOCK`] bytes and at most
/// [`BLOCK_PIECES`] pieces, in order.
pub fn blocks(conv: &Conversation) -> impl Iterator<Item = Vec<Piece>> + '_ {
    let mut all = pieces(conv, 0..conv.turns.len()).peekable();
    std::iter::from_fn(move || {
        let mut block = vec![];
        let mut bytes = 0;
        while bytes < BLOCK && block.len() < BLOCK_PIECES {
            let Some(p) = all.next() else { break };
            bytes += p.len(conv);
            block.push(p);
        }
        (!block.is_empty()).then_some(block)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read;

    fn conv(text: &str) -> Conversation {
        read("t.txt", text.as_bytes(), None).unwrap()
    }

    #[test]
    fn a_short_turn_is_one_whole_piece() {
        let c = conv("Ann: hello there\nBob: hi\n");
        let all: Vec<Piece> = pieces(&c, 0..c.turns.len()).collect();
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|p| p.whole));
    }

    #[test]
    fn a_long_turn_is_cut_at_sentence_ends_into_pieces_that_cover_it() {
        let sentence = "Take it or leave it, you always say that to everyone. ";
        let text = sentence.repeat(3 * CHUNK / sentence.len());
        let c = conv(&text);
        let all: Vec<Piece> = pieces(&c, 0..c.turns.len()).collect();
        assert!(all.len() >= 3, "{}", all.len());
        let mut buf = vec![];
        let mut pos = c.parts[0].start();
        for p in &all {
            assert!(!p.whole && p.len(&c) <= CHUNK && p.len(&c) >= CHUNK / 2 || p == all.last().unwrap());
            assert_eq!(p.start, pos, "pieces are contiguous");
            let parts = p.parts(&c, &mut buf);
            assert!(c.text[parts[0].range()].trim_start().starts_with("Take it"), "cut after a sentence end");
            pos = p.end;
        }
        assert_eq!(pos, c.parts[0].end());
    }

    #[test]
    fn text_without_spaces_is_cut_between_characters() {
        let text = "é".repeat(CHUNK);
        let c = conv(&text);
        let mut buf = vec![];
        let mut bytes = 0;
        for p in pieces(&c, 0..1) {
            let parts = p.parts(&c, &mut buf);
            bytes += parts.iter().map(|p| p.range().len()).sum::<usize>();
            assert!(parts.iter().all(|p| c.text.is_char_boundary(p.start()) && c.text.is_char_boundary(p.end())));
        }
        assert_eq!(bytes, text.len());
    }

    #[test]
    fn a_block_of_tiny_turns_holds_a_bounded_number_of_pieces() {
        let text: String = (0..3 * BLOCK_PIECES).map(|i| format!("P{}: ok\n", i % 7)).collect();
        let c = conv(&text);
        let sizes: Vec<usize> = blocks(&c).map(|b| b.len()).collect();
        assert_eq!(sizes, [BLOCK_PIECES; 3]);
        let prose = conv(&"Take it or leave it, you always say that to everyone.\n\n".repeat(2 * BLOCK / 56));
        assert!(blocks(&prose).all(|b| b.len() < BLOCK_PIECES), "a block of long turns is cut by bytes");
    }

    #[test]
    fn many_lines_are_cut_at_a_line() {
        let text = "a line of a message\n".repeat(2 * CHUNK / 20);
        let c = conv(&text);
        let mut buf = vec![];
        for p in pieces(&c, 0..1) {
            let parts = p.parts(&c, &mut buf);
            let text = &c.text[parts[0].start()..parts[parts.len() - 1].end()];
            assert!(text.starts_with("a line") && text.trim_end().ends_with("message"), "{text:?}");
        }
    }
}
