public import AssessYAML
import Foundation

/// The parts of a Compose file (compose-spec) that say how services start and stay up:
/// services, `depends_on` in its short (list) and long (map with `condition`) forms,
/// `healthcheck`, and `deploy.replicas`.
public struct ComposeFile: Sendable, Hashable {
    public struct Dependency: Sendable, Hashable {
        public var service: String
        /// `service_started` (the default and the short form's meaning), `service_healthy` or
        /// `service_completed_successfully`.
        public var condition: String
    }

    public struct Service: Sendable, Hashable {
        public var name: String
        public var location: SourceLocation
        /// A healthcheck that is present and not `disable: true` (or `test: ["NONE"]`).
        public var hasHealthcheck: Bool
        public var dependsOn: [Dependency]
        /// `deploy.replicas`; nil when unset (Compose runs one).
        public var replicas: Int?
    }

    public var services: [Service]

    public init(services: [Service]) { self.services = services }

    /// Reads a parsed Compose document; nil when it has no `services` mapping.
    public init?(_ root: YAMLNode) {
        guard let pairs = root["services"]?.mapping else { return nil }
        services = pairs.compactMap { pair in
            guard let name = pair.key.string else { return nil }
            let node = pair.value
            var healthy = false
            if let check = node["healthcheck"], check.mapping != nil {
                let disabled = check["disable"]?.bool == true
                let none = check["test"]?.sequence?.first?.string == "NONE" || check["test"]?.string == "NONE"
                healthy = !disabled && !none
            }
            var dependencies: [Dependency] = []
            if let depends = node["depends_on"] {
                if let list = depends.sequence {
                    dependencies = list.compactMap {
                        $0.string.map { Dependency(service: $0, condition: "service_started") }
                    }
                } else if let map = depends.mapping {
                    dependencies = map.compactMap { entry in
                        entry.key.string.map {
                            Dependency(service: $0, condition: entry.value["condition"]?.string ?? "service_started")
                        }
                    }
                }
            }
            let replicas = node["deploy"]?["replicas"]?.int
            return Service(
                name: name, location: pair.key.location, hasHealthcheck: healthy, dependsOn: dependencies,
                replicas: replicas)
        }
    }
}
