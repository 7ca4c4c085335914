internal import CLibArchive
import Foundation

/// Unpacks a learner's `.zip` or `.tar.gz` into a scratch folder through the system
/// libarchive, refusing anything that could escape or exhaust the machine: absolute or `..`
/// paths, links of any kind, devices, too many entries, too many bytes (declared or actual),
/// and compression ratios no real hand-in has.
public struct ArchiveUnpacker: Sendable {
    public struct Limits: Sendable, Hashable {
        public var maxTotalBytes: Int64
        public var maxEntries: Int
        /// Unpacked bytes ÷ archive bytes, checked once more than 1 MiB is unpacked.
        public var maxRatio: Double

        public init(maxTotalBytes: Int64 = 256 << 20, maxEntries: Int = 20_000, maxRatio: Double = 200) {
            self.maxTotalBytes = maxTotalBytes
            self.maxEntries = maxEntries
            self.maxRatio = maxRatio
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether `path` names an archive this unpacker reads.
    public static func isArchive(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".zip") || lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz")
            || lower.hasSuffix(".tar")
    }

    /// The archive's name without its extension: the submission id.
    public static func stem(_ path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".zip", ".tar"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name
    }

    /// Unpacks `archive` into `destination` (created; must not exist). When every entry sits
    /// under one top-level folder, that folder is dropped, so a zipped submission folder and
    /// a zip of its contents unpack alike.
    public func unpack(_ archive: String, into destination: String) throws(ArchiveError) {
        let compressedBytes = max(
            1, (try? FileManager.default.attributesOfItem(atPath: archive)[.size] as? NSNumber)?.int64Value ?? 1)
        guard let reader = archive_read_new() else { throw ArchiveError(archive, "cannot start libarchive") }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_zip(reader)
        archive_read_support_format_tar(reader)
        archive_read_support_format_gnutar(reader)
        guard archive_read_open_filename(reader, archive, 64 * 1024) == ARCHIVE_OK else {
            throw ArchiveError(archive, "is not a readable archive: \(Self.message(reader))")
        }
        var entries: [(path: [String], isDirectory: Bool, data: Data)] = []
        var total: Int64 = 0
        var seenFiles = Set<[String]>()
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw ArchiveError(archive, "is damaged: \(Self.message(reader))")
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            if entries.count >= limits.maxEntries {
                throw ArchiveError(archive, "holds more than \(limits.maxEntries) entries; refused")
            }
            let parts = try Self.safeComponents(name, archive: archive)
            // macOS Finder's resource forks and folder settings are not part of a hand-in.
            if parts.first == "__MACOSX" || parts.last == ".DS_Store" || parts.last?.hasPrefix("._") == true {
                continue
            }
            let type = archive_entry_filetype(entry)
            if archive_entry_symlink(entry) != nil || archive_entry_hardlink(entry) != nil || type == Self.symlinkType {
                throw ArchiveError(archive, "entry '\(name)' is a link; archives with links are refused")
            }
            if type == Self.directoryType {
                entries.append((parts, true, Data()))
                continue
            }
            guard type == Self.regularType else {
                throw ArchiveError(archive, "entry '\(name)' is not a regular file; refused")
            }
            if archive_entry_size_is_set(entry) != 0, archive_entry_size(entry) > limits.maxTotalBytes - total {
                throw ArchiveError(
                    archive,
                    "entry '\(name)' claims \(archive_entry_size(entry)) bytes, over the \(limits.maxTotalBytes)-byte limit; refused"
                )
            }
            var data = Data()
            var buffer: UnsafeRawPointer?
            var size = 0
            var offset: Int64 = 0
            while true {
                let read = archive_read_data_block(reader, &buffer, &size, &offset)
                if read == ARCHIVE_EOF { break }
                guard read == ARCHIVE_OK || read == ARCHIVE_WARN else {
                    throw ArchiveError(archive, "entry '\(name)' cannot be read: \(Self.message(reader))")
                }
                total += Int64(size)
                if total > limits.maxTotalBytes {
                    throw ArchiveError(archive, "unpacks to more than \(limits.maxTotalBytes) bytes; refused")
                }
                if total > 1 << 20, Double(total) / Double(compressedBytes) > limits.maxRatio {
                    throw ArchiveError(
                        archive,
                        "expands more than \(Int(limits.maxRatio)) times its size (a compression bomb?); refused")
                }
                if let buffer, size > 0 { data.append(buffer.assumingMemoryBound(to: UInt8.self), count: size) }
            }
            // Two entries for one path: which is the hand-in is anyone's guess (unzip asks,
            // others keep the last); refused rather than chosen silently.
            guard seenFiles.insert(parts).inserted else {
                throw ArchiveError(archive, "entry '\(name)' appears twice; refused")
            }
            entries.append((parts, false, data))
        }
        // Drop a single top-level folder shared by every entry.
        let tops = Set(entries.compactMap(\.path.first))
        let strip = tops.count == 1 && entries.allSatisfy { $0.path.count > 1 || $0.isDirectory } ? 1 : 0
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for item in entries where item.path.count > strip {
                let target = destination + "/" + item.path.dropFirst(strip).joined(separator: "/")
                if item.isDirectory {
                    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                } else {
                    try FileManager.default.createDirectory(
                        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try item.data.write(to: URL(fileURLWithPath: target))
                }
            }
        } catch {
            throw ArchiveError(archive, "cannot be unpacked: \(error.localizedDescription)")
        }
    }

    /// An entry's path as safe components; throws for absolute paths and `..`.
    static func safeComponents(_ name: String, archive: String) throws(ArchiveError) -> [String] {
        if name.hasPrefix("/") || name.hasPrefix("\\")
            || name.contains(":") && name.split(separator: ":").first?.count == 1
        {
            throw ArchiveError(archive, "entry '\(name)' has an absolute path; refused")
        }
        // `a/./b/../c.md` is `a/c.md`: only a `..` that climbs above the archive's root is a
        // zip slip.
        var parts: [String] = []
        for part in name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
        where part != "." && !part.isEmpty {
            if part == ".." {
                guard !parts.isEmpty else {
                    throw ArchiveError(archive, "entry '\(name)' climbs out with '..' (zip slip); refused")
                }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        if parts.isEmpty { throw ArchiveError(archive, "has an entry with an empty name; refused") }
        return parts
    }

    // libarchive's AE_IF* file types are cast macros Swift does not import; these are their values.
    static let regularType: mode_t = 0o100000
    static let directoryType: mode_t = 0o040000
    static let symlinkType: mode_t = 0o120000

    private static func message(_ reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0) } ?? "unknown error"
    }
}

/// Why an archive was not unpacked.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    public var archive: String
    public var reason: String

    init(_ archive: String, _ reason: String) {
        self.archive = archive
        self.reason = reason
    }

    public var description: String { "archive '\(URL(fileURLWithPath: archive).lastPathComponent)' \(reason)" }
}
