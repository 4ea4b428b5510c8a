import Foundation
import LeitbildCore
import ZIPFoundation

/// Limits for zip containers (`.docx`, `.qdpx`), checked before anything is extracted.
public struct ZipLimits: Sendable, Hashable {
    /// Most entries an archive may list.
    public var maxEntries: Int
    /// Largest uncompressed size of one entry, in bytes.
    public var maxEntryBytes: Int
    /// Largest uncompressed size of all entries together, in bytes.
    public var maxTotalBytes: Int
    /// Largest uncompressed/compressed ratio of an entry over 1 MiB (zip bombs reach 1000 and more;
    /// Word and QDA XML stays far below 100).
    public var maxCompressionRatio: Int

    public init(maxEntries: Int = 10_000, maxEntryBytes: Int = 256 << 20, maxTotalBytes: Int = 1 << 30, maxCompressionRatio: Int = 200) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
    }
}

/// A zip archive read from memory, with every entry checked for path traversal, count, size and
/// compression ratio before any is extracted. Entries are extracted into memory, never to disk,
/// and the extracted size is enforced while inflating (the declared size may lie).
struct SafeZip {
    let file: String
    let limits: ZipLimits
    private let archive: Archive
    /// Entries by path, in archive order.
    let entries: [Entry]

    init(data: Data, file: String, limits: ZipLimits) throws(IngestionError) {
        self.file = file
        self.limits = limits
        // An OLE compound file: an old Word .doc renamed, or a .docx saved with a password (Word
        // then wraps the encrypted zip in one).
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw IngestionError.malformed(file: file, line: nil,
                                           message: "not a zip archive but an OLE file: an old Word .doc, or a .docx protected by a password",
                                           hint: "Remove the password (Word: File > Info > Protect Document) or save it as .docx, then run again")
        }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw IngestionError.malformed(file: file, line: nil, message: "not a zip archive (a .docx or .qdpx file is a zip; this one starts with other bytes)",
                                           hint: "Save it again from Word or the QDA program; a renamed .doc or .txt cannot be read as .docx")
        }
        // ZIPFoundation's in-memory reader traps on offsets past the end of the data, so every
        // structure it will visit is bounds-checked first.
        try ZipStructure.validate(data, file: file)
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw IngestionError.malformed(file: file, line: nil, message: "the zip archive cannot be opened (\(error))",
                                           hint: "The file may be cut off; copy or export it again")
        }
        var list: [Entry] = []
        var total: UInt64 = 0
        for entry in archive {
            list.append(entry)
            if list.count > limits.maxEntries {
                throw IngestionError.unsafe(file: file, line: nil, message: "the archive has more than \(limits.maxEntries) entries",
                                            hint: "This is not a normal .docx/.qdpx; check where the file came from")
            }
            try Self.checkPath(entry.path, file: file)
            // ZIPFoundation reads a symbolic link's target in one allocation of the size its local
            // header claims (up to 4 GiB; found by FuzzQDPX as out-of-memory), and no Word or QDA
            // file holds links.
            if entry.type == .symlink {
                throw IngestionError.unsafe(file: file, line: nil, message: "entry '\(entry.path)' is a symbolic link",
                                            hint: "Word and QDA programs never write links; check where the file came from")
            }
            let size = entry.uncompressedSize
            if size > UInt64(limits.maxEntryBytes) {
                throw IngestionError.unsafe(file: file, line: nil, message: "entry '\(entry.path)' would unpack to \(size) bytes (limit \(limits.maxEntryBytes))",
                                            hint: Self.tooLargeHint(file))
            }
            let compressed = max(entry.compressedSize, 1)
            if size > 1 << 20, size / compressed > UInt64(limits.maxCompressionRatio) {
                throw IngestionError.unsafe(file: file, line: nil,
                                            message: "entry '\(entry.path)' is compressed \(size / compressed):1 (limit \(limits.maxCompressionRatio):1), a sign of a zip bomb",
                                            hint: "Do not open this file; ask the sender for a new export")
            }
            total += size
            if total > UInt64(limits.maxTotalBytes) {
                throw IngestionError.unsafe(file: file, line: nil, message: "the archive would unpack to more than \(limits.maxTotalBytes) bytes",
                                            hint: Self.tooLargeHint(file))
            }
        }
        entries = list
    }

    /// What to do about an archive too large to unpack, by its kind: a Word file's text alone is
    /// small (its limits are only reached by embedded files or a forged archive), a QDA project's
    /// media can be left out of its export. One sentence for both told a consultant with a .docx
    /// to "split the project" (found in a first-day review).
    static func tooLargeHint(_ file: String) -> String {
        switch PathName.`extension`(file).lowercased() {
        case "qdpx": return "Export the project again without its media (audio, video, images), or split it into smaller projects"
        case "docx":
            return "A transcript's text is far smaller: remove embedded videos, images or files from the document, or save its text as .txt "
                + "(if it holds none, do not open it: check where it came from)"
        default: return "Remove large embedded files from it, or save its text as .txt"
        }
    }

    /// Refuses absolute paths, `..` components, drive letters and NUL bytes (zip slip).
    static func checkPath(_ path: String, file: String) throws(IngestionError) {
        let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        let absolute = path.hasPrefix("/") || path.hasPrefix("\\")
        let drive = path.count >= 2 && path.dropFirst().first == ":" && path.first?.isLetter == true
        if path.contains("\0") {
            throw IngestionError.unsafe(file: file, line: nil, message: "an entry's name holds a NUL byte, which hides what the name says",
                                        hint: "Do not unpack this file with other tools; ask the sender for a new export")
        }
        if absolute || drive || components.contains("..") {
            throw IngestionError.unsafe(file: file, line: nil,
                                        message: "entry '\(path)' would be unpacked outside the archive's folder (path traversal, \"zip slip\"); "
                                            + "Leitbild reads nothing of it",
                                        hint: "Do not unpack this file with other tools; ask the sender for a new export")
        }
    }

    /// The entry at `path`; `caseInsensitive` for REFI-QDA's `sources/` folder, which tools spell differently.
    func entry(_ path: String, caseInsensitive: Bool = false) -> Entry? {
        if let exact = entries.first(where: { $0.path == path }) { return exact }
        guard caseInsensitive else { return nil }
        let lower = path.lowercased()
        return entries.first { $0.path.lowercased() == lower }
    }

    /// Extracts an entry into memory, enforcing the size limit while inflating and checking its CRC.
    func data(of entry: Entry) throws(IngestionError) -> Data {
        var data = Data()
        let limit = min(limits.maxEntryBytes, Int(clamping: entry.uncompressedSize))
        let path = entry.path
        let file = self.file
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                if data.count + chunk.count > limit {
                    throw IngestionError.unsafe(file: file, line: nil,
                                                message: "entry '\(path)' unpacks to more bytes than its header declares",
                                                hint: "Do not open this file; ask the sender for a new export")
                }
                data.append(chunk)
            }
        } catch let error as IngestionError {
            throw error
        } catch {
            throw IngestionError.malformed(file: file, line: nil, message: "entry '\(path)' cannot be unpacked (\(error))",
                                           hint: "The file may be damaged; copy or export it again")
        }
        if checksum != entry.checksum, entry.checksum != 0 {
            throw IngestionError.malformed(file: file, line: nil, message: "entry '\(path)' fails its CRC-32 check",
                                           hint: "The file is damaged; copy or export it again")
        }
        return data
    }
}

/// Bounds checks of a zip's end-of-central-directory record, central directory and local headers
/// (with their ZIP64 variants), so that no reader ever seeks outside the bytes.
enum ZipStructure {
    static func validate(_ data: Data, file: String) throws(IngestionError) {
        let bytes = [UInt8](data)
        func damaged(_ what: String) -> IngestionError {
            .malformed(file: file, line: nil, message: "the zip archive is damaged (\(what))", hint: "The file may be cut off; copy or export it again")
        }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt64 { UInt64(u16(at)) | UInt64(u16(at + 2)) << 16 }
        func u64(_ at: Int) -> UInt64 { u32(at) | u32(at + 4) << 32 }
        let n = bytes.count
        // End of central directory: 22 bytes plus a comment of up to 65535 bytes.
        guard n >= 22 else { throw damaged("shorter than an empty archive") }
        var eocd = -1
        var at = n - 22
        while at >= max(0, n - 22 - 65_535) {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 { eocd = at; break }
            at -= 1
        }
        guard eocd >= 0 else { throw damaged("no end-of-central-directory record") }
        // ZIPFoundation reads the archive comment with this record and gives up when it is cut
        // off, and a failed `Archive(data:)` never closes the memory file it opened, leaking it and
        // a copy of the whole archive (found by FuzzQDE). Refusing such an archive here means
        // ZIPFoundation only ever opens archives whose record it can read.
        guard eocd + 22 + u16(eocd + 20) <= n else { throw damaged("the archive comment runs past the end of the file") }
        var total = UInt64(u16(eocd + 10))
        var size = u32(eocd + 12)
        var offset = u32(eocd + 16)
        if total == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let locator = eocd - 20
            guard locator >= 0, u32(locator) == 0x0706_4B50 else { throw damaged("ZIP64 locator missing") }
            let record = u64(locator + 8)
            guard n >= 56, record <= UInt64(n - 56), u32(Int(record)) == 0x0606_4B50 else { throw damaged("ZIP64 record out of bounds") }
            total = u64(Int(record) + 32)
            size = u64(Int(record) + 40)
            offset = u64(Int(record) + 48)
        }
        guard offset <= UInt64(n), size <= UInt64(n) - offset else { throw damaged("central directory out of bounds") }
        var cursor = Int(offset)
        let end = Int(offset + size)
        var count: UInt64 = 0
        while count < total {
            guard cursor + 46 <= end, u32(cursor) == 0x0201_4B50 else { throw damaged("central directory entry \(count + 1) out of bounds") }
            let versionNeeded = u16(cursor + 6)
            let flags = u16(cursor + 8)
            let method = u16(cursor + 10)
            let rawCompressed = u32(cursor + 20), rawUncompressed = u32(cursor + 24)
            let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32)
            let rawDisk = u16(cursor + 34)
            let rawLocal = u32(cursor + 42)
            let next = cursor + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw damaged("central directory entry \(count + 1) out of bounds") }
            // Sizes and offsets exactly as ZIPFoundation will use them (Entry+ZIP64.swift): the
            // ZIP64 extra field counts only if its size matches the fields that read all ones, and
            // its values replace the 32-bit ones only in a ZIP64 entry and only when not zero. Any
            // other reading could pass a position ZIPFoundation then seeks beyond (found by FuzzQDPX).
            let zip64 = zip64Values(in: bytes, at: cursor + 46 + nameLength, length: extraLength,
                                    uncompressed: rawUncompressed == 0xFFFF_FFFF, compressed: rawCompressed == 0xFFFF_FFFF,
                                    local: rawLocal == 0xFFFF_FFFF, disk: rawDisk == 0xFFFF)
            let isZIP64 = versionNeeded & 0xFF >= 45 || zip64 != nil
            func effective(_ raw: UInt64, _ wide: UInt64?) -> UInt64 {
                if isZIP64, let wide, wide > 0 { return wide }
                return raw
            }
            let compressed = effective(rawCompressed, zip64?.compressed)
            let uncompressed = effective(rawUncompressed, zip64?.uncompressed)
            let local = effective(rawLocal, zip64?.local)
            guard n >= 30, local <= UInt64(n - 30), u32(Int(local)) == 0x0403_4B50 else { throw damaged("local header of entry \(count + 1) out of bounds") }
            let dataStart = UInt64(Int(local) + 30 + u16(Int(local) + 26) + u16(Int(local) + 28))
            guard dataStart <= UInt64(n), compressed <= UInt64(n) - dataStart else { throw damaged("data of entry \(count + 1) out of bounds") }
            // ZIPFoundation reads a data descriptor after the data: after the compressed size for
            // deflated entries, after the uncompressed size for stored ones.
            if flags & 0x8 != 0 {
                let stored = method == 0 ? uncompressed : compressed
                guard stored <= UInt64(n) - dataStart, 24 <= UInt64(n) - dataStart - stored else {
                    throw damaged("data descriptor of entry \(count + 1) out of bounds")
                }
            }
            cursor = next
            count += 1
        }
    }

    /// The values of a ZIP64 extended-information field as ZIPFoundation reads it: the first
    /// field with id 1, accepted only when its size is exactly that of the wanted values, which
    /// follow in the order uncompressed, compressed, local header offset (8 bytes each), disk (4).
    private static func zip64Values(in bytes: [UInt8], at start: Int, length: Int,
                                    uncompressed: Bool, compressed: Bool, local: Bool, disk: Bool)
        -> (uncompressed: UInt64, compressed: UInt64, local: UInt64)?
    {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        let wanted = (uncompressed ? 8 : 0) + (compressed ? 8 : 0) + (local ? 8 : 0) + (disk ? 4 : 0)
        var offset = 0
        while offset < length - 4 {
            let id = u16(start + offset), size = u16(start + offset + 2)
            let next = offset + 4 + size
            guard next <= length else { return nil }
            if id == 0x0001 {
                guard size == wanted else { return nil }
                var field = start + offset + 4
                func take(_ present: Bool) -> UInt64 {
                    guard present else { return 0 }
                    defer { field += 8 }
                    return u64(field)
                }
                let u = take(uncompressed), c = take(compressed), l = take(local)
                return (u, c, l)
            }
            offset = next
        }
        return nil
    }
}
