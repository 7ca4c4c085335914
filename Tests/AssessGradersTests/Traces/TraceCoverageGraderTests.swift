import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TraceCoverageGraderTests {
    static let traces = otlpLines((1...3).flatMap { checkout($0, at: $0 * 1000) })
    static let all =
        "{ services: [gateway, orders, payments, inventory], edges: ['gateway -> orders', 'orders -> payments', 'orders -> inventory'], end_to_end: [gateway, orders, payments, inventory], min_services: 4 }"

    @Test func everyServiceEdgeAndTheEndToEndChainPass() async throws {
        let r = try await gradeSingle(grader: "trace.coverage", with: Self.all, files: ["t.jsonl": Self.traces])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.summary == "4/4 services, 3/3 edges, end to end 4/4, widest trace 4 services across 3 traces")
        #expect((r.charts ?? []).map(\.kind) == [.waterfall, .graph])
        let waterfall = try #require(r.charts?.first)
        #expect(waterfall.spans?.count == 8)
        #expect(
            waterfall.spans?.first.map { "\($0.service) \($0.depth) \($0.offset) \($0.duration)" }
                == "gateway 0 0.0 130.0")
        #expect(waterfall.spans?.map(\.depth) == [0, 1, 2, 3, 4, 3, 4, 3])
    }

    @Test func aMissingServiceAndEdgeArePartialWithADidYouMean() async throws {
        var spans: [FixtureSpan] = []
        for n in 1...3 {
            let dropped: Set<Int> = [n * 100 + 6, n * 100 + 7]
            spans += checkout(n, at: n * 1000).filter { !dropped.contains($0.id) }
        }
        let options =
            "{ services: [gateway, paymnts, inventory], edges: ['orders -> inventory'], end_to_end: [gateway, orders, payments, inventory], min_services: 4 }"
        let r = try await gradeSingle(grader: "trace.coverage", with: options, files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .partial)
        let errors = r.findings.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.hasPrefix("no span of service 'inventory'") })
        #expect(errors.contains { $0.hasPrefix("no span of service 'paymnts'") && $0.contains("'payments'") })
        #expect(errors.contains { $0.hasPrefix("no traced call orders → inventory: no span of 'inventory'") })
        #expect(
            errors.contains {
                $0.contains("no trace goes end to end through gateway → orders → payments → inventory; the closest")
            })
        #expect(errors.contains { $0.contains("the widest trace") && $0.contains("spans 3 services; needs 4") })
    }

    @Test func servicesTracedApartButNeverJoinedAreSaidSo() async throws {
        let spans = (1...2).flatMap { checkout($0, at: $0 * 1000, paymentsJoins: false) }
        let r = try await gradeSingle(
            grader: "trace.coverage", with: "{ edges: ['orders -> payments'] }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .failed)
        #expect(r.findings[0].message.hasPrefix("no traced call orders → payments; orders is traced calling inventory"))
    }

    @Test func malformedSpansAreWarningsAndOptionsAreChecked() async throws {
        let broken = Self.traces.replacingOccurrences(of: "\"spanId\":\"\(spanHex(207))\"", with: "\"spanId\":\"zz\"")
        let r = try await gradeSingle(
            grader: "trace.coverage", with: "{ services: [inventory] }", files: ["t.jsonl": broken])
        #expect(r.status == .passed)
        let warning = try #require(r.findings.first { $0.severity == .warning })
        #expect(warning.message == "span has an invalid 'spanId' 'zz' (expected 16 hex digits); skipped")
        #expect(warning.location?.line == 4)
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "trace.coverage", with: "{ edges: ['orders payments'] }", files: [:])
        }
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "trace.coverage", with: "{}", files: [:])
        }
    }
}
