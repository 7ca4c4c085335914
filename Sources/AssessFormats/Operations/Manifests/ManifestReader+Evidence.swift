import AssessYAML

/// Operations manifests as evidence: Kubernetes, Istio and progressive-delivery objects, SLOs,
/// Prometheus rule files, chaos results and catalog entities, several YAML documents a file
/// (or one JSON document). `OperationsEvidence` assembles the files of an input into one
/// hand-in, resolving references across them.
extension ManifestReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "manifests",
            summary:
                "Kubernetes, Istio, Argo Rollouts and Flagger manifests, SLOs, Prometheus rules, chaos results and catalog entities (YAML or JSON)",
            extensions: [".yaml", ".yml", ".json"], refines: ["yaml", "json"],
            recognizes: { head, _ in
                let text = String(decoding: head.prefix(4096), as: UTF8.self)
                return text.contains("apiVersion") && text.contains("kind")
            })
    ]

    /// The file's documents and the objects among them; a syntax error is a problem at its
    /// place, and the documents before and after it are still read.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<ManifestFile> {
        let manifests = read(try file.text(), file: file.path)
        return Reading(manifests, problems: manifests.problems.map(ReadProblem.init))
    }
}
