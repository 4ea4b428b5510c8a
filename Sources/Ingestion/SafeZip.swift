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
        guard data.starts(with: [0x50, 0x4B]) else {
            throw IngestionError.malformed(file: file, line: nil, message: "not a zip archive (a .docx or .qdpx file is a zip; this one starts with other bytes)",
                                           hint: "Save it again from Word or the QDA program; a renamed .doc or .txt cannot be read as .docx")
        }
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
            let size = entry.uncompressedSize
            if size > UInt64(limits.maxEntryBytes) {
                throw IngestionError.unsafe(file: file, line: nil, message: "entry '\(entry.path)' would unpack to \(size) bytes (limit \(limits.maxEntryBytes))",
                                            hint: "Split the project or remove large media from it")
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
                                            hint: "Split the project or remove large media from it")
            }
        }
        entries = list
    }

    /// Refuses absolute paths, `..` components, drive letters and NUL bytes (zip slip).
    static func checkPath(_ path: String, file: String) throws(IngestionError) {
        let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        let absolute = path.hasPrefix("/") || path.hasPrefix("\\")
        let drive = path.count >= 2 && path.dropFirst().first == ":" && path.first?.isLetter == true
        if absolute || drive || components.contains("..") || path.contains("\0") {
            throw IngestionError.unsafe(file: file, line: nil, message: "entry '\(path)' points outside the archive (path traversal, \"zip slip\")",
                                        hint: "Do not unpack this file; ask the sender for a new export")
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
