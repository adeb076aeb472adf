//! A deterministic benchmark corpus: meeting transcripts, prose and text dense with
//! hits, built from fixed word lists and a seeded generator, so every clone and every
//! machine benchmarks the same bytes (no downloads, no system files).
//!
//! Shared by `benches/` and `examples/bench_corpus.rs` (which writes the files the
//! comparison script `scripts/bench.sh` runs on).

#![allow(dead_code)]

/// What kind of text to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Speaker: sentences` lines, one inserted phrase per 20 sentences.
    Transcript,
    /// Paragraphs of a document without speakers, one inserted phrase per 50 sentences.
    Prose,
    /// A transcript where every other sentence is an inserted phrase.
    Dense,
}

impl Kind {
    /// One sentence in `rate` is an inserted phrase.
    fn rate(self) -> u64 {
        match self {
            Kind::Transcript => 20,
            Kind::Prose => 50,
            Kind::Dense => 2,
        }
    }

    /// The file name stem used by the example.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Transcript => "transcript",
            Kind::Prose => "prose",
            Kind::Dense => "dense",
        }
    }
}

/// The seed every corpus uses unless told otherwise.
pub const SEED: u64 = 20_240_601;

/// splitmix64: tiny, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const SPEAKERS: &[&str] = &[
    "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia",
    "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Yvonne",
];
const SUBJECTS: &[&str] = &[
    "The vendor",
    "Our team",
    "The finance group",
    "The new schedule",
    "The draft contract",
    "The pilot project",
    "The support queue",
    "The budget review",
    "Legal",
    "The warehouse",
    "The release plan",
    "The steering committee",
    "The customer",
    "The second option",
    "Procurement",
    "The quarterly report",
    "The design team",
    "The auditor",
];
const VERBS: &[&str] = &[
    "expects",
    "reviewed",
    "will update",
    "needs",
    "approved",
    "is waiting for",
    "has moved",
    "summarised",
    "questioned",
    "prepared",
    "shared",
    "scheduled",
    "covers",
    "reduced",
    "extended",
    "listed",
    "compared",
    "estimated",
    "rejected",
    "confirmed",
];
const ADJECTIVES: &[&str] = &[
    "revised",
    "annual",
    "updated",
    "preliminary",
    "detailed",
    "shared",
    "regional",
    "final",
    "current",
    "proposed",
    "monthly",
    "technical",
    "internal",
    "standard",
    "delayed",
    "complete",
];
const NOUNS: &[&str] = &[
    "delivery dates",
    "pricing model",
    "service levels",
    "invoice",
    "staffing plan",
    "shipping costs",
    "training budget",
    "renewal terms",
    "test results",
    "risk register",
    "rollout",
    "maintenance window",
    "headcount",
    "warranty clause",
    "meeting notes",
    "onboarding checklist",
    "travel policy",
    "capacity forecast",
    "payment schedule",
    "data export",
];
const TAILS: &[&str] = &[
    "before the end of the month",
    "for the northern sites",
    "in the next release",
    "after the last review",
    "with the regional managers",
    "as discussed on Tuesday",
    "for the second quarter",
    "in the shared folder",
    "ahead of the board meeting",
    "for both locations",
    "within the current budget",
    "at the usual rate",
];
const QUESTIONS: &[&str] = &[
    "Can we move the {n} to next week?",
    "Who owns the {n} now?",
    "Did anyone look at the {a} {n}?",
    "How long will the {n} take?",
    "Is the {a} {n} in the folder yet?",
];
const FILLERS: &[&str] = &["Okay.", "Right, thanks.", "Sounds good.", "Sure.", "Let me check.", "Got it."];

/// Phrases people use in negotiations: coercive and mutual, inserted as sentences.
const PHRASES: &[&str] = &[
    "take it or leave it",
    "this is my final offer",
    "you have no choice",
    "this is not negotiable",
    "or else",
    "you will regret this",
    "this is your last chance",
    "because I said so",
    "you owe me",
    "you had better sign today",
    "everyone else has already agreed",
    "you are the only one holding this up",
    "the offer expires tonight",
    "decide right now",
    "end of discussion",
    "do not waste my time",
    "we can easily replace you",
    "think about your career",
    "keep this between us",
    "you are overreacting",
    "that never happened",
    "you should be grateful",
    "you will never find a better deal",
    "time is running out",
    "stop making excuses",
    "there will be consequences",
    "I will go over your head",
    "you leave me no choice",
    "it is your fault",
    "a real team player would do it",
    "what would work for you",
    "what matters most to you",
    "let us find a middle ground",
    "how does that sound to you",
    "help me understand your concerns",
    "can we explore some options",
    "that is a fair point",
    "I appreciate your perspective",
    "take your time",
    "there is no rush",
    "feel free to say no",
    "it is your call",
    "I am open to suggestions",
    "let us split the difference",
    "that works for both of us",
    "I could be wrong",
    "correct me if I am wrong",
    "let us look at the data together",
    "I understand your position",
    "I see where you are coming from",
    "I apologize for my part",
    "is that acceptable to you",
    "I want to be fair to everyone",
    "we can adjust the plan",
    "agreed",
    "fine",
];
const CARRIERS: &[&str] = &[
    "{P}.",
    "Look, {p}.",
    "Honestly, {p}.",
    "I think {p}.",
    "{P}, okay?",
    "Well, {p}.",
    "So {p}.",
    "{P}!",
    "I'm not saying {p}.",
    "Are you saying {p}?",
    "He told me \"{p}\" and left.",
    "The email said {p}, in bold.",
];

/// Generates about `size` bytes (cut at the last whole line or paragraph at or under it).
pub fn generate(kind: Kind, size: usize, seed: u64) -> String {
    let mut rng = Rng(seed ^ ((kind as u64) << 32));
    let mut out = String::with_capacity(size + 1024);
    let mut block = String::new();
    loop {
        block.clear();
        match kind {
            Kind::Transcript | Kind::Dense => {
                block.push_str(rng.pick(SPEAKERS));
                block.push_str(": ");
                let n = 1 + rng.below(4);
                sentences(&mut rng, kind, n, &mut block);
                block.push('\n');
            }
            Kind::Prose => {
                let n = 3 + rng.below(6);
                sentences(&mut rng, kind, n, &mut block);
                block.push_str("\n\n");
            }
        }
        if out.len() + block.len() > size {
            return out;
        }
        out.push_str(&block);
    }
}

fn sentences(rng: &mut Rng, kind: Kind, n: u64, out: &mut String) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        if rng.below(kind.rate()) == 0 {
            inserted(rng, out);
        } else {
            plain(rng, kind, out);
        }
    }
}

fn plain(rng: &mut Rng, kind: Kind, out: &mut String) {
    let roll = rng.below(10);
    if kind != Kind::Prose && roll == 0 {
        out.push_str(rng.pick(FILLERS));
    } else if roll == 1 {
        fill(rng.pick(QUESTIONS), rng, out);
    } else {
        fill("{s} {v} the {a} {n} {t}.", rng, out);
    }
}

fn fill(template: &str, rng: &mut Rng, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + 2];
        out.push_str(match slot {
            "s" => rng.pick(SUBJECTS),
            "v" => rng.pick(VERBS),
            "a" => rng.pick(ADJECTIVES),
            "n" => rng.pick(NOUNS),
            _ => rng.pick(TAILS),
        });
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
}

fn inserted(rng: &mut Rng, out: &mut String) {
    let phrase = rng.pick(PHRASES);
    let carrier = rng.pick(CARRIERS);
    let (before, after) = carrier.split_once(['{']).expect("a slot");
    out.push_str(before);
    if after.starts_with('P') {
        let mut chars = phrase.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.push_str(chars.as_str());
    } else {
        out.push_str(phrase);
    }
    out.push_str(&after[2..]);
}

/// A short email draft: the per-file cost of the pre-send check.
pub const EMAIL: &str = include_str!("../../samples/coercive-email-draft.txt");
