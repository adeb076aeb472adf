//! The README's shell lines read as a shell reads them, as far as its examples need:
//! continued lines, comments, quotes, operators and redirections; and which of the
//! commands run goodfaith.

/// Commands that run the command line given after their own options.
const WRAPPERS: [&str; 2] = ["parallel", "valgrind"];

/// The command lines of an `sh` block, continued lines joined: (index of the first
/// line in the block, command, comment).
pub(super) fn command_lines(text: &str) -> Vec<(usize, String, String)> {
    let mut out = vec![];
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let (command, comment) = split_comment(line);
        let (first, mut joined) = pending.take().unwrap_or((i, String::new()));
        match command.trim_end().strip_suffix('\\') {
            Some(continued) => {
                joined.push_str(continued);
                pending = Some((first, joined));
            }
            None => {
                joined.push_str(command);
                if !joined.trim().is_empty() {
                    out.push((first, joined, comment.to_string()));
                }
            }
        }
    }
    out
}

/// A line split at its comment: a `#` that starts a word outside quotes.
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '#') if previous.is_whitespace() => return (&line[..i], &line[i + 1..]),
            _ => {}
        }
        previous = c;
    }
    (line, "")
}

/// A word of a command line.
#[derive(Debug, Default)]
pub(super) struct Word {
    text: String,
    /// Some of it was in quotes.
    quoted: bool,
    /// `|`, `||`, `&&`, `;`, `(`, `)`, `>`, `>>` or `<`.
    operator: bool,
}

/// The words of a shell command line, quoted parts joined into their word.
pub(super) fn words(line: &str) -> Vec<Word> {
    let mut out = vec![];
    let mut word: Option<Word> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            out.extend(word.take());
        } else if "|&;()<>".contains(c) {
            out.extend(word.take());
            let mut text = c.to_string();
            if matches!((c, chars.peek()), ('|', Some('|')) | ('&', Some('&')) | ('>', Some('>'))) {
                text.extend(chars.next());
            }
            out.push(Word { text, quoted: false, operator: true });
        } else {
            let w = word.get_or_insert_with(Word::default);
            if c == '\'' || c == '"' {
                w.quoted = true;
                w.text.extend(chars.by_ref().take_while(|&q| q != c));
            } else {
                w.text.push(c);
            }
        }
    }
    out.extend(word);
    out
}

/// A goodfaith command found in a command line.
pub(super) struct Invocation {
    pub(super) args: Vec<String>,
    /// It reads what the command before it writes.
    pub(super) piped: bool,
}

/// The goodfaith commands of a command line (see the module's comment for which).
pub(super) fn invocations(words: &[Word]) -> Vec<Invocation> {
    let mut out = vec![];
    let (mut command, mut piped, mut redirected) = (vec![], false, false);
    for word in words.iter().chain([&Word { text: ";".into(), quoted: false, operator: true }]) {
        if !word.operator {
            // A redirection's target is not an argument.
            if !std::mem::take(&mut redirected) {
                command.push(word);
            }
            continue;
        }
        if matches!(word.text.as_str(), ">" | ">>" | "<") {
            redirected = true;
            continue;
        }
        for w in command.iter().filter(|w| w.quoted && w.text.contains(' ')) {
            out.extend(invocations(&self::words(&w.text)));
        }
        if let Some(args) = goodfaith_args(&command) {
            out.push(Invocation { args, piped });
        }
        command.clear();
        piped = word.text == "|";
    }
    out
}

/// The arguments of goodfaith in one simple command, when it runs goodfaith.
fn goodfaith_args(command: &[&Word]) -> Option<Vec<String>> {
    let texts: Vec<&str> = command.iter().map(|w| w.text.as_str()).skip_while(|t| is_assignment(t)).collect();
    let is_goodfaith = |t: &&str| !t.contains('=') && t.rsplit('/').next() == Some("goodfaith");
    let program = *texts.first()?;
    let at = if is_goodfaith(&program) {
        0
    } else if texts.starts_with(&["cargo", "run", "--release", "--"]) {
        3
    } else if WRAPPERS.contains(&program) {
        texts.iter().position(is_goodfaith)?
    } else {
        return None;
    };
    Some(texts[at + 1..].iter().map(ToString::to_string).collect())
}

/// `NAME=value` before a command.
fn is_assignment(word: &str) -> bool {
    word.split_once('=')
        .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// The exit a command's comment states ("exits 0", "exit 1 on any warning"), if any.
pub(super) fn stated_exit(comment: &str) -> Option<i32> {
    let rest = &comment[comment.find("exit")? + "exit".len()..];
    let digit = rest.strip_prefix('s').unwrap_or(rest).trim_start().chars().next()?;
    digit.to_digit(10).map(|d| d as i32)
}
