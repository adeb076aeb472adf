//! Reasons in plain language that cite the lines behind them: "Rick issued an
//! ultimatum on line 1 and made a threat on line 3; Sue assented only after it, on
//! line 6."

use std::collections::{HashMap, HashSet};

use super::facts::Facts;
use super::report_schema::{FindingReport, TurnMark, Verdict};
use crate::input::{Kind, Turn};
use crate::lexicon::{Category, Family};

/// At most this many lines are cited per item; the rest are counted.
const MAX_LINES: usize = 5;

/// What a speaker did, by category, in the past tense.
fn doing(family: Family, category: &str) -> String {
    let s = match (family, Category::known(category)) {
        (Family::Coercive, Some(Category::Threat)) => "made a threat",
        (Family::Coercive, Some(Category::Ultimatum)) => "issued an ultimatum",
        (Family::Coercive, Some(Category::ScarcityBandwagon)) => "used scarcity or the crowd as pressure",
        (Family::Coercive, Some(Category::Guilt)) => "used guilt as leverage",
        (Family::Coercive, Some(Category::Contempt)) => "put the other side down",
        (Family::Coercive, Some(Category::Blame)) => "attacked the other side's character",
        (Family::Coercive, Some(Category::Gaslighting)) => "denied the other side's account",
        (Family::Coercive, Some(Category::Stonewalling)) => "shut the discussion down",
        (Family::Coercive, Some(Category::Minimizing)) => "brushed a concern aside",
        (Family::Coercive, Some(Category::FalseBenevolence)) => "dressed pressure up as help",
        (Family::Coercive, Some(Category::FalseDilemma)) => "offered a false choice",
        (Family::Coercive, Some(Category::CommitmentTrap)) => "used an earlier yes to force a bigger one",
        (Family::Coercive, Some(Category::Isolation)) => "discouraged seeking advice",
        (Family::Coercive, Some(Category::Confirmshaming)) => "shamed saying no",
        (Family::Coercive, Some(Category::Unilateral)) => "imposed terms one-sidedly",
        (Family::Coercive, Some(Category::PassiveAggression)) => "made a passive-aggressive jab",
        (Family::Mutual, Some(Category::Interests)) => "asked what the other side needs",
        (Family::Mutual, Some(Category::Acknowledge)) => "acknowledged the other side",
        (Family::Mutual, Some(Category::Options)) => "proposed options or trades",
        (Family::Mutual, Some(Category::Criteria)) => "appealed to a fair standard",
        (Family::Mutual, Some(Category::Joint)) => "framed the problem as shared",
        (Family::Mutual, Some(Category::Autonomy)) => "left the other side free to choose",
        (Family::Mutual, Some(Category::Repair)) => "took responsibility or gave thanks",
        (Family::Mutual, Some(Category::Challenge)) => "disagreed with reasons",
        (Family::Mutual, Some(Category::Rapport)) => "built rapport",
        _ => return format!("used {}", category.replace('-', " ")),
    };
    s.to_string()
}

/// "line 3", "lines 3 and 5", "lines 1, 3, 5, 7, 9 and 4 more".
pub fn cite(lines: &[u32]) -> String {
    let mut l: Vec<u32> = lines.to_vec();
    l.sort_unstable();
    l.dedup();
    let shown: Vec<String> = l.iter().take(MAX_LINES).map(u32::to_string).collect();
    let more = l.len().saturating_sub(MAX_LINES);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, _) => format!("line {}", shown[0]),
        (_, 0) => format!("lines {} and {}", shown[..shown.len() - 1].join(", "), shown[shown.len() - 1]),
        _ => format!("lines {} and {more} more", shown.join(", ")),
    }
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Everything the reasons need.
pub struct Input<'a> {
    /// Conversation or message.
    pub kind: Kind,
    /// The verdict reached.
    pub verdict: Verdict,
    /// Facts behind it.
    pub facts: &'a Facts,
    /// Located findings.
    pub findings: &'a [FindingReport],
    /// Speaker names by index; the unattributed party comes after the last.
    pub names: &'a [String],
    /// The turns, for the party of each finding.
    pub turns: &'a [Turn],
    /// The 1-based line where each turn starts.
    pub timeline: &'a [TurnMark],
    /// Who pressured whom.
    pub pressure: &'a [super::report_schema::Pressure],
}

/// Builds the reasons.
pub fn explain(input: &Input) -> Vec<String> {
    if input.verdict == Verdict::Empty {
        return vec!["Nothing to analyse: the input is empty or only whitespace.".to_string()];
    }
    if input.facts.words() == 1 && input.facts.coercive == 0 {
        return vec!["A single word: too little to judge, so no score.".to_string()];
    }
    let mut out = vec![];
    let index = Index::new(input);
    let parties = ordered_parties(input, &index);
    for &p in &parties {
        if let Some(s) = family_sentence(input, &index, p, Family::Coercive) {
            out.push(s);
        }
    }
    if input.kind == Kind::Conversation {
        out.extend(assent_sentences(input, &parties));
    }
    for &p in &parties {
        if let Some(s) = family_sentence(input, &index, p, Family::Mutual) {
            out.push(s);
        }
    }
    out.extend(verdict_sentence(input, &parties));
    out.extend(commitment_sentence(input));
    if out.is_empty() {
        out.push("Nothing coercive or collaborative was found.".to_string());
    }
    out
}

/// Who did what, gathered in one pass over the findings and the pressure, so that the
/// reasons cost time linear in findings and speakers, however many people speak. Only
/// parties with findings or pressure have an entry: a party's findings are found from
/// their turn, its pressure by its name.
struct Index<'a> {
    /// Counted findings by party (indexes into [`Input::findings`], in order).
    findings: HashMap<usize, Vec<usize>>,
    /// Parties in order of their first counted finding.
    order: Vec<usize>,
    /// Whom each party (by name; `None` for unattributed text) pressured, each name
    /// once, in order.
    pressured: HashMap<Option<&'a str>, Vec<&'a str>>,
}

impl<'a> Index<'a> {
    fn new(input: &'a Input) -> Self {
        let unattributed = input.names.len();
        let party = |f: &FindingReport| input.turns[f.turn as usize - 1].speaker().map_or(unattributed, |s| s as usize);
        let mut index = Index { findings: HashMap::new(), order: vec![], pressured: HashMap::new() };
        for (i, f) in input.findings.iter().enumerate().filter(|(_, f)| f.counts()) {
            let p = party(f);
            let mine = index.findings.entry(p).or_default();
            if mine.is_empty() {
                index.order.push(p);
            }
            mine.push(i);
        }
        let mut seen: HashSet<(Option<&str>, &str)> = HashSet::new();
        for pr in input.pressure {
            let by = pr.by.as_deref();
            for o in &pr.on {
                if seen.insert((by, o.as_str())) {
                    index.pressured.entry(by).or_default().push(o.as_str());
                }
            }
        }
        index
    }
}

/// Party indexes in order of first finding, then the rest.
fn ordered_parties(input: &Input, index: &Index) -> Vec<usize> {
    let mut order = index.order.clone();
    let mut listed = vec![false; input.names.len() + 1];
    order.iter().for_each(|&p| listed[p] = true);
    for (i, _) in input.facts.speaking() {
        if !listed[i] {
            listed[i] = true;
            order.push(i);
        }
    }
    order
}

/// A name longer than this many characters is cut in the reasons: a label a megabyte
/// long is not repeated in every sentence.
const MAX_NAME: usize = 60;

/// A speaker's name as the reasons show it.
fn shown(name: &str) -> String {
    match name.char_indices().nth(MAX_NAME) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

fn name(input: &Input, p: usize) -> String {
    match input.names.get(p) {
        Some(name) => shown(name),
        None if input.kind == Kind::Message => "The text".to_string(),
        None => "Unattributed text".to_string(),
    }
}

/// "Rick issued an ultimatum on line 1 and made a threat on lines 3 and 5."
fn family_sentence(input: &Input, index: &Index, party: usize, family: Family) -> Option<String> {
    let mut cats: Vec<(&str, Vec<u32>)> = vec![];
    let mine = index.findings.get(&party).map_or(&[][..], Vec::as_slice);
    for f in mine.iter().map(|&i| &input.findings[i]).filter(|f| f.family == family) {
        match cats.iter_mut().find(|(c, _)| *c == f.category) {
            Some((_, lines)) => lines.push(f.line),
            None => cats.push((&f.category, vec![f.line])),
        }
    }
    if cats.is_empty() {
        return None;
    }
    let parts: Vec<String> = cats.iter().map(|(c, lines)| format!("{} on {}", doing(family, c), cite(lines))).collect();
    let who = name(input, party);
    let on = index.pressured.get(&input.names.get(party).map(String::as_str)).map_or(&[][..], Vec::as_slice);
    let target = if family == Family::Coercive && !on.is_empty() {
        let on: Vec<String> = on.iter().map(|o| shown(o)).collect();
        format!(" pressured {}:", and_list(&on))
    } else {
        String::new()
    };
    Some(format!("{who}{target} {}.", and_list(&parts)))
}

fn assent_sentences(input: &Input, parties: &[usize]) -> Vec<String> {
    let f = input.facts;
    let line = |t: u32| input.timeline.get(t as usize).map_or(1, |m| m.line);
    let mut out = vec![];
    let mut free = vec![];
    let mut missing = vec![];
    for &i in parties {
        let p = &f.parties[i];
        if p.turns == 0 {
            continue;
        }
        let who = name(input, i);
        match (p.assent, p.resigned) {
            (_, Some(t)) => out.push(format!("{who}'s assent on line {} was resigned, not free.", line(t))),
            (Some(t), None) if p.assent_under_pressure => {
                out.push(format!("{who} assented only after the pressure, on line {}.", line(t)))
            }
            (Some(t), None) => free.push(format!("{who} on line {}", line(t))),
            (None, None) => missing.push(who),
        }
    }
    if missing.is_empty() && !free.is_empty() && out.is_empty() {
        out.push(format!("Everyone assented: {}.", and_list(&free)));
    } else if !free.is_empty() {
        out.push(format!("Assent: {}.", and_list(&free)));
    }
    // Whose assent is missing, once anyone has said yes (in a group, the one reason
    // that tells you whom to ask).
    let someone_assented = !free.is_empty() || !out.is_empty();
    if !missing.is_empty() && input.verdict == Verdict::WorkingTowardAgreement {
        out.push(format!("No full agreement yet: {} did not say yes.", and_list(&missing)));
    } else if !missing.is_empty() && someone_assented {
        out.push(format!("No assent from {}.", and_list(&missing)));
    }
    out
}

fn verdict_sentence(input: &Input, parties: &[usize]) -> Option<String> {
    let f = input.facts;
    match input.verdict {
        Verdict::Neutral if f.coercive == 0 => Some(match input.kind {
            Kind::Conversation => "Too little negotiation to judge: no real requests, proposals or positions.".into(),
            Kind::Message => "No pressure and no negotiation moves: an informational text.".into(),
        }),
        Verdict::OneSided if f.coercive == 0 => {
            let top = parties.iter().copied().max_by_key(|&i| f.parties[i].requests)?;
            let n = f.parties[top].requests;
            Some(match input.kind {
                Kind::Conversation => format!(
                    "{} made {n} request{} and nobody's needs on the other side were asked about or acknowledged.",
                    name(input, top),
                    if n == 1 { "" } else { "s" }
                ),
                Kind::Message => {
                    "The text makes demands without asking what the reader needs or offering anything.".into()
                }
            })
        }
        _ => None,
    }
}

fn commitment_sentence(input: &Input) -> Option<String> {
    let lines: Vec<u32> = input
        .findings
        .iter()
        .filter(|f| f.counts() && f.family == Family::Signal && f.category == Category::Commitment.name())
        .map(|f| f.line)
        .collect();
    (!lines.is_empty()).then(|| format!("Next steps with an owner and a time on {}.", cite(&lines)))
}

#[cfg(test)]
mod tests {
    use super::cite;

    #[test]
    fn cites_lines() {
        assert_eq!(cite(&[3]), "line 3");
        assert_eq!(cite(&[5, 3, 3]), "lines 3 and 5");
        assert_eq!(cite(&[1, 2, 3]), "lines 1, 2 and 3");
        assert_eq!(cite(&[1, 2, 3, 4, 5, 6, 7]), "lines 1, 2, 3, 4, 5 and 2 more");
    }
}
