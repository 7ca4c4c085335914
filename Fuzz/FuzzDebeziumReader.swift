import Foundation

/// libFuzzer target: any bytes through the Debezium change-event reader (JSON lines of
/// envelopes, `kcat -J`, `kafka-console-consumer` lines, pretty-printed documents) and the
/// analysis the `cdc.events` grader judges.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDebeziumReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var analysis = ChangeStreamAnalysis()
    var problems = 0
    DebeziumReader.read(
        LoadTestSource(file: "fuzz.jsonl", bytes: bytes), fields: ChangeFields(key: "id", version: "version"),
        problem: { _ in problems += 1 }
    ) { analysis.add($0) }
    _ = analysis.examples.count + problems
    return 0
}
