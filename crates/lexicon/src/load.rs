//! Reading lexicon files into validated [`Rule`]s.

use toml::Spanned;

use super::pattern::{self, Elem, Phrase};
use super::schema::{Family, FileSpec, RuleSpec};
use crate::category::Category;
use crate::error::LexiconError;
use crate::rule::{Rule, Written};
use goodfaith_text::{Segmenter, NEGATORS};

/// Longest pattern text accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 2000;
/// Longest regex accepted, in bytes.
pub const MAX_REGEX_LEN: usize = 1000;
/// Most rules in one file.
pub const MAX_RULES_PER_FILE: usize = 2000;
/// Most patterns (and exceptions) in one rule.
pub const MAX_PATTERNS_PER_RULE: usize = 2000;

/// A rule with its compiled phrases. Its regex (if any) is compiled later, by the
/// caller, which can name `regex_line` in an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The rule and its metadata.
    pub rule: Rule,
    /// Its phrases and examples as written.
    pub written: Written,
    /// Its patterns, compiled.
    pub phrases: Vec<Phrase>,
    /// Its exceptions, compiled.
    pub exceptions: Vec<Phrase>,
    /// The line of the rule's `regex` key in its file (0 without one).
    pub regex_line: u32,
}

/// Parses and validates one file.
pub fn load_file(path: &str, source: &str, seg: &mut Segmenter) -> Result<Vec<Loaded>, LexiconError> {
    let spec: FileSpec = toml::from_str(source).map_err(|e| {
        let key = e.message().split('`').nth(1).map(str::to_string);
        let mut message = e.message().trim().to_string();
        if key.as_deref() == Some("lists") {
            message = "this is a file of word lists (like lexicons/en/context.toml), which only building \
                       goodfaith reads; a lexicon file has `family`, `category` and `rules`"
                .into();
        }
        LexiconError {
            path: path.to_string(),
            line: e.span().map(|s| super::error::line_of(source, s.start)),
            key,
            message,
        }
    })?;
    let name = spec.category.get_ref();
    let category_error =
        |message: String| LexiconError::at(path, source, Some(spec.category.span().start), Some("category"), message);
    if !is_name(name) {
        return Err(category_error("a category is lowercase words joined by `-`".into()));
    }
    let category = Category::parse(spec.family, name).map_err(category_error)?;
    if spec.rules.len() > MAX_RULES_PER_FILE {
        return Err(LexiconError::at(
            path,
            source,
            None,
            Some("rules"),
            format!("more than {MAX_RULES_PER_FILE} rules in one file"),
        ));
    }
    spec.rules.into_iter().map(|r| load_rule(path, source, spec.family, &category, r, seg)).collect()
}

fn load_rule(
    path: &str,
    source: &str,
    family: Family,
    category: &Category,
    r: RuleSpec,
    seg: &mut Segmenter,
) -> Result<Loaded, LexiconError> {
    let id = r.id.get_ref().clone();
    let err = |span: Option<usize>, key: &str, msg: String| {
        LexiconError::at(path, source, span, Some(key), format!("rule {id}: {msg}"))
    };
    let id_at = Some(r.id.span().start);
    let prefix = format!("{}.{}.", family.as_str(), category.name());
    match id.strip_prefix(&prefix) {
        Some(name) if is_name(name) => {}
        _ => return Err(err(id_at, "id", format!("ids are `{prefix}<name>` with a lowercase name"))),
    }
    let weight = match &r.weight {
        Some(w) if !(0.1..=3.0).contains(w.get_ref()) => {
            return Err(err(Some(w.span().start), "weight", "weight must be between 0.1 and 3.0".into()))
        }
        Some(w) => *w.get_ref(),
        None => 1.0,
    };
    if family == Family::Coercive && r.suggestion.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return Err(err(id_at, "suggestion", "coercive rules need a suggestion: a better way to say it".into()));
    }
    if r.patterns.is_empty() && r.regex.is_none() {
        return Err(err(id_at, "patterns", "needs patterns or a regex".into()));
    }
    if r.patterns.len() + r.exceptions.len() > MAX_PATTERNS_PER_RULE {
        return Err(err(id_at, "patterns", format!("more than {MAX_PATTERNS_PER_RULE} patterns")));
    }
    let phrases = compile_all(&r.patterns, "patterns", seg).map_err(|(at, m)| err(Some(at), "patterns", m))?;
    let exceptions = compile_all(&r.exceptions, "exceptions", seg).map_err(|(at, m)| err(Some(at), "exceptions", m))?;
    let mut regex_line = 0;
    if let Some(re) = &r.regex {
        if re.get_ref().len() > MAX_REGEX_LEN {
            return Err(err(Some(re.span().start), "regex", format!("longer than {MAX_REGEX_LEN} bytes")));
        }
        regex_line = super::error::line_of(source, re.span().start);
    }
    let rule = Rule {
        id,
        family,
        category: category.clone(),
        severity: r.severity,
        weight,
        message: r.message.into(),
        why: r.why,
        suggestion: r.suggestion.map(Into::into),
        regex: r.regex.map(Spanned::into_inner),
        questions: r.questions,
        negation: r.negation,
        requires: r.requires,
        profiles: r.profiles,
        source: path.to_string(),
        pattern_negators: negators_in(&phrases),
    };
    let written = Written {
        patterns: r.patterns.into_iter().map(Spanned::into_inner).collect(),
        exceptions: r.exceptions.into_iter().map(Spanned::into_inner).collect(),
        must_match: r.must_match,
        no_match: r.no_match,
    };
    Ok(Loaded { rule, written, phrases, exceptions, regex_line })
}

fn compile_all(patterns: &[Spanned<String>], what: &str, seg: &mut Segmenter) -> Result<Vec<Phrase>, (usize, String)> {
    let mut out = vec![];
    for p in patterns {
        let at = p.span().start;
        if p.get_ref().len() > MAX_PATTERN_LEN {
            return Err((at, format!("{what} entry longer than {MAX_PATTERN_LEN} bytes")));
        }
        let seqs = pattern::parse(p.get_ref(), seg).map_err(|m| (at, format!("`{}`: {m}", p.get_ref())))?;
        out.extend(seqs);
    }
    Ok(out)
}

/// The negators spelled out in a rule's phrases.
fn negators_in(phrases: &[Phrase]) -> Vec<String> {
    fn walk(elems: &[Elem], out: &mut Vec<String>) {
        for e in elems {
            match e {
                Elem::Word(w) if NEGATORS.contains(&&**w) && !out.iter().any(|o| **o == **w) => out.push(w.to_string()),
                Elem::Alt(alts) => alts.iter().for_each(|a| walk(a, out)),
                _ => {}
            }
        }
    }
    let mut out = vec![];
    for p in phrases {
        walk(&p.before, &mut out);
        walk(&p.anchor, &mut out);
        walk(&p.after, &mut out);
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}
