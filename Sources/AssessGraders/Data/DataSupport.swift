public import AssessCore
public import AssessFormats
import Foundation

/// Reading of the options the data graders share: latency thresholds in k6's syntax.
enum LatencyThresholds {
    /// `[\"p(95)<500\"]` (or one string): percentiles, avg, med, min or max, in ms.
    static func read(_ key: String, from reader: MappingReader) -> [Threshold] {
        guard let list = reader.node(key) else { return [] }
        var thresholds: [Threshold] = []
        for item in list.sequence ?? [list] {
            guard let text = item.string else {
                reader.log.error(at: item.location, "'\(key)' lists thresholds as text, such as \"p(95)<500\"")
                continue
            }
            do throws(ThresholdSyntaxError) {
                let threshold = try Threshold(parsing: text)
                if threshold.statistic.percentile == nil, ![.avg, .min, .max].contains(threshold.statistic) {
                    reader.log.error(at: item.location, "'\(key)' uses p(N), avg, med, min or max; found '\(text)'")
                }
                thresholds.append(threshold)
            } catch {
                reader.log.error(at: item.location, error.description)
            }
        }
        return thresholds
    }

    /// The figure a threshold names, from a histogram of milliseconds.
    static func value(_ threshold: Threshold, in histogram: LatencyHistogram) -> Double? {
        switch threshold.statistic {
        case .avg: return histogram.mean
        case .min: return histogram.min
        case .max: return histogram.max
        default: return threshold.statistic.percentile.flatMap { histogram.percentile($0) }
        }
    }
}

extension GradingJob {
    /// A file of the input streamed from disk, or the finding that says why it cannot be.
    func stream(_ file: SubmissionFile) -> (source: LoadTestSource?, problem: Finding?) {
        do throws(SubmissionError) {
            return (LoadTestSource(file: file.path, blocks: try submission.open(file)), nil)
        } catch {
            return (nil, .error(error.description, at: SourceLocation(file: file.path, line: 1, column: 1)))
        }
    }
}
