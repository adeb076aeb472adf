//! Untrusted text on a terminal: control characters, escape sequences and bidi
//! overrides from the input are shown visibly escaped, never emitted raw.

use std::borrow::Cow;

/// True for characters that must never reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `text` with every unsafe character replaced by a visible escape (`\x1b`, `\u{202e}`);
/// line breaks and tabs become spaces so a finding stays on its line.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        let cases = [
            ("plain text", "plain text"),
            ("a\x1b]0;owned\x07b", "a\\x1b]0;owned\\x07b"),
            ("clear\x1b[2J", "clear\\x1b[2J"),
            ("back\x08space", "back\\x08space"),
            ("cr\rhere", "cr\\rhere"),
            ("two\nlines\tand tab", "two lines and tab"),
            ("bidi \u{202E}evil", "bidi \\u{202e}evil"),
            ("c1 \u{9b}31m", "c1 \\x9b31m"),
        ];
        for (raw, want) in cases {
            assert_eq!(sanitize(raw), want, "{raw:?}");
        }
    }
}
