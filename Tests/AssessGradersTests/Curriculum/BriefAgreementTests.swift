import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The brief (`assess rubric explain`), `assess init` and the rubric agree for every checkpoint:
/// every path the brief or the skeleton offers is one the criteria read, and the brief states
/// enough that a design written from it alone passes every document criterion.
@Suite struct BriefAgreementTests {
    static let checkpoints = [
        "phase1-service-design", "phase2-communication", "phase3-data", "phase4-operations", "capstone-fintech",
    ]

    func load(_ id: String) throws -> Rubric {
        try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/\(id).yaml")
    }

    /// A path a glob offers, as a learner would make it: `catalog/**/*.yaml` → `catalog/x.yaml`.
    static func example(of glob: String) -> String {
        var pattern = glob
        while let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") {
            let first = pattern[pattern.index(after: open)..<close].split(separator: ",").first ?? ""
            pattern.replaceSubrange(open...close, with: first)
        }
        return pattern.replacingOccurrences(of: "**/", with: "").replacingOccurrences(of: "/**", with: "/x")
            .replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x")
    }

    @Test(arguments: checkpoints)
    func everyPathTheBriefOrInitOffersIsReadByItsCriteria(_ id: String) throws {
        let rubric = try load(id)
        let brief = RubricGuide.explain(rubric)
        let skeleton = RubricGuide.scaffold(rubric)
        for input in rubric.inputs {
            for path in input.paths {
                #expect(brief.contains("`\(path)`"), "\(id): the brief does not offer \(input.name) at \(path)")
            }
            let offered = input.paths.map(Self.example) + skeleton.keys.filter { path in
                input.paths.contains { Glob($0).matches(path) }
            }
            for criterion in rubric.criteria where criterion.input == input.name {
                guard let reader = criterion.grader as? any PathReading, !reader.pathsRead.isEmpty else { continue }
                for path in offered {
                    #expect(
                        reader.pathsRead.contains { Glob($0).matches(path) },
                        "\(id): '\(criterion.id)' reads \(reader.pathsRead), not '\(path)', which the brief offers for input '\(input.name)'"
                    )
                }
            }
        }
        let readers = Set(rubric.criteria.compactMap(\.input))
        for input in rubric.inputs where readers.contains(input.name) {
            if let literal = input.paths.first(where: { !$0.contains(where: { "*?[{".contains($0) }) }) {
                #expect(skeleton[literal] != nil, "\(id): init does not create \(literal) for input '\(input.name)'")
            } else {
                let handin = try #require(skeleton["HANDIN.md"])
                #expect(handin.contains("`\(input.paths[0])`"), "\(id): HANDIN.md does not name \(input.name)")
            }
        }
    }

    /// The issue's case: the Phase 4 catalog at the root, where Backstage, the brief and `init` put it.
    @Test func thePhase4CatalogAtTheRootIsReadByTheNamesCriterion() throws {
        let rubric = try load("phase4-operations")
        #expect(RubricGuide.scaffold(rubric)["catalog-info.yaml"] != nil)
        let names = try #require(rubric.criteria.first { $0.id == "service-names-consistent" })
        let reader = try #require(names.grader as? any PathReading)
        #expect(reader.pathsRead.contains { Glob($0).matches("catalog-info.yaml") })
    }

    @Test func theBriefStatesTheNumbersAndNamesTheDocumentGradersEnforce() throws {
        let brief = RubricGuide.explain(try load("phase1-service-design"))
        for line in [
            "  - Section \"Bounded Contexts\" (or \"Domain Model\", \"Subdomains\"): at least 40 words.",
            "  - Section \"Bounded Contexts\" (or \"Domain Model\", \"Subdomains\") lists 8 to 12 items (list items, sub-headings or table rows).",
            "  - Section \"Context Map\" (or \"Context Mapping\") has a Mermaid flowchart diagram with at least 8 nodes and at least 7 edges.",
            "  - Section \"Service Boundaries\" (or \"Services\", \"Service Catalog\") has a table with columns \"Service\" (or \"Name\"), \"Owns\" (or \"Data\", \"Owned Data\"), \"API\" (or \"Interface\", \"Endpoints\"), \"Events\" (or \"Publishes\", \"Emits\"); at least 8 rows; \"Owns\" filled in in every row; \"API\" filled in in every row.",
            "  - Every relative link and image points at a file of the submission (and its #anchor at a heading there); a document without relative links is not judged on them.",
            "  - Layers: domain (`domain/`, `core/`, `model/`); application (`application/`, `usecases/`, `usecase/`, `ports/`, `port/`); adapters (`adapters/`, `adapter/`, `infrastructure/`, `infra/`, `web/`, `persistence/`, `api/`, `http/`), as folders side by side anywhere under a service (tests left out).",
            "  - Checked with `min_tests: 15`; `min_pass_rate: 1.0`; `categories: {unit: 10, integration: 3, contract: 1}`.",
        ] {
            #expect(brief.contains(line + "\n"), "missing from the brief: \(line)")
        }
        #expect(brief.contains("names at least 3 of 7 concepts"))
        #expect(brief.contains("customer-supplier: \"customer/supplier\" | \"customer-supplier\" | \"upstream/downstream\""))
    }

    /// The limits a Phase 3 hand-in written from the brief must meet are in the brief: the bound on
    /// conflict settling, the CQRS p99 ratio, the CDC lag percentiles, the Compose service count,
    /// the cache's GET average, the table's rows and the concepts looked for.
    @Test func thePhase3BriefStatesTheLimitsItsGradersApply() throws {
        let brief = RubricGuide.explain(try load("phase3-data"))
        for text in [
            "`thresholds: [p(99)<100]`; `last_writer_wins: true`",
            "{metric: http_req_duration, stat: p(99), max_ratio: 0.5}",
            "`lag: [p(95)<500, p(99)<1000]`",
            "`min_services: 8`",
            "`commands: {get: [avg<1]}`",
            "at least 6 rows",
            "compensation: \"saga\" | \"compensating\" | \"compensation\" | \"outbox\"",
            "Section \"Case Study\" (or \"Problem\", \"Context\", \"Scenario\"): at least 40 words.",
        ] {
            #expect(brief.contains(text), "missing from the Phase 3 brief: \(text)")
        }
    }

    /// Writes the design every document criterion asks for from the brief's text alone (not
    /// from the samples) and grades it: each Markdown criterion, the names criteria between
    /// sections and diagrams, and the placeholder check must pass. Criteria on code, specs,
    /// evidence and reviews are outside this generator.
    @Test(arguments: checkpoints)
    func aDesignWrittenFromTheBriefAlonePassesTheDocumentCriteria(_ id: String) async throws {
        let rubric = try load(id)
        let brief = RubricGuide.explain(rubric)
        let plan = BriefReader(brief)
        let files = plan.writeDocuments()
        guard !files.isEmpty else { return }  // no document criteria (Phase 4)
        let tree = try TemporaryTree(files)
        let report = await Engine().grade(try Submission(path: tree.path), against: rubric, reviews: Reviews())
        for checked in plan.criteria where checked.isDocumentCriterion {
            let result = try #require(report.criteria.first { $0.title == checked.title })
            #expect(
                result.status == .passed || result.status == .skipped && checked.kind == "markdown.links",
                "\(id): '\(result.id)' \(result.summary): \(result.findings.filter { $0.severity != .info }.map(\.description))\n\(files)"
            )
        }
    }
}

/// Reads the "What each criterion checks" part of a brief and writes the Markdown it asks for.
struct BriefReader {
    struct Checked {
        var title: String
        var kind: String
        var input: String?
        var requirements: [String]

        var isDocumentCriterion: Bool {
            if kind.hasPrefix("markdown.") { return input != nil }
            if kind == "consistency.names" { return requirements.allSatisfy { !$0.contains("'") } }
            if kind == "text.matches" { return requirements.contains { $0.contains("`max: 0`") } }
            return false
        }
    }

    struct Section {
        var heading: String
        var minWords = 0
        var items = 0
        var itemStyle = "list"
        var phrases: [String] = []
        var columns: [String] = []
        var cellValues: [String: String] = [:]
        var rows = 0
        var diagram: (type: String, nodes: Int, edges: Int, named: [String])?
        var diagramNamesFrom: String?
    }

    var criteria: [Checked] = []
    var inputPaths: [String: String] = [:]

    init(_ brief: String) {
        var inChecks = false
        for line in brief.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("| "), !inChecks {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                let paths = cells.count >= 2 ? Self.quotedAll(cells[1], by: "`") : []
                if let path = paths.first(where: { !$0.contains(where: { "*?[{".contains($0) }) }) ?? paths.first {
                    inputPaths[cells[0]] = BriefAgreementTests.example(of: path)
                }
            }
            if line.hasPrefix("## What each criterion checks") { inChecks = true }
            guard inChecks else { continue }
            if line.hasPrefix("- **"), let end = line.range(of: "** (`") {
                let title = String(line[line.index(line.startIndex, offsetBy: 4)..<end.lowerBound])
                let rest = line[end.upperBound...]
                let kind = String(rest.prefix { $0 != "`" })
                let input = Self.quotedAll(String(rest.dropFirst(kind.count + 1)), by: "`").first
                criteria.append(Checked(title: title, kind: kind, input: input, requirements: []))
            } else if line.hasPrefix("  - "), !criteria.isEmpty {
                criteria[criteria.count - 1].requirements.append(String(line.dropFirst(4)))
            }
        }
    }

    static func quotedAll(_ text: String, by quote: Character) -> [String] {
        let parts = text.split(separator: quote, omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }

    /// The first capture group of every match of `pattern` in `text`.
    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func numbers(_ text: String) -> [Int] {
        text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }

    /// Every document the brief's criteria read, by path.
    func writeDocuments() -> [String: String] {
        var sections: [String: [Section]] = [:]  // input → sections in order
        func section(_ input: String, _ heading: String, _ change: (inout Section) -> Void) {
            var list = sections[input] ?? []
            if let index = list.firstIndex(where: { $0.heading == heading }) {
                change(&list[index])
            } else {
                var new = Section(heading: heading)
                change(&new)
                list.append(new)
            }
            sections[input] = list
        }
        for checked in criteria where checked.isDocumentCriterion {
            guard let input = checked.input else { continue }
            for requirement in checked.requirements {
                let heading = Self.quotedAll(requirement, by: "\"").first ?? "Notes"
                switch checked.kind {
                case "markdown.sections":
                    let words = Self.captures(#"(\d+) words"#, in: requirement).first.flatMap { Int($0) } ?? 0
                    section(input, heading) { $0.minWords = max($0.minWords, words) }
                case "markdown.items":
                    let count =
                        Self.captures(#"lists (?:at least |at most |exactly )?(\d+)"#, in: requirement).first.flatMap { Int($0) }
                        ?? 1
                    section(input, heading) {
                        $0.items = max($0.items, count)
                        if requirement.contains("items (") {
                            $0.itemStyle = "list"
                        } else if requirement.contains("sub-headings") {
                            $0.itemStyle = "headings"
                        } else if requirement.contains("table rows") {
                            $0.itemStyle = "rows"
                        }
                    }
                case "markdown.concepts":
                    let listed = requirement.components(separatedBy: "labels): ").last ?? ""
                    let phrases = listed.dropLast().components(separatedBy: "; ").compactMap { concept -> String? in
                        Self.quotedAll(concept, by: "\"").first { !$0.hasPrefix("/") }
                    }
                    let place = requirement.hasPrefix("Section") ? heading : "Summary"
                    section(input, place) { $0.phrases += phrases }
                case "markdown.table":
                    let columnsPart = requirement.components(separatedBy: "; ")[0]
                    let columns = Self.captures(#""([^"]+)"(?: \(or [^)]*\))?"#, in: columnsPart.components(separatedBy: "columns ").last ?? "")
                    var values: [String: String] = [:]
                    for rule in requirement.components(separatedBy: "; ").dropFirst() where rule.contains("in every row") {
                        guard let column = Self.quotedAll(rule, by: "\"").first else { continue }
                        if let slash = rule.range(of: "matching /") {
                            let regex = rule[slash.upperBound...].prefix { $0 != "/" }
                            values[column] =
                                regex.replacingOccurrences(of: "(?i)", with: "").split(separator: "|").first.map(String.init) ?? "x"
                        } else if let low = rule.range(of: "at least ") {
                            values[column] = String(rule[low.upperBound...].prefix { $0.isNumber || $0 == "." })
                        }
                    }
                    let rows =
                        requirement.components(separatedBy: "; ").first { $0.hasPrefix("at least ") && $0.contains(" rows") }
                        .flatMap { Self.numbers($0).first } ?? 1
                    section(input, requirement.hasPrefix("Section") ? heading : "Table") {
                        $0.columns = columns
                        $0.rows = max($0.rows, rows)
                        $0.cellValues = values
                    }
                case "markdown.diagram":
                    let type =
                        requirement.components(separatedBy: "Mermaid ").last?.split(separator: " ").first.map(String.init)
                        ?? "flowchart"
                    let nodes = Self.captures(#"(\d+) nodes"#, in: requirement).first.flatMap { Int($0) } ?? 0
                    let edges = Self.captures(#"(\d+) edges"#, in: requirement).first.flatMap { Int($0) } ?? 0
                    let named =
                        requirement.components(separatedBy: "nodes named ").dropFirst().first.map { Self.quotedAll($0, by: "\"") }
                        ?? []
                    section(input, requirement.hasPrefix("Section") ? heading : "Diagrams") {
                        $0.diagram = (type, nodes, edges, named)
                    }
                case "consistency.names":
                    let quoted = Self.quotedAll(requirement, by: "\"")
                    // "The names in section "A" (or …) are exactly the names in: the flowchart diagram in section "B" (or …)".
                    let target = requirement.components(separatedBy: "in section \"").dropFirst(2).first.map { String($0.prefix { $0 != "\"" }) }
                    if let source = quoted.first, let target {
                        section(input, source) { $0.items = max($0.items, 1) }
                        section(input, target) { $0.diagramNamesFrom = source }
                    }
                default: continue
                }
            }
        }
        var documents: [String: String] = [:]
        for (input, list) in sections {
            let path = inputPaths[input] ?? "\(input).md"
            documents[path] = Self.render(list)
        }
        return documents
    }

    static let words = [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima",
        "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango",
    ]

    static func render(_ sections: [Section]) -> String {
        // How many names each section lists: enough for its items, its rows and any diagram drawn from it.
        var names: [String: [String]] = [:]
        for section in sections {
            var count = max(section.items, section.rows)
            for other in sections where other.diagramNamesFrom == section.heading {
                count = max(count, other.diagram?.nodes ?? 0)
            }
            names[section.heading] = Array(words.prefix(max(count, 1)))
        }
        var text = "# Design\n\n"
        let filler = "This paragraph states the reasoning behind the design in words a reviewer can follow."
        for section in sections {
            text += "## \(section.heading)\n\n"
            let fillerCount = filler.split(separator: " ").count
            text += Array(repeating: filler, count: section.minWords / fillerCount + 1).joined(separator: " ") + "\n\n"
            let own = names[section.heading] ?? []
            if section.items > 0 {
                switch section.itemStyle {
                case "headings": text += own.map { "### \($0)\n\nIt owns its data.\n\n" }.joined()
                case "rows" where section.columns.isEmpty:
                    text += "| Name | Notes |\n| --- | --- |\n" + own.map { "| \($0) | owns its data |\n" }.joined() + "\n"
                default: text += own.map { "- **\($0)**: owns its data.\n" }.joined() + "\n"
                }
            }
            if !section.phrases.isEmpty {
                text += "We rely on " + section.phrases.joined(separator: ", ") + ".\n\n"
            }
            if !section.columns.isEmpty {
                text += "| " + section.columns.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: section.columns.count) + "\n"
                for name in own.prefix(max(section.rows, 1)) {
                    text += "| " + section.columns.enumerated().map { index, column in
                        index == 0 ? name : section.cellValues[column] ?? "\(name.lowercased())-\(index)"
                    }.joined(separator: " | ") + " |\n"
                }
                text += "\n"
            }
            var diagram = section.diagram
            if diagram == nil, section.diagramNamesFrom != nil { diagram = (type: "flowchart", nodes: 0, edges: 0, named: []) }
            if let diagram {
                var nodes = section.diagramNamesFrom.flatMap { names[$0] } ?? Array(words.prefix(max(diagram.nodes, 2)))
                nodes += diagram.named.filter { !nodes.contains($0) }
                var edges: [(Int, Int)] = nodes.count < 2 ? [] : (1..<nodes.count).map { ($0 - 1, $0) }
                var step = 2
                while edges.count < diagram.edges, step < nodes.count {
                    edges += (step..<nodes.count).map { ($0 - step, $0) }.prefix(diagram.edges - edges.count)
                    step += 1
                }
                let ids = nodes.indices.map { "n\($0)" }
                if diagram.type.lowercased().hasPrefix("sequence") {
                    text += "```mermaid\nsequenceDiagram\n"
                    text += nodes.indices.map { "    participant \(ids[$0]) as \(nodes[$0])\n" }.joined()
                    text += edges.map { "    \(ids[$0.0])->>\(ids[$0.1]): call\n" }.joined()
                } else {
                    text += "```mermaid\nflowchart LR\n"
                    text += nodes.indices.map { "    \(ids[$0])[\(nodes[$0])]\n" }.joined()
                    text += edges.map { "    \(ids[$0.0]) --> \(ids[$0.1])\n" }.joined()
                }
                text += "```\n\n"
            }
        }
        return text
    }
}
