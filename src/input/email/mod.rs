//! Email: one `.eml` message, or a whole mbox, parsed with mail-parser. The author
//! (display name, else address) is the speaker. The text body is decoded here from the
//! raw bytes (quoted-printable, base64, charsets; HTML-only bodies turned into text) so
//! that every line still points at the file. Quoted replies and signatures are not the
//! author's words: left out, or brought back as quoted turns with `include_quoted`.

mod body;
pub(crate) mod mbox;
mod quote;

use std::ops::Range;

use mail_parser::{Encoding as MimeEncoding, MessageParser, MessagePart, MimeHeaders, PartType};

use super::derived::{Derived, Source};
use super::paragraphs::Paragraphs;
use super::{Conversation, Kind, Notice};
use crate::text::{LineIndex, Part};
use body::Transfer;
use quote::{Line, Role};

/// Reads one email message.
pub fn read(path: &str, bytes: &[u8], include_quoted: bool) -> Conversation {
    let lines = LineIndex::new(bytes);
    let mut thread = Thread::new(include_quoted);
    match message(bytes, 0..bytes.len(), &lines) {
        Some(mail) => thread.add(mail),
        None => thread.notices.push(Notice { line: None, message: "not an email message".into() }),
    }
    let mut conv = thread.finish(path);
    conv.kind = Kind::Message;
    conv
}

/// True when the text starts with mail headers: `From:` and at least one other.
pub fn looks_like(head: &str) -> bool {
    let mut names = vec![];
    for line in head.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        names.push(name.to_ascii_lowercase());
    }
    let known = ["to", "subject", "date", "message-id", "mime-version", "received", "return-path", "cc", "reply-to"];
    names.iter().any(|n| n == "from") && names.iter().any(|n| known.contains(&n.as_str()))
}

/// One message, decoded.
pub(crate) struct Mail {
    author: Option<String>,
    /// Seconds since the epoch, when the message has a date.
    pub date: Option<i64>,
    body: Derived,
    /// Stretches of `body` an HTML body put in quotes.
    quoted: Vec<Range<usize>>,
    notices: Vec<Notice>,
}

/// Parses the message in `file[range]`.
pub(crate) fn message(file: &[u8], range: Range<usize>, lines: &LineIndex) -> Option<Mail> {
    let msg = MessageParser::default().parse(&file[range.clone()])?;
    let author = msg.from().and_then(|a| a.first()).and_then(|a| {
        let name = a.name().map(str::trim).filter(|n| !n.is_empty());
        name.or(a.address()).map(|n| n.trim_matches('"').to_string())
    });
    let mut mail = Mail {
        author,
        date: msg.date().map(|d| d.to_timestamp()),
        body: Derived::default(),
        quoted: vec![],
        notices: vec![],
    };
    // What each body part needs, taken before mail-parser's message (which holds every
    // body decoded once more) is dropped: the bodies are decoded again from the file,
    // line by line, so the text keeps pointing at it.
    let specs: Vec<PartSpec> = body_parts(&msg)
        .iter()
        .filter_map(|&id| msg.parts.get(id as usize))
        .filter_map(|part| PartSpec::of(part, range.start, file.len()))
        .collect();
    let no_text = msg.text_body.is_empty();
    drop(msg);
    for spec in &specs {
        mail.body.end_block();
        add_part(&mut mail, file, lines, spec);
    }
    if no_text {
        let line = lines.line(range.start);
        mail.notices.push(Notice { line: Some(line), message: "a message without a text body".into() });
    }
    Some(mail)
}

/// A text part of a message: where its header and body are, how it is encoded.
struct PartSpec {
    header: usize,
    body: Range<usize>,
    broken: bool,
    transfer: Transfer,
    charset: Option<String>,
    html: bool,
}

impl PartSpec {
    /// The spec of a text or HTML part at `base` in a file of `len` bytes.
    fn of(part: &MessagePart, base: usize, len: usize) -> Option<PartSpec> {
        let html = match &part.body {
            PartType::Text(_) => false,
            PartType::Html(_) => true,
            _ => return None,
        };
        // The header, not mail-parser's verdict: it reports no encoding when decoding failed.
        let header = part.content_transfer_encoding().map(|e| e.trim().to_ascii_lowercase());
        let transfer = match (header.as_deref(), part.encoding) {
            (Some("base64"), _) | (_, MimeEncoding::Base64) => Transfer::Base64,
            (Some("quoted-printable"), _) | (_, MimeEncoding::QuotedPrintable) => Transfer::QuotedPrintable,
            _ => Transfer::Plain,
        };
        Some(PartSpec {
            header: base + part.offset_header as usize,
            body: base + part.offset_body as usize..(base + part.offset_end as usize).min(len),
            broken: part.is_encoding_problem,
            transfer,
            charset: part.content_type().and_then(|c| c.attribute("charset")).map(str::to_string),
            html,
        })
    }
}

/// The parts that make up the body, in order: mail-parser's text body, plus plain text
/// parts shown inline (no file name, not an attachment) that it files as attachments.
fn body_parts(msg: &mail_parser::Message) -> Vec<u32> {
    let mut ids = msg.text_body.clone();
    ids.extend(msg.attachments.iter().copied().filter(|&id| {
        msg.parts.get(id as usize).is_some_and(|p| {
            let named = p.attachment_name().is_some();
            let attached = p.content_disposition().is_some_and(|d| d.is_attachment());
            matches!(p.body, PartType::Text(_)) && !named && !attached
        })
    }));
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Decodes one text part into the mail's body.
fn add_part(mail: &mut Mail, file: &[u8], lines: &LineIndex, spec: &PartSpec) {
    let header_line = lines.line(spec.header);
    if spec.broken {
        mail.notices.push(Notice { line: Some(header_line), message: "a broken MIME part; read what could be".into() });
    }
    let part =
        body::Part { range: spec.body.clone(), transfer: spec.transfer, charset: spec.charset.as_deref(), header_line };
    let decoded = body::decode(file, lines, &part, &mut mail.notices);
    let offset = mail.body.text.len();
    if spec.html {
        let converted = super::html::to_text(&Source::derived(&decoded));
        drop(decoded);
        mail.quoted.extend(converted.quoted.into_iter().map(|r| r.start + offset..r.end + offset));
        mail.body.append(converted.text);
    } else {
        mail.body.append(decoded);
    }
}

/// A turn to be: the speaker's name, its parts, whether it is quoted.
type TurnSpec = (Option<String>, Vec<Part>, bool);

/// The turns of a classified body whose lines start at `base` in `text`: the author's
/// lines as one turn, split around quoted turns when those are included.
fn body_turns(
    text: &str,
    lines: Vec<Line>,
    base: usize,
    author: Option<String>,
    include_quoted: bool,
) -> Vec<TurnSpec> {
    fn flush(turns: &mut Vec<TurnSpec>, paragraphs: &mut Paragraphs, speaker: &Option<String>, quoted: bool) {
        if !paragraphs.is_empty() {
            turns.push((speaker.clone(), paragraphs.take(), quoted));
        }
    }
    let mut turns = vec![];
    let mut own = Paragraphs::default();
    let mut quoted = Paragraphs::default();
    let mut quoted_by: Option<String> = None;
    for line in lines {
        let range = base + line.range.start..base + line.range.end;
        match line.role {
            Role::Author => {
                flush(&mut turns, &mut quoted, &quoted_by, true);
                own.line(text, range);
            }
            Role::Quoted(by) if include_quoted => {
                if by != quoted_by {
                    flush(&mut turns, &mut quoted, &quoted_by, true);
                    quoted_by = by;
                }
                flush(&mut turns, &mut own, &author, false);
                quoted.line(text, range);
            }
            _ => {
                own.hard_break();
                quoted.hard_break();
            }
        }
    }
    flush(&mut turns, &mut quoted, &quoted_by, true);
    flush(&mut turns, &mut own, &author, false);
    turns
}

/// A plain-text message that carries a quoted reply (a draft piped from a mail client)
/// keeps only the author's words, like an email; other plain text is left alone.
pub(crate) fn plain_reply(conv: &mut Conversation, include_quoted: bool) {
    if conv.kind != Kind::Message || !conv.speakers.is_empty() || conv.source_map != super::SourceMap::Identity {
        return;
    }
    if !quote::may_quote(&conv.text) {
        return;
    }
    let lines = quote::classify(&conv.text, &[]);
    if !lines.iter().any(|l| matches!(l.role, Role::Quoted(_))) {
        return;
    }
    conv.turns.clear();
    conv.parts.clear();
    for (speaker, parts, quoted) in body_turns(&conv.text, lines, 0, None, include_quoted) {
        let id = speaker.map(|s| conv.speaker_id(&s));
        conv.push_turn(id, parts, quoted, false);
    }
}

/// Messages gathered into one conversation: their bodies in one text, the author's
/// words as turns.
pub(crate) struct Thread {
    include_quoted: bool,
    text: Derived,
    turns: Vec<TurnSpec>,
    notices: Vec<Notice>,
}

impl Thread {
    pub fn new(include_quoted: bool) -> Self {
        Thread { include_quoted, text: Derived::default(), turns: vec![], notices: vec![] }
    }

    /// Adds a message: the author's lines as one turn (split around quoted text when
    /// quoted text is included).
    pub fn add(&mut self, mail: Mail) {
        self.notices.extend(mail.notices);
        self.text.end_block();
        let base = self.text.text.len();
        let lines = quote::classify(&mail.body.text, &mail.quoted);
        self.text.append(mail.body);
        let turns = body_turns(&self.text.text, lines, base, mail.author, self.include_quoted);
        self.turns.extend(turns);
    }

    /// The conversation of everything added.
    pub fn finish(self, path: &str) -> Conversation {
        let mut conv = Conversation::new(path, String::new());
        let (text, map) = self.text.into_parts();
        conv.text = text;
        conv.source_map = map;
        conv.notices = self.notices;
        for (speaker, parts, quoted) in self.turns {
            let id = speaker.map(|s| conv.speaker_id(&s));
            conv.push_turn(id, parts, quoted, false);
        }
        conv.settle_kind();
        conv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(c: &Conversation) -> Vec<(Option<&str>, bool, String)> {
        c.turns
            .iter()
            .map(|t| {
                let text: Vec<&str> = c.parts_of(t).iter().map(|p| &c.text[p.range()]).collect();
                (c.speaker_name(t.speaker()), t.quoted(), text.join("|"))
            })
            .collect()
    }

    const REPLY: &[u8] = b"From: \"Chris Moreau\" <chris@example.org>\r\nTo: alex@example.org\r\nSubject: Re: Q3\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi Alex, could we move=\r\n two engineers?\r\n\r\nOn Tue, 3 Nov 2026, Alex Dunn <alex@example.org> wrote:\r\n> Last chance.\r\n";

    #[test]
    fn reads_the_author_only() {
        let c = read("r.eml", REPLY, false);
        assert_eq!(c.kind, Kind::Message);
        assert_eq!(turns(&c), [(Some("Chris Moreau"), false, "Hi Alex, could we move two engineers?".into())]);
        let two = c.text.find("two").unwrap();
        assert_eq!(c.locator().cursor().locate(two), (8, 2));
    }

    #[test]
    fn brings_quotes_back_when_asked() {
        let c = read("r.eml", REPLY, true);
        assert_eq!(c.kind, Kind::Message);
        assert_eq!(turns(&c)[1], (Some("Alex Dunn"), true, "Last chance.".into()));
    }

    #[test]
    fn html_only_and_broken_input() {
        let html = b"From: billing@example.com\nSubject: x\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPHA+UGF5IG5vdzwvcD4=\n";
        let c = read("h.eml", html, false);
        assert_eq!(turns(&c), [(Some("billing@example.com"), false, "Pay now".into())]);
        assert_eq!(c.locator().cursor().locate(c.text.find("now").unwrap()), (6, 1));
        for junk in [&b""[..], b"\xff\xfe\x00", b"From: a\n\n", b"Content-Type: multipart/mixed; boundary=x\n\n--x\n"] {
            let _ = read("j.eml", junk, true);
        }
    }

    #[test]
    fn plain_drafts_lose_their_quoted_reply() {
        let text = "Would Friday work for you?\n\nOn Tue, Alex <a@x> wrote:\n> Take it or leave it.\n";
        let mut c = crate::input::plain::read("d.txt", text.into());
        plain_reply(&mut c, false);
        assert_eq!(turns(&c), [(None, false, "Would Friday work for you?".into())]);
        let mut c = crate::input::plain::read("d.txt", text.into());
        plain_reply(&mut c, true);
        assert_eq!(turns(&c)[1], (Some("Alex"), true, "Take it or leave it.".into()));
        assert_eq!(c.kind, Kind::Message);
        let mut plain = crate::input::plain::read("p.txt", "Thanks,\nPat\n".into());
        plain_reply(&mut plain, false);
        assert_eq!(turns(&plain), [(None, false, "Thanks,\nPat\n".into())], "no quote, untouched");
    }

    #[test]
    fn sniffs_headers() {
        assert!(looks_like("From: a@b\nTo: c@d\nSubject: hi\n\nbody"));
        assert!(!looks_like("From: a@b\n\nbody"));
        assert!(!looks_like("Ann: hi\nBob: hello"));
    }
}
