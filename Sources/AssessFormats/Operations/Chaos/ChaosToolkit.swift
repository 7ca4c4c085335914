public import AssessYAML

/// One activity of a Chaos Toolkit experiment: a probe or an action, with what it calls.
public struct ChaosActivity: Sendable, Hashable {
    /// `probe` or `action`.
    public var type: String
    public var name: String
    /// `python`, `http`, `process`.
    public var provider: String?
    /// `module.func` for python, the URL for http, the path for process.
    public var target: String
    /// Arguments, flattened as text (`label_selector=run=frontend`), for telling what a fault does.
    public var arguments: String
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        type = node["type"]?.string ?? ""
        name = node["name"]?.string ?? node["title"]?.string ?? ""
        let provider = node["provider"]
        self.provider = provider?["type"]?.string
        target =
            [
                provider?["module"]?.string, provider?["func"]?.string, provider?["url"]?.string,
                provider?["path"]?.string,
            ]
            .compactMap { $0 }.joined(separator: ".")
        arguments = (provider?["arguments"]?.mapping ?? []).map { pair in
            "\(pair.key.scalarText ?? "")=\(pair.value.scalarText ?? pair.value.kindDescription)"
        }.joined(separator: " ")
        location = node.location
    }

    /// Name, target and arguments: what a fault-type matcher reads.
    public var searchText: String { [name, target, arguments].joined(separator: " ") }
}

/// A Chaos Toolkit experiment definition (`title`, `steady-state-hypothesis`, `method`, `rollbacks`).
public struct ChaosExperiment: Sendable, Hashable {
    public var title: String
    public var hypothesis: [ChaosActivity]
    public var method: [ChaosActivity]
    public var rollbacks: [ChaosActivity]
    public var location: SourceLocation

    /// Nil unless the node looks like an experiment (a `method` list and a title).
    public init?(_ node: YAMLNode) {
        guard let method = node["method"]?.sequence, node["title"] != nil else { return nil }
        title = node["title"]?.string ?? ""
        hypothesis = (node["steady-state-hypothesis"]?["probes"]?.sequence ?? []).map(ChaosActivity.init)
        self.method = method.filter { $0["type"] != nil }.map(ChaosActivity.init)
        rollbacks = (node["rollbacks"]?.sequence ?? []).map(ChaosActivity.init)
        location = node.location
    }

    public var actions: [ChaosActivity] { method.filter { $0.type == "action" } }
}

/// A Chaos Toolkit `journal.json`: what ran, whether the steady state held before and after,
/// and whether the run deviated.
public struct ChaosJournal: Sendable, Hashable {
    /// One executed activity.
    public struct Run: Sendable, Hashable {
        public var activity: ChaosActivity
        /// `succeeded` or `failed`.
        public var status: String
        /// Only hypothesis probes evaluate a tolerance; method probes succeed whatever they return.
        public var toleranceMet: Bool?
        /// The last line of the exception, when the activity raised one.
        public var exception: String?
        public var location: SourceLocation

        init(_ node: YAMLNode) {
            activity = ChaosActivity(node["activity"] ?? node)
            status = node["status"]?.string ?? ""
            toleranceMet = node["tolerance_met"]?.bool
            let exception = node["exception"]
            self.exception = (exception?.sequence?.compactMap(\.string).last ?? exception?.string)?.trimmingSpaces
            location = node.location
        }

        /// A steady-state probe that failed: its tolerance was not met, or it raised.
        public var failed: Bool { toleranceMet == false || status == "failed" }
    }

    public struct SteadyState: Sendable, Hashable {
        public var met: Bool
        public var probes: [Run]
        public var location: SourceLocation
    }

    public var title: String
    public var chaoslibVersion: String?
    /// completed, failed, aborted, interrupted.
    public var status: Located<String>
    public var deviated: Located<Bool>?
    public var before: SteadyState?
    public var after: SteadyState?
    public var run: [Run]
    public var rollbacks: [Run]
    /// The experiment as it was run (the journal embeds it).
    public var experiment: ChaosExperiment?
    public var location: SourceLocation

    /// Nil unless the node is a journal (`steady_states` or `run` beside an `experiment`).
    public init?(_ node: YAMLNode) {
        guard node["experiment"] != nil, node["steady_states"] != nil || node["run"] != nil,
            let statusNode = node["status"]
        else { return nil }
        experiment = node["experiment"].flatMap(ChaosExperiment.init)
        title = node["experiment"]?["title"]?.string ?? ""
        chaoslibVersion = node["chaoslib-version"]?.string
        status = Located(statusNode.string ?? "", at: statusNode.location)
        deviated = node["deviated"].flatMap { node in node.bool.map { Located($0, at: node.location) } }
        func steady(_ key: String) -> SteadyState? {
            guard let state = node["steady_states"]?[key], state.mapping != nil else { return nil }
            return SteadyState(
                met: state["steady_state_met"]?.bool ?? false,
                probes: (state["probes"]?.sequence ?? []).map(Run.init), location: state.location)
        }
        before = steady("before")
        after = steady("after")
        run = (node["run"]?.sequence ?? []).map(Run.init)
        rollbacks = (node["rollbacks"]?.sequence ?? []).map(Run.init)
        location = node.location
    }

    /// The hypothesis held before and after the method and nothing deviated.
    public var hypothesisHeld: Bool {
        before?.met == true && after?.met == true && deviated?.value != true && status.value == "completed"
    }
}
