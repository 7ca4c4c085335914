public import AssessCore
public import Foundation

/// SARIF 2.1.0 as GitHub code scanning ingests it: one rule per criterion (its title, and its
/// hint as help), one result per error or warning finding and one for each criterion that fell
/// short without any, every result with a location (the learner's file, else the criterion's
/// line in the rubric), URIs percent-encoded and relative to the `SRCROOT` base, and
/// `partialFingerprints` that stay the same while the finding does, so an alert is tracked
/// across pushes rather than reopened.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    /// The `uriBaseId` every relative URI is resolved against: the repository root for GitHub.
    public static let baseId = "SRCROOT"
    static let fingerprintKey = "assessFinding/v1"

    var paths: ReportPaths

    public init(options: ReporterOptions = ReporterOptions()) {
        paths = options.paths
    }

    struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
    }
    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: BaseLocation]
        var results: [Result]
        var properties: [String: String]
    }
    struct BaseLocation: Encodable { var description: Message }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "assess"
        var informationUri = "https://github.com/assess-grading/assess"
        var rules: [Rule]
    }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var help: Help?
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }
    struct Help: Encodable {
        var text: String
        var markdown: String
    }
    struct Configuration: Encodable { var level: String }
    struct RuleProperties: Encodable {
        var grader: String
        var weight: Double
        var required: Bool
        var tags: [String]
    }
    struct Message: Encodable { var text: String }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: [String: String]
    }
    struct Location: Encodable { var physicalLocation: Physical }
    struct Physical: Encodable {
        var artifactLocation: Artifact
        var region: Region?
    }
    struct Artifact: Encodable {
        var uri: String
        var uriBaseId: String?
    }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
    }

    public func render(_ report: Report) -> Data {
        let ruleIndex = Dictionary(
            report.criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: Int] = [:]
        let results = Shortfall.all(in: report, paths: paths).map { shortfall -> Result in
            let c = shortfall.criterion
            let artifact = artifact(shortfall.location?.file)
            var message = shortfall.message
            if let hint = shortfall.hint { message += " Hint: \(hint)" }
            // Stable while the finding is: the criterion, the file and the message, not the
            // line (which moves when the learner edits above it); the n-th repeat is its own.
            let identity = "\(c.id)\u{0}\(artifact.uri)\u{0}\(shortfall.message)"
            let repeatIndex = seen[identity, default: 0]
            seen[identity] = repeatIndex + 1
            let region = shortfall.location.flatMap { at in
                at.line >= 1 ? Region(startLine: at.line, startColumn: at.column >= 1 ? at.column : nil) : nil
            }
            return Result(
                ruleId: c.id, ruleIndex: ruleIndex[c.id] ?? 0,
                level: shortfall.severity == .error ? "error" : "warning",
                message: Message(text: message),
                locations: [Location(physicalLocation: Physical(artifactLocation: artifact, region: region))],
                partialFingerprints: [Self.fingerprintKey: StableHash.fingerprint("\(identity)\u{0}\(repeatIndex)")],
                properties: [
                    "criterion": c.id, "status": c.status.rawValue, "grader": c.grader,
                    "place": shortfall.inRubric ? "rubric" : "submission",
                ])
        }
        let rules = report.criteria.map { c in
            Rule(
                id: c.id, name: c.title, shortDescription: Message(text: c.title),
                help: c.hint.map { Help(text: $0, markdown: $0) },
                defaultConfiguration: Configuration(level: c.required ? "error" : "warning"),
                properties: RuleProperties(
                    grader: c.grader, weight: c.weight, required: c.required,
                    tags: ["assess", c.grader] + (c.required ? ["required"] : [])))
        }
        let run = Run(
            tool: Tool(driver: Driver(rules: rules)),
            originalUriBaseIds: [
                Self.baseId: BaseLocation(
                    description: Message(text: "The folder paths are given from: the repository root by default."))
            ],
            results: results,
            properties: [
                "rubric": report.rubric.id, "submission": report.submission.name, "verdict": report.verdict.rawValue,
                "score": report.score.percent.compact(places: 2),
            ])
        return StableJSON.encode(Log(runs: [run]))
    }

    /// A relative path under the base, or an absolute `file://` URI for a path outside it.
    func artifact(_ path: String?) -> Artifact {
        let file = path ?? paths.submission
        let uri = URIReference.encode(path: file.isEmpty ? "." : file)
        return file.hasPrefix("/") ? Artifact(uri: uri, uriBaseId: nil) : Artifact(uri: uri, uriBaseId: Self.baseId)
    }
}
