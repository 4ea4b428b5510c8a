import CLibZ

/// A piece of a raw deflate stream (zip method 8) with the CRC-32 and size of what it holds.
///
/// Pieces compressed on their own concatenate into one valid stream: every piece but the last
/// ends with a sync flush (an empty stored block, so the next piece starts on a byte boundary
/// with no block open), and only the last one ends the stream. So a long entry can be compressed
/// piece by piece on several cores, and the result depends only on where the pieces are cut,
/// never on how many cores did the work.
public struct DeflatedPiece: Sendable, Codable, Equatable {
    public var bytes: [UInt8]
    /// CRC-32 of the uncompressed bytes.
    public var crc: UInt32
    /// Number of uncompressed bytes.
    public var count: Int

    /// Memberwise (the run cache builds these field by field).
    public init(bytes: [UInt8], crc: UInt32, count: Int) {
        self.bytes = bytes
        self.crc = crc
        self.count = count
    }
}

/// Raw deflate and CRC-32 through the system zlib.
enum Deflate {
    /// Level 3, the strongest of zlib's fast levels. Against the default level 6 it takes less
    /// time (zlib in a full run at 5,001 interviews: 2.3 -> 1.6 CPU-s) for an archive about 7 %
    /// larger (42.6 -> 45.4 MB); see docs/batch-rounds.md, "Round b8c3901 → b2bcf13".
    static let level: Int32 = 3

    /// The version of the system zlib this process uses.
    static let zlibVersion = String(cString: CLibZ.zlibVersion())

    /// Compresses `bytes` as one piece of a stream; `last` ends the stream.
    static func piece(_ bytes: UnsafeRawBufferPointer, last: Bool, level: Int32 = Deflate.level) throws(ReportingError) -> DeflatedPiece {
        var stream = z_stream()
        // Raw deflate (negative window bits: no zlib header), 32 KiB window, zlib's fastest memory level.
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ReportingError.renderFailed(file: "project.qdpx", reason: "zlib could not start a deflate stream")
        }
        defer { deflateEnd(&stream) }
        // deflateBound covers a finished stream; a sync flush adds at most an empty stored block.
        let capacity = Int(deflateBound(&stream, uLong(bytes.count))) + 16
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var status = Z_OK
        output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            status = deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
            produced = out.count - Int(stream.avail_out)
        }
        // With room for the whole bound, one call consumes everything: Z_STREAM_END when
        // finishing, Z_OK after a complete sync flush.
        guard stream.avail_in == 0, status == (last ? Z_STREAM_END : Z_OK), stream.avail_out > 0 else {
            throw ReportingError.renderFailed(file: "project.qdpx", reason: "zlib deflate stopped with status \(status)")
        }
        // A copy of exactly the compressed bytes: the buffer has room for the uncompressed size,
        // and pieces are held until they are written in order.
        return DeflatedPiece(bytes: Array(output[..<produced]), crc: crc32(bytes), count: bytes.count)
    }

    static func piece(_ bytes: [UInt8], last: Bool, level: Int32 = Deflate.level) throws(ReportingError) -> DeflatedPiece {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ReportingError) -> DeflatedPiece in try piece(raw, last: last, level: level) } }
        return try result.get()
    }

    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        return UInt32(CLibZ.crc32(uLong(seed), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    /// The CRC-32 of two byte runs one after the other, from their own CRCs.
    static func combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
        UInt32(crc32_combine(uLong(first), uLong(second), off_t(secondCount)))
    }
}
