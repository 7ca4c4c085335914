public import Foundation

/// Writes rendered reports where `--output` says: a file (atomically, so a reader never sees
/// half a report) or standard output.
public enum ReportWriter {
    public static func write(_ data: Data, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
