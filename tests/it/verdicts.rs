//! Verdicts people agree with (issue 13), as a user meets them: agreement tracked as
//! dialogue, negation that stays in its clause, pressure that comes from a party,
//! passive aggression, deadlines and forced choices, policy clauses whose parts have
//! words between them. Every text here was written for these tests.

use crate::common;

use common::{counted, file, json};

/// The JSON report of `text` given on standard input with extra arguments.
fn report(text: &str, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("-");
    let (_, doc) = json(&all, Some(text.as_bytes()));
    file(&doc).clone()
}

fn verdict(r: &serde_json::Value) -> &str {
    r["verdict"].as_str().unwrap()
}

fn assented(r: &serde_json::Value) -> Vec<(String, bool)> {
    r["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["assented"].as_bool().unwrap()))
        .collect()
}

fn reasons(r: &serde_json::Value) -> String {
    r["reasons"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect::<Vec<_>>().join(" ")
}

fn categories(r: &serde_json::Value, family: &str) -> Vec<String> {
    let rules = counted(r, family).into_iter().map(|(_, rule)| rule);
    rules.map(|rule| rule.split('.').nth(1).unwrap().to_string()).collect()
}

#[test]
fn a_standalone_no_never_negates_the_next_sentence() {
    let cases = [
        ("Dana: No. Take it or leave it.\nSam: Fine.\n", "ultimatum"),
        ("Dana: I said no. You'll regret it.\nSam: Okay.\n", "threat"),
        ("Dana: No. You're overreacting.\nSam: Right.\n", "gaslighting"),
    ];
    for (text, category) in cases {
        let r = report(text, &[]);
        assert!(categories(&r, "coercive").contains(&category.to_string()), "{text:?}: {r}");
    }
    // The resigned yes after the ultimatum is pressured, from a party.
    let r = report(cases[0].0, &[]);
    assert_eq!(verdict(&r), "pressured-agreement", "{}", reasons(&r));
}

#[test]
fn a_short_negotiation_that_ends_in_a_deal_is_an_agreement() {
    let srt =
        "1\n00:00:01,000 --> 00:00:04,000\nPriya: We could move delivery to the 14th if you cover the courier.\n\n\
               2\n00:00:05,000 --> 00:00:08,000\nTom: Deal, that works for us.\n";
    let r = report(srt, &["--input-format", "srt"]);
    assert_eq!(verdict(&r), "mutual-agreement", "{}", reasons(&r));
    assert!(assented(&r).iter().all(|(_, yes)| *yes), "{:?}", assented(&r));
}

#[test]
fn making_the_accepted_proposal_counts_as_assent_in_an_mbox_thread() {
    let mbox = "From jordan@example.com Mon Mar  2 09:00:00 2026\nFrom: Jordan Lee <jordan@example.com>\n\
                To: Alex Kim <alex@example.com>\nSubject: Offsite\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n\n\
                Hi Alex,\n\nHow about we book the river room for the 20th and split the catering 50/50?\n\nJordan\n\n\
                From alex@example.com Mon Mar  2 10:00:00 2026\nFrom: Alex Kim <alex@example.com>\n\
                To: Jordan Lee <jordan@example.com>\nSubject: Re: Offsite\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\n\
                Sounds good, let's do it.\n\nAlex\n";
    let r = report(mbox, &["--input-format", "mbox"]);
    assert_eq!(verdict(&r), "mutual-agreement", "{}", reasons(&r));
    assert!(assented(&r).iter().all(|(_, yes)| *yes), "{:?}", assented(&r));
    assert!(!reasons(&r).contains("did not say yes"), "{}", reasons(&r));
}

#[test]
fn a_short_yes_to_concrete_terms_is_assent_on_both_sides() {
    // Whether it is also a mutual agreement depends on whether the one who said "yep"
    // ever voiced a need of their own; that they both said yes does not.
    let cases = [
        "Ana: I'll take two of the chairs and you keep the sofa.\nBen: yep\n",
        "Ana: So you get 3 boxes and I get 2?\nBen: ok\n",
        "Ana: 3 for me, 2 for you?\nBen: 👍\n",
        "ana: how about u take 2 and i take 1\nben: k\n",
    ];
    for text in cases {
        let r = report(text, &[]);
        assert!(assented(&r).iter().all(|(_, yes)| *yes), "{text:?}: {:?} {}", assented(&r), reasons(&r));
    }
}

#[test]
fn acceptance_shapes_settle_a_proposal() {
    let cases = [
        ("'you got a deal'", "Ana: I can do £40 if you collect it tonight.\nBen: You got a deal.\n"),
        ("'I'll do that deal'", "Ana: £120 for the bike and the helmet, and I'll drop it round on Saturday.\nBen: I'll do that deal.\n"),
        (
            "'we have an agreement' — 'we do'",
            "Ana: Could you take the Monday shift if I take Friday?\nBen: Sure, that works.\nAna: It sounds like we have an agreement.\nBen: We do.\n",
        ),
        (
            "a conditional yes, condition taken",
            "Ana: We'd like the sofa for £200.\nBen: That works for me, if you collect it by Sunday.\nAna: Deal, Saturday morning.\n",
        ),
        ("chat style", "ana: how about u take 2 and i take 1\nben: ok deal 👍\n"),
        (
            "'I think that could work' — 'perfect, let's do a deal'",
            "Ana: How about I take the tent and two chairs, and you keep the cooler?\nBen: I think that could work.\nAna: Perfect, let's do a deal.\n",
        ),
        ("'that sounds like a great plan'", "Ana: If I give you all the kindling, can I keep both lanterns?\nBen: That sounds like a great plan!\n"),
        ("chat: 'sounds like deal then'", "ana: u get 2 lanterns n i keep the tent\nben: i guess that could work\nana: ok sounds like deal then\n"),
    ];
    for (name, text) in cases {
        let r = report(text, &[]);
        assert!(assented(&r).iter().all(|(_, yes)| *yes), "{name}: {:?} {}", assented(&r), reasons(&r));
        assert!(
            matches!(verdict(&r), "mutual-agreement" | "pressured-agreement"),
            "{name}: {} {}",
            verdict(&r),
            reasons(&r)
        );
    }
}

#[test]
fn what_is_not_a_settled_agreement() {
    let cases = [
        ("a conditional yes left hanging", "Ana: We'd like the sofa for £200.\nBen: That works for me, if you collect it by Sunday.\n"),
        ("'ok' to a vague idea", "Ana: Maybe we could find another way to handle the rota.\nBen: ok\n"),
        (
            "a yes taken back",
            "Ana: I'll take two and you keep three.\nBen: Sounds good.\nAna: Actually I need all five.\nBen: No, that doesn't work for us.\n",
        ),
        (
            "a yes taken back: 'not a good deal'",
            "Ana: I'll take two food and you keep three water.\nBen: Sounds good.\nAna: Actually I need the firewood too.\nBen: Hmm, that's really not a good deal.\n",
        ),
        (
            "a yes taken back: 'rather walk away than'",
            "Ana: I'll take two food and you keep three water.\nBen: Sounds good.\nAna: Actually I need the firewood too.\nBen: I would walk away rather than take that.\n",
        ),
        ("'a deal that works for both of us' is an aim, not a yes", "Ana: Hi! Let's make a deal that works for both of us.\nBen: Sure!\n"),
        (
            "'I guess it could work' and a check still to make",
            "Ana: How about I take the tent and two chairs, and you keep the cooler?\nBen: I guess it could work, I'd have to check with my brother.\n",
        ),
        (
            "let me think about it",
            "Ana: We can do 64 with two home days.\nBen: That sounds good. Let me think about it over the weekend.\n",
        ),
        (
            "agreeing to wait",
            "Ana: I'd need to check my figures. Would it be okay if I came back to you on Monday?\nBen: Yes, that's fine.\n",
        ),
    ];
    for (name, text) in cases {
        let r = report(text, &[]);
        assert!(!assented(&r).iter().all(|(_, yes)| *yes), "{name}: {:?} {}", assented(&r), reasons(&r));
        assert!(!matches!(verdict(&r), "mutual-agreement" | "pressured-agreement"), "{name}: {}", verdict(&r));
    }
}

#[test]
fn in_a_group_the_missing_assent_is_named() {
    let text = "Priya: How about we ship the export on the 3rd and the dashboards on the 17th?\n\
                Tom: That works for me.\nSara: Let me check with the design team first.\n";
    let r = report(text, &[]);
    assert!(reasons(&r).contains("Sara"), "{}", reasons(&r));
    assert!(reasons(&r).contains("did not say yes") || reasons(&r).contains("No assent from"), "{}", reasons(&r));
    assert_ne!(verdict(&r), "mutual-agreement");
}

#[test]
fn pressure_comes_from_a_party() {
    let sprint = "Maya (PM): Morning all. Quick check on the sprint before we commit.\n\
                  Leo (dev): The payments work is two days behind because of the API change.\n\
                  Maya (PM): The release deadline is Friday, so we have no choice but to cut the reporting epic.\n\
                  Sam (QA): Makes sense. I'll move the reporting tests to next sprint.\n\
                  Leo (dev): Fine, I'll focus on payments.\n";
    let r = report(sprint, &[]);
    assert_ne!(verdict(&r), "pressured-agreement", "{}", reasons(&r));
    assert!(r["speakers"].as_array().unwrap().iter().all(|s| s["resigned"] == false), "{r}");
    // The same words after the other side held its ground are resigned.
    let held = "Vendor: The renewal is 48k.\nClient: Could we split the payment quarterly?\n\
                Vendor: Annual upfront only, sorry.\nClient: Fine. I suppose we have no choice.\n";
    let r = report(held, &[]);
    assert_eq!(verdict(&r), "pressured-agreement", "{}", reasons(&r));
}

#[test]
fn a_deal_everyone_took_is_pressured_not_coercive_when_coercion_dominates() {
    // Both said yes before the threat, so no assent came after it; the deal still stands,
    // and it is not a free one.
    let text = "Ana: I'll sell you the van for £300 if you collect it on Saturday.\nBen: Deal.\n\
                Ana: Good. Be there at nine sharp, or you will regret it.\n";
    let r = report(text, &[]);
    assert!(assented(&r).iter().all(|(_, yes)| *yes), "{:?}", assented(&r));
    assert_eq!(verdict(&r), "pressured-agreement", "{}", reasons(&r));
    // Without a yes from Ben the same threat leaves no agreement at all.
    let refused = text.replace("Ben: Deal.", "Ben: Let me think about it.");
    let r = report(&refused, &[]);
    assert_eq!(verdict(&r), "coercive", "{}", reasons(&r));
}

#[test]
fn a_meeting_without_proposals_positions_or_requests_is_neutral_whatever_its_assents() {
    let standup = "Ana: Yesterday I finished the export screen. Today I'm on the login bug.\n\
                   Ben: Thanks Ana, great work. I'm still on the invoice template, should be done today.\n\
                   Cy: Sounds good. I'm reviewing Ben's pull request this morning.\n\
                   Ana: Great, thanks.\nBen: Agreed, all good.\n";
    let r = report(standup, &[]);
    assert_eq!(verdict(&r), "neutral", "{}", reasons(&r));
}

#[test]
fn passive_aggression_is_flagged_and_plain_references_are_not() {
    for text in [
        "Some of us actually read our inbox.",
        "Not sure why this is so hard.",
        "Per my last email, which you clearly didn't read, the deadline is Friday.",
        "As I've already explained twice, the form needs a signature.",
        "Thanks in advance for finally sending the figures.",
    ] {
        let r = report(text, &[]);
        assert!(categories(&r, "coercive").contains(&"passive-aggression".to_string()), "{text}: {r}");
    }
    for text in [
        "As discussed on Monday, the invoice is attached.",
        "Per my last email, the form is attached.",
        "Thanks so much for sending the figures early.",
        "Just following up on my email from Tuesday about the invoice.",
    ] {
        let r = report(text, &[]);
        assert!(categories(&r, "coercive").is_empty(), "{text}: {r}");
    }
}

#[test]
fn deadlines_and_forced_choices_are_pressure_and_real_deadlines_are_not() {
    for text in [
        "You have until 5pm to decide.",
        "You've got until Friday to sign. After that the offer is gone.",
        "Do you want the job or not?",
        "Let's be clear: you will sign the contract today.",
    ] {
        let r = report(text, &[]);
        let cats = categories(&r, "coercive");
        assert!(cats.iter().any(|c| c == "ultimatum" || c == "false-dilemma"), "{text}: {cats:?}");
    }
    for text in [
        "The form closes on the 5th because the registry does.",
        "You have until Friday to confirm numbers, because the venue needs them on Monday.",
        "Do you want tea or not?",
        "To be clear, you will need to bring photo ID.",
    ] {
        let r = report(text, &[]);
        assert!(categories(&r, "coercive").is_empty(), "{text}: {r}");
    }
}

#[test]
fn policy_clauses_are_found_with_words_between_their_parts() {
    for (text, profile) in [
        ("We reserve the right to change these terms at any time, at our sole discretion, without notice.", "policy"),
        ("Breaches will be subject to disciplinary action, up to and including dismissal.", "policy"),
        ("You hereby irrevocably and unconditionally waive any claims against the club.", "policy"),
        ("Your subscription renews automatically each year unless cancelled.", "policy-strict"),
    ] {
        let r = report(text, &["--profile", profile]);
        assert!(categories(&r, "coercive").contains(&"unilateral".to_string()), "{text}: {r}");
    }
    for text in [
        "We will give you 30 days' written notice of any change, and you may cancel without charge.",
        "Breaches may lead to disciplinary action, up to and including dismissal, following a fair investigation.",
        "Your statutory rights are not waived by this agreement.",
    ] {
        let r = report(text, &["--profile", "policy-strict"]);
        assert!(categories(&r, "coercive").is_empty(), "{text}: {r}");
    }
}
