//! Decoding one MIME body part from the raw bytes of the file: transfer encoding
//! (quoted-printable, base64, none) and charset, keeping an anchor at every line (and
//! after every `=XX` escape) so the decoded text still points at the file. A base64
//! body cannot map exactly: all of it points at the first line of the part.

use std::ops::Range;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

use crate::input::derived::{At, Derived};
use crate::input::{Anchor, Anchors, Notice};
use crate::text::LineIndex;

/// The lines of `range` in `bytes`, without line endings.
fn lines_in(bytes: &[u8], range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    crate::text::lines(&bytes[range.clone()]).map(move |r| range.start + r.start..range.start + r.end)
}

/// How a part's body is encoded for transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transfer {
    Plain,
    QuotedPrintable,
    Base64,
}

/// A body part to decode: where it is, how it is encoded, its charset.
pub(crate) struct Part<'a> {
    pub range: Range<usize>,
    pub transfer: Transfer,
    pub charset: Option<&'a str>,
    /// The line of the part's header, where a warning about the part points: that is
    /// where the encoding and charset are declared.
    pub header_line: u32,
}

/// Decodes a part of `file` to text mapped to the file's lines.
pub(crate) fn decode(file: &[u8], lines: &LineIndex, part: &Part, notices: &mut Vec<Notice>) -> Derived {
    let first_line = lines.line(part.range.start);
    let (bytes, anchors) = match part.transfer {
        Transfer::Plain => plain(file, lines, part.range.clone()),
        Transfer::QuotedPrintable => quoted_printable(file, lines, part.range.clone()),
        Transfer::Base64 => {
            let (bytes, ok) = base64(&file[part.range.clone()]);
            if !ok {
                notices.push(Notice {
                    line: Some(part.header_line),
                    message: "broken base64 in a MIME part; decoded what could be".into(),
                });
            }
            let whole = At::whole(first_line);
            (bytes, Anchors::from(vec![Anchor::new(0, whole.line, whole.column, whole.exact)]))
        }
    };
    charset(bytes, anchors, part.charset, part.header_line, notices)
}

/// Anchors into decoded bytes (an anchor after every escape of a quoted-printable body,
/// a run of escapes held as one).
type ByteAnchors = Anchors;

/// An unencoded body: its lines as they are.
fn plain(file: &[u8], lines: &LineIndex, range: Range<usize>) -> (Vec<u8>, ByteAnchors) {
    let mut out = Vec::with_capacity(range.len());
    let mut anchors = Anchors::new();
    for r in lines_in(file, range) {
        anchors.push(Anchor::new(out.len(), lines.line(r.start), 1, true));
        out.extend_from_slice(&file[r]);
        out.push(b'\n');
    }
    (out, anchors)
}

/// Quoted-printable: `=XX` escapes, `=` at the end of a line joins it to the next.
fn quoted_printable(file: &[u8], lines: &LineIndex, range: Range<usize>) -> (Vec<u8>, ByteAnchors) {
    let mut out = Vec::with_capacity(range.len());
    let mut anchors = Anchors::new();
    for r in lines_in(file, range) {
        let line = lines.line(r.start);
        let raw = &file[r.clone()];
        let raw = &raw[..raw.len() - raw.iter().rev().take_while(|b| matches!(b, b' ' | b'\t')).count()];
        let (raw, soft) = match raw.strip_suffix(b"=") {
            Some(rest) => (rest, true),
            None => (raw, false),
        };
        anchors.push(Anchor::new(out.len(), line, 1, true));
        let mut i = 0;
        while i < raw.len() {
            let escaped = (raw[i] == b'=').then(|| raw.get(i + 1..i + 3).and_then(hex_byte)).flatten();
            match escaped {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    anchors.push(Anchor::new(out.len(), line, i as u32 + 1, true));
                }
                None => {
                    out.push(raw[i]);
                    i += 1;
                }
            }
        }
        if !soft {
            out.push(b'\n');
        }
    }
    (out, anchors)
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
}

/// Base64, ignoring white space; false when something had to be skipped.
fn base64(raw: &[u8]) -> (Vec<u8>, bool) {
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(raw.len() * 3 / 4);
    let (mut acc, mut bits, mut ok, mut ended) = (0u32, 0u32, true, false);
    for &b in raw {
        if b.is_ascii_whitespace() {
            continue;
        }
        if b == b'=' {
            ended = true;
            continue;
        }
        match value(b) {
            Some(v) if !ended => {
                acc = acc << 6 | u32::from(v);
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    out.push((acc >> bits) as u8);
                }
            }
            _ => ok = false,
        }
    }
    (out, ok)
}

/// Bytes in `charset` to text, carrying the anchors over. Valid UTF-8 (most mail)
/// becomes the text as it is, with its anchors: no copy of either.
fn charset(bytes: Vec<u8>, anchors: ByteAnchors, label: Option<&str>, line: u32, notices: &mut Vec<Notice>) -> Derived {
    let encoding = match label.map(str::trim).filter(|l| !l.is_empty()) {
        None => UTF_8,
        Some(l) => Encoding::for_label(l.as_bytes()).unwrap_or_else(|| {
            notices.push(Notice { line: Some(line), message: format!("unknown charset `{l}`, read as UTF-8") });
            UTF_8
        }),
    };
    let bytes = match encoding == UTF_8 && !bytes.starts_with(b"\xef\xbb\xbf") {
        true => match String::from_utf8(bytes) {
            Ok(text) => return Derived::decoded(text, anchors),
            Err(e) => e.into_bytes(),
        },
        false => bytes,
    };
    let mut decoder = encoding.new_decoder_with_bom_removal();
    // Decoded text is about as long as the bytes: room for it at once, not by doubling.
    let mut out = Derived::with_capacity(bytes.len(), 0);
    let mut piece = String::new();
    let mut errors = false;
    let mut it = anchors.iter().peekable();
    while let Some(a) = it.next() {
        let end = it.peek().map_or(bytes.len(), Anchor::text_offset);
        piece.clear();
        errors |= decode_into(&mut decoder, &bytes[a.text_offset()..end], &mut piece, it.peek().is_none());
        out.push(&piece, At { line: a.line(), column: a.column(), exact: a.exact() });
    }
    if errors {
        notices.push(Notice {
            line: Some(line),
            message: format!("invalid {} bytes, decoded with replacement characters", encoding.name()),
        });
    }
    out
}

/// Streams `src` through the decoder; true when bytes had to be replaced.
fn decode_into(decoder: &mut Decoder, mut src: &[u8], out: &mut String, last: bool) -> bool {
    let mut errors = false;
    loop {
        out.reserve(decoder.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3 + 16));
        let (result, read, had_errors) = decoder.decode_to_string(src, out, last);
        errors |= had_errors;
        src = &src[read..];
        if result == CoderResult::InputEmpty {
            return errors;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::derived::Source;

    fn decode_all(file: &[u8], transfer: Transfer, charset: Option<&str>) -> (Derived, Vec<Notice>) {
        let lines = LineIndex::new(file);
        let mut notices = vec![];
        let part = Part { range: 0..file.len(), transfer, charset, header_line: 1 };
        (decode(file, &lines, &part, &mut notices), notices)
    }

    #[test]
    fn quoted_printable_keeps_lines() {
        let file = b"Would it help if we move=\r\n two engineers=E2=80=99 time?\r\nYes =3D no\r\n";
        let (d, notices) = decode_all(file, Transfer::QuotedPrintable, Some("utf-8"));
        assert_eq!(d.text, "Would it help if we move two engineers\u{2019} time?\nYes = no\n");
        assert!(notices.is_empty());
        let src = Source::derived(&d);
        let two = d.text.find("two").unwrap();
        assert_eq!((src.at(two).line, src.at(two).column), (2, 2));
        let time = d.text.find("time").unwrap();
        assert_eq!((src.at(time).line, src.at(time).column), (2, 25));
        let yes = d.text.find("Yes").unwrap();
        assert_eq!(src.at(yes).line, 3);
    }

    #[test]
    fn charsets_and_base64() {
        let (d, _) = decode_all(b"caf\xe9 cr\xe8me\n", Transfer::Plain, Some("iso-8859-1"));
        assert_eq!(d.text, "café crème\n");
        let (d, notices) = decode_all(b"SGVsbG8sIHdvcmxk\nIQ==\n", Transfer::Base64, None);
        assert_eq!(d.text, "Hello, world!");
        assert!(notices.is_empty());
        let (_, notices) = decode_all(b"SGVsbG8*\n", Transfer::Base64, None);
        assert_eq!(notices.len(), 1);
        let (d, notices) = decode_all(b"hi\n", Transfer::Plain, Some("x-klingon"));
        assert_eq!((d.text.as_str(), notices.len()), ("hi\n", 1));
        let (_, notices) = decode_all(b"bad \xff\n", Transfer::Plain, Some("utf-8"));
        assert_eq!(notices.len(), 1);
    }
}
