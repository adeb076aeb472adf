//! Whom a coercive move aims at, in talk with several people: the person named in the
//! sentence ("Tom, that's your last warning"), else the only other party, else the
//! last person who spoke before.

use crate::input::Conversation;

/// The speaker index a finding in `turn` (0-based) by `speaker`, with this sentence,
/// aims at.
pub fn addressee(conv: &Conversation, speaker: Option<u32>, turn: usize, sentence: &str) -> Option<u32> {
    let others: Vec<u32> = (0..conv.speakers.len() as u32).filter(|&s| Some(s) != speaker).collect();
    if let Some(named) =
        others.iter().copied().find(|&s| names(&conv.speakers[s as usize]).any(|n| mentions(sentence, n)))
    {
        return Some(named);
    }
    if others.len() == 1 {
        return Some(others[0]);
    }
    conv.turns[..turn.min(conv.turns.len())]
        .iter()
        .rev()
        .map(|t| t.speaker)
        .find(|s| s.is_some() && *s != speaker)
        .flatten()
}

/// The words a speaker may be called by: each capitalised word of the label, brackets
/// included ("Agent (Lisa)" → Agent, Lisa).
fn names(label: &str) -> impl Iterator<Item = &str> {
    label
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| w.chars().count() >= 2 && w.starts_with(char::is_uppercase))
}

/// True when `name` occurs in `text` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read;

    #[test]
    fn finds_the_addressee() {
        let text = "Ann: Let's start.\nBob: Fine.\nCy (lead): Ann, that's your last warning.\nBob: Hm.\nCy (lead): Take it or leave it.\nAnn: Ok.\n";
        let conv = read("t", text.as_bytes(), None).unwrap();
        let id = |n: &str| conv.speakers.iter().position(|s| s == n).map(|i| i as u32);
        let cy = id("Cy (lead)");
        assert_eq!(addressee(&conv, cy, 2, "Ann, that's your last warning."), id("Ann"), "named");
        assert_eq!(addressee(&conv, cy, 4, "Take it or leave it."), id("Bob"), "the last to speak");
        assert_eq!(addressee(&conv, id("Ann"), 0, "Cy, stop."), cy, "a name in brackets");
        assert!(!mentions("Annual review", "Ann"));
    }
}
