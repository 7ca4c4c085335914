import AssessCore
import AssessFormats

/// What the interface graders share: the input's YAML and JSON files parsed once, with the
/// files their `$ref`s name read from the rest of the submission.
extension GradingJob {
    /// The input's structured files parsed once per run, shared by every interface criterion
    /// over the same input.
    func apiFiles() throws -> APIFiles {
        try cache.model("api-files", of: files, in: submission) { () throws(SubmissionError) in try readAPIFiles() }
    }

    /// The OpenAPI documents among the input's files, read (references inlined, decoded,
    /// validated) once per run: validity, conventions and versioning criteria share them.
    func openAPISpecs() throws -> [OpenAPISpec] {
        try cache.model("openapi", of: files, in: submission) { () throws(any Error) in
            OpenAPIReader().read(try apiFiles())
        }
    }

    private func readAPIFiles() throws(SubmissionError) -> APIFiles {
        var files = APIFiles(files: [])
        for file in self.files where APIFileKinds.isStructured(file.path) {
            files.add(path: file.path, text: try text(file))
        }
        // Follow references out of the input (a spec split over files), a bounded number of rounds.
        for _ in 0..<8 {
            let missing = files.missingReferencedFiles
            guard !missing.isEmpty else { break }
            var added = false
            for path in missing {
                guard case .success(let file) = submission.check(path), let text = try? text(file) else { continue }
                files.add(path: path, text: text)
                added = true
            }
            if !added { break }
        }
        return files
    }
}

enum APIFileKinds {
    static func isStructured(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
    }
}

extension Diagnostic {
    var finding: Finding {
        Finding(severity == .error ? .error : .warning, message, at: location)
    }
}
