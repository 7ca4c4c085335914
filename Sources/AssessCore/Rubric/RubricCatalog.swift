import Foundation

/// Finds a rubric by id or path: `--rubric phase1-service-design` looks through a rubrics
/// directory for the file whose `rubric:` says so; `--rubric path.yaml` is taken as it is.
public struct RubricCatalog: Sendable {
    public var directory: String
    public var loader: RubricLoader

    public init(directory: String, loader: RubricLoader) {
        self.directory = directory
        self.loader = loader
    }

    /// The rubric `reference` names (a file or an id), else the one the submission's
    /// `assess.yaml` names.
    public func rubric(for reference: String?, submission: Submission?) throws(RubricError) -> Rubric {
        if let reference, FileManager.default.fileExists(atPath: reference) {
            return try loader.load(file: reference)
        }
        if reference == nil, let broken = submission?.manifestError { throw broken }
        if let reference, reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            throw RubricError([.error(at: nil, "rubric file '\(reference)' not found")])
        }
        guard let id = reference ?? submission?.manifest?.rubric else {
            throw RubricError([
                .error(
                    at: nil,
                    "no rubric given: pass --rubric ID|FILE, or name one in the submission's assess.yaml ('rubric: ID')"
                )
            ])
        }
        let files = rubricFiles()
        var ids: [String] = []
        var unreadable: [String] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                let node = try? YAMLParser().parse(text, file: file)
            else {
                unreadable.append(file)
                continue
            }
            guard let found = node["rubric"]?.string else { continue }
            if found == id { return try loader.load(file: file) }
            ids.append(found)
        }
        var message =
            FileManager.default.fileExists(atPath: directory)
            ? "no rubric '\(id)' in '\(directory)'\(Suggestion.didYouMean(id, in: ids))"
            : "no rubric '\(id)': the rubrics folder '\(directory)' does not exist (give --rubrics DIR or a rubric file)"
        if !unreadable.isEmpty {
            message +=
                " (not valid YAML, so not searched: \(unreadable.joined(separator: ", ")); run 'assess rubric lint' on them)"
        }
        throw RubricError([.error(at: nil, message)])
    }

    /// The `.yaml` / `.yml` files in the directory and its subfolders (`Rubrics/labs/`), in
    /// path order; fragments without a `rubric:` id (`Rubrics/common/`) are never matched.
    public func rubricFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let entry = walker.nextObject() as? String {
            if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") { files.append(entry) }
        }
        // Top-level rubrics first, then those in subfolders.
        return files.sorted { ($0.contains("/") ? 1 : 0, $0) < ($1.contains("/") ? 1 : 0, $1) }.map {
            directory + "/" + $0
        }
    }
}
