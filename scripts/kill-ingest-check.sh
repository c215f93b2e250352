#!/usr/bin/env bash
# Kill -9 an ingest at a random moment, run the same command again, and check the archive:
# every article once, and SQLite's integrity check passes. BENCHMARKS.md quotes its output.
#
#   scripts/kill-ingest-check.sh CORPUS.jsonl [ROUNDS]
set -euo pipefail
corpus=${1:?usage: scripts/kill-ingest-check.sh CORPUS.jsonl [ROUNDS]}
rounds=${2:-3}
bin=${DATELINE:-target/release/dateline}
expected=$(grep -c . "$corpus")
for round in $(seq 1 "$rounds"); do
    db=$(mktemp -d)/kill.db
    delay=$(python3 -c "import random; print(round(random.uniform(0.5, 8.0), 2))")
    "$bin" ingest --db "$db" "$corpus" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    partial=$("$bin" stats --db "$db" --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['articles'])")
    "$bin" ingest --db "$db" "$corpus" 2>/dev/null
    result=$("$bin" stats --db "$db" --format json --check)
    articles=$(echo "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['articles'])")
    integrity=$(echo "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['integrity'])")
    echo "round $round: killed after ${delay}s with $partial stored; after the rerun $articles of $expected, integrity $integrity"
    [ "$articles" = "$expected" ] && [ "$integrity" = ok ] || { echo "FAILED"; exit 1; }
    rm -rf "$(dirname "$db")"
done
