#!/bin/sh
# Times one whole `assess grade` process on a generated input, as a learner or CI runs it:
# start-up, rubric, reading, grading, the files' SHA-256 for the report and writing it. Best
# of three runs' wall time, and the peak resident memory of one more (GNU time). Every run must
# exit 0 or 1 (passed or failed), give the verdict the benchmark's planted faults make, and
# have no criterion in error or skipped, or the script fails loudly: a broken grade never
# passes for a fast one. Beside it, as a floor, OpenSSL's SHA-256 of the same files on one
# core: the report carries each graded file's digest, so no grade can be faster.
#
#   grade-process.sh LABEL ASSESS RUBRIC VERDICT SUBMISSION PATH=FILE...
#
# Each PATH=FILE links FILE into SUBMISSION at PATH (copied where a link cannot be made).
# Linux (GNU date's %N for the clock), as `make bench` is.
set -eu
label=$1 assess=$2 rubric=$3 verdict=$4 submission=$5
shift 5
rm -rf "$submission"
bytes=0
for pair in "$@"; do
	path=${pair%%=*} file=${pair#*=}
	test -s "$file" || { echo "error: no $file to grade" >&2; exit 1; }
	mkdir -p "$(dirname "$submission/$path")"
	ln "$file" "$submission/$path" 2>/dev/null || cp "$file" "$submission/$path"
	bytes=$((bytes + $(wc -c < "$file")))
done
report=$submission.report.json
best=""
for run in 1 2 3; do
	start=$(date +%s.%N)
	status=0
	"$assess" grade "$submission" --rubric "$rubric" --format json > "$report" || status=$?
	end=$(date +%s.%N)
	# 0 is a pass and 1 a fail; anything else (a usage error, a crash) is no grade at all.
	[ "$status" -le 1 ] || { echo "error: $label: run $run exited $status (see $report)" >&2; exit 1; }
	grep -Eq "\"verdict\" *: *\"$verdict\"" "$report" \
		|| { echo "error: $label: run $run's verdict is not '$verdict' (see $report)" >&2; exit 1; }
	! grep -Eq "\"status\" *: *\"(error|skipped)\"" "$report" \
		|| { echo "error: $label: run $run has a criterion in error or skipped (see $report)" >&2; exit 1; }
	best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; if (b == "" || t < b) print t; else print b }')
done
peak=""
if /usr/bin/time --version 2>&1 | grep -q GNU; then
	peak=$(/usr/bin/time -q -f "%M" "$assess" grade "$submission" --rubric "$rubric" --format json 2>&1 > /dev/null | tail -1)
fi
awk -v l="$label" -v b="$bytes" -v t="$best" -v p="$peak" 'BEGIN {
	printf "%s as a whole assess grade process: %.1f MB in %.2f s = %.0f MB/s (best of 3)", l, b / 1e6, t, b / 1e6 / t
	if (p != "") printf ", peak RSS %.0f MiB", p / 1024
	printf "\n" }'
if command -v openssl >/dev/null; then
	files=""
	for pair in "$@"; do files="$files ${pair#*=}"; done
	start=$(date +%s.%N)
	# shellcheck disable=SC2086 # the file names are the benchmark's own /tmp paths
	openssl dgst -sha256 $files > /dev/null
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "  floor: SHA-256 of the same bytes alone (openssl dgst, one core): %.2f s\n", e - s }'
fi
