import AssessCore
import AssessTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import AssessServer

#if canImport(Glibc)
    import Glibc
#endif

/// `assess serve` under hostile clients: bodies that are not forms, a fuzzed corpus of requests
/// on every route under every role, and clients too slow to finish a request.
@Suite struct ServeHardeningTests {
    @Test(arguments: [
        Array("name=dana&password=%zz&csrf=1".utf8),  // not percent-encoding
        [0x6E, 0x61, 0x6D, 0x65, 0x3D, 0xFF, 0xFE],  // not UTF-8
        Array("%E0%A4%A=1".utf8),  // a cut percent escape in a name
    ])
    func aBodyThatIsNotAFormIsAnswered400(_ body: [UInt8]) async throws {
        let fixture = try await ReviewFixture(count: 1)
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.get("/login")
            var headers = browser.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(
                uri: "/login", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == .badRequest)
        }
    }

    /// 1,500 requests drawn from a seeded generator over every route, method, role, parameter
    /// and body shape (junk bytes, forms with and without a valid token, oversized bodies):
    /// none may be answered 5xx or end the app, and the app answers normally afterwards.
    @Test func aFuzzedRequestCorpusNeverGetsA5xxOnAnyRoute() async throws {
        let fixture = try await ReviewFixture(count: 2)
        let pseudonym = fixture.pseudonym("s1")
        try await fixture.test { client in
            var sessions: [Browser] = [Browser(client)]
            for name in ["ines", "dana", "learner1"] {
                var browser = Browser(client)
                try await browser.signIn(name)
                try await browser.get("/")
                sessions.append(browser)
            }
            var random = SplitMix64(seed: 0x5EED_2026)
            var failures: [String] = []
            var statuses = Set<Int>()
            for _ in 0..<1_500 {
                let browser = sessions.randomElement(using: &random)!
                let request = RequestShape.random(pseudonym: pseudonym, csrf: browser.csrf, using: &random)
                var headers = browser.cookieHeader
                for (name, value) in request.headers { headers[HTTPField.Name(name)!] = value }
                let response = try await client.execute(
                    uri: request.uri, method: request.method, headers: headers, body: ByteBuffer(bytes: request.body))
                statuses.insert(response.status.code)
                if response.status.code >= 500 {
                    failures.append("\(request.method) \(request.uri) → \(response.status.code)")
                }
            }
            #expect(failures.isEmpty, "\(failures.prefix(10))")
            // The corpus reached past the gates: pages, redirects, refusals of every kind.
            #expect(statuses.isSuperset(of: [200, 303, 400, 403, 404, 413]), "\(statuses.sorted())")
            var instructor = Browser(client)
            #expect(try await instructor.signIn("ines").status == .seeOther)
            #expect(try await instructor.get("/").status == .ok)
            #expect(try await instructor.get("/s/\(pseudonym)").status == .ok)
        }
    }

    /// A client that sends its request head a few bytes at a time, never finishing it, is cut
    /// off at the request timeout, while a normal client of the same server is served in the
    /// meantime. The timeout is 5 s rather than 1 s so that a normal request on a machine busy
    /// with the whole suite is never the one cut off; the slow client drips for up to 60 s.
    @Test func aSlowClientIsCutOffAndOthersAreServed() async throws {
        let fixture = try await ReviewFixture(count: 1) { $0.requestTimeout = .seconds(5) }
        let port = Mutex<Int?>(nil)
        let server = Task {
            try await fixture.app.run(host: "127.0.0.1", port: 0) { bound in port.withLock { $0 = bound } }
        }
        defer { server.cancel() }
        var bound: Int?
        for _ in 0..<600 where bound == nil {
            try await Task.sleep(for: .milliseconds(50))
            bound = port.withLock { $0 }
        }
        let serverPort = try #require(bound)

        let slow = try LoopbackSocket(port: serverPort)
        try slow.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")

        let normal = try LoopbackSocket(port: serverPort)
        try normal.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let answer = try normal.readAll()
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")

        var closed = false
        // One header byte every 200 ms for up to 60 s: far past the 5 s the request may take.
        for _ in 0..<300 {
            try await Task.sleep(for: .milliseconds(200))
            if (try? slow.send("X")) == nil || slow.peerClosed() {
                closed = true
                break
            }
        }
        #expect(closed, "the server kept a request that never finished open for 60 s")
    }
}

/// One generated request: method, URI, extra headers and body.
private struct RequestShape {
    var method: HTTPRequest.Method
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    static let templates = [
        "/login", "/logout", "/", "/queue/{c}", "/s/{p}", "/s/{p}/score", "/s/{p}/history", "/bank", "/bank/{n}",
        "/release", "/regrades", "/regrades/{n}", "/my", "/my/regrade", "/export", "/export/{f}",
        "/static/review.css", "/static/review.js", "/{junk}", "/s/{junk}/score",
    ]
    static let junk = [
        "", "..", "../../etc/passwd", "%2e%2e%2f", "%00", "%zz", "%", String(repeating: "a", count: 5_000), "-1",
        "99999999999999999999", "0", "1", "<script>", "%E2%80%AE", "s1", "gradebook.csv", "audit.csv", "x.y",
    ]
    static let criteria = ["boundaries-judgement", "design-doc", "", "nope", "%00"]
    static let fieldNames = [
        "criterion", "version", "level", "points", "comment", "text", "ids", "id", "answer", "score", "reason",
        "name", "password", "reveal", "submission", "file", "line", "accept",
    ]

    static func random(pseudonym: String, csrf: String?, using random: inout SplitMix64) -> RequestShape {
        let method: HTTPRequest.Method = [.get, .get, .post, .post, .post, .put, .delete, .head, .patch].randomElement(
            using: &random)!
        var uri = templates.randomElement(using: &random)!
        func pick(_ valid: String) -> String {
            Bool.random(using: &random) ? valid : junk.randomElement(using: &random)!
        }
        uri = uri.replacingOccurrences(of: "{p}", with: pick(pseudonym))
        uri = uri.replacingOccurrences(of: "{c}", with: pick(criteria.randomElement(using: &random)!))
        uri = uri.replacingOccurrences(of: "{n}", with: pick(String(Int.random(in: 0...5, using: &random))))
        uri = uri.replacingOccurrences(of: "{f}", with: pick("gradebook.csv"))
        uri = uri.replacingOccurrences(of: "{junk}", with: junk.randomElement(using: &random)!)
        if Int.random(in: 0..<4, using: &random) == 0 {
            uri += "?" + formText(csrf: nil, using: &random)
        }
        var headers: [(String, String)] = []
        if Bool.random(using: &random) { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        if Int.random(in: 0..<8, using: &random) == 0 {
            headers.append(("Cookie", "assess_session=\(junk.randomElement(using: &random)!)"))
        }
        let body: [UInt8]
        switch Int.random(in: 0..<5, using: &random) {
        case 0: body = []
        case 1:
            body = (0..<Int.random(in: 1...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 2: body = Array(String(repeating: "comment=", count: 3_000).utf8)  // past the 16 KiB limit
        default: body = Array(formText(csrf: csrf, using: &random).utf8)
        }
        return RequestShape(method: method, uri: uri, headers: headers, body: body)
    }

    static func formText(csrf: String?, using random: inout SplitMix64) -> String {
        var pairs: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let value: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0: value = String(Int.random(in: -5...100, using: &random))
            case 1: value = criteria.randomElement(using: &random)!
            default: value = junk.randomElement(using: &random)!
            }
            pairs.append("\(fieldNames.randomElement(using: &random)!)=\(value)")
        }
        if let csrf, Bool.random(using: &random) { pairs.append("csrf=\(csrf)") }
        return pairs.joined(separator: "&")
    }
}

/// A plain TCP client on loopback, for clients no HTTP library would be: one that never
/// finishes its request.
private final class LoopbackSocket {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// True when the server has closed its side: a read that does not block returns 0.
    func peerClosed() -> Bool {
        var byte: UInt8 = 0
        let got = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func readAll() throws -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = recv(descriptor, &buffer, buffer.count, 0)
            if got <= 0 { break }
            data += buffer[0..<got]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
