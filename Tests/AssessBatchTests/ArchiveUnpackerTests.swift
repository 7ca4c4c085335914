import AssessBatch
import AssessTestSupport
import Foundation
import Testing

@Suite struct ArchiveUnpackerTests {
    let unpacker = ArchiveUnpacker()

    func unpack(_ entries: [ArchiveMaker.Entry], _ format: ArchiveMaker.Format = .zip) throws -> (
        TemporaryTree, Result<Void, ArchiveError>
    ) {
        let tree = try TemporaryTree()
        let archive = tree.subpath(format == .zip ? "in.zip" : "in.tar.gz")
        try ArchiveMaker.write(entries, format: format, to: archive)
        let result = Result { () throws(ArchiveError) in try unpacker.unpack(archive, into: tree.subpath("out")) }
        return (tree, result)
    }

    @Test(arguments: [ArchiveMaker.Format.zip, .tarGz])
    func unpacksAndDropsASingleTopLevelFolder(_ format: ArchiveMaker.Format) throws {
        let (tree, result) = try unpack(
            [.text("alice/design.md", "# Design\n"), .text("alice/api/orders.yaml", "openapi: 3.0.3\n")], format)
        try result.get()
        #expect(try String(contentsOfFile: tree.subpath("out/design.md"), encoding: .utf8) == "# Design\n")
        #expect(FileManager.default.fileExists(atPath: tree.subpath("out/api/orders.yaml")))
    }

    @Test func macOSFinderExtrasAreDroppedSoTheTopFolderStillGoes() throws {
        let (tree, result) = try unpack([
            .text("carol/design.md", "# D\n"), .text("__MACOSX/carol/._design.md", "fork"),
            .text("carol/.DS_Store", "x"),
        ])
        try result.get()
        #expect(FileManager.default.fileExists(atPath: tree.subpath("out/design.md")))
        #expect(!FileManager.default.fileExists(atPath: tree.subpath("out/__MACOSX")))
    }

    @Test func zipSlipIsRefused() throws {
        let (tree, result) = try unpack([.text("design.md", "x"), .text("../../evil.sh", "rm -rf /")])
        #expect(throws: ArchiveError.self) { try result.get() }
        if case .failure(let error) = result {
            #expect(error.reason == "entry '../../evil.sh' climbs out with '..' (zip slip); refused")
        }
        #expect(!FileManager.default.fileExists(atPath: tree.subpath("evil.sh")))
    }

    @Test func linksAndAbsolutePathsAreRefused() throws {
        let (_, link) = try unpack([.text("design.md", "x"), .symlink("secrets", target: "/etc/passwd")], .tarGz)
        if case .failure(let error) = link {
            #expect(error.reason == "entry 'secrets' is a link; archives with links are refused")
        } else {
            Issue.record("a link was unpacked")
        }
        let (_, absolute) = try unpack([.text("/etc/cron.d/x", "x")], .tarGz)
        if case .failure(let error) = absolute {
            #expect(error.reason.contains("absolute path"))
        } else {
            Issue.record("an absolute path was unpacked")
        }
    }

    @Test func aCompressionBombIsRefusedOnItsRatio() throws {
        let (tree, result) = try unpack([.file("zeros.bin", Data(count: 48 << 20))])
        if case .failure(let error) = result {
            #expect(error.reason == "expands more than 200 times its size (a compression bomb?); refused")
        } else {
            Issue.record("a compression bomb was unpacked")
        }
        #expect(!FileManager.default.fileExists(atPath: tree.subpath("out/zeros.bin")))
    }

    @Test func anArchiveClaimingTenGigabytesIsRefusedFromItsHeader() throws {
        let tree = try TemporaryTree()
        try ArchiveMaker.writeClaimingTar(name: "huge.bin", claimed: 10 << 30, to: tree.subpath("bomb.tar"))
        #expect {
            try unpacker.unpack(tree.subpath("bomb.tar"), into: tree.subpath("out"))
        } throws: { error in
            (error as? ArchiveError)?.reason
                == "entry 'huge.bin' claims 10737418240 bytes, over the 268435456-byte limit; refused"
        }
    }

    @Test func garbageIsNotAnArchive() throws {
        let tree = try TemporaryTree(["junk.zip": "this is not a zip"])
        #expect(throws: ArchiveError.self) { try unpacker.unpack(tree.subpath("junk.zip"), into: tree.subpath("out")) }
    }
}
