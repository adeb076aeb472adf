//! Closed word classes the lexicon and the context rules share.

/// Words that negate what follows them in the clause.
pub const NEGATORS: &[&str] =
    &["not", "no", "never", "nobody", "none", "neither", "nor", "without", "hardly", "barely", "nowhere"];
