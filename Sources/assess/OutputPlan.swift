import ArgumentParser
import AssessCore
import AssessReporters

/// Which formats a run writes and where, from `--format F`... and `--output FILE`,
/// `--output FORMAT=FILE` or `--output -` (standard output). A format named only by
/// `--output FORMAT=FILE` is written too, so `--output json=r.json --output sarif=r.sarif`
/// writes both files; with nothing named, the terminal report goes to standard output. At
/// most one format may go to standard output.
struct OutputPlan {
    /// Format → path, in the order given; nil is standard output.
    private(set) var targets: [(format: String, path: String?)] = []

    init(formats: [String], outputs: [String], known: [String] = ReporterCatalogue.identifiers) throws {
        var named: [(String, String)] = []
        var bare: [String] = []
        for value in outputs {
            if let equals = value.firstIndex(of: "=") {
                let format = String(value[..<equals])
                let path = String(value[value.index(after: equals)...])
                if known.contains(format) {
                    guard !path.isEmpty else { throw ValidationError("--output \(value): no file after '='") }
                    named.append((format, path))
                    continue
                }
                if format.allSatisfy({ $0.isLetter }), !format.isEmpty {
                    throw ValidationError(
                        "--output \(value): unknown format '\(format)'\(Suggestion.didYouMean(format, in: known)); formats are \(known.joined(separator: ", "))"
                    )
                }
            }
            bare.append(value)
        }
        for format in formats where !known.contains(format) {
            throw ValidationError(
                "unknown format '\(format)'\(Suggestion.didYouMean(format, in: known)); formats are \(known.joined(separator: ", "))"
            )
        }
        var order: [String] = []
        for format in formats + named.map(\.0) where !order.contains(format) { order.append(format) }
        if order.isEmpty { order = [TerminalReporter.identifier] }
        var paths: [String: String] = [:]
        for (format, path) in named {
            if let earlier = paths[format], earlier != path {
                throw ValidationError("--output names two files for \(format): '\(earlier)' and '\(path)'")
            }
            paths[format] = path
        }
        if bare.count > 1 {
            throw ValidationError(
                "--output given \(bare.count) files without a format; write --output FORMAT=FILE for each")
        }
        if let file = bare.first {
            let open = order.filter { paths[$0] == nil }
            guard open.count == 1 else {
                throw ValidationError("with several formats, write --output FORMAT=FILE (got '\(file)')")
            }
            paths[open[0]] = file
        }
        targets = order.map { format in
            let path = paths[format]
            return (format, path == ReportWriter.standardOutputName ? nil : path)
        }
        let toStandardOutput = targets.filter { $0.path == nil }.map(\.format)
        if toStandardOutput.count > 1 {
            throw ValidationError(
                "\(toStandardOutput.joined(separator: " and ")) would both go to standard output; give all but one --output FORMAT=FILE"
            )
        }
    }

    var formats: [String] { targets.map(\.format) }
}
