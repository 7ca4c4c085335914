import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The processes a plugin started, as far as they were seen, so that those that left its
/// process group (`setsid`, `setpgid`, a daemonising double fork) are killed with it.
///
/// Killing the group (`kill(-pgid)`) misses a child that made its own session; Linux offers
/// no handle on "everything this process started" short of cgroups, which a CI container
/// rarely lets a process create. So the family is read from `/proc` while the plugin runs
/// (each process's parent), at most every `interval`, and each member is remembered with
/// its start time: at the end a member is killed only if the pid still names that same
/// process, never a stranger that reused the pid. Best effort: a grandchild whose parent
/// died between two looks was reparented away and is not seen. Where `/proc` is absent
/// nothing is recorded.
struct ProcessFamily {
    let root: pid_t
    var interval: Duration = .milliseconds(100)
    /// pid → start time (clock ticks since boot, field 22 of `/proc/PID/stat`).
    private(set) var members: [pid_t: UInt64] = [:]
    private var lastLook: ContinuousClock.Instant?

    init(root: pid_t) {
        self.root = root
    }

    /// Looks again when `interval` has passed since the last look.
    mutating func update() {
        let now = ContinuousClock.now
        if let lastLook, now - lastLook < interval { return }
        lastLook = now
        let table = Self.processTable()
        var children: [pid_t: [pid_t]] = [:]
        for (pid, entry) in table { children[entry.parent, default: []].append(pid) }
        var queue = [root]
        var seen: Set<pid_t> = [root]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where seen.insert(child).inserted {
                members[child] = table[child]?.start
                queue.append(child)
            }
        }
    }

    /// SIGKILL to every member still alive as the same process, and to the group each leads.
    func killAll() {
        guard !members.isEmpty else { return }
        for (pid, start) in members where Self.stat(of: pid)?.start == start {
            kill(pid, SIGKILL)
            if getpgid(pid) == pid { kill(-pid, SIGKILL) }
        }
    }

    struct Entry {
        var parent: pid_t
        var start: UInt64
    }

    static func processTable() -> [pid_t: Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        var table: [pid_t: Entry] = [:]
        for name in names {
            guard let pid = pid_t(name), let entry = stat(of: pid) else { continue }
            table[pid] = entry
        }
        return table
    }

    /// Parent and start time from `/proc/PID/stat`. The command name (field 2) may hold
    /// spaces and parentheses, so fields are counted from the last `)`.
    static func stat(of pid: pid_t) -> Entry? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &bytes, bytes.count)
        guard count > 0, let paren = bytes[0..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(paren + 1)..<count].split(separator: UInt8(ascii: " "))
        // After the name: state (3), ppid (4), …, starttime (22).
        guard fields.count > 19, let parent = pid_t(String(decoding: fields[1], as: UTF8.self)),
            let start = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        return Entry(parent: parent, start: start)
    }
}
