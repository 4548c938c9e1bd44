//! Generated arXiv-shaped papers, for benchmarks, examples and tests.
//!
//! folio's speed targets (import, search, opening the index) must be measured
//! on corpora far larger than the 73-paper demo, and nothing of that size may
//! be downloaded or checked in. This module makes any number of realistic
//! papers from nothing but their index: the same `i` always gives the same
//! paper, ids never collide, word frequencies are skewed like real text
//! (so posting lists and fuzzy expansions cost what they would on arXiv), and
//! [`paper`] and [`snapshot_line`] describe the same record, so an importer of
//! the arXiv snapshot can be checked against the paper it should produce.

mod bench_size;
mod document;
mod oai;

use std::sync::OnceLock;

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::model::sanitize::clean_text;
use crate::model::{Paper, PaperId, Source, fill_links_from_text};

pub use crate::rng::Rng;
pub use bench_size::{BENCH_PAPERS_VAR, bench_papers};
pub use document::{DOCUMENT_WORDS, document, word};
pub use oai::{oai_page, oai_record};

/// The seed mixed into every paper's generator, so paper `i` does not share
/// its random stream with some other use of `Rng::new(i)`.
const PAPER_SEED: u64 = 0xF011_0C0B_u64;

/// Real technical words, the most frequent part of the vocabulary.
const REAL_WORDS: &[&str] = &[
    "model",
    "learning",
    "network",
    "neural",
    "data",
    "training",
    "graph",
    "quantum",
    "deep",
    "transformer",
    "attention",
    "optimization",
    "algorithm",
    "representation",
    "language",
    "image",
    "generative",
    "diffusion",
    "reinforcement",
    "policy",
    "gradient",
    "stochastic",
    "convergence",
    "bound",
    "theorem",
    "manifold",
    "topology",
    "knot",
    "invariant",
    "entanglement",
    "qubit",
    "hamiltonian",
    "lattice",
    "gauge",
    "string",
    "field",
    "theory",
    "black",
    "hole",
    "cosmology",
    "dark",
    "matter",
    "energy",
    "spectrum",
    "scattering",
    "symmetry",
    "boson",
    "fermion",
    "supersymmetry",
    "holography",
    "conformal",
    "algebra",
    "group",
    "operator",
    "kernel",
    "regression",
    "classification",
    "segmentation",
    "detection",
    "benchmark",
    "dataset",
    "robustness",
    "adversarial",
    "federated",
    "privacy",
    "inference",
    "bayesian",
    "variational",
    "sampling",
    "markov",
    "monte",
    "carlo",
    "estimation",
    "convex",
    "sparse",
    "matrix",
    "tensor",
    "decomposition",
    "embedding",
    "contrastive",
    "pretraining",
    "multimodal",
    "vision",
    "speech",
    "audio",
    "video",
    "retrieval",
    "reasoning",
    "agent",
    "planning",
    "control",
    "robot",
    "navigation",
    "simulation",
    "physics",
    "fluid",
    "turbulence",
    "dynamics",
    "chaos",
    "nonlinear",
    "equation",
    "differential",
    "partial",
    "elliptic",
    "hyperbolic",
    "parabolic",
    "boundary",
    "solution",
    "existence",
    "uniqueness",
    "regularity",
    "estimate",
    "inequality",
    "measure",
    "probability",
    "random",
    "walk",
    "percolation",
    "statistical",
    "mechanics",
    "phase",
    "transition",
    "critical",
    "exponent",
    "superconductivity",
    "magnetic",
    "spin",
    "chain",
    "ferromagnet",
    "insulator",
    "topological",
    "semiconductor",
    "photon",
    "laser",
    "optical",
    "cavity",
    "interferometer",
    "gravitational",
    "wave",
    "neutron",
    "star",
    "galaxy",
    "cluster",
    "redshift",
    "survey",
    "telescope",
    "emission",
    "absorption",
    "plasma",
    "accretion",
    "disk",
    "jet",
    "supernova",
    "cosmic",
    "inflation",
    "curvature",
    "geometry",
    "riemannian",
    "symplectic",
    "homology",
    "cohomology",
    "category",
    "functor",
    "sheaf",
    "scheme",
    "variety",
    "polynomial",
    "prime",
    "number",
    "modular",
    "form",
    "curve",
    "zeta",
    "function",
    "combinatorial",
    "coloring",
    "permutation",
    "partition",
    "generating",
    "asymptotic",
    "complexity",
    "hardness",
    "approximation",
    "online",
    "distributed",
    "parallel",
    "compiler",
    "verification",
    "protocol",
    "cryptography",
    "encryption",
    "secure",
    "consensus",
    "wireless",
    "channel",
    "coding",
    "capacity",
    "signal",
    "processing",
    "filter",
    "compression",
    "recognition",
    "tracking",
    "pose",
    "depth",
    "point",
    "cloud",
    "mesh",
    "rendering",
    "radiance",
    "implicit",
    "scene",
    "semantic",
    "instance",
    "token",
    "prompt",
    "instruction",
    "alignment",
    "hallucination",
    "evaluation",
    "metric",
    "loss",
    "regularization",
    "dropout",
    "normalization",
    "batch",
    "layer",
    "convolutional",
    "recurrent",
    "memory",
    "sequence",
    "autoregressive",
    "decoder",
    "encoder",
    "latent",
    "space",
    "distribution",
    "prior",
    "posterior",
    "likelihood",
    "entropy",
    "information",
    "mutual",
    "divergence",
    "transport",
    "wasserstein",
    "score",
    "denoising",
    "noise",
    "schedule",
    "sampler",
    "flow",
    "normalizing",
    "hopfield",
    "associative",
    "spiking",
    "neuron",
    "brain",
    "cortex",
    "visual",
    "perception",
    "cognitive",
    "human",
    "feedback",
    "reward",
    "preference",
    "efficient",
    "scalable",
    "lightweight",
    "quantization",
    "pruning",
    "distillation",
    "knowledge",
    "transfer",
    "domain",
    "adaptation",
    "generalization",
    "continual",
    "curriculum",
    "active",
    "supervised",
    "unsupervised",
    "clustering",
    "anomaly",
    "forecasting",
    "temporal",
    "spatial",
    "molecular",
    "protein",
    "drug",
    "chemistry",
    "material",
    "crystal",
    "climate",
    "weather",
    "medical",
    "clinical",
    "diagnosis",
    "genomics",
    "cell",
    "robust",
    "optimal",
    "stable",
    "dense",
    "hierarchical",
    "recursive",
    "adaptive",
    "dynamic",
    "equivariant",
    "symmetric",
    "novel",
    "framework",
    "approach",
    "method",
    "analysis",
    "performance",
    "experiments",
    "results",
    "propose",
    "demonstrate",
    "achieve",
    "improve",
    "outperform",
    "leverage",
    "introduce",
    "study",
    "present",
    "scaling",
    "emergent",
    "mixture",
    "experts",
];

/// Building blocks of the long tail of made-up but plausible technical words.
const PREFIXES: &[&str] = &[
    "", "", "", "", "hyper", "multi", "sub", "super", "quasi", "semi", "pseudo", "meta", "poly",
    "iso", "non", "co", "inter", "trans", "ultra", "micro", "macro", "neuro", "thermo",
];
const STEMS: &[&str] = &[
    "graph", "morph", "spectr", "tens", "vect", "quant", "therm", "magnet", "topolog", "geometr",
    "algebr", "harmon", "period", "stochast", "dynam", "kinet", "photon", "electr", "lumin",
    "cryst", "fract", "symmetr", "entrop", "homotop", "lattic", "ordin", "modul", "cycl", "chrom",
    "polar", "reson", "oscill", "dispers", "diffus", "convect", "project", "percept", "regress",
    "segment", "cluster", "kern", "fluid", "plasm", "gravit", "bar", "lept", "hadr", "neutr",
    "prot", "synapt", "cortic", "semant", "syntact", "lexic", "phon", "tempor", "spati", "ergod",
    "mart", "conv", "torsion", "fibr", "braid", "spinor", "cohes",
];
const SUFFIXES: &[&str] = &[
    "ic", "al", "ical", "ism", "ity", "ization", "ized", "ive", "ous", "on", "ons", "ics", "ist",
    "ator", "ent", "ance", "ology", "ometry", "oid", "ing", "ation",
];

/// How many made-up words join the real ones.
const MADE_UP_WORDS: usize = 3_000;

/// Short words that glue abstracts together.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "a", "to", "in", "we", "for", "is", "that", "with", "on", "this", "by",
    "as", "are", "from", "an", "our", "which", "be", "can", "these", "it", "at", "using",
    "between", "both", "such", "their", "when", "than", "into", "over",
];

/// Inline LaTeX as it appears in arXiv abstracts.
const MATH: &[&str] = &[
    "$\\mathcal{O}(n \\log n)$",
    "$d \\geq 3$",
    "$\\epsilon$",
    "$\\mathbb{Z}_2$",
    "$SU(N)$",
    "$\\alpha = 0.5$",
    "$L^2$",
    "$\\mathcal{N}=4$",
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Wei",
    "Jürgen",
    "María",
    "José",
    "François",
    "Zoë",
    "Björn",
    "Søren",
    "Łukasz",
    "Chen",
    "Yuki",
    "Hiroshi",
    "Priya",
    "Rahul",
    "Fatima",
    "Ahmed",
    "Olga",
    "Dmitri",
    "Ingrid",
    "Lars",
    "Sofia",
    "Lucas",
    "Emma",
    "Noah",
    "Olivia",
    "Liam",
    "Mia",
    "Ethan",
    "Aisha",
    "Kwame",
    "Chiara",
    "Matteo",
    "Giulia",
    "Pierre",
    "Amélie",
    "Hélène",
    "Jan",
    "Eva",
    "Tomáš",
    "Ivan",
    "Elena",
    "Sergio",
    "Ana",
    "João",
    "Thiago",
    "Min-jun",
    "Ji-woo",
    "Hao",
    "Xin",
    "Yang",
    "Mohammed",
    "Layla",
    "Omar",
    "Sara",
    "David",
    "Michael",
    "Sarah",
    "James",
    "Laura",
    "Peter",
    "Thomas",
    "Julia",
    "Daniel",
    "Nina",
    "Ömer",
    "Ayşe",
    "Zoltán",
    "Agnieszka",
];

const LAST_NAMES: &[&str] = &[
    "Müller",
    "Ångström",
    "Schrödinger",
    "Gödel",
    "Erdős",
    "Núñez",
    "García",
    "Martínez",
    "Pérez",
    "Dubois",
    "Lefèvre",
    "Kowalski",
    "Nowak",
    "Wang",
    "Zhang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Sun",
    "Ma",
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Watanabe",
    "Patel",
    "Sharma",
    "Singh",
    "Gupta",
    "Kumar",
    "Smith",
    "Johnson",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Moore",
    "Martin",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Rossi",
    "Russo",
    "Ferrari",
    "Bianchi",
    "Romano",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Jørgensen",
    "Hansen",
    "Nielsen",
    "Larsen",
    "Lindqvist",
    "Öberg",
    "Ivanov",
    "Petrov",
    "Smirnov",
    "Popescu",
    "Novák",
    "Dvořák",
    "Kovačević",
    "Silva",
    "Santos",
    "Oliveira",
    "Costa",
    "Fernández",
    "López",
    "Hernández",
    "González",
    "Rodríguez",
    "Sánchez",
    "Nguyen",
    "Tran",
    "Pham",
    "Yılmaz",
    "Demir",
    "Şahin",
    "Cohen",
    "Levi",
    "O'Brien",
    "McDonald",
    "Kelly",
    "Murphy",
];

/// Real arXiv categories, roughly most used first.
const CATEGORIES: &[&str] = &[
    "cs.LG",
    "cs.CV",
    "cs.CL",
    "cs.AI",
    "stat.ML",
    "quant-ph",
    "hep-th",
    "cond-mat.mes-hall",
    "astro-ph.GA",
    "math.AP",
    "math.PR",
    "cs.RO",
    "eess.IV",
    "hep-ph",
    "gr-qc",
    "cond-mat.str-el",
    "math.GT",
    "math.AG",
    "math.NT",
    "math.CO",
    "cs.CR",
    "cs.DS",
    "cs.IT",
    "math.OC",
    "physics.flu-dyn",
    "astro-ph.CO",
    "nucl-th",
    "q-bio.NC",
    "cs.NE",
    "eess.SP",
    "math.DG",
    "cs.DC",
    "cond-mat.stat-mech",
    "physics.optics",
    "econ.EM",
    "q-fin.ST",
];

const JOURNALS: &[&str] = &[
    "Phys. Rev. D",
    "Phys. Rev. Lett.",
    "JHEP",
    "Nucl. Phys. B",
    "Ann. Math.",
    "Commun. Math. Phys.",
    "J. Mach. Learn. Res.",
    "Astrophys. J.",
    "Geom. Topol.",
];

const VENUES: &[&str] = &["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "STOC", "ECCV"];

const LICENSES: &[&str] = &[
    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
    "http://creativecommons.org/licenses/by-sa/4.0/",
    "http://creativecommons.org/licenses/by-nc-sa/4.0/",
];

/// Ids are spread over the months from January 2015 (when arXiv numbers got
/// five digits) to December 2025, so any corpus size covers every year.
const FIRST_YEAR: i32 = 2015;
const MONTHS: u64 = 11 * 12;

/// The generator's vocabulary, most frequent first: the real words, then the
/// made-up ones. Word `k` is drawn with probability proportional to `1/(k+1)`.
pub fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(build_vocabulary)
}

fn build_vocabulary() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut words: Vec<String> = Vec::with_capacity(REAL_WORDS.len() + MADE_UP_WORDS);
    for word in REAL_WORDS {
        if seen.insert(word.to_string()) {
            words.push(word.to_string());
        }
    }
    let target = words.len() + MADE_UP_WORDS;
    let mut rng = Rng::new(0x0B0C_AB01);
    while words.len() < target {
        let word = format!(
            "{}{}{}",
            rng.pick(PREFIXES),
            rng.pick(STEMS),
            rng.pick(SUFFIXES)
        );
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

fn zipf_word(rng: &mut Rng) -> &'static str {
    let words = vocabulary();
    &words[rng.zipf(words.len())]
}

/// One author, in Unicode; the snapshot spells the name with LaTeX escapes.
struct Author {
    first: String,
    last: &'static str,
}

impl Author {
    fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// Everything generated for one paper, before it is shaped as a folio
/// [`Paper`] or as a snapshot line.
struct Record {
    id: String,
    authors: Vec<Author>,
    /// LaTeX-escape accented letters in the snapshot (most old records do).
    latex_names: bool,
    /// Title and abstract as the snapshot hard-wraps them.
    title_wrapped: String,
    abstract_wrapped: String,
    comments: Option<String>,
    journal_ref: Option<String>,
    doi: Option<String>,
    report_no: Option<String>,
    categories: Vec<&'static str>,
    license: Option<&'static str>,
    /// Version creation times, v1 first.
    versions: Vec<chrono::NaiveDateTime>,
    update_date: NaiveDate,
}

fn record(i: u64) -> Record {
    let mut rng = Rng::new(i ^ PAPER_SEED);
    let month = i % MONTHS;
    let number = i / MONTHS + 1;
    let year = FIRST_YEAR + (month / 12) as i32;
    let month_of_year = (month % 12) as u32 + 1;
    let id = format!("{:02}{:02}.{:05}", year % 100, month_of_year, number);

    let authors = (0..author_count(&mut rng))
        .map(|_| author(&mut rng))
        .collect();
    let title_wrapped = wrap(&title(&mut rng), 70, "\n  ");
    let abstract_wrapped = format!("  {}\n", wrap(&abstract_text(&mut rng), 78, "\n"));

    let day = rng.between(1, 28) as u32;
    let first = NaiveDate::from_ymd_opt(year, month_of_year, day).expect("days 1-28 exist");
    let time = NaiveTime::from_hms_opt(
        rng.below(24) as u32,
        rng.below(60) as u32,
        rng.below(60) as u32,
    )
    .expect("valid time of day");
    let mut versions = vec![first.and_time(time)];
    while versions.len() < 4 && rng.chance(0.3) {
        let last = *versions.last().expect("v1 exists");
        versions.push(last + Days::new(rng.between(3, 200)) + chrono::TimeDelta::hours(5));
    }
    let update_date = versions.last().expect("v1 exists").date() + Days::new(rng.below(30));

    let mut categories: Vec<&'static str> = Vec::new();
    for _ in 0..rng.between(1, 3) {
        let cat = CATEGORIES[rng.zipf(CATEGORIES.len())];
        if !categories.contains(&cat) {
            categories.push(cat);
        }
    }

    Record {
        id,
        authors,
        latex_names: rng.chance(0.7),
        title_wrapped,
        abstract_wrapped,
        comments: comments(&mut rng),
        journal_ref: rng.chance(0.2).then(|| {
            format!(
                "{} {} ({}) {}",
                rng.pick(JOURNALS),
                rng.between(1, 120),
                year + rng.below(2) as i32,
                rng.between(1, 9999)
            )
        }),
        doi: rng.chance(0.25).then(|| {
            format!(
                "10.{}/{}.{}",
                rng.between(1000, 9999),
                year,
                rng.below(1_000_000)
            )
        }),
        report_no: rng
            .chance(0.05)
            .then(|| format!("CERN-TH-{}-{:03}", year, rng.between(1, 300))),
        categories,
        license: rng.chance(0.9).then(|| rng.pick(LICENSES)),
        versions,
        update_date,
    }
}

/// Mostly two to five authors, sometimes one, now and then up to eight.
fn author_count(rng: &mut Rng) -> u64 {
    match rng.below(10) {
        0 => 1,
        1..=7 => rng.between(2, 5),
        _ => rng.between(6, 8),
    }
}

fn author(rng: &mut Rng) -> Author {
    let first = rng.pick(FIRST_NAMES);
    let first = if rng.chance(0.25) {
        let initial = first.chars().next().expect("names are not empty");
        format!("{initial}.")
    } else {
        first.to_string()
    };
    Author {
        first,
        last: rng.pick(LAST_NAMES),
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Six to fourteen words, title-cased, sometimes with a subtitle.
fn title(rng: &mut Rng) -> String {
    const GLUE: &[&str] = &["for", "of", "in", "with", "via", "on", "and", "from"];
    let count = rng.between(6, 14) as usize;
    let colon_after = if rng.chance(0.2) {
        rng.between(1, 3) as usize
    } else {
        0
    };
    let mut words: Vec<String> = Vec::with_capacity(count);
    for k in 0..count {
        let glue = k > 0 && k + 1 < count && rng.chance(0.2);
        let mut word = if glue {
            rng.pick(GLUE).to_string()
        } else {
            capitalized(zipf_word(rng))
        };
        if colon_after > 0 && k + 1 == colon_after {
            word.push(':');
        }
        words.push(word);
    }
    words.join(" ")
}

/// 120 to 250 words of sentences, some inline math, and for about one paper
/// in seven a sentence pointing at its code on GitHub.
fn abstract_text(rng: &mut Rng) -> String {
    let target = rng.between(120, 250) as usize;
    let code = rng.chance(0.15).then(|| {
        let owner = ascii_handle(rng.pick(LAST_NAMES));
        format!(
            "Code is available at https://github.com/{owner}{}/{}-{}.",
            rng.below(100),
            zipf_word(rng),
            zipf_word(rng)
        )
    });
    let reserved = code.as_ref().map_or(0, |c| c.split(' ').count());
    let mut text = String::with_capacity(target * 8);
    let mut written = 0;
    while written + reserved < target {
        let length = (rng.between(10, 24) as usize)
            .min(target - reserved - written)
            .max(3);
        for k in 0..length {
            let word = if rng.chance(0.4) {
                rng.pick(FUNCTION_WORDS)
            } else if rng.chance(0.01) {
                rng.pick(MATH)
            } else {
                zipf_word(rng)
            };
            if !text.is_empty() {
                text.push(' ');
            }
            if k == 0 {
                text.push_str(&capitalized(word));
            } else {
                text.push_str(word);
            }
        }
        text.push('.');
        written += length;
    }
    if let Some(code) = code {
        text.push(' ');
        text.push_str(&code);
    }
    text
}

/// A GitHub-style handle from a surname: ASCII letters only, lowercase.
fn ascii_handle(name: &str) -> String {
    let handle: String = crate::model::normalized_title(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if handle.is_empty() {
        "lab".to_string()
    } else {
        handle
    }
}

fn comments(rng: &mut Rng) -> Option<String> {
    if rng.chance(0.25) {
        return None;
    }
    let mut text = format!(
        "{} pages, {} figures",
        rng.between(4, 60),
        rng.between(0, 20)
    );
    if rng.chance(0.15) {
        text.push_str(&format!(
            "; accepted at {} {}",
            rng.pick(VENUES),
            rng.between(2016, 2025)
        ));
    }
    if rng.chance(0.04) {
        text.push_str(&format!(
            ". Project page: https://{}.github.io/{}/",
            ascii_handle(rng.pick(LAST_NAMES)),
            zipf_word(rng)
        ));
    }
    Some(text)
}

/// Greedy hard wrap at `width` bytes, joining lines with `separator`.
fn wrap(text: &str, width: usize, separator: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width * separator.len());
    let mut line_len = 0;
    for word in text.split(' ') {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push_str(separator);
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}

/// The arXiv snapshot's LaTeX spelling of an accented letter.
fn latex_escape(c: char) -> Option<&'static str> {
    Some(match c {
        'ü' => "{\\\"u}",
        'ö' => "{\\\"o}",
        'ä' => "{\\\"a}",
        'ë' => "{\\\"e}",
        'Ö' => "{\\\"O}",
        'Ü' => "{\\\"U}",
        'é' => "{\\'e}",
        'á' => "{\\'a}",
        'í' => "{\\'i}",
        'ó' => "{\\'o}",
        'ú' => "{\\'u}",
        'ć' => "{\\'c}",
        'è' => "{\\`e}",
        'ñ' => "{\\~n}",
        'ç' => "{\\c{c}}",
        'ş' => "{\\c{s}}",
        'Ş' => "{\\c{S}}",
        'Å' => "{\\AA}",
        'å' => "{\\aa}",
        'ø' => "{\\o}",
        'Ł' => "{\\L}",
        'ł' => "{\\l}",
        'ő' => "{\\H{o}}",
        'ř' => "{\\v{r}}",
        'č' => "{\\v{c}}",
        'š' => "{\\v{s}}",
        'ı' => "{\\i}",
        _ => return None,
    })
}

fn latex_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match latex_escape(c) {
            Some(escaped) => out.push_str(escaped),
            None => out.push(c),
        }
    }
    out
}

/// The paper folio should hold after importing [`snapshot_line`]`(i)`.
pub fn paper(i: u64) -> Paper {
    let r = record(i);
    let mut paper = Paper {
        id: PaperId::new(r.id.clone()),
        arxiv_id: Some(r.id),
        title: clean_text(&r.title_wrapped),
        authors: r.authors.iter().map(Author::full).collect(),
        abstract_text: clean_text(&r.abstract_wrapped),
        published: r.versions.first().map(|v| v.date()),
        updated: Some(r.update_date),
        categories: r.categories.iter().map(|c| c.to_string()).collect(),
        source: Source::ArxivJsonl,
        doi: r.doi,
        journal_ref: r.journal_ref,
        comment: r.comments,
        ..Paper::default()
    };
    fill_links_from_text(&mut paper);
    paper
}

/// Papers `0..count`.
pub fn papers(count: u64) -> impl Iterator<Item = Paper> {
    (0..count).map(paper)
}

#[derive(Serialize)]
struct SnapshotVersion {
    version: String,
    created: String,
}

/// The snapshot's 14 keys, in the snapshot's order.
#[derive(Serialize)]
struct SnapshotLine<'a> {
    id: &'a str,
    submitter: String,
    authors: String,
    title: &'a str,
    comments: Option<&'a str>,
    #[serde(rename = "journal-ref")]
    journal_ref: Option<&'a str>,
    doi: Option<&'a str>,
    #[serde(rename = "report-no")]
    report_no: Option<&'a str>,
    categories: String,
    license: Option<&'a str>,
    #[serde(rename = "abstract")]
    abstract_text: &'a str,
    versions: Vec<SnapshotVersion>,
    update_date: String,
    authors_parsed: Vec<[String; 3]>,
}

/// Paper `i` as one line of the arXiv metadata snapshot (no trailing newline).
pub fn snapshot_line(i: u64) -> String {
    let r = record(i);
    let spell = |name: &str| {
        if r.latex_names {
            latex_name(name)
        } else {
            name.to_string()
        }
    };
    let names: Vec<String> = r.authors.iter().map(|a| spell(&a.full())).collect();
    let authors = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    };
    let line = SnapshotLine {
        id: &r.id,
        submitter: r.authors.first().map(Author::full).unwrap_or_default(),
        authors,
        title: &r.title_wrapped,
        comments: r.comments.as_deref(),
        journal_ref: r.journal_ref.as_deref(),
        doi: r.doi.as_deref(),
        report_no: r.report_no.as_deref(),
        categories: r.categories.join(" "),
        license: r.license,
        abstract_text: &r.abstract_wrapped,
        versions: r
            .versions
            .iter()
            .enumerate()
            .map(|(k, created)| SnapshotVersion {
                version: format!("v{}", k + 1),
                created: created.format("%a, %-d %b %Y %H:%M:%S GMT").to_string(),
            })
            .collect(),
        update_date: r.update_date.format("%Y-%m-%d").to_string(),
        authors_parsed: r
            .authors
            .iter()
            .map(|a| [spell(a.last), spell(&a.first), String::new()])
            .collect(),
    };
    serde_json::to_string(&line).expect("a snapshot line serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_same_index_gives_the_same_paper_and_line() {
        for i in [0, 1, 77, 123_456] {
            assert_eq!(paper(i), paper(i));
            assert_eq!(snapshot_line(i), snapshot_line(i));
        }
        assert_ne!(paper(1).title, paper(2).title);
    }

    #[test]
    fn ids_are_unique_new_style_arxiv_ids() {
        let mut ids = HashSet::new();
        for i in 0..10_000 {
            let p = paper(i);
            let id = p.id.as_str().to_string();
            assert_eq!(
                crate::model::parse_arxiv_id(&id).as_deref(),
                Some(id.as_str())
            );
            assert_eq!(id.len(), 10, "{id}");
            assert!(ids.insert(id.clone()), "duplicate id {id} at {i}");
        }
    }

    #[test]
    fn papers_have_the_promised_shape() {
        let mut with_code = 0;
        for i in 0..2_000 {
            let p = paper(i);
            let title_words = p.title.split(' ').count();
            assert!((6..=14).contains(&title_words), "{}", p.title);
            let abstract_words = p.abstract_text.split(' ').count();
            assert!(
                (120..=260).contains(&abstract_words),
                "{abstract_words} words in {i}"
            );
            assert!((1..=8).contains(&p.authors.len()));
            assert!((1..=3).contains(&p.categories.len()));
            assert!(p.published.is_some() && p.updated >= p.published);
            if p.code_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://github.com/"))
            {
                with_code += 1;
            }
        }
        assert!((200..=400).contains(&with_code), "{with_code} with code");
    }

    #[test]
    fn snapshot_lines_are_json_with_the_fourteen_keys() {
        let keys = [
            "id",
            "submitter",
            "authors",
            "title",
            "comments",
            "journal-ref",
            "doi",
            "report-no",
            "categories",
            "license",
            "abstract",
            "versions",
            "update_date",
            "authors_parsed",
        ];
        for i in 0..500 {
            let line = snapshot_line(i);
            assert!(!line.contains('\n'), "one line: {line}");
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            let object = value.as_object().unwrap();
            assert_eq!(object.len(), 14);
            for key in keys {
                assert!(object.contains_key(key), "{key} missing in {line}");
            }
            let created = value["versions"][0]["created"].as_str().unwrap();
            assert!(created.ends_with(" GMT"), "{created}");
            assert!(value["abstract"].as_str().unwrap().starts_with("  "));
        }
    }

    #[test]
    fn the_line_and_the_paper_describe_the_same_record() {
        for i in 0..300 {
            let p = paper(i);
            let value: serde_json::Value = serde_json::from_str(&snapshot_line(i)).unwrap();
            assert_eq!(value["id"], p.id.as_str());
            assert_eq!(clean_text(value["title"].as_str().unwrap()), p.title);
            assert_eq!(
                clean_text(value["abstract"].as_str().unwrap()),
                p.abstract_text
            );
            assert_eq!(value["categories"], p.categories.join(" "));
            assert_eq!(
                value["authors_parsed"].as_array().unwrap().len(),
                p.authors.len()
            );
            let v1 = value["versions"][0]["created"].as_str().unwrap();
            let published = p.published.unwrap().format("%-d %b %Y").to_string();
            assert!(v1.contains(&published), "{v1} vs {published}");
            assert_eq!(value["comments"].as_str(), p.comment.as_deref());
        }
    }

    #[test]
    fn accented_names_are_latex_escaped_in_some_lines() {
        let escaped = (0..2_000)
            .map(snapshot_line)
            .any(|l| l.contains("M{\\\\\\\"u}ller"));
        assert!(escaped, "no line spells M{{\\\"u}}ller");
        let unicode = (0..2_000).map(paper).any(|p| {
            p.authors
                .iter()
                .any(|a| a.ends_with("Müller") || a.ends_with("Ångström"))
        });
        assert!(unicode);
    }

    #[test]
    fn word_frequencies_are_skewed() {
        let mut rng = Rng::new(7);
        let n = vocabulary().len();
        assert!(n > 3_000, "{n} words");
        let draws = 100_000;
        let top = (0..draws).filter(|_| rng.zipf(n) < 10).count();
        // Under 1/(k+1) the ten most frequent words take ln(11)/ln(n+1) of the draws.
        assert!(top > draws / 5, "{top}");
    }
}
