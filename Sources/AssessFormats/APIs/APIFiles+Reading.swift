public import AssessYAML

extension APIFiles {
    /// A file as `APIDescriptionReader` read it, added once: a file that yields no tree is kept
    /// without one (so it still counts as handed in), its problems kept with their places.
    public mutating func add(path: String, reading: Result<YAMLNode, ReadFailure>) {
        guard !contains(path) else { return }
        switch reading {
        case .success(let root):
            files.append(File(path: path, root: root))
        case .failure(let failure):
            files.append(File(path: path, root: nil))
            problems += failure.problems.map {
                Diagnostic($0.severity == .error ? .error : .warning, at: $0.location, $0.message)
            }
        }
    }
}
