import Foundation

/// libFuzzer target: any bytes through cmark-gfm and the Markdown model built on it (front
/// matter, sections, lists, tables, links, mermaid diagrams), walking everything a grader reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdownModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document = MarkdownParser().parse(text, file: "fuzz.md")
    for section in document.allSections { _ = section.wordCount }
    _ = document.tables.map(\.rows.count)
    _ = document.codeBlocks.count
    _ = document.mermaidDiagrams.count
    _ = document.links.count
    return 0
}
