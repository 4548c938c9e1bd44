#!/usr/bin/env bash
# The reader in a real terminal (issue 14, "A reader that does not wait"):
# starts the release binary on a data dir in a 120x40 tmux pane, types each
# 20-character query at 10 keys per second with `tmux send-keys`, and reads
# the screen back to time what a user sees:
#
# - startup: launch until the top bar shows the first count (and the
#   process's resident memory then, and after all the typing);
# - each key until the frame with that query's first results: the cursor
#   stands after the typed text (the key's own frame, which shows "…" in
#   place of the count while the search runs) and the count is back;
# - the last key until the count is exact (no "+": every match counted).
#
# A key whose results never showed before the next key is a miss (its
# search was cancelled by the next one) and counts as 100 ms.
# Times come from bash's $EPOCHREALTIME; each look at the screen is one or
# two tmux client calls and looks are 5 ms apart (so the script leaves the
# cores to folio), so they are good to about 10 ms.
#
# One reader types every query, ROUNDS times over (default 3), as a user
# would in one session: Esc clears the query between two.
#
# Usage: benches/tmux_typing.sh DATA_DIR [QUERY...]
#   FOLIO_BIN (default target/release/folio) picks the binary.
set -euo pipefail

data=${1:?usage: benches/tmux_typing.sh DATA_DIR [QUERY...]}
shift
bin=${FOLIO_BIN:-target/release/folio}
rounds=${ROUNDS:-3}
if [ "$#" -gt 0 ]; then
    queries=("$@")
else
    queries=(
        "graph neural network"
        "quantum field theory"
        "diffusion models for"
        "transformer attentio"
        "reinforcement learni"
        "language model agent"
    )
fi
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }
[ -x "$bin" ] || { echo "$bin is missing: run cargo build --release" >&2; exit 1; }

socket="folio-typing-$$"
tm() { tmux -L "$socket" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT

gap=0.1          # seconds between keys: 10 keys per second
patience=20      # seconds any wait may take before the run fails

now() { echo "$EPOCHREALTIME"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
later() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
top_line() { tm capture-pane -p -t t -S 0 -E 0; }
cursor_x() { tm display-message -p -t t '#{cursor_x}'; }

# True when the top bar shows a count (not "…"); with "exact", one without "+".
shows_count() {
    local line
    line=$(top_line)
    if [ "${1:-}" = exact ]; then
        [[ $line =~ [[:space:]][0-9]+\ papers?\ · ]]
    else
        [[ $line =~ [[:space:]][0-9]+\+?\ papers?\ · ]]
    fi
}

# Waits until the query has `len` characters and its results show; prints
# when, or nothing if `deadline` passed first.
wait_results() {
    local len=$1 deadline=$2
    while ! later "$(now)" "$deadline"; do
        if [ "$(cursor_x)" = $((3 + len)) ] && shows_count; then
            now
            return
        fi
        sleep 0.005
    done
}

first_ms=()
exact_ms=()
missed=0

started=$(now)
tm new-session -d -s t -x 120 -y 40 "exec env FOLIO_DATA_DIR='$data' '$bin'"
deadline=$(awk -v a="$started" -v p="$patience" 'BEGIN { printf "%.6f", a + p }')
until shows_count; do
    later "$(now)" "$deadline" && { echo "folio did not start: $(top_line)" >&2; exit 1; }
done
startup=$(ms "$started" "$(now)")
pid=$(tm display-message -p -t t '#{pane_pid}')
rss_start=$(ps -o rss= -p "$pid" | tr -d ' ')

for ((round = 0; round < rounds; round++)); do
  for query in "${queries[@]}"; do
    # Esc clears the query (every paper, counted), / starts a new one.
    tm send-keys -t t Escape
    deadline=$(awk -v a="$(now)" -v p="$patience" 'BEGIN { printf "%.6f", a + p }')
    until [[ $(top_line) == *"type / to search"* ]] && shows_count exact; do
        later "$(now)" "$deadline" && { echo "the query was not cleared: $(top_line)" >&2; exit 1; }
        sleep 0.005
    done
    tm send-keys -t t /
    until [ "$(cursor_x)" = 3 ]; do sleep 0.005; done

    for ((i = 0; i < ${#query}; i++)); do
        pressed=$(now)
        tm send-keys -t t -l -- "${query:i:1}"
        due=$(awk -v a="$pressed" -v g="$gap" 'BEGIN { printf "%.6f", a + g }')
        last=$((i + 1 == ${#query}))
        if [ "$last" = 1 ]; then
            due=$(awk -v a="$pressed" -v p="$patience" 'BEGIN { printf "%.6f", a + p }')
        fi
        shown=$(wait_results $((i + 1)) "$due")
        if [ -n "$shown" ]; then
            first_ms+=("$(ms "$pressed" "$shown")")
        else
            missed=$((missed + 1))
            first_ms+=(100.0)
        fi
        if [ "$last" = 1 ]; then
            until shows_count exact; do
                later "$(now)" "$due" && { echo "\`$query\` was never counted" >&2; exit 1; }
                sleep 0.005
            done
            exact_ms+=("$(ms "$pressed" "$(now)")")
            echo "$query: last key to first results ${first_ms[-1]} ms, to the exact count ${exact_ms[-1]} ms; $(top_line | sed 's/  */ /g')"
        else
            # Hold the pace: the next key 100 ms after this one.
            sleep "$(awk -v d="$due" -v n="$EPOCHREALTIME" 'BEGIN { x = d - n; printf "%.6f", (x > 0 ? x : 0) }')"
        fi
    done
  done
done
rss_end=$(ps -o rss= -p "$pid" | tr -d ' ')

summary() {
    printf '%s\n' "${@:2}" | sort -n | awk -v what="$1" '
        { v[NR] = $1 }
        END {
            p99 = int((NR - 1) * 0.99 + 0.5) + 1; med = int((NR - 1) * 0.5 + 0.5) + 1
            printf "%s (%d): median %.1f ms, p99 %.1f ms, max %.1f ms\n", what, NR, v[med], v[p99], v[NR]
        }'
}
tm kill-server 2>/dev/null || true
echo "data dir: $data; binary: $bin; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "startup to the first count: $startup ms; resident memory then $rss_start kB, after typing $rss_end kB"
summary "key press to the frame with its first results" "${first_ms[@]}"
echo "keys whose results never showed before the next key: $missed of ${#first_ms[@]}"
summary "last key to the exact count" "${exact_ms[@]}"
