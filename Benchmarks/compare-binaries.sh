#!/bin/sh
# Two `assess` binaries interleaved on the inputs `make bench` generated, so a change is
# measured against what it replaces in the same minutes: on a shared machine whose speed
# moves by a third between runs, only figures taken side by side compare.
#
#   Benchmarks/compare-binaries.sh OLD NEW [ROUNDS]
#
# Each round grades the k6 log, the OTLP file, the Debezium stream with its write log and the
# replica log with OLD and then NEW (the submissions `make bench` left in /tmp), and every
# third round the shipped-sample cohort; it prints each run's wall and CPU seconds and peak
# RSS, then the median of each. Linux with GNU time, as `make bench` is.
set -eu
old=$1 new=$2 rounds=${3:-5}
times=$(mktemp)
trap 'rm -f "$times"' EXIT
run() { # label binary args...
	label=$1 binary=$2
	shift 2
	/usr/bin/time -a -o "$times" -f "$label $(basename "$binary") %e %U %M" "$binary" "$@" > /dev/null 2>&1 || true
}
round=0
while [ "$round" -lt "$rounds" ]; do
	round=$((round + 1))
	for binary in "$old" "$new"; do
		run k6 "$binary" grade /tmp/assess-bench-k6-submission --rubric Benchmarks/rubrics/k6-p95.yaml --format json
		run otlp "$binary" grade /tmp/assess-bench-traces-submission --rubric Benchmarks/rubrics/traces.yaml --format json
		run cdc "$binary" grade /tmp/assess-bench-cdc-submission --rubric Benchmarks/rubrics/cdc-events.yaml --format json
		run convergence "$binary" grade /tmp/assess-bench-convergence-submission \
			--rubric Benchmarks/rubrics/convergence.yaml --format json
		if [ $((round % 3)) -eq 1 ]; then
			rm -rf /tmp/assess-compare-out
			run cohort "$binary" batch /tmp/assess-bench-shipped --rubric Rubrics/phase1-service-design.yaml \
				--out /tmp/assess-compare-out --jobs 2
		fi
	done
done
grep -v "^Command exited" "$times"
echo "medians (wall s, CPU s, peak KiB):"
median() { # column: the middle value of that column of the lines on standard input
	cut -d' ' -f"$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
for label in k6 otlp cdc convergence cohort; do
	for binary in "$old" "$new"; do
		name=$(basename "$binary")
		grep -q "^$label $name " "$times" || continue
		printf "  %-12s %-24s %6s %6s %8s\n" "$label" "$name" \
			"$(grep "^$label $name " "$times" | median 3)" "$(grep "^$label $name " "$times" | median 4)" \
			"$(grep "^$label $name " "$times" | median 5)"
	done
done
