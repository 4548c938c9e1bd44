#!/usr/bin/env python3
"""Whole-process `folio search` against SQLite FTS5 on the same corpus.

Why this exists: a person or a script runs `folio search` as a fresh process
each time, so what they wait for is process start, opening the data dir, the
query, 20 hits with snippets and the JSON printed. The criterion benchmarks
(`benches/core.rs`) time only the query inside a warm process. This script
times the whole process, and, for scale, SQLite FTS5 answering the same
queries inside an already running process (MATCH, bm25 order, snippet(),
LIMIT 20): the yardstick of issue 14.

Usage (Python 3.11 and its standard library only):

    cargo run --release --example gen_corpus -- 100000 /tmp/c100k.jsonl
    FOLIO_DATA_DIR=/tmp/f100k target/release/folio import /tmp/c100k.jsonl
    python3 benches/search_process.py /tmp/c100k.jsonl /tmp/f100k

The FTS5 table is built once and kept next to the corpus (CORPUS.fts5.db;
`--db` puts it elsewhere). Queries are drawn with a fixed seed from the
corpus's own words, weighted by how often they occur: one, two and three
words, a one-typo word (two inner letters swapped; folio corrects it, FTS5
is given the word as it should be) and a type-ahead prefix (`--prefix` for
folio, `word*` for FTS5).
"""

import argparse
import collections
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

KINDS = ["one_word", "two_words", "three_words", "typo", "prefix"]
# Words this short are mostly glue; folio leaves 44 such stop words out of
# abstracts, and a query of glue alone is not what people type.
MIN_WORD = 4
# Lines read to learn the vocabulary (the generator's words all show up
# within the first few thousand papers).
VOCAB_LINES = 20_000
WORD_RE = re.compile(r"[a-z]+")
GLUE = {
    "with", "from", "that", "this", "these", "their", "when", "than", "into",
    "over", "which", "using", "between", "both", "such", "code", "available",
    "https", "github", "com",
}


def percentile(samples, p):
    """Nearest-rank percentile of a list of numbers."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def vocabulary(corpus):
    """The corpus's words (title and abstract), most frequent first."""
    counts = collections.Counter()
    with open(corpus, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= VOCAB_LINES:
                break
            record = json.loads(line)
            text = (record.get("title", "") + " " + record.get("abstract", "")).lower()
            counts.update(
                w for w in WORD_RE.findall(text) if len(w) >= MIN_WORD and w not in GLUE
            )
    return [w for w, _ in counts.most_common()]


class Draw:
    """Zipf-weighted words from the vocabulary, like the generator's own."""

    def __init__(self, words, seed):
        self.words = words
        self.rng = random.Random(seed)
        self.weights = [1 / (k + 1) for k in range(len(words))]

    def word(self):
        return self.rng.choices(self.words, self.weights)[0]

    def typo(self, known):
        """(typed, meant): two inner letters of a long word swapped, giving
        a string that is no word of the corpus."""
        while True:
            word = self.word()
            if len(word) < 6:
                continue
            at = 1 + self.rng.randrange(len(word) - 3)
            if word[at] == word[at + 1]:
                continue
            typed = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if typed not in known:
                return typed, word

    def prefix(self):
        """A word's first 4-5 letters (folio expands shorter prefixes over
        titles and authors only, so they would not be the same question)."""
        while True:
            word = self.word()
            if len(word) >= 7:
                return word[: self.rng.choice((4, 5))]


def queries(words, per_kind, seed):
    """Per kind, a list of (folio argv words, folio --prefix, FTS5 MATCH)."""
    draw = Draw(words, seed)
    known = set(words)
    quote = lambda w: f'"{w}"'
    out = {kind: [] for kind in KINDS}
    for _ in range(per_kind):
        for n, kind in ((1, "one_word"), (2, "two_words"), (3, "three_words")):
            ws = [draw.word() for _ in range(n)]
            out[kind].append((ws, False, " ".join(map(quote, ws))))
        typed, meant = draw.typo(known)
        out["typo"].append(([typed], False, quote(meant)))
        first, start = draw.word(), draw.prefix()
        out["prefix"].append(([first, start], True, f"{quote(first)} {quote(start)}*"))
    return out


def build_fts(corpus, db):
    """The FTS5 table over the corpus (porter stemming, as folio stems)."""
    if os.path.exists(db):
        return
    tmp = db + ".part"
    if os.path.exists(tmp):
        os.remove(tmp)
    started = time.perf_counter()
    con = sqlite3.connect(tmp)
    con.execute(
        "CREATE VIRTUAL TABLE papers USING fts5("
        "id UNINDEXED, title, authors, abstract, tokenize='porter unicode61')"
    )
    with open(corpus, encoding="utf-8") as f, con:
        rows = (
            (r.get("id"), r.get("title", ""), r.get("authors", ""), r.get("abstract", ""))
            for r in map(json.loads, f)
        )
        con.executemany("INSERT INTO papers VALUES (?, ?, ?, ?)", rows)
    con.execute("INSERT INTO papers(papers) VALUES ('optimize')")
    con.commit()
    con.close()
    os.rename(tmp, db)
    print(f"built {db} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


# Title over authors over abstract, the boosts folio ranks with.
FTS_SQL = (
    "SELECT id, title, authors, snippet(papers, 3, '[', ']', '…', 32) FROM papers "
    "WHERE papers MATCH ? ORDER BY bm25(papers, 0.0, 3.0, 2.0, 1.0) LIMIT 20"
)


def time_fts(con, match):
    started = time.perf_counter_ns()
    rows = con.execute(FTS_SQL, (match,)).fetchall()
    return (time.perf_counter_ns() - started) / 1e6, len(rows)


def time_folio(folio, env, words, prefix):
    argv = [folio, "search", "--limit", "20", "--json"]
    if prefix:
        argv.append("--prefix")
    argv += ["--", *words]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter_ns()
    done = subprocess.run(argv, env=env, capture_output=True)
    elapsed = (time.perf_counter_ns() - started) / 1e6
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e3
    if done.returncode != 0:
        sys.exit(f"folio failed on {words}: {done.stderr.decode(errors='replace')}")
    if done.stderr:
        print(f"folio said on {words}: {done.stderr.decode(errors='replace')}", file=sys.stderr)
    return elapsed, cpu, len(json.loads(done.stdout))


def time_spawn(rounds):
    """The floor: starting and waiting for a process that does nothing."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter_ns()
        subprocess.run(["/bin/true"], capture_output=True)
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="the JSON Lines corpus the data dir was imported from")
    parser.add_argument("data_dir", help="the folio data dir (FOLIO_DATA_DIR)")
    parser.add_argument(
        "--folio",
        default=os.path.join(here, "..", "target", "release", "folio"),
        help="the folio binary (default: target/release/folio)",
    )
    parser.add_argument("--db", help="the FTS5 database (default: CORPUS.fts5.db)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over the query set")
    parser.add_argument("--per-kind", type=int, default=20, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--skip-fts", action="store_true", help="time folio only")
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()

    words = vocabulary(args.corpus)
    query_set = queries(words, args.per_kind, args.seed)
    env = dict(os.environ, FOLIO_DATA_DIR=os.path.abspath(args.data_dir))
    times = {(engine, kind): [] for engine in ("fts5", "folio", "cpu") for kind in KINDS}
    hits = collections.Counter()

    con = None
    if not args.skip_fts:
        db = args.db or args.corpus + ".fts5.db"
        build_fts(args.corpus, db)
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    # One untimed round warms the page cache and both engines. Each round
    # runs every FTS5 query, then every folio process: interleaved one by
    # one, each engine's work evicts the other's from the CPU caches, and
    # folio's process start suffers most (about 1.5x slower).
    for round_no in range(args.rounds + 1):
        for kind in KINDS:
            for words_, prefix, match in query_set[kind]:
                if con is not None:
                    ms, n = time_fts(con, match)
                    if round_no:
                        times["fts5", kind].append(ms)
                        hits["fts5", kind] += n
        for kind in KINDS:
            for words_, prefix, match in query_set[kind]:
                ms, cpu, n = time_folio(args.folio, env, words_, prefix)
                if round_no:
                    times["folio", kind].append(ms)
                    times["cpu", kind].append(cpu)
                    hits["folio", kind] += n

    spawn = time_spawn(50)
    print(f"process spawn floor (/bin/true): median {statistics.median(spawn):.2f} ms")
    print(f"{args.rounds} rounds x {args.per_kind} queries per kind; times in ms")
    head = f"{'kind':<12} {'fts5 med':>9} {'fts5 p99':>9} {'folio med':>10} {'folio p99':>10} {'ratio':>6} {'cpu med':>8} {'cpu p99':>8} {'hits f/F':>10}"
    print(head)
    rows = [(kind, [kind]) for kind in KINDS] + [("all", KINDS)]
    for label, kinds in rows:
        fts = [t for k in kinds for t in times["fts5", k]]
        fol = [t for k in kinds for t in times["folio", k]]
        fts_med = statistics.median(fts) if fts else float("nan")
        fts_p99 = percentile(fts, 99) if fts else float("nan")
        fol_med, fol_p99 = statistics.median(fol), percentile(fol, 99)
        ratio = fol_med / fts_med if fts else float("nan")
        cpu = [t for k in kinds for t in times["cpu", k]]
        per = lambda e: sum(hits[e, k] for k in kinds) / max(1, len(fol))
        print(
            f"{label:<12} {fts_med:>9.2f} {fts_p99:>9.2f} {fol_med:>10.2f} {fol_p99:>10.2f} "
            f"{ratio:>6.2f} {statistics.median(cpu):>8.2f} {percentile(cpu, 99):>8.2f} "
            f"{per('folio'):>4.1f}/{per('fts5'):<4.1f}"
        )
    print(
        "ratio = folio whole-process median / FTS5 in-process median; "
        "cpu = folio's user + system CPU time; hits = mean per query (folio/FTS5)"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "queries": query_set,
                    "spawn_ms": spawn,
                    "ms": {f"{e}/{k}": v for (e, k), v in times.items()},
                },
                f,
            )


if __name__ == "__main__":
    main()
