//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! Results stream out one file at a time; the rules they use are listed after them
//! (JSON objects are unordered), each once, with its help text. Levels come from the
//! effective severity; regions carry 1-based lines and columns counted in Unicode code
//! points (`columnKind`); `partialFingerprints` come from the rule, the matched words and
//! the sentence (see [`super::fingerprint`]), so a finding keeps its identity when lines
//! move. Every value is serialised by serde.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::fingerprint::{self, SARIF_KEY};
use super::{Renderer, Summary, UNUSED_SUPPRESSION};
use crate::analysis::{FindingReport, Report, UnusedSuppression};
use crate::lexicon::{Lexicon, Rule, Severity};

/// The schema URI written into the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// `--format sarif`.
#[derive(Debug)]
pub struct Sarif {
    /// Rule descriptors by id, built from the lexicon.
    catalogue: HashMap<String, Value>,
    /// Rules used so far, in order of first use (their `ruleIndex`).
    used: Vec<String>,
    index: HashMap<String, usize>,
    results: usize,
}

impl Sarif {
    /// A SARIF renderer describing the rules of `lexicon`.
    pub fn new(lexicon: &Lexicon) -> Self {
        let mut catalogue: HashMap<String, Value> =
            lexicon.rules().iter().map(|r| (r.id.clone(), descriptor(r))).collect();
        catalogue.insert(UNUSED_SUPPRESSION.to_string(), unused_descriptor());
        Sarif { catalogue, used: vec![], index: HashMap::new(), results: 0 }
    }

    fn rule_index(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.used.push(id.to_string());
        self.index.insert(id.to_string(), self.used.len() - 1);
        self.used.len() - 1
    }

    fn write_result(&mut self, out: &mut dyn Write, result: &Value) -> io::Result<()> {
        if self.results > 0 {
            out.write_all(b",")?;
        }
        self.results += 1;
        serde_json::to_writer(&mut *out, result).map_err(io::Error::from)
    }
}

impl Renderer for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"results\":[")
    }

    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        let uri = uri(&r.path);
        let mut seen: HashMap<String, u32> = HashMap::new();
        for f in r.findings.iter().filter(|f| f.is_problem()) {
            let key = fingerprint::key(f);
            let n = seen.entry(key).or_insert(0);
            let print = fingerprint::fingerprint(f, *n);
            *n += 1;
            let index = self.rule_index(&f.rule);
            self.write_result(out, &result(r, f, &uri, index, &print))?;
        }
        for u in &r.unused_suppressions {
            let index = self.rule_index(UNUSED_SUPPRESSION);
            self.write_result(out, &unused_result(u, &uri, index))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> =
            self.used.iter().map(|id| self.catalogue.get(id).cloned().unwrap_or_else(|| json!({ "id": id }))).collect();
        let tool = json!({ "driver": {
            "name": "goodfaith",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }});
        let notifications: Vec<Value> = summary
            .errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": { "text": e.message },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&e.path) } } }],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": summary.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        });
        out.write_all(b"],\"tool\":")?;
        serde_json::to_writer(&mut *out, &tool).map_err(io::Error::from)?;
        out.write_all(b",\"columnKind\":\"unicodeCodePoints\",\"invocations\":[")?;
        serde_json::to_writer(&mut *out, &invocation).map_err(io::Error::from)?;
        out.write_all(b"]}]}\n")
    }
}

/// SARIF's level for a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(r: &Report, f: &FindingReport, uri: &str, index: usize, print: &str) -> Value {
    // A paragraph or a page is not a line to code scanning: the message says it, and
    // the region's property bag carries it for tools.
    let place = super::place_note(r, f);
    let mut region_properties = serde_json::Map::new();
    match (r.position, f.page) {
        (_, Some(page)) => {
            region_properties.insert("page".into(), page.into());
            region_properties.insert("lineOnPage".into(), f.line.into());
        }
        (Some("paragraph"), _) => {
            region_properties.insert("paragraph".into(), f.line.into());
        }
        _ => {}
    }
    let mut text = format!("\u{201c}{}\u{201d}{}: {}", f.matched, place, f.message);
    if let Some(s) = &f.suggestion {
        text.push_str(" Better: ");
        text.push_str(s);
    }
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": f.end_line,
                "endColumn": f.end_column,
                "snippet": { "text": f.matched },
            },
            "contextRegion": { "startLine": f.line, "endLine": f.end_line, "snippet": { "text": f.sentence } },
        }}],
        "partialFingerprints": { SARIF_KEY: print },
        "properties": { "family": f.family.as_str(), "category": f.category, "speaker": f.speaker, "weight": short(f.weight) },
    });
    if !region_properties.is_empty() {
        result["locations"][0]["physicalLocation"]["region"]["properties"] = region_properties.into();
    }
    result
}

/// An `f32` as the `f64` with the same shortest decimal, so a weight of 1.1 prints as
/// `1.1` as it does in JSON output, not as `1.100000023841858`.
fn short(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

fn unused_result(u: &UnusedSuppression, uri: &str, index: usize) -> Value {
    json!({
        "ruleId": UNUSED_SUPPRESSION,
        "ruleIndex": index,
        "level": "warning",
        "message": { "text": u.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": { "startLine": u.line },
        }}],
        "partialFingerprints": { SARIF_KEY: format!("{:016x}:1", fingerprint::fnv1a(format!("{}\u{1f}{}", UNUSED_SUPPRESSION, u.rule).as_bytes())) },
    })
}

/// A rule's `reportingDescriptor`: what it is, why it matters, a better way.
fn descriptor(r: &Rule) -> Value {
    let mut help = r.message.to_string();
    let mut markdown = format!("**{}**", r.message);
    if let Some(why) = &r.why {
        help.push_str(&format!("\n\nWhy it matters: {why}"));
        markdown.push_str(&format!("\n\n**Why it matters.** {why}"));
    }
    if let Some(s) = &r.suggestion {
        help.push_str(&format!("\n\nA better way: {s}"));
        markdown.push_str(&format!("\n\n**A better way.** {s}"));
    }
    help.push_str(&format!("\n\nRun `goodfaith explain {}` for its patterns and examples.", r.id));
    markdown.push_str(&format!("\n\nRun `goodfaith explain {}` for its patterns and examples.", r.id));
    json!({
        "id": r.id,
        "name": pascal(&r.id),
        "shortDescription": { "text": r.message.as_ref() },
        "fullDescription": { "text": r.why.as_deref().unwrap_or(&r.message) },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": [r.family.as_str(), r.category_id()], "precision": "medium" },
    })
}

fn unused_descriptor() -> Value {
    json!({
        "id": UNUSED_SUPPRESSION,
        "name": "UnusedSuppression",
        "shortDescription": { "text": "A goodfaith-disable directive that silences nothing." },
        "fullDescription": { "text": "The suppression no longer matches a finding (the text or the lexicon changed), or names no rule. Remove it so it cannot hide a future finding." },
        "help": { "text": "Remove the directive, or name the rule it is meant for.", "markdown": "Remove the directive, or name the rule it is meant for." },
        "defaultConfiguration": { "level": "warning" },
        "properties": { "tags": ["goodfaith"] },
    })
}

/// `coercive.threat.veiled` → `CoerciveThreatVeiled`, SARIF's readable rule name.
fn pascal(id: &str) -> String {
    id.split(['.', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// A path as a URI reference: relative paths stay relative (to the repository root, as
/// code scanning expects), with `/` separators and reserved characters percent-encoded;
/// absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    fn log() -> Value {
        let mut sarif = Sarif::new(&fixture::lexicon());
        serde_json::from_str(&fixture::render(&mut sarif)).expect("valid JSON")
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(serde_json::to_string_pretty(&log()).unwrap());
    }

    #[test]
    fn lists_each_used_rule_once_and_indexes_it() {
        let log = log();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["coercive.threat.sanction", "coercive.ultimatum.deadline", UNUSED_SUPPRESSION]);
        for r in run["results"].as_array().unwrap() {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
    }

    #[test]
    fn fingerprints_ignore_line_numbers_but_count_repeats() {
        let lexicon = fixture::lexicon();
        let mut report = fixture::report();
        let first = fixture::render_reports(&mut Sarif::new(&lexicon), std::slice::from_ref(&report));
        for f in &mut report.findings {
            f.line += 7;
            f.end_line += 7;
        }
        let moved = fixture::render_reports(&mut Sarif::new(&lexicon), std::slice::from_ref(&report));
        let prints = |s: &str| -> Vec<Value> {
            let v: Value = serde_json::from_str(s).unwrap();
            v["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["partialFingerprints"].clone()).collect()
        };
        assert_eq!(prints(&first), prints(&moved));
        let twice = report.findings[0].clone();
        report.findings.push(twice);
        let repeated = prints(&fixture::render_reports(&mut Sarif::new(&lexicon), std::slice::from_ref(&report)));
        assert_ne!(repeated[0], repeated.last().unwrap().clone(), "the same sentence twice gets two fingerprints");
    }

    #[test]
    fn weights_print_as_short_decimals() {
        let lexicon = fixture::lexicon();
        let mut report = fixture::report();
        report.findings[0].weight = 1.1;
        report.findings[1].weight = 0.35;
        let sarif = fixture::render_reports(&mut Sarif::new(&lexicon), std::slice::from_ref(&report));
        assert!(sarif.contains("\"weight\":1.1,") || sarif.contains("\"weight\":1.1}"), "{sarif}");
        assert!(sarif.contains("\"weight\":0.35"), "{sarif}");
        assert!(!sarif.contains("00000"), "no float noise: {sarif}");
    }

    #[test]
    fn a_document_finding_says_its_paragraph_or_page() {
        let lexicon = fixture::lexicon();
        let mut report = fixture::report();
        report.position = Some("page-line");
        report.findings[0].page = Some(2);
        let log: Value =
            serde_json::from_str(&fixture::render_reports(&mut Sarif::new(&lexicon), &[report.clone()])).unwrap();
        let result = &log["runs"][0]["results"][0];
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["properties"]["page"], 2);
        assert_eq!(region["properties"]["lineOnPage"], region["startLine"]);
        let line = region["startLine"].as_u64().unwrap();
        assert!(result["message"]["text"].as_str().unwrap().contains(&format!("(page 2, line {line})")));
        report.position = Some("paragraph");
        report.findings[0].page = None;
        let log: Value = serde_json::from_str(&fixture::render_reports(&mut Sarif::new(&lexicon), &[report])).unwrap();
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["locations"][0]["physicalLocation"]["region"]["properties"]["paragraph"], line);
        assert!(result["message"]["text"].as_str().unwrap().contains(&format!("(paragraph {line})")));
    }

    #[test]
    fn uris() {
        assert_eq!(uri("./policies/hr/leave policy.md"), "policies/hr/leave%20policy.md");
        assert_eq!(uri("/srv/repo/a#b.md"), "file:///srv/repo/a%23b.md");
        assert_eq!(uri("docs\\é.md"), "docs/%C3%A9.md");
    }
}
