public import AssessYAML
import Foundation

/// Reads a grader's `with:` block against its described options: unknown keys get a
/// did-you-mean, and every problem in the block is reported together as one `RubricError`.
public enum OptionsReader {
    public static func read<Options>(
        _ node: YAMLNode?, for description: GraderDescription,
        _ body: (MappingReader) -> Options?
    ) throws(RubricError) -> Options {
        let log = DiagnosticLog()
        let node = node ?? YAMLNode(.mapping([], .flow), at: SourceLocation(file: "<options>", line: 1, column: 1))
        guard
            var reader = MappingReader(
                node, keys: description.optionNames, context: "the options of '\(description.kind)'", log: log)
        else { throw RubricError(log.diagnostics) }
        reader.defaults = declaredDefaults(description)
        // Every value is checked against its declared type first; the grader's own reading then
        // sees only well-typed values, and what it says about a value already refused is dropped
        // (one error per mistake, in the declaration's words).
        var refused = Set<SourceLocation>()
        for option in description.options {
            guard let value = reader.node(option.name) else { continue }
            let checks = DiagnosticLog()
            if !option.type.check(value, key: option.name, log: checks) {
                log.append(contentsOf: checks.diagnostics)
                refused.formUnion(checks.diagnostics.compactMap(\.location))
                refused.insert(value.location)
            }
        }
        let checked = log.diagnostics.count
        let options = body(reader)
        let diagnostics = log.diagnostics.enumerated().filter { index, diagnostic in
            index < checked || !(diagnostic.location.map(refused.contains) ?? false)
        }.map(\.element)
        if diagnostics.containsErrors { throw RubricError(diagnostics) }
        guard let options else {
            throw RubricError([.error(at: node.location, "invalid options for '\(description.kind)'")])
        }
        return options
    }
}

extension OptionsReader {
    /// The declared defaults that are values of their option's type (`"0"`, `"true"`,
    /// `"[cpu, memory]"`), as YAML; prose defaults ("every one found") are left out.
    static func declaredDefaults(_ description: GraderDescription) -> [String: YAMLNode] {
        var defaults: [String: YAMLNode] = [:]
        for option in description.options {
            guard let text = option.defaultValue,
                let value = try? YAMLParser().parse("v: \(text)\n", file: "<default of \(option.name)>")["v"],
                option.type.check(value, key: option.name, log: DiagnosticLog())
            else { continue }
            defaults[option.name] = value
        }
        return defaults
    }
}

/// A minimum and maximum, written `{ min: 8, max: 12 }` or as one number meaning exactly.
public struct CountRange: Sendable, Hashable, CustomStringConvertible {
    public var min: Double?
    public var max: Double?

    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    public func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }

    public var description: String {
        switch (min, max) {
        case let (lo?, hi?) where lo == hi: return "exactly \(lo.compact)"
        case let (lo?, hi?): return "\(lo.compact)…\(hi.compact)"
        case let (lo?, nil): return "at least \(lo.compact)"
        case let (nil, hi?): return "at most \(hi.compact)"
        default: return "any number"
        }
    }

    /// Reads `{min, max}` or a single number from the option `key`.
    public static func read(_ key: String, from reader: MappingReader) -> CountRange? {
        guard let node = reader.node(key) else { return nil }
        if node.mapping != nil {
            guard let sub = MappingReader(node, keys: ["min", "max"], context: "'\(key)'", log: reader.log) else {
                return nil
            }
            let range = CountRange(min: sub.double("min"), max: sub.double("max"))
            if let lo = range.min, let hi = range.max, lo > hi {
                reader.log.error(at: node.location, "'\(key)' has min \(lo.compact) above max \(hi.compact)")
            }
            return range
        }
        guard let value = node.expectDouble(for: key, log: reader.log) else { return nil }
        return CountRange(min: value, max: value)
    }
}

extension Duration {
    /// `2s`, `500ms`: how limits read in messages.
    public var shortText: String {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}

extension CountRange {
    /// Partial credit for a count: n/min below the range, max/n above it.
    public func score(_ n: Double) -> Double {
        if let min, n < min { return min > 0 ? n / min : 0 }
        if let max, n > max { return n > 0 ? max / n : 1 }
        return 1
    }
}
