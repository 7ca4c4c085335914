import AssessTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `assess` binary as `CLIRun` does, and measures what the run cost: wall
/// time and the child's peak resident memory, so a hostile input's test can hold it to a
/// budget. A run still going at `limit` is killed and says so.
///
/// The peak is the child's own `VmHWM` (from `/proc/PID/status`, read every 10 ms: the
/// high-water mark of its address space, which starts afresh at `exec`). `wait4`'s
/// `ru_maxrss` is no use here: Linux carries it across `exec`, so a child spawned by this
/// test process reports the test process's own peak.
struct MeasuredRun {
    var status: Int32
    /// The signal that ended the run, if one did (139 and 141 in a shell are 11 and 13 here).
    var signal: Int32?
    var stdout: String
    var stderr: String
    var seconds: Double
    var peakMegabytes: Double
    var timedOut: Bool

    init(_ arguments: [String], limit: Duration = .seconds(60)) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assess-run-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, scratch + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([CLIRun.binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, CLIRun.binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.fileReadUnknown) }
        var rawStatus: Int32 = 0
        var usage = rusage()
        var killed = false
        var peakKilobytes = 0
        while true {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let value = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
            {
                peakKilobytes = max(peakKilobytes, value)
            }
            let done = wait4(pid, &rawStatus, WNOHANG, &usage)
            if done == pid { break }
            if done < 0, errno != EINTR { break }
            if !killed, ContinuousClock.now - start > limit {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(10_000)
        }
        let elapsed = ContinuousClock.now - start
        seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        peakMegabytes = Double(peakKilobytes > 0 ? peakKilobytes : usage.ru_maxrss) / 1024
        timedOut = killed
        if rawStatus & 0x7f == 0 {
            status = (rawStatus >> 8) & 0xff
            signal = nil
        } else {
            status = 128 + (rawStatus & 0x7f)
            signal = rawStatus & 0x7f
        }
        stdout = (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
    }

    /// `case: 0.42 s, 61 MB peak`, printed by each hostile case for the issue's figures.
    func figures(_ name: String) -> String {
        "hostile \(name): \(String(format: "%.2f", seconds)) s, \(Int(peakMegabytes.rounded())) MB peak, exit \(status)"
    }

    /// The JSON report on stdout, parsed.
    var report: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }

    /// Each criterion of the report by id: its status and its findings' messages, joined.
    var criteria: [String: (status: String, text: String)] {
        var result: [String: (status: String, text: String)] = [:]
        for case let criterion as [String: Any] in report?["criteria"] as? [Any] ?? [] {
            let id = criterion["id"] as? String ?? ""
            let findings = (criterion["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            let summary = criterion["summary"] as? String ?? ""
            result[id] = (status: criterion["status"] as? String ?? "", text: ([summary] + findings).joined(separator: " | "))
        }
        return result
    }
}
