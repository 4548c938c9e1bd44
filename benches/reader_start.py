#!/usr/bin/env python3
"""The reader in a real terminal: how long from launch to the first frame
with papers, and how much memory it holds (issue: all of arXiv).

Starts `folio` (the reader) in a detached tmux session of 120x40 on a data
dir, polls `tmux capture-pane` until the list shows papers, then reads the
process's resident memory (VmRSS) and its peak (VmHWM) from /proc, types a
query and reads them again. Several rounds; prints each and the medians.

    python3 benches/reader_start.py --folio target/release/folio --data-dir /tmp/f3m

The first frame is timed from just before tmux launches folio to the first
capture that shows a paper row, so it includes tmux's start and the polling
interval (1 ms); a launch on a cold page cache is slower than the warm runs
this reports (run it once first).
"""

import argparse
import os
import re
import statistics
import subprocess
import time

SESSION = "folio-reader-start"


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True)


def capture():
    return tmux("capture-pane", "-p", "-t", SESSION, check=False).stdout


def folio_pid():
    """The pid of the folio process inside the session's pane."""
    shell = tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").stdout.strip()
    return int(shell)


def memory_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = capture()
        if predicate(screen):
            return screen
        time.sleep(0.001)
    raise SystemExit(f"timed out; the screen was:\n{capture()}")


def shows_papers(screen):
    # The top bar counts the papers once the first results are drawn, and
    # the list and the detail pane are split by a rule.
    return re.search(r"\d[\d,]* papers? ·", screen) is not None and "│" in screen


def one_round(folio, data_dir, query):
    tmux("kill-session", "-t", SESSION, check=False)
    env = f"FOLIO_DATA_DIR={data_dir}"
    start = time.monotonic()
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", f"exec env {env} {folio}")
    wait_for(shows_papers, 60)
    first_frame = time.monotonic() - start
    pid = folio_pid()
    # Let the full result list and any background work settle.
    time.sleep(2)
    after_start = memory_kb(pid)
    tmux("send-keys", "-t", SESSION, "/")
    for ch in query:
        tmux("send-keys", "-t", SESSION, "-l", ch)
        time.sleep(0.1)
    tmux("send-keys", "-t", SESSION, "Enter")
    time.sleep(2)
    after_query = memory_kb(pid)
    tmux("send-keys", "-t", SESSION, "q")
    time.sleep(0.3)
    tmux("kill-session", "-t", SESSION, check=False)
    return first_frame, after_start, after_query


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folio", default="target/release/folio")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--query", default="neural networks")
    args = parser.parse_args()
    folio = os.path.abspath(args.folio)
    one_round(folio, args.data_dir, args.query)  # warm the page cache
    frames, rss, peaks = [], [], []
    for n in range(args.rounds):
        first, started, queried = one_round(folio, args.data_dir, args.query)
        frames.append(first * 1e3)
        rss.append(queried["VmRSS"] / 1024)
        peaks.append(queried["VmHWM"] / 1024)
        print(
            f"round {n}: first frame {first * 1e3:.0f} ms; memory after start "
            f"{started['VmRSS'] / 1024:.0f} MB, after a query {queried['VmRSS'] / 1024:.0f} MB "
            f"(peak {queried['VmHWM'] / 1024:.0f} MB)"
        )
    print(
        f"median first frame {statistics.median(frames):.0f} ms (max {max(frames):.0f}); "
        f"median memory {statistics.median(rss):.0f} MB, peak {max(peaks):.0f} MB"
    )


if __name__ == "__main__":
    main()
