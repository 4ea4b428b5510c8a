import Foundation
import LeitbildCore

/// Builds a normalised text as UTF-8 bytes and hands out `TextRange`s as it goes.
///
/// Readers of structured formats render every turn into one text; appending bytes and counting
/// scalars by their lead bytes keeps that a single pass with one final `String` construction
/// (Core's `TextBuilder` appends `String`s, which is slower for large documents).
struct UTF8TextBuilder {
    private(set) var bytes: [UInt8] = []
    private(set) var scalarCount = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends normalised UTF-8 and returns its range.
    @discardableResult
    mutating func append(_ piece: some Collection<UInt8>) -> TextRange {
        let startUTF8 = bytes.count
        let startScalar = scalarCount
        bytes.append(contentsOf: piece)
        var scalars = 0
        for i in startUTF8..<bytes.count where bytes[i] & 0xC0 != 0x80 { scalars += 1 }
        scalarCount += scalars
        return TextRange(scalars: SourceSpan(start: startScalar, end: scalarCount), utf8: startUTF8..<bytes.count)
    }

    @discardableResult
    mutating func append(_ text: String) -> TextRange { append(text.utf8) }

    var isEmpty: Bool { bytes.isEmpty }

    /// The text (bytes are valid UTF-8 by construction).
    func build() -> String { String(decoding: bytes, as: UTF8.self) }
}

/// Scalar offsets for increasing UTF-8 offsets of one text, counted forward without a table.
///
/// Turn boundaries arrive in order, so walking forward from the last answer is O(n) in total.
/// A query behind the last one restarts from the beginning (correct, only slower).
struct ScalarCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var utf8 = 0
    private var scalars = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func scalarOffset(atUTF8 offset: Int) -> Int {
        if offset < utf8 { utf8 = 0; scalars = 0 }
        while utf8 < offset {
            if bytes[utf8] & 0xC0 != 0x80 { scalars += 1 }
            utf8 += 1
        }
        return scalars
    }

    mutating func range(_ utf8Range: Range<Int>) -> TextRange {
        let start = scalarOffset(atUTF8: utf8Range.lowerBound)
        let end = scalarOffset(atUTF8: utf8Range.upperBound)
        return TextRange(scalars: SourceSpan(start: start, end: end), utf8: utf8Range)
    }
}

/// Collects the text of one structured turn as UTF-8: runs of whitespace (including line breaks
/// inside XML elements or multi-line cues) become one space, leading and trailing space is dropped.
struct TurnTextCollector {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    init() {}

    /// Appends a piece, its runs of blanks as one space. No-break spaces (U+00A0, `&nbsp;` in
    /// subtitles, and the narrow U+202F) are blanks too: a turn neither starts nor ends with one,
    /// and "Hallo&nbsp; zusammen" reads "Hallo zusammen". A piece is whole UTF-8 (a text node, a
    /// cue's text), so a character never spans two pieces.
    mutating func append<C: Collection<UInt8>>(_ piece: C) {
        bytes.reserveCapacity(bytes.count + piece.underestimatedCount + 1)
        var i = piece.startIndex
        while i != piece.endIndex {
            let b = piece[i]
            if Blanks.isSpace(b) {
                pendingSpace = !bytes.isEmpty
                i = piece.index(after: i)
            } else if b == 0xC2 || b == 0xE2, let after = Self.endOfNoBreakSpace(piece, at: i) {
                pendingSpace = !bytes.isEmpty
                i = after
            } else {
                if pendingSpace { bytes.append(32); pendingSpace = false }
                bytes.append(b)
                i = piece.index(after: i)
            }
        }
    }

    /// The index after the no-break space at `i` (C2 A0, E2 80 AF), nil when none starts there.
    private static func endOfNoBreakSpace<C: Collection<UInt8>>(_ piece: C, at i: C.Index) -> C.Index? {
        let second = piece.index(after: i)
        guard second != piece.endIndex else { return nil }
        if piece[i] == 0xC2 { return piece[second] == 0xA0 ? piece.index(after: second) : nil }
        guard piece[second] == 0x80 else { return nil }
        let third = piece.index(after: second)
        guard third != piece.endIndex, piece[third] == 0xAF else { return nil }
        return piece.index(after: third)
    }

    mutating func append(_ text: String) { append(text.utf8) }

    /// Appends a piece and returns where its first byte landed (after the one separating space the
    /// collector adds, when it adds one); nil when the piece added nothing (only white space).
    /// Where a merged cue or event starts in a turn (`DraftTurn.merged`).
    mutating func appendPart(_ piece: some Collection<UInt8>) -> Int? {
        let before = bytes.count
        append(piece)
        guard bytes.count > before else { return nil }
        // The collector writes only its separating space itself; the piece's own spaces are pending ones.
        return before + (bytes[before] == 32 ? 1 : 0)
    }

    /// A word boundary: the next appended text is separated by a space.
    mutating func separate() { if !bytes.isEmpty { pendingSpace = true } }

    /// Appends without a separating space even if one is pending (closing punctuation).
    mutating func appendAttached(_ text: String) {
        pendingSpace = false
        append(text.utf8)
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// The collected text in NFC (XML and subtitle content may be decomposed).
    func normalizedBytes() -> [UInt8] {
        let quick = bytes.withUnsafeBufferPointer { TextDecoding.isQuickNFC($0) }
        if quick { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}
