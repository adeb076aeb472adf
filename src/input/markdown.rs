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

/// The prose of a Markdown text as parts, each block starting with a hard break.
fn prose(text: &str) -> Vec<Part> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut parts: Vec<Part> = vec![];
    let mut skip = 0u32;
    let mut new_block = true;
    // Whether each open link hides its text (an autolink shows its target).
    let mut links: Vec<bool> = vec![];
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
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
                add(&mut parts, text, range, new_block);
                new_block = false;
            }
            _ => {}
        }
    }
    parts
}

/// Adds a text run, joined to the previous one when only spaces part them (the parser
/// splits runs at some punctuation, and a part boundary would split a word).
fn add(parts: &mut Vec<Part>, text: &str, range: Range<usize>, new_block: bool) {
    let range = super::paragraphs::trim_range(text, range);
    if range.is_empty() {
        return;
    }
    let touches = |last: &Part| {
        last.range.end <= range.start && text[last.range.end..range.start].bytes().all(|b| b == b' ' || b == b'\t')
    };
    match parts.last_mut() {
        Some(last) if !new_block && touches(last) => last.range.end = range.end,
        _ => parts.push(Part { range, hard_break: new_block }),
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
        prose(md).into_iter().map(|p| (md[p.range].to_string(), p.hard_break)).collect()
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

    #[test]
    fn touching_runs_join() {
        assert_eq!(texts("don't [stop] me_now"), [("don't [stop] me_now".to_string(), true)]);
    }
}
