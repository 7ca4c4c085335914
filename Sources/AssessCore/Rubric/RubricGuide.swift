import Foundation

/// Rubric tools for learners and editors: a learner-facing brief (`rubric explain`), a JSON
/// Schema of the rubric format (`rubric schema`), and a submission skeleton (`init`).
public enum RubricGuide {
    /// The rubric as a Markdown brief: what to hand in, how each criterion is judged, weights,
    /// the pass mark. Hidden criteria are counted, not named.
    public static func explain(_ rubric: Rubric) -> String {
        var out = "# \(rubric.title)\n\n"
        if let stage = rubric.stage { out += "_\(stage)_\n\n" }
        out += "To pass you need **\(rubric.pass.compact)%** of the weighted points"
        let gates = rubric.criteria.filter { $0.required && $0.visibility == .visible }
        if !gates.isEmpty {
            out += " and every required criterion (\(gates.map { "**\($0.title)**" }.joined(separator: ", ")))"
        }
        out += "."
        if !rubric.bands.isEmpty {
            out += " Bands: \(rubric.bands.map { "\($0.name) from \($0.minimum.compact)%" }.joined(separator: ", "))."
        }
        out += "\n\n## What to hand in\n\n| input | where | |\n| --- | --- | --- |\n"
        for input in rubric.inputs {
            out +=
                "| \(input.name) | \(input.paths.map { "`\($0)`" }.joined(separator: " or ")) | \(input.required ? "required" : "optional")\(input.many ? ", all matching files" : "") |\n"
        }
        out += "\n## How it is judged\n\n| criterion | weight | how | what to do |\n| --- | --- | --- | --- |\n"
        let visible = rubric.criteria.filter { $0.visibility == .visible }
        for c in visible {
            // The summary's first sentence: up to a full stop that ends a sentence, not one
            // inside a number ("AsyncAPI 2.x", "rate<0.01").
            let summary = Swift.type(of: c.grader).description.summary
            let how =
                (summary.range(of: ". ").map { String(summary[..<$0.lowerBound]) } ?? summary)
                .replacingOccurrences(of: "|", with: "\\|")
            out +=
                "| \(c.title)\(c.required ? " (required)" : "") | \(c.weight.compact) | \(c.grader is any ReviewedGrader ? "a reviewer's judgement" : how) | \(c.hint ?? "") |\n"
        }
        let hidden = rubric.criteria.filter { $0.visibility != .visible }
        if !hidden.isEmpty {
            out +=
                "\n\(hidden.count) more criteria (\(hidden.reduce(0) { $0 + $1.weight }.compact) points) are graded but not listed here.\n"
        }
        let checked = visible.filter { !($0.grader is any ReviewedGrader) }
        if !checked.isEmpty {
            out += "\n## What each criterion checks\n\nEvery number and name the graders enforce:\n\n"
            for c in checked {
                out += "- **\(c.title)** (`\(c.graderKind)`\(c.input.map { " on `\($0)`" } ?? ""))\n"
                for requirement in requirements(of: c) { out += "  - \(requirement)\n" }
            }
        }
        return out
    }

    /// What a criterion enforces: its grader's own sentences, else its `with:` options as
    /// written and the defaults with numbers in them that it did not set.
    public static func requirements(of criterion: Criterion) -> [String] {
        if let explaining = criterion.grader as? any Explaining { return explaining.requirements }
        var lines: [String] = []
        if let options = criterion.options, let pairs = options.mapping, !pairs.isEmpty {
            lines.append(
                "Checked with "
                    + pairs.map { "`\($0.key.scalarText ?? ""): \(inline($0.value))`" }.joined(separator: "; ")
                    + ".")
        }
        let given = Set(criterion.options?.mapping?.compactMap { $0.key.scalarText } ?? [])
        let defaults = Swift.type(of: criterion.grader).description.options.filter { option in
            !given.contains(option.name) && option.defaultValue.map { $0.contains(where: \.isNumber) } == true
        }
        if !defaults.isEmpty {
            lines.append(
                "Defaults: " + defaults.map { "`\($0.name): \($0.defaultValue ?? "")`" }.joined(separator: "; ") + ".")
        }
        return lines.isEmpty ? ["Nothing beyond the grader's description above."] : lines
    }

    /// A YAML node on one line, flow style.
    static func inline(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): return text
        case .sequence(let items, _): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .mapping(let pairs, _):
            return "{" + pairs.map { "\($0.key.scalarText ?? ""): \(inline($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// An option's declared default as JSON, for the schema's `default` (what an editor shows):
    /// numbers, booleans and words as themselves, flow lists of them as arrays; nil for a
    /// default written in words ("every service found") or a structure.
    static func jsonDefault(_ text: String, as type: OptionType) -> String? {
        guard let node = try? YAMLParser().parse(text, file: "<default>") else { return nil }
        func scalar(_ node: YAMLNode, _ type: OptionType) -> String? {
            guard let text = node.string else { return nil }
            switch type {
            case .integer: return node.int.map(String.init)
            case .number, .fraction: return node.double.map { $0.compact }
            case .boolean: return node.bool.map { $0 ? "true" : "false" }
            case .string, .regex, .glob, .path, .form, .choice, .names, .duration:
                guard !text.contains(" ") || type == .string else { return nil }
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"")
                return "\"\(escaped)\""
            default: return nil
            }
        }
        switch type {
        case .list(let item):
            guard let items = node.sequence else { return nil }
            let values = items.compactMap { scalar($0, item) }
            return values.count == items.count ? "[" + values.joined(separator: ",") + "]" : nil
        case .choices(let words):
            guard let items = node.sequence else { return nil }
            let values = items.compactMap { scalar($0, .choice(words)) }
            return values.count == items.count ? "[" + values.joined(separator: ",") + "]" : nil
        default:
            return node.sequence == nil && node.mapping == nil ? scalar(node, type) : nil
        }
    }

    /// A JSON Schema (draft 2020-12) of the rubric format, for editors that autocomplete YAML:
    /// the grader kinds, the evidence formats and each grader's `with:` options (made from the
    /// options' declared types, so an editor completes and checks them).
    public static func schema(_ registry: GraderRegistry) -> String {
        let kinds = registry.kinds.map { "\"\($0)\"" }.joined(separator: ", ")
        let format =
            registry.formats.isEmpty
            ? #"{ "type": "string" }"#
            : #"{ "enum": ["# + registry.formats.map { "\"\($0)\"" }.joined(separator: ", ") + "] }"
        let options = registry.graders.map { grader -> String in
            let d = grader.description
            let properties = d.options.map { option in
                let summary = option.summary.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"")
                let typed = option.type.schema.dropLast()
                let fallback = option.defaultValue.flatMap { Self.jsonDefault($0, as: option.type) }.map {
                    ",\"default\":\($0)"
                }
                return
                    "\"\(option.name)\": \(typed)\(typed.count > 1 ? "," : "")\"description\":\"\(summary)\"\(fallback ?? "")}"
            }.joined(separator: ", ")
            return """
                        { "if": { "required": ["grader"], "properties": { "grader": { "const": "\(d.kind)" } } },
                          "then": { "properties": { "with": { "type": "object", "additionalProperties": false, "properties": { \(properties) } } } } }
                """
        }.joined(separator: ",\n")
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://assess.example/schema/rubric.schema.json",
              "title": "Assess rubric (format 1)",
              "type": "object",
              "description": "A rubric (with an id and a pass mark) or a shared part that rubrics extend (neither).",
              "if": { "required": ["rubric"] },
              "then": { "required": ["pass"], "anyOf": [{ "required": ["criteria"] }, { "required": ["extends"] }] },
              "else": { "not": { "required": ["pass"] }, "anyOf": [{ "required": ["criteria"] }, { "required": ["inputs"] }] },
              "additionalProperties": false,
              "properties": {
                "format": { "const": 1 },
                "rubric": { "type": "string", "pattern": "^[A-Za-z0-9._-]+$" },
                "title": { "type": "string" },
                "version": { "type": ["string", "number"] },
                "stage": { "type": "string" },
                "description": { "type": "string" },
                "pass": { "type": "number", "minimum": 0, "maximum": 100 },
                "bands": { "type": "object", "additionalProperties": { "type": "number", "maximum": 100 } },
                "extends": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] },
                "timeout": { "$ref": "#/$defs/duration" },
                "inputs": {
                  "type": "object",
                  "additionalProperties": {
                    "oneOf": [
                      { "type": "string" },
                      { "type": "array", "items": { "type": "string" } },
                      {
                        "type": "object", "required": ["paths"], "additionalProperties": false,
                        "properties": {
                          "paths": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] },
                          "format": \(format), "required": { "type": "boolean" }, "many": { "type": "boolean" },
                          "max_size": { "type": ["string", "integer"], "description": "per-file cap for this input, e.g. 2GB (default 16 MiB)" }
                        }
                      }
                    ]
                  }
                },
                "plugins": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "object", "additionalProperties": false,
                    "properties": {
                      "exec": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] },
                      "wasm": { "type": "string" }, "timeout": { "$ref": "#/$defs/duration" }
                    }
                  }
                },
                "objectives": {
                  "type": "array",
                  "items": { "type": "object", "required": ["id", "text"], "additionalProperties": false,
                             "properties": { "id": { "type": "string" }, "text": { "type": "string" } } }
                },
                "criteria": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/criterion" } }
              },
              "$defs": {
                "duration": { "oneOf": [{ "type": "number", "exclusiveMinimum": 0 }, { "type": "string", "pattern": "^[0-9.]+(ms|s|m|h)$" }] },
                "criterion": {
                  "type": "object", "required": ["id", "grader"], "additionalProperties": false,
                  "allOf": [
            \(options)
                  ],
                  "properties": {
                    "id": { "type": "string", "pattern": "^[A-Za-z0-9._-]+$" },
                    "title": { "type": "string" }, "description": { "type": "string" },
                    "weight": { "type": "number", "exclusiveMinimum": 0 },
                    "required": { "type": "boolean" },
                    "visibility": { "enum": ["visible", "hidden", "after_due_date", "after_published"] },
                    "hint": { "type": "string" },
                    "grader": { "anyOf": [{ "enum": [\(kinds)] }, { "type": "string", "pattern": "^plugin:[A-Za-z0-9._-]+$" }] },
                    "input": { "type": "string" },
                    "with": { "type": "object" },
                    "timeout": { "$ref": "#/$defs/duration" },
                    "covers": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] }
                  }
                }
              }
            }

            """
    }

    /// Files a submission for `rubric` starts from: `assess.yaml`, and for every input with a
    /// plain path, that file; Markdown files get the headings (and table headers) the
    /// rubric's graders look for.
    public static func scaffold(_ rubric: Rubric) -> [String: String] {
        var files = ["assess.yaml": "rubric: \(rubric.id)\nlearner: your-name\n"]
        var elsewhere: [String] = []
        for input in rubric.inputs {
            guard let path = input.paths.first(where: { !$0.contains(where: { "*?[{".contains($0) }) }) else {
                // Files found by pattern (specs, reports, code) cannot be laid out: list them.
                let readers = rubric.criteria.filter { $0.input == input.name }
                guard !readers.isEmpty else { continue }
                elsewhere.append(
                    "- [ ] `\(input.name)`: \(input.paths.map { "`\($0)`" }.joined(separator: " or "))"
                        + (input.required ? "" : " (optional)") + ", for "
                        + readers.map { "\"\($0.title)\"" }.joined(separator: "; "))
                continue
            }
            let parts = rubric.criteria.filter { $0.input == input.name }.compactMap { $0.grader as? any Scaffolding }
                .flatMap(\.scaffold)
            if path.hasSuffix(".md") || input.format == "markdown" {
                var text = "# \(rubric.title)\n\n"
                // One section per heading, with whatever table or note any grader wants there.
                var merged: [ScaffoldPart] = []
                for part in parts {
                    if let index = merged.firstIndex(where: { $0.heading == part.heading }) {
                        merged[index].tableColumns = merged[index].tableColumns ?? part.tableColumns
                        merged[index].note = merged[index].note ?? part.note
                    } else {
                        merged.append(part)
                    }
                }
                // Every section starts as a TODO, so a skeleton handed in unchanged says so.
                for part in merged {
                    text += "## \(part.heading)\n\n"
                    if let columns = part.tableColumns {
                        text +=
                            "| " + columns.joined(separator: " | ") + " |\n|"
                            + String(repeating: " --- |", count: columns.count) + "\n\n"
                    }
                    text += "TODO: \(part.note ?? "write this section.")\n\n"
                }
                files[path] = text
            } else {
                files[path] = ""
            }
        }
        if !elsewhere.isEmpty {
            files["HANDIN.md"] =
                "# What else to hand in for \(rubric.title)\n\nThese files are found by pattern; add them where the pattern says (tick each off):\n\n"
                + elsewhere.joined(separator: "\n") + "\n"
        }
        return files
    }
}

/// A part of a document a grader looks for, so `assess init` can lay it out.
public struct ScaffoldPart: Sendable, Hashable {
    public var heading: String
    public var tableColumns: [String]?
    public var note: String?

    public init(heading: String, tableColumns: [String]? = nil, note: String? = nil) {
        self.heading = heading
        self.tableColumns = tableColumns
        self.note = note
    }
}

/// Graders that read sections of a document say which, for `assess init`.
public protocol Scaffolding {
    var scaffold: [ScaffoldPart] { get }
}
