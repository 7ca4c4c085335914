#!/usr/bin/env bash
# make bench-review: 2,000 generated submissions (copies of Submissions/quickstart-pass, each its
# own learner), 50 reviewer accounts, `assess serve` on loopback, then wrk with 50 connections:
# grading-page loads for DURATION seconds, then level saves for DURATION seconds. Prints p50,
# p95 and p99 of each. Usage: bench.sh ASSESS_BINARY [N] [DURATION]
set -euo pipefail
ASSESS=$(realpath "$1"); N=${2:-2000}; DURATION=${3:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/assess-review-bench}
rm -rf "$WORK"; mkdir -p "$WORK/cohort"
for i in $(seq -f "%04g" 1 "$N"); do
    cp -r "$ROOT/Submissions/quickstart-pass" "$WORK/cohort/learner-$i"
    printf 'rubric: quickstart-service-design\nlearner: learner-%s\n' "$i" > "$WORK/cohort/learner-$i/assess.yaml"
done
export ASSESS_PASSWORD="bench-password-1"
"$ASSESS" serve "$WORK/cohort" --add-user lead --role instructor </dev/null 2>/dev/null
for r in $(seq -w 1 50); do "$ASSESS" serve "$WORK/cohort" --add-user "reviewer$r" --role reviewer </dev/null 2>/dev/null; done
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s.%N)
"$ASSESS" serve "$WORK/cohort" --rubric "$ROOT/Rubrics/quickstart.yaml" --port "$PORT" 2> "$WORK/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/login"; do
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.5
done
awk -v s="$start" -v e="$(date +%s.%N)" -v n="$N" 'BEGIN { printf "startup: %d submissions graded and served in %.1f s\n", n, e - s }'
JAR="$WORK/cookies"
login=$(curl -s -c "$JAR" "http://127.0.0.1:$PORT/login")
token=$(printf '%s' "$login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data "name=reviewer01&password=$ASSESS_PASSWORD&csrf=$token" "http://127.0.0.1:$PORT/login"
dashboard=$(curl -s -b "$JAR" "http://127.0.0.1:$PORT/")
export CSRF=$(printf '%s' "$dashboard" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
export COOKIE="assess_session=$(awk '$6 == "assess_session" { print $7 }' "$JAR")"
export PSEUDONYMS="$WORK/pseudonyms"
printf '%s' "$dashboard" | grep -o 'href="/s/[a-z0-9-]*"' | sed 's/href="\/s\///; s/"//' | sort -u > "$PSEUDONYMS"
echo "$(wc -l < "$PSEUDONYMS") submissions listed; 50 connections, 2 wrk threads, ${DURATION}s each"
wrk -t2 -c50 -d"${DURATION}s" -s "$ROOT/Benchmarks/review/pages.lua" "http://127.0.0.1:$PORT" | grep '^pages:'
wrk -t2 -c50 -d"${DURATION}s" -s "$ROOT/Benchmarks/review/saves.lua" "http://127.0.0.1:$PORT" | grep '^saves:'
uptime
