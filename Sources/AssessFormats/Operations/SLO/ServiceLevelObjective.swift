public import AssessYAML

/// One service-level objective, whichever format declared it (OpenSLO `v1`, `v1alpha` as Sloth
/// accepts it, `v2alpha`; a Sloth `prometheus/v1` spec; Sloth's `PrometheusServiceLevel` CRD),
/// in one shape: the service, the objective as a fraction, the time windows, what the
/// indicator measures, and how the format says it alerts.
public struct ServiceLevelObjective: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case openSLO = "OpenSLO"
        case sloth = "Sloth"
    }

    public var format: Format
    public var name: String
    public var service: String
    public var displayName: String?
    public var description: String?
    /// The objectives as fractions (`0.999`), from `target`, `targetPercent` or Sloth's percent `objective`.
    public var objectives: [Located<Double>]
    public var windows: [Located<OperationsDuration>]
    /// The indicator's queries, names and descriptions, for telling availability from latency.
    public var indicatorText: String
    /// The objective's `op` (`lt`, `lte` on a threshold metric mean "faster than").
    public var thresholdOperator: String?
    public var alerting: SLOAlerting
    public var labels: [String: String]
    public var location: SourceLocation

    /// The first objective (most SLOs have one).
    public var objective: Double? { objectives.first?.value }
}

/// What an SLO's own format says about its alerting.
public enum SLOAlerting: Sendable, Hashable {
    /// Nothing: alerting must come from elsewhere (Prometheus rules).
    case none
    /// Sloth generates multi-window multi-burn-rate alerts: `page` (14.4× 1h/5m, 6× 6h/30m) and
    /// `ticket` (3× 1d/2h, 1× 3d/6h) unless disabled.
    case sloth(SlothAlerting)
    /// OpenSLO alert policies with burn-rate conditions.
    case openSLO([BurnRateCondition])
}

public struct SlothAlerting: Sendable, Hashable {
    public var name: String?
    public var page: Bool
    public var ticket: Bool
    public var labels: [String: String]
    public var pageLabels: [String: String]
    public var ticketLabels: [String: String]
    public var annotations: [String: String]
    public var location: SourceLocation
}

/// An OpenSLO `AlertCondition` of kind `burnrate`.
public struct BurnRateCondition: Sendable, Hashable {
    public var name: String
    public var severity: String?
    public var threshold: Double?
    public var lookbackWindow: OperationsDuration?
    public var alertAfter: OperationsDuration?
    public var location: SourceLocation
}

/// Reads SLOs out of manifest documents.
public enum SLOReader {
    /// Every SLO in `file`: OpenSLO SLO objects (alert policies and conditions resolved against
    /// `objects`, the OpenSLO objects of the whole submission), Sloth specs and CRDs.
    public static func objectives(in file: ManifestFile, resolving objects: [ManifestObject]) -> [ServiceLevelObjective]
    {
        var result: [ServiceLevelObjective] = []
        for document in file.documents {
            if document["version"]?.string == "prometheus/v1", document["slos"] != nil {
                result += sloth(document, camelCase: false)
            }
        }
        for object in file.objects {
            if object.kind == "PrometheusServiceLevel", object.group == "sloth.slok.dev", let spec = object.spec {
                result += sloth(spec, camelCase: true, labels: object.labels)
            } else if object.kind == "SLO", object.apiVersion.lowercased().hasPrefix("openslo") {
                result.append(openSLO(object, resolving: objects))
            }
        }
        return result
    }

    // MARK: Sloth

    static func sloth(_ spec: YAMLNode, camelCase: Bool, labels: [String: String] = [:]) -> [ServiceLevelObjective] {
        let service = spec["service"]?.string ?? ""
        let specLabels = labels.merging(spec["labels"]?.stringMap ?? [:]) { $1 }
        return (spec["slos"]?.sequence ?? []).map { slo in
            let key = { (snake: String, camel: String) in camelCase ? camel : snake }
            var objectives: [Located<Double>] = []
            if let node = slo["objective"], let percent = node.lenientDouble {
                objectives.append(Located(percent / 100, at: node.location))
            }
            let sli = slo["sli"]
            var text: [String] = [slo["name"]?.string ?? "", slo["description"]?.string ?? ""]
            text += [
                sli?["events"]?[key("error_query", "errorQuery")]?.string,
                sli?["events"]?[key("total_query", "totalQuery")]?.string,
                sli?["raw"]?[key("error_ratio_query", "errorRatioQuery")]?.string,
                sli?["plugin"]?["id"]?.string,
            ].compactMap { $0 }
            var alerting = SLOAlerting.none
            if let node = slo["alerting"], node["disable"]?.bool != true {
                let page = node[key("page_alert", "pageAlert")]
                let ticket = node[key("ticket_alert", "ticketAlert")]
                alerting = .sloth(
                    SlothAlerting(
                        name: node["name"]?.string, page: page?["disable"]?.bool != true,
                        ticket: ticket?["disable"]?.bool != true, labels: node["labels"]?.stringMap ?? [:],
                        pageLabels: page?["labels"]?.stringMap ?? [:],
                        ticketLabels: ticket?["labels"]?.stringMap ?? [:],
                        annotations: (node["annotations"]?.stringMap ?? [:]).merging(
                            page?["annotations"]?.stringMap ?? [:]
                        ) { a, _ in a },
                        location: node.location))
            }
            return ServiceLevelObjective(
                format: .sloth, name: slo["name"]?.string ?? "", service: service, displayName: nil,
                description: slo["description"]?.string, objectives: objectives,
                // Sloth's SLO period is a command-line setting; its default is 30 days.
                windows: [Located(OperationsDuration(seconds: 30 * 86400, text: "30d"), at: slo.location)],
                indicatorText: text.joined(separator: " "), thresholdOperator: nil, alerting: alerting,
                labels: specLabels.merging(slo["labels"]?.stringMap ?? [:]) { $1 }, location: slo.location)
        }
    }

    // MARK: OpenSLO

    static func openSLO(_ object: ManifestObject, resolving objects: [ManifestObject]) -> ServiceLevelObjective {
        let spec = object.spec
        var objectives: [Located<Double>] = []
        var text: [String] = [object.name, object.node["metadata"]?["displayName"]?.string ?? ""]
        text.append(spec?["description"]?.string ?? "")
        var thresholdOperator: String?
        for objective in spec?["objectives"]?.sequence ?? [] {
            if let node = objective["target"], let value = node.lenientDouble {
                objectives.append(Located(value, at: node.location))
            } else if let node = objective["targetPercent"], let value = node.lenientDouble {
                objectives.append(Located(value / 100, at: node.location))
            }
            thresholdOperator = thresholdOperator ?? objective["op"]?.string
            text.append(objective["displayName"]?.string ?? "")
            // v1alpha (Sloth): ratioMetrics with good/total queries.
            for part in ["good", "total", "bad"] {
                text.append(objective["ratioMetrics"]?[part]?["query"]?.string ?? "")
            }
        }
        // The indicator: inline (`indicator`, v2alpha `sli`) or by reference (`indicatorRef`).
        var indicator = spec?["indicator"] ?? spec?["sli"]
        if indicator == nil, let ref = spec?["indicatorRef"]?.string {
            indicator = objects.first { $0.kind == "SLI" && $0.name == ref }?.node
        }
        if let indicator {
            text.append(indicator["metadata"]?["name"]?.string ?? "")
            text.append(indicator["metadata"]?["displayName"]?.string ?? "")
            text += Self.queries(in: indicator)
            if indicator["spec"]?["thresholdMetric"] != nil { text.append("thresholdMetric") }
        }
        var windows: [Located<OperationsDuration>] = []
        for window in (spec?["timeWindow"]?.sequence ?? []) {
            if let node = window["duration"], let text = node.string, let duration = OperationsDuration(text) {
                windows.append(Located(duration, at: node.location))
            }
        }
        for window in (spec?["timeWindows"]?.sequence ?? []) {  // v1alpha: {count, unit}
            if let count = window["count"]?.lenientDouble, let unit = window["unit"]?.string {
                let seconds: Double? =
                    switch unit.lowercased() {
                    case "second": 1
                    case "minute": 60
                    case "hour": 3600
                    case "day": 86400
                    case "week": 604_800
                    case "month": 30 * 86400
                    case "quarter": 90 * 86400
                    case "year": 365 * 86400
                    default: nil
                    }
                if let seconds {
                    windows.append(Located(OperationsDuration(seconds: count * seconds), at: window.location))
                }
            }
        }
        let conditions = (spec?["alertPolicies"]?.sequence ?? []).flatMap { policy in
            burnRateConditions(policy, objects: objects)
        }
        return ServiceLevelObjective(
            format: .openSLO, name: object.name, service: spec?["service"]?.string ?? spec?["serviceRef"]?.string ?? "",
            displayName: object.node["metadata"]?["displayName"]?.string, description: spec?["description"]?.string,
            objectives: objectives, windows: windows, indicatorText: text.filter { !$0.isEmpty }.joined(separator: " "),
            thresholdOperator: thresholdOperator, alerting: conditions.isEmpty ? .none : .openSLO(conditions),
            labels: object.labels, location: object.location)
    }

    /// Every `query` string under an indicator.
    static func queries(in node: YAMLNode) -> [String] {
        var result: [String] = []
        for pair in node.mapping ?? [] {
            if pair.key.scalarText == "query", let text = pair.value.string { result.append(text) }
            result += queries(in: pair.value)
        }
        for item in node.sequence ?? [] { result += queries(in: item) }
        return result
    }

    static func burnRateConditions(_ policy: YAMLNode, objects: [ManifestObject]) -> [BurnRateCondition] {
        var node = policy
        if policy["kind"] == nil, let ref = policy["alertPolicyRef"]?.string ?? policy.string {
            guard let found = objects.first(where: { $0.kind == "AlertPolicy" && $0.name == ref }) else { return [] }
            node = found.node
        }
        return (node["spec"]?["conditions"]?.sequence ?? []).compactMap { entry in
            var condition = entry
            if entry["kind"] == nil, let ref = entry["conditionRef"]?.string {
                guard let found = objects.first(where: { $0.kind == "AlertCondition" && $0.name == ref }) else {
                    return nil
                }
                condition = found.node
            }
            guard let spec = condition["spec"], spec["condition"]?["kind"]?.string?.lowercased() == "burnrate" else {
                return nil
            }
            let inner = spec["condition"]
            return BurnRateCondition(
                name: condition["metadata"]?["name"]?.string ?? "", severity: spec["severity"]?.string,
                threshold: inner?["threshold"]?.lenientDouble,
                lookbackWindow: inner?["lookbackWindow"]?.string.flatMap(OperationsDuration.init),
                alertAfter: inner?["alertAfter"]?.string.flatMap(OperationsDuration.init), location: condition.location)
        }
    }
}
