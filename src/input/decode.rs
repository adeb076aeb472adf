//! Bytes to text: byte-order marks, UTF-16, invalid UTF-8 (decoded lossily with a
//! notice naming the line) and binary files (refused, like ripgrep does).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::Notice;

/// How many leading bytes decide whether a file is binary.
const SNIFF: usize = 64 * 1024;

/// Why bytes could not become text.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Looks like a binary file (NUL-heavy or mostly control bytes).
    Binary,
}

/// Decodes file contents to UTF-8 text, with notices for anything lossy.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<Notice>), DecodeError> {
    let mut notices = vec![];
    if let Some(text) = decode_utf16(bytes) {
        notices.push(Notice { line: None, message: "decoded from UTF-16".into() });
        return Ok((text, notices));
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    // Valid UTF-8 (almost every file) is checked by the fast validator and copied once.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), notices));
    }
    let text = match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(s) => s.to_string(),
        Cow::Owned(s) => {
            notices.extend(invalid_lines(bytes));
            s
        }
    };
    Ok((text, notices))
}

/// Lines with invalid UTF-8 named one by one, up to this many; the rest in one notice.
const MAX_LINE_NOTICES: usize = 10;

/// A notice for each line holding invalid UTF-8: the first [`MAX_LINE_NOTICES`] by
/// line, then one saying how many more lines and which was the last, so a file that is
/// invalid on every line still gets a handful of messages.
fn invalid_lines(bytes: &[u8]) -> Vec<Notice> {
    const MESSAGE: &str = "invalid UTF-8, decoded with replacement characters";
    let mut notices = vec![];
    let lines = crate::text::LineIndex::new(bytes);
    let (mut offset, mut last_bad, mut more) = (0usize, 0u32, 0usize);
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        let line = lines.line(offset);
        offset += chunk.invalid().len();
        if chunk.invalid().is_empty() || line == last_bad {
            continue;
        }
        last_bad = line;
        if notices.len() < MAX_LINE_NOTICES {
            notices.push(Notice { line: Some(line), message: MESSAGE.into() });
        } else {
            more += 1;
        }
    }
    if more > 0 {
        notices.push(Notice {
            line: Some(last_bad),
            message: format!("invalid UTF-8 on {more} more lines, the last here; decoded with replacement characters"),
        });
    }
    notices
}

/// What [`decode_owned`] made of the bytes.
pub enum Owned {
    /// Valid UTF-8: the bytes are the text, with nothing to report.
    Text(String),
    /// Anything else, untouched, for [`decode`].
    Other(Vec<u8>),
}

/// [`decode`] without a copy for the common case: valid UTF-8 that is not binary
/// becomes the text as it is.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Owned, DecodeError> {
    if matches!(bytes[..], [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]) {
        return Ok(Owned::Other(bytes));
    }
    if looks_binary(&bytes) {
        return Err(DecodeError::Binary);
    }
    Ok(String::from_utf8(bytes).map_or_else(|e| Owned::Other(e.into_bytes()), Owned::Text))
}

/// UTF-16 with a byte-order mark, decoded by encoding_rs (unpaired surrogates and a
/// trailing odd byte become replacement characters).
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, bom) = Encoding::for_bom(bytes).filter(|&(e, _)| e != UTF_8)?;
    Some(encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned())
}

/// A file is binary when its first bytes hold many NULs or control bytes that text
/// never has. A stray NUL in a text file does not make it binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.is_empty() {
        return false;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
    let nuls = head.iter().filter(|&&b| b == 0).count();
    let invalid = match std::str::from_utf8(head) {
        Ok(_) => 0,
        Err(_) => String::from_utf8_lossy(head).matches(char::REPLACEMENT_CHARACTER).count(),
    };
    nuls * 100 > head.len() * 5 || controls * 100 > head.len() * 10 || invalid * 100 > head.len() * 30
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode(b"plain").unwrap().0, "plain");
        let (t, n) = decode(b"Rick: ok \xff\xfe\nSue: \xfa").unwrap();
        assert!(t.contains('\u{FFFD}'));
        assert_eq!(n[0].line, Some(1));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Ann: hi".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16).unwrap().0, "Ann: hi");
        assert_eq!(decode(&(0..=255u8).cycle().take(16384).collect::<Vec<_>>()), Err(DecodeError::Binary));
        assert!(decode(b"Ann: hello\x00 world\nBob: fine\n").is_ok());
        assert_eq!(decode(b"").unwrap().0, "");
    }

    #[test]
    fn decodes_utf16_of_either_byte_order() {
        let units = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        let le =
            |u: &[u16]| [0xFF, 0xFE].into_iter().chain(u.iter().flat_map(|u| u.to_le_bytes())).collect::<Vec<u8>>();
        let be =
            |u: &[u16]| [0xFE, 0xFF].into_iter().chain(u.iter().flat_map(|u| u.to_be_bytes())).collect::<Vec<u8>>();
        let text = "Ann: caf\u{e9} \u{1F600}\r\nBob: ok";
        for bytes in [le(&units(text)), be(&units(text))] {
            let (got, notices) = decode(&bytes).unwrap();
            assert_eq!((got.as_str(), notices[0].message.as_str()), (text, "decoded from UTF-16"));
        }
        // An unpaired surrogate is replaced, and the text after it kept.
        let broken = [units("a"), vec![0xD800], units("b")].concat();
        assert_eq!(decode(&le(&broken)).unwrap().0, "a\u{FFFD}b");
        assert_eq!(decode(&be(&broken)).unwrap().0, "a\u{FFFD}b");
    }

    #[test]
    fn every_line_with_invalid_utf8_is_named_up_to_a_bound() {
        let lines = |bytes: &[u8]| -> Vec<Option<u32>> { decode(bytes).unwrap().1.iter().map(|n| n.line).collect() };
        assert_eq!(lines(b"ok\nbad \xff\nok\nbad \xfe and \xfa\n\xff"), [Some(2), Some(4), Some(5)]);
        // Lines end as everywhere else: a lone carriage return ends one too.
        assert_eq!(lines(b"ok\rbad \xff\r\nok \xfe"), [Some(2), Some(3)]);
        let many: Vec<u8> = (0..1000).flat_map(|_| b"Ann: caf\xe9 time\n".iter().copied()).collect();
        let (_, notices) = decode(&many).unwrap();
        assert_eq!(notices.len(), MAX_LINE_NOTICES + 1);
        assert_eq!(notices[MAX_LINE_NOTICES].line, Some(1000));
        assert!(notices[MAX_LINE_NOTICES].message.contains("on 990 more lines"), "{:?}", notices.last());
    }
}
