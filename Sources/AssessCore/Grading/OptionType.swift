/// The shape of a grader option's value, declared once beside the option: the type column of
/// docs/graders.md and `assess graders`, and the JSON Schema an editor uses to complete and
/// check a criterion's `with:` block, are both made from it.
public indirect enum OptionType: Sendable, Hashable, CustomStringConvertible {
    case string
    case integer
    case number
    /// A number from 0 to 1 (a share, a ratio).
    case fraction
    case boolean
    /// A regular expression (ICU syntax).
    case regex
    /// A glob over submission paths (`src/**/*.ts`).
    case glob
    /// A path inside the submission.
    case path
    /// A file beside the rubric, read when the rubric loads and counted in its digest.
    case rubricFile
    /// `30s`, `5m`, `250ms` or a number of seconds.
    case duration
    /// A number meaning exactly, or `{ min, max }`.
    case range
    /// A name, or a list of synonyms any of which will do.
    case names
    /// A string written in a stated form (`'caller -> callee'`, `p(95)<100`).
    case form(String)
    /// One of a fixed set of words.
    case choice([String])
    /// Any of a fixed set of words, as a list (one word alone reads as a list of one).
    case choices([String])
    /// A list (one value alone reads as a list of one).
    case list(OptionType)
    /// A mapping of names the rubric chooses to values of one type.
    case map(OptionType)
    /// A nested structure, described in words (its keys are checked by the grader).
    case structure(String)
    /// Any YAML value.
    case any

    /// How the type reads in the docs: `list of strings`, `number or {min, max}`.
    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .fraction: return "number 0…1"
        case .boolean: return "boolean"
        case .regex: return "regex"
        case .glob: return "glob"
        case .path: return "path"
        case .rubricFile: return "path beside the rubric"
        case .duration: return "duration"
        case .range: return "number or {min, max}"
        case .names: return "name or list of synonyms"
        case .form(let form): return form
        case .choice(let words): return Self.either(words)
        case .choices(let words): return "list of " + words.joined(separator: ", ")
        case .list(.string): return "list of strings"
        case .list(.names): return "list of names or synonym lists"
        case .list(.form(let form)): return "list of \(form)"
        case .list(let item): return "list of \(item)s"
        case .map(let value): return "mapping of name → \(value)"
        case .structure(let text): return text
        case .any: return "any value"
        }
    }

    private static func either(_ words: [String]) -> String {
        words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }

    /// The JSON Schema (draft 2020-12) of a value of this type, as compact JSON. Lenient where
    /// the reader is: a list accepts one value alone, a structure anything (its grader checks it).
    public var schema: String {
        let strings = #"{"type":"string"}"#
        switch self {
        case .string, .regex, .glob, .path, .rubricFile, .form: return strings
        case .integer: return #"{"type":"integer"}"#
        case .number: return #"{"type":"number"}"#
        case .fraction: return #"{"type":"number","minimum":0,"maximum":1}"#
        case .boolean: return #"{"type":"boolean"}"#
        case .duration: return #"{"type":["number","string"]}"#
        case .range:
            return
                #"{"oneOf":[{"type":"number"},{"type":"object","additionalProperties":false,"properties":{"min":{"type":"number"},"max":{"type":"number"}}}]}"#
        case .names: return #"{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}"#
        case .choice(let words): return #"{"enum":["# + words.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        case .choices(let words): return OptionType.list(.choice(words)).schema
        case .list(let item): return #"{"anyOf":["# + item.schema + #",{"type":"array","items":"# + item.schema + "}]}"
        case .map(let value): return #"{"type":"object","additionalProperties":"# + value.schema + "}"
        case .structure, .any: return "{}"
        }
    }
}
