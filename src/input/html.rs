//! HTML to text, keeping the map to the original lines. Tags go, block elements end a
//! paragraph, `<br>` ends a line, scripts, styles, templates and code are dropped, and
//! common entities are decoded. Text inside `<blockquote>` and the quote wrappers of
//! Gmail and Yahoo is marked, so an HTML email's quoted reply can be told apart.

use std::ops::Range;

use super::derived::{Derived, Source};
use super::paragraphs::parts_of_lines;
use super::Conversation;

/// Elements whose content is never prose.
const HIDDEN: &[&str] = &["script", "style", "template", "code", "svg", "math", "noscript", "object", "iframe"];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "label",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
];

/// Reads an HTML document as a single-author message.
pub fn read(path: &str, text: String) -> Conversation {
    let converted = {
        let src = Source::file(&text);
        to_text(&src).text
    };
    let mut conv = Conversation::new(path, String::new());
    let (text, map) = converted.into_parts();
    conv.text = text;
    conv.source_map = map;
    let parts = parts_of_lines(&conv.text, 0..conv.text.len());
    conv.push_turn(None, parts, false, false);
    conv.settle_kind();
    conv
}

/// HTML turned into text.
#[derive(Debug, Default)]
pub(crate) struct HtmlText {
    /// The text, a blank line between blocks.
    pub text: Derived,
    /// Stretches of `text` inside quotes of an earlier message.
    pub quoted: Vec<Range<usize>>,
}

/// Converts HTML to text.
pub(crate) fn to_text(src: &Source) -> HtmlText {
    let mut c =
        Converter { src, out: HtmlText::default(), quote_depth: 0, quote_start: 0, divs: 0, quote_divs: vec![] };
    let s = src.text;
    // Text runs from `pos`; the next tag is looked for from `search`, past every `<`
    // that starts no tag (which stays text, copied with the run it is in).
    let (mut pos, mut search) = (0, 0);
    while let Some(lt) = memchr::memchr(b'<', &s.as_bytes()[search..]).map(|i| search + i) {
        match tag_at(s, lt) {
            Some(tag) => {
                c.text(pos..lt);
                pos = c.tag(&tag);
                search = pos;
            }
            None => search = lt + 1,
        }
    }
    c.text(pos..s.len());
    c.close_quote_if(true);
    c.out
}

/// A tag: its name (lowercase), whether it closes, its attributes and where it ends.
struct TagAt<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    end: usize,
}

/// The markup starting at `lt`: a comment, a declaration or a tag.
fn tag_at(s: &str, lt: usize) -> Option<TagAt<'_>> {
    let rest = &s[lt..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        let end = comment.find("-->").map_or(s.len(), |i| lt + 4 + i + 3);
        return Some(TagAt { name: "!--".into(), closing: false, attrs: "", end });
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = rest.find('>').map_or(s.len(), |i| lt + i + 1);
        return Some(TagAt { name: "!".into(), closing: false, attrs: "", end });
    }
    let closing = rest[1..].starts_with('/');
    let name_start = lt + 1 + usize::from(closing);
    let name_len = s[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(s.len() - name_start);
    if name_len == 0 || !s.as_bytes()[name_start].is_ascii_alphabetic() {
        return None;
    }
    let attrs_start = name_start + name_len;
    let end = attrs_end(s, attrs_start);
    let name = s[name_start..attrs_start].to_ascii_lowercase();
    Some(TagAt { name, closing, attrs: &s[attrs_start..end.min(s.len())], end: (end + 1).min(s.len()) })
}

/// Where the attributes starting at `from` end: at the first `>` outside a quoted
/// attribute value. As in a browser, a quote opens a value only after `=` (`<p don't>`
/// is a tag), and a tag still open at the end of the input takes the rest with it, so
/// nothing is scanned twice.
fn attrs_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(j) = memchr::memchr2(b'>', b'=', &b[i..]).map(|j| i + j) {
        if b[j] == b'>' {
            return j;
        }
        let value = j + 1 + b[j + 1..].iter().take_while(|c| c.is_ascii_whitespace()).count();
        i = match b.get(value) {
            Some(&q @ (b'"' | b'\'')) => match memchr::memchr(q, &b[value + 1..]) {
                Some(k) => value + 1 + k + 1,
                None => return s.len(),
            },
            _ => value,
        };
    }
    s.len()
}

struct Converter<'s, 'a> {
    src: &'s Source<'a>,
    out: HtmlText,
    quote_depth: u32,
    quote_start: usize,
    /// Open `<div>`s, to find where a quote wrapper ends.
    divs: u32,
    /// The `divs` level at which each open quote wrapper started.
    quote_divs: Vec<u32>,
}

impl Converter<'_, '_> {
    /// Handles a tag and returns where the text after it starts.
    fn tag(&mut self, tag: &TagAt) -> usize {
        let s = self.src.text;
        let name = tag.name.as_str();
        if !tag.closing && HIDDEN.contains(&name) && !tag.attrs.trim_end().ends_with('/') {
            return find_close(s, tag.end, name);
        }
        if name == "br" {
            self.out.text.end_line();
        } else if BLOCKS.contains(&name) {
            self.out.text.end_block();
        }
        match (name, tag.closing) {
            ("blockquote", false) => self.open_quote(),
            ("blockquote", true) => self.close_quote(),
            ("div", false) => {
                self.divs += 1;
                if is_quote_wrapper(tag.attrs) {
                    self.quote_divs.push(self.divs);
                    self.open_quote();
                }
            }
            ("div", true) => {
                if self.quote_divs.last() == Some(&self.divs) {
                    self.quote_divs.pop();
                    self.close_quote();
                }
                self.divs = self.divs.saturating_sub(1);
            }
            _ => {}
        }
        tag.end
    }

    fn open_quote(&mut self) {
        if self.quote_depth == 0 {
            self.quote_start = self.out.text.text.len();
        }
        self.quote_depth += 1;
    }

    fn close_quote(&mut self) {
        self.close_quote_if(self.quote_depth == 1);
        self.quote_depth = self.quote_depth.saturating_sub(1);
    }

    fn close_quote_if(&mut self, last: bool) {
        let end = self.out.text.text.len();
        if last && self.quote_depth > 0 && end > self.quote_start {
            self.out.quoted.push(self.quote_start..end);
        }
    }

    /// Copies a run of text, decoding entities. White space that only indents the
    /// markup is dropped.
    fn text(&mut self, range: Range<usize>) {
        let s = self.src.text;
        let mut start = range.start;
        let at_line_start = self.out.text.text.is_empty() || self.out.text.text.ends_with('\n');
        if at_line_start {
            start += s[range.clone()].len() - s[range.clone()].trim_start().len();
        } else if s[range.clone()].trim().is_empty() {
            if !range.is_empty() {
                self.out.text.push_synthetic(" ");
            }
            return;
        }
        // Verbatim text is copied from `pos` up to each entity decoded; an `&` that
        // starts none stays in the run (one copy, one anchor, however many there are).
        let (mut pos, mut search) = (start, start);
        while let Some(amp) = memchr::memchr(b'&', &s.as_bytes()[search..range.end]).map(|i| search + i) {
            let Some((decoded, len)) = entity(&s[amp..range.end]) else {
                search = amp + 1;
                continue;
            };
            self.out.text.copy(self.src, pos..amp);
            let mut buf = [0u8; 4];
            self.out.text.push(decoded.encode_utf8(&mut buf), self.src.at(amp));
            pos = amp + len;
            search = pos;
        }
        self.out.text.copy(self.src, pos..range.end);
    }
}

/// Where the text after `</name>` starts (the end of the input when it never closes).
/// Looks only from `from` to the close, without copying: each hidden element costs its
/// own length, however many there are.
fn find_close(s: &str, from: usize, name: &str) -> usize {
    let b = s.as_bytes();
    let close = memchr::memmem::find_iter(&b[from..], b"</")
        .map(|i| from + i)
        .find(|&i| b.get(i + 2..i + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes())));
    match close {
        Some(i) => memchr::memchr(b'>', &b[i..]).map_or(s.len(), |j| i + j + 1),
        None => s.len(),
    }
}

/// Gmail and Yahoo wrap the quoted message in a `<div>` with a telling class.
fn is_quote_wrapper(attrs: &str) -> bool {
    let a = attrs.to_ascii_lowercase();
    a.contains("gmail_quote") || a.contains("yahoo_quoted")
}

/// Named entities common in real mail and pages; others stay as written.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("rsquo", '\u{2019}'),
    ("lsquo", '\u{2018}'),
    ("rdquo", '\u{201D}'),
    ("ldquo", '\u{201C}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("hellip", '\u{2026}'),
    ("copy", '\u{A9}'),
    ("reg", '\u{AE}'),
    ("trade", '\u{2122}'),
    ("euro", '\u{20AC}'),
    ("pound", '\u{A3}'),
    ("yen", '\u{A5}'),
    ("cent", '\u{A2}'),
    ("deg", '\u{B0}'),
    ("middot", '\u{B7}'),
    ("bull", '\u{2022}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("shy", '\u{AD}'),
    ("eacute", '\u{E9}'),
    ("egrave", '\u{E8}'),
    ("agrave", '\u{E0}'),
    ("aacute", '\u{E1}'),
    ("ccedil", '\u{E7}'),
    ("ouml", '\u{F6}'),
    ("uuml", '\u{FC}'),
    ("auml", '\u{E4}'),
    ("szlig", '\u{DF}'),
    ("ntilde", '\u{F1}'),
];

/// Decodes the entity at the start of `s`: the character and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace()).unwrap_or(char::REPLACEMENT_CHARACTER)
    } else {
        ENTITIES.iter().find(|(n, _)| *n == name)?.1
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(html: &str) -> (String, Vec<String>) {
        let src = Source::file(html);
        let out = to_text(&src);
        let quoted = out.quoted.iter().map(|r| out.text.text[r.clone()].trim().to_string()).collect();
        (out.text.text, quoted)
    }

    #[test]
    fn text_only() {
        let (text, _) = convert(
            "<!DOCTYPE html><html><head><title>Notice</title><style>p{x:1}</style>\n<script>var a = '<p>';</script></head>\n<body>\n  <h1>Final&nbsp;notice</h1>\n  <p>Pay <b>now</b> or\n  we&rsquo;ll act.<br>Thanks &amp; bye</p><!-- secret --><p>a < b <code>x</code></p></body></html>",
        );
        assert_eq!(text, "Notice\n\nFinal notice\n\nPay now or\n  we’ll act.\nThanks & bye\n\na < b \n\n");
    }

    #[test]
    fn maps_back_to_lines() {
        let html = "<html>\n<body>\n<p>Pay now\nor &ldquo;else&rdquo;</p>\n</body>\n</html>\n";
        let src = Source::file(html);
        let out = to_text(&src);
        let d = Source::derived(&out.text);
        let or = out.text.text.find("or").unwrap();
        assert_eq!((d.at(or).line, d.at(or).column), (4, 1));
        let els = out.text.text.find("else").unwrap();
        assert_eq!((d.at(els).line, d.at(els).column), (4, 11));
    }

    #[test]
    fn marks_quotes() {
        let (_, quoted) = convert(
            "<div dir=ltr>Sounds good.</div><div class=\"gmail_quote\"><div>On Tue, Alex wrote:</div><blockquote>Last chance.</blockquote></div><p>After</p>",
        );
        assert_eq!(quoted, ["On Tue, Alex wrote:\n\nLast chance."]);
    }

    #[test]
    fn tags_end_as_in_a_browser() {
        let cases = [
            ("<p don't>Fine</p>", "Fine"),
            ("<a title='x > y'>Fine</a>", "Fine"),
            ("<a title = \"x > y\">Fine</a>", "Fine"),
            ("a < b and a<3 <b>stay</b>", "a < b and a<3 stay"),
            ("Fine <img alt=\"never closed> Lost", "Fine"),
            ("<SCRIPT>x</Script >Fine<ScRiPt>y", "Fine"),
            ("Fine<code>y</cod>z</CODE>!", "Fine!"),
        ];
        for (html, want) in cases {
            assert_eq!(convert(html).0.trim(), want, "{html}");
        }
    }

    #[test]
    fn survives_garbage() {
        for s in ["<", "<a", "<!--", "<script>", "&#xFFFFFFFF;", "&#0;", "<p class='x>y", "</div></div><blockquote>"] {
            let _ = convert(s);
        }
    }
}
