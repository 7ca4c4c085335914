import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import AssessServer

/// A cohort of quickstart submissions (one with a `<script>` in its design doc), a database
/// with an instructor, two reviewers and two learners, and the app opened on them.
struct ReviewFixture {
    static let rubric = try! RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/quickstart.yaml")
    static let password = "correct horse battery"

    let cohort: TemporaryTree
    let app: ReviewApp
    var database: String { cohort.subpath("assess.sqlite") }

    init(count: Int = 4, adjust: (inout ReviewApp.Options) -> Void = { _ in }) async throws {
        cohort = try TemporaryTree()
        for index in 1...count {
            let id = "s\(index)"
            try FileManager.default.copyItem(
                atPath: repositoryRoot + "/Submissions/quickstart-pass", toPath: cohort.subpath(id))
            try cohort.write("\(id)/assess.yaml", "rubric: quickstart-service-design\nlearner: learner-\(index)\n")
        }
        let design = try String(contentsOfFile: cohort.subpath("s1/design.md"), encoding: .utf8)
        try cohort.write("s1/design.md", design + "\n<script>alert('owned')</script>\n")
        let database = cohort.subpath("assess.sqlite")
        for (name, role, submission) in [
            ("ines", Role.instructor, nil), ("dana", .reviewer, nil), ("omar", .reviewer, nil),
            ("learner1", .learner, "s1"), ("learner2", .learner, "s2"),
        ] as [(String, Role, String?)] {
            try ReviewApp.addUser(
                database: database, name: name, role: role, password: Self.password, submission: submission, cost: 4)
        }
        var options = ReviewApp.Options()
        options.bcryptCost = 4
        options.bodyLimit = 16 << 10
        adjust(&options)
        app = try await ReviewApp.open(rubric: Self.rubric, cohort: cohort.path, database: database, options: options)
    }

    func pseudonym(_ id: String) -> String { app.cohort.pseudonym(of: id) }

    /// Runs `body` against the app's router in process.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let application = Application(router: app.router())
        try await application.test(.router, body)
    }
}

/// A browser's memory of one session: its cookies and the CSRF token of the last page read.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String?
    var lastBody = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let content = pair.count > 1 ? String(pair[1]) : ""
            if content.isEmpty { cookies.removeValue(forKey: name) } else { cookies[name] = content }
        }
        lastBody = String(decoding: response.body.readableBytesView, as: UTF8.self)
        if let range = lastBody.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) {
            csrf = String(lastBody[range].split(separator: "\"")[3])
        }
    }

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        remember(response)
        return response
    }

    /// Posts a form; the CSRF token of the last page read is added unless `csrf` says otherwise.
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var all = fields
        if let token = csrf ?? self.csrf { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Signs in through the form, as a person would.
    @discardableResult
    mutating func signIn(_ name: String, password: String = ReviewFixture.password) async throws -> TestResponse {
        try await get("/login")
        return try await post("/login", [("name", name), ("password", password)])
    }

    /// The version field of `criterion`'s form on the last page read.
    func version(of criterion: String) -> String? {
        guard let start = lastBody.range(of: "id=\"criterion-\(criterion)\"") else { return nil }
        let rest = lastBody[start.upperBound...]
        guard let field = rest.range(of: #"name="version" value="(\d+)""#, options: .regularExpression) else {
            return nil
        }
        return String(rest[field].split(separator: "\"")[3])
    }
}

extension TestResponse {
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}
