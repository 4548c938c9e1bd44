#!/usr/bin/env python3
"""The reader in a real terminal: typing at 10 keys a second, timed from tmux.

Why this exists: issue 14 ("A reader that does not wait") asks for the
reader's latency measured in a real terminal as well as in the bench. The
release binary runs in a 120x40 tmux pane; one reader types every
20-character query, ROUNDS times over, as a user would in one session (Esc
clears the query between two). It reports:

- startup: launch until the top bar shows the first count, and the
  process's resident memory then and after all the typing;
- each key until the frame with that query's first results: the cursor
  stands after the typed text (the key's own frame shows "…" in place of
  the count while the search runs) and the count is back;
- the last key until the count is exact (no "+": every match counted).

A key whose results never showed before the next key is a miss (its search
was cancelled by the next one) and counts as 100 ms.

How it looks without getting in the way: one tmux control-mode client
(`tmux -C`) carries every key and every look over a pipe, so no process is
started per key or per look, and a look (the cursor's column and the top
line) costs tmux about half a millisecond. The screen is looked at every
2 ms, so a time is late by at most that and one look. The client asks not
to be sent folio's output (`%output`): tmux escaping every byte of every
frame for it held the looks back by up to 17 ms. An earlier version in bash
started two or three processes per look every 5 ms, which on two cores
cost folio the time it was measured by.

Usage: python3 benches/tmux_typing.py DATA_DIR [QUERY...]
  --folio BIN (default target/release/folio), --rounds N (default 3).
Python 3.11 standard library and tmux.
"""

import argparse
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

QUERIES = [
    "graph neural network",
    "quantum field theory",
    "diffusion models for",
    "transformer attentio",
    "reinforcement learni",
    "language model agent",
]
GAP = 0.1  # seconds between keys: 10 keys per second
PATIENCE = 20.0  # seconds any wait may take before the run fails
POLL = 0.002  # seconds between two looks at the screen
COUNT = re.compile(r"\s\d+\+? papers? ·")
EXACT = re.compile(r"\s\d+ papers? ·")
# The query starts after "/ " and the search bar's border in column 3.
QUERY_COLUMN = 3


class Tmux:
    """A tmux server of its own, driven through one control-mode client."""

    def __init__(self, command):
        self.socket = f"folio-typing-{os.getpid()}"
        self.base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        self.started = time.perf_counter()
        subprocess.run(
            self.base
            + ["new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command],
            check=True,
        )
        # The control client must not resize the pane to its own size.
        subprocess.run(self.base + ["set-option", "-g", "window-size", "manual"], check=True)
        self.client = subprocess.Popen(
            self.base + ["-C", "attach-session", "-t", "t"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.replies = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        # Attaching answers like a command, before anything is asked.
        self.replies.get(timeout=PATIENCE)
        # Telling the client everything folio writes would cost tmux more
        # than the looks do: the screen is looked at instead.
        self.command("refresh-client -f no-output")

    def _read(self):
        """Gathers the client's lines into replies, with when they came."""
        reply = None
        for raw in self.client.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if reply is not None:
                if line.startswith("%end") or line.startswith("%error"):
                    self.replies.put((time.perf_counter(), line.startswith("%end"), reply))
                    reply = None
                else:
                    reply.append(line)
            elif line.startswith("%begin"):
                reply = []

    def command(self, text, answers=1):
        """Runs tmux commands (`answers` of them, separated by ` ; `); when
        the last answer came, and each answer's lines."""
        self.client.stdin.write(text.encode() + b"\n")
        got = []
        for _ in range(answers):
            at, ok, lines = self.replies.get(timeout=PATIENCE)
            if not ok:
                sys.exit(f"tmux refused `{text}`: {lines}")
            got.append(lines)
        return at, got

    def look(self):
        """(when, the top line, the cursor's column)."""
        at, (cursor, top) = self.command(
            "display-message -p -t t '#{cursor_x}' ; capture-pane -p -t t -S 0 -E 0", 2
        )
        return at, top[0] if top else "", int(cursor[0])

    def keys(self, text, literal=True):
        """Sends keys; when they were sent."""
        sent = time.perf_counter()
        flag = "-l " if literal else ""
        quoted = text.replace("\\", "\\\\").replace("'", "\\'")
        self.command(f"send-keys -t t {flag}'{quoted}'")
        return sent

    def pane_pid(self):
        return int(self.command("display-message -p -t t '#{pane_pid}'")[1][0][0])

    def close(self):
        try:
            self.client.stdin.close()
        except OSError:
            pass
        subprocess.run(self.base + ["kill-server"], capture_output=True)


def until(tmux, shown, deadline):
    """When a look first found the screen satisfying `shown(top line,
    cursor column)`, looking every POLL seconds; None if `deadline` passed
    first."""
    while True:
        at, top, cursor = tmux.look()
        if shown(top, cursor):
            return at
        if at >= deadline:
            return None
        time.sleep(max(0.0, min(POLL, deadline - time.perf_counter())))


def resident_kb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def summary(what, samples):
    ordered = sorted(samples)
    at = lambda p: ordered[int((len(ordered) - 1) * p + 0.5)]
    print(
        f"{what} ({len(ordered)}): median {statistics.median(ordered):.1f} ms, "
        f"p99 {at(0.99):.1f} ms, max {ordered[-1]:.1f} ms"
    )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir")
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument(
        "--folio", default=os.path.join(here, "..", "target", "release", "folio")
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "3")))
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed")
    if not os.access(args.folio, os.X_OK):
        sys.exit(f"{args.folio} is missing: run cargo build --release")

    data = os.path.abspath(args.data_dir)
    binary = os.path.abspath(args.folio)
    tmux = Tmux(f"exec env FOLIO_DATA_DIR='{data}' '{binary}'")
    try:
        run(tmux, args)
    finally:
        tmux.close()


def run(tmux, args):
    deadline = tmux.started + PATIENCE
    shown = until(tmux, lambda top, _: COUNT.search(top) is not None, deadline)
    if shown is None:
        sys.exit(f"folio did not start: {tmux.look()[1]}")
    startup = (shown - tmux.started) * 1e3
    pid = tmux.pane_pid()
    rss_start = resident_kb(pid)

    first, exact, slowest = [], [], []
    missed = 0
    for _ in range(args.rounds):
        for query in args.queries:
            # Esc clears the query (every paper, counted), / starts a new one.
            tmux.keys("Escape", literal=False)
            cleared = lambda top, _: "type / to search" in top and EXACT.search(top)
            if until(tmux, cleared, time.perf_counter() + PATIENCE) is None:
                sys.exit(f"the query was not cleared: {tmux.look()[1]}")
            tmux.keys("/")
            at_start = lambda _, cursor: cursor == QUERY_COLUMN
            if until(tmux, at_start, time.perf_counter() + PATIENCE) is None:
                sys.exit("the search bar did not open")
            for i, char in enumerate(query):
                pressed = tmux.keys(char)
                last = i + 1 == len(query)
                due = pressed + (PATIENCE if last else GAP)
                typed = QUERY_COLUMN + i + 1
                answered = lambda top, cursor: cursor == typed and COUNT.search(top)
                at = until(tmux, answered, due)
                if at is None:
                    missed += 1
                    first.append(GAP * 1e3)
                else:
                    first.append((at - pressed) * 1e3)
                slowest.append((first[-1], query[: i + 1]))
                if last:
                    counted = until(
                        tmux, lambda top, _: EXACT.search(top), pressed + PATIENCE
                    )
                    if counted is None:
                        sys.exit(f"`{query}` was never counted")
                    exact.append((counted - pressed) * 1e3)
                    print(
                        f"{query}: last key to first results {first[-1]:.1f} ms, "
                        f"to the exact count {exact[-1]:.1f} ms"
                    )
                else:
                    # Hold the pace: the next key 100 ms after this one.
                    time.sleep(max(0.0, due - time.perf_counter()))
    rss_end = resident_kb(pid)

    load = " ".join(open("/proc/loadavg", encoding="ascii").read().split()[:3])
    print(f"data dir: {args.data_dir}; binary: {args.folio}; load average at the end: {load}")
    print(
        f"startup to the first count: {startup:.1f} ms; resident memory then "
        f"{rss_start} kB, after typing {rss_end} kB"
    )
    summary("key press to the frame with its first results", first)
    print(f"keys whose results never showed before the next key: {missed} of {len(first)}")
    summary("last key to the exact count", exact)
    slowest.sort(reverse=True)
    print("slowest keys: " + ", ".join(f"{ms:.1f} ms `{q}`" for ms, q in slowest[:8]))


if __name__ == "__main__":
    main()
