//! Standard policy clauses and the profiles (TAXONOMY.md, document mode): auto-renewal,
//! "we reserve the right", sole discretion, liability limits, arbitration and class-action
//! waivers are flagged under `policy-strict` only, and neither a lexicon rule nor the trained
//! scorer reports them under the default `policy` profile. Every sentence is our own writing.

use crate::common;

use common::{file, json};
use serde_json::Value;

/// Strict-only clauses, several phrasings of each kind, with the strict rule that names it.
const STRICT_ONLY: &[(&str, &str)] = &[
    ("auto-renewal", "Your subscription will automatically renew every year."),
    ("auto-renewal", "Your gym membership will automatically renew every month."),
    ("auto-renewal", "Your subscription will renew automatically every year."),
    ("auto-renewal", "Your plan renews automatically each year, and the fee is taken from your card."),
    ("auto-renewal", "The membership renews automatically at the end of each term unless you cancel."),
    ("auto-renewal", "This agreement will renew automatically for successive one-year periods."),
    ("auto-renewal", "Plans auto-renew each month at the standard rate."),
    ("auto-renewal", "Unless you cancel before the trial ends, you will be charged the monthly fee."),
    ("auto-renewal", "Your subscription will renew every year."),
    ("auto-renewal", "Your card will be charged automatically every year."),
    ("auto-renewal", "Your subscription will automatically continue every year."),
    ("auto-renewal", "Memberships continue for successive twelve-month periods unless terminated in writing."),
    ("sole-discretion", "We reserve the right to refuse service."),
    ("sole-discretion", "The organisers reserve the right to cancel the event."),
    ("sole-discretion", "The landlord reserves the right to inspect the property."),
    ("sole-discretion", "Refunds are given at our sole discretion."),
    ("sole-discretion", "Membership may be refused at the club's discretion."),
    ("sole-discretion", "We may update these terms at any time."),
    ("sole-discretion", "Seating is allocated as we see fit."),
    ("liability-limit", "In no event will the supplier be liable for lost profits."),
    ("liability-limit", "The software is provided as is, without warranty of any kind."),
    ("liability-limit", "We are not liable for any indirect loss."),
    ("liability-limit", "Our liability is limited to the price of the goods."),
    ("liability-limit", "We exclude all liability for loss of data."),
    ("liability-limit", "The hotel will not be liable for any loss of valuables."),
    ("dispute-waiver", "Any dispute arising from this agreement will be settled by binding arbitration."),
    ("dispute-waiver", "You agree to waive your right to participate in a class action."),
    ("dispute-waiver", "You waive any right to a jury trial."),
    ("dispute-waiver", "Disputes will be resolved by arbitration, not in court."),
    ("dispute-waiver", "Class actions are not permitted under this agreement."),
    ("dispute-waiver", "All disputes shall be resolved exclusively by arbitration in London."),
];

/// Ordinary clauses of the same documents that no profile flags.
const NEUTRAL: &[&str] = &[
    "This agreement is governed by the laws of England and Wales.",
    "The courts of Scotland have exclusive jurisdiction over any dispute.",
    "Either party may terminate this agreement if the other commits a material breach and fails to remedy it within 30 days of written notice.",
    "We may terminate this agreement immediately if you breach it materially.",
    "If any provision of these terms is found unenforceable, the remaining provisions stay in effect.",
    "Neither party is responsible for delays caused by events beyond its reasonable control.",
    "This document is the entire agreement between the parties about its subject.",
    "You may not transfer your rights under these terms without our written consent.",
    "Fees are non-refundable once the course has started.",
];

fn coercive(text: &str, profile: &str) -> Vec<Value> {
    let (_, doc) = json(&["--profile", profile, "-"], Some(text.as_bytes()));
    let findings = file(&doc)["findings"].as_array().unwrap().clone();
    findings.into_iter().filter(|f| f["family"] == "coercive").collect()
}

fn rules(findings: &[Value]) -> Vec<&str> {
    findings.iter().map(|f| f["rule"].as_str().unwrap()).collect()
}

#[test]
fn strict_only_clauses_are_quiet_under_policy_and_flagged_under_policy_strict() {
    for (rule, text) in STRICT_ONLY {
        let policy = coercive(text, "policy");
        assert!(policy.is_empty(), "policy: {text}: {:?}", rules(&policy));
        let strict = coercive(text, "policy-strict");
        let want = format!("coercive.unilateral.{rule}");
        assert!(rules(&strict).contains(&want.as_str()), "policy-strict: {text}: {:?}", rules(&strict));
    }
}

#[test]
fn ordinary_clauses_are_quiet_under_both_policy_profiles() {
    for text in NEUTRAL {
        for profile in ["policy", "policy-strict"] {
            let found = coercive(text, profile);
            assert!(found.is_empty(), "{profile}: {text}: {:?}", rules(&found));
        }
    }
}

/// A rule held back by the profile keeps the scorer quiet on its sentence, whatever the
/// scorer would say: here a user's strict-only rule on a threat the scorer finds alone.
#[test]
fn a_rule_the_profile_holds_back_keeps_the_scorer_quiet_on_its_sentence() {
    let text = "I'll make sure you never work in this town again.";
    let learned = coercive(text, "policy");
    assert_eq!(rules(&learned), ["coercive.threat.learned"], "the scorer alone finds it");

    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("house.toml");
    std::fs::write(
        &lexicon,
        "family = \"coercive\"\ncategory = \"threat\"\n[[rules]]\nid = \"coercive.threat.town\"\n\
         severity = \"warning\"\nmessage = \"m\"\nsuggestion = \"s\"\nprofiles = [\"policy-strict\"]\n\
         patterns = [\"never work in this town again\"]\n",
    )
    .unwrap();
    let with = |profile| {
        let (_, doc) =
            json(&["--profile", profile, "--lexicon", lexicon.to_str().unwrap(), "-"], Some(text.as_bytes()));
        let findings = file(&doc)["findings"].as_array().unwrap().iter();
        findings.filter(|f| f["family"] == "coercive").map(|f| f["rule"].as_str().unwrap().to_string()).collect()
    };
    let policy: Vec<String> = with("policy");
    assert!(policy.is_empty(), "policy: {policy:?}");
    assert_eq!(with("policy-strict"), ["coercive.threat.town"]);
}

/// A clause the profile keeps quiet on is no coercion that outweighs a good-faith move in the
/// same sentence; where the profile flags it, the coercion wins (no learned mutual finding).
#[test]
fn a_clause_kept_quiet_does_not_hide_a_good_move_beside_it() {
    let text = "We reserve the right to move the session, and you can pick whichever new slot suits you.";
    let mutual = |profile| {
        let (_, doc) = json(&["--profile", profile, "-"], Some(text.as_bytes()));
        let findings = file(&doc)["findings"].as_array().unwrap().clone();
        findings.into_iter().filter(|f| f["family"] == "mutual").count()
    };
    assert_eq!((coercive(text, "policy").len(), mutual("policy")), (0, 1), "policy");
    assert_eq!(rules(&coercive(text, "policy-strict")), ["coercive.unilateral.sole-discretion"]);
    assert_eq!(mutual("policy-strict"), 0, "policy-strict");
}
