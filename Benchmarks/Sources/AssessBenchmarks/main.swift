// Measures the foundation's hot paths in a release build. Each figure is the median of
// several runs, in wall-clock time on this machine; run with `make bench` from the root.
import AssessCore
import AssessFormats
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation

// `AssessBenchmarks generate DIR N`: write a cohort of N Phase 1 submissions for `make bench-batch`.
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "generate", let count = Int(CommandLine.arguments[3]) {
    try CohortGenerator().write(count: count, into: CommandLine.arguments[2])
    print("wrote \(count) submissions into \(CommandLine.arguments[2])")
    exit(0)
}

// `AssessBenchmarks loadtest [N]`: the load-test readers on a generated k6 log and JMeter CSV.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "loadtest" {
    try loadTestBenchmark(
        requests: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 400_000 : 400_000)
    exit(0)
}

// `AssessBenchmarks traces [SPANS]`: the trace readers and graders on about a million spans.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "traces" {
    let spans = CommandLine.arguments.count >= 3 ? Int(CommandLine.arguments[2]) ?? 1_000_000 : 1_000_000
    try await TraceBenchmark.run(spans: spans)
    exit(0)
}

// `AssessBenchmarks cdc [N] [--no-peer]`: Debezium change events and a replica log, read and graded.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "cdc" {
    let events = CommandLine.arguments.count >= 3 ? Int(CommandLine.arguments[2]) ?? 1_000_000 : 1_000_000
    try await CDCBenchmark.run(events: events)
    exit(0)
}

// `AssessBenchmarks cdc-reader [ROUNDS]`: the Debezium reader alone on the stream `cdc` wrote,
// ROUNDS times, for a profiler to attribute its time (`perf record`) without the other stages.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "cdc-reader" {
    let rounds = CommandLine.arguments.count >= 3 ? Int(CommandLine.arguments[2]) ?? 5 : 5
    try CDCBenchmark.readerOnly(rounds: rounds)
    exit(0)
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

func median(_ runs: Int = 7, _ body: () throws -> Void) rethrows -> Duration {
    var times: [Duration] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        times.append(ContinuousClock.now - start)
    }
    return times.sorted()[runs / 2]
}

func medianAsync(_ runs: Int = 7, _ body: () async throws -> Void) async rethrows -> Duration {
    var times: [Duration] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try await body()
        times.append(ContinuousClock.now - start)
    }
    return times.sorted()[runs / 2]
}

func ms(_ d: Duration) -> String {
    let (s, atto) = d.components
    return String(format: "%.2f ms", Double(s) * 1000 + Double(atto) / 1e15)
}

func report(_ name: String, _ value: String) { print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + value) }

// 1. A "billion laughs" document: nine levels of nine aliases (9^9 nodes if expanded).
var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
for level in 1...9 {
    bomb += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n"
}
report("alias bomb (9 levels x 9) refused", ms(median { _ = try? YAMLParser().parse(bomb, file: "bomb.yaml") }))

// 2. A large ordinary YAML document: 20,000 criteria-like mappings (about 2 MB).
var big = "items:\n"
for i in 0..<20_000 {
    big += "  - { id: item-\(i), weight: \(i % 20 + 1), grader: text.matches, with: { pattern: 'x\(i)', min: 1 } }\n"
}
try big.write(toFile: "/tmp/assess-bench-big.yaml", atomically: true, encoding: .utf8)
let yamlTime = try median { _ = try YAMLParser().parse(big, file: "big.yaml") }
report("YAML parse, \(big.utf8.count / 1024) KiB, 20k mappings", ms(yamlTime))

// 3. The same data as JSON through the strict located reader.
var json = "{\"items\": ["
json += (0..<20_000).map {
    "{\"id\": \"item-\($0)\", \"weight\": \($0 % 20 + 1), \"with\": {\"pattern\": \"x\($0)\", \"min\": 1}}"
}.joined(separator: ",\n")
json += "]}"
try json.write(toFile: "/tmp/assess-bench-big.json", atomically: true, encoding: .utf8)
report(
    "JSON parse, \(json.utf8.count / 1024) KiB, 20k objects",
    ms(try median { _ = try JSONReader().parse(json, file: "big.json") }))

// 4. Load the quickstart rubric (with its extends) and grade both samples.
let loader = RubricLoader(registry: .builtIn)
report("load Rubrics/quickstart.yaml", ms(try median { _ = try loader.load(file: root + "/Rubrics/quickstart.yaml") }))
let rubric = try loader.load(file: root + "/Rubrics/quickstart.yaml")
for sample in ["quickstart-pass", "quickstart-fail"] {
    let submission = try Submission(path: root + "/Submissions/" + sample)
    let time = await medianAsync { _ = JSONReporter().render(await Engine().grade(submission, against: rubric)) }
    report("grade + JSON report, \(sample)", ms(time))
}
