import AssessCore
import AssessReporters
public import Foundation

/// What `assess integrity` found: `integrity.json` (every pair above the threshold), and the
/// same as Markdown and HTML for a reviewer, passages side by side. Flags, not verdicts.
public struct IntegrityReport: Sendable, Hashable, Codable {
    /// v2: `evidence[].matches` are objects (kind, both places, count, examples, shift), not strings.
    public static let schemaVersion = "assess.integrity/v2"

    public var schema = Self.schemaVersion
    public var submissions: Int
    public var documents: Int
    public var threshold: Double
    /// Fingerprints held by too many submissions to mean copying (the course's own phrasing).
    public var commonFingerprintsDropped: Int
    /// Fingerprints of the rubric's skeleton and the starter files.
    public var templateFingerprintsDropped: Int
    /// Most similar first.
    public var pairs: [SimilarPair]
    public var evidence: [SharedEvidence]
    /// Evidence files read (lab outputs and documents, each hashed and read for ids).
    public var evidenceFiles: Int = 0
    /// Evidence ids held by more than `maxEvidenceHolders` submissions: fixtures, not copies.
    public var commonEvidenceDropped: Int = 0
}

/// Two submissions whose documents share passages.
public struct SimilarPair: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    /// Shared fingerprints ÷ the smaller submission's fingerprints (0…1).
    public var score: Double
    public var sharedFingerprints: Int
    public var passages: [SharedPassage]
}

/// A passage of each side, strongest first (the two sides of a row need not be the same text).
public struct SharedPassage: Sendable, Hashable, Codable {
    public var a: PassageSide?
    public var b: PassageSide?
}

public struct PassageSide: Sendable, Hashable, Codable {
    public var file: String
    public var fromLine: Int
    public var toLine: Int
    public var text: String
}

/// Two submissions that handed in the same evidence, and what matched.
public struct SharedEvidence: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    /// One entry per kind of evidence and pair of files.
    public var matches: [EvidenceMatch]
}

/// Where a shared id stands in one submission: the file, and the line of the first shared id.
public struct EvidenceSide: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
}

/// What one pair of files of two submissions share.
public struct EvidenceMatch: Sendable, Hashable, Codable {
    public var kind: EvidenceKind
    public var a: EvidenceSide
    public var b: EvidenceSide
    /// How many ids of this kind the two files share.
    public var shared: Int
    /// A few of them (digests, trace ids, positions, sample-window keys).
    public var examples: [String]
    /// k6 samples: b's clock minus a's, when every shared window moved by the same amount.
    public var shiftSeconds: Double?
    /// One line for a reviewer.
    public var summary: String

    public init(
        kind: EvidenceKind, a: EvidenceSide, b: EvidenceSide, shared: Int, examples: [String], shiftSeconds: Double?
    ) {
        self.kind = kind
        self.a = a
        self.b = b
        self.shared = shared
        self.examples = examples
        self.shiftSeconds = shiftSeconds
        let places = "\(a.file):\(a.line) and \(b.file):\(b.line)"
        let sample = examples.joined(separator: ", ")
        switch kind {
        case .file:
            summary = "the same file: \(a.file) and \(b.file) (sha256 \(sample.prefix(12)))"
        case .traceID:
            summary = "\(shared) trace id\(shared == 1 ? "" : "s") in both trace exports, \(places) (\(sample))"
        case .k6Samples:
            let moved =
                shiftSeconds.map {
                    $0 == 0 ? "at the same times" : "moved by a constant \($0 > 0 ? "+" : "")\($0) s"
                } ?? "at varying offsets"
            summary = "\(shared) windows of k6 samples with the same metrics, values and spacing, \(moved): \(places)"
        case .redisSnapshot:
            summary = "the same Redis INFO snapshot (every field equal): \(places)"
        default:
            summary = "\(shared) \(kind.noun(shared)) in both, \(places) (\(sample))"
        }
    }
}

extension IntegrityReport {
    public var json: Data { StableJSON.encode(self) }

    /// `integrity.json`, `integrity.md` and `integrity.html` in `folder` (created if missing).
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ReportWriter.write(json, to: folder + "/integrity.json")
        try ReportWriter.write(Data(markdown.utf8), to: folder + "/integrity.md")
        try ReportWriter.write(Data(html.utf8), to: folder + "/integrity.html")
    }

    /// One line for the terminal.
    public func summaryLine(in folder: String) -> String {
        "\(submissions) submissions, \(documents) documents, \(evidenceFiles) evidence files: \(pairs.count) pairs share passages, \(evidence.count) share evidence; see \(folder)/integrity.html"
    }

    public var markdown: String {
        var out = "# Cohort integrity\n\n"
        out += "\(submissions) submissions, \(documents) documents; pairs sharing at least "
        out += "\(Int(threshold * 100)) % of their fingerprints beyond the template "
        out +=
            "(\(templateFingerprintsDropped) template and \(commonFingerprintsDropped) common fingerprints left out). "
        out += "These are flags for a reviewer to read, not findings: no score changes because of them.\n\n"
        out += "## Shared passages\n\n"
        if pairs.isEmpty { out += "No pair above the threshold.\n\n" }
        for pair in pairs {
            out += "### \(pair.a) and \(pair.b): \(Int((pair.score * 100).rounded())) %\n\n"
            out += "\(pair.sharedFingerprints) shared fingerprints.\n\n"
            for passage in pair.passages {
                for side in [passage.a, passage.b].compactMap({ $0 }) {
                    out += "- `\(side.file):\(side.fromLine)-\(side.toLine)`\n\n"
                    out +=
                        side.text.lines.map { "  > \($0)" }
                        .joined(separator: "\n") + "\n\n"
                }
            }
        }
        out += "## Shared evidence\n\n"
        out += "\(evidenceFiles) evidence files compared by digest and by the ids they hold"
        out +=
            commonEvidenceDropped > 0
            ? " (\(commonEvidenceDropped) ids held by too many submissions to be anyone's own left out).\n\n" : ".\n\n"
        if evidence.isEmpty { out += "No two submissions handed in the same evidence.\n" }
        for item in evidence {
            out += "- **\(item.a)** and **\(item.b)**:\n"
            for match in item.matches { out += "  - \(match.summary)\n" }
        }
        return out
    }

    public var html: String {
        let e = { (text: String) in HTMLText.escape(text) }
        var out = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cohort integrity</title>
            <style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:80rem}
            table{border-collapse:collapse;width:100%}td{vertical-align:top;border:1px solid #ccc;padding:.4rem;width:50%}
            table.ev td{width:auto}
            pre{white-space:pre-wrap;margin:0;background:#fff8c5}.where{color:#555;font-size:13px}</style></head><body>
            <h1>Cohort integrity</h1>
            <p>\(submissions) submissions, \(documents) documents. Pairs sharing at least \(Int(threshold * 100)) % of
            their fingerprints beyond the template. Flags for a reviewer, not findings: no score changes because of them.</p>
            <h2>Shared passages</h2>
            """
        if pairs.isEmpty { out += "<p>No pair above the threshold.</p>" }
        for pair in pairs {
            out += "<h3>\(e(pair.a)) and \(e(pair.b)): \(Int((pair.score * 100).rounded())) %</h3>"
            out += "<table><tr><th>\(e(pair.a))</th><th>\(e(pair.b))</th></tr>"
            for passage in pair.passages {
                out += "<tr>"
                for side in [passage.a, passage.b] {
                    if let side {
                        out +=
                            "<td><div class=where>\(e(side.file)):\(side.fromLine)-\(side.toLine)</div><pre>\(e(side.text))</pre></td>"
                    } else {
                        out += "<td></td>"
                    }
                }
                out += "</tr>"
            }
            out += "</table>"
        }
        out += "<h2>Shared evidence</h2>"
        if evidence.isEmpty { out += "<p>No two submissions handed in the same evidence.</p>" }
        for item in evidence {
            out += "<h3>\(e(item.a)) and \(e(item.b))</h3>"
            out +=
                "<table class=ev><tr><th>what matched</th><th>\(e(item.a))</th><th>\(e(item.b))</th><th>shared</th><th>examples</th></tr>"
            for match in item.matches {
                out += "<tr><td>\(e(match.summary))</td><td class=where>\(e(match.a.file)):\(match.a.line)</td>"
                out += "<td class=where>\(e(match.b.file)):\(match.b.line)</td><td>\(match.shared)</td>"
                out += "<td><code>\(e(match.examples.joined(separator: ", ")))</code></td></tr>"
            }
            out += "</table>"
        }
        return out + "</body></html>\n"
    }
}
