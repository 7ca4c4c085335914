import Foundation

/// libFuzzer target: any bytes through JMeter's outputs (XML and CSV `.jtl` results, the HTML
/// dashboard's `statistics.json`), each read as that format whatever its shape. The XML path
/// goes through Foundation's parser with entities off, so XXE and billion laughs are in reach.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJMeterReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = LoadTestReadOptions()
    let jtl = LoadTestSource(file: "fuzz.jtl", bytes: bytes)
    _ = try? LoadTestFormats.read(jtl, as: JMeterXML.self, options: options).metrics.count
    _ = try? LoadTestFormats.read(jtl, as: JMeterCSV.self, options: options).metrics.count
    let statistics = LoadTestSource(file: "statistics.json", bytes: bytes)
    _ = try? LoadTestFormats.read(statistics, as: JMeterStatisticsJSON.self, options: options).metrics.count
    return 0
}
