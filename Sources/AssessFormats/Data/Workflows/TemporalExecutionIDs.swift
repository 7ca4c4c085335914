public import AssessYAML

/// The execution ids a Temporal history names: the run ids of the workflow and of the runs it
/// continued from or started (`originalExecutionRunId`, `firstExecutionRunId`,
/// `continuedExecutionRunId`, `newExecutionRunId`, any `runId`), and the workflow ids
/// (`workflowId`). A run id is a UUID the server draws for each run, so two learners' histories
/// never share one by chance; workflow ids are often chosen by the code (`order-42`) and do.
public struct TemporalExecutionIDs: Sendable, Hashable {
    public struct Mention: Sendable, Hashable {
        public var id: String
        public var location: SourceLocation
    }

    public var runIDs: [Mention] = []
    public var workflowIDs: [Mention] = []

    static let runKeys: Set<String> = [
        "runId", "originalExecutionRunId", "firstExecutionRunId", "continuedExecutionRunId", "newExecutionRunId",
    ]

    /// The ids in a history's text; a text that is not JSON names none.
    public init(text: String, file: String) {
        guard let root = try? JSONReader().parse(text, file: file) else { return }
        var stack = [root]
        while let node = stack.popLast() {
            if let pairs = node.mapping {
                for pair in pairs {
                    if let key = pair.key.string, let value = pair.value.string, !value.isEmpty {
                        if Self.runKeys.contains(key) {
                            runIDs.append(Mention(id: value, location: pair.value.location))
                        } else if key == "workflowId" {
                            workflowIDs.append(Mention(id: value, location: pair.value.location))
                        }
                    }
                    stack.append(pair.value)
                }
            } else if let items = node.sequence {
                stack.append(contentsOf: items)
            }
        }
    }
}
