import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Specs written by hand to OpenAPI 3.0.3; the strategies are the usual three (path, header,
/// media type) plus a query parameter.
@Suite struct OpenAPIVersioningGraderTests {
    static func spec(
        _ paths: [String], version: String = "1.0.0", header: Bool = false, media: String = "application/json"
    )
        -> String
    {
        let parameter =
            header ? "parameters: [{ name: API-Version, in: header, required: true, schema: { type: string } }], " : ""
        return """
            openapi: 3.0.3
            info: { title: Orders, version: \(version) }
            paths:
            \(paths.map { "  \($0): { get: { \(parameter)responses: { '200': { description: ok, content: { '\(media)': { schema: { type: object } } } } } } }" }.joined(separator: "\n"))

            """
    }

    @Test func pathVersioningPasses() async throws {
        let r = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: path }",
            files: ["openapi.yaml": Self.spec(["/api/v2/orders", "/api/v2/orders/{id}"])])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func mixedAndMissingPathVersionsArePartial() async throws {
        let r = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: path }",
            files: ["openapi.yaml": Self.spec(["/v1/orders", "/v2/orders/{id}", "/health"], version: "2.0")])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "openapi.yaml:2:33: error: info.version '2.0' is not a semantic version (MAJOR.MINOR.PATCH)",
                "openapi.yaml:4:22: error: GET /v1/orders: paths mix versions v1, v2",
                "openapi.yaml:5:27: error: GET /v2/orders/{id}: paths mix versions v1, v2",
                "openapi.yaml:6:19: error: GET /health: path has no /vN version segment",
            ], "\(r.findings)")
    }

    @Test func headerAndMediaTypeStrategies() async throws {
        let header = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: header }",
            files: ["openapi.yaml": Self.spec(["/orders"], header: true)])
        #expect(header.status == .passed, "\(header.findings)")
        let media = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: media-type }",
            files: ["openapi.yaml": Self.spec(["/orders"], media: "application/vnd.acme.orders.v2+json")])
        #expect(media.status == .passed, "\(media.findings)")
        let plain = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: media-type }",
            files: ["openapi.yaml": Self.spec(["/orders"])])
        #expect(plain.status == .partial)
    }

    @Test func aMalformedSpecIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "openapi.versioning", with: "{ strategy: path }",
            files: ["openapi.json": "{\"openapi\": \"3.1.0\",\n  \"paths\": }"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.line == 2)
    }

    @Test func anUnknownStrategyIsARubricError() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await gradeSingle(grader: "openapi.versioning", with: "{ strategy: paths }", files: [:])
        }
    }
}
