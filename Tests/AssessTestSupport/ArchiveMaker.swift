internal import CLibArchive
public import Foundation

/// Writes `.zip` and `.tar.gz` archives through libarchive's writer, including the hostile
/// ones a batch must refuse (`../` paths, links, compression bombs).
public enum ArchiveMaker {
    public enum Entry: Sendable {
        case file(String, Data)
        case symlink(String, target: String)

        public static func text(_ path: String, _ text: String) -> Entry { .file(path, Data(text.utf8)) }
    }

    public enum Format: Sendable { case zip, tarGz }

    public static func write(_ entries: [Entry], format: Format, to path: String) throws {
        guard let writer = archive_write_new() else { throw CocoaError(.fileWriteUnknown) }
        defer { archive_write_free(writer) }
        switch format {
        case .zip:
            archive_write_set_format_zip(writer)
        case .tarGz:
            archive_write_set_format_pax_restricted(writer)
            archive_write_add_filter_gzip(writer)
        }
        guard archive_write_open_filename(writer, path) == ARCHIVE_OK else { throw CocoaError(.fileWriteUnknown) }
        for item in entries {
            guard let entry = archive_entry_new() else { continue }
            defer { archive_entry_free(entry) }
            switch item {
            case .file(let name, let data):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_size(entry, la_int64_t(data.count))
                archive_write_header(writer, entry)
                data.withUnsafeBytes { buffer in _ = archive_write_data(writer, buffer.baseAddress, buffer.count) }
            case .symlink(let name, let target):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o120000)
                archive_entry_set_perm(entry, 0o777)
                archive_entry_set_symlink(entry, target)
                archive_write_header(writer, entry)
            }
        }
        archive_write_close(writer)
    }

    /// An uncompressed tar whose only header claims `claimed` bytes (written in the GNU
    /// base-256 size field) but holds almost none: an archive that lies about its size.
    public static func writeClaimingTar(name: String, claimed: Int64, to path: String) throws {
        var header = [UInt8](repeating: 0, count: 512)
        for (index, byte) in name.utf8.prefix(99).enumerated() { header[index] = byte }
        for (offset, text) in [(100, "0000644"), (108, "0000000"), (116, "0000000"), (136, "00000000000")] {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        header[124] = 0x80  // base-256 size
        var size = claimed
        for index in stride(from: 135, through: 125, by: -1) {
            header[index] = UInt8(size & 0xFF)
            size >>= 8
        }
        header[156] = UInt8(ascii: "0")
        for (index, byte) in "ustar  \0".utf8.enumerated() { header[257 + index] = byte }
        for index in 148..<156 { header[index] = 0x20 }
        let checksum = header.reduce(0) { $0 + Int($1) }
        for (index, byte) in String(format: "%06o\0 ", checksum).utf8.enumerated() { header[148 + index] = byte }
        try Data(header + [UInt8](repeating: 0x41, count: 512)).write(to: URL(fileURLWithPath: path))
    }
}
