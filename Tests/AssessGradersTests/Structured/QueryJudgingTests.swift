import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `json.query` and `yaml.query` judge a node tree; here the tree is built in Swift (a k6
/// summary's `metrics`), so each test says which value makes the verdict.
@Suite struct QueryJudgingTests {
    static func summary(p95: String) -> YAMLNode {
        func at(_ line: Int) -> AssessYAML.SourceLocation {
            AssessYAML.SourceLocation(file: "summary.json", line: line, column: 3)
        }
        func pair(_ key: String, _ value: YAMLNode, _ line: Int) -> YAMLNode.Pair {
            YAMLNode.Pair(key: YAMLNode(.scalar(key, .doubleQuoted), at: at(line)), value: value)
        }
        let duration = YAMLNode(
            .mapping([pair("p(95)", YAMLNode(.scalar(p95, .plain), at: at(4)), 4)], .flow), at: at(3))
        let metrics = YAMLNode(.mapping([pair("http_req_duration", duration, 3)], .flow), at: at(2))
        return YAMLNode(.mapping([pair("metrics", metrics, 2)], .flow), at: at(1))
    }

    static let check = QueryCheck(
        path: try! NodeQuery("$.metrics.http_req_duration['p(95)']"), exists: true, count: nil, equals: nil,
        matches: nil, min: nil, max: 100)

    @Test func aValueWithinTheBoundPasses() {
        let result = Self.check.evaluate(Self.summary(p95: "87.5"), file: "summary.json")
        #expect(result.score == 1, "\(result.summary) \(result.findings)")
    }

    @Test func aValueOverTheBoundFailsAtItsPlace() {
        let result = Self.check.evaluate(Self.summary(p95: "180.4"), file: "summary.json")
        #expect(result.score == 0, "\(result.summary)")
        #expect(result.findings.contains { $0.location?.line == 4 }, "\(result.findings)")
    }

    @Test func aPathThatSelectsNothingFails() throws {
        var check = Self.check
        check.path = try NodeQuery("$.metrics.http_reqs.rate")
        let result = check.evaluate(Self.summary(p95: "87.5"), file: "summary.json")
        #expect(result.score == 0, "\(result.summary)")
    }
}
