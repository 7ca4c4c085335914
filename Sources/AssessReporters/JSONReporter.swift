public import AssessCore
public import Foundation

/// `assess.report/v1`: the report as JSON with sorted keys, so equal reports are equal bytes.
/// Field by field in docs/report-format.md.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    public init() {}

    public init(options: ReporterOptions) {}

    public func render(_ report: Report) -> Data {
        StableJSON.encode(report)
    }
}
