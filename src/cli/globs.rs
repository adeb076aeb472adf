//! Globs from the config file (`exclude`, `[[overrides]] paths`), matched against paths
//! relative to the config file's directory, the way `.gitignore` reads them: `*` stays
//! within one folder, `**` crosses folders, a pattern without `/` matches at any depth,
//! and a pattern that matches a folder matches everything in it.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::paths::relative;

/// Compiled globs and the directory they are relative to.
#[derive(Debug, Clone)]
pub struct Globs {
    base: PathBuf,
    set: GlobSet,
}

impl Globs {
    /// Compiles `patterns`; an error carries the index of the bad pattern.
    pub fn new(base: &Path, patterns: &[&str]) -> Result<Globs, (usize, String)> {
        let mut b = GlobSetBuilder::new();
        for (i, p) in patterns.iter().enumerate() {
            let glob = GlobBuilder::new(&normalise(p))
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| (i, e.kind().to_string()))?;
            b.add(glob);
        }
        let set = b.build().map_err(|e| (0, e.to_string()))?;
        Ok(Globs { base: base.to_path_buf(), set })
    }

    /// True when `path`, or a folder it is in, matches (below the base directory).
    pub fn is_match(&self, path: &Path) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let Some(rel) = relative(path, &self.base) else { return false };
        if self.set.is_match(&rel) {
            return true;
        }
        rel.match_indices('/').any(|(i, _)| self.set.is_match(&rel[..i]))
    }
}

/// `drafts/` → `drafts/**`; `*.eml` → `**/*.eml`; `/top.md` → `top.md`.
fn normalise(pattern: &str) -> String {
    let p = pattern.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    let anchored = p.starts_with('/') || p.trim_end_matches('/').contains('/');
    let p = p.trim_start_matches('/');
    let p = match p.strip_suffix('/') {
        Some(dir) => format!("{dir}/**"),
        None => p.to_string(),
    };
    if anchored || p.starts_with("**") {
        p
    } else {
        format!("**/{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_gitignore() {
        let base = Path::new("/repo");
        // (pattern, path, matches)
        let cases = [
            ("drafts/**", "/repo/drafts/a.md", true),
            ("drafts/**", "/repo/drafts/x/y.md", true),
            ("drafts/**", "/repo/other/drafts/a.md", false),
            ("drafts", "/repo/other/drafts/a.md", true),
            ("drafts/", "/repo/drafts/a.md", true),
            ("*.eml", "/repo/mail/x.eml", true),
            ("policies/*.md", "/repo/policies/a.md", true),
            ("policies/*.md", "/repo/policies/hr/a.md", false),
            ("policies/**", "/repo/policies/hr/a.md", true),
            ("/README.md", "/repo/README.md", true),
            ("/README.md", "/repo/docs/README.md", false),
            ("policies/**", "/elsewhere/policies/a.md", false),
        ];
        for (pattern, path, want) in cases {
            let g = Globs::new(base, &[pattern]).unwrap();
            assert_eq!(g.is_match(Path::new(path)), want, "{pattern} on {path}");
        }
    }

    #[test]
    fn a_bad_glob_names_its_index() {
        let err = Globs::new(Path::new("/"), &["ok/**", "bad[", "x"]).unwrap_err();
        assert_eq!(err.0, 1);
    }
}
