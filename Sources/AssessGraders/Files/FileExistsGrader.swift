public import AssessCore

/// The input was handed in: enough files, none of them empty.
public struct FileExistsGrader: Grader {
    public struct Options: Sendable, Hashable {
        public var minCount: Int
        public var minBytes: Int
    }

    public static let description = GraderDescription(
        kind: "file.exists",
        summary: "The input's files are present: at least `min_count` of them, each at least `min_bytes` long.",
        options: [
            OptionDescription("min_count", .integer, default: "1", "How many matching files are needed."),
            OptionDescription(
                "min_bytes", .integer, default: "1",
                "Smallest size a file may have to count (an empty file is not handed in)."),
        ],
        examples: [
            GraderExample(
                "A design document is present", with: "", paths: ["design.md"],
                files: ["design.md": "# Service design\n"], .passes),
            GraderExample(
                "Two ADRs are needed but one is there", with: "min_count: 2", paths: ["adr/*.md"],
                files: ["adr/0001-use-kafka.md": "# Use Kafka\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let options = Options(minCount: reader.declaredInt("min_count"), minBytes: reader.declaredInt("min_bytes"))
        if options.minCount < 1 {
            reader.log.error(at: reader.node("min_count")?.location, "'min_count' must be at least 1")
        }
        if options.minBytes < 0 {
            reader.log.error(at: reader.node("min_bytes")?.location, "'min_bytes' cannot be negative")
        }
        return options
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(job.files) }

    /// The input's files against the count and size wanted: a file under the size is named.
    func judge(_ files: [SubmissionFile]) -> Outcome {
        let big = files.filter { $0.size >= options.minBytes }
        let small = files.filter { $0.size < options.minBytes }
        let findings = small.map {
            Finding.about(
                $0.path,
                "'\($0.path)' is \(plural($0.size, "byte")); it needs at least \(plural(options.minBytes, "byte"))")
        }
        let score = Double(min(big.count, options.minCount)) / Double(options.minCount)
        let names = big.prefix(5).map(\.path).joined(separator: ", ")
        let summary =
            big.count >= options.minCount
            ? "found \(plural(big.count, "file")): \(names)\(big.count > 5 ? ", …" : "")"
            : "found \(plural(big.count, "usable file")) of the \(options.minCount) needed"
        return .scored(
            score, summary, findings: findings,
            measurements: [MeasuredValue("files", Double(big.count), limit: ">= \(options.minCount)")])
    }
}
