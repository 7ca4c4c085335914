import Foundation

/// libFuzzer target: any bytes through the strict JSON reader that lab outputs go through.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? JSONReader().parse(text, file: "fuzz.json")
    return 0
}
