//! Untrusted text in HTML. Everything that came from the input (turn text, speaker
//! names, paths, matched words) and from lexicons passes through [`Text`] or [`Plain`]:
//! the five markup characters are escaped, and control characters and bidi overrides
//! are shown as visible escapes (`\u{202e}`) so they can neither hide nor reorder text.

use std::fmt::{self, Display, Formatter};

use crate::report::sanitize::is_unsafe;

/// Text content: safe between tags. Line breaks and tabs are kept (the transcript is
/// laid out with `white-space: pre-wrap`); other unsafe characters become a visible
/// escape in a `<span class="ctl">`.
pub struct Text<'a>(pub &'a str);

/// Plain text for places that cannot hold markup: attribute values (always written in
/// double quotes) and SVG `<text>`/`<title>`. Like [`Text`], but line breaks and tabs
/// become spaces and the visible escapes are plain text.
pub struct Plain<'a>(pub &'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        escape(self.0, f, true)
    }
}

impl Display for Plain<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        escape(self.0, f, false)
    }
}

/// Writes `s` escaped, copying runs of ordinary characters in one go so 10 MB of text
/// costs one pass.
fn escape(s: &str, f: &mut Formatter<'_>, markup: bool) -> fmt::Result {
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let rep: Option<&str> = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            '\'' => Some("&#39;"),
            '\n' | '\t' if markup => None,
            '\n' | '\t' => Some(" "),
            c if is_unsafe(c) => Some(""),
            _ => None,
        };
        let Some(rep) = rep else { continue };
        f.write_str(&s[from..i])?;
        from = i + c.len_utf8();
        if !rep.is_empty() {
            f.write_str(rep)?;
        } else if markup {
            write!(f, "<span class=\"ctl\">{}</span>", visible(c))?;
        } else {
            f.write_str(&visible(c))?;
        }
    }
    f.write_str(&s[from..])
}

/// `\x1b`, `\u{202e}`: the same visible form as on the terminal.
fn visible(c: char) -> String {
    if (c as u32) < 0x100 {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{{{:x}}}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_shows_controls() {
        let cases = [
            ("plain words", "plain words"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("</style><b>", "&lt;/style&gt;&lt;b&gt;"),
            ("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"),
            ("two\nlines\ttab", "two\nlines\ttab"),
            ("bidi \u{202E}evil", "bidi <span class=\"ctl\">\\u{202e}</span>evil"),
            ("esc\x1b[2J", "esc<span class=\"ctl\">\\x1b</span>[2J"),
            (
                "isolate \u{2067}x\u{2069}",
                "isolate <span class=\"ctl\">\\u{2067}</span>x<span class=\"ctl\">\\u{2069}</span>",
            ),
            ("é ünïcode ✓", "é ünïcode ✓"),
        ];
        for (raw, want) in cases {
            assert_eq!(Text(raw).to_string(), want, "{raw:?}");
        }
    }

    #[test]
    fn attributes_never_carry_markup_or_line_breaks() {
        let cases = [
            ("x\" onmouseover=\"alert(1)", "x&quot; onmouseover=&quot;alert(1)"),
            ("javascript:alert('x')", "javascript:alert(&#39;x&#39;)"),
            ("two\nlines", "two lines"),
            ("rlo\u{202E}", "rlo\\u{202e}"),
        ];
        for (raw, want) in cases {
            assert_eq!(Plain(raw).to_string(), want, "{raw:?}");
        }
    }
}
