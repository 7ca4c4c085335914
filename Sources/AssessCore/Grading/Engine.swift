import Crypto
import Foundation

/// Runs a rubric's graders over a submission and scores the result. Criteria are graded
/// concurrently in a bounded pool, each under its own time limit; a grader that throws or
/// overruns marks its own criterion `error` and nothing else.
public struct Engine: Sendable {
    /// How many criteria are graded at once.
    public var concurrency: Int
    /// The time limit of a criterion that sets no `timeout:`.
    public var defaultTimeout: Duration

    public init(
        concurrency: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), defaultTimeout: Duration = .seconds(60)
    ) {
        self.concurrency = max(1, concurrency)
        self.defaultTimeout = defaultTimeout
    }

    /// Grades `submission`. `cache` holds what the run's criteria share (each file parsed once);
    /// a test passes its own to count the parses.
    public func grade(
        _ submission: Submission, against rubric: Rubric, reviews: Reviews = Reviews(),
        cache: GradingRunCache = GradingRunCache()
    ) async -> Report {
        let inputs = Dictionary(uniqueKeysWithValues: rubric.inputs.map { ($0.name, submission.resolve($0)) })
        let criteria = rubric.criteria
        // The graded files' digests are worked out beside the criteria (one more core's work
        // on a multi-gigabyte input), not after them.
        let graded = Set(rubric.criteria.compactMap { $0.input }).sorted().flatMap { inputs[$0]?.files ?? [] }
        async let fileDigests = digests(of: graded, in: submission)
        var results = [CriterionResult?](repeating: nil, count: criteria.count)
        await withTaskGroup(of: (Int, CriterionResult).self) { group in
            var next = 0
            func startNext() {
                guard next < criteria.count else { return }
                let index = next
                let criterion = criteria[index]
                let input = criterion.input.flatMap { inputs[$0] }
                let spec = criterion.input.flatMap { rubric.input(named: $0) }
                group.addTask {
                    (
                        index,
                        await self.grade(
                            criterion, input: input, spec: spec, submission: submission,
                            review: reviews.entries[criterion.id], cache: cache)
                    )
                }
                next += 1
            }
            for _ in 0..<concurrency { startNext() }
            for await (index, result) in group {
                results[index] = result
                startNext()
            }
        }
        let finished = results.compactMap { $0 }
        let summary = Scoring.summarize(finished, rubric: rubric)
        let files = await fileDigests
        return Report(
            rubric: RubricInfo(
                id: rubric.id, title: rubric.title, version: rubric.version, pass: rubric.pass,
                bands: rubric.bands, sha256: rubric.sha256,
                plugins: rubric.pluginDigests.isEmpty ? nil : rubric.pluginDigests),
            submission: SubmissionInfo(
                name: submission.name, learner: submission.manifest?.learner,
                files: files,
                refused: refusals(inputs)),
            criteria: finished, score: summary.score, verdict: summary.verdict, band: summary.band,
            failedGates: summary.failedGates)
    }

    /// Why each refused file was refused, once per file, sorted.
    private func refusals(_ inputs: [String: ResolvedInput]) -> [String]? {
        let messages = Set(inputs.values.flatMap { $0.refusals.map(\.message) }).sorted()
        return messages.isEmpty ? nil : messages
    }

    /// Each graded file's size and SHA-256, read in blocks through the fence: a file an input
    /// let in with a raised `max_size` is hashed without being loaded.
    private func digests(of files: [SubmissionFile], in submission: Submission) -> [FileDigest] {
        var seen = Set<String>()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        return files.sorted { $0.path < $1.path }.compactMap { file in
            guard seen.insert(file.path).inserted, let blocks = try? submission.open(file) else { return nil }
            var hasher = SHA256()
            var bytes = 0
            var offset = 0
            while true {
                let got = blocks.fill(buffer, keeping: 0, at: &offset)
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
                bytes += got
                if got < buffer.count { break }
            }
            let hash = hasher.finalize().hexString
            return FileDigest(path: file.path, bytes: bytes, sha256: hash)
        }
    }

    private func grade(
        _ criterion: Criterion, input: ResolvedInput?, spec: InputSpec?, submission: Submission,
        review: Review?, cache: GradingRunCache
    ) async -> CriterionResult {
        let outcome: Outcome
        if let input, let spec, input.files.isEmpty {
            if spec.required {
                let tried = input.tried.map { "'\($0)'" }.joined(separator: ", ")
                outcome = .failed(
                    "missing input '\(spec.name)'",
                    findings: [.error("no file for input '\(spec.name)': tried \(tried)", hint: criterion.hint)]
                        + input.refusals)
            } else {
                outcome = Outcome(
                    status: .skipped, score: 0, summary: "optional input '\(spec.name)' not handed in",
                    findings: input.refusals)
            }
        } else {
            let limit = criterion.timeout ?? defaultTimeout
            let job = GradingJob(
                criterion: CriterionInfo(id: criterion.id, title: criterion.title, weight: criterion.weight),
                files: input?.files ?? [], format: spec?.format ?? "auto", submission: submission, review: review,
                timeout: limit, cache: cache)
            var graded = await Self.run(criterion.grader, job: job, limit: limit, kind: criterion.graderKind)
            graded.findings += input?.refusals ?? []
            outcome = graded
        }
        return CriterionResult(
            id: criterion.id, title: criterion.title, grader: criterion.graderKind, weight: criterion.weight,
            required: criterion.required, visibility: criterion.visibility, status: outcome.status,
            score: Scoring.rounded(outcome.score), points: Scoring.rounded(outcome.score * criterion.weight),
            summary: outcome.summary, findings: outcome.findings, measurements: outcome.measurements,
            hint: criterion.hint,
            review: review.map { ReviewNote(reviewer: $0.reviewer, comment: $0.comment, level: $0.level) },
            charts: outcome.charts.isEmpty ? nil : outcome.charts)
    }

    /// Runs one grader under `limit`. The grader runs in its own task, so one that ignores
    /// cancellation still cannot hold its criterion past the limit.
    static func run(_ grader: any Grader, job: GradingJob, limit: Duration, kind: String) async -> Outcome {
        let result: Result<Outcome, any Error> = await withCheckedContinuation { continuation in
            let once = FirstAnswer<Result<Outcome, any Error>>(continuation)
            let work = Task {
                do {
                    once.answer(.success(try await grader.grade(job)))
                } catch {
                    once.answer(.failure(error))
                }
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                work.cancel()
                once.answer(.failure(GraderTimeout(limit: limit)))
            }
            once.onAnswer { timer.cancel() }
        }
        switch result {
        case .success(let outcome): return outcome
        case .failure(let error as GraderTimeout):
            return .error("grader '\(kind)' did not finish within its time limit of \(error.limitText); not graded")
        case .failure(let error as SubmissionError):
            return .error(
                "input unreadable: \(error)",
                findings: [.error(error.description, at: SourceLocation(file: error.path, line: 1, column: 1))])
        case .failure(let error):
            return .error("grader '\(kind)' failed: \(error)")
        }
    }
}

/// The time limit ran out before the grader answered.
struct GraderTimeout: Error {
    let limit: Duration
    var limitText: String { limit.shortText }
}
