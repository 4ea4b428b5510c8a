import Foundation
import Testing
import ZIPFoundation
@testable import Reporting

/// `project.qdpx` is written by Leitbild's own zip writer from pieces deflated in parallel; every
/// archive here is read back by ZIPFoundation, and each entry's CRC-32 is checked against its content.
@Suite("Zip writer for project.qdpx")
struct ZipWriterTests {
    /// Entries as (name, content), read back in archive order.
    static func entries(of bytes: [UInt8]) throws -> [(name: String, content: [UInt8])] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        return try archive.map { entry in
            var data = Data()
            // ZIPFoundation returns the CRC-32 of what it extracted; comparing is up to the caller.
            let crc = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            #expect(crc == entry.checksum, "\(entry.path): CRC-32 in the archive does not match the content")
            #expect(entry.type == .file)
            return (entry.path, [UInt8](data))
        }
    }

    static func text(_ count: Int, seed: UInt64) -> [UInt8] {
        // German-looking text with some repetition, as transcripts and QDA-XML have.
        let words = ["Radweg", "Bürgerbus", "Pflege", "Glasfaser", "und", "die", "Gemeinde", "„Zitat“", "ß", "🚲", "\n"]
        var state = seed, out: [UInt8] = []
        while out.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out += Array(words[Int(state >> 33) % words.count].utf8) + [0x20]
        }
        return Array(out.prefix(count))
    }

    /// Pieces of one entry, cut at these sizes: empty pieces, one byte, pieces larger than the
    /// deflate window, and a last piece that is empty.
    static let cuts: [(label: String, sizes: [Int])] = [
        ("one piece", [10_000]),
        ("empty entry", [0]),
        ("one byte", [1]),
        ("empty first and last pieces", [0, 500, 0]),
        ("many small pieces", Array(repeating: 37, count: 50)),
        ("pieces longer than the 32 KiB window", [70_000, 40_000, 1]),
    ]

    @Test("pieces deflated on their own make one entry", arguments: cuts.indices)
    func pieces(_ index: Int) throws {
        let sizes = Self.cuts[index].sizes
        let whole = Self.text(sizes.reduce(0, +), seed: UInt64(index))
        let zip = ZipWriter()
        try zip.begin("project.qde")
        var start = 0
        for (i, size) in sizes.enumerated() {
            try zip.append(Deflate.piece(Array(whole[start..<start + size]), last: i == sizes.count - 1))
            start += size
        }
        try zip.end()
        try zip.add("sources/a.txt", Deflate.piece(Array("Quelle".utf8), last: true))
        try zip.finish()
        let read = try Self.entries(of: zip.bytes)
        #expect(read.map(\.name) == ["project.qde", "sources/a.txt"], "\(Self.cuts[index].label)")
        #expect(read.first?.content == whole, "\(Self.cuts[index].label)")
        #expect(read.last?.content == Array("Quelle".utf8))
    }

    @Test("a file-backed archive equals the in-memory one")
    func fileEqualsMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zipwriter-\(UUID().uuidString).zip").path
        defer { unlink(path) }
        func fill(_ zip: ZipWriter) throws {
            for i in 0..<3 { try zip.add("sources/\(i).txt", Deflate.piece(Self.text(5_000 * i, seed: UInt64(i)), last: true)) }
            try zip.finish()
        }
        let memory = ZipWriter()
        try fill(memory)
        do {
            let file = try ZipWriter(creating: path)
            try fill(file)
        }
        #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == memory.bytes)
        #expect(try Self.entries(of: memory.bytes).map(\.content.count) == [0, 5_000, 10_000])
    }

    @Test("fixed timestamps and permissions, so reruns are byte-identical")
    func deterministic() throws {
        let zip = ZipWriter()
        try zip.add("project.qde", Deflate.piece(Array("<Project/>".utf8), last: true))
        try zip.finish()
        let archive = try Archive(data: Data(zip.bytes), accessMode: .read)
        let entry = try #require(archive["project.qde"])
        let date = Calendar(identifier: .gregorian).dateComponents(in: .current, from: entry.fileAttributes[.modificationDate] as! Date)
        #expect((date.year, date.month, date.day, date.hour, date.minute) == (2020, 1, 1, 0, 0))
        #expect(entry.fileAttributes[.posixPermissions] as? Int16 == 0o644)
    }

    @Test("65,535 entries or more: the ZIP64 end records", arguments: [65_534, 65_535, 70_000])
    func zip64(_ count: Int) throws {
        let zip = ZipWriter()
        let piece = try Deflate.piece(Array("x".utf8), last: true)
        for i in 0..<count { try zip.add("sources/\(i).txt", piece) }
        try zip.finish()
        // The ZIP64 end of central directory record's signature, PK\u{6}\u{6}.
        let hasZip64 = zip.bytes.suffix(200).firstRange(of: [0x50, 0x4B, 0x06, 0x06]) != nil
        #expect(hasZip64 == (count >= 65_535))
        let archive = try Archive(data: Data(zip.bytes), accessMode: .read)
        var seen = 0
        for entry in archive {
            if seen == 0 || seen == count - 1 { #expect(entry.path == "sources/\(seen).txt") }
            seen += 1
        }
        #expect(seen == count)
        var last = Data()
        _ = try archive.extract(try #require(archive["sources/\(count - 1).txt"])) { last.append($0) }
        #expect(last == Data("x".utf8))
    }

    @Test("an entry or archive past the 32-bit limit is refused with a message, not a crash")
    func sizeLimit() throws {
        let piece = try Deflate.piece(Self.text(5_000, seed: 3), last: false)
        let big = ZipWriter(limit: 1_000)
        try big.begin("project.qde")
        #expect(throws: ReportingError.self) { try big.append(piece) }

        let many = ZipWriter(limit: 1_000)
        let small = try Deflate.piece(Array("x".utf8), last: true)
        var added = 0
        let error = #expect(throws: ReportingError.self) {
            while added < 1_000 { try many.add("sources/\(added).txt", small); added += 1 }
        }
        #expect(added > 10 && added < 100, "refused at entry \(added)")
        #expect(error?.localizedDescription.contains("4 GiB") == true)
    }

    /// Pieces wait in memory until they are written in order: a piece that kept the room it was
    /// compressed into would hold the uncompressed size (at 5,000 interviews, 120 MB more peak memory).
    @Test("a piece holds only its compressed bytes")
    func pieceSize() throws {
        let piece = try Deflate.piece(Array(repeating: Array("Radweg und Bürgerbus. ".utf8), count: 50_000).flatMap { $0 }, last: false)
        #expect(piece.count == 1_150_000)
        #expect(piece.bytes.count < piece.count / 100)
        #expect(piece.bytes.capacity < piece.count / 50, "capacity \(piece.bytes.capacity) for \(piece.bytes.count) bytes")
    }

    @Test("CRC-32 of two runs combined equals the CRC-32 of both")
    func crcCombine() {
        let a = Self.text(1_000, seed: 1), b = Self.text(77_777, seed: 2)
        let whole = (a + b).withUnsafeBytes { Deflate.crc32($0) }
        let parts = Deflate.combine(a.withUnsafeBytes { Deflate.crc32($0) }, b.withUnsafeBytes { Deflate.crc32($0) }, secondCount: b.count)
        #expect(parts == whole)
        // The CRC-32 of "123456789" (the standard check value).
        #expect(Array("123456789".utf8).withUnsafeBytes { Deflate.crc32($0) } == 0xCBF4_3926)
    }

    /// Which interviews arrive with a piece built before (as the pipeline's cache gives them),
    /// and under which source name it was built.
    enum Prebuilt: String, CaseIterable {
        case none, all, everySecond, underAnotherName, byAnotherZlib
    }

    @Test("project.qdpx is the same archive whether its pieces were built before or by the renderer", arguments: Prebuilt.allCases)
    func prebuiltPieces(_ prebuilt: Prebuilt) throws {
        let fresh = ReportFixture.input()
        #expect(fresh.transcripts.count > 2, "the fixture must have several sources for the seams to be tested")
        let reference = try QDPXRenderer().render(fresh).contents
        var input = fresh
        input.qdpxPieces = try input.transcripts.enumerated().map { i, coded -> QDPXPiece? in
            switch prebuilt {
            case .none: return nil
            case .all: return try QDPXRenderer.piece(for: coded, codebook: input.codebook)
            case .everySecond: return i % 2 == 0 ? try QDPXRenderer.piece(for: coded, codebook: input.codebook) : nil
            case .underAnotherName:
                return try QDAProject.piece(for: coded, name: "renamed \(i).txt", codes: QDPXRenderer.Codes(input.codebook))
            case .byAnotherZlib:
                // Bytes another zlib could have made for the same content: level 1 instead of 6.
                var piece = try QDPXRenderer.piece(for: coded, codebook: input.codebook)
                piece.zlibVersion = "0.9-other"
                piece.text = try Deflate.piece(Array(coded.transcript.text.utf8), last: true, level: 1)
                return piece
            }
        }
        let file = try QDPXRenderer().render(input)
        // Compared as a Bool, so that a failure does not print both archives byte by byte.
        let same = file.contents == reference
        #expect(same, "the archive differs from the one the renderer builds alone (\(file.contents.count) against \(reference.count) bytes)")
        // The archive holds what the unpacked reference (and the golden project.qde) holds.
        let read = try Self.entries(of: file.contents)
        let unpacked = try QDPXTests.unpack(fresh)
        #expect(read.map(\.name) == unpacked.entryNames)
        #expect(read.first.map { String(decoding: $0.content, as: UTF8.self) } == unpacked.qde)
    }

    /// A `.qdpx` or a TEI corpus holds several transcripts under one file name: the pipeline
    /// builds their pieces under the name the project gives them, so that they are taken.
    @Test("pieces of transcripts that share a file are built under their project name, and taken")
    func sharedFilePieces() throws {
        let interviews = ReportFixture.interviews.map { interview -> ReportFixture.Interview in
            var shared = interview
            shared.file = "umfrage.csv"
            return shared
        }
        var input = ReportFixture.input(interviews: interviews)
        let reference = try QDPXRenderer().render(input).contents
        let pieces = try input.transcripts.map { try QDPXRenderer.piece(for: $0, codebook: input.codebook, sharedFile: true) }
        #expect(pieces.map(\.sourceName) == QDAProject(input).sources.map(\.name))
        input.qdpxPieces = pieces
        let same = try QDPXRenderer().render(input).contents == reference
        #expect(same, "the archive differs from the one the renderer builds alone")
        // Taken, not rebuilt: a piece of the right name with other bytes ends up in the archive.
        var marked = pieces
        marked[0].text = try Deflate.piece(Array("anders".utf8), last: true)
        input.qdpxPieces = marked
        let taken = try QDPXRenderer().render(input).contents != reference
        #expect(taken, "the marked piece was not taken")
    }

    @Test("a piece built under another source name is not taken")
    func renamedPieceDiffers() throws {
        let input = ReportFixture.input()
        let coded = try #require(input.transcripts.first)
        let right = try QDPXRenderer.piece(for: coded, codebook: input.codebook)
        let renamed = try QDAProject.piece(for: coded, name: "renamed.txt", codes: QDPXRenderer.Codes(input.codebook))
        // Otherwise the case `underAnotherName` above would prove nothing.
        #expect(right.element != renamed.element)
        #expect(right.text == renamed.text)
    }
}
