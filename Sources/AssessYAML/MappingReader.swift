/// Typed access to a YAML mapping whose errors say where and what was expected:
/// `expected a number for 'weight', found 'heavy'`. Unknown keys are reported with a
/// did-you-mean when the reader is made, and every problem goes to a shared `DiagnosticLog`.
public struct MappingReader {
    public let node: YAMLNode
    public let log: DiagnosticLog
    /// What the mapping is, for messages ("criterion 'latency'", "options of 'text.matches'").
    public let context: String
    /// The defaults the keys' declarations give, as YAML values (`OptionsReader` supplies a
    /// grader's), so a default is read from its one declaration rather than written again.
    public var defaults: [String: YAMLNode] = [:]

    /// Nil (with an error logged) when `node` is not a mapping.
    public init?(_ node: YAMLNode, keys: [String], context: String, log: DiagnosticLog) {
        guard let pairs = node.mapping else {
            log.error(at: node.location, "expected a mapping for \(context), found \(node.found)")
            return nil
        }
        self.node = node
        self.log = log
        self.context = context
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                log.error(
                    at: pair.key.location, "keys of \(context) must be strings, found \(pair.key.kindDescription)")
                continue
            }
            if !keys.contains(key) {
                log.error(
                    at: pair.key.location,
                    "unknown key '\(key)' in \(context)\(Suggestion.didYouMean(key, in: keys))")
            }
        }
    }

    /// The raw node under `key`; a present `null` counts as absent.
    public func node(_ key: String) -> YAMLNode? {
        guard let value = node[key], !value.isNull else { return nil }
        return value
    }

    /// The node under `key`, logging "missing required key" when absent.
    public func require(_ key: String) -> YAMLNode? {
        guard let value = node(key) else {
            log.error(at: node.location, "missing required key '\(key)' in \(context)")
            return nil
        }
        return value
    }

    public func string(_ key: String, required: Bool = false) -> String? {
        guard let value = required ? require(key) : node(key) else { return nil }
        return value.expectString(for: key, log: log)
    }

    public func double(_ key: String, required: Bool = false) -> Double? {
        guard let value = required ? require(key) : node(key) else { return nil }
        return value.expectDouble(for: key, log: log)
    }

    public func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = required ? require(key) : node(key) else { return nil }
        return value.expectInt(for: key, log: log)
    }

    public func bool(_ key: String) -> Bool? {
        guard let value = node(key) else { return nil }
        guard let result = value.bool else {
            log.error(at: value.location, "expected true or false for '\(key)', found \(value.found)")
            return nil
        }
        return result
    }

    /// The number under `key`, else its declared default.
    public func declaredDouble(_ key: String) -> Double { double(key) ?? declared(key, \.double) }

    /// The integer under `key`, else its declared default.
    public func declaredInt(_ key: String) -> Int { int(key) ?? declared(key, \.int) }

    /// The boolean under `key`, else its declared default.
    public func declaredBool(_ key: String) -> Bool { bool(key) ?? declared(key, \.bool) }

    /// A key's declared default; a key read this way without one is a mistake in the grader,
    /// which its examples' tests reach.
    private func declared<Value>(_ key: String, _ value: (YAMLNode) -> Value?) -> Value {
        guard let node = defaults[key], let result = value(node) else {
            preconditionFailure("'\(key)' of \(context) is read by its declared default, but declares none")
        }
        return result
    }

    /// A string or a list of strings (`section: Contexts` or `section: [Contexts, Bounded Contexts]`).
    public func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let value = required ? require(key) : node(key) else { return nil }
        return value.expectStrings(for: key, log: log)
    }
}

extension YAMLNode {
    /// `'heavy'` for a scalar, `a mapping` for a collection: the tail of "found …".
    public var found: String {
        if isNull { return "null" }
        if let text = scalarText { return "'\(text)'" }
        return kindDescription
    }

    public func expectString(for key: String, log: DiagnosticLog) -> String? {
        guard let text = string, sequence == nil else {
            log.error(at: location, "expected a string for '\(key)', found \(found)")
            return nil
        }
        return text
    }

    public func expectDouble(for key: String, log: DiagnosticLog) -> Double? {
        guard let number = double, number.isFinite else {
            log.error(at: location, "expected a number for '\(key)', found \(found)")
            return nil
        }
        return number
    }

    public func expectInt(for key: String, log: DiagnosticLog) -> Int? {
        guard let number = int else {
            log.error(at: location, "expected a whole number for '\(key)', found \(found)")
            return nil
        }
        return number
    }

    public func expectStrings(for key: String, log: DiagnosticLog) -> [String]? {
        if let items = sequence {
            var result: [String] = []
            for item in items {
                guard let text = item.string else {
                    log.error(at: item.location, "expected a string in '\(key)', found \(item.found)")
                    continue
                }
                result.append(text)
            }
            return result
        }
        return expectString(for: key, log: log).map { [$0] }
    }
}
