import Foundation

/// libFuzzer target: any bytes through the YAML loader (libyaml events into located nodes,
/// under the alias, depth and size limits). A throw is an answer; a crash, a hang or a leak
/// is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let node = try? YAMLParser().parse(text, file: "fuzz.yaml") {
        _ = node.location
    }
    return 0
}
