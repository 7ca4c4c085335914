#!/bin/bash
# Builds one libFuzzer target (swiftc -sanitize=fuzzer,address) and runs it for SECONDS,
# seeded from the shipped samples (and ../shared/corpus when present). Crashes land in
# .build/fuzz/TARGET-artifacts/; each one found becomes a test.
#
#   scripts/fuzz.sh TARGET SECONDS
#   TARGET: yaml | json | markdown | traces | rubric | k6 | jmeter | debezium
#
# A target is our sources compiled into one instrumented module with the entry point in Fuzz/.
# yaml and json take only the sources they exercise. The others take the whole of AssessYAML,
# AssessCore, AssessFormats and AssessGraders (so the rubric loader meets the real grader
# catalogue, and a reader's sources need no list kept by hand); the packages those modules use are linked
# from the debug build uninstrumented (their code is not under test), and `import AssessCore`
# and the like resolve to empty modules, since every type is in the one module.
set -euo pipefail
TARGET=${1:?TARGET: yaml, json, markdown, traces, rubric, k6, jmeter or debezium}
SECONDS_TO_RUN=${2:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/.build/fuzz"
mkdir -p "$OUT/$TARGET-corpus" "$OUT/$TARGET-artifacts"
YAML=("$ROOT"/Sources/AssessYAML/*.swift)
WHOLE=0
case "$TARGET" in
  yaml)     SOURCES=("${YAML[@]}" "$ROOT/Fuzz/FuzzYAMLLoader.swift"); SEEDS=('*.yaml' '*.yml') ;;
  json)     SOURCES=("${YAML[@]}" "$ROOT/Sources/AssessFormats/Documents/JSONReader.swift" "$ROOT/Fuzz/FuzzJSONReader.swift"); SEEDS=('*.json') ;;
  markdown) WHOLE=1; HARNESS=FuzzMarkdownModel.swift; SEEDS=('*.md') ;;
  traces)   WHOLE=1; HARNESS=FuzzTraceReader.swift; SEEDS=('*.json' '*.jsonl') ;;
  rubric)   WHOLE=1; HARNESS=FuzzRubricLoader.swift; SEEDS=('*.yaml') ;;
  k6)       WHOLE=1; HARNESS=FuzzK6Reader.swift; SEEDS=('*.json' '*.ndjson' '*.csv') ;;
  jmeter)   WHOLE=1; HARNESS=FuzzJMeterReader.swift; SEEDS=('*.jtl' '*.xml' '*.csv' 'statistics.json') ;;
  debezium) WHOLE=1; HARNESS=FuzzDebeziumReader.swift; SEEDS=('changes*.jsonl' '*debezium*' '*.jsonl') ;;
  *) echo "unknown target $TARGET (yaml, json, markdown, traces, rubric, k6, jmeter, debezium)" >&2; exit 2 ;;
esac
FLAGS=(-sanitize=fuzzer,address -parse-as-library -Onone -g -suppress-warnings -module-name AssessYAML
  -I "$ROOT/Sources/CLibYAML" -I "$ROOT/Sources/CCmarkGFM")
LINK=()
if [ "$WHOLE" = 1 ]; then
  (cd "$ROOT" && swift build --product assess >/dev/null)
  DEBUG=$(cd "$ROOT" && swift build --show-bin-path)
  CHECKOUTS="$ROOT/.build/checkouts"
  mkdir -p "$OUT/stubs"
  for module in AssessCore AssessFormats AssessGraders; do
    : > "$OUT/stubs/$module.swift"
    swiftc -emit-module -parse-as-library -module-name "$module" "$OUT/stubs/$module.swift" \
      -emit-module-path "$OUT/stubs/$module.swiftmodule"
  done
  SOURCES=("${YAML[@]}")
  while IFS= read -r -d '' file; do SOURCES+=("$file"); done < <(find "$ROOT/Sources/AssessCore" \
    "$ROOT/Sources/AssessFormats" "$ROOT/Sources/AssessGraders" -name '*.swift' ! -name Exports.swift -print0)
  SOURCES+=("$ROOT/Fuzz/$HARNESS")
  FLAGS+=(-I "$OUT/stubs" -I "$DEBUG/Modules" -I "$CHECKOUTS/swift-numerics/Sources/_NumericsShims/include"
    -I "$CHECKOUTS/swift-crypto/Sources/CCryptoBoringSSL/include"
    -I "$CHECKOUTS/swift-crypto/Sources/CCryptoBoringSSLShims/include" -I "$OUT/CMemberWalk")
  # SwiftPM makes the C++ target's module map; a standalone swiftc needs its own.
  mkdir -p "$OUT/CMemberWalk"
  printf 'module CMemberWalk {\n    header "%s"\n    export *\n}\n' "$ROOT/Sources/CMemberWalk/include/member_walk.h" \
    > "$OUT/CMemberWalk/module.modulemap"
  # The simdjson walk is compiled here with AddressSanitizer, so the fuzzer sees its reads too.
  clang++ -std=c++17 -O1 -g -fsanitize=address,fuzzer-no-link -I "$ROOT/Sources/CMemberWalk/include" \
    -c "$ROOT/Sources/CMemberWalk/member_walk.cpp" -o "$OUT/CMemberWalk/member_walk.o"
  LINK+=("$OUT/CMemberWalk/member_walk.o")
  for module in Crypto CCryptoBoringSSL CCryptoBoringSSLShims CryptoBoringWrapper OpenAPIKit OpenAPIKit30 \
    OpenAPIKitCompat OpenAPIKitCore GraphQL OrderedCollections InternalCollectionsUtilities Histogram Numerics \
    RealModule ComplexModule _NumericsShims; do
    while IFS= read -r -d '' object; do LINK+=("$object"); done < <(find "$DEBUG/$module.build" -name '*.o' -print0)
  done
  LINK+=(-lcmark-gfm -lcmark-gfm-extensions -lsimdjson -lstdc++)
fi
swiftc "${FLAGS[@]}" "${SOURCES[@]}" "${LINK[@]}" -lyaml -o "$OUT/$TARGET"
for pattern in "${SEEDS[@]}"; do
  for dir in "$ROOT/Submissions" "$ROOT/Rubrics" "$ROOT/Tests" "$ROOT/../shared/corpus"; do
    [ -d "$dir" ] || continue
    find "$dir" -name "$pattern" -type f -size -256k -exec cp {} "$OUT/$TARGET-corpus/" \; 2>/dev/null || true
  done
done
cd "$OUT/$TARGET-artifacts"
# Leak detection is off: what LeakSanitizer reports here is Foundation's (a CFString made for
# each XMLParser error, NSRegularExpression's CF object) or Swift globals whose pointers sit in
# an enum's spare bits, where it cannot see them. Memory is held to -rss_limit_mb instead.
ASAN_OPTIONS=detect_leaks=0 "$OUT/$TARGET" -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
  -detect_leaks=0 -print_final_stats=1 "$OUT/$TARGET-corpus"
