public import AssessYAML

/// What a grader says about one criterion: a score in 0…1 with the evidence behind it.
public struct Outcome: Sendable, Hashable, Codable {
    public var status: CriterionStatus
    public var score: Double
    public var summary: String
    public var findings: [Finding]
    public var measurements: [MeasuredValue]
    /// Pictures of the evidence, for the reports that can draw them.
    public var charts: [Chart] = []

    public init(
        status: CriterionStatus, score: Double, summary: String, findings: [Finding] = [],
        measurements: [MeasuredValue] = []
    ) {
        self.status = status
        self.score = min(1, max(0, score.isFinite ? score : 0))
        self.summary = summary
        self.findings = findings
        self.measurements = measurements
    }

    /// A scored outcome: `passed` at 1, `failed` at 0, `partial` between.
    public static func scored(
        _ score: Double, _ summary: String, findings: [Finding] = [],
        measurements: [MeasuredValue] = []
    ) -> Outcome {
        let clamped = min(1, max(0, score.isFinite ? score : 0))
        let status: CriterionStatus = clamped >= 1 - 1e-9 ? .passed : clamped <= 1e-9 ? .failed : .partial
        return Outcome(status: status, score: clamped, summary: summary, findings: findings, measurements: measurements)
    }

    public static func passed(_ summary: String, findings: [Finding] = [], measurements: [MeasuredValue] = [])
        -> Outcome
    {
        .scored(1, summary, findings: findings, measurements: measurements)
    }

    public static func failed(_ summary: String, findings: [Finding] = [], measurements: [MeasuredValue] = [])
        -> Outcome
    {
        .scored(0, summary, findings: findings, measurements: measurements)
    }

    /// Waiting for a reviewer.
    public static func pending(_ summary: String) -> Outcome {
        Outcome(status: .pending, score: 0, summary: summary)
    }

    /// The evidence is too thin for a verdict; `summary` says what would settle it.
    public static func inconclusive(_ summary: String, findings: [Finding] = []) -> Outcome {
        Outcome(status: .inconclusive, score: 0, summary: summary, findings: findings)
    }

    /// The grader could not judge (threw, timed out, input unreadable).
    public static func error(_ summary: String, findings: [Finding] = []) -> Outcome {
        Outcome(status: .error, score: 0, summary: summary, findings: findings)
    }
}

/// Where a criterion ended up.
public enum CriterionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case passed, partial, failed, error, skipped, pending, inconclusive
}

/// One piece of evidence: what is wrong (or right), where, and what to do about it.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, info
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `file:line:col: severity: message`, as a compiler prints it.
    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)"
    }

    public static func error(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) -> Finding {
        Finding(.error, message, at: location, hint: hint)
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) -> Finding {
        Finding(.warning, message, at: location, hint: hint)
    }

    public static func info(_ message: String, at location: SourceLocation? = nil) -> Finding {
        Finding(.info, message, at: location)
    }
}

/// A number a grader measured, with its unit and the limit it was judged against.
public struct MeasuredValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var unit: String?
    /// The limit as the rubric wrote it (`< 100`, `>= 8`).
    public var limit: String?

    public init(_ name: String, _ value: Double, unit: String? = nil, limit: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.limit = limit
    }
}
