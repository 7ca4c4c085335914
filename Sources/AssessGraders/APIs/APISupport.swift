import AssessCore
import AssessFormats

/// What the interface graders share: the input's YAML and JSON files read by
/// `APIDescriptionReader`, with the files their `$ref`s name read from the rest of the
/// submission, assembled into one `APIFiles`.
extension GradingJob {
    /// The input's structured files, each read once per run, and the files their references
    /// name: assembled once per run, shared by every interface criterion over the same input.
    func apiFiles() -> APIFiles {
        cache.model("api-files", of: files, in: submission) {
            var files = APIFiles(files: [])
            for file in self.files where APIFileKinds.isStructured(file.path) { add(file, to: &files) }
            addReferencedFiles(to: &files)
            return files
        }
    }

    /// `file` read by `APIDescriptionReader` (once per run) into `files`; a file that yields no
    /// tree is there without one, its problems kept.
    func add(_ file: SubmissionFile, to files: inout APIFiles) {
        files.add(
            path: file.path,
            reading: Result { () throws(ReadFailure) in try reading(APIDescriptionReader.self, of: file).model })
    }

    /// The OpenAPI documents among the input's files, read (references inlined, decoded,
    /// validated) once per run: validity, conventions and versioning criteria share them.
    func openAPISpecs() -> [OpenAPISpec] { openAPISpecs(in: apiFiles()) }

    /// The OpenAPI documents among `files` (a criterion's own set, such as the Pact grader's
    /// contracts with the specs it cross-checks, with `addReferencedFiles` applied), each read
    /// once per run whichever criterion asks first: decoding through OpenAPIKit is the dearest
    /// step of a Phase 1 grading.
    ///
    /// Criteria that ask at the same time (validity and versioning, started side by side) share
    /// the documents out between them rather than one waiting for each document the other reads
    /// (`GradingRunCache.models`): a single `assess grade` used one core for this stretch.
    func openAPISpecs(in files: APIFiles) -> [OpenAPISpec] {
        let roots = Dictionary(
            files.files.compactMap { file -> (String, YAMLNode)? in
                guard let root = file.root, OpenAPIReader.isSpec(root) else { return nil }
                return (file.path, root)
            }, uniquingKeysWith: { first, _ in first })
        let specs = files.files.filter { roots[$0.path] != nil }.map { SubmissionFile(path: $0.path, size: 0) }
        return cache.models("openapi-spec", of: specs, in: submission) { file in
            OpenAPIReader().read(roots[file.path]!, file: file.path, in: files)
        }
    }

    /// Follows references out of the input (a spec split over files), a bounded number of
    /// rounds, each file named read like the input's own. Every set a spec is read from gets
    /// them, so a spec reads the same whichever criterion's set asked for it first.
    func addReferencedFiles(to files: inout APIFiles) {
        for _ in 0..<8 {
            let missing = files.missingReferencedFiles
            guard !missing.isEmpty else { break }
            var added = false
            for path in missing {
                guard case .success(let file) = submission.check(path) else { continue }
                add(file, to: &files)
                added = true
            }
            if !added { break }
        }
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
