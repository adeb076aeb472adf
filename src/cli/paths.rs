//! Paths as the user and the config file see them: absolute without touching the
//! file system (no symlink resolution, so `..` behaves as typed), and relative to a base
//! directory with `/` separators, for globs, baselines and reports.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..` folded.
pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `path` relative to `base` (both made absolute), with `/` separators; `None` when it
/// is not inside `base`.
pub fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = absolute(path).strip_prefix(absolute(base)).ok()?.to_path_buf();
    Some(slashes(&rel))
}

/// A path with `/` separators.
pub fn slashes(path: &Path) -> String {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// A path to show: `./hr/leave.md` as `hr/leave.md`.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").map(str::to_string).unwrap_or_else(|| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_dots_and_relativises() {
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(relative(Path::new("/repo/hr/../hr/leave.md"), Path::new("/repo")).as_deref(), Some("hr/leave.md"));
        assert_eq!(relative(Path::new("/elsewhere/x.md"), Path::new("/repo")), None);
        assert_eq!(display(Path::new("./hr/leave.md")), "hr/leave.md");
        assert_eq!(display(Path::new("../x.md")), "../x.md");
    }
}
