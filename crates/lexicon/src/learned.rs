//! What a learned finding says, per taxonomy category (`model/categories.toml`): read and
//! checked by `build.rs` when the binary is built, and embedded in postcard's format, so
//! start-up parses no TOML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::error::LexiconError;
use crate::schema::{Family, Severity};

/// A category's finding text and weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryText {
    /// Severity of a finding.
    pub severity: Severity,
    /// Weight of a confident finding.
    pub weight: f32,
    /// What it is and why it matters.
    pub message: String,
    /// A better way to say it (coercive categories).
    pub suggestion: Option<String>,
}

/// The texts by family name (`coercive`, `mutual`), then category name.
pub type CategoryTexts = BTreeMap<String, BTreeMap<String, CategoryText>>;

/// Parses and checks the category texts at `path`: only the coercive and mutual
/// families, only the taxonomy's categories, and a suggestion for every coercive one.
pub fn parse_category_texts(path: &str, source: &str) -> Result<CategoryTexts, LexiconError> {
    let texts: CategoryTexts = toml::from_str(source)
        .map_err(|e| LexiconError::at(path, source, e.span().map(|s| s.start), None, e.message().trim()))?;
    for (family, categories) in &texts {
        let fam = match family.as_str() {
            "coercive" => Family::Coercive,
            "mutual" => Family::Mutual,
            _ => {
                return Err(
                    LexiconError::new(path, "only `coercive` and `mutual` categories have texts").with_key(family)
                )
            }
        };
        for (name, text) in categories {
            let key = format!("{family}.{name}");
            if !Category::names(fam).contains(&name.as_str()) {
                return Err(LexiconError::new(path, "not a category of TAXONOMY.md").with_key(key));
            }
            if fam == Family::Coercive && text.suggestion.is_none() {
                return Err(LexiconError::new(path, "a coercive category needs a `suggestion`").with_key(key));
            }
        }
    }
    Ok(texts)
}

/// Reads back the texts `build.rs` embedded; they were checked then, so malformed ones
/// are a build bug.
pub fn read_category_texts(bytes: &[u8]) -> CategoryTexts {
    postcard::from_bytes(bytes).expect("the embedded category texts are malformed: rebuild goodfaith")
}

/// The texts in the form [`read_category_texts`] reads.
pub fn write_category_texts(texts: &CategoryTexts) -> Vec<u8> {
    postcard::to_allocvec(texts).expect("category texts serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "[coercive.threat]\nseverity = \"warning\"\nweight = 1.0\nmessage = \"m\"\nsuggestion = \"s\"\n\n\
                        [mutual.options]\nseverity = \"info\"\nweight = 0.5\nmessage = \"m\"\n";

    #[test]
    fn texts_read_back_as_written() {
        let texts = parse_category_texts("c.toml", GOOD).unwrap();
        assert_eq!(read_category_texts(&write_category_texts(&texts)), texts);
        assert_eq!(texts["mutual"]["options"].weight, 0.5);
    }

    #[test]
    fn unknown_families_categories_and_missing_suggestions_are_errors() {
        let cases = [
            (GOOD.replace("mutual.options", "signal.request"), "signal"),
            (GOOD.replace("coercive.threat", "coercive.threats"), "coercive.threats"),
            (GOOD.replace("suggestion = \"s\"\n", ""), "coercive.threat"),
        ];
        for (source, key) in cases {
            let e = parse_category_texts("c.toml", &source).unwrap_err();
            assert_eq!(e.key.as_deref(), Some(key), "{e}");
        }
        let e = parse_category_texts("c.toml", "[coercive.threat]\nseverity = 3\n").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("c.toml", Some(2)), "{e}");
    }
}
