import AssessFormats
import AssessYAML
import Testing

/// `ComposeReader` on Compose files as texts, written to the Compose Specification
/// (compose-spec/compose-spec, `services`, `depends_on` short and long syntax, `healthcheck`
/// with `disable` and `test: ["NONE"]`, `deploy.replicas`).
@Suite struct ComposeReaderTests {
    func read(_ text: String, _ path: String = "compose.yaml") throws -> Reading<ComposeFile> {
        try ComposeReader().read(EvidenceFile(path: path, contents: text))
    }

    static let shop = """
        name: shop
        services:
          web:
            build: ./web
            ports: ["8080:80"]
            depends_on:
              api:
                condition: service_healthy
                restart: true
              migrate:
                condition: service_completed_successfully
              cache:
                required: false
            deploy:
              replicas: 3
          api:
            image: ghcr.io/example/api:1.4.2
            depends_on: [db, cache]
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
              interval: 10s
              timeout: 3s
              retries: 5
              start_period: 20s
          db:
            image: postgres:16
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -U postgres"]
          cache:
            image: redis:7
            healthcheck:
              disable: true
          migrate:
            image: ghcr.io/example/migrate:1.4.2
            healthcheck:
              test: ["NONE"]
            deploy:
              replicas: 0
          worker:
            image: ghcr.io/example/worker:1.4.2
            healthcheck:
              test: NONE
          batch:
            image: busybox
            healthcheck:
              test: curl -f http://localhost/ || exit 1
            deploy:
              mode: replicated

        """

    @Test func servicesHealthchecksDependenciesAndReplicas() throws {
        let reading = try read(Self.shop)
        #expect(reading.problems.isEmpty)
        let services = reading.model.services
        #expect(services.map(\.name) == ["web", "api", "db", "cache", "migrate", "worker", "batch"])
        #expect(services.map(\.location.line) == [3, 16, 25, 29, 33, 39, 43])
        #expect(services.map(\.location.column) == [3, 3, 3, 3, 3, 3, 3])
        // Disabled (`disable: true`, `test: ["NONE"]`, `test: NONE`) is no healthcheck.
        #expect(services.map(\.hasHealthcheck) == [false, true, true, false, false, false, true])
        #expect(services.map(\.replicas) == [3, nil, nil, nil, 0, nil, nil])
    }

    @Test func longAndShortDependsOn() throws {
        let services = try read(Self.shop).model.services
        // Long form: each entry's condition, `service_started` when it names none.
        #expect(
            services[0].dependsOn.map { "\($0.service):\($0.condition)" } == [
                "api:service_healthy", "migrate:service_completed_successfully", "cache:service_started",
            ])
        // Short form: a list of names, which means `service_started`.
        #expect(
            services[1].dependsOn.map { "\($0.service):\($0.condition)" } == [
                "db:service_started", "cache:service_started",
            ])
        #expect(services[2].dependsOn.isEmpty)
    }

    @Test func edgeCases() throws {
        // An empty services mapping: no services, no problem.
        let empty = try read("services: {}\n")
        #expect(empty.model.services.isEmpty)
        #expect(empty.problems.isEmpty)
        // A healthcheck that is not a mapping is none.
        let odd = try read("services:\n  a:\n    image: x\n    healthcheck: yes\n    deploy: { replicas: '2' }\n")
        #expect(odd.model.services.map(\.hasHealthcheck) == [false])
        // Replicas must be written as a number.
        #expect(odd.model.services.map(\.replicas) == [nil])
        // The Compose v2 file format's `version:` key beside services changes nothing.
        let legacy = try read(
            "version: '3.8'\nservices:\n  app:\n    image: nginx\n    depends_on:\n      - db\n  db:\n    image: postgres\n",
            "docker-compose.yml")
        #expect(legacy.model.services.map(\.name) == ["app", "db"])
        #expect(legacy.model.services[0].dependsOn.map(\.service) == ["db"])
    }

    @Test func aFileWithoutServicesIsAnErrorAtItsRoot() throws {
        let reading = try read("# only networks here\nnetworks:\n  front: {}\n", "deploy/compose.yaml")
        #expect(reading.model.services.isEmpty)
        #expect(
            reading.problems.map(\.description) == [
                "deploy/compose.yaml:2:1: error: deploy/compose.yaml has no 'services' mapping"
            ])
        // `services` that is a list is not a mapping either.
        let list = try read("services:\n  - web\n")
        #expect(list.problems.map(\.message) == ["compose.yaml has no 'services' mapping"])
    }

    @Test func yamlThatDoesNotParseFailsWithItsFileLineAndColumn() {
        let text = "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\n"
        #expect {
            _ = try read(text)
        } throws: { error in
            (error as? ReadFailure)?.problems.map(\.description) == [
                "compose.yaml:6:1: error: while scanning a quoted scalar (started at 5:9): found unexpected end of stream"
            ]
        }
    }

    /// The Compose Specification's fragments and extensions: an `x-` block with an anchor,
    /// reused by alias and by the merge key `<<`, with a service's own keys taking precedence.
    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
            x-healthcheck: &default-healthcheck
              test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
              interval: 10s
            x-service: &default-service
              restart: unless-stopped
              healthcheck: *default-healthcheck
              depends_on:
                db:
                  condition: service_healthy
            services:
              orders:
                <<: *default-service
                image: ghcr.io/example/orders:2.0.0
              payments:
                <<: *default-service
                depends_on: [db]
                healthcheck:
                  disable: true
              db:
                image: postgres:16
                healthcheck: *default-healthcheck

            """
        let services = try read(text).model.services
        #expect(services.map(\.name) == ["orders", "payments", "db"])
        #expect(services.map(\.hasHealthcheck) == [true, false, true])
        #expect(
            services.map { $0.dependsOn.map { "\($0.service):\($0.condition)" } } == [
                ["db:service_healthy"], ["db:service_started"], [],
            ])
    }
}
