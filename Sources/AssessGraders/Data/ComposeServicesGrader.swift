public import AssessCore
import AssessFormats
import Foundation

/// A Compose stack judged on what keeps it running: the services the lab asks for, each with
/// a healthcheck, dependencies that wait for health, and replicas.
public struct ComposeServicesGrader: Grader {
    public struct Options: Sendable {
        var minServices: Int?
        var services: [String]
        var healthchecks: Bool
        var healthyDependencies: Bool
        var minReplicas: Int?
    }

    public static let description = GraderDescription(
        kind: "compose.services",
        summary:
            "Reads Docker Compose files and checks the services present (count and names), a healthcheck on each, depends_on with condition: service_healthy (long form) where asked, and deploy.replicas.",
        options: [
            OptionDescription("min_services", .integer, "Fewest services the stack must define."),
            OptionDescription("services", .list(.string), default: "[]", "Services that must be defined."),
            OptionDescription("healthchecks", .boolean, default: "false", "Every service has an enabled healthcheck."),
            OptionDescription(
                "healthy_dependencies", .boolean, default: "false",
                "Every depends_on entry waits with condition: service_healthy."),
            OptionDescription("min_replicas", .integer, "Fewest deploy.replicas for each service."),
        ],
        examples: [
            GraderExample(
                "two services with healthchecks, the API waiting for a healthy database",
                with: "{ min_services: 2, healthchecks: true, healthy_dependencies: true }", paths: ["compose.yaml"],
                files: [
                    "compose.yaml":
                        "services:\n  api:\n    image: shop/api\n    depends_on:\n      db:\n        condition: service_healthy\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"]\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n"
                ], .passes),
            GraderExample(
                "no healthchecks and a short-form depends_on",
                with: "{ min_services: 2, healthchecks: true, healthy_dependencies: true }", paths: ["compose.yaml"],
                files: [
                    "compose.yaml":
                        "services:\n  api:\n    image: shop/api\n    depends_on: [db]\n  db:\n    image: postgres:16\n"
                ],
                .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        Options(
            minServices: reader.int("min_services"), services: reader.strings("services") ?? [],
            healthchecks: reader.bool("healthchecks") ?? false,
            healthyDependencies: reader.bool("healthy_dependencies") ?? false,
            minReplicas: reader.int("min_replicas"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(job.evidence(ComposeReader.self)) }

    /// The services of every Compose file read: how many, the ones named, and each service's
    /// healthcheck, dependencies and the rest the options ask for.
    func judge(_ evidence: Evidence<ComposeFile>) -> Outcome {
        var findings = evidence.findings
        let services = evidence.read.flatMap { read in read.model.services.map { (file: read.file, service: $0) } }
        let unreadable = !evidence.unreadable.isEmpty
        guard !services.isEmpty else {
            // A file that reads but defines no services (an empty skeleton) is the submission's
            // shortfall, not a grading error; only YAML that cannot be read is an error.
            return unreadable
                ? .error("no Compose service could be read", findings: findings)
                : .failed("no Compose services defined", findings: findings)
        }
        var checks = 0
        var met = 0.0
        let names = Set(services.map(\.service.name))
        if let min = options.minServices {
            checks += 1
            if names.count >= min {
                met += 1
            } else {
                findings.append(.error("\(names.count) services defined; at least \(min) are required"))
            }
        }
        for name in options.services {
            checks += 1
            if names.contains(name) { met += 1 } else { findings.append(.error("service '\(name)' is not defined")) }
        }
        func perService(_ enabled: Bool, _ problem: (ComposeFile.Service) -> String?) {
            guard enabled else { return }
            checks += 1
            let problems = services.compactMap { item in problem(item.service).map { (item, $0) } }
            met += Double(services.count - problems.count) / Double(services.count)
            for (item, message) in problems {
                findings.append(.error(message, at: item.service.location))
            }
        }
        perService(options.healthchecks) { $0.hasHealthcheck ? nil : "service '\($0.name)' has no healthcheck" }
        perService(options.healthyDependencies) { service in
            let waiting = service.dependsOn.filter { $0.condition != "service_healthy" }
            guard !waiting.isEmpty else { return nil }
            return
                "service '\(service.name)' depends on \(waiting.map { "\($0.service) (\($0.condition))" }.joined(separator: ", ")) without condition: service_healthy"
        }
        perService(options.minReplicas != nil) { service in
            let replicas = service.replicas ?? 1
            return replicas >= options.minReplicas!
                ? nil
                : "service '\(service.name)' runs \(replicas) replica(s); at least \(options.minReplicas!) are required"
        }
        let measurements = [
            MeasuredValue("services", Double(names.count), limit: options.minServices.map { ">= \($0)" }),
            MeasuredValue("services with a healthcheck", Double(services.filter(\.service.hasHealthcheck).count)),
        ]
        if checks == 0 {
            return .passed(
                "\(names.count) services read; no bound to check", findings: findings, measurements: measurements)
        }
        return .scored(
            met / Double(checks), "\(names.count) services; \(met.compact(places: 2)) of \(checks) checks met",
            findings: findings, measurements: measurements)
    }
}
