import Foundation

/// libFuzzer target: any bytes through k6's three outputs (`--out json` lines, the
/// `--summary-export`/`handleSummary` JSON, `--out csv`), each read as that format whatever
/// its shape, with sub-metric selectors and a warm-up so the recorder's paths run too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzK6Reader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var options = LoadTestReadOptions()
    options.warmUp = 1
    options.selectors = [(try? MetricSelector(parsing: "http_req_duration{name:/orders}"))].compactMap { $0 }
    let source = LoadTestSource(file: "fuzz.json", bytes: bytes)
    _ = try? LoadTestFormats.read(source, as: K6JSONLines.self, options: options).metrics.count
    _ = try? LoadTestFormats.read(source, as: K6Summary.self, options: options).metrics.count
    _ = try? LoadTestFormats.read(LoadTestSource(file: "fuzz.csv", bytes: bytes), as: K6CSV.self, options: options)
        .metrics.count
    return 0
}
