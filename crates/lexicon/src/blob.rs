//! The built-in lexicons' rules, loaded when the binary is built: `build.rs` loads every
//! file under `lexicons/` with the same code as a user's `--lexicon FILE` and writes the
//! rules here in a compact binary form, so start-up reads them back instead of parsing
//! TOML. (Their phrases are compiled into [`super::tables`], used in place.)
//!
//! The format is private to one build: lengths are little-endian `u32`, strings are
//! length-prefixed UTF-8, and every enum is one byte.

use crate::rule::Rule;
use crate::schema::{Family, NegationMode, Profile, QuestionMode, Requirement, Severity};

/// The rules of one file, by the path they are reported under, each with the line of
/// its `regex` key.
pub type File = (String, Vec<(Rule, u32)>);

/// Writes `files` in the blob format.
pub fn encode(files: &[File]) -> Vec<u8> {
    let mut w = Writer::default();
    w.len(files.len());
    for (path, rules) in files {
        w.str(path);
        w.len(rules.len());
        for (rule, regex_line) in rules {
            w.rule(rule);
            w.u32(*regex_line);
        }
    }
    w.out
}

/// Reads back what [`encode`] wrote. The blob is built with the binary, so a malformed
/// one is a build bug: it panics with a message saying so.
pub fn decode(blob: &[u8]) -> Vec<File> {
    let mut r = Reader { rest: blob };
    let files = (0..r.len())
        .map(|_| {
            let path = r.string();
            let rules = (0..r.len()).map(|_| (r.rule(), r.u32())).collect();
            (path, rules)
        })
        .collect();
    assert!(r.rest.is_empty(), "the embedded lexicon blob has trailing bytes: rebuild goodfaith");
    files
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("lexicon sizes fit in u32"));
    }

    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        self.u8(s.is_some() as u8);
        s.into_iter().for_each(|s| self.str(s));
    }

    fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        list.iter().for_each(|s| self.str(s));
    }

    fn rule(&mut self, r: &Rule) {
        self.str(&r.id);
        self.u8(r.family as u8);
        self.str(&r.category);
        self.u8(r.severity as u8);
        self.u32(r.weight.to_bits());
        self.str(&r.message);
        self.opt_str(r.why.as_deref());
        self.opt_str(r.suggestion.as_deref());
        self.strs(&r.patterns);
        self.strs(&r.exceptions);
        self.opt_str(r.regex.as_deref());
        self.u8(r.questions as u8);
        self.u8(r.negation as u8);
        self.u8(r.requires.map_or(0, |Requirement::Condition| 1));
        match &r.profiles {
            None => self.u8(0),
            Some(ps) => {
                self.u8(1);
                self.len(ps.len());
                ps.iter().for_each(|p| self.u8(*p as u8));
            }
        }
        self.strs(&r.must_match);
        self.strs(&r.no_match);
        self.str(&r.source);
        self.strs(&r.pattern_negators);
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

const MALFORMED: &str = "the embedded lexicon blob is malformed: rebuild goodfaith";

impl Reader<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        assert!(self.rest.len() >= n, "{MALFORMED}");
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        head
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().expect("4 bytes"))
    }

    fn len(&mut self) -> usize {
        self.u32() as usize
    }

    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }

    fn string(&mut self) -> String {
        let n = self.len();
        std::str::from_utf8(self.take(n)).expect(MALFORMED).to_string()
    }

    fn opt_string(&mut self) -> Option<String> {
        (self.u8() == 1).then(|| self.string())
    }

    fn strings(&mut self) -> Vec<String> {
        (0..self.len()).map(|_| self.string()).collect()
    }

    fn rule(&mut self) -> Rule {
        Rule {
            id: self.string(),
            family: [Family::Coercive, Family::Mutual, Family::Signal][self.u8() as usize],
            category: self.string(),
            severity: [Severity::Info, Severity::Warning, Severity::Error][self.u8() as usize],
            weight: f32::from_bits(self.u32()),
            message: self.string().into(),
            why: self.opt_string(),
            suggestion: self.opt_string().map(Into::into),
            patterns: self.strings(),
            exceptions: self.strings(),
            regex: self.opt_string(),
            questions: [QuestionMode::Neutral, QuestionMode::Keep][self.u8() as usize],
            negation: [NegationMode::Apply, NegationMode::Ignore][self.u8() as usize],
            requires: (self.u8() == 1).then_some(Requirement::Condition),
            profiles: (self.u8() == 1).then(|| {
                let all = [Profile::Conversation, Profile::Email, Profile::Policy, Profile::PolicyStrict];
                (0..self.len()).map(|_| all[self.u8() as usize]).collect()
            }),
            must_match: self.strings(),
            no_match: self.strings(),
            source: self.string(),
            pattern_negators: self.strings(),
        }
    }
}
