//! Stable identities for findings, independent of line numbers: code scanning tracks a
//! finding across commits by them (SARIF `partialFingerprints`), and a baseline matches
//! today's findings against recorded ones with them, so an edit above a finding does
//! not make it new again.

use crate::analysis::FindingReport;

/// The SARIF `partialFingerprints` key; bump the version if [`key`] ever changes.
pub const SARIF_KEY: &str = "goodfaith/v1";

/// Lowercase words of `text`, single spaces between them: punctuation, quotes, case and
/// line wrapping do not change the result.
///
/// ```
/// use goodfaith::report::fingerprint::normalize;
/// assert_eq!(normalize("Take it  or\nLEAVE it!"), "take it or leave it");
/// assert_eq!(normalize("don’t"), normalize("don't"));
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// What identifies a finding within a file: the rule, the matched words and the
/// sentence around them, each normalised.
pub fn key(f: &FindingReport) -> String {
    key_of(&f.rule, &f.matched, &f.sentence)
}

/// [`key`] from its parts, for findings stored elsewhere (a baseline file).
pub fn key_of(rule: &str, matched: &str, sentence: &str) -> String {
    format!("{rule}\u{1f}{}\u{1f}{}", normalize(matched), normalize(sentence))
}

/// 64-bit FNV-1a: tiny, and the same on every platform and release (unlike `std`'s
/// hasher, which may change), which a fingerprint stored by GitHub needs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The fingerprint of a finding that is the `occurrence`-th (0-based) with the same
/// [`key`] in its file, as 16 hex digits and the occurrence (`…:1`), like GitHub's own
/// `primaryLocationLineHash`.
pub fn fingerprint(f: &FindingReport, occurrence: u32) -> String {
    format!("{:016x}:{}", fnv1a(key(f).as_bytes()), occurrence + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_function() {
        // Test vectors from the FNV reference.
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn normalize_ignores_what_edits_change_without_changing_words() {
        let cases = [
            ("Failure to respond\n  will result in termination.", "failure to respond will result in termination"),
            ("“Final offer”, take it.", "final offer take it"),
            ("  ", ""),
            ("ÜBER Straße", "über straße"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize(raw), want, "{raw:?}");
        }
    }
}
