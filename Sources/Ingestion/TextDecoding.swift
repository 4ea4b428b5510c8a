import Foundation
import LeitbildCore

/// Decodes transcript bytes into normalised text (NFC, LF line ends).
///
/// Accepted: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (and BOM-less UTF-16 that is
/// recognisable by its zero bytes), and Windows-1252 (or Mac OS Roman, when its umlauts show) as a
/// reported fallback. Everything works on
/// bytes: validation, line-end folding and the NFC quick check are single passes, and Foundation's
/// normaliser only runs when a scalar that could change under NFC is present.
public enum TextDecoding {
    /// Decoded text and how it was encoded.
    public struct Decoded: Sendable {
        /// NFC text with LF line ends.
        public var text: String
        /// "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252", "Mac OS Roman".
        public var encoding: String
        /// Whether the source had CR or CRLF line ends (folded to LF).
        public var hadCarriageReturns: Bool
    }

    /// Decodes and normalises. Throws for binary data, broken UTF-8/UTF-16 and empty input.
    public static func decode(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Decoded {
        let raw = try decodeWithoutNormalizing(data, file: file, diagnostics: &diagnostics)
        var hadCR = false
        let text = normalize(raw.utf8, hadCarriageReturns: &hadCR)
        return Decoded(text: text, encoding: raw.encoding, hadCarriageReturns: hadCR)
    }

    /// Validated UTF-8 bytes of the source as written (BOM removed, line ends and NFC untouched).
    /// REFI-QDA positions count scalars of exactly this text.
    struct Raw {
        var utf8: [UInt8]
        var encoding: String
    }

    static func decodeWithoutNormalizing(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Raw {
        let count = data.count
        if count == 0 { throw IngestionError.empty(file: file) }
        // withUnsafeBytes rethrows untyped errors; a Result carries the typed one out.
        let result: Result<Raw, IngestionError> = data.withUnsafeBytes { raw in
            Result { () throws(IngestionError) -> Raw in try decodeBytes(raw.bindMemory(to: UInt8.self), file: file, diagnostics: &diagnostics) }
        }
        return try result.get()
    }

    private static func decodeBytes(_ bytes: UnsafeBufferPointer<UInt8>, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Raw {
            let count = bytes.count
            if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                let body = UnsafeBufferPointer(rebasing: bytes[3...])
                if let bad = firstInvalidUTF8(body) {
                    throw IngestionError.undecodable(file: file, byteOffset: bad + 3, line: lineNumber(bytes, at: bad + 3),
                                                     encoding: "UTF-8 (the file starts with a UTF-8 byte order mark)")
                }
                try rejectBinary(body, offset: 3, file: file)
                return Raw(utf8: Array(body), encoding: "UTF-8 with BOM")
            }
            if let error = utf32(Array(bytes.prefix(4)), file: file) { throw error }
            if count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
                let little = bytes[0] == 0xFF
                let utf8 = try decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), littleEndian: little, file: file, offset: 2)
                return Raw(utf8: utf8, encoding: little ? "UTF-16LE" : "UTF-16BE")
            }
            if let little = looksLikeBOMlessUTF16(bytes) {
                let utf8 = try decodeUTF16(bytes, littleEndian: little, file: file, offset: 0)
                diagnostics.append(Diagnostic(.note, "no byte order mark, but the zero bytes show UTF-16\(little ? "LE" : "BE"); read as such",
                                              file: file, hint: "save as UTF-8 to avoid guessing"))
                return Raw(utf8: utf8, encoding: little ? "UTF-16LE" : "UTF-16BE")
            }
            guard let bad = firstInvalidUTF8(bytes) else {
                try rejectBinary(bytes, offset: 0, file: file)
                return Raw(utf8: Array(bytes), encoding: "UTF-8")
            }
            try rejectBinary(bytes, offset: 0, file: file)
            // Valid multi-byte UTF-8 before the first invalid byte means a damaged UTF-8 file, not a
            // Windows-1252 one: guessing would turn the good umlauts into mojibake.
            if containsMultibyteUTF8(UnsafeBufferPointer(rebasing: bytes[..<bad])) {
                throw IngestionError.undecodable(file: file, byteOffset: bad, line: lineNumber(bytes, at: bad), encoding: "UTF-8")
            }
            // Old Mac tools wrote Mac OS Roman, whose ä, ö, ü Windows-1252 reads as Š, š, Ÿ (found
            // in a first-day review: "Stra§e" and "fŸr" in the reports).
            if looksLikeMacRoman(bytes) {
                diagnostics.append(Diagnostic(.note, "not UTF-8 (byte \(bad) on line \(lineNumber(bytes, at: bad))); its umlauts are Mac OS Roman's, read as such",
                                              file: file, line: lineNumber(bytes, at: bad), hint: "save as UTF-8 to avoid guessing"))
                return Raw(utf8: macRomanToUTF8(bytes), encoding: "Mac OS Roman")
            }
            // Older tools write Windows-1252. Five byte values are unassigned there.
            if let unassigned = bytes.firstIndex(where: { $0 == 0x81 || $0 == 0x8D || $0 == 0x8F || $0 == 0x90 || $0 == 0x9D }) {
                throw IngestionError.undecodable(file: file, byteOffset: unassigned, line: lineNumber(bytes, at: unassigned),
                                                 encoding: "UTF-8 or Windows-1252")
            }
            diagnostics.append(Diagnostic(.note, "not UTF-8 (byte \(bad) on line \(lineNumber(bytes, at: bad))); read as Windows-1252",
                                          file: file, line: lineNumber(bytes, at: bad), hint: "save as UTF-8 to avoid guessing"))
            return Raw(utf8: windows1252ToUTF8(bytes), encoding: "Windows-1252")
    }

    // MARK: - Normalisation

    /// NFC text with LF line ends from validated UTF-8 bytes.
    static func normalize(_ utf8: [UInt8], hadCarriageReturns: inout Bool) -> String {
        var bytes = utf8
        if bytes.contains(13) {
            hadCarriageReturns = true
            bytes = foldLineEnds(bytes)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.withUnsafeBufferPointer({ isQuickNFC($0) }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A string already in Leitbild's form (NFC, LF), from any string.
    static func normalize(_ text: String) -> String {
        var hadCR = false
        return normalize(Array(text.utf8), hadCarriageReturns: &hadCR)
    }

    /// CRLF and lone CR become LF.
    static func foldLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 13 {
                out.append(10)
                if i + 1 < n, bytes[i + 1] == 10 { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// True when every scalar is one that NFC leaves alone and that never composes with its
    /// neighbour. Scalars below U+0300 (Latin, all German letters) qualify; so do general
    /// punctuation (quotes, dashes), currency, box drawing, symbols and emoji. Anything else
    /// (combining marks, Greek, Hangul, ...) sends the text through the full normaliser.
    static func isQuickNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight ASCII bytes at a time.
            if i + 8 <= n, let base = bytes.baseAddress,
               UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            let b = bytes[i]
            // ASCII, continuation bytes and two-byte leads up to U+02FF.
            if b < 0xCC { i += 1; continue }
            if b < 0xE0 { return false }  // U+0300...U+07FF: combining marks, Greek, Cyrillic, ...
            if b < 0xF0 {
                guard i + 2 < n else { return false }
                let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                switch scalar {
                case 0x2002...0x206F, 0x20A0...0x20CF, 0x2500...0x27BF, 0xE000...0xF8FF, 0xFEFF: i += 3
                default: return false
                }
                continue
            }
            guard i + 3 < n else { return false }
            let scalar = (UInt32(b & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12)
                | (UInt32(bytes[i + 2] & 0x3F) << 6) | UInt32(bytes[i + 3] & 0x3F)
            guard (0x1F000...0x1FAFF).contains(scalar) else { return false }
            i += 4
        }
        return true
    }

    // MARK: - Validation

    /// Offset of the first byte where UTF-8 validation fails, or nil for valid UTF-8.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            // Fast path over ASCII, eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return nil }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
            if scalar < minimum || (0xD800...0xDFFF).contains(scalar) || scalar > 0x10FFFF { return i }
            i += length
        }
        return nil
    }

    static func containsMultibyteUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 >= 0xC2 && $0 <= 0xF4 }
    }

    /// NUL bytes and runs of control characters mean the file is not text (a PDF, an image, a
    /// zip renamed to .txt). Checked on the first 64 KiB.
    static func rejectBinary(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int, file: String) throws(IngestionError) {
        let window = min(bytes.count, 1 << 16)
        var controls = 0
        var i = 0
        while i < window {
            // Eight bytes at a time: skip words without any byte below 0x20 (the usual case).
            if i + 8 <= window, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b = bytes[i]
            if b == 0 { throw IngestionError.binary(file: file, byteOffset: i + offset) }
            if b < 0x20, b != 9, b != 10, b != 13, b != 12 { controls += 1 }
            i += 1
        }
        if window >= 32, controls * 10 > window {
            throw IngestionError.binary(file: file, byteOffset: offset)
        }
    }

    /// The error for a UTF-32 file (by its byte order mark, or a first character as four bytes):
    /// rare enough not to read, clear enough to name (its BOM starts like UTF-16LE's, and
    /// libxml2 calls such a document empty).
    static func utf32(_ first: [UInt8], file: String) -> IngestionError? {
        guard first.count >= 4 else { return nil }
        let bom = first[..<4] == [0xFF, 0xFE, 0, 0] || first[..<4] == [0, 0, 0xFE, 0xFF]
        // Without a mark: a first character below U+0100 ("<", "I") and three zero bytes.
        let little = first[0] != 0 && first[1] == 0 && first[2] == 0 && first[3] == 0
        let big = first[0] == 0 && first[1] == 0 && first[2] == 0 && first[3] != 0
        guard bom || little || big else { return nil }
        return .malformed(file: file, line: nil, message: "the file is encoded as UTF-32, which Leitbild does not read",
                          hint: "Open it in an editor and save it as UTF-8")
    }

    /// 1-based line of a byte offset, counting line ends as the text will have them: LF, CRLF
    /// and a CR alone (old Mac files; the line numbers of every later message count them too).
    static func lineNumber(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var line = 1
        let end = min(offset, bytes.count)
        for i in 0..<end {
            if bytes[i] == 10 {
                line += 1
            } else if bytes[i] == 13, i + 1 >= bytes.count || bytes[i + 1] != 10 {
                line += 1
            }
        }
        return line
    }

    // MARK: - UTF-16 and Windows-1252

    /// UTF-16 without a BOM shows as zero bytes in every other position of mostly-ASCII text.
    /// Returns true for little endian, false for big endian, nil when it does not look like UTF-16.
    static func looksLikeBOMlessUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let n = min(bytes.count, 512) & ~1
        guard n >= 8 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for i in 0..<n where bytes[i] == 0 {
            if i & 1 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = n / 2
        if oddZeros * 10 >= pairs * 7, evenZeros == 0 { return true }
        if evenZeros * 10 >= pairs * 7, oddZeros == 0 { return false }
        return nil
    }

    static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool, file: String, offset: Int) throws(IngestionError) -> [UInt8] {
        guard bytes.count % 2 == 0 else {
            throw IngestionError.undecodable(file: file, byteOffset: offset + bytes.count - 1, line: nil,
                                             encoding: "UTF-16 (odd number of bytes: the file is cut off)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func unit(_ at: Int) -> UInt16 {
            littleEndian ? UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 : UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
        }
        var line = 1
        var previousWasCR = false
        while i < bytes.count {
            let u = unit(i)
            var scalar: UInt32
            if (0xD800...0xDBFF).contains(u) {
                guard i + 3 < bytes.count, (0xDC00...0xDFFF).contains(unit(i + 2)) else {
                    throw IngestionError.undecodable(file: file, byteOffset: offset + i, line: line, encoding: "UTF-16 (unpaired surrogate)")
                }
                scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(unit(i + 2)) - 0xDC00)
                i += 4
            } else if (0xDC00...0xDFFF).contains(u) {
                throw IngestionError.undecodable(file: file, byteOffset: offset + i, line: line, encoding: "UTF-16 (unpaired surrogate)")
            } else {
                scalar = UInt32(u)
                i += 2
            }
            if scalar == 0 { throw IngestionError.binary(file: file, byteOffset: offset + i - 2) }
            // Line ends as in `lineNumber`: LF, CRLF, CR.
            if scalar == 13 || (scalar == 10 && !previousWasCR) { line += 1 }
            previousWasCR = scalar == 13
            // A BOM repeated after the first one (concatenated exports) carries no text.
            if scalar == 0xFEFF, out.isEmpty { continue }
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Windows-1252 bytes 0x80...0x9F that differ from Latin-1 (0 = unassigned, rejected earlier).
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Whether a text that is not UTF-8 has Mac OS Roman's umlauts: its ä, ö, ü (0x8A, 0x9A, 0x9F;
    /// Š, š, Ÿ in Windows-1252, rare in German) at least twice and more than three times as often
    /// as Windows-1252's (0xE4, 0xF6, 0xFC; ‰, ˆ, ¸ in Mac OS Roman). A "ß" alone decides nothing:
    /// Mac OS Roman's 0xA7 is Windows-1252's "§".
    static func looksLikeMacRoman(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var mac = 0, windows = 0
        for b in bytes where b >= 0x80 {
            switch b {
            case 0x8A, 0x9A, 0x9F: mac += 1
            case 0xE4, 0xF6, 0xFC: windows += 1
            default: break
            }
        }
        return mac >= 2 && mac > 3 * windows
    }

    /// Mac OS Roman's bytes 0x80...0xFF (Unicode's ROMAN.TXT; 0xF0 is Apple's logo in the private
    /// use area).
    static let macRomanHigh: [UInt32] = [
        0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
        0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
        0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
        0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
        0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
        0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
    ]

    /// The character of a Mac OS Roman byte.
    @inline(__always)
    static func macRomanScalar(_ b: UInt8) -> UInt32 { b < 0x80 ? UInt32(b) : macRomanHigh[Int(b) - 0x80] }

    static func macRomanToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            appendUTF8(macRomanScalar(b), to: &out)
        }
        return out
    }

    /// The character of a Windows-1252 byte; 0 for the five it leaves unassigned.
    @inline(__always)
    static func windows1252Scalar(_ b: UInt8) -> UInt32 { (0x80...0x9F).contains(b) ? windows1252High[Int(b) - 0x80] : UInt32(b) }

    static func windows1252ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            appendUTF8(windows1252Scalar(b), to: &out)
        }
        return out
    }
}
