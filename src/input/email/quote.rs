//! Telling the author's words from everyone else's in an email body: quoted reply text
//! (`>` lines, an `On … wrote:` header, Outlook's `-----Original Message-----` or
//! `From: … Sent: …` block, HTML blockquotes), signatures after `-- `, phone footers and
//! sign-off blocks (`Thanks,` and a name, title and phone number).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Whose words a line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// The author's own words.
    Author,
    /// Someone else's words, quoted; the name of who wrote them when the reply says.
    Quoted(Option<String>),
    /// Neither: a signature, a sign-off, a reply header.
    Dropped,
    /// An empty line: a paragraph break.
    Blank,
}

/// A classified line: its text range (quote markers left out) and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub range: Range<usize>,
    pub role: Role,
}

const WROTE: &str = r"(wrote|a écrit|schrieb|escribió|schreef|ha scritto|escreveu|skrev|napisał)\s*:\s*$";

static ATTRIBUTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s*(on|le|am|el|op|il|em|den|w dniu)\s.*\b{WROTE}")).expect("valid"));
static WROTE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?i)\b{WROTE}")).expect("valid"));
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale)\s*-{2,}|begin forwarded message:|_{10,})\s*$",
    )
    .expect("valid")
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\*?(from|sent|date|to|cc|subject|von|gesendet|an|betreff|de|envoyé|à|objet|enviado|para|asunto)\s*:\*?\s*(.*)$")
        .expect("valid")
});
static PHONE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(sent from my \w+|sent from (outlook|mail|yahoo mail|gmail)\b.*|get outlook for \w+.*|sent via \w+.*)\s*$")
        .expect("valid")
});

/// Valedictions that open a sign-off block (compared lowercase, without the comma).
const VALEDICTIONS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks so much",
    "thank you so much",
    "thanks again",
    "many thanks",
    "thanks in advance",
    "thanks and regards",
    "thx",
    "ta",
    "cheers",
    "best",
    "best regards",
    "kind regards",
    "kindest regards",
    "warm regards",
    "warmest regards",
    "regards",
    "all the best",
    "best wishes",
    "warmly",
    "sincerely",
    "yours sincerely",
    "sincerely yours",
    "yours truly",
    "yours faithfully",
    "respectfully",
    "take care",
    "talk soon",
    "speak soon",
    "with thanks",
    "love",
    "mit freundlichen grüßen",
    "viele grüße",
    "cordialement",
    "bien à vous",
    "saludos",
    "un saludo",
];

/// The longest sign-off block after a valediction, in lines, and its longest line.
const SIGN_OFF_LINES: usize = 6;
const SIGN_OFF_WIDTH: usize = 90;

/// Classifies every line of a body. `html_quoted` are stretches that an HTML body put
/// in a blockquote.
pub(crate) fn classify(text: &str, html_quoted: &[Range<usize>]) -> Vec<Line> {
    // The lines as slices of `text`; a line's range is where its slice lies in `text`
    // (one list, not two, for a body of millions of lines).
    let lines: Vec<&str> = crate::text::lines(text).map(|r| &text[r]).collect();
    let range_of = |line: &str| {
        let start = line.as_ptr() as usize - text.as_ptr() as usize;
        start..start + line.len()
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut state = State::Normal;
    let mut quoted_by: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let (line, range) = (lines[i], range_of(lines[i]));
        let in_html_quote = contains(html_quoted, range.start);
        if let Some(n) = attribution(&lines[i..]) {
            quoted_by = quoted_name(&lines[i..i + n].join(" "));
            push_dropped(&mut out, lines[i..i + n].iter().map(|l| range_of(l)));
            if state == State::Signature {
                state = State::Normal;
            }
            i += n;
            continue;
        }
        if let Some(n) = outlook_header(&lines[i..]) {
            quoted_by = HEADER.captures(line).map(|c| clean_name(&c[2]));
            push_dropped(&mut out, lines[i..i + n].iter().map(|l| range_of(l)));
            state = State::Forwarded;
            i += n;
            continue;
        }
        if may_be_separator(line) && SEPARATOR.is_match(line) {
            push_dropped(&mut out, [range]);
            state = State::Forwarded;
            i += 1;
            continue;
        }
        let role = if line.trim().is_empty() {
            Role::Blank
        } else if state == State::Forwarded || in_html_quote {
            Role::Quoted(quoted_by.clone())
        } else if line.starts_with(">From ") {
            // mbox escapes a `From ` at the start of a line; it is the author's text.
            out.push(Line { range: range.start + 1..range.end, role: Role::Author });
            i += 1;
            continue;
        } else if line.trim_start().starts_with('>') {
            if state == State::Signature {
                state = State::Normal;
            }
            out.push(Line { range: strip_quote_marks(text, range), role: Role::Quoted(quoted_by.clone()) });
            i += 1;
            continue;
        } else if state == State::Signature {
            Role::Dropped
        } else if matches!(line.trim_end(), "--" | "-- " | "—")
            || (may_be_phone_footer(line) && PHONE_FOOTER.is_match(line))
        {
            state = State::Signature;
            Role::Dropped
        } else {
            Role::Author
        };
        out.push(Line { range, role });
        i += 1;
    }
    drop_sign_offs(text, &mut out);
    out
}

/// Whether one of `ranges` (in order, not overlapping) holds `pos`: a binary search,
/// as an HTML body may hold many quotes and many lines.
fn contains(ranges: &[Range<usize>], pos: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= pos);
    after > 0 && ranges[after - 1].contains(&pos)
}

/// Whether any line of `text` could be quoted text (a `>` line, a forwarding separator
/// or an Outlook header), in one pass holding nothing per line: most plain text has
/// none, and then [`classify`] need not run.
pub(crate) fn may_quote(text: &str) -> bool {
    crate::text::lines(text).any(|r| {
        let line = &text[r];
        let t = line.trim_start();
        let header_start = matches!(t.trim_start_matches('*').chars().next(), Some('f' | 'F' | 'v' | 'V' | 'd' | 'D'));
        (t.starts_with('>') && !line.starts_with(">From "))
            || (may_be_separator(line) && SEPARATOR.is_match(line))
            || (header_start && line.contains(':') && HEADER.is_match(line))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// After `-- ` or a phone footer, until quoted text starts.
    Signature,
    /// After an Outlook header or a forwarding separator: the rest is someone else's.
    Forwarded,
}

fn push_dropped(out: &mut Vec<Line>, ranges: impl IntoIterator<Item = Range<usize>>) {
    out.extend(ranges.into_iter().map(|range| Line { range, role: Role::Dropped }));
}

/// The number of lines of an `On … wrote:` header starting here (it may wrap over up
/// to three lines), or a lone `… wrote:` line right before quoted text.
fn attribution(lines: &[&str]) -> Option<usize> {
    let first = lines[0];
    if first.trim().is_empty() || first.trim_start().starts_with('>') {
        return None;
    }
    for n in 1..=3.min(lines.len()) {
        if lines[n - 1].trim().is_empty() {
            break;
        }
        if may_be_attribution(&lines[..n]) && ATTRIBUTION.is_match(&lines[..n].join(" ")) {
            return Some(n);
        }
    }
    let next = lines[1..].iter().find(|l| !l.trim().is_empty());
    (first.contains(':')
        && WROTE_END.is_match(first)
        && first.len() < 200
        && next.is_some_and(|l| l.trim_start().starts_with('>')))
    .then_some(1)
}

/// The number of lines of an Outlook `From: … Sent: … To: … Subject: …` block
/// starting here.
fn outlook_header(lines: &[&str]) -> Option<usize> {
    let is = |l: &str, names: &[&str]| {
        l.contains(':') && HEADER.captures(l).is_some_and(|c| names.contains(&c[1].to_lowercase().as_str()))
    };
    let first = lines[0].trim_start().trim_start_matches('*').chars().next();
    if !matches!(first, Some('f' | 'F' | 'v' | 'V' | 'd' | 'D')) || !is(lines[0], &["from", "von", "de"]) {
        return None;
    }
    let block: Vec<&str> = lines.iter().take(8).take_while(|l| !l.trim().is_empty()).copied().collect();
    let sent = block.iter().any(|l| is(l, &["sent", "date", "gesendet", "envoyé", "enviado"]));
    let to = block.iter().any(|l| is(l, &["to", "subject", "an", "betreff", "à", "objet", "para", "asunto"]));
    (sent && to).then_some(block.len())
}

// Cheap tests a line must pass before a regex above can match it: most lines of a
// draft fail them, so the regexes (which take milliseconds to compile) are compiled
// only for mail that needs them. Each is implied by its regex; `(?i)` folds `s` to
// `ſ` as well as `S`, and no other letter tested here has such a fold.

/// `SEPARATOR` starts with dashes, `begin forwarded message:` or underscores.
fn may_be_separator(line: &str) -> bool {
    matches!(line.trim_start().chars().next(), Some('-' | '_' | 'b' | 'B'))
}

/// `PHONE_FOOTER` starts with `sent` or `get`.
fn may_be_phone_footer(line: &str) -> bool {
    let head: String = line.trim_start().chars().take(4).flat_map(char::to_lowercase).collect();
    let head = head.replace('ſ', "s");
    head.starts_with("sent") || head.starts_with("get")
}

/// `ATTRIBUTION` ends in `…:` and starts with `on`, `le`, `am`, `el`, `op`, `il`, `em`,
/// `den` or `w dniu`.
fn may_be_attribution(lines: &[&str]) -> bool {
    let first = lines[0].trim_start().chars().next();
    matches!(first, Some('o' | 'O' | 'l' | 'L' | 'a' | 'A' | 'e' | 'E' | 'i' | 'I' | 'd' | 'D' | 'w' | 'W'))
        && lines.iter().any(|l| l.contains(':'))
}

/// Who wrote the quoted text, from `On Tue, 3 Nov 2026, Alex Dunn <alex@…> wrote:`.
fn quoted_name(attribution: &str) -> Option<String> {
    let m = WROTE_END.find(attribution)?;
    let before = attribution[..m.start()].trim_end();
    let who = before.rsplit(", ").next().unwrap_or(before);
    let name = clean_name(who);
    (!name.is_empty()).then_some(name)
}

/// `"Alex Dunn" <alex@example.org>` → `Alex Dunn`; a bare address stays.
fn clean_name(s: &str) -> String {
    let s = s.trim().trim_matches('*').trim();
    let (name, address) = match s.find(['<', '[']) {
        Some(i) => (s[..i].trim(), s[i + 1..].trim_end_matches(['>', ']']).trim_start_matches("mailto:")),
        None => (s, ""),
    };
    let name = name.trim_matches(['"', '\'', ' ']);
    if name.is_empty() {
        address.trim().to_string()
    } else {
        name.to_string()
    }
}

/// The line without its `>` markers.
fn strip_quote_marks(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let rest = s.trim_start_matches(['>', ' ', '\t']);
    range.end - rest.len()..range.end
}

/// Drops a sign-off block: a valediction (`Thanks,`) followed by a few short author
/// lines (name, title, phone) before the end of the author's text.
fn drop_sign_offs(text: &str, lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].role != Role::Author || !is_valediction(&text[lines[i].range.clone()]) {
            i += 1;
            continue;
        }
        let end = lines[i + 1..]
            .iter()
            .position(|l| !matches!(l.role, Role::Author | Role::Blank))
            .map_or(lines.len(), |p| i + 1 + p);
        let tail: Vec<&Line> = lines[i + 1..end].iter().filter(|l| l.role == Role::Author).collect();
        let short = tail.iter().all(|l| text[l.range.clone()].trim().chars().count() <= SIGN_OFF_WIDTH);
        if tail.len() <= SIGN_OFF_LINES && short {
            for l in &mut lines[i..end] {
                if l.role == Role::Author {
                    l.role = Role::Dropped;
                }
            }
        }
        i = end.max(i + 1);
    }
}

fn is_valediction(line: &str) -> bool {
    let t = line.trim().trim_end_matches([',', '.', '!', '—', '-']).trim().to_lowercase();
    VALEDICTIONS.contains(&t.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each line with a one-letter role: a(uthor), q(uoted), d(ropped).
    fn roles(text: &str) -> Vec<String> {
        classify(text, &[])
            .into_iter()
            .filter(|l| l.role != Role::Blank)
            .map(|l| {
                let tag = match &l.role {
                    Role::Author => "a".to_string(),
                    Role::Quoted(by) => format!("q({})", by.as_deref().unwrap_or("")),
                    Role::Dropped => "d".to_string(),
                    Role::Blank => unreachable!(),
                };
                format!("{tag} {}", &text[l.range])
            })
            .collect()
    }

    #[test]
    fn gmail_reply_with_signature() {
        let text = "Hi Alex,\n\nWould it help?\n\nChris\n-- \nChris Moreau | Lead\n\nOn Tue, 3 Nov 2026 at 18:02, Alex Dunn <alex@example.org> wrote:\n> Last chance.\n> > Older.\n";
        assert_eq!(
            roles(text),
            [
                "a Hi Alex,",
                "a Would it help?",
                "a Chris",
                "d -- ",
                "d Chris Moreau | Lead",
                "d On Tue, 3 Nov 2026 at 18:02, Alex Dunn <alex@example.org> wrote:",
                "q(Alex Dunn) Last chance.",
                "q(Alex Dunn) Older."
            ]
        );
    }

    #[test]
    fn wrapped_attribution_and_inline_replies() {
        let text = "On Tue, 3 Nov 2026 at 18:02, Alex Dunn\n<alex@example.org> wrote:\n> Can you do Friday?\nYes, Friday works.\n> And the budget?\nLet's talk Monday.\n";
        assert_eq!(
            roles(text),
            [
                "d On Tue, 3 Nov 2026 at 18:02, Alex Dunn",
                "d <alex@example.org> wrote:",
                "q(Alex Dunn) Can you do Friday?",
                "a Yes, Friday works.",
                "q(Alex Dunn) And the budget?",
                "a Let's talk Monday."
            ]
        );
    }

    #[test]
    fn outlook_blocks_quote_the_rest() {
        let text = "Fine by me.\n\nSent from my iPhone\n\n________________________________\nFrom: Dunn, Alex <alex@example.org>\nSent: Tuesday, 3 November 2026 18:02\nTo: Chris\nSubject: Q3\n\nThis is your last chance.\n";
        assert_eq!(
            roles(text),
            [
                "a Fine by me.",
                "d Sent from my iPhone",
                "d ________________________________",
                "d From: Dunn, Alex <alex@example.org>",
                "d Sent: Tuesday, 3 November 2026 18:02",
                "d To: Chris",
                "d Subject: Q3",
                "q(Dunn, Alex) This is your last chance."
            ]
        );
        let original = "Ok.\n-----Original Message-----\nFrom: Alex\nSent: Monday\nTo: Chris\n\nOr else.\n";
        assert_eq!(roles(original).last().unwrap(), "q(Alex) Or else.");
    }

    #[test]
    fn sign_offs() {
        let text = "Thanks for the numbers.\nLet me know what works.\n\nBest regards,\nChris Moreau\nPlatform Lead\n+44 20 7946 0000\n";
        assert_eq!(
            roles(text),
            [
                "a Thanks for the numbers.",
                "a Let me know what works.",
                "d Best regards,",
                "d Chris Moreau",
                "d Platform Lead",
                "d +44 20 7946 0000"
            ]
        );
        let opener = "Thanks,\n\nI looked at it.\nOne.\nTwo.\nThree.\nFour.\nFive.\nSix.\nSeven.\n";
        assert!(roles(opener).iter().all(|l| l.starts_with("a ")));
    }

    #[test]
    fn html_quotes() {
        let text = "Sounds good.\n\nLast chance.\n";
        let quoted = [Range { start: 14, end: 27 }];
        let got = classify(text, &quoted);
        assert_eq!(got[0].role, Role::Author);
        assert_eq!(got[2].role, Role::Quoted(None));
    }
}
