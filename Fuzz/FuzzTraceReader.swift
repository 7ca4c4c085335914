import Foundation

/// libFuzzer target: any bytes through the trace readers (OTLP JSON and JSON lines, Jaeger,
/// Zipkin), format detection included.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let set = TraceReader().read(bytes, file: "fuzz.json")
    _ = set.spans.count
    return 0
}
