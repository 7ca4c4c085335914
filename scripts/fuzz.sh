#!/bin/sh
# Builds one libFuzzer target (swiftc -sanitize=fuzzer,address) and runs it for SECONDS,
# seeded from the shipped samples (and ../shared/corpus when present). Crashes land in
# .build/fuzz/TARGET-artifacts/; each one found becomes a test.
#
#   scripts/fuzz.sh TARGET SECONDS      TARGET: yaml | json | markdown | traces
#
# A target is its library's sources compiled into one module with the entry point in Fuzz/
# (the readers' own modules pull in packages a sanitizer build does not need).
set -eu
TARGET=${1:?TARGET: yaml, json, markdown or traces}
SECONDS_TO_RUN=${2:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/.build/fuzz"
mkdir -p "$OUT/$TARGET-corpus" "$OUT/$TARGET-artifacts"
YAML="$ROOT/Sources/AssessYAML/*.swift"
case "$TARGET" in
  yaml)     SOURCES="$YAML $ROOT/Fuzz/FuzzYAMLLoader.swift"; SEEDS='*.yaml *.yml' ;;
  json)     SOURCES="$YAML $ROOT/Sources/AssessFormats/Documents/JSONReader.swift $ROOT/Fuzz/FuzzJSONReader.swift"; SEEDS='*.json' ;;
  markdown) SOURCES="$YAML $ROOT/Sources/AssessFormats/Markdown/*.swift $ROOT/Sources/AssessFormats/Mermaid/*.swift $ROOT/Fuzz/FuzzMarkdownModel.swift"; SEEDS='*.md' ;;
  traces)   SOURCES="$YAML $ROOT/Sources/AssessFormats/Traces/*.swift $ROOT/Fuzz/FuzzTraceReader.swift"; SEEDS='*.json *.jsonl' ;;
  *) echo "unknown target $TARGET (yaml, json, markdown, traces)" >&2; exit 2 ;;
esac
# One module named AssessYAML: the readers' `import AssessYAML` lines name their own module.
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -Onone -g -suppress-warnings \
  -module-name AssessYAML -I "$ROOT/Sources/CLibYAML" -I "$ROOT/Sources/CCmarkGFM" \
  $SOURCES -o "$OUT/$TARGET"
for pattern in $SEEDS; do
  for dir in "$ROOT/Submissions" "$ROOT/../shared/corpus"; do
    [ -d "$dir" ] || continue
    find "$dir" -name "$pattern" -size -256k -exec cp {} "$OUT/$TARGET-corpus/" \; 2>/dev/null || true
  done
done
cd "$OUT/$TARGET-artifacts"
"$OUT/$TARGET" -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
  -print_final_stats=1 "$OUT/$TARGET-corpus"
