import AssessCore
/// Which submissions of a cohort share passages of their documents beyond the starter
/// template, and which handed in the same measured evidence. Flags for a reviewer, never a
/// score: a pair above the threshold is listed with the passages and evidence that matched.
///
/// Documents are fingerprinted by `Winnowing`; an inverted index from fingerprint to the
/// submissions holding it finds the pairs, so the work grows with the shared fingerprints, not
/// with the square of the cohort. Fingerprints of the template (the rubric's `init` skeleton and
/// any starter files) and those held by more than `commonShare` of the cohort (the course's own
/// phrasing) are dropped first.
public struct CohortIntegrity: Sendable {
    /// One Markdown file of a submission.
    public struct Document: Sendable, Hashable {
        public var submission: String
        public var file: String
        public var text: String

        public init(submission: String, file: String, text: String) {
            self.submission = submission
            self.file = file
            self.text = text
        }
    }

    /// One evidence file of a submission (a load-test log, a trace export): its content digest,
    /// and the ids its format holds (`EvidenceMarks`).
    public struct EvidenceFile: Sendable, Hashable {
        public var submission: String
        public var file: String
        public var sha256: String
        public var marks: [EvidenceMark]

        public init(
            submission: String, file: String, sha256: String, marks: [EvidenceMark] = [], traceIDs: Set<String> = []
        ) {
            self.submission = submission
            self.file = file
            self.sha256 = sha256
            self.marks = marks + traceIDs.sorted().map { EvidenceMark(kind: .traceID, id: $0) }
        }
    }

    public var winnowing = Winnowing()
    /// The share of the two documents' fingerprints (of the smaller) they must share to be listed.
    public var threshold: Double = 0.2
    /// Fewer shared fingerprints than this is never a pair, whatever the share (two short notes).
    public var minimumShared = 12
    /// A fingerprint held by more than this share of the cohort (and by more than three
    /// submissions) is common phrasing, not copying.
    public var commonShare: Double = 0.1
    /// Passages shown per pair.
    public var passagesPerPair = 6
    /// An evidence id (a digest, a trace id, a sample window) held by more submissions than
    /// this is a fixture the course handed out, not a copy: it is counted, not paired.
    public var maxEvidenceHolders = 10
    /// Shared ids named per match.
    public var examplesPerMatch = 3

    public init() {}

    public func analyse(
        documents: [Document], evidence: [EvidenceFile] = [], template: [String] = [], templateDigests: Set<String> = []
    ) -> IntegrityReport {
        let submissions = Set(documents.map(\.submission)).union(evidence.map(\.submission)).sorted()
        let excluded = Set(template.flatMap { winnowing.fingerprints(of: $0).map(\.hash) })
        // Each submission's fingerprints with where they came from.
        var prints: [String: [(hash: UInt64, document: Int, line: Int)]] = [:]
        for (index, document) in documents.enumerated() {
            for print in winnowing.fingerprints(of: document.text) where !excluded.contains(print.hash) {
                prints[document.submission, default: []].append((print.hash, index, print.line))
            }
        }
        var index: [UInt64: [String]] = [:]
        var distinct: [String: Int] = [:]
        for (submission, list) in prints {
            let hashes = Set(list.map(\.hash))
            distinct[submission] = hashes.count
            for hash in hashes { index[hash, default: []].append(submission) }
        }
        let commonLimit = max(3, Int((commonShare * Double(submissions.count)).rounded(.down)))
        var shared: [Pair: Set<UInt64>] = [:]
        for (hash, holders) in index where holders.count >= 2 && holders.count <= commonLimit {
            let sorted = holders.sorted()
            for i in 0..<sorted.count {
                for j in (i + 1)..<sorted.count { shared[Pair(a: sorted[i], b: sorted[j]), default: []].insert(hash) }
            }
        }
        var pairs: [SimilarPair] = []
        let lines = documents.map { $0.text.lines }
        for (pair, hashes) in shared where hashes.count >= minimumShared {
            let smaller = max(1, min(distinct[pair.a] ?? 0, distinct[pair.b] ?? 0))
            let score = Double(hashes.count) / Double(smaller)
            guard score >= threshold else { continue }
            pairs.append(
                SimilarPair(
                    a: pair.a, b: pair.b, score: (score * 1000).rounded() / 1000, sharedFingerprints: hashes.count,
                    passages: passages(pair, hashes, prints, documents, lines)))
        }
        pairs.sort { ($0.score, $1.a, $1.b) > ($1.score, $0.a, $0.b) }
        let evidencePairs = sharedEvidence(evidence, excluding: templateDigests)
        return IntegrityReport(
            submissions: submissions.count, documents: documents.count, threshold: threshold,
            commonFingerprintsDropped: index.values.filter { $0.count > commonLimit }.count,
            templateFingerprintsDropped: excluded.count, pairs: pairs, evidence: evidencePairs.pairs,
            evidenceFiles: evidence.count, commonEvidenceDropped: evidencePairs.dropped)
    }

    struct Pair: Hashable {
        var a: String
        var b: String
    }

    /// The lines of each side that hold shared fingerprints, merged into runs (a gap of up to
    /// two lines joins them), longest first.
    func passages(
        _ pair: Pair, _ hashes: Set<UInt64>, _ prints: [String: [(hash: UInt64, document: Int, line: Int)]],
        _ documents: [Document], _ lines: [[Substring]]
    ) -> [SharedPassage] {
        func runs(_ submission: String) -> [(document: Int, from: Int, to: Int, count: Int)] {
            let hits = (prints[submission] ?? []).filter { hashes.contains($0.hash) }
                .sorted { ($0.document, $0.line) < ($1.document, $1.line) }
            var result: [(document: Int, from: Int, to: Int, count: Int)] = []
            for hit in hits {
                if var last = result.last, last.document == hit.document, hit.line <= last.to + 2 {
                    last.to = max(last.to, hit.line)
                    last.count += 1
                    result[result.count - 1] = last
                } else {
                    result.append((hit.document, hit.line, hit.line, 1))
                }
            }
            return result.sorted { $0.count > $1.count }
        }
        func excerpt(_ run: (document: Int, from: Int, to: Int, count: Int)) -> PassageSide {
            let document = documents[run.document]
            let lines = lines[run.document]
            let text = lines[(run.from - 1)..<min(run.to, lines.count)].joined(separator: "\n")
            return PassageSide(file: document.file, fromLine: run.from, toLine: run.to, text: String(text.prefix(1200)))
        }
        let left = runs(pair.a).prefix(passagesPerPair).map(excerpt)
        let right = runs(pair.b).prefix(passagesPerPair).map(excerpt)
        return (0..<max(left.count, right.count)).map { index in
            SharedPassage(
                a: index < left.count ? left[index] : nil, b: index < right.count ? right[index] : nil)
        }
    }

    /// Pairs that handed in the same evidence: an inverted index from each id (digest, trace or
    /// span id, source position, sample window, run id) to the submissions holding it; an id
    /// held by one submission costs nothing, and one held by more than `maxEvidenceHolders` is a
    /// fixture, counted in `dropped`. Files equal to a starter file are left out whole.
    func sharedEvidence(_ files: [EvidenceFile], excluding template: Set<String>)
        -> (pairs: [SharedEvidence], dropped: Int)
    {
        struct Key: Hashable {
            var kind: EvidenceKind
            var id: String
        }
        struct Holder {
            var file: Int
            var line: Int
            var time: Double?
        }
        struct Group: Hashable {
            var a: String
            var b: String
            var kind: EvidenceKind
            var fileA: String
            var fileB: String
        }
        var index: [Key: [Holder]] = [:]
        for (number, file) in files.enumerated() where !template.contains(file.sha256) {
            index[Key(kind: .file, id: file.sha256), default: []].append(Holder(file: number, line: 1))
            for mark in file.marks {
                index[Key(kind: mark.kind, id: mark.id), default: []].append(
                    Holder(file: number, line: mark.line, time: mark.time))
            }
        }
        var groups: [Group: [(id: String, a: Holder, b: Holder)]] = [:]
        var dropped = 0
        for (key, holders) in index where holders.count >= 2 {
            var first: [String: Holder] = [:]
            for holder in holders where first[files[holder.file].submission] == nil {
                first[files[holder.file].submission] = holder
            }
            guard first.count >= 2 else { continue }
            guard first.count <= maxEvidenceHolders else {
                dropped += 1
                continue
            }
            let sorted = first.keys.sorted()
            for i in 0..<sorted.count {
                for j in (i + 1)..<sorted.count {
                    let (a, b) = (first[sorted[i]]!, first[sorted[j]]!)
                    let group = Group(
                        a: sorted[i], b: sorted[j], kind: key.kind, fileA: files[a.file].file, fileB: files[b.file].file
                    )
                    groups[group, default: []].append((key.id, a, b))
                }
            }
        }
        var byPair: [Pair: [EvidenceMatch]] = [:]
        for (group, shared) in groups where shared.count >= group.kind.minimumShared {
            let ordered = shared.sorted { ($0.a.line, $0.id) < ($1.a.line, $1.id) }
            var shift: Double?
            if group.kind == .k6Samples {
                let shifts = ordered.compactMap { item in item.a.time.flatMap { a in item.b.time.map { $0 - a } } }
                if let low = shifts.min(), let high = shifts.max(), high - low < 0.001 {
                    shift = (low * 1000).rounded() / 1000
                }
            }
            let match = EvidenceMatch(
                kind: group.kind, a: EvidenceSide(file: group.fileA, line: ordered[0].a.line),
                b: EvidenceSide(file: group.fileB, line: ordered[0].b.line), shared: shared.count,
                examples: ordered.prefix(examplesPerMatch).map { String($0.id.prefix(64)) }, shiftSeconds: shift)
            byPair[Pair(a: group.a, b: group.b), default: []].append(match)
        }
        let pairs = byPair.map { pair, matches in
            SharedEvidence(
                a: pair.a, b: pair.b,
                matches: matches.sorted { ($0.kind, $0.a.file, $0.b.file) < ($1.kind, $1.a.file, $1.b.file) })
        }
        return (pairs.sorted { ($0.a, $0.b) < ($1.a, $1.b) }, dropped)
    }
}
