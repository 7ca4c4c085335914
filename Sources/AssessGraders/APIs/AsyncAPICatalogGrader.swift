public import AssessCore
import AssessFormats
import Foundation

/// The event catalog of a design: the domain's events are described as AsyncAPI messages with
/// payloads, named and versioned consistently, and each has a producer and a consumer.
public struct AsyncAPICatalogGrader: Grader {
    public struct Options: Sendable, Hashable {
        var events: [[String]]
        var versioned: Bool
        var producersAndConsumers: Bool
    }

    public static let description = GraderDescription(
        kind: "asyncapi.catalog",
        summary:
            "Reads AsyncAPI 2.x and 3.x documents (one per application). Checks that every message has a payload schema; with `versioned`, that every message's channel address or name carries a version (`v1`, `1.0`); that each of `events` (a name or a list of synonyms) is a message, matched by name, title or key without case or filler words; and with `producers_and_consumers`, that each required event is sent by one application and received by another (2.x `subscribe` = the application sends, `publish` = it receives). Score: the share of checks met.",
        options: [
            OptionDescription(
                "events", .list(.names), default: "[]",
                "The domain events that must be in the catalog."),
            OptionDescription(
                "versioned", .boolean, default: "true", "Every message's channel or name carries a version."),
            OptionDescription(
                "producers_and_consumers", .boolean, default: "true",
                "Each required event is sent by some application and received by some application."),
        ],
        examples: [
            GraderExample(
                "Order placed, versioned, with producer and consumer",
                with: "{ events: [[OrderPlaced, order created]] }", paths: ["events/*.yaml"],
                files: [
                    "events/orders.yaml": exampleDocument(title: "Orders", action: "send"),
                    "events/shipping.yaml": exampleDocument(title: "Shipping", action: "receive"),
                ], .passes),
            GraderExample(
                "Order placed has no consumer, payment captured is missing",
                with: "{ events: [OrderPlaced, PaymentCaptured] }", paths: ["events/*.yaml"],
                files: ["events/orders.yaml": exampleDocument(title: "Orders", action: "send")], .fails),
        ])

    static func exampleDocument(title: String, action: String) -> String {
        """
        asyncapi: 3.0.0
        info: { title: \(title), version: 1.0.0 }
        channels:
          orderPlaced:
            address: orders.v1.order-placed
            messages:
              orderPlaced: { $ref: '#/components/messages/OrderPlaced' }
        operations:
          orderPlaced:
            action: \(action)
            channel: { $ref: '#/channels/orderPlaced' }
        components:
          messages:
            OrderPlaced:
              name: OrderPlaced
              payload: { type: object, properties: { orderId: { type: string } } }

        """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var events: [[String]] = []
        for item in reader.node("events")?.sequence ?? [] {
            if let name = item.string {
                events.append([name])
            } else if let names = item.sequence?.compactMap(\.string), !names.isEmpty {
                events.append(names)
            } else {
                reader.log.error(at: item.location, "an event is a name or a list of synonyms")
            }
        }
        return Options(
            events: events, versioned: reader.declaredBool("versioned"),
            producersAndConsumers: reader.declaredBool("producers_and_consumers"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(job.apiFiles())
    }

    /// The catalog checks on the input's files already read (a test reads them from text):
    /// payloads, versions, the required events, and who sends and who receives each.
    func judge(_ files: APIFiles) -> Outcome {
        var findings = files.problems.map(\.finding)
        let documents = files.files.compactMap { file in file.root.flatMap { AsyncAPIDocument($0, file: file.path) } }
        guard !documents.isEmpty else {
            return .failed(
                "no AsyncAPI document in the input", findings: findings + [.error("no file with an 'asyncapi' key")])
        }
        var met = 0
        var total = 0
        func check(_ ok: Bool, _ finding: @autoclosure () -> Finding) {
            total += 1
            if ok { met += 1 } else { findings.append(finding()) }
        }
        let messages = documents.flatMap { document in document.messages.map { (document, $0) } }
        for document in documents {
            findings.append(
                .info(
                    "AsyncAPI \(document.version) '\(document.title)': \(document.channels.count) channels, \(document.messages.count) messages",
                    at: document.location))
        }
        for (_, message) in messages {
            check(message.hasPayload, .error("message '\(message.name)' has no payload schema", at: message.location))
            if options.versioned {
                check(
                    Self.isVersioned(message.channel) || Self.isVersioned(message.name),
                    .error(
                        "message '\(message.name)' on '\(message.channel)' carries no version in its channel or name",
                        at: message.location))
            }
        }
        for synonyms in options.events {
            let found = messages.filter { _, message in
                synonyms.contains {
                    NameMatcher.matches(message.name, $0) || NameMatcher.matches(message.title ?? "", $0)
                }
            }
            check(!found.isEmpty, .error("no message for event '\(synonyms[0])'"))
            guard options.producersAndConsumers, !found.isEmpty else { continue }
            let senders = Set(found.filter { $0.1.action == .send }.map(\.0.title))
            let receivers = Set(found.filter { $0.1.action == .receive }.map(\.0.title))
            check(
                !senders.isEmpty,
                .error("event '\(synonyms[0])' has no producer (no application sends it)", at: found[0].1.location))
            check(
                !receivers.isEmpty,
                .error("event '\(synonyms[0])' has no consumer (no application receives it)", at: found[0].1.location))
            if !senders.isEmpty, !receivers.isEmpty {
                findings.append(
                    .info(
                        "event '\(synonyms[0])': produced by \(senders.sorted().joined(separator: ", ")), consumed by \(receivers.sorted().joined(separator: ", "))"
                    ))
            }
        }
        guard total > 0 else { return .failed("no messages to check", findings: findings) }
        var score = Double(met) / Double(total)
        if files.problems.containsErrors { score *= Double(documents.count) / Double(documents.count + 1) }
        return .scored(
            score, "\(met) of \(total) catalog checks met", findings: findings,
            measurements: [
                MeasuredValue("messages", Double(messages.count)),
                MeasuredValue("checks met", Double(met), limit: "\(total)"),
            ])
    }

    /// `orders.v1.placed`, `smartylighting.streetlights.1.0.event`, `OrderPlacedV2`.
    static func isVersioned(_ text: String) -> Bool {
        text.range(of: #"(^|[^A-Za-z])[vV]\d+|\d+\.\d+|[a-z]V\d+$"#, options: .regularExpression) != nil
    }
}
