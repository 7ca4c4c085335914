import Foundation

/// Builds OTLP JSON lines for grader tests, following opentelemetry-proto's JSON Protobuf
/// Encoding (hex ids, nanoseconds as strings, kind and status code as numbers), one
/// `ExportTraceServiceRequest` per service per line, as the Collector's file exporter writes.
struct FixtureSpan {
    enum Kind: Int { case `internal` = 1, server, client, producer, consumer }

    var trace: Int
    var id: Int
    var parent: Int?
    var service: String
    var kind: Kind
    var name: String
    var start: Int
    var end: Int
    var error: String?
    var attributes: [String: String] = [:]
    var exception = false
    var link: (trace: Int, span: Int)?

    init(
        _ trace: Int, _ id: Int, parent: Int? = nil, _ service: String, _ kind: Kind, _ name: String, _ start: Int,
        _ end: Int, error: String? = nil, attributes: [String: String] = [:], exception: Bool = false,
        link: (trace: Int, span: Int)? = nil
    ) {
        self.trace = trace
        self.id = id
        self.parent = parent
        self.service = service
        self.kind = kind
        self.name = name
        self.start = start
        self.end = end
        self.error = error
        self.attributes = attributes
        self.exception = exception
        self.link = link
    }
}

func traceHex(_ trace: Int) -> String { String(format: "%032x", 0x5eed_0000_0000 + trace) }
func spanHex(_ span: Int) -> String { String(format: "%016x", 0xab00_0000 + span) }

/// Times are milliseconds from a fixed epoch.
func otlpLines(_ spans: [FixtureSpan]) -> String {
    let base = 1_700_000_000_000_000_000
    var services: [String] = []
    for span in spans where !services.contains(span.service) { services.append(span.service) }
    return services.map { service in
        let body = spans.filter { $0.service == service }.map { span -> String in
            var fields = ["\"traceId\":\"\(traceHex(span.trace))\"", "\"spanId\":\"\(spanHex(span.id))\""]
            if let parent = span.parent { fields.append("\"parentSpanId\":\"\(spanHex(parent))\"") }
            fields += [
                "\"name\":\"\(span.name)\"", "\"kind\":\(span.kind.rawValue)",
                "\"startTimeUnixNano\":\"\(base + span.start * 1_000_000)\"",
                "\"endTimeUnixNano\":\"\(base + span.end * 1_000_000)\"",
            ]
            let attributes = span.attributes.sorted { $0.key < $1.key }.map { key, value in
                let typed = Int(value) != nil ? "{\"intValue\":\"\(value)\"}" : "{\"stringValue\":\"\(value)\"}"
                return "{\"key\":\"\(key)\",\"value\":\(typed)}"
            }
            if !attributes.isEmpty { fields.append("\"attributes\":[\(attributes.joined(separator: ","))]") }
            if span.exception {
                fields.append(
                    "\"events\":[{\"timeUnixNano\":\"\(base + span.end * 1_000_000)\",\"name\":\"exception\",\"attributes\":[{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"Failure\"}}]}]"
                )
            }
            if let link = span.link {
                fields.append(
                    "\"links\":[{\"traceId\":\"\(traceHex(link.trace))\",\"spanId\":\"\(spanHex(link.span))\"}]")
            }
            if let error = span.error { fields.append("\"status\":{\"code\":2,\"message\":\"\(error)\"}") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"\(service)\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"test\"},\"spans\":[\(body.joined(separator: ","))]}]}]}"
    }.joined(separator: "\n") + "\n"
}

/// One checkout request, `n`, starting at `at` ms: gateway → orders → payments and
/// orders → inventory, ids unique per request. `paymentsJoins: false` makes payments start a
/// new trace (it does not extract the context); `ordersInjects: false` makes every call out of
/// orders start new traces.
func checkout(
    _ n: Int, at: Int, paymentsJoins: Bool = true, ordersInjects: Bool = true, paymentsMs: Int = 30,
    paymentsError: String? = nil
) -> [FixtureSpan] {
    let id = n * 100
    let downstreamTrace = { (joins: Bool, offset: Int) in joins && ordersInjects ? n : 1000 + n * 10 + offset }
    let paymentTrace = downstreamTrace(paymentsJoins, 1)
    let inventoryTrace = downstreamTrace(true, 2)
    return [
        FixtureSpan(
            n, id + 1, "gateway", .server, "GET /checkout", at, at + 100 + paymentsMs,
            attributes: ["http.request.method": "GET", "http.route": "/checkout", "http.response.status_code": "200"]),
        FixtureSpan(
            n, id + 2, parent: id + 1, "gateway", .client, "POST", at + 2, at + 98 + paymentsMs,
            attributes: ["server.address": "orders", "http.request.method": "POST"]),
        FixtureSpan(
            n, id + 3, parent: id + 2, "orders", .server, "POST /orders", at + 4, at + 96 + paymentsMs,
            attributes: ["http.route": "/orders", "http.response.status_code": "201"]),
        FixtureSpan(
            n, id + 4, parent: id + 3, "orders", .client, "POST", at + 10, at + 20 + paymentsMs,
            error: paymentsError.map { _ in "502" }, attributes: ["server.address": "payments"]),
        FixtureSpan(
            paymentTrace, id + 5, parent: paymentTrace == n ? id + 4 : nil, "payments", .server,
            "POST /payments", at + 12, at + 18 + paymentsMs, error: paymentsError,
            attributes: ["http.route": "/payments", "http.response.status_code": paymentsError == nil ? "200" : "502"],
            exception: paymentsError != nil),
        FixtureSpan(
            n, id + 6, parent: id + 3, "orders", .client, "GET", at + 60 + paymentsMs, at + 80 + paymentsMs,
            attributes: ["server.address": "inventory"]),
        FixtureSpan(
            inventoryTrace, id + 7, parent: inventoryTrace == n ? id + 6 : nil, "inventory", .server,
            "GET /stock", at + 62 + paymentsMs, at + 78 + paymentsMs, attributes: ["http.route": "/stock"]),
        FixtureSpan(
            n, id + 8, parent: id + 3, "orders", .client, "SELECT orders", at + 85 + paymentsMs,
            at + 90 + paymentsMs, attributes: ["db.system": "postgresql", "server.address": "db"]),
    ]
}
