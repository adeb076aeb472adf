//! Markdown (CommonMark with tables and footnotes, via pulldown-cmark). Prose is what a
//! reader reads: paragraphs, headings, list items, table cells, quotes. Front matter,
//! code (fenced, indented, inline), HTML and its comments, link targets, autolinks and
//! image descriptions are not. Every block is its own stretch of text, so a sentence
//! never runs from a heading into the paragraph below. The text is the file itself.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::text::Part;

use super::Conversation;

/// Reads a Markdown document as a single-author message.
pub fn read(path: &str, text: String) -> Conversation {
    let mut conv = Conversation::new(path, text);
    let parts = prose(&conv.text);
    conv.push_turn(None, parts, false, false);
    conv.settle_kind();
    conv
}

/// The prose of a Markdown text as parts, each block starting with a hard break. A
/// large document is parsed a chunk at a time (see [`chunks`]): the parser builds a tree
/// of all its input first, several times the size of a list's text.
fn prose(text: &str) -> Vec<Part> {
    let mut parts: Vec<Part> = vec![];
    for chunk in chunks(text, CHUNK) {
        prose_of(text, chunk, &mut parts);
    }
    parts
}

/// A document up to this size is parsed whole; a larger one in chunks about this size.
const CHUNK: usize = 1 << 20;

/// Adds the prose of `text[chunk]`, a run of whole top-level blocks.
fn prose_of(text: &str, chunk: Range<usize>, parts: &mut Vec<Part>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut skip = 0u32;
    let mut new_block = true;
    // Whether each open link hides its text (an autolink shows its target).
    let mut links: Vec<bool> = vec![];
    let base = chunk.start;
    for (event, range) in Parser::new_ext(&text[chunk], options).into_offset_iter() {
        let range = base + range.start..base + range.end;
        match event {
            Event::Start(Tag::Link { link_type, .. }) => {
                let hidden = matches!(link_type, LinkType::Autolink | LinkType::Email);
                skip += u32::from(hidden);
                links.push(hidden);
            }
            Event::End(TagEnd::Link) => skip -= u32::from(links.pop().unwrap_or(false)),
            Event::Start(tag) if hides(&tag) => skip += 1,
            Event::End(tag) if ends_hidden(tag) => skip = skip.saturating_sub(1),
            Event::Start(tag) if is_block(&tag) => new_block = true,
            Event::End(tag) if ends_block(tag) => new_block = true,
            Event::Text(_) if skip == 0 => {
                add(parts, text, range, new_block);
                new_block = false;
            }
            _ => {}
        }
    }
}

/// Byte ranges covering `text`, each at least `size` bytes but the last, cut only
/// before a line that starts a new top-level block whatever came before: a line at
/// column 0 after a blank line, or a bullet item at column 0, outside a fenced code
/// block or a raw HTML block that may hold blank lines, and not `---` or `+++` (front
/// matter at the start of a chunk).
fn chunks(text: &str, size: usize) -> Vec<Range<usize>> {
    let mut out = vec![];
    let mut start = 0;
    let mut open: Option<Closer> = None;
    let mut after_blank = false;
    for r in crate::text::lines(text) {
        let line = &text[r.clone()];
        let blank = line.trim().is_empty();
        let cuttable = !line.starts_with(char::is_whitespace) && !line.starts_with("---") && !line.starts_with("+++");
        // A bullet at column 0 starts an item of a top-level list even without a blank
        // line before it (a long tight list); cut there, it starts a new list.
        let bullet = line.len() > 2
            && line.as_bytes()[1] == b' '
            && matches!(line.as_bytes()[0], b'-' | b'*' | b'+')
            && !line[2..].trim().is_empty();
        if open.is_none() && (after_blank && !blank && cuttable || bullet) && r.start - start >= size {
            out.push(start..r.start);
            start = r.start;
        }
        open = match open {
            Some(c) => (!c.closes(line)).then_some(c),
            None => Closer::opened_by(line),
        };
        after_blank = blank;
    }
    out.push(start..text.len());
    out
}

/// What ends a block that may hold blank lines: a code fence, or the end marker of a
/// raw HTML block (script, pre, style, textarea, comment, processing instruction,
/// declaration, CDATA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    Fence(u8, usize),
    Marker(&'static str),
}

impl Closer {
    /// The block a top-level line opens, if it is one of these and does not close on
    /// the same line.
    fn opened_by(line: &str) -> Option<Closer> {
        let t = top_level(line)?;
        let run = |c: u8| t.bytes().take_while(|&b| b == c).count();
        for fence in [b'`', b'~'] {
            let n = run(fence);
            if n >= 3 && !(fence == b'`' && t[n..].contains('`')) {
                return Some(Closer::Fence(fence, n));
            }
        }
        let lower = t[..crate::text::floor_char_boundary(t, 12)].to_ascii_lowercase();
        let raw_tag = ["script", "pre", "style", "textarea"].into_iter().find(|tag| {
            let after = lower.strip_prefix('<').and_then(|r| r.strip_prefix(tag));
            after.is_some_and(|a| a.is_empty() || a.starts_with([' ', '\t', '>']))
        });
        let marker = match raw_tag {
            Some("script") => "</script>",
            Some("pre") => "</pre>",
            Some("style") => "</style>",
            Some(_) => "</textarea>",
            None if lower.starts_with("<!--") => "-->",
            None if lower.starts_with("<![cdata[") => "]]>",
            None if lower.starts_with("<?") => "?>",
            None if lower.starts_with("<!") && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) => ">",
            None => return None,
        };
        let closer = Closer::Marker(marker);
        (!closer.closes(&t[1..])).then_some(closer)
    }

    /// Whether `line` ends the block.
    fn closes(self, line: &str) -> bool {
        match self {
            Closer::Fence(c, n) => top_level(line).is_some_and(|t| {
                let run = t.bytes().take_while(|&b| b == c).count();
                run >= n && t[run..].trim().is_empty()
            }),
            Closer::Marker(m) => line.to_ascii_lowercase().contains(m),
        }
    }
}

/// A line without the up to three spaces a top-level block may be indented by; `None`
/// when it is indented more (code, or a list item's content).
fn top_level(line: &str) -> Option<&str> {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    (spaces <= 3 && !line[spaces..].starts_with('\t')).then(|| &line[spaces..])
}

/// Adds a text run, joined to the previous one when only spaces part them (the parser
/// splits runs at some punctuation, and a part boundary would split a word).
fn add(parts: &mut Vec<Part>, text: &str, range: Range<usize>, new_block: bool) {
    let range = super::paragraphs::trim_range(text, range);
    if range.is_empty() {
        return;
    }
    let touches = |last: &Part| {
        last.end() <= range.start && text[last.end()..range.start].bytes().all(|b| b == b' ' || b == b'\t')
    };
    match parts.last_mut() {
        Some(last) if !new_block && touches(last) => last.set_end(range.end),
        _ => parts.push(Part::new(range, new_block)),
    }
}

/// Elements whose text is not prose.
fn hides(tag: &Tag) -> bool {
    matches!(tag, Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock | Tag::Image { .. })
}

fn ends_hidden(tag: TagEnd) -> bool {
    matches!(tag, TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock | TagEnd::Image)
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::Item
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

fn ends_block(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(String, bool)> {
        prose(md).into_iter().map(|p| (md[p.range()].to_string(), p.hard_break())).collect()
    }

    #[test]
    fn prose_only() {
        let md = "---\ntitle: Take it or leave it\n---\n\n# Leave policy\n\n<!-- take it or leave it -->\n\nAsk your *manager* first,\nthen HR.\n\n```\nPay now or else.\n```\n\n    indented code\n\n- one item\n- two `code` items\n\nSee [the form](https://x.example/or-else) or <https://y.example>.\n\n| a | b |\n|---|---|\n| c | d |\n";
        let got = texts(md);
        let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            words,
            [
                "Leave policy",
                "Ask your",
                "manager",
                "first,",
                "then HR.",
                "one item",
                "two",
                "items",
                "See",
                "the form",
                "or",
                ".",
                "a",
                "b",
                "c",
                "d"
            ]
        );
        let breaks: Vec<&str> = got.iter().filter(|(_, b)| *b).map(|(t, _)| t.as_str()).collect();
        assert_eq!(breaks, ["Leave policy", "Ask your", "one item", "two", "See", "a", "b", "c", "d"]);
    }

    /// Blocks that hold blank lines and lines at column 0, which a cut must not split.
    const TRICKY: &str = "Intro paragraph,\nwrapped.\n- one\n- two\n\n  more of two\n\n- three\nlazy line\n- four\n  - nested\n- five\n\n* * *\n\n+ plus\n\n```\ncode\n\nTake it or leave it.\n```\n\n~~~~ text\n\nor else\n~~~~~\n\n<!--\n\nhidden note\n-->\n\n<script>\n\nvar a = 'pay now';\n</script>\n\n<pre>\n\nfixed text\n</pre>\n\n> quoted\n\n> again\n\n    indented code\n\nTable | x\n--- | ---\nc | d\n\n# Heading\n\n---\n\nAfter the rule.\n\n[^1]: A note.\n\n    Its second paragraph.\n\n";

    #[test]
    fn a_large_document_is_parsed_in_chunks_with_the_same_prose() {
        let doc = format!("---\ntitle: x\n---\n\n{}", TRICKY.repeat(40));
        let whole = {
            let mut parts = vec![];
            prose_of(&doc, 0..doc.len(), &mut parts);
            parts
        };
        for size in [1, 64, 1000] {
            let cuts = chunks(&doc, size);
            assert!(cuts.len() > 10, "{size}: {} chunks", cuts.len());
            let mut parts = vec![];
            for c in cuts {
                prose_of(&doc, c, &mut parts);
            }
            let text = |ps: &[Part]| ps.iter().map(|p| (&doc[p.range()], p.hard_break())).collect::<Vec<_>>();
            assert_eq!(text(&parts), text(&whole), "chunks of {size}");
        }
        let hidden = |t: &str| whole.iter().any(|p| doc[p.range()].contains(t));
        assert!(!hidden("Take it or leave it") && !hidden("or else") && !hidden("hidden note") && !hidden("pay now"));
        assert!(hidden("more of two") && hidden("After the rule") && hidden("Its second paragraph"));
    }

    #[test]
    fn chunks_cover_the_text_and_cut_only_at_block_starts() {
        let doc = TRICKY.repeat(10);
        let cuts = chunks(&doc, 1);
        assert_eq!(cuts.first().map(|c| c.start), Some(0));
        assert_eq!(cuts.last().map(|c| c.end), Some(doc.len()));
        for pair in cuts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            let line = doc[pair[1].start..].lines().next().unwrap();
            let bullet = ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b));
            assert!(doc[..pair[1].start].ends_with("\n\n") || bullet, "after a blank line or at a bullet: {line:?}");
            assert!(
                !["code", "or else", "hidden note", "var a", "fixed text", "---"].iter().any(|t| line.starts_with(t)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn touching_runs_join() {
        assert_eq!(texts("don't [stop] me_now"), [("don't [stop] me_now".to_string(), true)]);
    }
}
