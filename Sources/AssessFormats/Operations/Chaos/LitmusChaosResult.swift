public import AssessYAML

/// A LitmusChaos `ChaosResult` in the shapes found in the wild: the current one
/// (`status.experimentStatus` and `status.probeStatuses[].status.verdict`), the 2020–22 one
/// (`status.probeStatus` with per-phase keys such as `Post Chaos: "Passed 👍"`) and v1.x
/// (`spec.experimentstatus` with a lowercase verdict). The CRD has no schema, so every field
/// is optional and verdicts are compared without case.
public struct LitmusChaosResult: Sendable, Hashable {
    public struct Probe: Sendable, Hashable {
        public var name: String
        public var type: String?
        /// Passed, Failed, N/A, Awaited (normalised from "Passed 👍").
        public var verdict: String
        public var location: SourceLocation
    }

    public var name: String
    /// The experiment that ran (`pod-delete`, `pod-network-latency`, …).
    public var experiment: String
    public var engine: String?
    public var phase: String?
    /// Pass, Fail, Stopped, Awaited, Error (capitalised).
    public var verdict: Located<String>?
    /// `probeSuccessPercentage`, which Litmus writes as a string.
    public var probeSuccessPercentage: Double?
    public var probes: [Probe]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "ChaosResult", object.group == "litmuschaos.io" else { return nil }
        name = object.name
        let spec = object.spec
        let status = object.status
        experiment = spec?["experiment"]?.string ?? object.name
        engine = spec?["engine"]?.string
        let experimentStatus = status?["experimentStatus"] ?? status?["experimentstatus"] ?? spec?["experimentstatus"]
        phase = experimentStatus?["phase"]?.string
        verdict = experimentStatus?["verdict"]?.locatedString.map {
            Located(Self.normalise($0.value), at: $0.location)
        }
        probeSuccessPercentage = experimentStatus?["probeSuccessPercentage"]?.lenientDouble
        var probes: [Probe] = []
        for node in (status?["probeStatuses"] ?? status?["probeStatus"])?.sequence ?? [] {
            let name = node["name"]?.string ?? ""
            let type = node["type"]?.string
            if let verdict = node["status"]?["verdict"]?.string {
                probes.append(Probe(name: name, type: type, verdict: Self.normalise(verdict), location: node.location))
            } else {
                // Older shape: one verdict per phase (`Pre Chaos`, `Post Chaos`, `Continuous`).
                let verdicts = (node["status"]?.mapping ?? []).compactMap { $0.value.string.map(Self.normalise) }
                let verdict = verdicts.first { $0 != "Passed" } ?? verdicts.first ?? "Awaited"
                probes.append(Probe(name: name, type: type, verdict: verdict, location: node.location))
            }
        }
        self.probes = probes
        location = object.location
    }

    /// `pass`, `Passed 👍 #EoT`, `FAIL`, `n/a` → `Pass`, `Passed`, `Fail`, `N/A`.
    static func normalise(_ text: String) -> String {
        let word = text.split(whereSeparator: { !$0.isLetter && $0 != "/" }).first.map(String.init) ?? text
        if word.uppercased() == "N/A" { return "N/A" }
        return word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }

    public var passed: Bool {
        verdict?.value == "Pass" && probes.allSatisfy { $0.verdict == "Passed" || $0.verdict == "N/A" }
    }
}
