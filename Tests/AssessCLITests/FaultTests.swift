import AssessTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults around a run rather than in its input: an output folder that cannot be written
/// (read-only, or a disk that fills up), a submission that changes while it is graded, and a
/// batch stopped by SIGKILL or SIGTERM at several points. Each ends in a clean exit with a
/// message, never a crash, and a stopped batch resumes to the clean run's gradebook.
@Suite(.serialized) struct FaultTests {
    static let rubric = repositoryRoot + "/Rubrics/phase1-service-design.yaml"

    /// A tmpfs mounted for the test (read-only, or of `size`), unmounted when released. CI
    /// containers that may not mount skip the test with a message saying so.
    final class Mount {
        let path: String
        init(options: String) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mount-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/mount")
            process.arguments = ["-t", "tmpfs", "-o", options, "tmpfs", path]
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                try? FileManager.default.removeItem(atPath: path)
                try Test.cancel("cannot mount a tmpfs here (needs CAP_SYS_ADMIN); \(options) output not checked")
            }
        }
        deinit {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/umount")
            process.arguments = [path]
            try? process.run()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test func aReadOnlyOutputFolderIsAnErrorNotACrash() throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 3, into: cohort.path)
        let readOnly = try Mount(options: "ro,size=1m")
        let run = try MeasuredRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", readOnly.path + "/out"])
        print(run.figures("batch-read-only-out"))
        #expect(run.signal == nil)
        #expect(run.status >= 2, "\(run.stderr)")
        #expect(!run.stderr.isEmpty, "a refused output folder must say why")
    }

    @Test func aFullDiskIsReportedAndTheBatchEnds() throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 6, into: cohort.path)
        let small = try Mount(options: "size=64k")
        let run = try MeasuredRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", small.path + "/out"])
        print(run.figures("batch-disk-full"))
        #expect(run.signal == nil)
        #expect(run.status != 0, "\(run.stderr)")
        #expect(!run.timedOut)
    }

    /// The design document is rewritten (two versions of different sizes, and moments of
    /// truncation) while it is graded: every run ends with a report, never a crash.
    @Test func aFileChangingDuringGradingEndsInAReport() throws {
        let tree = try TemporaryTree()
        let sample = repositoryRoot + "/Submissions/phase1-pass"
        let copy = tree.subpath("submission")
        try FileManager.default.copyItem(atPath: sample, toPath: copy)
        let design = copy + "/docs/design.md"
        let original = try Data(contentsOf: URL(fileURLWithPath: design))
        let other = Data(("# Other\n\n" + String(repeating: "- **Context**: text\n", count: 5_000)).utf8)
        let stop = Flag()
        let writer = Thread {
            var flip = false
            while !stop.isSet {
                flip.toggle()
                try? (flip ? other : original).write(to: URL(fileURLWithPath: design))
                if let handle = FileHandle(forWritingAtPath: design) {
                    try? handle.truncate(atOffset: 10)
                    try? handle.close()
                }
            }
        }
        writer.start()
        defer { stop.set() }
        for attempt in 0..<3 {
            let run = try MeasuredRun([
                "grade", copy, "--rubric", Self.rubric, "--format", "json",
            ])
            if attempt == 0 { print(run.figures("file-changing-during-grading")) }
            #expect(run.signal == nil)
            #expect([0, 1].contains(run.status), "\(run.stderr.suffix(300))")
            #expect(run.report != nil, "no JSON report")
        }
    }

    /// SIGKILL at three points of one batch, each followed by a restart of the same command
    /// that is killed again; the last run finishes, and its gradebook equals a clean run's.
    @Test func aBatchKilledAtSeveralPointsResumesToTheCleanRun() throws {
        let cohort = try TemporaryTree()
        let total = 60
        try CohortGenerator().write(count: total, into: cohort.path)
        let out = try TemporaryTree()
        var killedAt: [Int] = []
        for target in [4, 19, 37] {
            let done = try Self.runUntil(rows: target, signal: SIGKILL, cohort: cohort.path, out: out.path)
            killedAt.append(done)
        }
        print("batch killed (SIGKILL) after \(killedAt) rows of \(total)")
        #expect(killedAt == killedAt.sorted())
        let finished = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", out.path, "--jobs", "2"])
        #expect(finished.status == 1, "\(finished.stderr)")
        try Self.expectSameGradebook(out.path, asCleanRunOf: cohort.path)
    }

    /// SIGTERM stops a batch at once; every row it left is whole, and a restart completes it
    /// to the clean run's gradebook.
    @Test func aBatchStoppedBySIGTERMLeavesWholeRowsAndResumes() throws {
        let cohort = try TemporaryTree()
        let total = 30
        try CohortGenerator().write(count: total, into: cohort.path)
        let out = try TemporaryTree()
        let done = try Self.runUntil(rows: 10, signal: SIGTERM, cohort: cohort.path, out: out.path)
        print("batch stopped (SIGTERM) after \(done) rows of \(total)")
        let rows = out.subpath("rows")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: rows)) ?? [] where !name.hasPrefix(".") {
            let data = try Data(contentsOf: URL(fileURLWithPath: rows + "/" + name))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "row \(name) is not whole")
        }
        let finished = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", out.path, "--jobs", "2"])
        #expect(finished.status == 1, "\(finished.stderr)")
        try Self.expectSameGradebook(out.path, asCleanRunOf: cohort.path)
    }

    /// Starts `assess batch` and sends `signal` once `rows` rows are written; the rows there were.
    static func runUntil(rows target: Int, signal: Int32, cohort: String, out: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRun.binary)
        process.arguments = ["batch", cohort, "--rubric", rubric, "--out", out, "--jobs", "1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let rows = out + "/rows"
        var done = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            done =
                (try? FileManager.default.contentsOfDirectory(atPath: rows))?.filter {
                    $0.hasSuffix(".json") && !$0.hasPrefix(".")
                }.count ?? 0
            if done >= target { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let stoppedAt = ContinuousClock.now
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(ContinuousClock.now - stoppedAt < .seconds(5), "the batch took long to stop")
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus != 0)
        return done
    }

    static func expectSameGradebook(_ out: String, asCleanRunOf cohort: String) throws {
        let clean = try TemporaryTree()
        let fresh = try CLIRun(["batch", cohort, "--rubric", rubric, "--out", clean.path, "--jobs", "2"])
        #expect(fresh.status == 1)
        for file in ["gradebook.csv", "gradebook.json", "summary.json"] {
            #expect(
                FileManager.default.contents(atPath: out + "/" + file)
                    == FileManager.default.contents(atPath: clean.subpath(file)), "\(file)")
        }
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
