//! The trained scorer as a user meets it: learned findings beside the lexicon's, with a
//! confidence and evidence; `--no-model` and `model =` in goodfaith.toml; training your own
//! model, reproducibly; evaluating on labelled JSON Lines.

use crate::common;

use common::{counted, file, json, run};
use serde_json::Value;

fn findings(r: &Value) -> Vec<&Value> {
    r["findings"].as_array().unwrap().iter().collect()
}

fn learned<'a>(r: &'a Value, family: &str) -> Vec<&'a Value> {
    findings(r).into_iter().filter(|f| f["family"] == family && f["confidence"].is_number()).collect()
}

fn report_of(text: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("-");
    file(&json(&all, Some(text.as_bytes())).1).clone()
}

#[test]
fn paraphrases_the_lexicon_does_not_spell_out_are_learned_findings() {
    for text in
        ["I'll make sure you never work in this town again.", "Don't bother talking to HR, they won't help you."]
    {
        let r = report_of(text, &[]);
        let l = learned(&r, "coercive");
        assert_eq!(l.len(), 1, "{text}: {:?}", r["findings"]);
        let f = l[0];
        assert!(f["rule"].as_str().unwrap().ends_with(".learned"), "{f}");
        let confidence = f["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{f}");
        let evidence = f["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty() && evidence.iter().all(|e| text.contains(e.as_str().unwrap())), "{f}");
        assert!(f["message"].as_str().unwrap().len() > 20 && f["suggestion"].is_string(), "{f}");
        let without = report_of(text, &["--no-model"]);
        assert!(learned(&without, "coercive").is_empty(), "--no-model: {:?}", without["findings"]);
    }
}

#[test]
fn a_rule_that_fires_wins_over_the_scorer() {
    let r = report_of("Take it or leave it, that is my final offer.", &[]);
    let coercive: Vec<_> = findings(&r).into_iter().filter(|f| f["family"] == "coercive").collect();
    assert!(!coercive.is_empty());
    assert!(coercive.iter().all(|f| f["confidence"].is_null()), "{coercive:?}");
}

#[test]
fn learned_rules_are_listed_explained_and_configurable() {
    let out = run(&["rules", "--format", "json"], None);
    let rules: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in ["coercive.threat.learned", "coercive.passive-aggression.learned", "mutual.interests.learned"] {
        assert!(ids.contains(&id), "{id}");
    }
    let out = run(&["rules", "--format", "json", "--no-model"], None);
    assert!(!String::from_utf8_lossy(&out.stdout).contains(".learned"));
    let out = run(&["explain", "coercive.threat.learned"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("trained sentence scorer"));
    let text = "I'll make sure you never work in this town again.";
    let r = report_of(text, &["--disable", "coercive.threat"]);
    assert!(learned(&r, "coercive").iter().all(|f| f["category"] != "threat"), "{:?}", r["findings"]);
}

/// Written lines for a tiny model: our own sentences.
const LINES: &str = "\
coercive.threat\tchat\tpay me back by friday or your car gets it
coercive.threat\temail\tIf the payment is late again, we will send the bailiffs round.
coercive.threat\tdialogue\tOne more word and you're out on the street.
coercive.ultimatum\tshop\tHurry, this price is gone at midnight!
coercive.ultimatum\temail\tSign today or the offer disappears for good.
coercive.contempt\tdialogue\tYou're too thick to understand a contract.
mutual.interests\temail\tWhat matters most to you in the renewal?
mutual.interests\tmeeting\tSo what would make this work for your team?
mutual.options\tchat\twe could take the water if you want the firewood
none\temail\tThe minutes from Tuesday are attached.
none\tmeeting\tSo the build takes about ten minutes on the new runner.
none\tshop\tFree delivery on orders over thirty pounds.
none\tdialogue\tCan you pass me the salt?
";

#[test]
fn training_is_reproducible_and_the_model_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("lines.tsv");
    std::fs::write(&data, LINES).unwrap();
    let (a, b) = (dir.path().join("a.model"), dir.path().join("b.model"));
    for out in [&a, &b] {
        let r = run(&["train", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()], None);
        assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "the same data gives the same bytes");
    let r = report_of("The minutes are attached.", &["--model", a.to_str().unwrap()]);
    assert!(learned(&r, "coercive").is_empty());

    // goodfaith.toml chooses the model, relative to itself; `false` turns it off.
    let config = dir.path().join("goodfaith.toml");
    let with_config = ["--config", config.to_str().unwrap(), "--format", "json", "--fail-on", "never"];
    std::fs::write(&config, "model = \"a.model\"\n").unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, "I'll make sure you never work in this town again.\n").unwrap();
    let out = run(&[&with_config[..], &[draft.to_str().unwrap()]].concat(), None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&config, "model = false\n").unwrap();
    let out = run(&[&with_config[..], &[draft.to_str().unwrap()]].concat(), None);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(learned(file(&doc), "coercive").is_empty(), "model = false");
}

#[test]
fn bad_models_and_bad_data_are_errors_that_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.model");
    std::fs::write(&junk, b"GFMODEL\0 not really").unwrap();
    let out = run(&["--model", junk.to_str().unwrap(), "-"], Some(b"hello"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.model"));

    let data = dir.path().join("bad.tsv");
    std::fs::write(&data, "none\temail\tfine\ncoercive.nonsense\tchat\thi\n").unwrap();
    let out = run(&["train", "--data", data.to_str().unwrap(), "--out", dir.path().join("m").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tsv:2") && err.contains("coercive.nonsense"), "{err}");
    assert!(!dir.path().join("m").exists(), "no model is written from bad data");

    let config = dir.path().join("goodfaith.toml");
    std::fs::write(&config, "model = \"missing.model\"\n").unwrap();
    let out = run(&["--config", config.to_str().unwrap(), "-"], Some(b"hi"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("goodfaith.toml"));
}

#[test]
fn eval_reads_labelled_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("mine.jsonl");
    let records = [
        r#"{"id": "a", "text": "Take it or leave it.", "coercive": true, "category": "ultimatum"}"#,
        r#"{"id": "b", "text": "The report is attached.", "coercive": false}"#,
        r#"{"id": "c", "text": "A: What do you need most?\nB: Water, mostly.", "kind": "dialogue", "agreed": false, "turns": [{"speaker": "A", "text": "What do you need most?", "labels": ["mutual.interests"]}, {"speaker": "B", "text": "Water, mostly.", "labels": ["none"]}]}"#,
    ];
    std::fs::write(&corpus, records.join("\n") + "\n").unwrap();
    let out = run(&["eval", "--corpus", corpus.to_str().unwrap(), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let ev: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ev = &ev[0];
    assert_eq!(ev["rates"]["records"], 3);
    let d = &ev["detection"]["scores"];
    assert_eq!((d["tp"].as_u64(), d["fp"].as_u64(), d["fn_"].as_u64()), (Some(1), Some(0), Some(0)));
    assert_eq!(ev["recall_by"]["ultimatum"], serde_json::json!([1, 1]));
    assert_eq!(ev["turns"]["tp"], 1, "{}", ev["turns"]);
    assert_eq!(ev["agreement"]["walk_aways"], 1);

    std::fs::write(&corpus, "{\"id\": \"a\", \"text\": \"fine\"}\nnot json\n").unwrap();
    let out = run(&["eval", "--corpus", corpus.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mine.jsonl:2"));
}

/// The paraphrases issue 12 reported as slipping through: each is found now, by a lexicon
/// rule or by the scorer, with no `--no-model` needed to explain which.
#[test]
fn paraphrases_that_slipped_through_are_found() {
    for text in [
        "You have until 5pm to decide.",
        "Do you want to keep your job or not?",
        "You'd be stupid to miss this.",
        "Let's be clear: you will accept these terms.",
        "I'll make sure you never work in this town again.",
        "You'd have to be mad to pass this up.",
    ] {
        let r = report_of(text, &[]);
        assert!(!counted(&r, "coercive").is_empty(), "{text}: {:?}", r["findings"]);
    }
}
