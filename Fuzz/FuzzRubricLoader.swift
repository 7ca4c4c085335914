import Foundation

/// libFuzzer target: any bytes as a rubric through the rubric loader with the real grader
/// catalogue (structure, weights, includes of missing files, every grader's options).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRubricLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loader = RubricLoader(registry: GraderRegistry.builtIn)
    if let rubric = try? loader.load(text: text, file: "/nonexistent/fuzz.yaml") {
        _ = rubric.criteria.count
    }
    return 0
}
