//! The taxonomy's categories (TAXONOMY.md) as a type, so the analysis names them by
//! variant and a category renamed in a lexicon file fails the build instead of silently
//! changing verdicts. Signal categories are closed: signals mean only what the analysis
//! does with them. A user's file may add coercive and mutual categories of its own
//! ([`Category::Custom`]); the built-in files use the taxonomy's, every one of them
//! ([`covers_taxonomy`]).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rule::Rule;
use crate::schema::Family;

/// Defines [`Category`] from one table of (family, name in the files, variant).
macro_rules! categories {
    ($($family:ident $name:literal $variant:ident,)*) => {
        /// A rule's category.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Category {
            $(#[doc = concat!("`", stringify!($family), ".", $name, "`")] $variant,)*
            /// A coercive or mutual category a user's lexicon file adds.
            Custom(Arc<str>),
        }

        impl Category {
            /// The taxonomy's categories, in the order of TAXONOMY.md's families.
            pub const KNOWN: &'static [Category] = &[$(Category::$variant),*];

            /// The taxonomy category named `name`, if there is one (a user's custom
            /// category is not).
            pub fn known(name: &str) -> Option<Category> {
                match name {
                    $($name => Some(Category::$variant),)*
                    _ => None,
                }
            }

            /// The name of a taxonomy category.
            fn known_name(&self) -> Option<&'static str> {
                match self {
                    $(Category::$variant => Some($name),)*
                    Category::Custom(_) => None,
                }
            }

            /// The family of a taxonomy category (a custom one's is its rules').
            pub fn family(&self) -> Option<Family> {
                match self {
                    $(Category::$variant => Some(Family::$family),)*
                    Category::Custom(_) => None,
                }
            }
        }
    };
}

categories! {
    Coercive "threat" Threat,
    Coercive "ultimatum" Ultimatum,
    Coercive "scarcity-bandwagon" ScarcityBandwagon,
    Coercive "guilt" Guilt,
    Coercive "contempt" Contempt,
    Coercive "blame" Blame,
    Coercive "gaslighting" Gaslighting,
    Coercive "stonewalling" Stonewalling,
    Coercive "minimizing" Minimizing,
    Coercive "false-benevolence" FalseBenevolence,
    Coercive "false-dilemma" FalseDilemma,
    Coercive "commitment-trap" CommitmentTrap,
    Coercive "isolation" Isolation,
    Coercive "confirmshaming" Confirmshaming,
    Coercive "passive-aggression" PassiveAggression,
    Coercive "unilateral" Unilateral,
    Mutual "interests" Interests,
    Mutual "acknowledge" Acknowledge,
    Mutual "options" Options,
    Mutual "criteria" Criteria,
    Mutual "joint" Joint,
    Mutual "autonomy" Autonomy,
    Mutual "repair" Repair,
    Mutual "challenge" Challenge,
    Mutual "rapport" Rapport,
    Signal "assent" Assent,
    Signal "resigned-assent" ResignedAssent,
    Signal "refusal" Refusal,
    Signal "commitment" Commitment,
    Signal "question" Question,
    Signal "concession" Concession,
    Signal "fairness-claim" FairnessClaim,
    Signal "hedge" Hedge,
    Signal "intensifier" Intensifier,
    Signal "request" Request,
    Signal "proposal" Proposal,
    Signal "conditional-assent" ConditionalAssent,
    Signal "closure" Closure,
    Signal "deferral" Deferral,
}

impl Category {
    /// The category `name` of a file of `family`: a taxonomy category of that family,
    /// or a new coercive or mutual one.
    pub fn parse(family: Family, name: &str) -> Result<Category, String> {
        match Category::known(name) {
            Some(c) if c.family() == Some(family) => Ok(c),
            Some(c) => Err(format!(
                "`{name}` is a {} category, not a {} one",
                c.family().map_or("", Family::as_str),
                family.as_str()
            )),
            None if family == Family::Signal => Err(format!(
                "no signal category `{name}`: the analysis reads signals by category, so they are fixed ({})",
                Category::names(Family::Signal).join(", ")
            )),
            None => Ok(Category::Custom(name.into())),
        }
    }

    /// The name lexicon files, ids and output use (`resigned-assent`).
    pub fn name(&self) -> &str {
        match self {
            Category::Custom(name) => name,
            known => known.known_name().unwrap_or_default(),
        }
    }

    /// The names of the taxonomy's categories of `family`.
    pub fn names(family: Family) -> Vec<&'static str> {
        Category::KNOWN.iter().filter(|c| c.family() == Some(family)).filter_map(Category::known_name).collect()
    }
}

/// Checks that `rules` (the built-in lexicons') use only the taxonomy's categories and
/// every one of them, so a category renamed in a file stops the build.
pub fn covers_taxonomy<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Result<(), String> {
    let mut seen = vec![false; Category::KNOWN.len()];
    for rule in rules {
        match Category::KNOWN.iter().position(|c| *c == rule.category) {
            Some(i) => seen[i] = true,
            None => return Err(format!("rule {}: `{}` is not a TAXONOMY.md category", rule.id, rule.category)),
        }
    }
    let missing: Vec<String> = Category::KNOWN
        .iter()
        .zip(seen)
        .filter(|(_, seen)| !seen)
        .map(|(c, _)| format!("{}.{c}", c.family().map_or("", Family::as_str)))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no rules for the categories the analysis reads: {}", missing.join(", ")))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_to_their_category_and_family() {
        for c in Category::KNOWN {
            let family = c.family().unwrap();
            assert_eq!(Category::parse(family, c.name()).as_ref(), Ok(c));
            assert_eq!(Category::KNOWN.iter().filter(|k| k.name() == c.name()).count(), 1, "{c}");
        }
        assert_eq!(Category::names(Family::Coercive).len(), 16);
        assert_eq!(Category::names(Family::Mutual).len(), 9);
        assert_eq!(Category::names(Family::Signal).len(), 14);
    }

    #[test]
    fn users_add_coercive_and_mutual_categories_but_not_signal_ones() {
        assert_eq!(Category::parse(Family::Coercive, "crunch"), Ok(Category::Custom("crunch".into())));
        assert_eq!(Category::parse(Family::Mutual, "crunch").unwrap().name(), "crunch");
        let err = Category::parse(Family::Signal, "agreement").unwrap_err();
        assert!(err.contains("no signal category `agreement`") && err.contains("resigned-assent"), "{err}");
        let err = Category::parse(Family::Mutual, "threat").unwrap_err();
        assert_eq!(err, "`threat` is a coercive category, not a mutual one");
    }

    #[test]
    fn a_renamed_category_fails_the_load_or_the_taxonomy_check() {
        let file = |family: &str, category: &str| {
            format!("family = \"{family}\"\ncategory = \"{category}\"\n\n[[rules]]\nid = \"{family}.{category}.x\"\nseverity = \"info\"\nmessage = \"m\"\nsuggestion = \"s\"\npatterns = [\"we could\"]\n")
        };
        let mut seg = goodfaith_text::Segmenter::new();
        let err = crate::load_file("s.toml", &file("signal", "agreement"), &mut seg).unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (Some(2), Some("category")), "{err}");
        let rules = |src: &str| crate::load_file("f.toml", src, &mut goodfaith_text::Segmenter::new()).unwrap();
        let threats = rules(&file("coercive", "threats"));
        let err = covers_taxonomy(threats.iter().map(|l| &l.rule)).unwrap_err();
        assert!(err.contains("`threats` is not a TAXONOMY.md category"), "{err}");
        let options = rules(&file("mutual", "options"));
        let err = covers_taxonomy(options.iter().map(|l| &l.rule)).unwrap_err();
        assert!(err.contains("coercive.threat, ") && !err.contains("mutual.options"), "{err}");
    }
}
