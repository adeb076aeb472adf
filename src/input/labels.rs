//! Speaker labels, shared by the plain, Otter, WebVTT and SRT readers: `Name: text`,
//! `[00:01:02] Name: text`, `Name (00:01): text`; which labels name a person or a role
//! rather than a field of a document (`Subject`, `Note`, `Room`); and speaker names
//! normalised to single spaces.

use std::ops::Range;

use super::timestamp::Timestamp;

/// The longest speaker label, in characters.
const MAX_LABEL: usize = 40;

/// Labels that name a field of a document, not a person.
const FIELDS: &[&str] = &[
    "time",
    "date",
    "room",
    "note",
    "notes",
    "subject",
    "from",
    "to",
    "cc",
    "bcc",
    "re",
    "fw",
    "fwd",
    "sent",
    "location",
    "where",
    "when",
    "agenda",
    "attendees",
    "present",
    "absent",
    "apologies",
    "action",
    "actions",
    "action items",
    "summary",
    "status",
    "owner",
    "priority",
    "title",
    "author",
    "ps",
    "p.s",
    "nb",
    "n.b",
    "tel",
    "phone",
    "mobile",
    "email",
    "e-mail",
    "web",
    "website",
    "url",
    "http",
    "https",
    "address",
    "ref",
    "reference",
    "deadline",
    "due",
    "warning",
    "error",
    "tip",
    "important",
    "update",
    "result",
    "results",
    "total",
    "example",
    "purpose",
    "scope",
    "policy",
    "definitions",
    "effective",
    "effective date",
    "applies to",
    "background",
    "context",
    "objective",
    "goal",
    "goals",
    "outcome",
    "decision",
    "decisions",
    "next steps",
    "risks",
    "issue",
    "problem",
    "solution",
    "requirements",
    "overview",
    "description",
    "details",
    "comments",
    "feedback",
    "reason",
    "version",
    "updated",
    "last updated",
    "category",
    "tags",
    "type",
    "cost",
    "price",
    "budget",
    "contact",
    "hours",
    "venue",
    "dial-in",
    "meeting",
    "project",
    "team",
    "department",
    "step",
    "caution",
    "fact",
    "question",
    "answer",
    "response",
    "translation",
    "source",
    "via",
];

/// A labelled line: the speaker and where the spoken text starts.
pub(super) struct Label<'a> {
    pub name: &'a str,
    pub text_start: usize,
}

/// Parses `[00:01:02] Name: text`, `00:01:02 Name: text`, `Name (00:01): text`.
pub(super) fn label(text: &str, line: Range<usize>) -> Option<Label<'_>> {
    let s = &text[line.clone()];
    let body = s.trim_start_matches('\u{FEFF}').trim_start();
    let body = skip_timestamp(body).trim_start_matches([' ', '-', '\t']);
    let colon = label_colon(body)?;
    let name = body[..colon].trim();
    let name = strip_trailing_timestamp(name);
    let after = &body[colon + 1..];
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() || !is_name(name) || is_value(after.trim()) {
        return None;
    }
    let text_start = line.start + (s.len() - after.len()) + (after.len() - after.trim_start().len());
    Some(Label { name, text_start })
}

/// The first `:` outside brackets (`Tom (00:03): …`).
fn label_colon(body: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in body.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' if depth <= 0 => return Some(i),
            _ if i > MAX_LABEL * 4 => return None,
            _ => {}
        }
    }
    None
}

pub(super) fn is_name(label: &str) -> bool {
    // The common case, one plain word ("Erin"): every test below passes but the last.
    if !label.is_empty() && label.len() <= MAX_LABEL && label.bytes().all(|b| b.is_ascii_alphabetic()) {
        return !is_field(label);
    }
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL {
        return false;
    }
    if !label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '\u{2019}' | '-' | '_' | '(' | ')' | '&' | ','))
    {
        return false;
    }
    // "Rachel (café owner)", "Agent (Lisa)": the words outside brackets decide.
    let name = match label.find('(') {
        Some(open) if label.trim_end().ends_with(')') => label[..open].trim(),
        _ => label,
    };
    let mut words = name.split_whitespace();
    let Some(first) = words.next() else { return false };
    let more = words.clone().count();
    if more > 3 || !first.starts_with(char::is_alphabetic) {
        return false;
    }
    // Several words make a name ("Ana de la Cruz") or a role ("Shift lead"), never a
    // phrase: "The reason is simple:" has function words and a lowercase start.
    if more > 0
        && (first.starts_with(char::is_lowercase)
            || name.split_whitespace().any(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str())))
    {
        return false;
    }
    !is_field(name)
}

/// True for a label that names a field (`Subject`, `Note`) or a link. Every field is
/// ASCII, so an ASCII label is compared without lowercasing it into a new string (this
/// runs on every line of a transcript).
fn is_field(name: &str) -> bool {
    if !name.is_ascii() {
        let lower = name.to_lowercase();
        return FIELDS.contains(&lower.as_str()) || lower.starts_with("http");
    }
    let is_http = name.as_bytes().get(..4).is_some_and(|h| h.eq_ignore_ascii_case(b"http"));
    match packed_field(name) {
        Some(key) => field_keys().binary_search(&key).is_ok() || is_http,
        None => is_http,
    }
}

/// An ASCII label of at most 16 bytes, lowercased and zero-padded into one number (no
/// field is longer, and none holds a zero byte: a test says so).
fn packed_field(name: &str) -> Option<u128> {
    if name.as_bytes().contains(&0) {
        return None;
    }
    let mut buf = [0u8; 16];
    buf.get_mut(..name.len())?.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    Some(u128::from_be_bytes(buf))
}

/// [`FIELDS`] packed and sorted, for a binary search.
fn field_keys() -> &'static [u128] {
    static KEYS: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u128> = FIELDS.iter().filter_map(|f| packed_field(f)).collect();
        keys.sort_unstable();
        keys
    })
}

/// Words that make a label a phrase rather than a name or a role.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "is", "are", "was", "were", "be", "to", "and", "or", "for", "in", "on", "at", "that", "this",
    "it", "we", "you", "i", "my", "our", "your", "with", "as", "by", "from", "if", "but", "so", "not", "here", "there",
    "what", "why", "how", "when", "who", "which", "do", "does", "did", "have", "has", "will",
];

/// A value like `10:00`, `4`, `£20` is a field's value, not speech.
fn is_value(after: &str) -> bool {
    after.chars().all(|c| !c.is_alphabetic())
}

/// Skips a leading `[00:01:02]`, `(00:01)` or `00:01:02.500`.
fn skip_timestamp(s: &str) -> &str {
    let t = s.trim_start_matches(['[', '(']);
    let len = Timestamp::len_at_start(t);
    if len == 0 {
        return s;
    }
    t[len..].trim_start_matches([']', ')']).trim_start()
}

/// `Name [00:01:02]` → `Name`.
fn strip_trailing_timestamp(name: &str) -> &str {
    if let Some(open) = name.rfind(['[', '(']) {
        let inner = name[open + 1..].trim_end_matches([']', ')']);
        if Timestamp::is_whole(inner) {
            return name[..open].trim_end();
        }
    }
    name
}

/// `name` with its white space made single spaces: ` Ana\tRuiz ` → `Ana Ruiz`.
pub(super) fn normalise_name(name: &str) -> String {
    normalised_name(name).into_owned()
}

/// [`normalise_name`], borrowing the name when it is already normal: most names are
/// single words or words with one space between them.
pub(super) fn normalised_name(name: &str) -> std::borrow::Cow<'_, str> {
    if has_plain_spaces(name) {
        return name.into();
    }
    name.split_whitespace().collect::<Vec<_>>().join(" ").into()
}

/// An ASCII name whose only white space is single spaces between words, in one pass
/// over its bytes (this runs on every line of a transcript).
fn has_plain_spaces(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut space_before = true;
    for &b in bytes {
        let space = b == b' ';
        if !b.is_ascii() || (space && space_before) || (!space && (b as char).is_whitespace()) {
            return false;
        }
        space_before = space;
    }
    !space_before || bytes.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_labels() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Rick: hello", Some("Rick")),
            ("[00:01:02] Ana Lopez: hello", Some("Ana Lopez")),
            ("00:01:02.500 Ana: hello", Some("Ana")),
            ("Tom (00:03): hello", Some("Tom")),
            ("P3: ok", Some("P3")),
            ("Time: 10:00", None),
            ("Room: 4", None),
            ("Note: bring laptops", None),
            ("https://example.com: hi", None),
            ("The reason is simple: price", None),
            ("Rick:no space", None),
            ("10:30: meeting", None),
            ("Rachel (café owner): hi", Some("Rachel (café owner)")),
            ("Regional manager (Duncan): right", Some("Regional manager (Duncan)")),
            ("Shift lead: ok", Some("Shift lead")),
            ("Ana de la Cruz: hola", Some("Ana de la Cruz")),
            ("So here is the thing: no", None),
        ];
        for (line, want) in cases {
            let got = label(line, 0..line.len()).map(|l| l.name);
            assert_eq!(got, *want, "{line:?}");
        }
    }

    #[test]
    fn fields_are_lowercase_ascii_as_is_field_assumes() {
        for f in FIELDS {
            assert!(f.is_ascii() && f.to_lowercase() == *f && f.len() <= 16 && !f.contains('\0'), "{f}");
        }
        assert!(is_field("SUBJECT") && is_field("Https") && is_field("e-Mail") && !is_field("Ana"));
        for f in FIELDS {
            assert!(is_field(f) && is_field(&f.to_uppercase()), "{f}");
            let longer = format!("{f}x");
            assert!(!is_field(&longer) || f.starts_with("http") || FIELDS.contains(&longer.as_str()), "{longer}");
        }
    }

    #[test]
    fn names_are_normalised_to_single_spaces() {
        for (name, want) in [
            ("Ana", "Ana"),
            ("Ana de la Cruz", "Ana de la Cruz"),
            (" Ana  Ruiz ", "Ana Ruiz"),
            ("Ana\tRuiz", "Ana Ruiz"),
        ] {
            assert_eq!(normalise_name(name), want, "{name:?}");
        }
        assert_eq!(normalise_name("Ana\u{0B}Ruiz"), "Ana Ruiz");
        assert_eq!(normalise_name("José\u{00A0}Ruiz"), "José Ruiz");
        for (name, want) in [(" Ana", "Ana"), ("Ana ", "Ana"), ("", ""), ("Ana\rRuiz", "Ana Ruiz"), ("A b c", "A b c")]
        {
            assert_eq!(normalise_name(name), want, "{name:?}");
        }
        // Borrowed exactly when nothing changes.
        assert!(matches!(normalised_name("Ana de la Cruz"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(normalised_name("Ana  Ruiz"), std::borrow::Cow::Owned(_)));
    }
}
