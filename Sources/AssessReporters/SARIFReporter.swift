public import AssessCore
public import Foundation

/// SARIF 2.1.0, so GitHub code scanning (and other SARIF viewers) annotate a learner's files
/// on the lines that fall short: one result per error or warning finding, the grader kind as
/// the rule, the level from the severity.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    public init(options: ReporterOptions = ReporterOptions()) {}

    struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "assess"
        var informationUri = "https://github.com/assess-grading/assess"
        var rules: [Rule]
    }
    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
    }
    struct Message: Encodable { var text: String }
    struct Result: Encodable {
        var ruleId: String
        var level: String
        var message: Message
        var locations: [Location]?
        var properties: [String: String]
    }
    struct Location: Encodable { var physicalLocation: Physical }
    struct Physical: Encodable {
        var artifactLocation: Artifact
        var region: Region
    }
    struct Artifact: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    public func render(_ report: Report) -> Data {
        var results: [Result] = []
        for c in report.criteria {
            for finding in c.findings where finding.severity != .info {
                var message = finding.message
                if let hint = finding.hint ?? c.hint { message += " Hint: \(hint)" }
                results.append(
                    Result(
                        ruleId: c.grader, level: finding.severity == .error ? "error" : "warning",
                        message: Message(text: message),
                        locations: finding.location.map {
                            [
                                Location(
                                    physicalLocation: Physical(
                                        artifactLocation: Artifact(uri: $0.file),
                                        region: Region(startLine: $0.line, startColumn: $0.column)))
                            ]
                        },
                        properties: ["criterion": c.id, "status": c.status.rawValue]))
            }
        }
        let kinds = Set(report.criteria.map(\.grader)).sorted()
        let rules = kinds.map { kind in
            Rule(
                id: kind,
                shortDescription: Message(
                    text: report.criteria.first { $0.grader == kind }.map { "Assess grader \(kind), e.g. \($0.title)" }
                        ?? kind))
        }

        let log = Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)])
        return StableJSON.encode(log)
    }
}
