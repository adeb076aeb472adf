//! Reasons in plain language that cite the lines behind them: "Rick issued an
//! ultimatum on line 1 and made a threat on line 3; Sue assented only after it, on
//! line 6."

use super::facts::Facts;
use super::model::{FindingReport, Verdict};
use crate::input::Kind;
use crate::lexicon::Family;

/// At most this many lines are cited per item; the rest are counted.
const MAX_LINES: usize = 5;

/// What a speaker did, by category, in the past tense.
fn doing(family: Family, category: &str) -> String {
    let s = match (family, category) {
        (Family::Coercive, "threat") => "made a threat",
        (Family::Coercive, "ultimatum") => "issued an ultimatum",
        (Family::Coercive, "scarcity-bandwagon") => "used scarcity or the crowd as pressure",
        (Family::Coercive, "guilt") => "used guilt as leverage",
        (Family::Coercive, "contempt") => "put the other side down",
        (Family::Coercive, "blame") => "attacked the other side's character",
        (Family::Coercive, "gaslighting") => "denied the other side's account",
        (Family::Coercive, "stonewalling") => "shut the discussion down",
        (Family::Coercive, "minimizing") => "brushed a concern aside",
        (Family::Coercive, "false-benevolence") => "dressed pressure up as help",
        (Family::Coercive, "false-dilemma") => "offered a false choice",
        (Family::Coercive, "commitment-trap") => "used an earlier yes to force a bigger one",
        (Family::Coercive, "isolation") => "discouraged seeking advice",
        (Family::Coercive, "confirmshaming") => "shamed saying no",
        (Family::Coercive, "unilateral") => "imposed terms one-sidedly",
        (Family::Coercive, "passive-aggression") => "made a passive-aggressive jab",
        (Family::Mutual, "interests") => "asked what the other side needs",
        (Family::Mutual, "acknowledge") => "acknowledged the other side",
        (Family::Mutual, "options") => "proposed options or trades",
        (Family::Mutual, "criteria") => "appealed to a fair standard",
        (Family::Mutual, "joint") => "framed the problem as shared",
        (Family::Mutual, "autonomy") => "left the other side free to choose",
        (Family::Mutual, "repair") => "took responsibility or gave thanks",
        (Family::Mutual, "challenge") => "disagreed with reasons",
        (Family::Mutual, "rapport") => "built rapport",
        (_, other) => return format!("used {}", other.replace('-', " ")),
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
    /// Speaker names by index; the unattributed party last.
    pub names: &'a [String],
    /// The 1-based line where each turn starts.
    pub turn_lines: &'a [u32],
    /// Who pressured whom.
    pub pressure: &'a [super::model::Pressure],
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
    let parties = ordered_parties(input);
    for &p in &parties {
        if let Some(s) = family_sentence(input, p, Family::Coercive) {
            out.push(s);
        }
    }
    if input.kind == Kind::Conversation {
        out.extend(assent_sentences(input, &parties));
    }
    for &p in &parties {
        if let Some(s) = family_sentence(input, p, Family::Mutual) {
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

/// Party indexes in order of first finding, then the rest.
fn ordered_parties(input: &Input) -> Vec<usize> {
    let mut order: Vec<usize> = vec![];
    for f in input.findings.iter().filter(|f| f.counts()) {
        let p = party_of(input, f);
        if !order.contains(&p) {
            order.push(p);
        }
    }
    for (i, _) in input.facts.speaking() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

fn party_of(input: &Input, f: &FindingReport) -> usize {
    f.speaker.as_ref().and_then(|s| input.names.iter().position(|n| n == s)).unwrap_or(input.names.len() - 1)
}

/// The speaker name of a party, `None` for unattributed text.
fn speaker_name<'a>(input: &'a Input, p: usize) -> Option<&'a str> {
    (p + 1 < input.names.len()).then(|| input.names[p].as_str())
}

fn name(input: &Input, p: usize) -> String {
    if p + 1 == input.names.len() {
        match input.kind {
            Kind::Message => "The text".to_string(),
            Kind::Conversation => "Unattributed text".to_string(),
        }
    } else {
        input.names[p].clone()
    }
}

/// "Rick issued an ultimatum on line 1 and made a threat on lines 3 and 5."
fn family_sentence(input: &Input, party: usize, family: Family) -> Option<String> {
    let mut cats: Vec<(&str, Vec<u32>)> = vec![];
    for f in input.findings.iter().filter(|f| f.counts() && f.family == family && party_of(input, f) == party) {
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
    let target = match family {
        Family::Coercive => {
            let mut on: Vec<String> = vec![];
            for p in input.pressure.iter().filter(|p| p.by.as_deref() == speaker_name(input, party)) {
                for o in &p.on {
                    if !on.contains(o) {
                        on.push(o.clone());
                    }
                }
            }
            if on.is_empty() {
                String::new()
            } else {
                format!(" pressured {}:", and_list(&on))
            }
        }
        _ => String::new(),
    };
    Some(format!("{who}{target} {}.", and_list(&parts)))
}

fn assent_sentences(input: &Input, parties: &[usize]) -> Vec<String> {
    let f = input.facts;
    let line = |t: u32| input.turn_lines.get(t as usize).copied().unwrap_or(1);
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
        .filter(|f| f.counts() && f.family == Family::Signal && f.category == "commitment")
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
