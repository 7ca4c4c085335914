import AssessCore
import AssessFormats
import AssessGraders
import Foundation

/// `AssessBenchmarks cdc [N] [--no-peer]`: writes a Debezium PostgreSQL change stream of about
/// N events (JSON lines of bare envelopes, `schemas.enable=false`) with the application's write
/// log, and a replica log of N lines; times `DebeziumReader` alone, the reader with the
/// delivery checks, `cdc.events` and `consistency.convergence` graded through the engine, and
/// prints MB/s, events/s and each stage's peak RSS beside `peers/cdc.py` and
/// `peers/convergence.py` on the same files, in the same run.
enum CDCBenchmark {
    static let streamPath = "/tmp/assess-cdc-bench.jsonl"
    static let writesPath = "/tmp/assess-cdc-bench-writes.jsonl"
    static let replicasPath = "/tmp/assess-convergence-bench.jsonl"
    /// Written beside each file with N; a file written by another N or generator is written again.
    static let generator = "cdc-bench-1"
    static let runs = 3

    /// What the generators planted, for checking the graders found exactly that.
    struct Planted {
        var duplicates = 0
        var reordered = 0
        var lost = 0
        var neverConverged = 0
        var staleReads = 0

        static let expected = Planted(duplicates: 3, reordered: 1, lost: 2, neverConverged: 1, staleReads: 2)
    }

    /// The reader alone, `rounds` times over the stream `run` left, each round's figure printed.
    static func readerOnly(rounds: Int) throws {
        let bytes = size(streamPath)
        guard bytes > 0 else {
            print("cdc-reader: no \(streamPath): run `AssessBenchmarks cdc` first")
            return
        }
        header()
        for _ in 0..<rounds { try measureReader(bytes: bytes) }
    }

    /// The reader alone, streamed from disk: its row, and the events it read.
    @discardableResult static func measureReader(bytes: Int) throws -> Int {
        var events = 0
        let stage = try measure {
            events = 0
            guard let blocks = FileBlocks(path: streamPath) else { throw CocoaError(.fileNoSuchFile) }
            DebeziumReader.read(
                LoadTestSource(file: streamPath, blocks: blocks),
                fields: ChangeFields(key: "order_id", version: "version"),
                problem: { _ in }
            ) { _ in events += 1 }
        }
        row("Debezium reader (streamed)", stage, bytes: bytes, events: events)
        return events
    }

    static func run(events target: Int) async throws {
        guard target >= 10_000 else {
            print("cdc: N must be at least 10,000 (the planted faults sit at fractions of the stream)")
            return
        }
        let planted = Planted.expected
        try cached(streamPath, target) {
            var made = Planted()
            try writeStream(events: target, planted: &made)
            precondition((made.duplicates, made.reordered, made.lost) == (3, 1, 2), "the stream's faults: \(made)")
        }
        try cached(replicasPath, target) {
            var made = Planted()
            try writeReplicaLog(lines: target, planted: &made)
            precondition((made.neverConverged, made.staleReads) == (1, 2), "the replica log's faults: \(made)")
        }
        let streamBytes = size(streamPath)
        let writeBytes = size(writesPath)
        let replicaBytes = size(replicasPath)
        print(
            String(
                format: "cdc: %@ %.1f MB, write log %.1f MB; replica log %@ %.1f MB (MB = 10^6 bytes)", streamPath,
                Double(streamBytes) / 1e6, Double(writeBytes) / 1e6, replicasPath, Double(replicaBytes) / 1e6))
        print(
            "planted: \(planted.duplicates) duplicates, \(planted.reordered) reordered, \(planted.lost) lost changes; \(planted.neverConverged) write never converged, \(planted.staleReads) stale reads"
        )
        header()

        // (a) The reader alone, streamed from disk.
        let events = try measureReader(bytes: streamBytes)

        // The reader feeding the delivery checks, without the engine.
        var analysis = ChangeStreamAnalysis()
        var stage = try measure {
            analysis = ChangeStreamAnalysis()
            guard let blocks = FileBlocks(path: streamPath) else { throw CocoaError(.fileNoSuchFile) }
            DebeziumReader.read(
                LoadTestSource(file: streamPath, blocks: blocks),
                fields: ChangeFields(key: "order_id", version: "version"),
                problem: { _ in }
            ) { analysis.add($0) }
        }
        row("reader + ChangeStreamAnalysis", stage, bytes: streamBytes, events: events)
        analysis = ChangeStreamAnalysis()

        // (b) `cdc.events` through the engine, as `assess grade` runs it: one submission holding
        // the stream and the write log.
        let cdcRubric = """
            rubric: cdc-bench
            pass: 50
            inputs:
              cdc: { paths: ["changes/*.jsonl", "writes/*.jsonl"], many: true, max_size: 2GB }
            criteria:
              - id: delivery
                grader: cdc.events
                input: cdc
                with: { fields: { key: order_id, version: version }, writes: "writes/*.jsonl", lag: ["p(95)<500", "p(99)<2000"] }
            """
        let cdcFolder = try submission(
            "assess-cdc-bench", [(streamPath, "changes/shop.public.orders.jsonl"), (writesPath, "writes/app.jsonl")])
        var report: Report?
        stage = try await measureAsync {
            report = try await grade(cdcFolder, cdcRubric)
        }
        row("cdc.events graded (stream + write log)", stage, bytes: streamBytes + writeBytes, events: events)
        show(report)

        // `consistency.convergence` over the replica log.
        var lines = 0
        stage = try measure {
            lines = 0
            guard let blocks = FileBlocks(path: replicasPath) else { throw CocoaError(.fileNoSuchFile) }
            EventLog.read(
                LoadTestSource(file: replicasPath, blocks: blocks),
                fields: EventFields(key: "key", sequence: "version", partition: "replica", time: "ts", id: "event"),
                problem: { _ in }
            ) { _ in lines += 1 }
        }
        row("event-log reader, replica log", stage, bytes: replicaBytes, events: lines)
        let convergenceRubric = """
            rubric: convergence-bench
            pass: 50
            inputs:
              replicas: { paths: ["replicas/*.jsonl"], max_size: 2GB }
            criteria:
              - id: convergence
                grader: consistency.convergence
                input: replicas
                with: { fields: { key: key, version: version, replica: replica, time: ts, kind: event }, thresholds: ["p(95)<100", "p(99)<500"], last_writer_wins: true }
            """
        let convergenceFolder = try submission(
            "assess-convergence-bench", [(replicasPath, "replicas/checker.jsonl")])
        stage = try await measureAsync {
            report = try await grade(convergenceFolder, convergenceRubric)
        }
        row("consistency.convergence graded", stage, bytes: replicaBytes, events: lines)
        show(report)
        fflush(nil)

        // The peers: straightforward Python scripts, same files, same run (`--no-peer` skips them).
        if CommandLine.arguments.contains("--no-peer") { return }
        let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("peers").path
        for arguments in [[peers + "/cdc.py", streamPath, writesPath], [peers + "/convergence.py", replicasPath]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3"] + arguments
            try process.run()
            process.waitUntilExit()
        }
    }

    // MARK: Measuring

    struct Stage {
        /// The median run's wall time.
        var seconds: Double
        /// The highest resident set size during the stage's runs.
        var peak: Int
    }

    /// Median of `runs` runs; the peak RSS is reset first so it is this stage's own.
    static func measure(_ body: () throws -> Void) rethrows -> Stage {
        PeakMemory.reset()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            times.append(seconds(ContinuousClock.now - start))
        }
        return Stage(seconds: times.sorted()[runs / 2], peak: PeakMemory.bytes())
    }

    static func measureAsync(_ body: () async throws -> Void) async rethrows -> Stage {
        PeakMemory.reset()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            times.append(seconds(ContinuousClock.now - start))
        }
        return Stage(seconds: times.sorted()[runs / 2], peak: PeakMemory.bytes())
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }

    static func header() {
        print(
            "".padding(toLength: 44, withPad: " ", startingAt: 0)
                + "   median s      MB/s    events/s   peak RSS (median of \(runs))")
    }

    static func row(_ name: String, _ stage: Stage, bytes: Int, events: Int) {
        print(
            name.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(
                    format: "%9.2f s %9.1f %11.0f %8.0f MiB", stage.seconds, Double(bytes) / 1e6 / stage.seconds,
                    Double(events) / stage.seconds, Double(stage.peak) / 1_048_576))
    }

    static func show(_ report: Report?) {
        for criterion in report?.criteria ?? [] {
            print("  \(criterion.id): \(criterion.status.rawValue) — \(criterion.summary)")
            let figures = criterion.measurements.map { m in
                "\(m.name) \(m.value.rounded() == m.value ? String(Int(m.value)) : String(format: "%.1f", m.value))\(m.unit.map { " " + $0 } ?? "")"
            }
            print("    " + figures.joined(separator: "; "))
            for finding in criterion.findings.prefix(12) {
                print(
                    "    \(finding.severity.rawValue): \(finding.message)\(finding.location.map { " (\($0.file):\($0.line))" } ?? "")"
                )
            }
        }
    }

    static func grade(_ folder: String, _ rubric: String) async throws -> Report {
        let loaded = try RubricLoader(registry: .builtIn).load(text: rubric, file: "bench.yaml")
        return await Engine(defaultTimeout: .seconds(600)).grade(try Submission(path: folder), against: loaded)
    }

    /// A submission folder holding hard links to the generated files.
    static func submission(_ name: String, _ files: [(String, String)]) throws -> String {
        let folder = NSTemporaryDirectory() + name
        for (source, path) in files {
            let linked = folder + "/" + path
            try? FileManager.default.createDirectory(
                atPath: (linked as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: linked)
            try FileManager.default.linkItem(atPath: source, toPath: linked)
        }
        return folder
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Runs `write` unless `path` was already written for this N by this generator.
    static func cached(_ path: String, _ target: Int, _ write: () throws -> Void) throws {
        let stamp = "\(generator) \(target)"
        if size(path) > 0, (try? String(contentsOfFile: path + ".count", encoding: .utf8)) == stamp { return }
        try write()
        try stamp.write(toFile: path + ".count", atomically: true, encoding: .utf8)
    }

    // MARK: Generators

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        /// Uniform in (0, 1].
        mutating func unit() -> Double { Double(next(1 << 30) + 1) / Double(1 << 30) }
    }

    /// Appends text to a file in 4 MB writes.
    final class Output {
        let handle: FileHandle
        var buffer: [UInt8] = []

        init(_ path: String) throws {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            buffer.reserveCapacity(4 << 20 + 4096)
        }

        func line(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(0x0A)
            if buffer.count >= 4 << 20 { flush() }
        }

        func flush() {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }

        func close() throws {
            flush()
            try handle.close()
        }
    }

    /// `2024-05-01T10:00:00.123456Z` for microseconds since the epoch (May 2024 only), as
    /// Debezium writes a `timestamptz` column (`ZonedTimestamp`) and apps write their logs.
    static func iso(micros: Int64, digits: Int = 6) -> String {
        let seconds = micros / 1_000_000
        let day = (seconds - 1_714_521_600) / 86_400 + 1
        let inDay = (seconds - 1_714_521_600) % 86_400
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = String(micros % 1_000_000 + 1_000_000).dropFirst().prefix(digits)
        return "2024-05-\(two(day))T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60)).\(fraction)Z"
    }

    /// An orders table captured by the Debezium 2.7 PostgreSQL connector (`REPLICA IDENTITY
    /// FULL`, so updates and deletes carry the old row): a snapshot of the first tenth of 50,000
    /// orders, then creates, updates and deletes spread over them at about a thousand changes a
    /// second, the WAL position (`lsn`) rising, capture lag mostly tens of ms with a tail, a
    /// tombstone (`null`) after each delete. Planted: three changes redelivered after a consumer
    /// restart, one pair of a key's changes swapped, and two changes in the write log that the
    /// stream lacks. The write log is the application's: one JSON line per insert, update or delete.
    static func writeStream(events target: Int, planted: inout Planted) throws {
        var random = Random(state: 7)
        let stream = try Output(streamPath)
        let writes = try Output(writesPath)
        let orders = min(50_000, target / 20)
        let statuses = ["PENDING", "PAID", "PACKED", "SHIPPED", "DELIVERED"]
        var version = [Int](repeating: 0, count: orders)
        var customer = [Int](repeating: 0, count: orders)
        var status = [Int](repeating: 0, count: orders)
        var total = [Int](repeating: 0, count: orders)
        var items = [Int](repeating: 0, count: orders)
        var updated = [Int64](repeating: 0, count: orders)
        var live: [Int] = []
        var slot = [Int](repeating: -1, count: orders)
        var lostPending = Set<Int>()
        var nextOrder = 0
        var emitted = 0
        var recent: [String] = []
        var lsn: Int64 = 24_023_128
        var committed = lsn
        var txId = 770
        var sourceMs: Int64 = 1_714_550_400_000

        func row(_ i: Int) -> String {
            #"{"order_id":\#(100_001 + i),"customer_id":\#(customer[i]),"status":"\#(statuses[status[i]])","total_cents":\#(total[i]),"currency":"EUR","item_count":\#(items[i]),"version":\#(version[i]),"updated_at":"\#(iso(micros: updated[i]))"}"#
        }
        func emit(_ line: String) {
            stream.line(line)
            emitted += 1
            recent.append(line)
            if recent.count > 8 { recent.removeFirst() }
        }
        func envelope(_ op: String, before: String, after: String, snapshot: String, processed: Int64) -> String {
            let micros = Int64(random.next(1000))
            let source =
                #"{"version":"2.7.0.Final","connector":"postgresql","name":"shop","ts_ms":\#(sourceMs),"snapshot":"\#(snapshot)","db":"shop","sequence":"[\"\#(committed)\",\"\#(lsn)\"]","ts_us":\#(sourceMs * 1000),"ts_ns":\#(sourceMs * 1_000_000),"schema":"public","table":"orders","txId":\#(txId),"lsn":\#(lsn),"xmin":null}"#
            return
                #"{"before":\#(before),"after":\#(after),"source":\#(source),"transaction":null,"op":"\#(op)","ts_ms":\#(processed),"ts_us":\#(processed * 1000 + micros),"ts_ns":\#((processed * 1000 + micros) * 1000 + Int64(random.next(1000)))}"#
        }
        /// Capture lag in ms: WAL flush and connector poll, exponential around 30 ms, and one
        /// change in 200 held up 0.2–1.7 s (a connector batch, a slow broker).
        func lag() -> Int64 {
            var lag = 8 + Int64(-log(random.unit()) * 30)
            if random.next(200) == 0 { lag += Int64(200 + random.next(1500)) }
            return lag
        }
        func fill(_ i: Int) {
            customer[i] = 1 + random.next(20_000)
            status[i] = 0
            total[i] = 500 + random.next(50_000)
            items[i] = 1 + random.next(6)
        }
        /// One committed change: advances the WAL and the clock, logs the write, returns the line.
        func change(_ op: String, _ i: Int, before: String, after: String) -> String {
            lsn += Int64(56 + random.next(360))
            if random.next(5) != 0 { txId += 1 }
            sourceMs += Int64(random.next(3))
            committed = lsn - Int64(random.next(48))
            let kind = op == "c" ? "insert" : op == "u" ? "update" : "delete"
            writes.line(
                #"{"ts":"\#(iso(micros: sourceMs * 1000, digits: 3))","order_id":\#(100_001 + i),"version":\#(version[i]),"op":"\#(kind)"}"#
            )
            return envelope(op, before: before, after: after, snapshot: "false", processed: sourceMs + lag())
        }
        func update(_ i: Int) -> String {
            let before = row(i)
            version[i] += 1
            if random.next(3) == 0 { items[i] = 1 + random.next(6); total[i] = 500 + random.next(50_000) }
            status[i] = min(statuses.count - 1, status[i] + random.next(2))
            updated[i] = sourceMs * 1000 + Int64(random.next(1000))
            return change("u", i, before: before, after: row(i))
        }

        // The snapshot: one LSN and transaction for every row, read time as source.ts_ms.
        let snapshotRows = orders / 10
        for i in 0..<snapshotRows {
            fill(i)
            version[i] = 1 + random.next(4)
            status[i] = random.next(statuses.count)
            updated[i] = sourceMs * 1000 - Int64(random.next(86_400_000_000))
            slot[i] = live.count
            live.append(i)
            let mark = i == 0 ? "first" : i == snapshotRows - 1 ? "last" : "true"
            if i % 50 == 0 { sourceMs += 1 }
            emit(envelope("r", before: "null", after: row(i), snapshot: mark, processed: sourceMs + 3))
        }
        nextOrder = snapshotRows
        sourceMs += 2_000

        var replayed = false
        var swapped = false
        let lostAt = [target / 2, target * 5 / 6]
        while emitted < target {
            let remaining = max(1, target - emitted)
            let create = nextOrder < orders && random.next(remaining) < (orders - nextOrder) * 12 / 10
            if create {
                let i = nextOrder
                nextOrder += 1
                fill(i)
                version[i] = 1
                updated[i] = sourceMs * 1000
                slot[i] = live.count
                live.append(i)
                emit(change("c", i, before: "null", after: row(i)))
            } else if random.next(1000) < 15, live.count > orders / 50 {
                let i = live[random.next(live.count)]
                if lostPending.contains(i) {
                    // Deleting it would deliver its lost version in `before`: update it instead.
                    lostPending.remove(i)
                    emit(update(i))
                    continue
                }
                let before = row(i)
                emit(change("d", i, before: before, after: "null"))
                emit("null")
                let moved = live.removeLast()
                if moved != i {
                    live[slot[i]] = moved
                    slot[moved] = slot[i]
                }
                slot[i] = -1
            } else {
                let i = live[random.next(live.count)]
                lostPending.remove(i)
                if planted.lost < lostAt.count, emitted >= lostAt[planted.lost] {
                    // Committed and logged by the application, never delivered.
                    _ = update(i)
                    lostPending.insert(i)
                    planted.lost += 1
                } else if !swapped, emitted >= target * 2 / 3 {
                    // Two changes of one key delivered in the opposite order.
                    let first = update(i)
                    emit(update(i))
                    emit(first)
                    swapped = true
                    planted.reordered += 1
                } else {
                    emit(update(i))
                }
            }
            if !replayed, emitted >= target / 3 {
                // A consumer restart replays its last uncommitted batch.
                for line in recent.filter({ $0 != "null" }).suffix(3) { emit(line) }
                replayed = true
                planted.duplicates = 3
            }
        }
        try stream.close()
        try writes.close()
    }

    /// A consistency checker's log of a three-replica store: each write of a key (50,000
    /// `cart:N` keys, versions counting up) and then each replica's first read showing it,
    /// 1–400 ms later, one line per event in time order. Planted: one write that replica r3
    /// never shows, and two reads of an older version after a newer one.
    static func writeReplicaLog(lines target: Int, planted: inout Planted) throws {
        var random = Random(state: 11)
        let out = try Output(replicasPath)
        let keys = min(50_000, target / 20)
        var version = [Int](repeating: 0, count: keys)
        var lastRead = [Int64](repeating: 0, count: keys * 3)
        var pending: [(time: Int64, line: String)] = []
        var written = 0
        var now: Int64 = 1_714_550_400_000
        let staleAt = [target * 2 / 5, target * 3 / 5]

        func flush(until time: Int64) {
            guard !pending.isEmpty else { return }
            pending.sort { $0.time < $1.time }
            var taken = 0
            while taken < pending.count, pending[taken].time <= time {
                out.line(pending[taken].line)
                written += 1
                taken += 1
            }
            pending.removeFirst(taken)
        }
        func read(_ key: String, _ k: Int, _ replica: Int, _ version: Int, after time: Int64) -> Int64 {
            let at = max(time, lastRead[k * 3 + replica] + 1)
            lastRead[k * 3 + replica] = at
            pending.append(
                (
                    at,
                    #"{"event":"read","key":"\#(key)","version":\#(version),"replica":"r\#(replica + 1)","ts":\#(at)}"#
                ))
            return at
        }
        var neverPlanted = false
        while written + pending.count < target {
            now += Int64(1 + random.next(6))
            flush(until: now)
            let neverConverges = !neverPlanted && written >= target * 9 / 10
            let k = neverConverges ? keys : random.next(keys)
            let key = "cart:\(k + 1)"
            let v: Int
            if neverConverges {
                v = 1
            } else {
                version[k] += 1
                v = version[k]
            }
            out.line(#"{"event":"write","key":"\#(key)","version":\#(v),"ts":\#(now)}"#)
            written += 1
            for replica in 0..<(neverConverges ? 2 : 3) {
                var lag = 1 + Int64(-log(random.unit()) * 12)
                if random.next(100) == 0 { lag += Int64(100 + random.next(300)) }
                if neverConverges {
                    let at = now + lag
                    pending.append(
                        (at, #"{"event":"read","key":"\#(key)","version":1,"replica":"r\#(replica + 1)","ts":\#(at)}"#))
                    continue
                }
                let at = read(key, k, replica, v, after: now + lag)
                if replica == 1, v >= 2, planted.staleReads < staleAt.count, written >= staleAt[planted.staleReads] {
                    // r2 answers from an older copy once, then catches up again.
                    let stale = read(key, k, replica, v - 1, after: at + 5)
                    _ = read(key, k, replica, v, after: stale + 5)
                    planted.staleReads += 1
                }
            }
            if neverConverges {
                neverPlanted = true
                planted.neverConverged = 1
            }
        }
        flush(until: .max)
        try out.close()
    }
}

/// The peak resident set size of this process. On Linux writing 5 to /proc/self/clear_refs
/// resets the high-water mark (`VmHWM`) to what is resident now, so after `malloc_trim` each
/// stage reports its own peak rather than the largest so far; elsewhere it is `ru_maxrss`,
/// the peak since the process started.
enum PeakMemory {
    static func reset() {
        #if os(Linux)
            // Hand freed heap back first, or the new mark starts at the last stage's peak.
            // (`malloc_trim` is glibc's own, outside the module Swift imports: looked up by name.)
            if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
                _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
            }
            if let file = fopen("/proc/self/clear_refs", "w") {
                fputs("5", file)
                fclose(file)
            }
        #endif
    }

    static func bytes() -> Int {
        #if os(Linux)
            if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kilobytes = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).dropLast(3))
            {
                return kilobytes * 1024
            }
        #endif
        return TraceBenchmark.peakMemory()
    }
}
