import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

// Compose files below follow compose-spec (services, depends_on long form, healthcheck, deploy).
@Suite struct ComposeServicesGraderTests {
    let stack = """
        services:
          gateway:
            image: shop/gateway
            depends_on:
              orders: { condition: service_healthy }
            healthcheck: { test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"] }
            deploy: { replicas: 2 }
          orders:
            image: shop/orders
            depends_on: [db]
            healthcheck: { disable: true }
            deploy: { replicas: 1 }
          db:
            image: postgres:16
            healthcheck: { test: ["CMD-SHELL", "pg_isready"] }

        """

    @Test func passesOnTheCountAndNames() async throws {
        let r = try await gradeSingle(
            grader: "compose.services", with: "{ min_services: 3, services: [gateway, orders, db] }",
            files: ["compose.yaml": stack])
        #expect(r.status == .passed)
    }

    @Test func namesTheServicesThatFallShort() async throws {
        let r = try await gradeSingle(
            grader: "compose.services",
            with: "{ healthchecks: true, healthy_dependencies: true, min_replicas: 2, services: [payments] }",
            files: ["compose.yaml": stack])
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message == "service 'orders' has no healthcheck" && $0.location?.line == 8 })
        #expect(r.findings.contains { $0.message.contains("'orders' depends on db (service_started)") })
        #expect(r.findings.contains { $0.message == "service 'payments' is not defined" })
        #expect(r.findings.contains { $0.message.contains("'db' runs 1 replica(s)") })
    }

    @Test func aYAMLErrorIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "compose.services", with: "{ min_services: 1 }", files: ["compose.yaml": "services:\n  api: [\n"])
        #expect(r.status == .error)
        #expect(r.findings.first?.location?.file == "compose.yaml")
    }

    @Test func aFileWithoutServicesFails() async throws {
        let r = try await gradeSingle(
            grader: "compose.services", with: "{ min_services: 1, healthchecks: true }",
            files: ["compose.yaml": "# services go here\n"])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.message) == ["compose.yaml has no 'services' mapping"])
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func readsTheCorpusFiles() async throws {
        let path =
            (try sharedCorpusPath("public/compose/depends-on-long-flow-style_healthcheck_docker-compose-e2e.yaml"))
        let r = try await gradeSingle(
            grader: "compose.services", with: "{ min_services: 1 }",
            files: ["compose.yaml": try String(contentsOfFile: path, encoding: .utf8)])
        #expect(r.status == .passed)
    }
}
