import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct JSONQueryGraderTests {
    let summary = """
        {
          "metrics": {
            "http_req_duration": { "avg": 38.4, "p(95)": 71.8 },
            "http_req_failed": { "value": 0.0002 },
            "checks": [ { "name": "status 200", "rate": 1 }, { "name": "body", "rate": 0.5 }, { "name": "ttfb", "rate": 0.99 } ]
          }
        }
        """

    @Test func passesOnAValueWithinBounds() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 100 }",
            files: ["s.json": summary])
        #expect(r.status == .passed)
        #expect(r.measurements == [MeasuredValue("$.metrics.http_req_duration['p(95)']", 71.8, limit: "<= 100")])
    }

    @Test func failsPointingAtTheValue() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 50 }",
            files: ["s.json": summary])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "s.json:3:50: error: $.metrics.http_req_duration['p(95)'] is 71.8, above the maximum 50"
            ])
    }

    @Test func partialCreditIsTheShareOfNodesThatPass() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.metrics.checks[*].rate', min: 0.9 }",
            files: ["s.json": summary])
        #expect(r.status == .partial)
        #expect(abs(r.score - 2.0 / 3.0) < 0.001)
        #expect(
            r.findings.map(\.description) == [
                "s.json:5:80: error: $.metrics.checks[*].rate is 0.5, below the minimum 0.9"
            ])
    }

    @Test func aMissingPathPointsAtTheDeepestPartThatExists() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.metrics.http_reqs.rate', min: 100 }",
            files: ["s.json": summary])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "s.json:2:14: error: nothing at $.metrics.http_reqs.rate; the path stops matching after $.metrics"
            ])
    }

    @Test func countsEqualsMatchesAndExistsFalse() async throws {
        let counted = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.metrics.checks[*]', count: { min: 3 } }", files: ["s.json": summary]
        )
        #expect(counted.status == .passed)
        let equals = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.metrics.checks[0].name', equals: status 200 }",
            files: ["s.json": summary])
        #expect(equals.status == .passed)
        let matches = try await gradeSingle(
            grader: "json.query", with: "{ path: '$..name', matches: '^[a-z]+$' }", files: ["s.json": summary])
        #expect(matches.status == .partial)  // 'status 200' has a space and a digit
        let absent = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.metrics.vus', exists: false }", files: ["s.json": summary])
        #expect(absent.status == .passed)
    }

    @Test func anAllowedEmptySelectionPassesItsValueChecksVacuously() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: '$.checks[*].rate', count: { min: 0 }, max: 0.01 }",
            files: ["s.json": #"{"checks": []}"#])
        #expect(r.status == .passed)
    }

    @Test func malformedJSONFailsWithTheParseErrorLocation() async throws {
        let r = try await gradeSingle(
            grader: "json.query", with: "{ path: $.a }", files: ["bad.json": "{\n  \"a\": 1,\n  \"b\" 2\n}"])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "bad.json:3:7: error: not valid JSON: expected ':' after object key, found '2'"
            ])
    }
}

@Suite struct YAMLQueryGraderTests {
    let spec =
        "openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.4.0\npaths:\n  /v1/orders: {}\n  /v1/orders/{id}: {}\n"

    @Test func passes() async throws {
        let r = try await gradeSingle(
            grader: "yaml.query", with: "{ path: $.openapi, matches: '^3\\.' }", files: ["api.yaml": spec])
        #expect(r.status == .passed)
    }

    @Test func failsAtTheNodeLine() async throws {
        let r = try await gradeSingle(
            grader: "yaml.query", with: "{ path: $.info.version, equals: 2.0.0 }", files: ["api.yaml": spec])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.description) == ["api.yaml:4:12: error: $.info.version is '1.4.0', expected '2.0.0'"])
    }

    @Test func partialAcrossSeveralFiles() async throws {
        let r = try await gradeSingle(
            grader: "yaml.query", with: "{ path: $.info.version, matches: '^1\\.' }",
            files: ["a.yaml": spec, "b.yaml": "info: { version: 2.0.0 }\n"])
        #expect(r.status == .partial)
        #expect(r.score == 0.5)
    }

    @Test func malformedYAMLFailsWithItsLocationAndOtherFilesStillCount() async throws {
        let r = try await gradeSingle(
            grader: "yaml.query", with: "{ path: $.openapi }",
            files: ["good.yaml": spec, "bad.yaml": "openapi: [3.0\ninfo: x\n"])
        #expect(r.status == .partial)
        #expect(r.findings.count == 1)
        #expect(r.findings[0].location?.file == "bad.yaml")
        #expect(r.findings[0].message.hasPrefix("not valid YAML: while parsing a flow sequence (started at 1:10)"))
    }

    @Test func rejectsConflictingOptionsAtLoad() throws {
        let node = try YAMLParser().parse("{ path: $.x, exists: false, max: 3 }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try YAMLQueryGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.message) == [
                "'exists: false' cannot be combined with checks on the selected values"
            ])
    }
}
