/// Every load-test format Assess reads, listed once; a file's format is found from its
/// content by asking each in turn.
public enum LoadTestFormats {
    /// Most specific first: JSON shapes before generic CSV, and CSVs by their headers.
    public static let all: [any LoadTestFormat.Type] = [
        // k6 and JMeter, whose shapes are unmistakable.
        K6JSONLines.self,
        K6Summary.self,
        K6CSV.self,
        JMeterXML.self,
        JMeterCSV.self,
        // Exact first bytes.
        GatlingSimulationLog.self, ApacheBenchGnuplotTSV.self, ApacheBenchPercentilesCSV.self, HeyCSV.self,
        // JSON shapes.
        GatlingStatsJSON.self, JMeterStatisticsJSON.self, VegetaJSONReport.self, VegetaResultsJSON.self,
        // CSVs by their headers; vegeta's headerless CSV by its numeric first row.
        LocustStatsHistoryCSV.self, LocustStatsCSV.self, LocustFailuresCSV.self, LocustExceptionsCSV.self,
        KafkaConsumerPerfText.self,
        VegetaResultsCSV.self,
        // Text reports by their key lines.
        KafkaProducerPerfText.self, VegetaTextReport.self, ApacheBenchText.self, HeyText.self, WrkText.self,
    ]

    /// The format whose shape the file has, if any.
    public static func detect(_ source: LoadTestSource) -> (any LoadTestFormat.Type)? {
        let head = source.head()
        let name = source.file.split(separator: "/").last.map(String.init) ?? source.file
        return all.first { $0.recognizes(head: head, fileName: name) }
    }

    /// Reads a file in whichever format it is in, or says which formats were tried.
    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions = LoadTestReadOptions())
        throws(LoadTestReadError) -> LoadTestRun
    {
        guard let format = detect(source) else {
            throw LoadTestReadError(
                file: source.file,
                "not a load-test output Assess recognises (it reads \(all.map { $0.name }.joined(separator: ", ")))")
        }
        return try read(source, as: format, options: options)
    }

    /// Reads a file as `format` (generic, so the call is not through an existential metatype).
    public static func read<Format: LoadTestFormat>(
        _ source: LoadTestSource, as format: Format.Type, options: LoadTestReadOptions
    ) throws(LoadTestReadError) -> LoadTestRun {
        try Format.read(source, options: options)
    }
}
