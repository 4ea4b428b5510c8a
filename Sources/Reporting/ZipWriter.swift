import Foundation

/// Writes a zip archive of deflated entries, into a file or into memory, for `project.qdpx`.
///
/// ZIPFoundation reads every zip Leitbild takes in; this writer exists because `project.qdpx` is
/// the largest output of a run, and ZIPFoundation compresses each entry on one core, at a fixed
/// level, with a CRC-32 computed byte by byte in Swift on Linux. Here entries arrive as
/// `DeflatedPiece`s that were compressed in parallel, and zlib computes the CRCs.
///
/// The archive is deterministic: entries in the order they are added, every timestamp
/// 2020-01-01 00:00 (written as DOS date and time, so no time zone enters), Unix permissions 0644,
/// no extra fields, no data descriptors (sizes and CRC are written into each local header once the
/// entry is complete). 65,535 entries or more get the ZIP64 end records; an entry, or an
/// archive, of 4 GiB or more is refused with a message.
final class ZipWriter {
    private let out: ByteWriter
    private let path: String
    private var central: [UInt8] = []
    private var entryCount = 0
    private var open: (name: [UInt8], headerOffset: Int, crc: UInt32, count: Int, compressed: Int)?

    static let dosTime: UInt16 = 0
    /// 2020-01-01: (year - 1980) << 9 | month << 5 | day.
    static let dosDate: UInt16 = (2020 - 1980) << 9 | 1 << 5 | 1
    /// Sizes and offsets must stay below this (32-bit fields); tests set a small one.
    private let limit: Int

    /// Collects the archive in memory (`bytes`).
    init(limit: Int = Int(UInt32.max)) {
        out = ByteWriter()
        path = "project.qdpx"
        self.limit = limit
    }

    /// Creates (or truncates) `path` and writes the archive into it (`ReportWriter` flushes the
    /// staged file to disk).
    init(creating path: String) throws(ReportingError) {
        out = try ByteWriter(creating: path)
        self.path = path
        limit = Int(UInt32.max)
    }

    /// Bytes of the archive so far.
    private var offset: Int { out.count }

    /// The archive, for a writer without a file.
    var bytes: [UInt8] { out.bytes }

    /// Adds an entry of one piece (which must end its stream).
    func add(_ name: String, _ piece: DeflatedPiece) throws(ReportingError) {
        try begin(name)
        try append(piece)
        try end()
    }

    /// Starts an entry whose pieces follow with `append`; `end` completes it.
    func begin(_ name: String) throws(ReportingError) {
        precondition(open == nil, "ZipWriter: \(name) begun before the previous entry ended")
        // Central directory records hold 32-bit offsets: refused here, before gigabytes are written.
        guard offset < limit else { throw Self.tooLarge(path) }
        let nameBytes = Array(name.utf8)
        open = (nameBytes, offset, 0, 0, 0)
        // Written again with the CRC and sizes by `end`.
        try out.append(localHeader(name: nameBytes, crc: 0, compressed: 0, count: 0))
    }

    /// Appends the next piece of the open entry, in stream order.
    func append(_ piece: DeflatedPiece) throws(ReportingError) {
        guard var entry = open else { preconditionFailure("ZipWriter: a piece without an open entry") }
        entry.crc = entry.count == 0 ? piece.crc : Deflate.combine(entry.crc, piece.crc, secondCount: piece.count)
        entry.count += piece.count
        entry.compressed += piece.bytes.count
        open = entry
        guard entry.count < limit, entry.compressed < limit else {
            throw ReportingError.renderFailed(file: path, reason: "\(String(decoding: entry.name, as: UTF8.self)) would reach 4 GiB, "
                                                + "more than a zip without ZIP64 entries holds; analyse the project in parts")
        }
        try out.append(piece.bytes)
    }

    /// Completes the open entry: its local header gets the CRC and sizes, the central directory its record.
    func end() throws(ReportingError) {
        guard let entry = open else { preconditionFailure("ZipWriter: end without an open entry") }
        open = nil
        let header = localHeader(name: entry.name, crc: entry.crc, compressed: entry.compressed, count: entry.count)
        try out.overwrite(header, at: entry.headerOffset)
        var record: [UInt8] = []
        record.le32(0x0201_4B50)
        record.le16(3 << 8 | 20)  // made by: Unix, zip 2.0
        record.le16(20)  // needed: 2.0 (deflate)
        record.le16(0)  // flags
        record.le16(8)  // deflate
        record.le16(Self.dosTime)
        record.le16(Self.dosDate)
        record.le32(entry.crc)
        record.le32(UInt32(entry.compressed))
        record.le32(UInt32(entry.count))
        record.le16(UInt16(entry.name.count))
        record.le16(0)  // extra
        record.le16(0)  // comment
        record.le16(0)  // disk
        record.le16(0)  // internal attributes
        record.le32(UInt32(0o100644) << 16)  // external: regular file, rw-r--r--
        record.le32(UInt32(entry.headerOffset))
        record.append(contentsOf: entry.name)
        central.append(contentsOf: record)
        entryCount += 1
    }

    /// Writes the central directory and the end records (a staged report is flushed to disk and
    /// renamed by `ReportWriter`).
    func finish() throws(ReportingError) {
        precondition(open == nil, "ZipWriter: finish with an entry open")
        let directoryOffset = offset
        guard directoryOffset + central.count < limit else { throw Self.tooLarge(path) }
        var tail = central
        // 0xFFFF in the end record means "see the ZIP64 records", so from 65,535 entries on they are written.
        if entryCount >= 0xFFFF {
            // ZIP64 end of central directory record and locator (APPNOTE 4.3.14, 4.3.15).
            let record64Offset = directoryOffset + central.count
            tail.le32(0x0606_4B50)
            tail.le64(44)  // size of the rest of the record
            tail.le16(3 << 8 | 45)
            tail.le16(45)
            tail.le32(0)
            tail.le32(0)
            tail.le64(UInt64(entryCount))
            tail.le64(UInt64(entryCount))
            tail.le64(UInt64(central.count))
            tail.le64(UInt64(directoryOffset))
            tail.le32(0x0706_4B50)
            tail.le32(0)
            tail.le64(UInt64(record64Offset))
            tail.le32(1)
        }
        let count16 = UInt16(min(entryCount, 0xFFFF))
        tail.le32(0x0605_4B50)
        tail.le16(0)
        tail.le16(0)
        tail.le16(count16)
        tail.le16(count16)
        tail.le32(UInt32(central.count))
        tail.le32(UInt32(directoryOffset))
        tail.le16(0)  // comment
        try out.append(tail)
        try out.finish()
    }

    private static func tooLarge(_ path: String) -> ReportingError {
        ReportingError.renderFailed(file: path, reason: "the archive would reach 4 GiB, more than Leitbild's zip writer supports; "
                                        + "analyse the project in parts")
    }

    private func localHeader(name: [UInt8], crc: UInt32, compressed: Int, count: Int) -> [UInt8] {
        var h: [UInt8] = []
        h.reserveCapacity(30 + name.count)
        h.le32(0x0403_4B50)
        h.le16(20)
        h.le16(0)
        h.le16(8)
        h.le16(Self.dosTime)
        h.le16(Self.dosDate)
        h.le32(crc)
        h.le32(UInt32(compressed))
        h.le32(UInt32(count))
        h.le16(UInt16(name.count))
        h.le16(0)
        h.append(contentsOf: name)
        return h
    }
}

private extension Array where Element == UInt8 {
    /// Appends an integer in little-endian byte order (zip's).
    mutating func le<I: FixedWidthInteger>(_ value: I) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func le16(_ v: UInt16) { le(v) }
    mutating func le32(_ v: UInt32) { le(v) }
    mutating func le64(_ v: UInt64) { le(v) }
}
