//! Word wrapping for the report for people: lines fit the terminal, continuation lines
//! keep their indent. Colour codes take no room; white space inside a text (a sentence
//! that ran over lines of a PDF) becomes single spaces.

/// Wraps `text`, which starts after `first` columns already used on its line, to `width`
/// columns, indenting continuation lines by `indent` spaces. No width: one line.
pub fn wrap(text: &str, first: usize, indent: usize, width: Option<usize>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut column = first;
    // Narrow terminals still get a few words per line.
    let width = width.map(|w| w.max(indent + 20));
    for word in text.split_whitespace() {
        let w = visible_width(word);
        if column > first || (column == first && !out.is_empty()) {
            if width.is_some_and(|max| column + 1 + w > max) {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                column = indent;
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(word);
        column += w;
    }
    out
}

/// Columns a word takes on a terminal: its characters, without ANSI colour sequences.
fn visible_width(word: &str) -> usize {
    let mut n = 0;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ … m: skip to the final letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// The width to wrap the report for people to: `COLUMNS` when set, else the terminal's
/// when standard output is one, else none (a file or a pipe gets long lines).
pub fn terminal_width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&n| n > 0) {
        return Some(n);
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0 as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_a_hanging_indent_and_ignores_colour() {
        let text = "A document sanction used as pressure: a harsh or immediate penalty for missing a step.";
        let wrapped = wrap(text, 4, 4, Some(40));
        for line in wrapped.lines() {
            assert!(line.chars().count() + 4 <= 40 || !line.contains(' '), "{line:?}");
        }
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ") && !l.starts_with("     ")), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        let coloured = "\u{1b}[1;31m«take it or leave it»\u{1b}[0m";
        assert_eq!(visible_width(coloured), "«take it or leave it»".chars().count());
        assert_eq!(wrap("one\ntwo  three", 0, 2, None), "one two three");
    }
}
