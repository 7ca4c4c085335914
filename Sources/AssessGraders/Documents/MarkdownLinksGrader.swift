public import AssessCore
import AssessFormats
import Foundation

/// Relative links and anchors resolve inside the submission: a reviewer following the design
/// doc to its ADRs and specs never lands on nothing.
public struct MarkdownLinksGrader: Grader {
    public struct Options: Sendable, Hashable {
        var anchors: Bool
        var images: Bool
        /// Relative links the documents must hold: a design that should point at its ADRs and
        /// code is not excused by linking nothing.
        var minLinks: Int
    }

    public static let description = GraderDescription(
        kind: "markdown.links",
        summary:
            "Every relative link (and image) in the input's Markdown points at a file or folder inside the submission, and every `#anchor` at a heading of its target (GitHub's heading slugs). External links are not fetched. Score: the share of relative links that resolve; a document with none is skipped (nothing to check, so it neither earns nor loses points) unless `min_links` asks for some.",
        options: [
            OptionDescription(
                "anchors", .boolean, default: "true", "Check `#fragment`s against the target's headings."),
            OptionDescription("images", .boolean, default: "true", "Check image sources too."),
            OptionDescription(
                "min_links", .integer, default: "0",
                "Relative links the input must hold (e.g. to its ADRs and code); fewer scores in proportion."),
        ],
        examples: [
            GraderExample(
                "The design links its ADR and a section", with: "", paths: ["design.md"],
                files: [
                    "design.md":
                        "# Design\nSee [ADR 1](adr/0001-kafka.md#decision) and [below](#risks).\n## Risks\nNone.\n",
                    "adr/0001-kafka.md": "# 1. Use Kafka\n## Decision\nKafka.\n",
                ], .passes),
            GraderExample(
                "A link to a file that was never handed in", with: "", paths: ["design.md"],
                files: ["design.md": "# Design\nSee [the API](api/orders.yaml).\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        Options(
            anchors: reader.declaredBool("anchors"), images: reader.declaredBool("images"),
            minLinks: reader.declaredInt("min_links"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let documents = try job.markdownDocuments()
        // A linked document outside the input is read (once per run) only if a link's anchor needs it.
        return judge(documents, files: Set(job.submission.files)) { path in
            guard let file = try? job.submission.check(path).get() else { return nil }
            return try? job.reading(MarkdownReader.self, of: file).model
        }
    }

    /// Each relative link of the documents: its target is in the submission (`files`) and, when
    /// it names a heading, the target document (`linked`) has it.
    func judge(
        _ documents: [MarkdownDocument], files: Set<String>, linked: (String) -> MarkdownDocument?
    ) -> Outcome {
        var slugCache: [String: Set<String>] = [:]
        for document in documents { slugCache[document.file] = Self.slugs(of: document) }
        var checked = 0
        var findings: [Finding] = []
        for document in documents {
            for link in document.links where options.images || !link.isImage {
                guard Self.isRelative(link.destination) else { continue }
                checked += 1
                let (pathPart, fragment) = Self.split(link.destination)
                var target = document.file
                if !pathPart.isEmpty {
                    guard let resolved = Self.resolve(pathPart, from: document.file) else {
                        findings.append(
                            .error("link '\(link.destination)' leads outside the submission", at: link.location))
                        continue
                    }
                    let isFolder = files.contains { $0.hasPrefix(resolved + "/") }
                    guard files.contains(resolved) || isFolder || resolved.isEmpty else {
                        findings.append(
                            .error(
                                "link '\(link.destination)' points at '\(resolved)', which is not in the submission",
                                at: link.location))
                        continue
                    }
                    target = resolved
                }
                guard options.anchors, let fragment, !fragment.isEmpty, target.lowercased().hasSuffix(".md") else {
                    continue
                }
                if slugCache[target] == nil {
                    slugCache[target] = linked(target).map(Self.slugs(of:)) ?? []
                }
                if slugCache[target]?.contains(fragment.lowercased()) != true {
                    findings.append(
                        .error(
                            "link '\(link.destination)': '\(target)' has no heading '#\(fragment)'", at: link.location))
                }
            }
        }
        guard checked >= options.minLinks else {
            return .scored(
                checked == 0 ? 0 : Double(checked - findings.count) / Double(options.minLinks),
                "\(plural(checked, "relative link")); at least \(options.minLinks) wanted",
                findings: findings + [
                    .error(
                        "\(plural(checked, "relative link")) in the input; link at least \(options.minLinks) of your other files (decisions, code, specs)"
                    )
                ], measurements: [MeasuredValue("relative links", Double(checked), limit: ">= \(options.minLinks)")])
        }
        // Nothing to check is no failure, and no free points either: the criterion leaves the
        // score, unless the rubric asked for links (above).
        guard checked > 0 else { return Outcome(status: .skipped, score: 0, summary: "no relative links to check") }
        let broken = findings.count
        return .scored(
            Double(checked - broken) / Double(checked),
            "\(checked - broken) of \(plural(checked, "relative link")) resolve",
            findings: findings, measurements: [MeasuredValue("broken links", Double(broken), limit: "0")])
    }

    static func isRelative(_ destination: String) -> Bool {
        guard !destination.isEmpty, !destination.hasPrefix("/") else { return false }
        if let colon = destination.firstIndex(of: ":"), !destination[..<colon].contains("/"),
            !destination[..<colon].contains("#")
        {
            return false  // a scheme: http:, mailto:, …
        }
        return true
    }

    static func split(_ destination: String) -> (String, String?) {
        guard let hash = destination.firstIndex(of: "#") else {
            return (destination.removingPercentEncoding ?? destination, nil)
        }
        let path = String(destination[..<hash])
        return (path.removingPercentEncoding ?? path, String(destination[destination.index(after: hash)...]))
    }

    /// `../api/x.yaml` from `docs/design.md` → `api/x.yaml`; nil when it climbs out.
    static func resolve(_ path: String, from file: String) -> String? {
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for segment in path.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(segment))
            }
        }
        return parts.joined(separator: "/")
    }

    /// GitHub's anchors for a document's headings: lowercased, punctuation dropped, spaces to
    /// hyphens, repeats numbered `-1`, `-2`.
    static func slugs(of document: MarkdownDocument) -> Set<String> {
        var seen: [String: Int] = [:]
        var result = Set<String>()
        for section in document.allSections {
            var slug = ""
            for scalar in section.title.lowercased().unicodeScalars {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" {
                    slug.unicodeScalars.append(scalar)
                } else if scalar == " " {
                    slug.append("-")
                }
            }
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            result.insert(count == 0 ? slug : "\(slug)-\(count)")
        }
        return result
    }
}
