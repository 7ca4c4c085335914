public import AssessCore
import AssessFormats
import Foundation

/// A new version of an API keeps its existing clients working, or says it does not with a
/// major version bump.
public struct OpenAPICompatGrader: Grader {
    public struct Options: Sendable, Hashable {
        /// The earlier version: a path in the submission, or the rubric's reference document.
        var old: String
        /// The reference document's text when the rubric gives one (read when the rubric loads,
        /// so a missing reference rejects the rubric rather than every submission).
        var reference: String?
        var new: String
        var maxBreaking: Int
        var allowWithMajorBump: Bool
    }

    public static let description = GraderDescription(
        kind: "openapi.compat",
        summary:
            "Compares two versions of an OpenAPI document (`old` and `new` from the submission, or the rubric's `reference` and the submission's `new`) with oasdiff's backward-compatibility checks: removed paths and operations, removed response properties and success statuses, new required parameters and request properties, changed types and formats, removed request enum values, security added to an open operation. Each change has its oasdiff id, a level and both locations. Passes with at most `max_breaking` breaking changes, or with any when `allow_with_major_bump` and the new major version (in `info.version` or a `/vN` path prefix) is higher.",
        options: [
            OptionDescription(
                "old", .path, "The earlier version, relative to the submission root (or give `reference`)."),
            OptionDescription(
                "reference", .rubricFile,
                "The earlier version as the course published it, relative to the rubric file; one self-contained document."
            ),
            OptionDescription("new", .path, "The later version, relative to the submission root."),
            OptionDescription("max_breaking", .integer, default: "0", "Breaking changes tolerated."),
            OptionDescription(
                "allow_with_major_bump", .boolean, default: "false",
                "Breaking changes pass when the major version went up."),
        ],
        examples: [
            GraderExample(
                "v1.1 adds an optional query parameter",
                with: "{ old: api/v1.0.yaml, new: api/v1.1.yaml }", paths: ["api/*.yaml"],
                files: [
                    "api/v1.0.yaml": example(version: "1.0.0", parameter: ""),
                    "api/v1.1.yaml": example(
                        version: "1.1.0", parameter: "- { name: status, in: query, schema: { type: string } }"),
                ], .passes),
            GraderExample(
                "v1.1 adds a required query parameter",
                with: "{ old: api/v1.0.yaml, new: api/v1.1.yaml }", paths: ["api/*.yaml"],
                files: [
                    "api/v1.0.yaml": example(version: "1.0.0", parameter: ""),
                    "api/v1.1.yaml": example(
                        version: "1.1.0",
                        parameter: "- { name: status, in: query, required: true, schema: { type: string } }"),
                ], .fails),
        ])

    static func example(version: String, parameter: String) -> String {
        """
        openapi: 3.0.3
        info: { title: Orders, version: \(version) }
        paths:
          /orders:
            get:
              parameters: [\(parameter.isEmpty ? "" : parameter.dropFirst(2))]
              responses:
                '200': { description: The orders }

        """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Without the loader's files (options decoded alone), a `reference` reads as empty.
    public static func options(from reader: MappingReader) -> Options? { read(reader, files: RubricFiles()) }

    /// The `reference` document comes from the loader, which read it beside the rubric.
    public static func options(from node: YAMLNode?, files: RubricFiles) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { read($0, files: files) }
    }

    static func read(_ reader: MappingReader, files: RubricFiles) -> Options? {
        let reference = reader.string("reference")
        let old = reader.string("old", required: reference == nil)
        let new = reader.string("new", required: true)
        var referenceText: String?
        var referencePath: String?
        if let reference, let at = reader.node("reference")?.location {
            if old != nil {
                reader.log.error(at: at, "give either 'old' (in the submission) or 'reference' (beside the rubric)")
            }
            // The loader read the file, and rejected the rubric when it could not.
            referencePath = files["reference"]?.path ?? reference
            referenceText = files["reference"]?.text ?? ""
        }
        // `old` and `new` name files of the submission: a path that leaves it is a rubric
        // error now, not a failure of every learner later.
        for key in ["old", "new"] {
            guard let path = reader.string(key) else { continue }
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                reader.log.error(
                    at: reader.node(key)?.location,
                    "'\(key)' is a path inside the submission; '\(path)' leads outside it")
            }
        }
        guard let new, let first = old ?? referencePath else { return nil }
        return Options(
            old: first, reference: referenceText, new: new, maxBreaking: reader.declaredInt("max_breaking"),
            allowWithMajorBump: reader.declaredBool("allow_with_major_bump"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        var files = job.apiFiles()
        if let reference = options.reference { files.add(path: options.old, text: reference) }
        for path in [options.old, options.new] where !files.contains(path) {
            guard case .success(let file) = job.submission.check(path) else {
                return .failed(
                    "no file '\(path)' in the submission", findings: [.error("no file '\(path)' to compare")])
            }
            job.add(file, to: &files)
        }
        return judge(OpenAPIReader().read(files), in: files)
    }

    /// The changes from `old` to `new` among specs already read (a test reads them from text),
    /// weighed against `max_breaking` and a major version bump; `files` brings the reading
    /// problems.
    func judge(_ specs: [OpenAPISpec], in files: APIFiles) -> Outcome {
        guard let old = specs.first(where: { $0.file == options.old }),
            let new = specs.first(where: { $0.file == options.new })
        else {
            return .error(
                "'\(options.old)' and '\(options.new)' must both be OpenAPI documents",
                findings: files.problems.map(\.finding))
        }
        let changes = OpenAPIDiff().changes(from: old.root, to: new.root)
        let breaking = changes.filter(\.isBreaking)
        var findings = changes.map { change in
            Finding(
                change.isBreaking ? .error : change.level == .warning ? .warning : .info, change.description,
                at: change.new ?? change.old,
                hint: change.old.flatMap { o in change.new.map { "was at \(o); now at \($0)" } ?? "was at \(o)" })
        }
        findings = findings.sorted { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) }
        let oldMajor = APIVersion.major(of: old.root)
        let newMajor = APIVersion.major(of: new.root)
        let bumped = oldMajor != nil && newMajor != nil && newMajor! > oldMajor!
        if !breaking.isEmpty, bumped {
            findings.append(
                .info(
                    "major version raised from \(oldMajor!) to \(newMajor!): the breaking changes are announced",
                    at: new.root["info"]?["version"]?.location))
        }
        let measurements = [
            MeasuredValue("breaking changes", Double(breaking.count), limit: "<= \(options.maxBreaking)"),
            MeasuredValue("changes", Double(changes.count)),
        ]
        if breaking.count <= options.maxBreaking || (bumped && options.allowWithMajorBump) {
            return .passed(
                "\(breaking.count) breaking of \(changes.count) changes\(bumped ? " (major version raised)" : "")",
                findings: findings, measurements: measurements)
        }
        return .failed(
            "\(breaking.count) breaking changes (at most \(options.maxBreaking))\(bumped ? "; major version raised" : " without a major version bump")",
            findings: findings, measurements: measurements)
    }
}
