import Foundation

extension String {
    /// The text in NFC with LF line ends (CRLF and lone CR become LF): the form all offsets refer to.
    public var normalizedForLeitbild: String {
        var text = self
        if text.utf8.contains(13) {
            // By bytes, not by `replacingOccurrences`, which compares characters: a CR followed by
            // a combining mark is one character with it ("\r\u{308}"), and its CR stayed (found by
            // fuzzing the plain-text reader, whose own conversion took it).
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var afterCR = false
            for b in text.utf8 {
                if b == 13 {
                    bytes.append(10)
                } else if b != 10 || !afterCR {
                    bytes.append(b)
                }
                afterCR = b == 13
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        if text.isKnownNFC { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A quick check that the text is already in NFC, so Foundation's normaliser can be skipped:
    /// true when no scalar can compose with a neighbour or change under NFC. Scalars below U+0300
    /// (ASCII, Latin-1, Latin Extended A/B with their precomposed umlauts), general punctuation,
    /// currency signs, arrows and symbols and emoji are NFC_QC=Yes and never combining (the singletons
    /// U+2000/2001 and U+2329/232A, which NFC replaces, are left to the normaliser). Anything else (combining
    /// marks, Hangul, CJK compatibility, ...) goes to the full normaliser.
    public var isKnownNFC: Bool {
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x300 || (0x2002...0x20CF).contains(v) || (0x2190...0x2328).contains(v) || (0x232B...0x2BFF).contains(v)
                || (0x1F000...0x1FAFF).contains(v) {
                continue
            }
            return false
        }
        return true
    }

    /// A substring by UTF-8 byte offsets, which must fall on scalar boundaries.
    public func slice(utf8 range: Range<Int>) -> Substring {
        let u = self.utf8
        let lower = u.index(u.startIndex, offsetBy: range.lowerBound)
        let upper = u.index(lower, offsetBy: range.count)
        return self[lower..<upper]
    }

    /// Number of Unicode scalars (the unit of every offset in Leitbild).
    public var scalarCount: Int { unicodeScalars.count }
}

extension Substring {
    public var scalarCount: Int { unicodeScalars.count }
}

/// Converts between UTF-8 offsets, scalar offsets and 1-based line numbers of one text.
///
/// Built once per text in O(n); lookups are O(log n).
public struct LineIndex: Sendable {
    /// UTF-8 offset where each line starts.
    private var lineStartsUTF8: [Int] = [0]
    /// Scalar offset where each line starts.
    private var lineStartsScalar: [Int] = [0]

    public init(_ text: String) {
        var scalar = 0
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte & 0xC0 != 0x80 { scalar += 1 }
            if byte == 10 {
                lineStartsUTF8.append(offset)
                lineStartsScalar.append(scalar)
            }
        }
    }

    public var lineCount: Int { lineStartsUTF8.count }

    /// 1-based line containing the UTF-8 offset.
    public func line(atUTF8Offset offset: Int) -> Int { Self.upperBound(lineStartsUTF8, offset) }

    /// 1-based line containing the scalar offset.
    public func line(atScalarOffset offset: Int) -> Int { Self.upperBound(lineStartsScalar, offset) }

    /// Index of the last element <= value, plus one.
    private static func upperBound(_ starts: [Int], _ value: Int) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return max(low, 1)
    }
}

/// Builds a text and its `TextRange`s at once, counting scalars and bytes as it appends.
/// Readers of structured formats use it to render turns into one normalised text.
public struct TextBuilder: Sendable {
    public private(set) var text = ""
    public private(set) var scalarCount = 0

    public init() {}

    public var utf8Count: Int { text.utf8.count }

    /// Appends already-normalised text and returns its range.
    @discardableResult
    public mutating func append(_ piece: some StringProtocol) -> TextRange {
        let startScalar = scalarCount
        let startUTF8 = text.utf8.count
        text += piece
        scalarCount += piece.unicodeScalars.count
        return TextRange(scalars: SourceSpan(start: startScalar, end: scalarCount),
                         utf8: startUTF8..<text.utf8.count)
    }
}
