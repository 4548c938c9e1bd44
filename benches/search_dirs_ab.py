#!/usr/bin/env python3
"""Whole-process `folio search` over two data dirs, alternating query by query.

Why this exists: this host's speed drifts by 1.5-2x within an hour, so two
runs of `search_process.py` taken minutes apart cannot tell a 10% change
from the drift. Here every query runs against each data dir in turn (the
order flipping every round), so both see the same hour. What it compares is
the data dirs (the same papers tidied into fewer segments, say), with one
folio binary; the queries are `search_process.py`'s, drawn the same way.

Usage (Python 3.11 and its standard library only):

    python3 benches/search_dirs_ab.py CORPUS.jsonl DIR_A DIR_B [--rounds 3]
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import search_process as sp  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="the JSON Lines corpus the data dirs were imported from")
    parser.add_argument("dirs", nargs=2, help="the two folio data dirs")
    parser.add_argument(
        "--folio",
        default=os.path.join(here, "..", "target", "release", "folio"),
        help="the folio binary (default: target/release/folio)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the query set")
    parser.add_argument("--per-kind", type=int, default=20, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    query_set = sp.queries(sp.vocabulary(args.corpus), args.per_kind, args.seed)
    envs = [dict(os.environ, FOLIO_DATA_DIR=os.path.abspath(d)) for d in args.dirs]
    times = {(d, kind): [] for d in range(2) for kind in sp.KINDS}
    # One untimed round warms the page cache for both.
    for round_no in range(args.rounds + 1):
        order = (0, 1) if round_no % 2 == 0 else (1, 0)
        for kind in sp.KINDS:
            for words, prefix, _ in query_set[kind]:
                for d in order:
                    ms, _, _ = sp.time_folio(args.folio, envs[d], words, prefix)
                    if round_no:
                        times[d, kind].append(ms)

    print(f"{args.rounds} rounds x {args.per_kind} queries per kind; median / p99 in ms")
    print(f"{'kind':<12} {'A':>16} {'B':>16}")
    for label, kinds in [(k, [k]) for k in sp.KINDS] + [("all", sp.KINDS)]:
        cells = []
        for d in range(2):
            samples = [t for k in kinds for t in times[d, k]]
            cells.append(f"{statistics.median(samples):.1f} / {sp.percentile(samples, 99):.1f}")
        print(f"{label:<12} {cells[0]:>16} {cells[1]:>16}")
    print(f"A = {args.dirs[0]}, B = {args.dirs[1]}")


if __name__ == "__main__":
    main()
