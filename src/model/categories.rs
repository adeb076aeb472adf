//! What a learned finding says: one text per taxonomy category (`model/categories.toml`),
//! turned into a rule `<family>.<category>.learned` so that configuration, `explain`,
//! SARIF rule metadata and every renderer treat learned findings like the lexicon's.

use std::sync::{Arc, OnceLock};

pub use goodfaith_lexicon::learned::CategoryText;
use goodfaith_lexicon::learned::{read_category_texts, CategoryTexts};

use crate::lexicon::{Category, Family, NegationMode, QuestionMode, Rule};

/// The category texts, checked and embedded by `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/category_texts.bin"));
/// Where they come from, for `explain`.
pub const PATH: &str = "<embedded>/model/categories.toml";

/// The last part of a learned rule's id.
pub const LEARNED: &str = "learned";

fn table() -> &'static CategoryTexts {
    static TABLE: OnceLock<CategoryTexts> = OnceLock::new();
    TABLE.get_or_init(|| read_category_texts(EMBEDDED))
}

/// The text of a category, if the taxonomy has it.
pub fn find(family: Family, category: &str) -> Option<&'static CategoryText> {
    table().get(family.as_str())?.get(category)
}

/// The rule a learned finding of `family.category` is reported under.
pub fn rule(family: Family, category: &str) -> Option<Rule> {
    let text = find(family, category)?;
    let category = Category::parse(family, category).ok()?;
    Some(Rule {
        id: format!("{}.{}.{LEARNED}", family.as_str(), category.name()),
        family,
        category,
        severity: text.severity,
        weight: text.weight,
        message: Arc::from(text.message.as_str()),
        why: Some(
            "Found by the trained sentence scorer, which reads the whole sentence rather than one phrase; \
             the finding's confidence and evidence say how sure it is and which words weighed most."
                .to_string(),
        ),
        suggestion: text.suggestion.as_deref().map(Arc::from),
        regex: None,
        questions: QuestionMode::default(),
        negation: NegationMode::default(),
        requires: None,
        profiles: None,
        source: PATH.to_string(),
        pattern_negators: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_message_and_coercive_ones_a_suggestion() {
        let t = table();
        assert_eq!(t.keys().collect::<Vec<_>>(), ["coercive", "mutual"]);
        assert_eq!(t["coercive"].len(), 16);
        assert_eq!(t["mutual"].len(), 9);
        for (name, c) in &t["coercive"] {
            assert!(c.suggestion.is_some(), "coercive.{name}");
        }
        let r = rule(Family::Coercive, "threat").unwrap();
        assert_eq!(r.id, "coercive.threat.learned");
        assert!(rule(Family::Coercive, "no-such").is_none());
    }
}
