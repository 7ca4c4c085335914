import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A JMeter results file saved as XML (`jmeter.save.saveservice.output_format=xml`):
/// `<testResults>` with one `<httpSample>` or `<sample>` per sample and attributes as the
/// JMeter user manual's "XML Log format 2.1" lists them: `t` elapsed ms, `ts` epoch ms, `s`
/// success, `lb` label, `rc` code, `rm` message, `na` active threads. Sub-samples nested in a
/// sample and Transaction Controller parents are not counted again.
public enum JMeterXML: LoadTestFormat {
    public static let name = "JMeter XML results (JTL)"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("<testResults")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let delegate = Delegate(recorder: LoadTestRecorder(file: source.file, tool: .jmeter, options: options))
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        let parsed = parser.parse()
        var recorder = delegate.recorder
        let line = parser.lineNumber
        let column = parser.columnNumber
        let message = XMLErrorText.describe(parser.parserError)
        let complete = text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</testResults>")
        if delegate.samples == 0 {
            let problem = recorder.run.problems.first
            if !parsed || problem != nil || !complete {
                throw LoadTestReadError(
                    file: source.file, line: problem?.line ?? line, column: problem?.column ?? column,
                    "not readable as JMeter XML: \(problem?.message ?? (complete ? message : "the file ends before </testResults>"))"
                )
            }
        }
        if !complete {
            // Samples up to the cut were read; a file that simply stops is a run cut short.
            recorder.markTruncated()
        } else if !parsed {
            recorder.problem(line: line, column: column, "malformed XML: \(message); samples after it were not read")
        }
        return recorder.finish(lastSampleLength: delegate.lastLength)
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var recorder: LoadTestRecorder
        var depth = 0
        var samples = 0
        var lastStart = 0.0
        var lastLength = 0.0

        init(recorder: LoadTestRecorder) { self.recorder = recorder }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let isSample = name == "httpSample" || name == "sample"
            defer { if isSample { depth += 1 } }
            guard isSample, depth == 0 else { return }
            if attributes["rm"]?.hasPrefix("Number of samples in transaction") == true { return }
            guard let success = attributes["s"], success == "true" || success == "false" else {
                recorder.problem(
                    line: parser.lineNumber, column: parser.columnNumber, "a <\(name)> without s=\"true|false\"")
                return
            }
            let stamp = attributes["ts"].flatMap(Double.init)
            let elapsed = attributes["t"].flatMap(Double.init)
            if attributes["ts"] != nil, stamp == nil {
                recorder.problem(
                    line: parser.lineNumber, column: parser.columnNumber,
                    "ts=\"\(attributes["ts"]!)\" is not epoch milliseconds")
                return
            }
            let failed = success == "false"
            if let threads = attributes["na"].flatMap(Double.init) { recorder.setConcurrency(threads) }
            recorder.request(
                time: stamp.map { $0 / 1000 }, latency: elapsed, failed: failed,
                status: attributes["rc"].flatMap { $0.isEmpty ? nil : $0 },
                name: attributes["lb"], error: failed ? attributes["rm"] : nil)
            samples += 1
            if let stamp, stamp / 1000 >= lastStart {
                lastStart = stamp / 1000
                lastLength = (elapsed ?? 0) / 1000
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "httpSample" || name == "sample" { depth -= 1 }
        }
    }
}
