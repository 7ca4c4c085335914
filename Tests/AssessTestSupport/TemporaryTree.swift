import Foundation
import Testing

/// A directory of files made for one test and removed when the value is released:
/// submissions, rubrics and reviews written from strings.
public final class TemporaryTree: @unchecked Sendable {
    public let path: String

    public init(_ files: [String: String] = [:]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("assess-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (relative, content) in files { try write(relative, content) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `content` at `relative`, making folders as needed; returns the full path.
    @discardableResult
    public func write(_ relative: String, _ content: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    public func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    public func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }

    public func subpath(_ relative: String) -> String { path + "/" + relative }
}

/// The repository root, found from this file's place in `Tests/`.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// `../shared/corpus` beside the repository, when present (CI and the team's machines have it;
/// a clone of the project alone does not, and tests that need it are skipped there).
public let sharedCorpus: String? = {
    let path = URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared/corpus")
        .path
    // Absent in a clone of the project alone: tests that need it are skipped (`.enabled(if:)`).
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return path
}()

/// The path of `relative` in `../shared/corpus` (`public/k6/…`). Where the corpus is absent —
/// a clone of the project alone — the calling test is cancelled with a message saying so,
/// which the run reports as skipped, so no test can fail or crash for want of it.
public func sharedCorpusPath(_ relative: String) throws -> String {
    guard let root = sharedCorpus else {
        try Test.cancel("../shared/corpus is absent: \(relative) not checked")
    }
    return root + "/" + relative
}
