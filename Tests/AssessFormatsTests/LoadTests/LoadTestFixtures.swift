import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Where the load-test samples are, and small helpers to read them and look at figures.
enum LoadTestFixtures {
    static let folder = repositoryRoot + "/Tests/AssessFormatsTests/LoadTests/Fixtures"

    static func text(_ name: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: folder + "/" + name), "fixture \(name)")
        return String(decoding: data, as: UTF8.self)
    }

    static func source(_ name: String) throws -> LoadTestSource {
        LoadTestSource(file: name, text: try text(name))
    }

    /// A file of `../shared/corpus/public/<path>`; the test is skipped where the corpus is absent.
    static func corpusText(_ path: String) throws -> String {
        let file = try sharedCorpusPath("public/" + path)
        let data = try #require(FileManager.default.contents(atPath: file), "corpus \(path)")
        return String(decoding: data, as: UTF8.self)
    }

    static func corpus(_ path: String) throws -> LoadTestSource {
        LoadTestSource(file: String(path.split(separator: "/").last!), text: try corpusText(path))
    }

    /// Reads through detection, checking that the format found is `format`.
    static func read(
        _ source: LoadTestSource, as format: any LoadTestFormat.Type,
        options: LoadTestReadOptions = LoadTestReadOptions()
    ) throws -> LoadTestRun {
        let detected = try #require(LoadTestFormats.detect(source), "no format recognised \(source.file)")
        #expect(detected.name == format.name, "\(source.file) detected as \(detected.name)")
        return try LoadTestFormats.read(source, options: options)
    }

    /// The text cut at `fraction` of its length, mid-line.
    static func cut(_ text: String, at fraction: Double) -> String {
        let bytes = Array(text.utf8)
        var end = Int(Double(bytes.count) * fraction)
        while end < bytes.count, bytes[end] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\n") { end += 1 }
        return String(decoding: bytes.prefix(end), as: UTF8.self)
    }
}

extension LoadTestRun {
    /// A figure's value, or nil when the run cannot give it.
    func value(_ metric: String, _ statistic: Threshold.Statistic) -> Double? {
        if case .value(let value, _) = figure(MetricSelector(name: metric), statistic) { return value }
        return nil
    }

    /// Whether the figure came from raw samples rather than what the tool printed.
    func fromSamples(_ metric: String, _ statistic: Threshold.Statistic) -> Bool {
        if case .value(_, .samples) = figure(MetricSelector(name: metric), statistic) { return true }
        return false
    }
}

/// `a ≈ b` within a relative tolerance (HdrHistogram keeps three significant digits).
func close(_ a: Double?, _ b: Double, within tolerance: Double = 0.001) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= max(abs(b) * tolerance, 1e-9)
}
