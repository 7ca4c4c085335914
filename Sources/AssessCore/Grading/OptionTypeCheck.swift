public import AssessYAML
import Foundation

/// Checks a `with:` value against its option's declared type, so every grader's options get the
/// same located errors for the same mistakes ("expected a whole number for 'min_words', found
/// 'many'") from the one declaration, before the grader reads them.
extension OptionType {
    /// Logs what is wrong with `node` as a value of this type for option `key`; true when nothing is.
    @discardableResult
    public func check(_ node: YAMLNode, key: String, log: DiagnosticLog) -> Bool {
        let before = log.diagnostics.count
        switch self {
        case .string, .regex, .glob, .path, .rubricFile, .form:
            _ = node.expectString(for: key, log: log)
        case .integer:
            _ = node.expectInt(for: key, log: log)
        case .number:
            _ = node.expectDouble(for: key, log: log)
        case .fraction:
            if let value = node.expectDouble(for: key, log: log), !(0...1).contains(value) {
                log.error(at: node.location, "'\(key)' is a share from 0 to 1, found \(value.compact)")
            }
        case .boolean:
            if node.bool == nil {
                log.error(at: node.location, "expected true or false for '\(key)', found \(node.found)")
            }
        case .duration:
            if node.double == nil, !Self.isDurationText(node.string ?? "") {
                log.error(
                    at: node.location,
                    "expected a duration such as '30s', '5m' or a number of seconds for '\(key)', found \(node.found)")
            }
        case .range:
            if let pairs = node.mapping {
                for pair in pairs {
                    let name = pair.key.string ?? ""
                    guard name == "min" || name == "max" else {
                        log.error(
                            at: pair.key.location,
                            "'\(key)' takes 'min' and 'max'; found '\(name)'\(Suggestion.didYouMean(name, in: ["min", "max"]))"
                        )
                        continue
                    }
                    _ = pair.value.expectDouble(for: name, log: log)
                }
            } else {
                _ = node.expectDouble(for: key, log: log)
            }
        case .names:
            _ = node.expectStrings(for: key, log: log)
        case .choice(let words):
            if let word = node.expectString(for: key, log: log), !words.contains(word) {
                log.error(
                    at: node.location,
                    "'\(key)' is one of \(words.joined(separator: ", ")); found '\(word)'\(Suggestion.didYouMean(word, in: words))"
                )
            }
        case .choices(let words):
            for item in node.sequence ?? [node] {
                guard let word = item.expectString(for: key, log: log), !words.contains(word) else { continue }
                log.error(
                    at: item.location,
                    "unknown '\(word)' in '\(key)'; expected one of \(words.joined(separator: ", "))\(Suggestion.didYouMean(word, in: words))"
                )
            }
        case .list(let item):
            for element in node.sequence ?? [node] { item.check(element, key: key, log: log) }
        case .map(let value):
            guard let pairs = node.mapping else {
                log.error(at: node.location, "expected a mapping for '\(key)', found \(node.found)")
                break
            }
            for pair in pairs { value.check(pair.value, key: "\(pair.key.string ?? "")' in '\(key)", log: log) }
        case .structure, .any:
            break
        }
        return log.diagnostics.count == before
    }

    /// `250ms`, `30s`, `1.5m`, `2h`, and Prometheus' `28d`, `1w`, `1h30m`.
    static func isDurationText(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.range(of: #"^([0-9]+(\.[0-9]+)?(ms|s|m|h|d|w|y))+$"#, options: .regularExpression) != nil
    }
}
