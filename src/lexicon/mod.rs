//! Stage 3a: the lexicons a user edits (DESIGN.md, "Lexicons"), read and checked.
//!
//! A lexicon folder holds `frames.csv`, one `<frame>.csv` per frame, `actors.csv` (who is on
//! which side of Turkey's role), `cues.csv` (the words that mark reported, distanced and
//! negated speech) and `voices.csv` (how much each voice counts). Every problem becomes a
//! [`Diagnostic`] with file, line and column; loading fails if any is an error.

mod check;
mod interchange;
mod load;
mod pattern;
mod table;

use std::path::PathBuf;

pub use check::{lint, term_usage, TermUsage, MIN_WILDCARD_LETTERS};
pub use interchange::{
    export, frame_id, read_dictionary, write_folder, Category, Dictionary, Export, Format,
    Imported, InterchangeError,
};
pub use load::{load, TERM_COLUMNS};
pub use pattern::{Pattern, PatternError, WordPattern};
pub use table::{Diagnostic, Location, Severity};

/// The side of Turkey's role an actor is on: +1 Turkey's camp, -1 the opposing camp,
/// 0 neutral. Stored as a number so that a user can weigh an ambiguous actor.
pub type Side = f64;

/// Whom a frame is about when the text does not name an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Turkey,
    Opponents,
}

impl Target {
    /// The side of the default target.
    pub fn side(self) -> Side {
        match self {
            Target::Turkey => 1.0,
            Target::Opponents => -1.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Turkey => "turkey",
            Target::Opponents => "opponents",
        }
    }
}

/// Whether a frame's terms follow the actor they are said of, or always hit the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    Actor,
    Target,
}

impl Attach {
    /// The name `frames.csv` gives it in its `attach` column.
    pub fn name(self) -> &'static str {
        match self {
            Attach::Actor => "actor",
            Attach::Target => "target",
        }
    }
}

/// One frame of `frames.csv`.
#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub label: String,
    pub label_ar: String,
    /// How the frame, said of Turkey or its side, positions Turkey's role (-1 ..= 1).
    pub polarity: f64,
    pub description: String,
    pub target: Target,
    pub attach: Attach,
}

impl Frame {
    /// The stance the frame usually expresses: its polarity said of its default target.
    pub fn typical_stance(&self) -> f64 {
        self.polarity * self.target.side()
    }
}

/// One term of a frame file.
#[derive(Debug, Clone)]
pub struct Term {
    /// Index into [`Lexicon::frames`].
    pub frame: usize,
    /// The term as written.
    pub text: String,
    pub pattern: Pattern,
    pub weight: f64,
    /// The term's own polarity, overriding its frame's.
    pub polarity: Option<f64>,
    pub note: String,
    pub at: Location,
}

/// One actor with its side; its names are in [`Lexicon::actor_names`].
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub side: Side,
}

/// One name or epithet of an actor.
#[derive(Debug, Clone)]
pub struct ActorName {
    pub actor: usize,
    pub text: String,
    pub pattern: Pattern,
    pub note: String,
    pub at: Location,
}

/// What a cue word does to the matches in its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Reported,
    Distanced,
    Negation,
    /// An actor and a label with this cue between them are on opposite sides (الجيش يتصدى
    /// للمرتزقة، المليشيات في مواجهة الجيش): the label is not said of that actor.
    Against,
    /// A verb of condemning (أدان، ندد، استنكر): against, as [`CueKind::Against`], and what
    /// it condemns is in the condemner's words, as [`CueKind::Reported`] over its scope
    /// (ندد البرلمان بالغزو التركي is the parliament's wording, not the author's).
    Condemnation,
    /// A meeting or partnership (استقبل، التقى، مباحثات مع): a courtesy title or a
    /// legitimising label given to one side's actor in a sentence that names an actor of
    /// the other side with such a cue is protocol, not an endorsement.
    Meeting,
    /// A phrase that contains a cue word without being a cue (لا يزال, لا سيما): being
    /// longer, it stops the shorter cue from matching.
    Ignore,
}

/// Which tokens a cue covers, relative to where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole sentence.
    Sentence,
    /// The next N tokens.
    After(usize),
    /// The next N words of a negated predicate (لم، لن، لا، ليس): words with the article
    /// and actors' names, the subject or object the sentence takes as given, are passed
    /// over, and the scope ends at بل، إلا، سوى، لكن or a preposition.
    Predicate(usize),
    /// From a following complementiser (أن، إن، بأن) to the end of the sentence.
    AfterThat,
    /// A denial: from a following complementiser as [`Scope::AfterThat`], or without one
    /// the next N words of the predicate as [`Scope::Predicate`] (نفى الوزير وجود مرتزقة).
    Denial(usize),
    /// An accusation noun (اتهامات، مزاعم): its charge, the clause after a complementiser
    /// (مزاعم بأن …) or N words from its first word with the preposition ب or a denied noun
    /// (اتهامات بإرسال مرتزقة، مزاعم إرسال مرتزقة); nothing when it has neither.
    Charge(usize),
    /// A rejection (رفض، لا يمكن): the charge, as [`Scope::Charge`], of a rejected noun
    /// after it (رفضت أنقرة الاتهامات بإرسال مرتزقة، رفض وصف الوجود التركي بالاحتلال);
    /// nothing without one (رفضت تركيا سحب قواتها).
    Rejection(usize),
    /// The N tokens before.
    Before(usize),
    /// From the start of the sentence to the cue.
    BeforeSentence,
}

/// One line of `cues.csv`.
#[derive(Debug, Clone)]
pub struct Cue {
    pub kind: CueKind,
    pub scope: Scope,
    pub text: String,
    pub pattern: Pattern,
    pub at: Location,
}

/// How much a match counts in each voice (`voices.csv`), and under negation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoiceWeights {
    pub authorial: f64,
    pub reported: f64,
    pub quoted: f64,
    pub distanced: f64,
    pub scare: f64,
    pub negated: f64,
}

/// A loaded, checked lexicon folder.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub dir: PathBuf,
    pub frames: Vec<Frame>,
    pub terms: Vec<Term>,
    pub actors: Vec<Actor>,
    pub actor_names: Vec<ActorName>,
    /// Phrases that hold an actor's name without naming the actor (القوة القاهرة is force
    /// majeure, not Cairo): rows of actors.csv whose actor is `ignore`. Being longer, they
    /// stop the name.
    pub not_names: Vec<Pattern>,
    pub cues: Vec<Cue>,
    pub voices: VoiceWeights,
    /// The files read, in order, with their contents' SHA-256 (for `run.json`).
    pub files: Vec<(PathBuf, String)>,
}

impl Lexicon {
    /// The files the lexicon was read from.
    pub fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.files.iter().map(|(path, _)| path.clone())
    }

    /// A short digest of the lexicon files' names and contents, written in every row
    /// `mizan score` writes, so that rows scored before an edit of the lexicons are told
    /// apart from rows scored after it.
    pub fn fingerprint(&self) -> String {
        let listing: String = self
            .files
            .iter()
            .map(|(path, sha)| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                format!("{name}\t{sha}\n")
            })
            .collect();
        crate::fingerprint::sha256_hex(listing.as_bytes())[..12].to_string()
    }

    /// The index of frame `id`.
    pub fn frame_index(&self, id: &str) -> Option<usize> {
        self.frames.iter().position(|f| f.id == id)
    }

    /// The valence of a term: its own polarity, else its frame's.
    pub fn valence(&self, term: usize) -> f64 {
        let t = &self.terms[term];
        t.polarity.unwrap_or(self.frames[t.frame].polarity)
    }
}
