//! The command line as a user runs it: exit codes, stdin, colour, safety, rules, explain.

use crate::common;

use common::{counted, file, json, repo, run};

const HARDBALL: &str = "Rick: This is the price. Take it or leave it.\nSue: Could we talk about the schedule?\nRick: If you don't sign today, we'll cancel every order we have with you.\nSue: Fine, I guess we'll sign.\n";
const STANDUP: &str = "Lee: Yesterday I finished the invoice export.\nMax: I'm on the login bug today.\n";

#[test]
fn version_and_help() {
    let out = run(&["--version"], None);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("goodfaith"));
    assert!(run(&["--help"], None).status.success());
}

#[test]
fn exit_codes_follow_fail_on() {
    let hard = HARDBALL.as_bytes();
    assert_eq!(run(&["-"], Some(hard)).status.code(), Some(1), "an error-level finding fails by default");
    assert_eq!(run(&["--fail-on", "never", "-"], Some(hard)).status.code(), Some(0));
    assert_eq!(run(&[], Some(STANDUP.as_bytes())).status.code(), Some(0));
    assert_eq!(run(&["--fail-on-verdict", "neutral", "-"], Some(STANDUP.as_bytes())).status.code(), Some(1));
    assert_eq!(run(&["--fail-on-verdict", "nonsense", "-"], Some(STANDUP.as_bytes())).status.code(), Some(2));
}

#[test]
fn fail_on_info_counts_coercive_and_signal_findings_never_mutual_ones() {
    // A thank-you and a question about needs are mutual findings: a hook must let them go.
    let polite = "Thank you for sending the figures so quickly. What matters most to you in the renewal?\n";
    assert_eq!(run(&["--fail-on", "info", "-"], Some(polite.as_bytes())).status.code(), Some(0));
    // "so much" and "maybe" only weigh what is near them: a warm or tentative thank-you passes.
    for warm in ["Thanks so much for your help!\n", "I think the draft reads really well, thanks!\n"] {
        assert_eq!(run(&["--fail-on", "info", "-"], Some(warm.as_bytes())).status.code(), Some(0), "{warm}");
    }
    // A commitment is a signal finding at info severity: it counts.
    let commits = "I will send the revised order form by Thursday.\n";
    assert_eq!(run(&["--fail-on", "info", "-"], Some(commits.as_bytes())).status.code(), Some(1));
    let help = String::from_utf8_lossy(&run(&["--help"], None).stdout).into_owned();
    assert!(help.contains("Mutual findings") && help.contains("never fail"), "--help says so:\n{help}");
}

#[test]
fn explain_verdicts_states_the_rules_that_decide() {
    let out = run(&["explain", "--verdicts"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "mutual-agreement",
        "pressured-agreement",
        "working-toward-agreement",
        "empty",
        "Pressure comes from a party",
        "accepts it on a condition",
        "Whoever made the accepted proposal has assented too",
        "We do.",
        "whoever has not said yes",
    ] {
        assert!(text.contains(needle), "explain --verdicts lacks {needle:?}:\n{text}");
    }
    assert_eq!(run(&["explain", "--verdicts", "coercive.threat"], None).status.code(), Some(2));
}

#[test]
fn nothing_to_analyse_is_said_plainly() {
    for input in ["", "   \n\t\n", "\r\n\r\n"] {
        let (_, doc) = json(&["-"], Some(input.as_bytes()));
        let f = file(&doc);
        assert_eq!(f["verdict"], "empty", "{input:?}");
        assert!(f["score"].is_null(), "{input:?}: no score");
        assert_eq!(f["reasons"].as_array().unwrap().len(), 1, "{input:?}: a one-line note");
    }
    let out = run(&["-"], Some(b""));
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("EMPTY") && !human.contains("/100"), "{human}");
    // One word is too little to judge: neutral, and no score parts pretending to measure.
    for word in ["hi", "Thanks!", "Deal."] {
        let (_, doc) = json(&["-"], Some(word.as_bytes()));
        assert_eq!(file(&doc)["verdict"], "neutral", "{word}");
        assert!(file(&doc)["score"].is_null(), "{word}");
    }
    let (_, doc) = json(&["-"], Some(b"Thanks, that helps."));
    assert!(file(&doc)["score"]["total"].is_u64(), "three words are scored");
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[&dir.path().to_string_lossy()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no files to check"), "an empty folder is noted on stderr: {err:?}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn missing_file_is_named_and_others_still_run() {
    let missing = repo("tests/no-such-file.txt");
    let sample = repo("samples/standup.txt");
    let out = run(&["--format", "json", &missing, &sample], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "the readable file is still reported");
    assert_eq!(doc["errors"][0]["path"], missing);
}

#[test]
fn reads_stdin_without_a_path_and_with_dash() {
    for args in [&[][..], &["-"][..]] {
        let (_, doc) = json(args, Some(HARDBALL.as_bytes()));
        let f = file(&doc);
        assert_eq!(f["path"], "-");
        assert_eq!(f["kind"], "conversation");
        assert!(!counted(f, "coercive").is_empty());
    }
}

#[test]
fn json_has_the_documented_shape() {
    let (_, doc) = json(&["-"], Some(HARDBALL.as_bytes()));
    assert_eq!(doc["version"], 1);
    let f = file(&doc);
    for key in ["path", "kind", "verdict", "score", "reasons", "speakers", "findings"] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    for key in ["total", "agreement", "mutuality", "decisiveness", "respect"] {
        assert!(f["score"][key].is_u64(), "score.{key}");
    }
    for key in ["name", "words", "turns", "questions", "coercive", "mutual", "assented", "pressure"] {
        assert!(f["speakers"][0].get(key).is_some(), "speakers[].{key}");
    }
    let finding = &f["findings"][0];
    for key in [
        "rule",
        "family",
        "category",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "speaker",
        "matched",
        "sentence",
        "message",
        "suggestion",
        "negated",
        "quoted",
    ] {
        assert!(finding.get(key).is_some(), "findings[].{key}");
    }
}

#[test]
fn positions_point_at_the_match() {
    let text = "Ann: Hello there.\nBob: Well — take it or leave it.\n";
    let (_, doc) = json(&["-"], Some(text.as_bytes()));
    let f = file(&doc);
    let hit = f["findings"].as_array().unwrap().iter().find(|x| x["matched"] == "take it or leave it").unwrap();
    assert_eq!((hit["line"].as_u64(), hit["column"].as_u64()), (Some(2), Some(13)));
    assert_eq!((hit["end_line"].as_u64(), hit["end_column"].as_u64()), (Some(2), Some(32)));
    assert_eq!(hit["speaker"], "Bob");
    let [a, b] = [0, 1].map(|i| hit["span"][i].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "take it or leave it");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let hard = HARDBALL.as_bytes();
    let plain = run(&["-"], Some(hard));
    assert!(!plain.stdout.contains(&0x1b), "no colour into a pipe");
    assert!(run(&["--color", "always", "-"], Some(hard)).stdout.contains(&0x1b));
    assert!(!run(&["--color", "never", "-"], Some(hard)).stdout.contains(&0x1b));
}

#[test]
fn escape_sequences_from_the_input_never_reach_the_terminal() {
    let text = b"Rick: Take it or leave it \x1b]0;owned\x07 now\x1b[2J \xe2\x80\xae ok.\nSue: Okay.\n";
    for color in ["always", "never"] {
        let out = run(&["--color", color, "-v", "-"], Some(text));
        let s = &out.stdout;
        assert!(!s.windows(4).any(|w| w == b"\x1b]0;"), "OSC leaked ({color})");
        assert!(!s.windows(4).any(|w| w == b"\x1b[2J"), "CSI leaked ({color})");
        assert!(!s.windows(3).any(|w| w == "\u{202e}".as_bytes()), "bidi override leaked ({color})");
        assert!(String::from_utf8_lossy(s).contains("\\x1b"), "shown escaped ({color})");
    }
}

#[test]
fn human_report_names_the_verdict_and_suggests() {
    let out = run(&["-"], Some(HARDBALL.as_bytes()));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("PRESSURED AGREEMENT") || s.contains("COERCIVE"), "{s}");
    assert!(s.contains("-:1:"), "findings as path:line:col\n{s}");
    assert!(s.contains("try:"), "suggestions shown\n{s}");
    assert!(s.contains("timeline"), "{s}");
}

#[test]
fn rules_and_explain() {
    let out = run(&["rules", "--format", "json"], None);
    assert!(out.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules.len() >= 30);
    for key in ["id", "family", "category", "severity", "message"] {
        assert!(rules[0].get(key).is_some(), "{key}");
    }
    let id = rules.iter().find(|r| r["family"] == "coercive").unwrap()["id"].as_str().unwrap().to_string();
    let out = run(&["explain", &id], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Patterns:") && text.contains("A better way to say it"), "{text}");
    assert_eq!(run(&["explain", "no-such-rule"], None).status.code(), Some(2));
    assert!(run(&["explain", "coercive.threat"], None).status.success(), "a whole category");
}

#[test]
fn disable_turns_a_category_off() {
    let (_, doc) = json(&["--disable", "coercive.ultimatum", "-"], Some(b"Ann: Take it or leave it.\nBob: Hm.\n"));
    assert!(counted(file(&doc), "coercive").is_empty());
    assert_eq!(run(&["--disable", "coercive.nothing", "-"], Some(b"x")).status.code(), Some(2));
}

#[test]
fn bad_lexicon_file_is_an_error_naming_file_and_line() {
    let dir = std::env::temp_dir().join(format!("gf-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "family = \"coercive\"\ncategory = \"threat\"\n[[rules]]\nid = \"coercive.threat.x\"\nsurprise = 1\n",
    )
    .unwrap();
    let out = run(&["--lexicon", path.to_str().unwrap(), "-"], Some(b"hi"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:5") && err.contains("surprise"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn too_many_allowed_phrases_is_an_error_naming_the_config_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("goodfaith.toml");
    let limit = goodfaith::lexicon::MAX_PHRASES;
    let phrases: Vec<String> = (0..limit).map(|i| format!("\"p{i}\"")).collect();
    std::fs::write(&config, format!("# allowed\n[rules]\nallow = [{}]\n", phrases.join(","))).unwrap();
    let out = run(&["--config", config.to_str().unwrap(), "-"], Some(b"hi"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("goodfaith.toml:3: `rules.allow`:"), "{err}");
    assert!(err.contains(&format!("{limit} phrases allowed")), "{err}");
}

#[test]
fn clap_definition_is_consistent() {
    use clap::CommandFactory;
    #[path = "../../src/cli/args.rs"]
    #[allow(dead_code)]
    mod args;
    args::Cli::command().debug_assert();
}

#[test]
fn the_human_report_wraps_to_the_terminal_width() {
    let report = |columns: Option<&str>| {
        let mut c = common::bin();
        c.arg("samples").current_dir(repo("")).env("NO_COLOR", "1");
        match columns {
            Some(n) => c.env("COLUMNS", n),
            None => c.env_remove("COLUMNS"),
        };
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let wrapped = report(Some("80"));
    assert!(widest(&wrapped) <= 80, "{}", wrapped.lines().find(|l| l.chars().count() > 80).unwrap());
    // Wrapping moves words to new lines; it never drops one.
    let unwrapped = report(None);
    assert!(widest(&unwrapped) > 120, "a pipe gets long lines");
    let words = |t: &str| t.split_whitespace().filter(|w| !w.starts_with('(')).count();
    assert!(words(&wrapped).abs_diff(words(&unwrapped)) < 5);
}
