import Foundation

/// Runs `scripts/validate-json-schema.py` (Python's `jsonschema`, a real validator) over
/// files. Where Python's jsonschema is missing the result says so with exit status 2 and the
/// calling test fails with that message: `make test` installs it, so CI always validates.
public enum JSONSchemaValidation {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var passed: Bool { status == 0 }
    }

    public static func validate(schema: String, files: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/scripts/validate-json-schema.py", schema] + files
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
