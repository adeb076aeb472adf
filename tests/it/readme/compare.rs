//! Comparing what the README shows with what goodfaith prints.

use serde_json::Value;

/// `line` matches `shown` where each `…` in `shown` stands for any text.
pub(super) fn matches(shown: &str, line: &str) -> bool {
    let mut parts = shown.split('\u{2026}');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else { return false };
    let mut parts: Vec<&str> = parts.collect();
    let Some(last) = parts.pop() else { return rest.is_empty() };
    for part in parts {
        let Some(at) = rest.find(part) else { return false };
        rest = &rest[at + part.len()..];
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Every key of `shown` is in `real` with a value of the same JSON type; an array's
/// elements are compared with the real elements at the same place (or its last one).
pub(super) fn same_shape(shown: &Value, real: &Value, at: &str, wrong: &mut Vec<String>) {
    match (shown, real) {
        (Value::Object(shown), Value::Object(real)) => {
            for (key, value) in shown {
                match real.get(key) {
                    Some(r) => same_shape(value, r, &format!("{at}.{key}"), wrong),
                    None => wrong.push(format!("{at}.{key} is not in the output")),
                }
            }
        }
        (Value::Array(shown), Value::Array(real)) => {
            for (i, value) in shown.iter().enumerate() {
                match real.get(i).or(real.last()) {
                    Some(r) => same_shape(value, r, &format!("{at}[{i}]"), wrong),
                    None => wrong.push(format!("{at} is empty in the output")),
                }
            }
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        _ => wrong.push(format!("{at}: the README shows {shown}, the output has {real}")),
    }
}

/// JSON with `//` comments, as the README writes it, without them.
pub(super) fn without_comments(text: &str) -> String {
    text.lines().map(|line| split_json_comment(line).trim_end()).collect::<Vec<_>>().join("\n")
}

fn split_json_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if previous != '\\' => in_string = !in_string,
            '/' if !in_string && line[i + 1..].starts_with('/') => return &line[..i],
            _ => {}
        }
        previous = c;
    }
    line
}
