/// Every evidence format Assess reads, listed once: what a rubric's `format:` may say, checked
/// when the rubric loads (a typo is a rubric error with a did-you-mean), and what `format: auto`
/// recognises a file as. A value handed to whoever needs it, never a shared singleton.
public struct FormatRegistry: Sendable {
    /// The readers, in the order a file is offered to them when sniffing (most specific first).
    public let readers: [any EvidenceReader.Type]

    public init(_ readers: [any EvidenceReader.Type]) {
        var seen = Set<String>()
        for reader in readers {
            for format in reader.formats {
                precondition(seen.insert(format.id).inserted, "format '\(format.id)' registered twice")
            }
        }
        precondition(!seen.contains(Self.auto), "'\(Self.auto)' is not a format but the request to sniff")
        self.readers = readers
    }

    /// What an input that names no format declares: recognise each file from its content.
    public static let auto = "auto"

    /// Every format, in sniffing order.
    public var formats: [EvidenceFormat] { readers.flatMap { $0.formats } }

    /// Every name `format:` accepts, `auto` first, then sorted.
    public var ids: [String] { [Self.auto] + formats.map(\.id).sorted() }

    /// The format called `id`.
    public func format(_ id: String) -> EvidenceFormat? { formats.first { $0.id == id } }

    /// The reader of the format called `id`.
    public func reader(for id: String) -> (any EvidenceReader.Type)? {
        readers.first { $0.formats.contains { $0.id == id } }
    }

    /// The first format (most specific first) whose shape a file with this head and path has.
    public func sniff(head: [UInt8], path: String) -> EvidenceFormat? {
        formats.first { $0.matches(head: head, path: path) }
    }

    /// Whether a file declared `declared` may be read as `format`: the same format, `auto`, or
    /// a format the declared one refines (an OTLP export is JSON; `format: json` reads it).
    public func accepts(declared: String, for format: EvidenceFormat) -> Bool {
        declared == Self.auto || declared == format.id || format.refines.contains(declared)
            || (self.format(declared)?.refines.contains(format.id) ?? false)
    }
}

extension FormatRegistry {
    /// The formats of `AssessFormats`, most specific first (a JSON trace export is recognised as
    /// OTLP before it is taken for plain JSON).
    public static let builtIn = FormatRegistry([
        TraceReader.self,
        ChangeCaptureReader.self,
        SagaHistoryReader.self,
        LoadTestReader.self,
        JUnitReader.self,
        APIDescriptionReader.self,
        ComposeReader.self,
        ManifestReader.self,
        MarkdownReader.self,
        JSONDocumentReader.self,
        YAMLDocumentReader.self,
        PlainTextReader.self,
        EventStreamReader.self,
        ReplicaLogReader.self,
    ])
}

extension FormatRegistry {
    /// The formats as a Markdown section of docs/graders.md: what an input's `format:` may say.
    public var markdown: String {
        var out =
            "\n## Evidence formats\n\nWhat an input's `format:` may name (`auto`, the default, recognises each file from its content). A misspelt format is a rubric error.\n\n| format | what it is | also read as |\n| --- | --- | --- |\n"
        for format in formats {
            let also = format.refines.map { "`\($0)`" }.joined(separator: ", ")
            out += "| `\(format.id)` | \(format.summary) | \(also) |\n"
        }
        return out
    }

    /// The formats as plain text, for `assess graders`.
    public var text: String {
        "formats (an input's `format:`; auto recognises each file):\n"
            + formats.map { "  \($0.id): \($0.summary)\n" }.joined()
    }
}
